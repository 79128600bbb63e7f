//! `tilmash batch [MANIFEST|-]`: align many article pairs into one training corpus.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use tilmash::align::corpus_lexicon::LearnParams;
use tilmash::batch::{
    self, BatchConfig, Dictionary, Event, Filters, Manifest, ManifestFormat, OutputPlan, Pass,
};
use tilmash::corpus::formats::{Format, WriteTarget};

use super::Outcome;
use super::common::{AlignArgs, OutputArgs};

/// Align many article pairs (a manifest, two folders, or JSONL texts on standard input).
///
/// A manifest is TSV or CSV with a header `id,src,tgt[,src_lang,tgt_lang]` (file paths, relative
/// to the manifest's folder), or JSONL with those keys. Records may carry the texts themselves in
/// `src_text` and `tgt_text`: that is the streaming form for Spark's RDD.pipe and Hadoop Streaming
/// (`tilmash batch -` reads JSONL on standard input and writes JSONL beads, flushed per pair).
///
/// From a manifest file or folders, two passes: every pair is aligned, a translation lexicon is
/// learned from the confident beads of all of them, and every pair is aligned again with it.
/// Standard input is read once: one pass, each pair as it comes (give a lexicon with --dict;
/// `tilmash lexicon learn` makes one).
///
/// A pair that cannot be aligned is reported with its id and reason and the others go on; the exit
/// status is then 1. A summary goes to stderr at the end.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "See docs/batch.md for the record formats and the Spark and Hadoop recipes."
)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// One output file per pair in DIR, `<id>.<extension of the format>` (instead of -o).
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    out_dir: Option<PathBuf>,
    /// With --out-dir: skip pairs whose output file exists (a run that was interrupted).
    #[arg(long, requires = "out_dir")]
    resume: bool,
    /// One pass without a corpus lexicon: each pair aligned alone, as `tilmash align` does.
    #[arg(long)]
    one_pass: bool,
    /// Drop beads whose longer side has more than R times the characters of the shorter.
    #[arg(long, value_name = "R")]
    max_length_ratio: Option<f64>,
    /// Drop beads with a side shorter than N characters (white space not counted).
    #[arg(long, value_name = "N")]
    min_chars: Option<usize>,
    /// Fail pairs whose text is not in the declared language, and drop beads with a side (40
    /// letters or more) in another script than its language's or left in the other side's.
    #[arg(long)]
    lang_check: bool,
    /// Drop exact duplicate pairs (white space collapsed); the first one is kept.
    #[arg(long)]
    dedup: bool,
    #[command(flatten)]
    out: OutputArgs,
}

/// Where the pairs come from and how they are aligned (`batch` and `lexicon learn`).
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Manifest (TSV, CSV or JSONL); `-` or nothing for standard input.
    #[arg(value_name = "MANIFEST", conflicts_with_all = ["src_dir", "tgt_dir"])]
    manifest: Option<PathBuf>,
    /// The manifest's format [default: from the extension, else from the first line].
    #[arg(long, value_enum, value_name = "FORMAT")]
    manifest_format: Option<ManifestFormat>,
    /// Source texts: every file of DIR, paired with the file of the same name in --tgt-dir.
    #[arg(long, value_name = "DIR", requires = "tgt_dir")]
    src_dir: Option<PathBuf>,
    /// Target texts, paired with --src-dir by file name; the id is the name without extension.
    #[arg(long, value_name = "DIR", requires = "src_dir")]
    tgt_dir: Option<PathBuf>,
    #[command(flatten)]
    align: AlignArgs,
    /// Worker threads [default: all cores].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
}

impl InputArgs {
    pub fn manifest(&self) -> anyhow::Result<Manifest> {
        let m = match (&self.src_dir, &self.tgt_dir) {
            (Some(s), Some(t)) => Manifest::Dirs {
                src: s.clone(),
                tgt: t.clone(),
            },
            _ => Manifest::File {
                path: self.manifest.clone().unwrap_or_else(|| "-".into()),
                format: self.manifest_format,
            },
        };
        // Waiting for a manifest typed at the keyboard helps nobody.
        if m.is_stdin() && std::io::stdin().is_terminal() {
            anyhow::bail!(
                "no manifest: give MANIFEST (TSV, CSV or JSONL), --src-dir and --tgt-dir, \
                 or pipe JSONL records into `tilmash batch -`"
            );
        }
        Ok(m)
    }

    /// The configuration these arguments give; output and filters are the caller's.
    pub fn config(&self) -> anyhow::Result<BatchConfig> {
        let dictionary = match &self.align.dict {
            Some(p) => Some(Dictionary::read(p)?),
            None => None,
        };
        let mut config = BatchConfig {
            src_lang: self.align.src_lang,
            tgt_lang: self.align.tgt_lang,
            input: self.align.input,
            dictionary,
            learn: !self.align.no_learn,
            corpus_lexicon: Some(LearnParams::default()),
            ..BatchConfig::default()
        };
        if let Some(j) = self.jobs {
            anyhow::ensure!(j > 0, "--jobs must be at least 1");
            config.jobs = j;
        }
        Ok(config)
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let manifest = args.input.manifest()?;
    let mut config = args.input.config()?;
    if args.one_pass {
        config.corpus_lexicon = None;
    }
    let format = args.out.format_or(|| Format::Jsonl);
    config.output = match &args.out_dir {
        Some(dir) => OutputPlan::PerDocument {
            dir: dir.clone(),
            format,
        },
        None => OutputPlan::Combined {
            format,
            target: WriteTarget::from_arg(args.out.output.as_deref()),
        },
    };
    config.resume = args.resume;
    // --min-score is a filter here, counted in the summary with the others.
    config.write = args.out.write_options(
        config.src_lang.map(|l| l.tag()),
        config.tgt_lang.map(|l| l.tag()),
    );
    config.write.min_score = None;
    if let Some(m) = args.out.min_score {
        anyhow::ensure!(m.is_finite(), "--min-score {m} is not a number");
    }
    if let Some(r) = args.max_length_ratio {
        anyhow::ensure!(r >= 1.0, "--max-length-ratio must be at least 1 (got {r})");
    }
    config.filters = Filters {
        min_score: args.out.min_score,
        max_length_ratio: args.max_length_ratio,
        min_chars: args.min_chars,
        lang_check: args.lang_check,
        dedup: args.dedup,
    };
    let mut progress = Progress::new(&manifest, &mut config);
    let summary = batch::run(&manifest, &config, &mut |e| progress.event(e))?;
    progress.finish();
    for line in summary.to_string().lines() {
        eprintln!("tilmash: {line}");
    }
    for w in summary.written.warnings() {
        super::warn(w);
    }
    Ok(if summary.failed > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// Messages and the progress bar on stderr. The bar is drawn only on a terminal; in a pipe
/// (Spark, Hadoop, a log file) only the messages are written.
pub struct Progress {
    bar: Option<ProgressBar>,
    terminal: bool,
}

impl Progress {
    /// On a terminal, counts the manifest's entries first (a quick read) so the bar can show
    /// the time left.
    pub fn new(manifest: &Manifest, config: &mut BatchConfig) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        if terminal && !manifest.is_stdin() {
            config.expected = manifest.entries().ok().map(Iterator::count);
        }
        Progress {
            bar: None,
            terminal,
        }
    }

    pub fn event(&mut self, event: Event) {
        match event {
            Event::Start { pass, total } => {
                if let Some(b) = self.bar.take() {
                    b.finish_and_clear();
                }
                if self.terminal {
                    let label = match pass {
                        Pass::Learn => "pass 1/2 (learning)",
                        Pass::Align => "aligning",
                    };
                    let rate = |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} pairs/s", s.per_sec());
                    };
                    let bar = match total {
                        Some(n) => ProgressBar::new(n as u64).with_style(
                            ProgressStyle::with_template(
                                "{prefix} [{bar:30}] {pos}/{len} pairs, {rate}, {eta} left",
                            )
                            .expect("a valid template")
                            .with_key("rate", rate)
                            .progress_chars("=> "),
                        ),
                        None => ProgressBar::no_length().with_style(
                            ProgressStyle::with_template("{prefix} {pos} pairs, {rate}")
                                .expect("a valid template")
                                .with_key("rate", rate),
                        ),
                    };
                    self.bar = Some(bar.with_prefix(label));
                }
            }
            Event::Advance { .. } => {
                if let Some(b) = &self.bar {
                    b.inc(1);
                }
            }
            Event::Failed(f) => self.say(format!("tilmash: failed: {}: {}", f.id, f.reason)),
            Event::Warning { id, message } => {
                self.say(format!("tilmash: warning: {id}: {message}"))
            }
            Event::Learned { .. } => {}
        }
    }

    fn say(&self, line: String) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
