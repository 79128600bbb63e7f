//! Sentence segmentation.
//!
//! Baseline rules: paragraphs are separated by blank lines (or are single lines when a file has no
//! blank line); a sentence ends at `.`, `!`, `?` or `…` (with closing quotes or brackets) followed by
//! white space and an upper-case letter, digit or opening quote.

use crate::corpus::Sentence;
use crate::text::lang::Lang;

/// Splits running text into sentences with byte spans into `text`.
pub fn segment(text: &str, lang: Lang) -> Vec<Sentence> {
    let _ = lang;
    let mut out = Vec::new();
    for (p, para) in paragraphs(text).into_iter().enumerate() {
        let mut start = para.start;
        let bytes = text.as_bytes();
        let mut i = para.start;
        while i < para.end {
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if matches!(c, '.' | '!' | '?' | '…') {
                let mut j = i + len;
                while j < para.end && matches!(bytes[j], b'"' | b'\'' | b')') {
                    j += 1;
                }
                let ws = text[j..para.end]
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .map(char::len_utf8)
                    .sum::<usize>();
                if ws > 0 {
                    let next = text[j + ws..para.end].chars().next();
                    if next.is_some_and(|n| n.is_uppercase() || n.is_numeric() || n == '"') {
                        push(text, start, j, p, &mut out);
                        start = j + ws;
                        i = start;
                        continue;
                    }
                }
            }
            i += len;
        }
        push(text, start, para.end, p, &mut out);
    }
    out
}

/// One segment per line; ids are 0-based line numbers. A final line end starts no segment.
pub fn lines(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut paragraph = 0;
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        out.push(Sentence {
            text: line.to_string(),
            span: start..start + line.len(),
            paragraph,
        });
        // An empty line is still a segment (ids stay line numbers), and it ends a paragraph.
        if line.trim().is_empty() {
            paragraph += 1;
        }
        start += line.len() + 1;
    }
    out
}

fn push(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let s = start + lead;
    out.push(Sentence {
        text: trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
        span: s..s + trimmed.len(),
        paragraph,
    });
}

fn paragraphs(text: &str) -> Vec<std::ops::Range<usize>> {
    let has_blank = text.split('\n').any(|l| l.trim().is_empty());
    let mut out = Vec::new();
    let mut start = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push(s..pos);
            }
        } else {
            if start.is_none() {
                start = Some(pos);
            }
            if !has_blank {
                out.push(pos..pos + line.trim_end_matches('\n').len());
                start = None;
            }
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}
