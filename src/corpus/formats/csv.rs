//! CSV (RFC 4180, through the csv crate) and the reading side of TSV.
//!
//! Written with the header `source,target,score,src_ids,tgt_ids,src_lang,tgt_lang,doc`; ids as
//! `0 1`. Every character survives: fields with quotes, commas or line breaks are quoted.
//! Read with or without a header: a first line naming `source` and `target` is a header, and
//! its names place the columns; otherwise the columns are taken in the order above, so a
//! two-column file is source and target, a three-column one (TSV from `align`) adds the score.

use std::io::BufRead;
use std::sync::{Arc, Mutex};

use super::read::Source;
use super::sink::Encode;
use super::{
    ReadOptions, WriteOptions, WriteSummary, ids_text, parse_ids, parse_score, score_text,
};
use crate::corpus::Unit;
use crate::error::{Error, Result};

/// The columns, in the order they are written.
pub(super) const COLUMNS: [&str; 8] = [
    "source", "target", "score", "src_ids", "tgt_ids", "src_lang", "tgt_lang", "doc",
];

pub(super) struct Csv {
    header: bool,
    writer: csv::Writer<Shared>,
    bytes: Shared,
}

/// The csv writer's output, shared so each record can be moved on as soon as it is written.
#[derive(Clone, Default)]
pub(super) struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Csv {
    pub(super) fn new(options: &WriteOptions) -> Csv {
        let bytes = Shared::default();
        Csv {
            header: options.header,
            writer: csv::WriterBuilder::new().from_writer(bytes.clone()),
            bytes,
        }
    }

    fn record(&mut self, buf: &mut Vec<u8>, fields: &[&str]) -> Result<()> {
        self.writer
            .write_record(fields)
            .and_then(|()| self.writer.flush().map_err(Into::into))
            .map_err(|e| Error::Usage(format!("csv: {e}")))?;
        buf.append(&mut self.bytes.0.lock().expect("not poisoned"));
        Ok(())
    }
}

impl Encode for Csv {
    fn begin(
        &mut self,
        buf: &mut Vec<u8>,
        _first: Option<&Unit>,
        _summary: &mut WriteSummary,
    ) -> Result<()> {
        if self.header {
            self.record(buf, &COLUMNS)?;
        }
        Ok(())
    }

    fn unit(&mut self, buf: &mut Vec<u8>, u: &Unit, _summary: &mut WriteSummary) -> Result<()> {
        let score = score_text(u.score);
        let src_ids = ids_text(&u.src_ids);
        let tgt_ids = ids_text(&u.tgt_ids);
        self.record(
            buf,
            &[
                &u.source,
                &u.target,
                &score,
                &src_ids,
                &tgt_ids,
                &u.src_lang,
                &u.tgt_lang,
                &u.doc,
            ],
        )
    }
}

/// Where each known column is in the file.
#[derive(Debug, Default)]
struct Layout {
    at: [Option<usize>; 8],
}

impl Layout {
    fn get<'r>(&self, rec: &'r csv::StringRecord, col: usize) -> &'r str {
        self.at[col].and_then(|i| rec.get(i)).unwrap_or("")
    }
}

pub(super) struct CsvSource {
    label: String,
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    layout: Option<Layout>,
    /// The first line when it turned out to be data, not a header.
    pending: Option<csv::StringRecord>,
    record: csv::StringRecord,
    what: &'static str,
}

impl CsvSource {
    /// `tab` reads TSV: tab-delimited, no quoting (tilmash's TSV never quotes, and a quote in a
    /// sentence is text).
    pub(super) fn new(label: String, input: Box<dyn BufRead + Send>, tab: bool) -> CsvSource {
        let mut b = csv::ReaderBuilder::new();
        b.has_headers(false).flexible(false);
        if tab {
            b.delimiter(b'\t').quoting(false);
        }
        CsvSource {
            label,
            reader: b.from_reader(input),
            layout: None,
            pending: None,
            record: csv::StringRecord::new(),
            what: if tab { "TSV" } else { "CSV" },
        }
    }

    fn error(&self, e: csv::Error) -> Error {
        let line = e.position().map_or(0, csv::Position::line);
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::io(&self.label, io),
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => Error::malformed_line(
                &self.label,
                line as usize,
                format!("{len} fields where the first line has {expected_len}"),
            ),
            csv::ErrorKind::Utf8 { pos, err } => Error::Malformed {
                label: self.label.clone(),
                location: format!(
                    "line {}, byte {}",
                    pos.as_ref().map_or(line, csv::Position::line),
                    pos.as_ref().map_or(0, csv::Position::byte)
                ),
                message: format!(
                    "invalid UTF-8 in field {}; tilmash reads UTF-8 only",
                    err.field() + 1
                ),
            },
            other => Error::Malformed {
                label: self.label.clone(),
                location: format!("line {line}"),
                message: format!("{other:?}"),
            },
        }
    }

    /// Reads the first line and decides whether it is a header.
    fn init(&mut self) -> Result<bool> {
        let mut first = csv::StringRecord::new();
        if !self
            .reader
            .read_record(&mut first)
            .map_err(|e| self.error(e))?
        {
            return Ok(false);
        }
        // A UTF-8 byte-order mark belongs to the file, not to the first field.
        if let Some(rest) = first.get(0).and_then(|f| f.strip_prefix('\u{FEFF}')) {
            let mut fixed = csv::StringRecord::new();
            fixed.push_field(rest);
            for field in first.iter().skip(1) {
                fixed.push_field(field);
            }
            fixed.set_position(first.position().cloned());
            first = fixed;
        }
        let names: Vec<String> = first
            .iter()
            .map(|f| f.trim().to_ascii_lowercase())
            .collect();
        let mut layout = Layout::default();
        if names.iter().any(|n| n == "source") && names.iter().any(|n| n == "target") {
            for (i, n) in names.iter().enumerate() {
                if let Some(col) = COLUMNS.iter().position(|c| c == n) {
                    layout.at[col].get_or_insert(i);
                }
            }
        } else {
            let n = first.len();
            if !(2..=COLUMNS.len()).contains(&n) {
                return Err(Error::malformed_line(
                    &self.label,
                    1,
                    format!(
                        "{n} {}; without a header the columns are {} (at least source and target)",
                        if n == 1 { "field" } else { "fields" },
                        COLUMNS.join(",")
                    ),
                ));
            }
            for i in 0..n {
                layout.at[i] = Some(i);
            }
            self.pending = Some(first);
        }
        self.layout = Some(layout);
        Ok(true)
    }
}

impl Source for CsvSource {
    fn next_unit(&mut self, _options: &ReadOptions) -> Result<Option<Unit>> {
        if self.layout.is_none() && !self.init()? {
            return Ok(None);
        }
        let rec = match self.pending.take() {
            Some(r) => r,
            None => {
                if !self
                    .reader
                    .read_record(&mut self.record)
                    .map_err(|e| self.error(e))?
                {
                    return Ok(None);
                }
                self.record.clone()
            }
        };
        let layout = self.layout.as_ref().expect("initialized");
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let bad =
            |m: String| Error::malformed_line(&self.label, line, format!("{}: {m}", self.what));
        Ok(Some(Unit {
            source: layout.get(&rec, 0).to_string(),
            target: layout.get(&rec, 1).to_string(),
            score: parse_score(layout.get(&rec, 2)).map_err(bad)?,
            src_ids: parse_ids(layout.get(&rec, 3)).map_err(bad)?,
            tgt_ids: parse_ids(layout.get(&rec, 4)).map_err(bad)?,
            src_lang: layout.get(&rec, 5).trim().to_string(),
            tgt_lang: layout.get(&rec, 6).trim().to_string(),
            doc: layout.get(&rec, 7).to_string(),
        }))
    }
}
