//! What a batch aligns: a manifest of document pairs, read lazily so that a manifest of any length
//! (or a stream of texts on standard input) costs constant memory.
//!
//! Three sources:
//! - a TSV or CSV file with a header naming the columns `id`, `src`, `tgt` and optionally
//!   `src_lang`, `tgt_lang` (any order; other columns are ignored);
//! - a JSONL file with those keys, one pair per line;
//! - two directories, files paired by name (`--src-dir A --tgt-dir B`).
//!
//! Instead of `src`/`tgt` (file paths), a record may carry the texts themselves in `src_text` and
//! `tgt_text`: the streaming form, which is what Spark's `RDD.pipe` and Hadoop Streaming feed a
//! mapper. Relative paths are taken relative to the manifest's folder (to the working directory
//! for a manifest on standard input), so a manifest and its texts can move together.
//!
//! A record that cannot be used (a missing field, a line that is not JSON) is not an error of the
//! whole batch: it becomes a [`Failure`] with its id and reason, and the other records go on.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, label_of};

/// One document pair to align.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The document id: names the output file in `--out-dir` and the `doc` of every bead.
    pub id: String,
    pub input: PairInput,
    /// Language codes as the manifest gives them (checked when the pair is aligned, so that a bad
    /// code fails this entry only).
    pub src_lang: Option<String>,
    pub tgt_lang: Option<String>,
    /// Where the entry was read: `manifest.tsv:line 4`.
    pub origin: String,
}

/// Where the two texts of a pair are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairInput {
    /// Two files.
    Files { src: PathBuf, tgt: PathBuf },
    /// The texts themselves (streaming records).
    Texts { src: String, tgt: String },
}

/// An entry that cannot be aligned, with the reason: reported, counted, and the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub id: String,
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.id, self.reason)
    }
}

/// The layout of a manifest file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ManifestFormat {
    Tsv,
    Csv,
    Jsonl,
}

impl ManifestFormat {
    /// From a file name's extension.
    pub fn from_path(path: &Path) -> Option<ManifestFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tsv" | "tab" => Some(ManifestFormat::Tsv),
            "csv" => Some(ManifestFormat::Csv),
            "jsonl" | "ndjson" | "json" => Some(ManifestFormat::Jsonl),
            _ => None,
        }
    }

    /// From the first line: an object is JSONL, a tab makes TSV, anything else CSV. An empty
    /// input is an empty JSONL manifest (nothing to align), not a CSV without its header.
    fn sniff(first_line: &[u8]) -> ManifestFormat {
        let trimmed = first_line.trim_ascii_start();
        if trimmed.is_empty() || trimmed.starts_with(b"{") {
            ManifestFormat::Jsonl
        } else if first_line.contains(&b'\t') {
            ManifestFormat::Tsv
        } else {
            ManifestFormat::Csv
        }
    }
}

/// A source of entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    /// A manifest file, or `-` for standard input. `format: None` takes it from the extension,
    /// else from the first line.
    File {
        path: PathBuf,
        format: Option<ManifestFormat>,
    },
    /// Files of two folders paired by name; the id is the file name without its extension.
    Dirs { src: PathBuf, tgt: PathBuf },
}

/// A lazy stream of entries (or failed records), in manifest order.
pub type Entries = Box<dyn Iterator<Item = std::result::Result<Entry, Failure>> + Send>;

impl Manifest {
    /// Whether the manifest is standard input, which can be read only once.
    pub fn is_stdin(&self) -> bool {
        matches!(self, Manifest::File { path, .. } if path.as_os_str() == "-")
    }

    /// Opens the manifest for one pass over its entries. Errors concern the manifest as a whole
    /// (unreadable, no header, missing columns): exit code 2.
    pub fn entries(&self) -> Result<Entries> {
        match self {
            Manifest::Dirs { src, tgt } => Ok(Box::new(dir_entries(src, tgt)?.into_iter())),
            Manifest::File { path, format } => {
                let label = label_of(path);
                let base = match path.parent() {
                    Some(p) if path.as_os_str() != "-" => p.to_path_buf(),
                    _ => PathBuf::new(),
                };
                let input: Box<dyn Read + Send> = if path.as_os_str() == "-" {
                    Box::new(std::io::stdin())
                } else {
                    match File::open(path) {
                        Ok(f) => Box::new(f),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            return Err(Error::NotFound { label });
                        }
                        Err(e) => return Err(Error::io(label, e)),
                    }
                };
                let mut input = BufReader::with_capacity(1 << 16, input);
                // The first line decides the format when the extension does not.
                let mut first = Vec::new();
                input
                    .read_until(b'\n', &mut first)
                    .map_err(|e| Error::io(&label, e))?;
                let first = strip_bom(first);
                let format = format
                    .or_else(|| ManifestFormat::from_path(path))
                    .unwrap_or_else(|| ManifestFormat::sniff(&first));
                let rest: Box<dyn BufRead + Send> =
                    Box::new(BufReader::new(std::io::Cursor::new(first).chain(input)));
                match format {
                    ManifestFormat::Jsonl => Ok(Box::new(JsonlEntries {
                        label,
                        base,
                        input: rest,
                        line_no: 0,
                        buf: Vec::new(),
                    })),
                    ManifestFormat::Tsv | ManifestFormat::Csv => {
                        Ok(Box::new(table_entries(label, base, rest, format)?))
                    }
                }
            }
        }
    }
}

fn strip_bom(mut line: Vec<u8>) -> Vec<u8> {
    if line.starts_with(b"\xEF\xBB\xBF") {
        line.drain(..3);
    }
    line
}

/// The fields of one record, whatever the manifest format.
#[derive(Debug, Default)]
struct Fields {
    id: Option<String>,
    src: Option<String>,
    tgt: Option<String>,
    src_text: Option<String>,
    tgt_text: Option<String>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
}

impl Fields {
    fn into_entry(
        self,
        base: &Path,
        origin: String,
        fallback_id: &str,
    ) -> std::result::Result<Entry, Failure> {
        let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        let Some(id) = nonempty(self.id).map(|s| s.trim().to_string()) else {
            return Err(Failure {
                id: fallback_id.to_string(),
                reason: format!("{origin}: no id"),
            });
        };
        let fail = |reason: String| Failure {
            id: id.clone(),
            reason,
        };
        let input = match (self.src_text, self.tgt_text) {
            (Some(src), Some(tgt)) => PairInput::Texts { src, tgt },
            (None, None) => match (nonempty(self.src), nonempty(self.tgt)) {
                (Some(s), Some(t)) => PairInput::Files {
                    src: base.join(s.trim()),
                    tgt: base.join(t.trim()),
                },
                _ => {
                    return Err(fail(format!(
                        "{origin}: needs src and tgt (file paths) or src_text and tgt_text"
                    )));
                }
            },
            _ => {
                return Err(fail(format!("{origin}: needs both src_text and tgt_text")));
            }
        };
        Ok(Entry {
            id,
            input,
            src_lang: nonempty(self.src_lang).map(|s| s.trim().to_string()),
            tgt_lang: nonempty(self.tgt_lang).map(|s| s.trim().to_string()),
            origin,
        })
    }
}

/// JSONL records, one per line; a bad line fails that record only.
struct JsonlEntries {
    label: String,
    base: PathBuf,
    input: Box<dyn BufRead + Send>,
    line_no: usize,
    buf: Vec<u8>,
}

impl Iterator for JsonlEntries {
    type Item = std::result::Result<Entry, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line_no += 1;
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    // An unreadable stream ends the manifest; what was read stands.
                    return Some(Err(Failure {
                        id: format!("line {}", self.line_no),
                        reason: format!("{}: {e}", self.label),
                    }));
                }
            }
            if self.buf.trim_ascii().is_empty() {
                continue;
            }
            // Without its line end, so that a parse error's column is within this line.
            while self.buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                self.buf.pop();
            }
            let origin = format!("{}:line {}", self.label, self.line_no);
            let fallback = format!("line {}", self.line_no);
            return Some(parse_json_record(&self.buf, &self.base, origin, &fallback));
        }
    }
}

fn parse_json_record(
    line: &[u8],
    base: &Path,
    origin: String,
    fallback_id: &str,
) -> std::result::Result<Entry, Failure> {
    let fail = |reason: String| Failure {
        id: fallback_id.to_string(),
        reason: format!("{origin}: {reason}"),
    };
    let text = std::str::from_utf8(line).map_err(|e| {
        fail(format!(
            "invalid UTF-8 at byte {} of the line",
            e.valid_up_to()
        ))
    })?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| fail(format!("not a JSON object: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(fail("not a JSON object".into()));
    };
    // The id is taken even when another field is bad, so that the failure names it.
    let mut fields = Fields {
        id: match map.get("id") {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        },
        ..Fields::default()
    };
    let id_for_errors = fields.id.clone().unwrap_or_else(|| fallback_id.to_string());
    for (key, slot) in [
        ("src", &mut fields.src),
        ("tgt", &mut fields.tgt),
        ("src_text", &mut fields.src_text),
        ("tgt_text", &mut fields.tgt_text),
        ("src_lang", &mut fields.src_lang),
        ("tgt_lang", &mut fields.tgt_lang),
    ] {
        match map.get(key) {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(s)) => *slot = Some(s.clone()),
            Some(_) => {
                return Err(Failure {
                    id: id_for_errors,
                    reason: format!("{origin}: '{key}' is not a string"),
                });
            }
        }
    }
    fields.into_entry(base, origin, fallback_id)
}

/// TSV or CSV with a header line, through the csv crate. TSV has no quoting (a quote is an
/// ordinary character in a path); CSV follows RFC 4180.
fn table_entries(
    label: String,
    base: PathBuf,
    input: Box<dyn BufRead + Send>,
    format: ManifestFormat,
) -> Result<impl Iterator<Item = std::result::Result<Entry, Failure>> + Send> {
    let mut builder = csv::ReaderBuilder::new();
    builder.has_headers(true).flexible(true);
    if format == ManifestFormat::Tsv {
        builder.delimiter(b'\t').quoting(false);
    }
    let mut reader = builder.from_reader(input);
    let headers = reader
        .byte_headers()
        .map_err(|e| Error::Malformed {
            label: label.clone(),
            location: "line 1".into(),
            message: e.to_string(),
        })?
        .clone();
    let mut columns: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (k, h) in headers.iter().enumerate() {
        let name = String::from_utf8_lossy(h).trim().to_ascii_lowercase();
        for known in [
            "id", "src", "tgt", "src_text", "tgt_text", "src_lang", "tgt_lang",
        ] {
            if name == known {
                columns.entry(known).or_insert(k);
            }
        }
    }
    let has = |c: &str| columns.contains_key(c);
    if !has("id") || !((has("src") && has("tgt")) || (has("src_text") && has("tgt_text"))) {
        return Err(Error::Malformed {
            label,
            location: "line 1".into(),
            message: "the header must name the columns id, src, tgt (optional: src_lang, \
                      tgt_lang), or id, src_text, tgt_text"
                .into(),
        });
    }
    let records = reader.into_byte_records();
    Ok(records.enumerate().map(move |(k, rec)| {
        // Line of the record (the header is line 1); a quoted field may span lines, so take the
        // csv crate's count when it has one.
        let line = rec
            .as_ref()
            .ok()
            .and_then(|r| r.position().map(|p| p.line() as usize))
            .unwrap_or(k + 2);
        let origin = format!("{label}:line {line}");
        let fallback = format!("line {line}");
        let rec = rec.map_err(|e| Failure {
            id: fallback.clone(),
            reason: format!("{label}: {e}"),
        })?;
        let mut fields = Fields::default();
        for (name, &col) in &columns {
            let Some(raw) = rec.get(col) else { continue };
            let value = String::from_utf8(raw.to_vec()).map_err(|e| Failure {
                id: fallback.clone(),
                reason: format!(
                    "{origin}: column {name}: invalid UTF-8 at byte {}",
                    e.utf8_error().valid_up_to()
                ),
            })?;
            let slot = match *name {
                "id" => &mut fields.id,
                "src" => &mut fields.src,
                "tgt" => &mut fields.tgt,
                "src_text" => &mut fields.src_text,
                "tgt_text" => &mut fields.tgt_text,
                "src_lang" => &mut fields.src_lang,
                _ => &mut fields.tgt_lang,
            };
            *slot = Some(value);
        }
        // An empty text column means "no text here": take the path columns, if any.
        if fields.src_text.as_deref() == Some("") && fields.tgt_text.as_deref() == Some("") {
            fields.src_text = None;
            fields.tgt_text = None;
        }
        fields.into_entry(&base, origin, &fallback)
    }))
}

/// Pairs the files of two folders by name. A file on one side only is a failed entry.
fn dir_entries(src: &Path, tgt: &Path) -> Result<Vec<std::result::Result<Entry, Failure>>> {
    let list = |dir: &Path| -> Result<BTreeMap<String, PathBuf>> {
        let label = dir.display().to_string();
        let rd = std::fs::read_dir(dir).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                label: label.clone(),
            },
            _ => Error::io(&label, e),
        })?;
        let mut out = BTreeMap::new();
        for e in rd {
            let e = e.map_err(|e| Error::io(&label, e))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || e.path().is_dir() {
                continue;
            }
            out.insert(name, e.path());
        }
        Ok(out)
    };
    let (a, b) = (list(src)?, list(tgt)?);
    let id_of = |name: &str| {
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.to_string())
    };
    let mut out = Vec::new();
    for (name, path) in &a {
        let id = id_of(name);
        match b.get(name) {
            Some(t) => out.push(Ok(Entry {
                id,
                input: PairInput::Files {
                    src: path.clone(),
                    tgt: t.clone(),
                },
                src_lang: None,
                tgt_lang: None,
                origin: path.display().to_string(),
            })),
            None => out.push(Err(Failure {
                id,
                reason: format!(
                    "{}: no file of that name in {}",
                    path.display(),
                    tgt.display()
                ),
            })),
        }
    }
    for (name, path) in b.iter().filter(|(n, _)| !a.contains_key(*n)) {
        out.push(Err(Failure {
            id: id_of(name),
            reason: format!(
                "{}: no file of that name in {}",
                path.display(),
                src.display()
            ),
        }));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(m: &Manifest) -> Vec<std::result::Result<Entry, Failure>> {
        m.entries().unwrap().collect()
    }

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn tsv_csv_and_jsonl_give_the_same_entries() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let tsv = file(
            d,
            "m.tsv",
            "tgt\tid\tsrc\ttgt_lang\nb/1.tr\tdoc1\ta/1.en\ttr\n/abs/2.tr\tdoc2\ta/2.en\t\n",
        );
        let csv = file(
            d,
            "m.csv",
            "id,src,tgt,src_lang,tgt_lang\ndoc1,a/1.en,b/1.tr,,tr\n\"doc2\",a/2.en,/abs/2.tr,,\n",
        );
        let jsonl = file(
            d,
            "m.jsonl",
            "{\"id\":\"doc1\",\"src\":\"a/1.en\",\"tgt\":\"b/1.tr\",\"tgt_lang\":\"tr\"}\n\n\
             {\"id\":\"doc2\",\"src\":\"a/2.en\",\"tgt\":\"/abs/2.tr\",\"src_lang\":null}\n",
        );
        let strip = |v: Vec<std::result::Result<Entry, Failure>>| -> Vec<Entry> {
            v.into_iter()
                .map(|e| Entry {
                    origin: String::new(),
                    ..e.unwrap()
                })
                .collect()
        };
        let m = |p: &PathBuf| Manifest::File {
            path: p.clone(),
            format: None,
        };
        let a = strip(collect(&m(&tsv)));
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].input,
            PairInput::Files {
                src: d.join("a/1.en"),
                tgt: d.join("b/1.tr")
            }
        );
        assert_eq!(a[0].tgt_lang.as_deref(), Some("tr"));
        assert_eq!(a[1].tgt_lang, None);
        assert_eq!(
            a[1].input,
            PairInput::Files {
                src: d.join("a/2.en"),
                tgt: PathBuf::from("/abs/2.tr")
            }
        );
        assert_eq!(a, strip(collect(&m(&csv))));
        assert_eq!(a, strip(collect(&m(&jsonl))));
    }

    #[test]
    fn format_is_sniffed_without_an_extension() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(
            dir.path(),
            "manifest",
            "{\"id\": 7, \"src_text\": \"Hello.\", \"tgt_text\": \"Merhaba.\"}\n",
        );
        let v = collect(&Manifest::File {
            path: p,
            format: None,
        });
        let e = v[0].as_ref().unwrap();
        assert_eq!(e.id, "7");
        assert_eq!(
            e.input,
            PairInput::Texts {
                src: "Hello.".into(),
                tgt: "Merhaba.".into()
            }
        );
    }

    #[test]
    fn bad_records_fail_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(
            dir.path(),
            "m.jsonl",
            "{\"id\":\"a\",\"src\":\"x\",\"tgt\":\"y\"}\nnot json\n{\"src\":\"x\",\"tgt\":\"y\"}\n\
             {\"id\":\"d\",\"src_text\":\"only one side\"}\n{\"id\":\"e\",\"src\":3,\"tgt\":\"y\"}\n\
             {\"id\":\"f\",\"src\":\"x\",\"tgt\":\"y\"}\n",
        );
        let v = collect(&Manifest::File {
            path: p,
            format: None,
        });
        assert_eq!(v.len(), 6);
        assert!(v[0].is_ok() && v[5].is_ok());
        let f = v[1].as_ref().unwrap_err();
        assert_eq!(f.id, "line 2");
        assert!(
            f.reason.contains("m.jsonl:line 2: not a JSON object"),
            "{f}"
        );
        assert!(v[2].as_ref().unwrap_err().reason.contains("no id"));
        assert_eq!(v[3].as_ref().unwrap_err().id, "d");
        assert!(
            v[4].as_ref()
                .unwrap_err()
                .reason
                .contains("'src' is not a string")
        );
    }

    #[test]
    fn a_header_without_the_columns_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = file(dir.path(), "m.csv", "name,source,target\na,b,c\n");
        let e = Manifest::File {
            path: p,
            format: None,
        }
        .entries()
        .err()
        .unwrap();
        assert!(e.to_string().contains("m.csv:line 1"), "{e}");
    }

    #[test]
    fn folders_pair_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("en"), dir.path().join("tr"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        for n in ["one.txt", "two.txt", "only-en.txt", ".hidden"] {
            file(&a, n, "x");
        }
        for n in ["one.txt", "two.txt", "only-tr.txt"] {
            file(&b, n, "x");
        }
        let v = collect(&Manifest::Dirs { src: a, tgt: b });
        let ids: Vec<(String, bool)> = v
            .iter()
            .map(|r| match r {
                Ok(e) => (e.id.clone(), true),
                Err(f) => (f.id.clone(), false),
            })
            .collect();
        assert_eq!(
            ids,
            vec![
                ("one".to_string(), true),
                ("only-en".to_string(), false),
                ("two".to_string(), true),
                ("only-tr".to_string(), false),
            ]
        );
    }
}
