//! JSON Lines: one object per bead with the fields of [`Unit`], in the order source, target,
//! score, src_ids, tgt_ids, src_lang, tgt_lang, doc. Hugging Face `datasets` and pandas
//! (`lines=True`) read it as it is.

use std::io::BufRead;

use serde::Deserialize;

use super::read::{LineReader, Source};
use super::sink::Encode;
use super::{ReadOptions, WriteSummary};
use crate::corpus::Unit;
use crate::error::{Error, Result};

pub(super) struct Jsonl;

impl Encode for Jsonl {
    fn unit(&mut self, buf: &mut Vec<u8>, unit: &Unit, _summary: &mut WriteSummary) -> Result<()> {
        let line = serde_json::to_string(unit).expect("a unit always serializes");
        // JSON allows U+2028, U+2029 and NEL raw, but line splitters such as Python's
        // str.splitlines break on them: escape them so every object stays on its line.
        if line.contains(['\u{2028}', '\u{2029}', '\u{85}']) {
            let line = line
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029")
                .replace('\u{85}', "\\u0085");
            buf.extend_from_slice(line.as_bytes());
        } else {
            buf.extend_from_slice(line.as_bytes());
        }
        buf.push(b'\n');
        Ok(())
    }
}

/// The fields a JSONL line may have; only source and target are required, other fields (an `id`,
/// metadata added by another tool) are ignored.
#[derive(Deserialize)]
struct Line {
    source: String,
    target: String,
    #[serde(default)]
    score: Option<f64>,
    #[serde(default)]
    src_ids: Vec<usize>,
    #[serde(default)]
    tgt_ids: Vec<usize>,
    #[serde(default)]
    src_lang: String,
    #[serde(default)]
    tgt_lang: String,
    #[serde(default)]
    doc: String,
}

pub(super) struct JsonlSource {
    lines: LineReader,
}

impl JsonlSource {
    pub(super) fn new(label: String, input: Box<dyn BufRead + Send>) -> JsonlSource {
        JsonlSource {
            lines: LineReader::new(label, input),
        }
    }
}

impl Source for JsonlSource {
    fn next_unit(&mut self, _options: &ReadOptions) -> Result<Option<Unit>> {
        while let Some(line) = self.lines.next_line()? {
            if line.trim().is_empty() {
                continue;
            }
            let parsed: Line = serde_json::from_str(line).map_err(|e| {
                // serde_json counts lines within the string: keep only the column and the message.
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                Error::Malformed {
                    label: self.lines.label().to_string(),
                    location: format!("line {}, column {}", self.lines.line_no(), e.column()),
                    message: format!("not a JSON object with source and target: {msg}"),
                }
            })?;
            if parsed.score.is_some_and(|s| !s.is_finite()) {
                return Err(Error::malformed_line(
                    self.lines.label(),
                    self.lines.line_no(),
                    "score is not a number",
                ));
            }
            return Ok(Some(Unit {
                source: parsed.source,
                target: parsed.target,
                score: parsed.score,
                src_ids: parsed.src_ids,
                tgt_ids: parsed.tgt_ids,
                src_lang: parsed.src_lang,
                tgt_lang: parsed.tgt_lang,
                doc: parsed.doc,
            }));
        }
        Ok(None)
    }
}
