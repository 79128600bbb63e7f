//! `tilmash segment [-l LANG] FILE`: one sentence per line, or JSONL with spans and paragraphs.

use std::io::Write;
use std::path::PathBuf;

use tilmash::corpus::Document;
use tilmash::output::Output;
use tilmash::text::{input, lang::Lang, resolve_lang};

use super::{Outcome, report_normalization, warn};

/// Split running text into sentences.
///
/// Blank lines separate paragraphs; a file with one paragraph per line works too, hard-wrapped
/// lines are joined, and a headline on its own line is a sentence. Rules and abbreviation lists for
/// English, Turkish, Kazakh and Russian, and a generic fallback for other languages. Semicolons
/// and colons never end a sentence.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text file (`-` for standard input).
    file: PathBuf,
    /// Language code (ISO 639-1); detected when not given.
    #[arg(short, long, value_parser = super::common::parse_lang)]
    lang: Option<Lang>,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "lines")]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One sentence per line.
    Lines,
    /// One JSON object per sentence: id, text, span [start, end) in bytes, paragraph.
    Jsonl,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let src = input::read_path(&args.file)?;
    report_normalization(&src);
    let (lang, warning) = resolve_lang(&src.label, args.lang, &src.text);
    if let Some(w) = warning {
        warn(w);
    }
    let doc = Document::from_text(src, lang);
    let mut out = Output::create(args.output.as_deref())?;
    for (id, s) in doc.sentences.iter().enumerate() {
        match args.format {
            Format::Lines => writeln!(out, "{}", s.text)?,
            Format::Jsonl => {
                let v = serde_json::json!({
                    "id": id,
                    "text": s.text,
                    "span": [s.span.start, s.span.end],
                    "paragraph": s.paragraph,
                });
                writeln!(out, "{v}")?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Clean)
}
