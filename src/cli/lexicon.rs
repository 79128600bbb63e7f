//! `tilmash lexicon learn MANIFEST -o LEXICON.tsv`: learn a corpus lexicon and save it.

use std::io::Write;
use std::path::{Path, PathBuf};

use tilmash::batch::{self, pair_name};
use tilmash::output::Output;

use super::Outcome;
use super::batch::{InputArgs, Progress};

/// Translation lexicons learned from aligned corpora.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    Learn(LearnArgs),
}

/// Learn a translation lexicon from a corpus of article pairs and save it as TSV.
///
/// Every pair is aligned, and word-stem pairs are learned from the confident 1-1 beads of all of
/// them (Dice coefficient, competitive linking). The file reads back with `tilmash align --dict`
/// and `tilmash batch --dict`: the way to use a corpus lexicon where pairs are aligned one by
/// one as they come (streaming, Spark, Hadoop).
///
/// With several language pairs in the manifest, one file per pair: LEXICON.en-tr.tsv, ...
#[derive(Debug, clap::Args)]
struct LearnArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Where to write the lexicon (atomically); standard output when not given.
    #[arg(short, long, value_name = "LEXICON")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Command::Learn(a) => learn(a),
    }
}

fn learn(args: LearnArgs) -> anyhow::Result<Outcome> {
    let manifest = args.input.manifest()?;
    let mut config = args.input.config()?;
    let mut progress = Progress::new(&manifest, &mut config);
    let (lexicons, failed) = batch::learn_lexicons(&manifest, &config, &mut |e| progress.event(e))?;
    progress.finish();
    let several = lexicons.len() > 1;
    if several && args.output.as_deref().is_none_or(|p| p.as_os_str() == "-") {
        anyhow::bail!(
            "the manifest holds {} language pairs ({}): give -o LEXICON.tsv to get one file per pair",
            lexicons.len(),
            lexicons
                .iter()
                .map(|l| pair_name(l.langs))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for learned in &lexicons {
        let (lex, stats) = (&learned.lexicon, &learned.stats);
        let name = pair_name(learned.langs);
        let path = match &args.output {
            Some(p) if several => Some(with_pair(p, &name)),
            other => other.clone(),
        };
        let mut out = Output::create(path.as_deref())?;
        let comment = [
            format!(
                "tilmash corpus lexicon {name}: {} entries from {} confident beads",
                stats.entries, stats.beads_used
            ),
            "source stem<TAB>target stem<TAB>strength (Dice coefficient)".to_string(),
        ];
        let label = path
            .as_deref()
            .map_or("<stdout>".into(), |p| p.display().to_string());
        lex.write_tsv(&mut out, &comment)
            .map_err(|e| tilmash::Error::io(&label, e))?;
        out.flush().map_err(|e| tilmash::Error::io(&label, e))?;
        out.finish()?;
        eprintln!("tilmash: {name}: {} entries → {label}", stats.entries);
    }
    if lexicons.is_empty() {
        super::warn("no pair could be aligned: no lexicon written");
    }
    Ok(if failed > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// `lex.tsv` → `lex.en-tr.tsv`.
fn with_pair(path: &Path, pair: &str) -> PathBuf {
    match (path.file_stem(), path.extension()) {
        (Some(stem), Some(ext)) => path.with_file_name(format!(
            "{}.{pair}.{}",
            stem.to_string_lossy(),
            ext.to_string_lossy()
        )),
        _ => PathBuf::from(format!("{}.{pair}", path.display())),
    }
}
