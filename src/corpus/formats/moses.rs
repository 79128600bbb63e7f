//! Moses pairs: two line-aligned files, `PREFIX.<src_lang>` and `PREFIX.<tgt_lang>`, line k of one
//! translating line k of the other (Moses, Marian, fairseq, OPUS). Line breaks inside a segment
//! become a space (tabs are kept: they are no line break). Both files are written atomically and
//! appear together: if the second cannot be put in place, the first is removed again.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::clean::one_line;
use super::read::{LineReader, Source};
use super::sink::Out;
use super::{
    CorpusWriter, Format, ReadOptions, WriteOptions, WriteSummary, WriteTarget, admit, lang_matches,
};
use crate::corpus::Unit;
use crate::error::{Error, Result};

/// `PREFIX.ext`, appended (a dot in the prefix is kept: `corpus.v1` → `corpus.v1.en`).
pub(super) fn side_path(prefix: &Path, ext: &str) -> PathBuf {
    let mut s = OsString::from(prefix.as_os_str());
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// File suffixes for a language pair: the tags, or `src`/`tgt` when a tag is missing or both
/// are the same (the files would collide).
fn suffixes(src: &str, tgt: &str) -> (String, String) {
    if src.is_empty() || tgt.is_empty() || src.eq_ignore_ascii_case(tgt) {
        ("src".into(), "tgt".into())
    } else {
        (src.to_string(), tgt.to_string())
    }
}

struct Open {
    src: Out,
    tgt: Out,
    src_lang: String,
    tgt_lang: String,
}

pub(super) struct MosesWriter {
    prefix: PathBuf,
    options: WriteOptions,
    open: Option<Open>,
    summary: WriteSummary,
    src_buf: Vec<u8>,
    tgt_buf: Vec<u8>,
    other_pair: usize,
}

impl MosesWriter {
    pub(super) fn open(target: WriteTarget, options: &WriteOptions) -> Result<MosesWriter> {
        let WriteTarget::Path(prefix) = target else {
            return Err(Error::Usage(
                "moses writes two files: give -o PREFIX to get PREFIX.<src_lang> and PREFIX.<tgt_lang>".into(),
            ));
        };
        if prefix.is_dir() {
            return Err(Error::Usage(format!(
                "moses: -o {} is a directory; give a prefix such as {}",
                prefix.display(),
                prefix.join("corpus").display()
            )));
        }
        Ok(MosesWriter {
            prefix,
            options: options.clone(),
            open: None,
            summary: WriteSummary {
                min_score: options.min_score,
                format: Some(Format::Moses),
                ..WriteSummary::default()
            },
            src_buf: Vec::new(),
            tgt_buf: Vec::new(),
            other_pair: 0,
        })
    }

    fn ensure_open(&mut self, src_lang: &str, tgt_lang: &str) -> Result<()> {
        if self.open.is_some() {
            return Ok(());
        }
        let pick = |l: &str, o: &Option<String>| {
            if l.is_empty() {
                o.clone().unwrap_or_default()
            } else {
                l.to_string()
            }
        };
        let src_lang = pick(src_lang, &self.options.src_lang);
        let tgt_lang = pick(tgt_lang, &self.options.tgt_lang);
        let (a, b) = suffixes(&src_lang, &tgt_lang);
        let src = Out::open(&WriteTarget::Path(side_path(&self.prefix, &a)))?;
        let tgt = Out::open(&WriteTarget::Path(side_path(&self.prefix, &b)))?;
        self.open = Some(Open {
            src,
            tgt,
            src_lang,
            tgt_lang,
        });
        Ok(())
    }

    fn write_out(&mut self) -> Result<()> {
        if let Some(o) = &mut self.open {
            o.src.write(&self.src_buf)?;
            o.tgt.write(&self.tgt_buf)?;
        }
        self.src_buf.clear();
        self.tgt_buf.clear();
        Ok(())
    }
}

impl CorpusWriter for MosesWriter {
    fn write_units(&mut self, units: &[Unit]) -> Result<()> {
        for u in units {
            if !admit(u, Format::Moses, &self.options, &mut self.summary) {
                continue;
            }
            self.ensure_open(&u.src_lang, &u.tgt_lang)?;
            let o = self.open.as_ref().expect("opened");
            let differs = |have: &str, file: &str| {
                !have.is_empty() && !file.is_empty() && !lang_matches(file, have)
            };
            if differs(&u.src_lang, &o.src_lang) || differs(&u.tgt_lang, &o.tgt_lang) {
                self.other_pair += 1;
            }
            let s = one_line(&u.source, false, &mut self.summary.breaks_replaced);
            let t = one_line(&u.target, false, &mut self.summary.breaks_replaced);
            self.src_buf.extend_from_slice(s.as_bytes());
            self.src_buf.push(b'\n');
            self.tgt_buf.extend_from_slice(t.as_bytes());
            self.tgt_buf.push(b'\n');
            self.summary.written += 1;
        }
        if self.src_buf.len() + self.tgt_buf.len() >= 1 << 16 {
            self.write_out()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.write_out()?;
        if let Some(o) = &mut self.open {
            o.src.flush()?;
            o.tgt.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<WriteSummary> {
        self.ensure_open("", "")?;
        self.write_out()?;
        let this = *self;
        let mut summary = this.summary;
        if this.other_pair > 0 {
            let o = this.open.as_ref().expect("opened");
            summary.notes.push(format!(
                "{} units have another language pair than the files ({}-{}); they were written all the same",
                this.other_pair, o.src_lang, o.tgt_lang
            ));
        }
        let o = this.open.expect("opened");
        let first = o.src.finish()?;
        match o.tgt.finish() {
            Ok(second) => {
                summary.files.extend(first);
                summary.files.extend(second);
                Ok(summary)
            }
            Err(e) => {
                // Both files or neither.
                if let Some(p) = first {
                    let _ = std::fs::remove_file(p);
                }
                Err(e)
            }
        }
    }
}

/// The two files of a Moses pair, when both languages are known.
pub(super) fn pair_paths(prefix: &Path, options: &ReadOptions) -> Option<(PathBuf, PathBuf)> {
    let (s, t) = (options.src_lang.as_deref()?, options.tgt_lang.as_deref()?);
    let (a, b) = suffixes(s, t);
    Some((side_path(prefix, &a), side_path(prefix, &b)))
}

pub(super) struct MosesSource {
    src: LineReader,
    tgt: LineReader,
    src_lang: String,
    tgt_lang: String,
}

impl MosesSource {
    pub(super) fn open(prefix: &Path, options: &ReadOptions) -> Result<MosesSource> {
        let (a, b) = pair_paths(prefix, options).ok_or_else(|| {
            Error::Usage(format!(
                "a Moses pair is read from PREFIX.<src_lang> and PREFIX.<tgt_lang>: give --src-lang and --tgt-lang with the prefix {}",
                prefix.display()
            ))
        })?;
        Ok(MosesSource {
            src: LineReader::open(&a)?,
            tgt: LineReader::open(&b)?,
            src_lang: options.src_lang.clone().unwrap_or_default(),
            tgt_lang: options.tgt_lang.clone().unwrap_or_default(),
        })
    }
}

impl Source for MosesSource {
    fn next_unit(&mut self, _options: &ReadOptions) -> Result<Option<Unit>> {
        let s = self.src.next_line()?.map(str::to_string);
        let t = self.tgt.next_line()?.map(str::to_string);
        let uneven = |short: &LineReader, long: &LineReader| {
            Error::malformed_line(
                short.label(),
                short.line_no() + 1,
                format!(
                    "the file ends here, but {} has a line {}: the two files of a Moses pair need the same number of lines",
                    long.label(),
                    long.line_no()
                ),
            )
        };
        match (s, t) {
            (None, None) => Ok(None),
            (Some(_), None) => Err(uneven(&self.tgt, &self.src)),
            (None, Some(_)) => Err(uneven(&self.src, &self.tgt)),
            (Some(source), Some(target)) => Ok(Some(Unit {
                source,
                target,
                score: None,
                src_ids: Vec::new(),
                tgt_ids: Vec::new(),
                src_lang: self.src_lang.clone(),
                tgt_lang: self.tgt_lang.clone(),
                doc: String::new(),
            })),
        }
    }
}
