//! The machinery every single-file writer shares: the output (stdout or an atomic file), the
//! filters and the counts. Each format only encodes units into bytes.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{CorpusWriter, Format, WriteOptions, WriteSummary, WriteTarget, admit};
use crate::corpus::Unit;
use crate::error::{Error, Result};
use crate::output::Output;

/// One output: standard output, or a file that appears only on [`Out::finish`].
pub(super) struct Out {
    output: Output,
    label: String,
    path: Option<PathBuf>,
    /// Standard output was closed by the reader (`| head`): stop writing, quietly.
    closed: bool,
}

impl Out {
    pub(super) fn open(target: &WriteTarget) -> Result<Out> {
        match target {
            WriteTarget::Stdout => Ok(Out {
                output: Output::stdout(),
                label: "<stdout>".into(),
                path: None,
                closed: false,
            }),
            WriteTarget::Path(p) => Ok(Out {
                output: Output::create(Some(p))?,
                label: p.display().to_string(),
                path: Some(p.clone()),
                closed: false,
            }),
        }
    }

    pub(super) fn is_terminal(&self) -> bool {
        self.output.is_terminal()
    }

    pub(super) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if self.closed || bytes.is_empty() {
            return Ok(());
        }
        match self.output.write_all(bytes) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && self.path.is_none() => {
                self.closed = true;
                Ok(())
            }
            r => r.map_err(|e| Error::io(&self.label, e)),
        }
    }

    pub(super) fn flush(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.output.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && self.path.is_none() => {
                self.closed = true;
                Ok(())
            }
            r => r.map_err(|e| Error::io(&self.label, e)),
        }
    }

    /// Flushes and moves the file into place; returns its path.
    pub(super) fn finish(self) -> Result<Option<PathBuf>> {
        if self.closed {
            return Ok(None);
        }
        self.output.finish()?;
        Ok(self.path)
    }
}

/// How one format turns units into bytes. Each call appends to `buf`, which the writer then sends
/// to the output.
pub(super) trait Encode: Send {
    /// Learns whether the output is a terminal (pretty sizes its columns by it).
    fn on_open(&mut self, _terminal: bool) {}
    /// Writes what comes before the units (a header); `first` is the first unit to be written,
    /// `None` for an empty corpus.
    fn begin(
        &mut self,
        _buf: &mut Vec<u8>,
        _first: Option<&Unit>,
        _summary: &mut WriteSummary,
    ) -> Result<()> {
        Ok(())
    }
    /// Writes one unit that passed the filters.
    fn unit(&mut self, buf: &mut Vec<u8>, unit: &Unit, summary: &mut WriteSummary) -> Result<()>;
    /// Writes what comes after the last unit.
    fn end(&mut self, _buf: &mut Vec<u8>, _summary: &mut WriteSummary) -> Result<()> {
        Ok(())
    }
}

struct StreamWriter<E: Encode> {
    format: Format,
    options: WriteOptions,
    out: Out,
    encoder: E,
    begun: bool,
    buf: Vec<u8>,
    summary: WriteSummary,
}

/// A writer of one file (or stdout) in a format given by its encoder.
pub(super) fn stream<E: Encode + 'static>(
    format: Format,
    target: WriteTarget,
    options: &WriteOptions,
    mut encoder: E,
) -> Result<Box<dyn CorpusWriter>> {
    let out = Out::open(&target)?;
    encoder.on_open(out.is_terminal());
    Ok(Box::new(StreamWriter {
        format,
        options: options.clone(),
        out,
        encoder,
        begun: false,
        buf: Vec::with_capacity(1 << 16),
        summary: WriteSummary {
            min_score: options.min_score,
            format: Some(format),
            ..WriteSummary::default()
        },
    }))
}

impl<E: Encode> CorpusWriter for StreamWriter<E> {
    fn write_units(&mut self, units: &[Unit]) -> Result<()> {
        for unit in units {
            if !admit(unit, self.format, &self.options, &mut self.summary) {
                continue;
            }
            if !self.begun {
                self.encoder
                    .begin(&mut self.buf, Some(unit), &mut self.summary)?;
                self.begun = true;
            }
            self.encoder.unit(&mut self.buf, unit, &mut self.summary)?;
            self.summary.written += 1;
            if self.buf.len() >= 1 << 16 {
                self.out.write(&self.buf)?;
                self.buf.clear();
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.out.write(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }

    fn finish(mut self: Box<Self>) -> Result<WriteSummary> {
        if !self.begun {
            self.encoder.begin(&mut self.buf, None, &mut self.summary)?;
        }
        self.encoder.end(&mut self.buf, &mut self.summary)?;
        self.out.write(&self.buf)?;
        let this = *self;
        let mut summary = this.summary;
        if let Some(path) = this.out.finish()? {
            summary.files.push(path);
        }
        Ok(summary)
    }
}
