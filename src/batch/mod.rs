//! Batch alignment: thousands of article pairs into one training corpus.
//!
//! ```text
//! manifest ──entries──▶ [pass 1: align each pair, keep its confident 1-1 beads as stems]
//!          ──learn──▶ one corpus lexicon per language pair
//!          ──entries──▶ pass 2: align each pair with it ──filters──▶ writer (one corpus, or a file per pair)
//! ```
//!
//! Pairs are aligned in parallel ([`ordered::map_ordered`]) and their results written in manifest
//! order, so the output does not depend on `--jobs`. A pair that cannot be aligned (missing file,
//! binary data, invalid UTF-8, empty text, wrong language) is reported and counted, and the others
//! go on. Memory is bounded: entries are read lazily, a fixed number of pairs are in flight, and
//! the corpus lexicon learner keeps a bounded sample.
//!
//! Standard input can be read only once, so a manifest (or a stream of texts) on standard input is
//! aligned in one pass, each pair as it comes, with a `--dict` lexicon if one is given: that is
//! the streaming mode Spark's `RDD.pipe` and Hadoop Streaming use. `tilmash lexicon learn` (see
//! [`learn_lexicons`]) saves a corpus lexicon for such runs.
//!
//! ```no_run
//! use tilmash::batch::{self, BatchConfig, Manifest, OutputPlan};
//! use tilmash::corpus::formats::{Format, WriteTarget};
//!
//! let manifest = Manifest::File { path: "pairs.tsv".into(), format: None };
//! let config = BatchConfig {
//!     output: OutputPlan::Combined { format: Format::Jsonl, target: WriteTarget::Path("corpus.jsonl".into()) },
//!     ..BatchConfig::default()
//! };
//! let summary = batch::run(&manifest, &config, &mut |event| eprintln!("{event:?}")).unwrap();
//! eprintln!("{summary}");
//! ```

pub mod filter;
pub mod manifest;
pub mod ordered;
pub mod summary;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::align::corpus_lexicon::{self, CorpusLearner, LearnParams, LearnStats, StemPair};
use crate::align::lexicon::Lexicon;
use crate::align::{self, AlignConfig, model::Params};
use crate::corpus::formats::{
    CorpusWriter, Format, WriteOptions, WriteSummary, WriteTarget, open_writer,
};
use crate::corpus::{Document, Unit};
use crate::error::{Error, Result};
use crate::text::input::{self, SourceText};
use crate::text::lang::Lang;
use crate::text::resolve_lang;

pub use filter::{DropCounts, Dropped, Filters};
pub use manifest::{Entry, Failure, Manifest, ManifestFormat, PairInput};
pub use summary::BatchSummary;

pub use crate::corpus::InputMode;

/// Where the aligned corpus goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputPlan {
    /// One corpus, every bead carrying its document id: a file (written atomically) or standard
    /// output (flushed after each document, so a reader downstream of a pipe sees it at once).
    Combined { format: Format, target: WriteTarget },
    /// One file per pair, `DIR/<id>.<extension>` (Moses: `DIR/<id>.<lang>`), each atomic.
    PerDocument { dir: PathBuf, format: Format },
}

/// A `--dict` file, parsed for each language pair met (stemming depends on the language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dictionary {
    pub label: String,
    pub text: String,
}

impl Dictionary {
    /// Reads a dictionary file and checks that it parses.
    pub fn read(path: &Path) -> Result<Dictionary> {
        let source = input::read_path(path)?;
        Lexicon::parse_dictionary(&source.label, &source.text, Lang::EN, Lang::EN)?;
        Ok(Dictionary {
            label: source.label,
            text: source.text,
        })
    }

    fn lexicon(&self, langs: (Lang, Lang)) -> Result<Lexicon> {
        Lexicon::parse_dictionary(&self.label, &self.text, langs.0, langs.1)
    }
}

/// Everything a batch run needs besides the manifest.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    /// Worker threads.
    pub jobs: usize,
    /// Languages of entries that name none; detected when `None`.
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    pub input: InputMode,
    /// Model weights for the aligner.
    pub params: Params,
    /// A `--dict` lexicon, used in every pass.
    pub dictionary: Option<Dictionary>,
    /// The aligner's second pass within each pair (on by default, as in `tilmash align`).
    pub learn: bool,
    /// Learn a corpus lexicon in a first pass. Ignored for standard input (one pass only).
    pub corpus_lexicon: Option<LearnParams>,
    pub filters: Filters,
    pub output: OutputPlan,
    /// Writer options; `min_score` is better left `None` and given as a filter, which counts it.
    pub write: WriteOptions,
    /// Skip entries whose output exists in the `PerDocument` folder.
    pub resume: bool,
    /// The number of entries, when known, for progress reports.
    pub expected: Option<usize>,
}

impl Default for BatchConfig {
    fn default() -> BatchConfig {
        BatchConfig {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            src_lang: None,
            tgt_lang: None,
            input: InputMode::Text,
            params: Params::default(),
            dictionary: None,
            learn: true,
            corpus_lexicon: Some(LearnParams::default()),
            filters: Filters::default(),
            output: OutputPlan::Combined {
                format: Format::Jsonl,
                target: WriteTarget::Stdout,
            },
            write: WriteOptions::default(),
            resume: false,
            expected: None,
        }
    }
}

/// Which pass a progress event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Pass 1 of 2: aligning to learn the corpus lexicon.
    Learn,
    /// The pass that writes the corpus.
    Align,
}

/// What the runner tells its caller as it goes (for progress bars and messages on stderr).
#[derive(Debug)]
pub enum Event<'a> {
    /// A pass begins; `total` entries when known.
    Start { pass: Pass, total: Option<usize> },
    /// One more entry is through this pass (aligned, failed or skipped).
    Advance { pass: Pass },
    /// An entry failed; reported once.
    Failed(&'a Failure),
    /// Something the user should know about one pair.
    Warning { id: &'a str, message: &'a str },
    /// A corpus lexicon was learned for a language pair.
    Learned {
        pair: &'a str,
        stats: &'a LearnStats,
    },
}

/// Aligns every pair of a manifest and writes the corpus. See the module docs.
pub fn run(
    manifest: &Manifest,
    config: &BatchConfig,
    on_event: &mut dyn FnMut(Event),
) -> Result<BatchSummary> {
    let t0 = Instant::now();
    check_output(config)?;
    let mut summary = BatchSummary::default();
    let two_pass = config.corpus_lexicon.is_some() && !manifest.is_stdin();
    let (lexicons, first) = if two_pass {
        let first = learn_pass(manifest, config, on_event)?;
        for (pair, s) in &first.stats {
            on_event(Event::Learned { pair, stats: s });
        }
        summary.lexicons = first.stats.clone();
        summary.failed = first.failed;
        (Lexicons::new(config, first.learned), Some(first.langs))
    } else {
        (Lexicons::new(config, HashMap::new()), None)
    };
    summary.passes = if two_pass { 2 } else { 1 };
    if config.resume
        && let OutputPlan::PerDocument { dir, .. } = &config.output
    {
        remove_stale_parts(dir);
    }
    output_pass(
        manifest,
        config,
        &lexicons,
        first.as_ref(),
        &mut summary,
        on_event,
    )?;
    summary.elapsed = t0.elapsed();
    Ok(summary)
}

/// The corpus lexicon of one language pair.
#[derive(Debug, Clone)]
pub struct LearnedLexicon {
    pub langs: (Lang, Lang),
    pub lexicon: Lexicon,
    pub stats: LearnStats,
}

/// Learns the corpus lexicons of a manifest without writing a corpus (`tilmash lexicon learn`):
/// returns them per language pair, in the order the pairs were first met, and the number of
/// entries that failed.
pub fn learn_lexicons(
    manifest: &Manifest,
    config: &BatchConfig,
    on_event: &mut dyn FnMut(Event),
) -> Result<(Vec<LearnedLexicon>, usize)> {
    let first = learn_pass(manifest, config, on_event)?;
    let failed = first.failed;
    let mut out: Vec<(usize, (Lang, Lang), Lexicon, LearnStats)> = first
        .learned
        .into_iter()
        .map(|(langs, (order, lex, stats))| (order, langs, lex, stats))
        .collect();
    out.sort_by_key(|x| x.0);
    let out = out
        .into_iter()
        .map(|(_, langs, lexicon, stats)| LearnedLexicon {
            langs,
            lexicon,
            stats,
        })
        .collect();
    Ok((out, failed))
}

/// A language pair as it is named in reports and file names: `en-kk`.
pub fn pair_name(langs: (Lang, Lang)) -> String {
    format!("{}-{}", langs.0.tag(), langs.1.tag())
}

fn check_output(config: &BatchConfig) -> Result<()> {
    if let OutputPlan::PerDocument { dir, .. } = &config.output {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    } else if config.resume {
        return Err(Error::Usage(
            "--resume needs --out-dir: it skips pairs whose file is there".into(),
        ));
    }
    if config.jobs == 0 {
        return Err(Error::Usage("--jobs must be at least 1".into()));
    }
    Ok(())
}

/// How many entries are in flight at once: enough to keep every worker busy while the writer
/// catches up, few enough that memory stays small.
fn window(config: &BatchConfig) -> usize {
    4 * config.jobs + 4
}

/// Learned lexicons per language pair: (first-met order, lexicon, stats).
type Learned = HashMap<(Lang, Lang), (usize, Lexicon, LearnStats)>;

/// What the first pass leaves the second.
struct FirstPass {
    learned: Learned,
    stats: Vec<(String, LearnStats)>,
    /// The languages of each entry by position, `None` for an entry that failed (and was
    /// reported): the second pass neither detects languages again nor reports a failure twice.
    langs: EntryLangs,
    failed: usize,
}

/// Pass 1: align every pair as `tilmash align` does and learn one lexicon per language pair from
/// the confident 1-1 beads. Reports failures and what reading the inputs found.
fn learn_pass(
    manifest: &Manifest,
    config: &BatchConfig,
    on_event: &mut dyn FnMut(Event),
) -> Result<FirstPass> {
    let params = config.corpus_lexicon.clone().unwrap_or_default();
    let lexicons = Lexicons::new(config, HashMap::new());
    let entries = IdCheck::new(manifest.entries()?, &config.output);
    let mut learners: FxHashMap<(Lang, Lang), (usize, CorpusLearner)> = FxHashMap::default();
    let mut langs = EntryLangs::default();
    let mut failed = 0;
    on_event(Event::Start {
        pass: Pass::Learn,
        total: config.expected,
    });
    ordered::map_ordered(
        entries.enumerate(),
        config.jobs,
        window(config),
        |(seq, entry)| {
            let r = entry.and_then(|e| {
                let loaded = load(&e, config, None)?;
                let out = align_loaded(&e.id, &loaded, config, &lexicons)?;
                let pairs = corpus_lexicon::confident_stem_pairs(
                    &loaded.src,
                    &loaded.tgt,
                    &out.alignment,
                    params.min_score,
                );
                Ok((e.id, loaded.langs, loaded.warnings, pairs))
            });
            (seq, r)
        },
        |(seq, r): (usize, FirstResult)| {
            debug_assert_eq!(seq, langs.len());
            match r {
                Ok((id, pair, warnings, pairs)) => {
                    for w in &warnings {
                        on_event(Event::Warning {
                            id: &id,
                            message: w,
                        });
                    }
                    let n = learners.len();
                    let (_, learner) = learners
                        .entry(pair)
                        .or_insert_with(|| (n, CorpusLearner::new(params.clone())));
                    for p in &pairs {
                        learner.add(p);
                    }
                    langs.push(Some(pair));
                }
                Err(f) => {
                    failed += 1;
                    langs.push(None);
                    on_event(Event::Failed(&f));
                }
            }
            on_event(Event::Advance { pass: Pass::Learn });
            Ok(())
        },
    )?;
    let mut learned: Learned = HashMap::new();
    let mut stats: Vec<(usize, String, LearnStats)> = Vec::new();
    for (langs, (order, learner)) in learners {
        let (lex, s) = learner.learn();
        stats.push((order, pair_name(langs), s.clone()));
        learned.insert(langs, (order, lex, s));
    }
    stats.sort_by_key(|s| s.0);
    Ok(FirstPass {
        learned,
        stats: stats.into_iter().map(|(_, n, s)| (n, s)).collect(),
        langs,
        failed,
    })
}

/// The languages of every entry, by position, in two bytes an entry: an index into the few
/// language pairs of the corpus.
#[derive(Debug, Default)]
struct EntryLangs {
    pairs: Vec<(Lang, Lang)>,
    entries: Vec<u16>,
}

impl EntryLangs {
    const FAILED: u16 = u16::MAX;

    fn push(&mut self, langs: Option<(Lang, Lang)>) {
        let code = match langs {
            None => Self::FAILED,
            Some(l) => match self.pairs.iter().position(|p| *p == l) {
                Some(k) => k as u16,
                // More language pairs than fit are simply detected again in the second pass.
                None if self.pairs.len() + 1 >= Self::FAILED as usize => Self::FAILED - 1,
                None => {
                    self.pairs.push(l);
                    (self.pairs.len() - 1) as u16
                }
            },
        };
        self.entries.push(code);
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    /// What the first pass found for entry `seq`.
    fn get(&self, seq: usize) -> FirstSeen {
        match self.entries.get(seq) {
            None => FirstSeen::Nothing,
            Some(&Self::FAILED) => FirstSeen::Failed,
            Some(&c) => self
                .pairs
                .get(c as usize)
                .map_or(FirstSeen::Nothing, |&l| FirstSeen::Langs(l)),
        }
    }
}

/// What the first pass found for one entry.
enum FirstSeen {
    /// Nothing known (one pass only, or more language pairs than [`EntryLangs`] keeps).
    Nothing,
    /// It failed, and was reported.
    Failed,
    Langs((Lang, Lang)),
}

/// A first-pass result: id, languages, warnings from reading, confident beads as stems.
type FirstResult = std::result::Result<(String, (Lang, Lang), Vec<String>, Vec<StemPair>), Failure>;

/// The pass that writes: align each pair (with the corpus lexicon when learned), filter, write.
fn output_pass(
    manifest: &Manifest,
    config: &BatchConfig,
    lexicons: &Lexicons,
    first: Option<&EntryLangs>,
    summary: &mut BatchSummary,
    on_event: &mut dyn FnMut(Event),
) -> Result<()> {
    let entries = IdCheck::new(manifest.entries()?, &config.output);
    let mut combined: Option<Box<dyn CorpusWriter>> = match &config.output {
        OutputPlan::Combined { format, target } => {
            Some(open_writer(*format, target.clone(), &config.write)?)
        }
        OutputPlan::PerDocument { .. } => None,
    };
    let flush_each = matches!(
        config.output,
        OutputPlan::Combined {
            target: WriteTarget::Stdout,
            ..
        }
    );
    let mut dedup = config.filters.dedup.then(filter::Dedup::new);
    let total = first.map(EntryLangs::len).or(config.expected);
    on_event(Event::Start {
        pass: Pass::Align,
        total,
    });
    ordered::map_ordered(
        entries.enumerate(),
        config.jobs,
        window(config),
        |(seq, entry)| -> Job {
            let seen = first.map_or(FirstSeen::Nothing, |f| f.get(seq));
            match (entry, seen) {
                (_, FirstSeen::Failed) => Job::KnownFailure,
                (Err(f), _) => Job::Failed(f),
                (Ok(e), FirstSeen::Langs(l)) => align_entry(&e, config, lexicons, Some(l)),
                (Ok(e), FirstSeen::Nothing) => align_entry(&e, config, lexicons, None),
            }
        },
        |job| {
            summary.pairs += 1;
            match job {
                Job::KnownFailure => {}
                Job::Failed(f) => {
                    summary.failed += 1;
                    on_event(Event::Failed(&f));
                }
                Job::Skipped => summary.skipped += 1,
                Job::Done(mut doc) => {
                    for w in &doc.warnings {
                        on_event(Event::Warning {
                            id: &doc.id,
                            message: w,
                        });
                    }
                    for (k, n) in &doc.beads_by_type {
                        *summary.beads_by_type.entry(*k).or_default() += n;
                    }
                    summary.score_sum += doc.score_sum;
                    summary.dropped.merge(&doc.dropped);
                    if let Some(d) = dedup.as_mut() {
                        doc.units.retain(|u| {
                            let keep = d.first_time(u);
                            if !keep {
                                summary.dropped.add(Dropped::Duplicate);
                            }
                            keep
                        });
                    }
                    match (&mut combined, &config.output) {
                        _ if doc.written.is_some() => {
                            let written = doc.written.take().expect("checked");
                            summary.written.add(&written?);
                        }
                        (Some(w), _) => {
                            w.write_units(&doc.units)?;
                            if flush_each {
                                w.flush()?;
                            }
                        }
                        (None, OutputPlan::PerDocument { dir, format }) => {
                            let written = write_document(
                                dir,
                                *format,
                                &config.write,
                                &doc.id,
                                doc.langs,
                                &doc.units,
                            )?;
                            summary.written.add(&written);
                        }
                        (None, _) => unreachable!("a combined output has a writer"),
                    }
                    summary.done += 1;
                }
            }
            on_event(Event::Advance { pass: Pass::Align });
            Ok(())
        },
    )?;
    // Before the corpus is put in place: a manifest that read differently the second time
    // (a pipe given as a file) would give a corpus that lacks pairs.
    if let Some(first) = first
        && first.len() != summary.pairs
    {
        return Err(Error::Usage(format!(
            "the manifest changed between the two passes ({} entries, then {}); \
             a manifest that can be read only once needs --one-pass",
            first.len(),
            summary.pairs
        )));
    }
    if let Some(w) = combined {
        summary.written.add(&w.finish()?);
    }
    Ok(())
}

/// What a worker hands the writer for one entry.
enum Job {
    Done(Box<AlignedDoc>),
    Failed(Failure),
    /// Failed in the first pass, already reported.
    KnownFailure,
    /// `--resume`: the output exists.
    Skipped,
}

/// One aligned pair, filtered, ready to write.
struct AlignedDoc {
    id: String,
    langs: (Lang, Lang),
    units: Vec<Unit>,
    beads_by_type: Vec<((usize, usize), usize)>,
    score_sum: f64,
    dropped: DropCounts,
    warnings: Vec<String>,
    /// The file of this pair when the worker wrote it already (`--out-dir` without `--dedup`:
    /// files are then written in parallel, each with its own fsync).
    written: Option<Result<WriteSummary>>,
}

/// Writes one pair's file in `--out-dir`, atomically.
fn write_document(
    dir: &Path,
    format: Format,
    options: &WriteOptions,
    id: &str,
    langs: (Lang, Lang),
    units: &[Unit],
) -> Result<WriteSummary> {
    let mut options = options.clone();
    options.src_lang = Some(langs.0.tag());
    options.tgt_lang = Some(langs.1.tag());
    let mut w = open_writer(format, WriteTarget::in_dir(dir, id, format), &options)?;
    w.write_units(units)?;
    w.finish()
}

fn align_entry(
    entry: &Entry,
    config: &BatchConfig,
    lexicons: &Lexicons,
    known: Option<(Lang, Lang)>,
) -> Job {
    if config.resume
        && let Some(true) = output_exists(entry, config, None)
    {
        return Job::Skipped;
    }
    let loaded = match load(entry, config, known) {
        Ok(l) => l,
        Err(f) => return Job::Failed(f),
    };
    if config.resume && output_exists(entry, config, Some(loaded.langs)) == Some(true) {
        return Job::Skipped;
    }
    let out = match align_loaded(&entry.id, &loaded, config, lexicons) {
        Ok(o) => o,
        Err(f) => return Job::Failed(f),
    };
    let mut warnings = loaded.warnings;
    warnings.extend(out.warnings);
    let mut types: Vec<((usize, usize), usize)> = Vec::new();
    let mut score_sum = 0.0;
    for b in &out.alignment.beads {
        let k = (b.src.len(), b.tgt.len());
        match types.iter_mut().find(|(t, _)| *t == k) {
            Some((_, n)) => *n += 1,
            None => types.push((k, 1)),
        }
        score_sum += b.score;
    }
    let mut dropped = DropCounts::default();
    let units: Vec<Unit> = out
        .alignment
        .units(&loaded.src, &loaded.tgt, &entry.id)
        .into_iter()
        .map(|mut u| {
            // Three decimals say all a score means (as `tilmash align` writes them).
            u.score = u.score.map(|s| (s * 1000.0).round() / 1000.0);
            u
        })
        .filter(|u| match config.filters.check(u, loaded.langs) {
            Some(why) => {
                dropped.add(why);
                false
            }
            None => true,
        })
        .collect();
    // Duplicates are found in manifest order by the writer; without them, a worker can write
    // its pair's file itself.
    let written =
        match &config.output {
            OutputPlan::PerDocument { dir, format } if !config.filters.dedup => Some(
                write_document(dir, *format, &config.write, &entry.id, loaded.langs, &units),
            ),
            _ => None,
        };
    Job::Done(Box::new(AlignedDoc {
        id: entry.id.clone(),
        langs: loaded.langs,
        units,
        beads_by_type: types,
        score_sum,
        dropped,
        warnings,
        written,
    }))
}

/// Both documents of a pair, segmented, with their languages.
struct Loaded {
    src: Document,
    tgt: Document,
    langs: (Lang, Lang),
    warnings: Vec<String>,
}

/// Reads, checks and segments one pair. Every way an entry can be unusable ends here, as a
/// [`Failure`] naming the entry. `known`: the languages a first pass found (no detection then).
fn load(
    entry: &Entry,
    config: &BatchConfig,
    known: Option<(Lang, Lang)>,
) -> std::result::Result<Loaded, Failure> {
    let fail = |reason: String| Failure {
        id: entry.id.clone(),
        reason,
    };
    let lang = |code: &Option<String>, default: Option<Lang>| match code {
        Some(c) => Lang::parse(c).map(Some).map_err(|e| fail(e.to_string())),
        None => Ok(default),
    };
    let sl = lang(&entry.src_lang, config.src_lang)?;
    let tl = lang(&entry.tgt_lang, config.tgt_lang)?;
    let (src, tgt) = match &entry.input {
        PairInput::Files { src, tgt } => (
            input::read_path(src).map_err(|e| fail(e.to_string()))?,
            input::read_path(tgt).map_err(|e| fail(e.to_string()))?,
        ),
        PairInput::Texts { src, tgt } => (
            text_input(&entry.id, "src_text", src).map_err(|e| fail(e.to_string()))?,
            text_input(&entry.id, "tgt_text", tgt).map_err(|e| fail(e.to_string()))?,
        ),
    };
    let mut warnings = Vec::new();
    if let Some((sl, tl)) = known {
        let (src, tgt) = segment(config, src, sl, tgt, tl);
        return Ok(Loaded {
            src,
            tgt,
            langs: (sl, tl),
            warnings,
        });
    }
    let mut resolve = |text: &SourceText, given: Option<Lang>| {
        if config.filters.lang_check
            && let Some(g) = given
            && let Some(d) = filter::detected_other(&text.text, g)
        {
            return Err(fail(format!(
                "{}: wrong language: declared {} but the text looks like {} ({}, confidence {:.2})",
                text.label,
                g.tag(),
                d.lang.tag(),
                d.lang.name(),
                d.confidence
            )));
        }
        let (l, w) = resolve_lang(&text.label, given, &text.text);
        warnings.extend(w);
        Ok(l)
    };
    let sl = resolve(&src, sl)?;
    let tl = resolve(&tgt, tl)?;
    let (src, tgt) = segment(config, src, sl, tgt, tl);
    Ok(Loaded {
        src,
        tgt,
        langs: (sl, tl),
        warnings,
    })
}

fn segment(
    config: &BatchConfig,
    src: SourceText,
    sl: Lang,
    tgt: SourceText,
    tl: Lang,
) -> (Document, Document) {
    (
        Document::new(src, sl, config.input),
        Document::new(tgt, tl, config.input),
    )
}

/// A text from a streaming record, checked as a file would be (binary data, empty text).
fn text_input(id: &str, field: &str, text: &str) -> Result<SourceText> {
    let label = format!("{id} ({field})");
    if let Some(offset) = text.bytes().position(|b| b == 0) {
        return Err(Error::Binary {
            label,
            offset,
            hint: "binary data: NUL character",
        });
    }
    let (normalized, normalization) = input::normalize(text);
    if normalized.trim().is_empty() {
        return Err(Error::Empty { label });
    }
    Ok(SourceText {
        label,
        text: normalized,
        normalization,
    })
}

fn align_loaded(
    id: &str,
    loaded: &Loaded,
    config: &BatchConfig,
    lexicons: &Lexicons,
) -> std::result::Result<align::AlignOutput, Failure> {
    let dictionary = lexicons
        .for_pair(loaded.langs)
        .map_err(|e| Failure {
            id: id.to_string(),
            reason: e.to_string(),
        })?
        .map(|lex| {
            let stems = |d: &Document| -> FxHashSet<String> {
                d.sentences
                    .iter()
                    .flat_map(|s| corpus_lexicon::sentence_stems(&s.text, d.lang))
                    .collect()
            };
            let (s, t) = (stems(&loaded.src), stems(&loaded.tgt));
            lex.subset_for(s.iter().map(String::as_str), t.iter().map(String::as_str))
        });
    let align_config = AlignConfig {
        params: config.params.clone(),
        dictionary,
        learn: config.learn,
    };
    Ok(align::align(&loaded.src, &loaded.tgt, &align_config))
}

/// The lexicon each language pair is aligned with: the corpus lexicon learned for it merged with
/// the `--dict` dictionary, built once per pair (under one lock, so that two workers meeting a
/// new pair at once build it once).
struct Lexicons<'c> {
    config: &'c BatchConfig,
    state: Mutex<LexiconState>,
}

#[derive(Default)]
struct LexiconState {
    /// Learned lexicons not yet merged with the dictionary.
    learned: HashMap<(Lang, Lang), Lexicon>,
    /// Lexicons ready for use (`None`: no lexicon for that pair).
    built: HashMap<(Lang, Lang), Option<Arc<Lexicon>>>,
}

impl<'c> Lexicons<'c> {
    fn new(config: &'c BatchConfig, learned: Learned) -> Lexicons<'c> {
        Lexicons {
            config,
            state: Mutex::new(LexiconState {
                learned: learned.into_iter().map(|(k, v)| (k, v.1)).collect(),
                built: HashMap::new(),
            }),
        }
    }

    fn for_pair(&self, langs: (Lang, Lang)) -> Result<Option<Arc<Lexicon>>> {
        let mut state = self.state.lock().expect("not poisoned");
        if let Some(l) = state.built.get(&langs) {
            return Ok(l.clone());
        }
        let learned = state.learned.remove(&langs).unwrap_or_default();
        let mut lex = match &self.config.dictionary {
            Some(d) => d.lexicon(langs)?,
            None => Lexicon::new(),
        };
        lex.extend(&learned);
        let lex = (!lex.is_empty()).then(|| Arc::new(lex));
        state.built.insert(langs, lex.clone());
        Ok(lex)
    }
}

/// Whether the `--out-dir` output of an entry exists. `None` when that cannot be told yet (Moses
/// files are named after the languages, which may still have to be detected).
fn output_exists(entry: &Entry, config: &BatchConfig, langs: Option<(Lang, Lang)>) -> Option<bool> {
    let OutputPlan::PerDocument { dir, format } = &config.output else {
        return Some(false);
    };
    let WriteTarget::Path(path) = WriteTarget::in_dir(dir, &entry.id, *format) else {
        return Some(false);
    };
    if *format != Format::Moses {
        return Some(path.is_file());
    }
    let tag = |code: &Option<String>, default: Option<Lang>, found: Option<Lang>| {
        found
            .or_else(|| code.as_deref().and_then(|c| Lang::parse(c).ok()))
            .or(default)
            .map(|l| l.tag())
    };
    let s = tag(&entry.src_lang, config.src_lang, langs.map(|l| l.0))?;
    let t = tag(&entry.tgt_lang, config.tgt_lang, langs.map(|l| l.1))?;
    let (s, t) = if s.eq_ignore_ascii_case(&t) {
        ("src".to_string(), "tgt".to_string())
    } else {
        (s, t)
    };
    let side = |ext: &str| {
        let mut p = path.clone().into_os_string();
        p.push(".");
        p.push(ext);
        PathBuf::from(p)
    };
    Some(side(&s).is_file() && side(&t).is_file())
}

/// Temporary files an interrupted run left in the output folder (`.tilmash-*.part`): the
/// outputs they were to become were never put in place, so they are only clutter.
fn remove_stale_parts(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".tilmash-") && name.ends_with(".part") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Turns entries whose id cannot work into failures, in manifest order: with one file per pair,
/// an id must be a plain file name and may not repeat (the second file would replace the first).
/// A combined corpus takes any id, and then no id is remembered (streaming memory stays flat).
struct IdCheck {
    entries: manifest::Entries,
    seen: Option<FxHashSet<String>>,
}

impl IdCheck {
    fn new(entries: manifest::Entries, output: &OutputPlan) -> IdCheck {
        let per_doc = matches!(output, OutputPlan::PerDocument { .. });
        IdCheck {
            entries,
            seen: per_doc.then(FxHashSet::default),
        }
    }
}

impl Iterator for IdCheck {
    type Item = std::result::Result<Entry, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.entries.next()?;
        let Some(seen) = self.seen.as_mut() else {
            return Some(item);
        };
        Some(item.and_then(|e| {
            let fail = |reason: &str| {
                Err(Failure {
                    id: e.id.clone(),
                    reason: format!("{}: {reason}", e.origin),
                })
            };
            let plain = !e.id.is_empty()
                && e.id != "."
                && e.id != ".."
                && !e.id.contains(['/', '\\', '\0']);
            if !plain {
                return fail("the id cannot be a file name (it names the output in --out-dir)");
            }
            if !seen.insert(e.id.clone()) {
                return fail("the id is used by an earlier entry");
            }
            Ok(e)
        }))
    }
}
