//! Where results go: standard output, or a file written atomically.
//!
//! A file output is written to a temporary file in the same folder and renamed over the target only
//! when [`Output::finish`] succeeds, so an error or an interruption never leaves a partial file.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// A buffered sink for results.
pub struct Output {
    sink: Sink,
}

enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File {
        writer: BufWriter<NamedTempFile>,
        path: PathBuf,
    },
}

impl Output {
    /// Standard output for `None` or `-`, otherwise a temporary file beside `path`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        match path {
            None => Ok(Output::stdout()),
            Some(p) if p.as_os_str() == "-" => Ok(Output::stdout()),
            Some(p) => {
                let label = p.display().to_string();
                if p.is_dir() {
                    return Err(Error::IsDirectory { label });
                }
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let tmp = tempfile::Builder::new()
                    .prefix(".tilmash-")
                    .suffix(".part")
                    .tempfile_in(dir)
                    .map_err(|e| Error::io(&label, e))?;
                Ok(Output {
                    sink: Sink::File {
                        writer: BufWriter::new(tmp),
                        path: p.to_path_buf(),
                    },
                })
            }
        }
    }

    /// Standard output.
    pub fn stdout() -> Output {
        Output {
            sink: Sink::Stdout(BufWriter::new(io::stdout())),
        }
    }

    /// Whether this writes to a terminal (so a human reads it).
    pub fn is_terminal(&self) -> bool {
        use std::io::IsTerminal;
        matches!(self.sink, Sink::Stdout(_)) && io::stdout().is_terminal()
    }

    /// Flushes and, for a file, moves it into place. Until this is called the target is untouched.
    pub fn finish(self) -> Result<()> {
        match self.sink {
            Sink::Stdout(mut w) => match w.flush() {
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| Error::io("<stdout>", e)),
            },
            Sink::File { writer, path } => {
                let label = path.display().to_string();
                let tmp = writer
                    .into_inner()
                    .map_err(|e| Error::io(&label, e.into_error()))?;
                tmp.as_file()
                    .sync_all()
                    .map_err(|e| Error::io(&label, e))?;
                tmp.persist(&path).map_err(|e| Error::io(&label, e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { writer, .. } => writer.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Stdout(w) => w.flush(),
            Sink::File { writer, .. } => writer.flush(),
        }
    }
}

/// Writes `contents` to `path` atomically (temporary file, then rename).
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let mut out = Output::create(Some(path))?;
    out.write_all(contents)
        .map_err(|e| Error::io(path.display().to_string(), e))?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_appears_only_on_finish() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tsv");
        let mut out = Output::create(Some(&path)).unwrap();
        out.write_all(b"a\tb\n").unwrap();
        assert!(!path.exists());
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\tb\n");
    }

    #[test]
    fn dropped_output_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tsv");
        {
            let mut out = Output::create(Some(&path)).unwrap();
            out.write_all(b"partial").unwrap();
        }
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
