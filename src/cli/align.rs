//! `tilmash align SRC TGT`: align two versions of one text sentence by sentence.

use std::path::PathBuf;

use tilmash::align::{self, AlignConfig, lexicon::Lexicon};
use tilmash::corpus::formats::{Format, WriteTarget, open_writer};
use tilmash::corpus::{Document, Unit};
use tilmash::names::gazetteer::Gazetteer;
use tilmash::names::normalize::normalize_names;
use tilmash::text::input::SourceText;
use tilmash::text::{input, lang::Lang, resolve_lang};

use super::common::{AlignArgs, GazetteerArgs, OutputArgs};
use super::{Outcome, report_normalization, warn};

/// Align two versions of one text (an article and its translation) sentence by sentence.
///
/// Handles what real versions do: sentences merged or split, paragraphs left out or added.
/// Each bead gets a score in [0, 1], the probability that it is exactly right.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source text (`-` for standard input).
    src: PathBuf,
    /// Target text (`-` for standard input).
    tgt: PathBuf,
    #[command(flatten)]
    align: AlignArgs,
    /// Rewrite variant spellings of known names to the gazetteer's preferred spelling for each
    /// side's language, keeping suffixes (Erdogan'ın → Erdoğan'ın); every change is listed on stderr.
    #[arg(long)]
    normalize_names: bool,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.src.as_os_str() == "-" && args.tgt.as_os_str() == "-" {
        anyhow::bail!("only one of SRC and TGT can be standard input (-)");
    }
    let src = input::read_path(&args.src)?;
    let tgt = input::read_path(&args.tgt)?;
    report_normalization(&src);
    report_normalization(&tgt);
    let (sl, w1) = resolve_lang(&src.label, args.align.src_lang, &src.text);
    let (tl, w2) = resolve_lang(&tgt.label, args.align.tgt_lang, &tgt.text);
    for w in [w1, w2].into_iter().flatten() {
        warn(w);
    }
    if sl == tl && args.align.src_lang.is_none() && args.align.tgt_lang.is_none() {
        warn(format!(
            "both sides look like {} ({}): is one of them the wrong file?",
            sl.tag(),
            sl.name()
        ));
    }
    let (src, tgt) = if args.normalize_names {
        let gazetteer = args.gazetteer.load()?;
        (
            normalize(src, sl, &gazetteer),
            normalize(tgt, tl, &gazetteer),
        )
    } else {
        if args.gazetteer.gazetteer.is_some() || args.gazetteer.no_gazetteer {
            warn("--gazetteer and --no-gazetteer only matter with --normalize-names");
        }
        (src, tgt)
    };
    let (src_doc, tgt_doc) = (
        Document::new(src, sl, args.align.input),
        Document::new(tgt, tl, args.align.input),
    );
    let dictionary = match &args.align.dict {
        Some(p) => Some(Lexicon::read_dictionary(p, sl, tl)?),
        None => None,
    };
    let config = AlignConfig {
        dictionary,
        learn: !args.align.no_learn,
        ..AlignConfig::default()
    };
    let result = align::align(&src_doc, &tgt_doc, &config);
    for w in &result.warnings {
        warn(w);
    }
    let doc_id = doc_id(&args.src);
    let units: Vec<Unit> = result
        .alignment
        .units(&src_doc, &tgt_doc, &doc_id)
        .into_iter()
        .map(|mut u| {
            // Three decimals say all a score means; more would only be noise in the output.
            u.score = u.score.map(|s| (s * 1000.0).round() / 1000.0);
            u
        })
        .collect();
    let format = args.out.format_or(Format::default_for_stdout);
    let options = args.out.write_options(Some(sl.tag()), Some(tl.tag()));
    let mut writer = open_writer(
        format,
        WriteTarget::from_arg(args.out.output.as_deref()),
        &options,
    )?;
    writer.write_units(&units)?;
    let summary = writer.finish()?;
    for w in summary.warnings() {
        warn(w);
    }
    Ok(Outcome::Clean)
}

/// Applies the gazetteer's preferred spellings to one side and reports each change on stderr.
fn normalize(mut source: SourceText, lang: Lang, gazetteer: &Gazetteer) -> SourceText {
    let (text, changes) = normalize_names(&source.text, lang, gazetteer);
    for c in &changes {
        eprintln!(
            "tilmash: note: {}:{}:{}: {} → {} ({})",
            source.label, c.line, c.column, c.from, c.to, c.entity
        );
    }
    if !changes.is_empty() {
        eprintln!(
            "tilmash: note: {}: {} name {} normalized",
            source.label,
            changes.len(),
            if changes.len() == 1 {
                "spelling"
            } else {
                "spellings"
            }
        );
        source.text = text;
    }
    source
}

/// The document id written with each unit: the source file's name without extensions, or its
/// folder's name when the file is only named for its role or language (`en.txt`, `src.raw.txt`).
fn doc_id(src: &std::path::Path) -> String {
    if src.as_os_str() == "-" {
        return "stdin".to_string();
    }
    let name = src
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("").to_string();
    let generic =
        matches!(stem.as_str(), "src" | "tgt" | "source" | "target") || Lang::parse(&stem).is_ok();
    let folder = src.canonicalize().ok().and_then(|p| {
        p.parent()
            .and_then(|d| d.file_name())
            .map(|d| d.to_string_lossy().into_owned())
    });
    match folder {
        Some(f) if generic => f,
        _ => stem,
    }
}
