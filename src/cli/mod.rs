//! One module per command; each turns its arguments into library calls and prints the result.

mod align;
mod batch;
mod common;
mod convert;
mod detect;
mod eval;
mod lexicon;
mod names;
mod segment;
mod translit;

use clap::{Parser, Subcommand};

/// Aligns news articles sentence by sentence, keeps names consistent across English, Turkish and
/// Kazakh, and exports parallel corpora.
#[derive(Debug, Parser)]
#[command(name = "tilmash", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Align(align::Args),
    Batch(batch::Args),
    Eval(eval::Args),
    Segment(segment::Args),
    Detect(detect::Args),
    Names(names::Args),
    Translit(translit::Args),
    Convert(convert::Args),
    Lexicon(lexicon::Args),
}

/// What a command found, beyond errors.
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: the command ran and found problems.
    Problems,
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Align(a) => align::run(a),
        Command::Batch(a) => batch::run(a),
        Command::Lexicon(a) => lexicon::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Detect(a) => detect::run(a),
        Command::Segment(a) => segment::run(a),
        Command::Names(a) => names::run(a),
        Command::Translit(a) => translit::run(a),
    }
}

/// Prints what decoding changed in an input, so nothing is altered silently.
pub(crate) fn report_normalization(src: &tilmash::text::input::SourceText) {
    if let Some(d) = src.normalization.describe() {
        eprintln!("tilmash: note: {}: {d}", src.label);
    }
}

/// Prints a warning on stderr.
pub(crate) fn warn(msg: impl std::fmt::Display) {
    eprintln!("tilmash: warning: {msg}");
}
