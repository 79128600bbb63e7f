//! `tilmash eval GOLD HYP [GOLD HYP ...]`: precision, recall and F1 of alignments against gold.

use std::io::Write;
use std::path::{Path, PathBuf};

use tilmash::corpus::beads::parse_beads;
use tilmash::corpus::formats::read_units;
use tilmash::eval::{self, Counts, TextPair};
use tilmash::output::Output;
use tilmash::text::input;

use super::Outcome;

/// Score alignments against gold alignments: strict and lax precision, recall and F1.
///
/// Counts are summed over all pairs given, as Bleualign and Vecalign do: a bead is strictly right
/// when it equals a gold bead, laxly right when it shares a source and a target sentence with one;
/// insertions and deletions count for precision only. Beads files may have a score field or not.
///
/// With --text, GOLD is a JSONL file of gold bead texts (`{"src": ..., "tgt": ...}`) and HYP any
/// parallel file tilmash reads (tsv, jsonl, csv, tmx): pairs are compared by their text with white
/// space removed, so alignments of running text can be scored whatever the segmentation.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Pairs of files: GOLD HYP [GOLD HYP ...].
    #[arg(required = true, num_args = 2.., value_name = "GOLD HYP")]
    files: Vec<PathBuf>,
    /// Compare pair texts instead of sentence ids.
    #[arg(long)]
    text: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A small table.
    Text,
    /// One JSON object with scores and counts.
    Json,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if !args.files.len().is_multiple_of(2) {
        anyhow::bail!(
            "eval takes pairs of files (GOLD HYP ...), got {} files",
            args.files.len()
        );
    }
    let mut total = Counts::default();
    for pair in args.files.chunks(2) {
        total += if args.text {
            score_texts(&pair[0], &pair[1])?
        } else {
            score_beads(&pair[0], &pair[1])?
        };
    }
    let scores = total.scores();
    let mut out = Output::stdout();
    match args.format {
        Format::Text => {
            writeln!(out, "         precision  recall  F1")?;
            for (name, s) in [("strict", scores.strict), ("lax", scores.lax)] {
                writeln!(
                    out,
                    "{name:8} {:9.4}  {:6.4}  {:.4}",
                    s.precision, s.recall, s.f1
                )?;
            }
        }
        Format::Json => {
            let v = serde_json::json!({
                "pairs": args.files.len() / 2,
                "strict": scores.strict,
                "lax": scores.lax,
                "counts": total,
            });
            writeln!(out, "{v}")?;
        }
    }
    out.finish()?;
    Ok(Outcome::Clean)
}

fn score_beads(gold: &Path, hyp: &Path) -> anyhow::Result<Counts> {
    let g = input::read_path(gold)?;
    let h = input::read_path(hyp)?;
    let gold = parse_beads(&g.label, &g.text)?;
    let hyp = parse_beads(&h.label, &h.text)?;
    Ok(eval::score_beads(&gold, &hyp))
}

fn score_texts(gold: &Path, hyp: &Path) -> anyhow::Result<Counts> {
    let g = input::read_path(gold)?;
    let gold = eval::parse_gold_texts(&g.label, &g.text)?;
    let hyp: Vec<TextPair> = read_units(hyp, None, &Default::default())?
        .into_iter()
        .map(|u| TextPair {
            src: u.source,
            tgt: u.target,
        })
        .collect();
    Ok(eval::score_texts(&gold, &hyp))
}
