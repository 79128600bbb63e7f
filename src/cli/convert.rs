//! `tilmash convert IN [-f FORMAT] [-o OUT]`: any parallel-corpus format into any other.

use std::path::PathBuf;

use tilmash::corpus::formats::{
    Format, InputFormat, ReadOptions, WriteTarget, check_lang_tag, copy, open_reader, open_writer,
};

use super::common::OutputArgs;
use super::{Outcome, warn};

/// Convert a parallel corpus between formats, keeping the text exactly.
///
/// Reads TMX (1.1–1.4), CSV or TSV (with or without a header), JSONL, or a Moses pair, and
/// writes pretty, tsv, csv, tmx, jsonl, moses or beads. The input format comes from --from, the
/// file extension or the content; the output format from -f, the extension of -o, or else pretty
/// on a terminal and jsonl in a pipe. Changes a format forces (control characters XML forbids,
/// line breaks in line-based formats) are counted on stderr.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input file (`-` for standard input); for a Moses pair, the prefix of PREFIX.<src>, PREFIX.<tgt>.
    input: PathBuf,
    #[command(flatten)]
    out: OutputArgs,
    /// Input format, when neither the extension nor the content tells it.
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<InputFormat>,
    /// Source language: picks it from a TMX, names Moses files, fills in units that have none.
    #[arg(short = 's', long, value_name = "CODE", value_parser = parse_tag)]
    src_lang: Option<String>,
    /// Target language, as --src-lang.
    #[arg(short = 't', long, value_name = "CODE", value_parser = parse_tag)]
    tgt_lang: Option<String>,
}

fn parse_tag(s: &str) -> Result<String, String> {
    check_lang_tag(s).map_err(|e| e.to_string())
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let read_options = ReadOptions {
        src_lang: args.src_lang.clone(),
        tgt_lang: args.tgt_lang.clone(),
    };
    let mut reader = open_reader(&args.input, args.from, &read_options)?;
    let target = WriteTarget::from_arg(args.out.output.as_deref());
    let format = args.out.format_or(|| {
        use std::io::IsTerminal;
        if target == WriteTarget::Stdout && std::io::stdout().is_terminal() {
            Format::Pretty
        } else {
            Format::Jsonl
        }
    });
    let options = args.out.write_options(args.src_lang, args.tgt_lang);
    let mut writer = open_writer(format, target, &options)?;
    copy(&mut reader, writer.as_mut())?;
    let summary = writer.finish()?;
    for note in reader.notes() {
        warn(note);
    }
    for w in summary.warnings() {
        warn(w);
    }
    Ok(Outcome::Clean)
}
