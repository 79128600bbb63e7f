//! Alignment benchmark: strict and lax F1 on the development benchmarks, a calibration table, and
//! the speed/memory test on a long document.
//!
//! ```text
//! cargo run --release --example bench_align -- [--shared DIR] [--only NAME] [--no-learn] [--verbose]
//! cargo run --release --example bench_align -- --big [--shared DIR]   # the 37k × 34k pair
//! ```
//!
//! NAME is one of ntrex-lines, ntrex-text, textberg. Reads `../shared/bench` relative to the crate
//! root unless `--shared` says otherwise. `TILMASH_PARAMS="len_weight=0.8,p_name=0.7"` overrides
//! model weights, for fitting.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tilmash::align::{self, AlignConfig, model::Params};
use tilmash::corpus::{Bead, Document, beads::parse_beads};
use tilmash::eval::{self, Counts, TextPair};
use tilmash::text::{input, lang::Lang};

struct Opts {
    shared: PathBuf,
    only: Option<String>,
    learn: bool,
    verbose: bool,
    big: bool,
    /// One line: every strict F1 and their mean (for fitting weights).
    summary: bool,
}

fn main() {
    let mut opts = Opts {
        shared: Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        only: None,
        learn: true,
        verbose: false,
        big: false,
        summary: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => opts.shared = args.next().expect("--shared DIR").into(),
            "--only" => opts.only = args.next(),
            "--no-learn" => opts.learn = false,
            "--verbose" => opts.verbose = true,
            "--big" => opts.big = true,
            "--summary" => opts.summary = true,
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let bench = opts.shared.join("bench");
    if !bench.is_dir() {
        eprintln!(
            "bench_align: {} not found; the benchmarks live in ../shared/bench (pass --shared DIR)",
            bench.display()
        );
        std::process::exit(2);
    }
    let config = AlignConfig {
        params: params_from_env(),
        learn: opts.learn,
        ..AlignConfig::default()
    };
    if opts.big {
        big(&bench.join("ntrex-dev/en-kk"), &config);
        return;
    }
    let want = |name: &str| opts.only.as_deref().is_none_or(|o| o == name);
    let mut calibration: Vec<(f64, bool)> = Vec::new();
    let mut f1s: Vec<f64> = Vec::new();
    let report = |name: &str, c: &Counts, f1s: &mut Vec<f64>| {
        f1s.push(c.scores().strict.f1);
        if !opts.summary {
            report(name, c);
        }
    };
    if want("ntrex-lines") {
        for pair in ["en-tr", "en-kk"] {
            let (c, cal) = ntrex_lines(&bench.join("ntrex-dev").join(pair), pair, &config, &opts);
            report(&format!("ntrex-dev {pair} lines"), &c, &mut f1s);
            calibration.extend(cal);
        }
    }
    if want("ntrex-text") {
        for pair in ["en-tr", "en-kk"] {
            let c = ntrex_text(&bench.join("ntrex-dev").join(pair), pair, &config);
            report(&format!("ntrex-dev {pair} running text"), &c, &mut f1s);
        }
    }
    if want("textberg") {
        let dir = bench.join("textberg-dev");
        let (c, cal) = lines_pair(
            &dir.join("src.txt"),
            &dir.join("tgt.txt"),
            &dir.join("gold.txt"),
            Lang::parse("de").unwrap(),
            Lang::parse("fr").unwrap(),
            &config,
            opts.verbose,
        );
        report("textberg-dev de-fr lines", &c, &mut f1s);
        calibration.extend(cal);
    }
    if opts.summary {
        let hi: Vec<bool> = calibration
            .iter()
            .filter(|x| x.0 >= 0.9)
            .map(|x| x.1)
            .collect();
        let cal = hi.iter().filter(|&&b| b).count() as f64 / hi.len().max(1) as f64;
        let line: Vec<String> = f1s.iter().map(|f| format!("{f:.3}")).collect();
        let mean = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;
        println!(
            "{}  mean {mean:.4}  cal≥0.9 {cal:.3} ({} beads)",
            line.join(" "),
            hi.len()
        );
    } else if !calibration.is_empty() {
        print_calibration(&calibration);
    }
}

fn params_from_env() -> Params {
    let mut p = Params::default();
    let Ok(spec) = std::env::var("TILMASH_PARAMS") else {
        return p;
    };
    for kv in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').expect("name=value");
        let v: f32 = v.parse().expect("a number");
        match k {
            "len_weight" => p.len_weight = v,
            "len_bonus" => p.len_bonus = v,
            "len_variance" => p.len_variance = v,
            "p_number" => p.p_number = v,
            "p_small_number" => p.p_small_number = v,
            "p_name" => p.p_name = v,
            "p_cognate" => p.p_cognate = v,
            "p_mark" => p.p_mark = v,
            "p_lexicon" => p.p_lexicon = v,
            "absent_factor" => p.absent_factor = v,
            "paragraph_penalty" => p.paragraph_penalty = v,
            "temperature" => p.temperature = v,
            k if k.starts_with("prior_") => {
                let d: Vec<usize> = k[6..].split('_').map(|x| x.parse().unwrap()).collect();
                p.log_prior[d[0]][d[1]] = v.ln();
            }
            _ => panic!("unknown parameter {k}"),
        }
    }
    p
}

fn read(path: &Path) -> input::SourceText {
    input::read_path(path).unwrap_or_else(|e| panic!("{e}"))
}

fn docs_of(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn tgt_lang(pair: &str) -> Lang {
    Lang::parse(&pair[3..]).unwrap()
}

fn ntrex_lines(
    dir: &Path,
    pair: &str,
    config: &AlignConfig,
    opts: &Opts,
) -> (Counts, Vec<(f64, bool)>) {
    let results: Vec<(Counts, Vec<(f64, bool)>)> = docs_of(dir)
        .par_iter()
        .map(|d| {
            lines_pair(
                &d.join("src.txt"),
                &d.join("tgt.txt"),
                &d.join("gold.txt"),
                Lang::EN,
                tgt_lang(pair),
                config,
                opts.verbose,
            )
        })
        .collect();
    let mut total = Counts::default();
    let mut cal = Vec::new();
    for (c, k) in results {
        total += c;
        cal.extend(k);
    }
    (total, cal)
}

fn lines_pair(
    src: &Path,
    tgt: &Path,
    gold: &Path,
    sl: Lang,
    tl: Lang,
    config: &AlignConfig,
    verbose: bool,
) -> (Counts, Vec<(f64, bool)>) {
    let s = Document::from_lines(read(src), sl);
    let t = Document::from_lines(read(tgt), tl);
    let g = read(gold);
    let gold = parse_beads(&g.label, &g.text).unwrap();
    let out = align::align(&s, &t, config);
    let hyp = out.alignment.beads;
    if verbose {
        show_diff(src, &gold, &hyp, &s, &t);
    }
    let gold_set: std::collections::HashSet<(Vec<usize>, Vec<usize>)> = gold
        .iter()
        .map(|b| (b.src.clone(), b.tgt.clone()))
        .collect();
    let cal = hyp
        .iter()
        .map(|b| (b.score, gold_set.contains(&(b.src.clone(), b.tgt.clone()))))
        .collect();
    (eval::score_beads(&gold, &hyp), cal)
}

fn show_diff(label: &Path, gold: &[Bead], hyp: &[Bead], s: &Document, t: &Document) {
    let key = |b: &Bead| (b.src.clone(), b.tgt.clone());
    let g: std::collections::HashSet<_> = gold.iter().map(key).collect();
    let h: std::collections::HashSet<_> = hyp.iter().map(key).collect();
    let mut out = String::new();
    for b in hyp.iter().filter(|b| !g.contains(&key(b))) {
        out.push_str(&format!(
            "  WRONG {:?}:{:?} {:.2}\n    S: {}\n    T: {}\n",
            b.src,
            b.tgt,
            b.score,
            clip(&s.join(&b.src)),
            clip(&t.join(&b.tgt))
        ));
    }
    for b in gold.iter().filter(|b| !h.contains(&key(b))) {
        out.push_str(&format!("  MISSED {:?}:{:?}\n", b.src, b.tgt));
    }
    if !out.is_empty() {
        println!("{}\n{out}", label.display());
    }
}

fn clip(s: &str) -> String {
    s.chars().take(110).collect()
}

fn ntrex_text(dir: &Path, pair: &str, config: &AlignConfig) -> Counts {
    let results: Vec<Counts> = docs_of(dir)
        .par_iter()
        .map(|d| {
            let s = Document::from_text(read(&d.join("src.raw.txt")), Lang::EN);
            let t = Document::from_text(read(&d.join("tgt.raw.txt")), tgt_lang(pair));
            let out = align::align(&s, &t, config);
            let hyp: Vec<TextPair> = out
                .alignment
                .beads
                .iter()
                .map(|b| TextPair {
                    src: s.join(&b.src),
                    tgt: t.join(&b.tgt),
                })
                .collect();
            let gold = gold_texts(&d.join("beads.jsonl"));
            eval::score_texts(&gold, &hyp)
        })
        .collect();
    let mut total = Counts::default();
    for c in results {
        total += c;
    }
    total
}

fn gold_texts(path: &Path) -> Vec<TextPair> {
    read(path)
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            TextPair {
                src: v["src"].as_str().unwrap_or("").to_string(),
                tgt: v["tgt"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect()
}

fn report(name: &str, c: &Counts) {
    let s = c.scores();
    println!(
        "{name:32} strict P {:.3} R {:.3} F1 {:.3}   lax P {:.3} R {:.3} F1 {:.3}",
        s.strict.precision, s.strict.recall, s.strict.f1, s.lax.precision, s.lax.recall, s.lax.f1
    );
}

fn print_calibration(cal: &[(f64, bool)]) {
    println!("\ncalibration (pre-segmented benchmarks): beads by score, share strictly correct");
    let edges = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001];
    for w in edges.windows(2) {
        let sel: Vec<bool> = cal
            .iter()
            .filter(|x| x.0 >= w[0] && x.0 < w[1])
            .map(|x| x.1)
            .collect();
        let ok = sel.iter().filter(|&&b| b).count();
        println!(
            "  [{:.2}, {:.2})  {:5} beads  {:.3} correct",
            w[0],
            w[1].min(1.0),
            sel.len(),
            if sel.is_empty() {
                0.0
            } else {
                ok as f64 / sel.len() as f64
            }
        );
    }
    let hi: Vec<bool> = cal.iter().filter(|x| x.0 >= 0.9).map(|x| x.1).collect();
    let ok = hi.iter().filter(|&&b| b).count();
    println!(
        "  score ≥ 0.90: {} of {} beads ({:.1}%), {:.3} correct",
        hi.len(),
        cal.len(),
        100.0 * hi.len() as f64 / cal.len().max(1) as f64,
        ok as f64 / hi.len().max(1) as f64
    );
}

/// The long-document test: every en-kk document concatenated 40 times in one shuffled order.
fn big(dir: &Path, config: &AlignConfig) {
    let docs = docs_of(dir);
    let mut order: Vec<usize> = (0..40).flat_map(|_| 0..docs.len()).collect();
    // A fixed linear congruential shuffle: the same order on every run and machine.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for i in (1..order.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let k = (state >> 33) as usize % (i + 1);
        order.swap(i, k);
    }
    let (mut src, mut tgt, mut gold) = (String::new(), String::new(), Vec::new());
    let (mut ns, mut nt) = (0, 0);
    for &d in &order {
        let s = read(&docs[d].join("src.txt")).text;
        let t = read(&docs[d].join("tgt.txt")).text;
        let g = read(&docs[d].join("gold.txt"));
        for b in parse_beads(&g.label, &g.text).unwrap() {
            gold.push(Bead::new(
                b.src.iter().map(|x| x + ns).collect(),
                b.tgt.iter().map(|x| x + nt).collect(),
                1.0,
            ));
        }
        ns += s.lines().count();
        nt += t.lines().count();
        src.push_str(&s);
        tgt.push_str(&t);
    }
    println!("long pair: {ns} × {nt} sentences");
    // Written out so that the command line can be timed on the same pair.
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-long");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("en.txt"), &src).unwrap();
    std::fs::write(out_dir.join("kk.txt"), &tgt).unwrap();
    let gold_text: String = gold
        .iter()
        .map(|b| tilmash::corpus::beads::format_bead(b, false) + "\n")
        .collect();
    std::fs::write(out_dir.join("gold.txt"), gold_text).unwrap();
    let t0 = Instant::now();
    let s = Document::from_lines(input::decode("src", src.as_bytes()).unwrap(), Lang::EN);
    let t = Document::from_lines(input::decode("tgt", tgt.as_bytes()).unwrap(), Lang::KK);
    let out = align::align(&s, &t, config);
    let el = t0.elapsed();
    let c = eval::score_beads(&gold, &out.alignment.beads);
    report("long en-kk lines", &c);
    println!("aligned in {:.2} s (one thread)", el.as_secs_f64());
}
