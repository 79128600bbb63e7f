//! Sentence-boundary recall and precision of `tilmash::text::segment` on the running text of the
//! ntrex-dev benchmark.
//!
//! ```text
//! cargo run --release --example bench_segment [-- [--verbose] [--wrap N] [--no-blank] [PATH_TO_NTREX]]
//! ```
//!
//! Every document's `src.raw.txt` (English) and `tgt.raw.txt` (Turkish or Kazakh) is segmented and
//! compared with the gold segments in `src.txt` / `tgt.txt`, one per line. Boundaries are counted on
//! the text with white space removed: a boundary is the offset in the white-space-free concatenation
//! where a segment ends; the end of a document does not count. English is reported for the en-tr and
//! en-kk sources separately and together. `--verbose` lists every missed and extra boundary.
//!
//! The raw files have one paragraph per line and blank lines between paragraphs. To check other
//! layouts, `--wrap N` hard-wraps every paragraph at N columns and `--no-blank` drops the blank
//! lines (one paragraph per line, or, with `--wrap`, wrapped paragraphs that follow each other
//! directly). White space does not count in the scores, so the gold stays valid.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tilmash::text::{input, lang::Lang, segment};

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    predicted: usize,
    correct: usize,
    docs: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.correct += o.correct;
        self.docs += o.docs;
    }

    fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// How the raw text is laid out before segmenting.
#[derive(Default, Clone, Copy)]
struct Layout {
    wrap: Option<usize>,
    no_blank: bool,
}

impl Layout {
    fn apply(&self, raw: String) -> String {
        if self.wrap.is_none() && !self.no_blank {
            return raw;
        }
        let sep = if self.no_blank { "\n" } else { "\n\n" };
        let paragraphs: Vec<String> = raw
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(|p| match self.wrap {
                Some(w) => wrap(p.trim(), w),
                None => p.trim().to_string(),
            })
            .collect();
        paragraphs.join(sep) + "\n"
    }
}

/// Greedy wrapping at `width` characters, as an editor does it.
fn wrap(p: &str, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for word in p.split_whitespace() {
        let n = word.chars().count();
        if col > 0 && col + 1 + n > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += n;
    }
    out
}

fn main() -> ExitCode {
    let mut verbose = false;
    let mut layout = Layout::default();
    let mut root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/ntrex-dev");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--no-blank" => layout.no_blank = true,
            "--wrap" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => layout.wrap = Some(n),
                _ => {
                    eprintln!("bench_segment: --wrap needs a positive number of columns");
                    return ExitCode::from(2);
                }
            },
            "--help" | "-h" => {
                println!(
                    "usage: bench_segment [--verbose] [--wrap N] [--no-blank] [PATH_TO_NTREX]"
                );
                return ExitCode::SUCCESS;
            }
            _ => root = PathBuf::from(arg),
        }
    }
    if !root.join("en-tr").is_dir() || !root.join("en-kk").is_dir() {
        eprintln!(
            "bench_segment: no ntrex-dev benchmark at {} (expected en-tr/ and en-kk/ in it); \
             pass its path as the argument",
            root.display()
        );
        return ExitCode::from(2);
    }
    match run(&root, verbose, layout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_segment: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(root: &Path, verbose: bool, layout: Layout) -> Result<(), String> {
    let mut rows: Vec<(String, Counts)> = Vec::new();
    let mut targets: Vec<(String, Counts)> = Vec::new();
    let mut en_all = Counts::default();
    let mut time = Duration::ZERO;
    let mut bytes = 0;
    let mut files = 0;
    let mut books: Vec<(Lang, String)> = vec![(Lang::EN, String::new())];
    for (pair, tgt_lang) in [("en-tr", Lang::TR), ("en-kk", Lang::KK)] {
        books.push((tgt_lang, String::new()));
        let mut en = Counts::default();
        let mut tgt = Counts::default();
        for doc in documents(&root.join(pair))? {
            for (side, lang, counts) in [("src", Lang::EN, &mut en), ("tgt", tgt_lang, &mut tgt)] {
                let raw = layout.apply(read(&doc.join(format!("{side}.raw.txt")))?);
                let gold = read(&doc.join(format!("{side}.txt")))?;
                let book = if side == "src" { 0 } else { books.len() - 1 };
                books[book].1.push_str(&raw);
                books[book].1.push_str("\n\n");
                let t0 = Instant::now();
                let sentences = segment::segment(&raw, lang);
                time += t0.elapsed();
                bytes += raw.len();
                files += 1;
                let predicted: Vec<&str> = sentences.iter().map(|s| &raw[s.span.clone()]).collect();
                let gold: Vec<&str> = gold.lines().filter(|l| !l.trim().is_empty()).collect();
                let label = format!(
                    "{}/{side}",
                    doc.strip_prefix(root).unwrap_or(&doc).display()
                );
                counts.add(compare(&label, &raw, &gold, &predicted, verbose)?);
            }
        }
        rows.push((format!("en ({pair} sources)"), en));
        targets.push((tgt_lang.code().to_string(), tgt));
        en_all.add(en);
    }
    rows.push(("en (all sources)".to_string(), en_all));
    rows.extend(targets);

    println!(
        "{:<22} {:>5} {:>6} {:>9} {:>7} {:>7} {:>7}",
        "language", "docs", "gold", "predicted", "recall", "prec.", "F1"
    );
    for (name, c) in &rows {
        println!(
            "{name:<22} {:>5} {:>6} {:>9} {:>7.3} {:>7.3} {:>7.3}",
            c.docs,
            c.gold,
            c.predicted,
            c.recall(),
            c.precision(),
            c.f1()
        );
    }
    println!(
        "\nspeed: the {files} files ({:.1} MB) in {:.1} ms",
        bytes as f64 / 1e6,
        time.as_secs_f64() * 1e3,
    );
    // Books: every language's documents repeated into one text of at least 5 MB.
    for (lang, text) in &books {
        let book = text.repeat((5_000_000 / text.len().max(1)) + 1);
        let t0 = Instant::now();
        let n = segment::segment(&book, *lang).len();
        let t = t0.elapsed().as_secs_f64();
        println!(
            "speed: one {:.1} MB {} text, {n} sentences, in {:.0} ms ({:.0} MB/s)",
            book.len() as f64 / 1e6,
            lang.code(),
            t * 1e3,
            book.len() as f64 / 1e6 / t.max(1e-9)
        );
    }
    Ok(())
}

fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("src.raw.txt").is_file())
        .collect();
    docs.sort();
    Ok(docs)
}

/// Reads a file the way tilmash reads its input (BOM, line ends, NFC).
fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    input::decode(path.display().to_string(), &bytes)
        .map(|s| s.text)
        .map_err(|e| e.to_string())
}

/// Offsets, in the white-space-free text, where each segment but the last ends.
fn boundaries(segments: &[&str]) -> (BTreeSet<usize>, usize) {
    let mut set = BTreeSet::new();
    let mut pos = 0;
    for s in segments {
        pos += s.chars().filter(|c| !c.is_whitespace()).count();
        set.insert(pos);
    }
    set.remove(&pos);
    (set, pos)
}

fn compare(
    label: &str,
    raw: &str,
    gold: &[&str],
    predicted: &[&str],
    verbose: bool,
) -> Result<Counts, String> {
    let (g, g_len) = boundaries(gold);
    let (p, p_len) = boundaries(predicted);
    let raw_len = raw.chars().filter(|c| !c.is_whitespace()).count();
    if g_len != raw_len || p_len != raw_len {
        return Err(format!(
            "{label}: the gold ({g_len}), the segments ({p_len}) and the raw text ({raw_len}) differ in length"
        ));
    }
    if verbose {
        let at: Vec<usize> = raw
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, _)| i)
            .collect();
        for b in g.difference(&p) {
            println!("missed {label}: {}", context(raw, &at, *b));
        }
        for b in p.difference(&g) {
            println!("extra  {label}: {}", context(raw, &at, *b));
        }
    }
    Ok(Counts {
        gold: g.len(),
        predicted: p.len(),
        correct: g.intersection(&p).count(),
        docs: 1,
    })
}

/// The raw text around the boundary before white-space-free character `b`, marked with `‖`.
fn context(raw: &str, at: &[usize], b: usize) -> String {
    let cut = at[b];
    let from = at[b.saturating_sub(40)];
    let to = at.get(b + 40).copied().unwrap_or(raw.len());
    let show = |s: &str| s.replace('\n', "¶");
    format!(
        "{}‖{}",
        show(raw[from..cut].trim_end()),
        show(&raw[cut..to])
    )
}
