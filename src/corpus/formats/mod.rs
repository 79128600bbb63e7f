//! Parallel-corpus formats: writers for `align`, `batch` and `convert`, and readers for `convert`.
//!
//! Writers stream: units arrive in slices (document by document in a batch), each is filtered
//! (`--min-score`, one-sided beads), cleaned where the format cannot hold a character, and written
//! at once, so memory stays constant however large the corpus. File outputs go through
//! [`crate::output::Output`]: nothing appears at the target path until [`CorpusWriter::finish`]
//! succeeds.
//!
//! ```
//! use tilmash::corpus::Unit;
//! use tilmash::corpus::formats::{open_writer, Format, WriteOptions, WriteTarget};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("out.jsonl");
//! let unit = Unit {
//!     source: "Hello.".into(), target: "Сәлем.".into(), score: Some(0.9),
//!     src_ids: vec![0], tgt_ids: vec![0], src_lang: "en".into(), tgt_lang: "kk".into(),
//!     doc: "greeting".into(),
//! };
//! let mut w = open_writer(Format::Jsonl, WriteTarget::Path(path.clone()), &WriteOptions::default()).unwrap();
//! w.write_units(&[unit]).unwrap();
//! let summary = w.finish().unwrap();
//! assert_eq!(summary.written, 1);
//! assert!(std::fs::read_to_string(&path).unwrap().starts_with(r#"{"source":"Hello.""#));
//! ```

mod beads;
mod clean;
mod csv;
mod date;
mod jsonl;
mod moses;
mod pretty;
mod read;
mod sink;
mod tmx;
mod tsv;

use std::path::{Path, PathBuf};

use crate::corpus::Unit;
use crate::error::{Error, Result};

pub use date::tmx_timestamp;
pub use read::{
    InputFormat, ReadOptions, UnitReader, detect_input_format, open_reader, read_units, reader_from,
};

/// An output format for aligned units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// For a terminal: both sides in wrapped columns, score per bead, omissions and additions marked.
    Pretty,
    /// `source<TAB>target<TAB>score`, one bead per line, no header.
    Tsv,
    /// RFC 4180 with the header source,target,score,src_ids,tgt_ids,src_lang,tgt_lang,doc.
    Csv,
    /// TMX 1.4b translation memory, for CAT tools (OmegaT, Trados, memoQ).
    Tmx,
    /// One JSON object per bead, with the same fields as CSV.
    Jsonl,
    /// Two line-aligned files PREFIX.<src_lang> and PREFIX.<tgt_lang> (needs `-o PREFIX`).
    Moses,
    /// `[0, 1]:[0]:0.93` per bead (Vecalign/Bertalign), ids only.
    Beads,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Pretty,
        Format::Tsv,
        Format::Csv,
        Format::Tmx,
        Format::Jsonl,
        Format::Moses,
        Format::Beads,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pretty => "pretty",
            Format::Tsv => "tsv",
            Format::Csv => "csv",
            Format::Tmx => "tmx",
            Format::Jsonl => "jsonl",
            Format::Moses => "moses",
            Format::Beads => "beads",
        }
    }

    /// File extension for one output file of this format (`batch --out-dir` writes `<id>.<ext>`).
    /// `None` for Moses, whose files are named `<prefix>.<lang>` after the languages.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Format::Pretty => Some("txt"),
            Format::Tsv => Some("tsv"),
            Format::Csv => Some("csv"),
            Format::Tmx => Some("tmx"),
            Format::Jsonl => Some("jsonl"),
            Format::Moses => None,
            Format::Beads => Some("beads"),
        }
    }

    /// Whether a bead with an empty side (an omission or an addition) can be written. TMX units,
    /// TSV lines and Moses line pairs are used as translation pairs, so an empty side would teach
    /// a tool that a sentence translates to nothing; those beads are left out unless `keep_empty`.
    pub fn holds_one_sided(self) -> bool {
        !matches!(self, Format::Tmx | Format::Tsv | Format::Moses)
    }

    /// The format a file name implies, from its extension (`out.tmx` → TMX).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == Some(ext.as_str()))
            .or(match ext.as_str() {
                "tab" => Some(Format::Tsv),
                "ndjson" => Some(Format::Jsonl),
                _ => None,
            })
    }

    /// `pretty` when standard output is a terminal (a person reads it), `tsv` otherwise: the
    /// default of `tilmash align`.
    pub fn default_for_stdout() -> Format {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() {
            Format::Pretty
        } else {
            Format::Tsv
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a writer puts its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteTarget {
    Stdout,
    /// A file, written atomically; for Moses the prefix of the two files.
    Path(PathBuf),
}

impl WriteTarget {
    /// `-o` as given: none or `-` means standard output.
    pub fn from_arg(arg: Option<&Path>) -> WriteTarget {
        match arg {
            Some(p) if p.as_os_str() != "-" => WriteTarget::Path(p.to_path_buf()),
            _ => WriteTarget::Stdout,
        }
    }

    /// The output of document `id` in `dir` for `batch --out-dir`: `dir/id.ext`, or the prefix
    /// `dir/id` for Moses.
    pub fn in_dir(dir: &Path, id: &str, format: Format) -> WriteTarget {
        match format.extension() {
            Some(ext) => WriteTarget::Path(dir.join(format!("{id}.{ext}"))),
            None => WriteTarget::Path(dir.join(id)),
        }
    }
}

/// Choices that apply to every writer; each format uses the ones that concern it.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// CSV: write the header line (`--no-header` turns it off).
    pub header: bool,
    /// Write beads with an empty side even to TMX, TSV and Moses (as an empty segment or line).
    pub keep_empty: bool,
    /// Leave out beads whose score is below this. Units without a score are kept.
    pub min_score: Option<f64>,
    /// Pretty: line width; `None` takes the terminal's width, or 100 when not on a terminal.
    pub width: Option<usize>,
    /// TMX: creation date as Unix seconds; `None` honours `SOURCE_DATE_EPOCH`, else the current time.
    pub creation_date: Option<u64>,
    /// Language tags for when no unit says them: names Moses files and the TMX `srclang` of an
    /// empty corpus.
    pub src_lang: Option<String>,
    pub tgt_lang: Option<String>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            header: true,
            keep_empty: false,
            min_score: None,
            width: None,
            creation_date: None,
            src_lang: None,
            tgt_lang: None,
        }
    }
}

/// What a writer did, for the counts and warnings a command prints on stderr.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteSummary {
    /// Units written.
    pub written: usize,
    /// Units left out because their score was below `min_score`.
    pub dropped_min_score: usize,
    /// Units left out because one side was empty and the format cannot hold that.
    pub dropped_one_sided: usize,
    /// Characters removed because the format forbids them (TMX: controls XML 1.0 forbids).
    pub control_removed: usize,
    /// Tabs and line breaks inside a segment replaced by a space (TSV, Moses).
    pub breaks_replaced: usize,
    /// Files created (empty for standard output).
    pub files: Vec<PathBuf>,
    /// Other things the user should know, already phrased.
    pub notes: Vec<String>,
    /// The threshold that was applied, to phrase the warning.
    pub min_score: Option<f64>,
    pub format: Option<Format>,
}

impl WriteSummary {
    /// Adds the counts of another summary (a batch writing one file per document sums them).
    pub fn add(&mut self, other: &WriteSummary) {
        self.written += other.written;
        self.dropped_min_score += other.dropped_min_score;
        self.dropped_one_sided += other.dropped_one_sided;
        self.control_removed += other.control_removed;
        self.breaks_replaced += other.breaks_replaced;
        self.files.extend(other.files.iter().cloned());
        for n in &other.notes {
            if !self.notes.contains(n) {
                self.notes.push(n.clone());
            }
        }
        self.min_score = self.min_score.or(other.min_score);
        self.format = self.format.or(other.format);
    }

    /// One line per thing worth a warning on stderr; empty when all went through unchanged.
    pub fn warnings(&self) -> Vec<String> {
        let fmt = self.format.map_or("this format", Format::name);
        let mut out = Vec::new();
        if self.dropped_min_score > 0 {
            out.push(format!(
                "dropped {} {} with a score below --min-score {}",
                self.dropped_min_score,
                plural(self.dropped_min_score, "bead", "beads"),
                self.min_score.map_or(String::new(), |m| m.to_string()),
            ));
        }
        if self.dropped_one_sided > 0 {
            out.push(format!(
                "left out {} one-sided {} (omissions/additions): {fmt} cannot hold an empty side; --keep-empty writes them",
                self.dropped_one_sided,
                plural(self.dropped_one_sided, "bead", "beads"),
            ));
        }
        if self.control_removed > 0 {
            out.push(format!(
                "removed {} control {} that XML 1.0 forbids",
                self.control_removed,
                plural(self.control_removed, "character", "characters"),
            ));
        }
        if self.breaks_replaced > 0 {
            out.push(format!(
                "replaced {} {} inside segments by a space, so that each line holds one pair",
                self.breaks_replaced,
                plural(
                    self.breaks_replaced,
                    "tab or line break",
                    "tabs and line breaks"
                ),
            ));
        }
        out.extend(self.notes.iter().cloned());
        out
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A streaming writer of units in one format.
pub trait CorpusWriter: Send {
    /// Filters, cleans and writes units; call as often as units arrive.
    fn write_units(&mut self, units: &[Unit]) -> Result<()>;
    /// Pushes what was written so far to the target (e.g. after each document of a batch, so a
    /// JSONL reader downstream of a pipe sees it at once).
    fn flush(&mut self) -> Result<()>;
    /// Ends the output (TMX closing tags...), moves files into place and reports the counts.
    /// Dropping a writer without calling this leaves no file behind.
    fn finish(self: Box<Self>) -> Result<WriteSummary>;
}

/// Opens a writer. Moses needs a path (the prefix of its two files); the others write to standard
/// output too.
pub fn open_writer(
    format: Format,
    target: WriteTarget,
    options: &WriteOptions,
) -> Result<Box<dyn CorpusWriter>> {
    if let Some(m) = options.min_score.filter(|m| !m.is_finite()) {
        return Err(Error::Usage(format!("--min-score {m} is not a number")));
    }
    Ok(match format {
        Format::Moses => Box::new(moses::MosesWriter::open(target, options)?),
        Format::Pretty => sink::stream(format, target, options, pretty::Pretty::new(options))?,
        Format::Tsv => sink::stream(format, target, options, tsv::Tsv)?,
        Format::Csv => sink::stream(format, target, options, csv::Csv::new(options))?,
        Format::Tmx => sink::stream(format, target, options, tmx::TmxEncoder::new(options)?)?,
        Format::Jsonl => sink::stream(format, target, options, jsonl::Jsonl)?,
        Format::Beads => sink::stream(format, target, options, beads::Beads::default())?,
    })
}

/// Writes all units at once: open, write, finish.
pub fn write_units(
    format: Format,
    target: WriteTarget,
    options: &WriteOptions,
    units: &[Unit],
) -> Result<WriteSummary> {
    let mut w = open_writer(format, target, options)?;
    w.write_units(units)?;
    w.finish()
}

/// Streams every unit of a reader into a writer (`tilmash convert`), in slices so that memory
/// stays constant; returns how many units were read. The writer is not finished.
pub fn copy(reader: &mut UnitReader, writer: &mut dyn CorpusWriter) -> Result<usize> {
    let mut chunk = Vec::with_capacity(256);
    let mut read = 0;
    for unit in reader.by_ref() {
        chunk.push(unit?);
        read += 1;
        if chunk.len() == chunk.capacity() {
            writer.write_units(&chunk)?;
            chunk.clear();
        }
    }
    writer.write_units(&chunk)?;
    Ok(read)
}

/// True when a unit has an empty side (an omission or an addition).
pub fn is_one_sided(unit: &Unit) -> bool {
    unit.source.is_empty() || unit.target.is_empty()
}

/// Whether a unit passes `--min-score` and the one-sided rule of a format; counts what it drops.
fn admit(unit: &Unit, format: Format, options: &WriteOptions, summary: &mut WriteSummary) -> bool {
    if options
        .min_score
        .zip(unit.score)
        .is_some_and(|(min, score)| score < min)
    {
        summary.dropped_min_score += 1;
        return false;
    }
    if is_one_sided(unit) && !format.holds_one_sided() && !options.keep_empty {
        summary.dropped_one_sided += 1;
        return false;
    }
    true
}

/// Checks a language tag given on the command line (`en`, `kk-Latn`, `pt-BR`): letters and digits
/// in hyphen-separated parts, the first of 2 or 3 letters. Tags from files are taken as they are.
pub fn check_lang_tag(tag: &str) -> Result<String> {
    let mut parts = tag.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    let ok = (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(tag.replace('_', "-"))
    } else {
        Err(Error::Usage(format!(
            "'{tag}' is not a language tag: expected a code such as en, tr, kk, kk-Latn, pt-BR"
        )))
    }
}

/// Whether a tag found in a file belongs to the language asked for: equal ignoring case, or the
/// same primary language where one of them names no region or script (`en` matches `EN-US`).
pub fn lang_matches(wanted: &str, found: &str) -> bool {
    if wanted.eq_ignore_ascii_case(found) {
        return true;
    }
    let primary = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let bare = |t: &str| !t.contains(['-', '_']);
    primary(wanted) == primary(found) && (bare(wanted) || bare(found))
}

/// Formats a score so that reading it back gives the same number (shortest round-trip form).
fn score_text(score: Option<f64>) -> String {
    score.map_or(String::new(), |s| s.to_string())
}

/// Sentence ids as one field: `0 1`.
fn ids_text(ids: &[usize]) -> String {
    let mut s = String::new();
    for (k, id) in ids.iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(&id.to_string());
    }
    s
}

/// Parses sentence ids written as `0 1`, `0,1` or `[0, 1]`; empty means none.
fn parse_ids(text: &str) -> std::result::Result<Vec<usize>, String> {
    let inner = text.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<usize>()
                .map_err(|_| format!("'{t}' in '{text}' is not a sentence id"))
        })
        .collect()
}

/// Parses a score field; empty means none.
fn parse_score(text: &str) -> std::result::Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(s) if s.is_finite() => Ok(Some(s)),
        _ => Err(format!("score '{t}' is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_know_their_files() {
        assert_eq!(Format::from_path(Path::new("a/b.TMX")), Some(Format::Tmx));
        assert_eq!(
            Format::from_path(Path::new("x.ndjson")),
            Some(Format::Jsonl)
        );
        assert_eq!(Format::from_path(Path::new("x")), None);
        assert_eq!(
            WriteTarget::in_dir(Path::new("out"), "doc1", Format::Moses),
            WriteTarget::Path(PathBuf::from("out/doc1"))
        );
        assert!(!Format::Tmx.holds_one_sided() && Format::Csv.holds_one_sided());
    }

    #[test]
    fn language_tags() {
        assert!(lang_matches("en", "EN-US"));
        assert!(lang_matches("kk-Latn", "kk"));
        assert!(!lang_matches("en-GB", "en-US"));
        assert!(!lang_matches("tr", "tk"));
        assert_eq!(check_lang_tag("pt_BR").unwrap(), "pt-BR");
        assert!(check_lang_tag("english!").is_err());
        assert!(check_lang_tag("").is_err());
    }

    #[test]
    fn ids_and_scores() {
        assert_eq!(parse_ids("[0, 1]").unwrap(), vec![0, 1]);
        assert_eq!(parse_ids("3 4").unwrap(), vec![3, 4]);
        assert_eq!(parse_ids("").unwrap(), Vec::<usize>::new());
        assert!(parse_ids("a").is_err());
        assert_eq!(ids_text(&[3, 4]), "3 4");
        assert_eq!(parse_score(" 0.5 ").unwrap(), Some(0.5));
        assert!(parse_score("NaN").is_err());
        assert_eq!(score_text(Some(0.93)), "0.93");
        assert_eq!(score_text(Some(1.0)), "1");
    }
}
