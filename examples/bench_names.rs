//! Measures name matching on the gold list of spellings (names-dev.csv): pairwise precision,
//! recall and F1 over people and places, with the built-in gazetteer and without it, through the
//! same grouping function `tilmash names match` uses. Also times the matching key.
//!
//! ```text
//! cargo run --release --example bench_names [-- [--verbose] [PATH/names-dev.csv]]
//! ```
//!
//! Without a path it looks for `../shared/names/names-dev.csv` beside the repository, then
//! `/work/shared/names/names-dev.csv`; `TILMASH_NAMES_DEV` overrides both.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use tilmash::Lang;
use tilmash::names::gazetteer::Gazetteer;
use tilmash::names::key::match_key;
use tilmash::names::matcher::{Spelling, group};
use tilmash::text::lang::Script;

struct Row {
    id: String,
    spelling: String,
    lang: Lang,
}

fn find_dev(arg: Option<String>) -> Option<PathBuf> {
    let candidates = [
        arg.map(PathBuf::from),
        std::env::var_os("TILMASH_NAMES_DEV").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/names/names-dev.csv")),
        Some(PathBuf::from("/work/shared/names/names-dev.csv")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

fn read_rows(path: &PathBuf) -> Result<Vec<Row>, String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let h = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |n: &str| {
        h.iter()
            .position(|x| x == n)
            .ok_or(format!("{}: no column {n}", path.display()))
    };
    let (ci, ck, cl, cs, csp) = (
        col("id")?,
        col("kind")?,
        col("lang")?,
        col("script")?,
        col("spelling")?,
    );
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        if !matches!(&rec[ck], "person" | "place") {
            continue;
        }
        let mut lang = Lang::parse(&rec[cl]).map_err(|e| e.to_string())?;
        if let Some(s) = Script::from_code(&rec[cs]) {
            lang = lang.with_script(s);
        }
        rows.push(Row {
            id: rec[ci].to_string(),
            spelling: rec[csp].to_string(),
            lang,
        });
    }
    Ok(rows)
}

/// Pairwise precision, recall, F1 of a grouping against the gold ids.
fn score(gold: &[&str], got: &[usize]) -> (f64, f64, f64, usize, usize, usize) {
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    for i in 0..gold.len() {
        for j in i + 1..gold.len() {
            match (gold[i] == gold[j], got[i] == got[j]) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fneg += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fneg).max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f, tp, fp, fneg)
}

/// The baseline the issue quotes: ASCII folding, Jaro-Winkler ≥ 0.9, single link.
fn baseline(rows: &[Row]) -> Vec<usize> {
    let fold: Vec<String> = rows
        .iter()
        .map(|r| {
            use unicode_normalization::UnicodeNormalization;
            r.spelling
                .nfd()
                .filter(|c| c.is_ascii())
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            i = p[i];
        }
        i
    }
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            if strsim::jaro_winkler(&fold[i], &fold[j]) >= 0.9 {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    (0..rows.len()).map(|i| find(&mut parent, i)).collect()
}

fn main() -> ExitCode {
    let mut verbose = false;
    let mut path_arg = None;
    for a in std::env::args().skip(1) {
        if a == "--verbose" || a == "-v" {
            verbose = true;
        } else {
            path_arg = Some(a);
        }
    }
    let Some(path) = find_dev(path_arg) else {
        eprintln!(
            "bench_names: names-dev.csv not found (looked beside the repository in \
             ../shared/names and in /work/shared/names); pass its path or set TILMASH_NAMES_DEV"
        );
        return ExitCode::from(2);
    };
    let rows = match read_rows(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bench_names: {e}");
            return ExitCode::from(2);
        }
    };
    let gold: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let spellings: Vec<Spelling> = rows
        .iter()
        .map(|r| Spelling {
            lang: Some(r.lang),
            text: r.spelling.clone(),
        })
        .collect();
    println!(
        "{}: {} spellings of {} people and places",
        path.display(),
        rows.len(),
        gold.iter().collect::<HashSet<_>>().len()
    );
    println!(
        "{:<28} {:>9} {:>7} {:>7}   pairs tp/fp/fn",
        "", "precision", "recall", "F1"
    );
    let builtin = Gazetteer::builtin();
    let runs: [(&str, Option<&Gazetteer>); 2] =
        [("with gazetteer", Some(&builtin)), ("--no-gazetteer", None)];
    for (label, gz) in runs {
        let t = Instant::now();
        let out = group(&spellings, gz);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let groups: Vec<usize> = out.iter().map(|a| a.group).collect();
        let (p, r, f, tp, fp, fneg) = score(&gold, &groups);
        println!("{label:<28} {p:>9.3} {r:>7.3} {f:>7.3}   {tp}/{fp}/{fneg}   ({ms:.1} ms)");
        if verbose {
            for i in 0..rows.len() {
                for j in i + 1..rows.len() {
                    let same_gold = gold[i] == gold[j];
                    let same_got = groups[i] == groups[j];
                    if same_gold != same_got {
                        println!(
                            "    {} {} [{}] / {} [{}]",
                            if same_got { "FP" } else { "FN" },
                            rows[i].spelling,
                            out[i].key,
                            rows[j].spelling,
                            out[j].key
                        );
                    }
                }
            }
        }
    }
    let (p, r, f, tp, fp, fneg) = score(&gold, &baseline(&rows));
    println!(
        "{:<28} {p:>9.3} {r:>7.3} {f:>7.3}   {tp}/{fp}/{fneg}",
        "baseline: ASCII fold + JW≥0.9"
    );

    // Speed of the matching key, which the aligner calls on every capitalized token.
    let words: Vec<(&str, Lang)> = rows
        .iter()
        .flat_map(|r| r.spelling.split_whitespace().map(move |w| (w, r.lang)))
        .collect();
    let rounds = 2000;
    let t = Instant::now();
    let mut total = 0usize;
    for _ in 0..rounds {
        for &(w, l) in &words {
            total += match_key(std::hint::black_box(w), l).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "match_key: {:.1} million words/s ({} words × {rounds}, checksum {total})",
        (words.len() * rounds) as f64 / secs / 1e6,
        words.len()
    );
    ExitCode::SUCCESS
}
