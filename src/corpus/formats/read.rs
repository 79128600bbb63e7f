//! Readers: TMX, CSV, TSV, JSONL and Moses pairs, each a stream of units.
//!
//! Text is kept exactly as the file has it (only a leading byte-order mark and the line ends of
//! line-based formats go), so that `convert` round trips. Malformed input is an error that names
//! the file, the line (or byte offset) and what is wrong.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::csv::CsvSource;
use super::jsonl::JsonlSource;
use super::lang_matches;
use super::moses::{MosesSource, pair_paths};
use super::tmx::TmxSource;
use crate::corpus::Unit;
use crate::error::{Error, Result, label_of};

/// A format that can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum InputFormat {
    /// TMX 1.1 to 1.4 (UTF-8 or UTF-16).
    Tmx,
    /// CSV with or without the header line.
    Csv,
    /// Tab-separated: source, target, optional score (or named columns after a header line).
    Tsv,
    /// One JSON object per line with at least source and target.
    Jsonl,
    /// Two line-aligned files PREFIX.<src_lang>, PREFIX.<tgt_lang> (give the prefix and both languages).
    Moses,
}

impl InputFormat {
    /// From a file name's extension.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "tmx" | "xml" => InputFormat::Tmx,
            "csv" => InputFormat::Csv,
            "tsv" | "tab" => InputFormat::Tsv,
            "jsonl" | "ndjson" | "json" => InputFormat::Jsonl,
            _ => return None,
        })
    }
}

/// Which language pair to read. For TMX, the languages to take from each `<tu>` (by default the
/// header's `srclang` and the one other language). For the other formats, they fill in units that
/// name no language, and units of another pair are skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    pub src_lang: Option<String>,
    pub tgt_lang: Option<String>,
}

/// One format's stream of units.
pub(super) trait Source: Send {
    fn next_unit(&mut self, options: &ReadOptions) -> Result<Option<Unit>>;
    /// Things the user should know once the stream is read.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// A stream of units from one input. Stops after the first error.
pub struct UnitReader {
    label: String,
    format: InputFormat,
    source: Box<dyn Source>,
    options: ReadOptions,
    done: bool,
    other_pair: usize,
}

impl UnitReader {
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// What the reader skipped or changed, phrased for stderr; complete once the stream is read.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self.source.notes();
        if self.other_pair > 0 {
            notes.push(format!(
                "{}: skipped {} units of another language pair than {}-{}",
                self.label,
                self.other_pair,
                self.options.src_lang.as_deref().unwrap_or("*"),
                self.options.tgt_lang.as_deref().unwrap_or("*"),
            ));
        }
        notes
    }

    /// Fills in missing languages; false when the unit belongs to another pair.
    fn place(&mut self, unit: &mut Unit) -> bool {
        for (have, want) in [
            (&mut unit.src_lang, &self.options.src_lang),
            (&mut unit.tgt_lang, &self.options.tgt_lang),
        ] {
            if let Some(want) = want {
                if have.is_empty() {
                    *have = want.clone();
                } else if !lang_matches(want, have) {
                    self.other_pair += 1;
                    return false;
                }
            }
        }
        true
    }
}

impl Iterator for UnitReader {
    type Item = Result<Unit>;

    fn next(&mut self) -> Option<Result<Unit>> {
        while !self.done {
            match self.source.next_unit(&self.options) {
                Ok(Some(mut unit)) => {
                    if self.place(&mut unit) {
                        return Some(Ok(unit));
                    }
                }
                Ok(None) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// Opens a file (or `-` for standard input) for reading. The format is taken from `format`, else
/// from the extension, else from the content. For Moses, `path` is the prefix and both languages
/// must be given.
pub fn open_reader(
    path: &Path,
    format: Option<InputFormat>,
    options: &ReadOptions,
) -> Result<UnitReader> {
    let label = label_of(path);
    let stdin = path.as_os_str() == "-";
    let mut format = format.or_else(|| InputFormat::from_path(path));
    if format.is_none() && !stdin && !path.exists() {
        let pair = pair_paths(path, options);
        if pair.is_some_and(|(a, b)| a.is_file() && b.is_file()) {
            format = Some(InputFormat::Moses);
        }
    }
    if format == Some(InputFormat::Moses) {
        return Ok(UnitReader {
            label,
            format: InputFormat::Moses,
            source: Box::new(MosesSource::open(path, options)?),
            options: options.clone(),
            done: false,
            other_pair: 0,
        });
    }
    let mut input: Box<dyn BufRead + Send> = if stdin {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, open_file(path)?))
    };
    let format = match format {
        Some(f) => f,
        None => sniff(&label, &mut input)?,
    };
    reader_from(label, input, format, options)
}

/// Reads units from any buffered input in a known format (not Moses, which is two files).
pub fn reader_from(
    label: impl Into<String>,
    input: Box<dyn BufRead + Send>,
    format: InputFormat,
    options: &ReadOptions,
) -> Result<UnitReader> {
    let label = label.into();
    let source: Box<dyn Source> = match format {
        InputFormat::Tmx => Box::new(TmxSource::new(label.clone(), input)?),
        InputFormat::Csv => Box::new(CsvSource::new(label.clone(), input, false)),
        InputFormat::Tsv => Box::new(CsvSource::new(label.clone(), input, true)),
        InputFormat::Jsonl => Box::new(JsonlSource::new(label.clone(), input)),
        InputFormat::Moses => {
            return Err(Error::Usage(
                "a Moses pair is two files: open it with open_reader and the prefix".into(),
            ));
        }
    };
    Ok(UnitReader {
        label,
        format,
        source,
        options: options.clone(),
        done: false,
        other_pair: 0,
    })
}

/// Reads all units of an input.
pub fn read_units(
    path: &Path,
    format: Option<InputFormat>,
    options: &ReadOptions,
) -> Result<Vec<Unit>> {
    open_reader(path, format, options)?.collect()
}

/// The format of a file: from its extension, else from its first bytes.
pub fn detect_input_format(path: &Path) -> Result<InputFormat> {
    if let Some(f) = InputFormat::from_path(path) {
        return Ok(f);
    }
    let mut input: Box<dyn BufRead + Send> = Box::new(BufReader::new(open_file(path)?));
    sniff(&label_of(path), &mut input)
}

fn open_file(path: &Path) -> Result<File> {
    let label = label_of(path);
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NotFound { label });
        }
        Ok(m) if m.is_dir() => return Err(Error::IsDirectory { label }),
        _ => {}
    }
    File::open(path).map_err(|e| Error::io(label, e))
}

/// Tells the format from the first bytes: `<` is TMX, `{` JSONL, a tab in the first line TSV, a
/// comma CSV.
fn sniff(label: &str, input: &mut Box<dyn BufRead + Send>) -> Result<InputFormat> {
    let head = input.fill_buf().map_err(|e| Error::io(label, e))?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Ok(InputFormat::Tmx);
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(Error::Empty {
            label: label.to_string(),
        });
    };
    let rest = &head[start..];
    let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
    Ok(match rest[0] {
        b'<' => InputFormat::Tmx,
        b'{' => InputFormat::Jsonl,
        _ if line.contains(&b'\t') => InputFormat::Tsv,
        _ if line.contains(&b',') => InputFormat::Csv,
        _ => {
            return Err(Error::Usage(format!(
                "{label}: cannot tell the format; give --from tmx, csv, tsv, jsonl or moses"
            )));
        }
    })
}

/// Lines of a UTF-8 input without their line end (LF or CR LF), numbered from 1, with the byte
/// offset kept for error messages.
pub(super) struct LineReader {
    label: String,
    input: Box<dyn BufRead + Send>,
    buf: Vec<u8>,
    line_no: usize,
    offset: u64,
}

impl LineReader {
    pub(super) fn new(label: String, input: Box<dyn BufRead + Send>) -> LineReader {
        LineReader {
            label,
            input,
            buf: Vec::new(),
            line_no: 0,
            offset: 0,
        }
    }

    pub(super) fn open(path: &Path) -> Result<LineReader> {
        let file = open_file(path)?;
        Ok(LineReader::new(
            label_of(path),
            Box::new(BufReader::with_capacity(1 << 16, file)),
        ))
    }

    pub(super) fn label(&self) -> &str {
        &self.label
    }

    /// The number of the line last read.
    pub(super) fn line_no(&self) -> usize {
        self.line_no
    }

    pub(super) fn next_line(&mut self) -> Result<Option<&str>> {
        self.buf.clear();
        let n = self
            .input
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Error::io(&self.label, e))?;
        if n == 0 {
            return Ok(None);
        }
        self.line_no += 1;
        let start = self.offset;
        self.offset += n as u64;
        let mut line = &self.buf[..];
        if let Some(l) = line.strip_suffix(b"\n") {
            line = l.strip_suffix(b"\r").unwrap_or(l);
        }
        let mut skip = 0;
        if self.line_no == 1
            && let Some(l) = line.strip_prefix(b"\xEF\xBB\xBF")
        {
            line = l;
            skip = 3;
        }
        match std::str::from_utf8(line) {
            Ok(s) => Ok(Some(s)),
            Err(e) => Err(Error::Malformed {
                label: self.label.clone(),
                location: format!(
                    "line {}, byte {}",
                    self.line_no,
                    start + skip + e.valid_up_to() as u64
                ),
                message: "invalid UTF-8; tilmash reads UTF-8 only".into(),
            }),
        }
    }
}
