//! `tilmash detect FILE...`: language, script and confidence per file.

use std::io::Write;
use std::path::PathBuf;

use tilmash::output::Output;
use tilmash::text::{detect, input};

use super::Outcome;

/// Detect the language and script of each file.
///
/// Prints one line per file: `FILE<TAB>CODE<TAB>SCRIPT<TAB>CONFIDENCE`. Tells Kazakh (Cyrillic and
/// 2021 Latin) from Russian and Turkish, and knows the 69 languages of whatlang.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files (`-` for standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// `FILE<TAB>CODE<TAB>SCRIPT<TAB>CONFIDENCE`
    Text,
    /// One JSON object per file.
    Jsonl,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut out = Output::stdout();
    for path in &args.files {
        let src = input::read_path(path)?;
        let d = detect::detect(&src.text);
        match args.format {
            Format::Text => match d {
                Some(d) => writeln!(
                    out,
                    "{}\t{}\t{}\t{:.2}",
                    src.label,
                    d.lang.code(),
                    d.script.code(),
                    d.confidence
                )?,
                None => writeln!(out, "{}\t-\t-\t0.00", src.label)?,
            },
            Format::Jsonl => {
                let v = serde_json::json!({
                    "file": src.label,
                    "lang": d.map(|d| d.lang.code()),
                    "script": d.map(|d| d.script.code()),
                    "confidence": d.map_or(0.0, |d| d.confidence),
                    "reliable": d.is_some_and(|d| d.is_reliable()),
                });
                writeln!(out, "{v}")?;
            }
        }
    }
    out.finish()?;
    Ok(Outcome::Clean)
}
