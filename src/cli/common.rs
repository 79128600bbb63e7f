//! Arguments several commands share.

use std::path::PathBuf;

use tilmash::corpus::InputMode;
use tilmash::corpus::formats::{Format, WriteOptions};
use tilmash::names::gazetteer::Gazetteer;
use tilmash::text::lang::Lang;

/// Where and how aligned units are written (`align`, `batch`, `convert`).
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format [default: pretty on a terminal, tsv in a pipe; or from the extension of -o].
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Write to OUT atomically instead of standard output (moses: the prefix of the two files).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Write beads with an empty side to tmx, tsv and moses too (as an empty segment or line).
    #[arg(long)]
    pub keep_empty: bool,
    /// Leave out beads scored below X; the count goes to stderr.
    #[arg(long, value_name = "X")]
    pub min_score: Option<f64>,
    /// CSV: no header line.
    #[arg(long)]
    pub no_header: bool,
    /// Pretty: line width (default: the terminal's, or 100).
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

impl OutputArgs {
    /// The format asked for, else the one the output file's extension names, else `fallback`.
    pub fn format_or(&self, fallback: impl FnOnce() -> Format) -> Format {
        self.format
            .or_else(|| self.output.as_deref().and_then(Format::from_path))
            .unwrap_or_else(fallback)
    }

    pub fn write_options(
        &self,
        src_lang: Option<String>,
        tgt_lang: Option<String>,
    ) -> WriteOptions {
        WriteOptions {
            header: !self.no_header,
            keep_empty: self.keep_empty,
            min_score: self.min_score,
            width: self.width,
            creation_date: None,
            src_lang,
            tgt_lang,
        }
    }
}

/// clap value parser for language codes.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).map_err(|e| e.to_string())
}

/// Which gazetteer to use (`names`, `align --normalize-names`).
#[derive(Debug, Clone, clap::Args)]
pub struct GazetteerArgs {
    /// Add the entities of this CSV file (columns id,lang,spelling[,preferred,kind,note]) to the
    /// built-in gazetteer; its preferred spellings win.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    /// Use no gazetteer at all (with --gazetteer: only that file).
    #[arg(long)]
    pub no_gazetteer: bool,
}

impl GazetteerArgs {
    pub fn load(&self) -> anyhow::Result<Gazetteer> {
        let mut g = if self.no_gazetteer {
            Gazetteer::empty()
        } else {
            Gazetteer::builtin()
        };
        if let Some(p) = &self.gazetteer {
            g.merge(Gazetteer::from_path(p)?);
        }
        Ok(g)
    }
}

/// How pairs are read and aligned (`align`, `batch`, `lexicon learn`).
#[derive(Debug, Clone, clap::Args)]
pub struct AlignArgs {
    /// Source language (ISO 639-1); detected when not given (in a batch, a record's own
    /// `src_lang` comes first).
    #[arg(short, long, value_name = "CODE", value_parser = parse_lang)]
    pub src_lang: Option<Lang>,
    /// Target language (ISO 639-1); detected when not given (in a batch, a record's own
    /// `tgt_lang` comes first).
    #[arg(short, long, value_name = "CODE", value_parser = parse_lang)]
    pub tgt_lang: Option<Lang>,
    /// How texts are split: running text segmented by tilmash, or one segment per line (bead ids
    /// are then 0-based line numbers, as in hunalign and Vecalign).
    #[arg(long, value_enum, default_value = "text")]
    pub input: InputMode,
    /// Bilingual dictionary: hunalign's `target @ source` lines, or TSV
    /// `source<TAB>target[<TAB>strength]` (what `tilmash lexicon learn` writes).
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Skip the aligner's second pass, which learns word correspondences within each pair.
    #[arg(long)]
    pub no_learn: bool,
}
