//! `tilmash translit [--from SOURCE] [--scheme SCHEME] [TEXT | -f FILE]`: Kazakh and Russian
//! Cyrillic to Latin schemes, and Kazakh 2021 Latin back to Cyrillic.

use std::io::{Read, Write};
use std::path::PathBuf;

use tilmash::error::Error;
use tilmash::names::translit::{Scheme, Source, transliterate};
use tilmash::output::Output;
use tilmash::text::input;
use tilmash::text::lang::Script;

use super::{Outcome, report_normalization};

/// Transliterate Kazakh or Russian Cyrillic to Latin, or Kazakh Latin to Cyrillic.
///
/// Schemes: latin2021 (official Kazakh Latin, the default for kk), bgn (BGN/PCGN), en (English
/// press: Tokayev, Zhanaozen; the default for ru), tr (Turkish press: Caparov, Şavkat), cyrillic
/// (the default for kk-latn). Reads TEXT, or FILE with -f, or standard input.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to transliterate.
    #[arg(conflicts_with = "file")]
    text: Option<String>,
    /// Read the text from FILE (`-` for standard input).
    #[arg(short, long)]
    file: Option<PathBuf>,
    /// What the text is written in: kk (Kazakh Cyrillic), ru (Russian Cyrillic), kk-latn (Kazakh
    /// 2021 Latin). Detected from the letters when not given.
    #[arg(long)]
    from: Option<Source>,
    /// The scheme to write in: latin2021, bgn, en, tr, cyrillic.
    #[arg(short, long)]
    scheme: Option<Scheme>,
    /// Write to FILE instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (text, add_newline) = match (&args.text, &args.file) {
        (Some(t), _) => (t.clone(), true),
        (None, Some(p)) => {
            let src = input::read_path(p)?;
            report_normalization(&src);
            (src.text, false)
        }
        (None, None) => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::io("<stdin>", e))?;
            let src = input::decode("<stdin>", &buf)?;
            (src.text, false)
        }
    };
    let from = args.from.unwrap_or_else(|| match Script::dominant(&text) {
        Some(Script::Cyrillic) => Source::of_cyrillic(&text),
        _ => Source::KazakhLatin,
    });
    let scheme = args.scheme.unwrap_or(from.default_scheme());
    let result = transliterate(&text, from, scheme);
    let mut out = Output::create(args.output.as_deref())?;
    out.write_all(result.as_bytes())?;
    if add_newline {
        writeln!(out)?;
    }
    out.finish()?;
    Ok(Outcome::Clean)
}
