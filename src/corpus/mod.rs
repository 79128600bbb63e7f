//! The data that flows between stages: documents of sentences, and alignments of beads.

pub mod beads;
pub mod formats;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::text::input::SourceText;
use crate::text::lang::Lang;
use crate::text::segment;

/// One sentence (or segment) of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The text; line breaks inside a sentence (hard-wrapped prose) are shown as one space.
    pub text: String,
    /// Byte span into [`Document::text`]: the sentence exactly as it stands in the input.
    pub span: Range<usize>,
    /// 0-based paragraph index.
    pub paragraph: usize,
}

/// How a text is split into segments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum InputMode {
    /// Running text: paragraphs and sentences found by tilmash.
    #[default]
    Text,
    /// One segment per line (ids are 0-based line numbers, as in hunalign and Vecalign).
    Lines,
}

/// A text split into sentences, remembering where each came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name (or `<stdin>`, or a batch id) the document is reported under.
    pub label: String,
    pub lang: Lang,
    /// The normalized text all spans point into.
    pub text: String,
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Splits a text as `mode` says.
    pub fn new(source: SourceText, lang: Lang, mode: InputMode) -> Document {
        match mode {
            InputMode::Text => Document::from_text(source, lang),
            InputMode::Lines => Document::from_lines(source, lang),
        }
    }

    /// Segments running text with the rules for `lang`.
    pub fn from_text(source: SourceText, lang: Lang) -> Document {
        let sentences = segment::segment(&source.text, lang);
        Document {
            label: source.label,
            lang,
            text: source.text,
            sentences,
        }
    }

    /// Takes every line as one segment (the hunalign/Vecalign convention), so that sentence ids are
    /// 0-based line numbers. A final line end does not start another segment.
    pub fn from_lines(source: SourceText, lang: Lang) -> Document {
        let sentences = segment::lines(&source.text);
        Document {
            label: source.label,
            lang,
            text: source.text,
            sentences,
        }
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The sentences with the given ids joined by a space, as one side of a bead is shown.
    pub fn join(&self, ids: &[usize]) -> String {
        let mut out = String::new();
        for (k, &i) in ids.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(&self.sentences[i].text);
        }
        out
    }
}

/// One unit of an alignment: sentences of the source and of the target that translate each other.
/// Either side may be empty (an omission or an addition), never both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bead {
    /// Consecutive source sentence ids.
    pub src: Vec<usize>,
    /// Consecutive target sentence ids.
    pub tgt: Vec<usize>,
    /// Confidence in [0, 1] that this bead is exactly right.
    pub score: f64,
}

impl Bead {
    pub fn new(src: Vec<usize>, tgt: Vec<usize>, score: f64) -> Bead {
        Bead { src, tgt, score }
    }

    /// "2-1", "1-0"...: the bead type.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }

    pub fn is_one_sided(&self) -> bool {
        self.src.is_empty() || self.tgt.is_empty()
    }
}

/// A monotone sequence of beads covering every sentence of both documents exactly once.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    pub beads: Vec<Bead>,
}

impl Alignment {
    /// Checks the invariants: monotone, contiguous ids, every sentence of `n_src` × `n_tgt` in
    /// exactly one bead, no empty bead, scores in [0, 1]. Returns what is wrong.
    pub fn validate(&self, n_src: usize, n_tgt: usize) -> Result<(), String> {
        let (mut next_s, mut next_t) = (0, 0);
        for (k, b) in self.beads.iter().enumerate() {
            if b.src.is_empty() && b.tgt.is_empty() {
                return Err(format!("bead {k} is empty"));
            }
            for &s in &b.src {
                if s != next_s {
                    return Err(format!("bead {k}: source {s} where {next_s} was expected"));
                }
                next_s += 1;
            }
            for &t in &b.tgt {
                if t != next_t {
                    return Err(format!("bead {k}: target {t} where {next_t} was expected"));
                }
                next_t += 1;
            }
            if !(0.0..=1.0).contains(&b.score) {
                return Err(format!("bead {k}: score {} outside [0, 1]", b.score));
            }
        }
        if next_s != n_src || next_t != n_tgt {
            return Err(format!(
                "beads cover {next_s} of {n_src} source and {next_t} of {n_tgt} target sentences"
            ));
        }
        Ok(())
    }
}

/// One aligned pair as it is exported: the text of both sides with where it came from.
///
/// Readers of parallel formats produce units too; ids, score and document may then be unknown
/// (empty vectors, `None`, empty string).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Source sentences of the bead joined by a space (empty for an addition).
    pub source: String,
    /// Target sentences of the bead joined by a space (empty for an omission).
    pub target: String,
    pub score: Option<f64>,
    pub src_ids: Vec<usize>,
    pub tgt_ids: Vec<usize>,
    /// Language tags as in [`Lang::tag`]: `en`, `kk`, `kk-Latn`; free text when read from a file.
    pub src_lang: String,
    pub tgt_lang: String,
    /// The document (article pair) the unit belongs to.
    pub doc: String,
}

impl Alignment {
    /// The beads as exportable units, in order.
    pub fn units(&self, src: &Document, tgt: &Document, doc: &str) -> Vec<Unit> {
        self.beads
            .iter()
            .map(|b| Unit {
                source: src.join(&b.src),
                target: tgt.join(&b.tgt),
                score: Some(b.score),
                src_ids: b.src.clone(),
                tgt_ids: b.tgt.clone(),
                src_lang: src.lang.tag(),
                tgt_lang: tgt.lang.tag(),
                doc: doc.to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_catches_gaps_and_order() {
        let ok = Alignment {
            beads: vec![
                Bead::new(vec![0, 1], vec![0], 0.9),
                Bead::new(vec![2], vec![], 0.5),
                Bead::new(vec![], vec![1], 0.5),
            ],
        };
        assert!(ok.validate(3, 2).is_ok());
        assert!(ok.validate(4, 2).is_err());
        let crossing = Alignment {
            beads: vec![
                Bead::new(vec![1], vec![0], 0.9),
                Bead::new(vec![0], vec![1], 0.9),
            ],
        };
        assert!(crossing.validate(2, 2).is_err());
    }
}
