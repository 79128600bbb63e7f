//! Paragraphs: blank lines, one paragraph per line, hard-wrapped prose and headlines.
//!
//! A line break inside a block of non-blank lines is either a soft wrap (the lines are joined) or a
//! paragraph break. The evidence, in order:
//! 1. A line that ends mid-sentence (no final punctuation) followed by a line that starts with a
//!    lower-case word continues: that is wrapping whatever the file looks like.
//! 2. Otherwise the file decides. If it looks hard-wrapped (see [`wrap_width`]), a *full* line (the
//!    next line's first word would not have fitted on it within the wrap width) is joined with the
//!    next one, and a short line ends a paragraph. In any other file (one paragraph per line,
//!    blank-line separated paragraphs, a headline on the line above the body) every line is a
//!    paragraph of its own.
//!
//! So a headline without final punctuation stays apart from the body under it unless it fills the
//! wrap width of a hard-wrapped file.

use std::ops::Range;

/// A file is taken as hard-wrapped only if its wrap width is at most this many characters...
const MAX_WRAP_WIDTH: usize = 200;
/// ...at least this share of its line breaks fall inside a sentence...
const MIN_MID_SHARE: f64 = 0.5;
/// ...and there are at least this many of them...
const MIN_CONTINUED: usize = 3;
/// ...at least this share of those are full...
const MIN_FULL_SHARE: f64 = 0.6;
/// ...and at least this share go on with a lower-case word (where the script has case).
const MIN_LOWER_SHARE: f64 = 0.2;

#[derive(Debug)]
struct Line {
    /// Byte range of the line without its white space at either end.
    content: Range<usize>,
    /// Width in characters, leading white space included.
    width: usize,
    /// Leading white space in characters.
    indent: usize,
    /// Characters in the first word.
    first_word: usize,
    first: char,
    last: char,
}

/// Byte ranges of the paragraphs of `text`, trimmed, in order.
pub(super) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let blocks = blocks(text);
    let width = wrap_width(&blocks);
    let mut out = Vec::new();
    for block in &blocks {
        let mut start = block[0].content.start;
        for pair in block.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if !joins(a, b, width) {
                out.push(start..a.content.end);
                start = b.content.start;
            }
        }
        if let Some(last) = block.last() {
            out.push(start..last.content.end);
        }
    }
    out
}

/// Runs of non-blank lines.
fn blocks(text: &str) -> Vec<Vec<Line>> {
    let mut blocks = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let mut pos = 0;
    for raw in text.split('\n') {
        let start = pos;
        pos += raw.len() + 1;
        match line(raw, start) {
            Some(l) => current.push(l),
            None if !current.is_empty() => blocks.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

fn line(raw: &str, start: usize) -> Option<Line> {
    let trimmed_start = raw.trim_start();
    let content = trimmed_start.trim_end();
    let first = content.chars().next()?;
    let last = content.chars().next_back()?;
    let lead = raw.len() - trimmed_start.len();
    let indent = raw[..lead].chars().count();
    Some(Line {
        content: start + lead..start + lead + content.len(),
        width: indent + content.chars().count(),
        indent,
        first_word: content
            .split(char::is_whitespace)
            .next()
            .map_or(0, |w| w.chars().count()),
        first,
        last,
    })
}

/// The wrap width of a hard-wrapped file, or `None` when the file is not hard-wrapped.
///
/// Only line breaks inside a sentence (the line has no final punctuation) are evidence: in wrapped
/// prose they are most breaks, their lines are full and many go on with a lower-case word; in a
/// file with one paragraph per line they are rare (headlines), and in a list of short items the
/// next line starts with a capital.
fn wrap_width(blocks: &[Vec<Line>]) -> Option<usize> {
    let (mut breaks, mut mid) = (0usize, Vec::new());
    for pair in blocks.iter().flat_map(|b| b.windows(2)) {
        breaks += 1;
        if !ends_sentence(pair[0].last) {
            mid.push((&pair[0], &pair[1]));
        }
    }
    if mid.len() < MIN_CONTINUED || (mid.len() as f64) < MIN_MID_SHARE * breaks as f64 {
        return None;
    }
    // A high quantile rather than the maximum, so that one long unwrapped line (a URL, a table row)
    // does not hide the width everything else is wrapped at.
    let mut widths: Vec<usize> = mid.iter().map(|(a, _)| a.width).collect();
    widths.sort_unstable();
    let width = widths[(widths.len() - 1) * 9 / 10];
    if width > MAX_WRAP_WIDTH {
        return None;
    }
    let full = mid.iter().filter(|(a, b)| is_full(a, b, width)).count();
    let cased = mid
        .iter()
        .filter(|(_, b)| b.first.is_lowercase() || b.first.is_uppercase());
    let (cased, lower) = cased.fold((0usize, 0usize), |(n, l), (_, b)| {
        (n + 1, l + usize::from(b.first.is_lowercase()))
    });
    let continues_lower = cased == 0 || lower as f64 >= MIN_LOWER_SHARE * cased as f64;
    (full as f64 >= MIN_FULL_SHARE * mid.len() as f64 && continues_lower).then_some(width)
}

/// Whether the first word of `b` would not have fitted at the end of `a`.
fn is_full(a: &Line, b: &Line, width: usize) -> bool {
    a.width + 1 + b.first_word > width
}

/// Whether the line break between `a` and `b` is a soft wrap.
fn joins(a: &Line, b: &Line, width: Option<usize>) -> bool {
    let ends_sentence = ends_sentence(a.last);
    if !ends_sentence && b.first.is_lowercase() {
        return true;
    }
    match width {
        Some(w) => is_full(a, b, w) && !(ends_sentence && b.indent > a.indent),
        None => false,
    }
}

/// Whether a line ending in `c` can end a sentence (or a headline ending in a quote or bracket).
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '"'
            | '\''
            | '”'
            | '’'
            | '»'
            | ')'
            | ']'
            | '。'
            | '！'
            | '？'
            | '؟'
            | '।'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn blank_lines_separate() {
        assert_eq!(paras("A b.\n\n  \nC d.\n"), ["A b.", "C d."]);
    }

    #[test]
    fn one_paragraph_per_line() {
        let t = "Tokayev visits Ankara\nThe president arrived on Tuesday.\nHe met Erdoğan.\n";
        assert_eq!(
            paras(t),
            [
                "Tokayev visits Ankara",
                "The president arrived on Tuesday.",
                "He met Erdoğan."
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_join() {
        let t = "The president of Kazakhstan arrived in Ankara on Tuesday for\n\
                 talks with his Turkish counterpart. The two leaders discussed\n\
                 trade, energy and transport links across the Caspian Sea and\n\
                 signed six agreements.\n\
                 \n\
                 Headline Without A Period\n\
                 Officials said the next summit would be held in Astana. It\n\
                 will be the first such meeting since the organization was\n\
                 renamed in 2021.\n";
        assert_eq!(paras(t).len(), 3, "{:?}", paras(t));
        assert!(paras(t)[0].ends_with("agreements."));
        assert_eq!(paras(t)[1], "Headline Without A Period");
    }

    #[test]
    fn continuation_joins_even_without_evidence() {
        assert_eq!(
            paras("The talks were held\nin Ankara.\n"),
            ["The talks were held\nin Ankara."]
        );
    }
}
