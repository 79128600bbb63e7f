//! Batch benchmark: the corpus lexicon's effect on alignment quality, `--jobs` scaling, and
//! throughput and memory on 10,000 article pairs.
//!
//! ```text
//! cargo run --release --example bench_batch -- [--shared DIR] [--only f1|jobs|scale] [--pairs N] [--runs K]
//! ```
//!
//! - `f1`: every document of ntrex-dev (en-tr and en-kk, running text) in one batch, scored against
//!   the gold bead texts as `bench_align` scores running text; once with each pair aligned alone
//!   (one pass, as `tilmash align`), once with the corpus lexicon (two passes, the default).
//! - `jobs`: wall time of that batch with 1 and 2 worker threads (best and median of K runs).
//! - `scale`: N pairs (the dev documents repeated; default 10,000) through streaming mode, JSONL
//!   texts on standard input of a child process, as Spark and Hadoop run it: pairs per second and
//!   peak memory, also for N/10 pairs to show memory does not grow with N; then the same N pairs
//!   from a manifest file with the corpus lexicon (two passes).
//!
//! - `ibm1` (only when asked): the alternative to the Dice lexicon, IBM Model 1 trained in both
//!   directions on the same confident beads, entries where both directions agree; realigned the
//!   same way (a lexicon given as a dictionary is exactly the second pass).
//!
//! Reads `../shared/bench` relative to the crate root unless `--shared` says otherwise.
//! `TILMASH_LEX="min_dice=0.4,min_count=3"` overrides corpus-lexicon parameters, for fitting.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tilmash::align::corpus_lexicon::LearnParams;
use tilmash::batch::{self, BatchConfig, Manifest, OutputPlan};
use tilmash::corpus::formats::{Format, WriteTarget, read_units};
use tilmash::eval::{self, Counts, TextPair};

struct Opts {
    shared: PathBuf,
    only: Option<String>,
    pairs: usize,
    runs: usize,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut opts = Opts {
        shared: Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        only: None,
        pairs: 10_000,
        runs: 5,
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => opts.shared = args.next().expect("--shared DIR").into(),
            "--only" => opts.only = args.next(),
            "--pairs" => opts.pairs = args.next().expect("--pairs N").parse().expect("a number"),
            "--runs" => opts.runs = args.next().expect("--runs K").parse().expect("a number"),
            "--stream-child" => {
                stream_child(&args.next().expect("--stream-child JOBS"));
                return;
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let ntrex = opts.shared.join("bench/ntrex-dev");
    if !ntrex.is_dir() {
        eprintln!(
            "bench_batch: {} not found; the benchmark lives in ../shared/bench (pass --shared DIR)",
            ntrex.display()
        );
        std::process::exit(2);
    }
    let work = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-batch");
    std::fs::create_dir_all(&work).unwrap();
    let docs = documents(&ntrex);
    let manifest = work.join("ntrex-dev.jsonl");
    write_path_manifest(&manifest, &docs);
    println!(
        "ntrex-dev: {} document pairs (en-tr and en-kk), manifest {}",
        docs.len(),
        manifest.display()
    );
    let want = |name: &str| opts.only.as_deref().is_none_or(|o| o == name);
    if want("f1") {
        f1(&manifest, &docs, &work);
    }
    if opts.only.as_deref() == Some("ibm1") {
        ibm1(&manifest, &docs, &work);
    }
    if want("jobs") {
        jobs(&manifest, &work, opts.runs);
    }
    if want("scale") {
        scale(&docs, &work, opts.pairs);
    }
}

/// One document pair of the benchmark.
struct Doc {
    id: String,
    pair: &'static str,
    dir: PathBuf,
}

fn documents(ntrex: &Path) -> Vec<Doc> {
    let mut out = Vec::new();
    for pair in ["en-tr", "en-kk"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(ntrex.join(pair))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            out.push(Doc {
                id: format!("{pair}.{name}"),
                pair,
                dir,
            });
        }
    }
    out
}

fn write_path_manifest(path: &Path, docs: &[Doc]) {
    let mut text = String::new();
    for d in docs {
        let rec = serde_json::json!({
            "id": d.id,
            "src": d.dir.join("src.raw.txt"),
            "tgt": d.dir.join("tgt.raw.txt"),
            "src_lang": "en",
            "tgt_lang": &d.pair[3..],
        });
        text.push_str(&rec.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn lex_params() -> LearnParams {
    let mut p = LearnParams::default();
    if let Ok(spec) = std::env::var("TILMASH_LEX") {
        for kv in spec.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').expect("name=value");
            match k {
                "min_score" => p.min_score = v.parse().unwrap(),
                "min_count" => p.min_count = v.parse().unwrap(),
                "min_dice" => p.min_dice = v.parse().unwrap(),
                "max_share" => p.max_share = v.parse().unwrap(),
                "strength" => p.strength = v.parse().unwrap(),
                "max_beads" => p.max_beads = v.parse().unwrap(),
                _ => panic!("unknown parameter {k}"),
            }
        }
    }
    p
}

fn config(corpus_lexicon: bool, jobs: usize, out: &Path) -> BatchConfig {
    BatchConfig {
        jobs,
        corpus_lexicon: corpus_lexicon.then(lex_params),
        output: OutputPlan::Combined {
            format: Format::Jsonl,
            target: WriteTarget::Path(out.to_path_buf()),
        },
        ..BatchConfig::default()
    }
}

fn f1(manifest: &Path, docs: &[Doc], work: &Path) {
    let m = Manifest::File {
        path: manifest.to_path_buf(),
        format: None,
    };
    for (name, corpus) in [
        ("each pair alone (1 pass)", false),
        ("corpus lexicon (2 passes)", true),
    ] {
        let out = work.join(format!(
            "ntrex-dev.{}.jsonl",
            if corpus { "corpus" } else { "alone" }
        ));
        let summary = batch::run(&m, &config(corpus, 2, &out), &mut |_| {}).unwrap();
        assert_eq!(summary.failed, 0);
        for pair in ["en-tr", "en-kk"] {
            let s = score_corpus(&out, docs, pair).scores();
            println!(
                "{pair} {name:28} strict P {:.3} R {:.3} F1 {:.3}   lax F1 {:.3}",
                s.strict.precision, s.strict.recall, s.strict.f1, s.lax.f1
            );
        }
        for (pair, s) in &summary.lexicons {
            println!(
                "  lexicon {pair}: {} entries from {} beads ({} candidate pairs)",
                s.entries, s.beads_used, s.candidates
            );
        }
    }
}

fn score_corpus(out: &Path, docs: &[Doc], pair: &str) -> Counts {
    let units = read_units(out, None, &Default::default()).unwrap();
    let mut total = Counts::default();
    for d in docs.iter().filter(|d| d.pair == pair) {
        let hyp: Vec<TextPair> = units
            .iter()
            .filter(|u| u.doc == d.id)
            .map(|u| TextPair {
                src: u.source.clone(),
                tgt: u.target.clone(),
            })
            .collect();
        total += eval::score_texts(&gold_texts(&d.dir.join("beads.jsonl")), &hyp);
    }
    total
}

/// IBM Model 1 on the confident 1-1 beads of the one-pass corpus, as a lexicon for the second
/// pass, to compare with the Dice lexicon.
fn ibm1(manifest: &Path, docs: &[Doc], work: &Path) {
    use rustc_hash::FxHashMap;
    use tilmash::align::corpus_lexicon::sentence_stems;
    use tilmash::batch::Dictionary;
    use tilmash::text::lang::Lang;
    let m = Manifest::File {
        path: manifest.to_path_buf(),
        format: None,
    };
    let alone = work.join("ntrex-dev.alone.jsonl");
    batch::run(&m, &config(false, 2, &alone), &mut |_| {}).unwrap();
    let units = read_units(&alone, None, &Default::default()).unwrap();
    let min_score: f64 = std::env::var("IBM1_MIN_SCORE")
        .ok()
        .map_or(0.9, |v| v.parse().unwrap());
    let threshold: f32 = std::env::var("IBM1_T")
        .ok()
        .map_or(0.3, |v| v.parse().unwrap());
    for pair in ["en-tr", "en-kk"] {
        let tl = Lang::parse(&pair[3..]).unwrap();
        let mut vocab: [FxHashMap<String, u32>; 2] = Default::default();
        let mut words: [Vec<String>; 2] = Default::default();
        let mut intern = |side: usize, w: String| -> u32 {
            let n = words[side].len() as u32;
            *vocab[side].entry(w.clone()).or_insert_with(|| {
                words[side].push(w);
                n
            })
        };
        let beads: Vec<(Vec<u32>, Vec<u32>)> = units
            .iter()
            .filter(|u| u.doc.starts_with(pair) && u.src_ids.len() == 1 && u.tgt_ids.len() == 1)
            .filter(|u| u.score.unwrap_or(0.0) >= min_score)
            .map(|u| {
                (
                    sentence_stems(&u.source, Lang::EN)
                        .into_iter()
                        .map(|w| intern(0, w))
                        .collect(),
                    sentence_stems(&u.target, tl)
                        .into_iter()
                        .map(|w| intern(1, w))
                        .collect(),
                )
            })
            .collect();
        // t[dir][(from, to)]: P(to | from), with a NULL word (id u32::MAX) on the "from" side.
        let train = |flip: bool| -> FxHashMap<(u32, u32), f32> {
            let mut t: FxHashMap<(u32, u32), f32> = FxHashMap::default();
            for (s, g) in &beads {
                let (from, to) = if flip { (g, s) } else { (s, g) };
                for &f in from.iter().chain([u32::MAX].iter()) {
                    for &e in to {
                        t.insert((f, e), 1.0);
                    }
                }
            }
            for _ in 0..5 {
                let mut count: FxHashMap<(u32, u32), f32> = FxHashMap::default();
                let mut total: FxHashMap<u32, f32> = FxHashMap::default();
                for (s, g) in &beads {
                    let (from, to) = if flip { (g, s) } else { (s, g) };
                    for &e in to {
                        let z: f32 = from
                            .iter()
                            .chain([u32::MAX].iter())
                            .map(|&f| t[&(f, e)])
                            .sum();
                        for &f in from.iter().chain([u32::MAX].iter()) {
                            let c = t[&(f, e)] / z;
                            *count.entry((f, e)).or_default() += c;
                            *total.entry(f).or_default() += c;
                        }
                    }
                }
                for (k, v) in t.iter_mut() {
                    *v = count.get(k).copied().unwrap_or(0.0) / total[&k.0];
                }
            }
            t
        };
        let (fwd, bwd) = (train(false), train(true));
        // Entries both directions agree on, strongest first (a fixed order: the aligner numbers
        // lexicon features in entry order).
        let mut entries: Vec<(f32, u32, u32)> = fwd
            .iter()
            .filter(|&(&(a, _), &p)| a != u32::MAX && p >= threshold)
            .filter_map(|(&(a, b), &p)| {
                let q = bwd.get(&(b, a)).copied().unwrap_or(0.0);
                (q >= threshold).then_some(((p * q).sqrt(), a, b))
            })
            .collect();
        entries.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let n = entries.len();
        let mut text = String::new();
        for (w, a, b) in entries {
            text.push_str(&format!(
                "{}\t{}\t{w}\n",
                words[0][a as usize], words[1][b as usize]
            ));
        }
        let mut c = config(false, 2, &work.join("ntrex-dev.ibm1.jsonl"));
        c.dictionary = Some(Dictionary {
            label: "ibm1".into(),
            text,
        });
        batch::run(&m, &c, &mut |_| {}).unwrap();
        let s = score_corpus(&work.join("ntrex-dev.ibm1.jsonl"), docs, pair).scores();
        println!(
            "{pair} IBM Model 1 lexicon ({n} entries, {} beads) strict P {:.3} R {:.3} F1 {:.3}",
            beads.len(),
            s.strict.precision,
            s.strict.recall,
            s.strict.f1
        );
    }
}

fn gold_texts(path: &Path) -> Vec<TextPair> {
    let text = std::fs::read_to_string(path).unwrap();
    eval::parse_gold_texts(&path.display().to_string(), &text).unwrap()
}

fn jobs(manifest: &Path, work: &Path, runs: usize) {
    let m = Manifest::File {
        path: manifest.to_path_buf(),
        format: None,
    };
    let out = work.join("ntrex-dev.jobs.jsonl");
    let mut med = [Duration::ZERO; 2];
    for jobs in [1, 2] {
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                batch::run(&m, &config(true, jobs, &out), &mut |_| {}).unwrap();
                t0.elapsed()
            })
            .collect();
        times.sort();
        med[jobs - 1] = times[times.len() / 2];
        println!(
            "--jobs {jobs}: best {:.3} s, median {:.3} s over {runs} runs (2 passes, 124 pairs)",
            times[0].as_secs_f64(),
            med[jobs - 1].as_secs_f64()
        );
    }
    println!(
        "--jobs 2 / --jobs 1 (medians): {:.2}",
        med[1].as_secs_f64() / med[0].as_secs_f64()
    );
}

/// Writes N streaming records (texts inline), the dev documents repeated with fresh ids.
fn write_stream(path: &Path, docs: &[Doc], n: usize) {
    let texts: Vec<(String, String, &str)> = docs
        .iter()
        .map(|d| {
            (
                std::fs::read_to_string(d.dir.join("src.raw.txt")).unwrap(),
                std::fs::read_to_string(d.dir.join("tgt.raw.txt")).unwrap(),
                &d.pair[3..],
            )
        })
        .collect();
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for k in 0..n {
        let (s, t, tl) = &texts[k % texts.len()];
        let rec = serde_json::json!({
            "id": format!("pair{k:06}"),
            "src_text": s,
            "tgt_text": t,
            "src_lang": "en",
            "tgt_lang": tl,
        });
        writeln!(w, "{rec}").unwrap();
    }
    w.flush().unwrap();
}

fn scale(docs: &[Doc], work: &Path, n: usize) {
    let exe = std::env::current_exe().unwrap();
    for count in [n / 10, n] {
        let input = work.join(format!("stream-{count}.jsonl"));
        if !input.is_file() {
            write_stream(&input, docs, count);
        }
        let t0 = Instant::now();
        let out = Command::new(&exe)
            .args(["--stream-child", "2"])
            .stdin(std::fs::File::open(&input).unwrap())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let el = t0.elapsed().as_secs_f64();
        let report = String::from_utf8_lossy(&out.stderr);
        let peak = report
            .lines()
            .find_map(|l| l.strip_prefix("peak_kb "))
            .unwrap_or("?");
        println!(
            "streaming {count:6} pairs, --jobs 2: {el:.2} s, {:.0} pairs/s, peak memory {} MB",
            count as f64 / el,
            peak.parse::<f64>()
                .map_or("?".into(), |k| format!("{:.1}", k / 1024.0))
        );
    }
    // The same pairs from a manifest file: two passes with the corpus lexicon.
    let input = work.join(format!("stream-{n}.jsonl"));
    let m = Manifest::File {
        path: input,
        format: None,
    };
    let out = work.join("scale.out.jsonl");
    let t0 = Instant::now();
    let mut marks: Vec<(String, f64)> = Vec::new();
    let s = batch::run(&m, &config(true, 2, &out), &mut |e| match e {
        batch::Event::Start { pass, .. } => {
            marks.push((format!("{pass:?} starts"), t0.elapsed().as_secs_f64()))
        }
        batch::Event::Learned { pair, .. } => {
            marks.push((format!("{pair} learned"), t0.elapsed().as_secs_f64()))
        }
        _ => {}
    })
    .unwrap();
    let el = t0.elapsed().as_secs_f64();
    for (what, at) in &marks {
        println!("  {at:6.2} s  {what}");
    }
    for (pair, l) in &s.lexicons {
        println!(
            "  lexicon {pair}: {} entries, {} of {} beads, {} candidates, {} shards",
            l.entries, l.beads_used, l.beads_seen, l.candidates, l.shards
        );
    }
    println!(
        "manifest {n} pairs, corpus lexicon (2 passes), --jobs 2: {el:.2} s, {:.0} pairs/s, {} beads written",
        n as f64 / el,
        s.written.written
    );
    let _ = std::fs::remove_file(out);
}

/// The child of `scale`: streaming mode on standard input, exactly as `tilmash batch` runs it,
/// then its peak memory (VmHWM) on stderr.
fn stream_child(jobs: &str) {
    let m = Manifest::File {
        path: "-".into(),
        format: None,
    };
    let mut c = config(false, jobs.parse().unwrap(), Path::new("-"));
    c.output = OutputPlan::Combined {
        format: Format::Jsonl,
        target: WriteTarget::Stdout,
    };
    let s = batch::run(&m, &c, &mut |_| {}).unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().trim_end_matches(" kB").trim().to_string())
        .unwrap_or_default();
    eprintln!("pairs {} failed {}", s.done, s.failed);
    eprintln!("peak_kb {peak}");
}
