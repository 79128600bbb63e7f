//! Sentence boundaries inside one paragraph.
//!
//! One left-to-right pass. A boundary candidate is a run of terminators (`.`, `!`, `?`, `…` and
//! their equivalents in other scripts) with any closing quotes or brackets after it, followed by
//! white space (CJK full stops need none). Whether a candidate is a boundary depends on the word
//! after it (lower case continues the sentence; a dash after a closing quote introduces the
//! speaker) and, for a period, on the token before it (abbreviations, initials, ordinals). Every
//! look-around is bounded, so the pass is linear in the paragraph length.

use super::rules::{Abbrev, Rules};

/// How far a token before a period is examined: abbreviations are short.
const MAX_TOKEN: usize = 32;
/// How far the next word is examined.
const MAX_LOOKAHEAD: usize = 64;

/// Byte offsets (relative to `para`) where a sentence ends; the next one starts at the next
/// non-white-space character. The end of the paragraph is not included.
pub(super) fn boundaries(para: &str, rules: &Rules) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut token_start = 0;
    let mut sentence_start = 0;
    let mut i = 0;
    while i < para.len() {
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            token_start = i;
            continue;
        }
        if !is_terminator(c, rules) {
            i += c.len_utf8();
            continue;
        }
        let term_end = skip(para, i, |c| is_terminator(c, rules));
        let close_end = spaced_closer(para, skip(para, term_end, is_closer));
        let rest = &para[close_end..];
        let Some(next) = rest.chars().next() else {
            break;
        };
        let candidate = if next.is_whitespace() {
            true
        } else {
            // Chinese and Japanese put no space after a full stop.
            para[i..term_end].chars().any(is_spaceless_terminator)
        };
        if candidate {
            let cand = Candidate {
                para,
                token_start,
                term_start: i,
                term_end,
                close_end,
                first_in_sentence: token_start == sentence_start,
            };
            if cand.is_boundary(rules) {
                cuts.push(close_end);
                sentence_start = skip(para, close_end, char::is_whitespace);
                token_start = close_end;
            }
        }
        i = close_end.max(i + c.len_utf8());
    }
    cuts
}

struct Candidate<'a> {
    para: &'a str,
    token_start: usize,
    term_start: usize,
    term_end: usize,
    close_end: usize,
    /// The token before the terminator is the first of its sentence ("1. ", "A. ").
    first_in_sentence: bool,
}

/// What follows a candidate boundary.
struct Next<'a> {
    /// The first letter, digit or symbol after white space, opening quotes and brackets.
    first: char,
    /// The word starting at `first`.
    word: &'a str,
    /// A dash stood before it ("– деді ол").
    after_dash: bool,
}

impl Candidate<'_> {
    fn is_boundary(&self, rules: &Rules) -> bool {
        let Some(next) = self.next() else {
            return false;
        };
        if next.first.is_lowercase() {
            return false;
        }
        let closers = &self.para[self.term_end..self.close_end];
        if next.after_dash && closers.chars().any(is_quote) {
            // «Жеңеміз!» – деді Тоқаев: after a closing quote, a dash introduces the speaker.
            return false;
        }
        let run = &self.para[self.term_start..self.term_end];
        if run != "." || !closers.is_empty() {
            // "?", "!", "...", or a period closed by a quote or bracket: a strong end.
            return true;
        }
        self.period_is_boundary(&next, rules)
    }

    fn period_is_boundary(&self, next: &Next, rules: &Rules) -> bool {
        let token = self.token();
        let starter = || rules.is_starter(next.word);
        let shape = Shape::of(token);
        // A capital letter is an initial even where the lower-case one is listed ("p. 5").
        let listed = if shape == Shape::Letter && token.chars().all(char::is_uppercase) {
            None
        } else {
            rules.abbrev(token)
        };
        match listed {
            Some(Abbrev::Title) => return false,
            Some(Abbrev::Common) => return starter(),
            Some(Abbrev::Number) if next.first.is_numeric() => return false,
            Some(Abbrev::Number) => return true,
            None => {}
        }
        if self.first_in_sentence
            && matches!(shape, Shape::Number(_) | Shape::Letter | Shape::Roman)
        {
            // A list item or heading number: "1. Introduction".
            return false;
        }
        match shape {
            // Initials ("J. R. R. Tolkien", "Қ. Тоқаев") and dotted abbreviations ("U.S.", "т.б.").
            Shape::Letter | Shape::Dotted => starter(),
            Shape::Number(digits) if rules.ordinal_dot && digits <= 3 => starter(),
            Shape::Roman if rules.ordinal_dot => starter(),
            _ => true,
        }
    }

    /// The token before the period, without opening quotes or brackets, at most `MAX_TOKEN` bytes.
    fn token(&self) -> &str {
        let start = self
            .token_start
            .max(self.term_start.saturating_sub(MAX_TOKEN));
        let start = ceil_char_boundary(self.para, start);
        let token = &self.para[start..self.term_start];
        token.trim_start_matches(is_opener)
    }

    fn next(&self) -> Option<Next<'_>> {
        let start = skip(self.para, self.close_end, char::is_whitespace);
        let end = ceil_char_boundary(self.para, (start + MAX_LOOKAHEAD).min(self.para.len()));
        let mut rest = &self.para[start..end];
        let mut after_dash = false;
        if let Some(c) = rest.chars().next().filter(|&c| is_dash(c)) {
            let after = &rest[c.len_utf8()..];
            // "-" only counts as a dash when it stands apart ("- he said"), not as a sign ("-5").
            if c != '-' || after.starts_with(char::is_whitespace) {
                after_dash = true;
                rest = after.trim_start();
            }
        }
        let rest = rest.trim_start_matches(is_opener);
        let first = rest.chars().next()?;
        let word_len = rest
            .char_indices()
            .find(|&(k, c)| {
                !(c.is_alphanumeric()
                    || (k > 0 && c == '-' && rest[k + 1..].starts_with(char::is_alphabetic)))
            })
            .map_or(rest.len(), |(k, _)| k);
        Some(Next {
            first,
            word: &rest[..word_len],
            after_dash,
        })
    }
}

/// The shape of a token before a period.
#[derive(Debug, PartialEq)]
enum Shape {
    /// One letter: an initial or a list label.
    Letter,
    /// Letters with inner periods, each part at most three letters: "U.S", "a.m", "т.б", "Н.Ә".
    Dotted,
    /// Digits only (their count).
    Number(usize),
    /// I, V, X only: a Roman numeral ("II. Dünya Savaşı").
    Roman,
    Other,
}

impl Shape {
    fn of(token: &str) -> Shape {
        let mut chars = token.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => return Shape::Letter,
            (None, _) => return Shape::Other,
            _ => {}
        }
        if token.bytes().all(|b| b.is_ascii_digit()) {
            return Shape::Number(token.len());
        }
        if token.len() <= 6 && token.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
            return Shape::Roman;
        }
        if token.contains('.')
            && token.split('.').all(|part| {
                let n = part.chars().count();
                (1..=3).contains(&n) && part.chars().all(char::is_alphabetic)
            })
        {
            return Shape::Dotted;
        }
        Shape::Other
    }
}

/// Extends a candidate end over a closing quote that stands apart after white space
/// (`ашты. » Сосын`, `ма? », – деп`): `»` and `”` do not open a quotation.
fn spaced_closer(para: &str, close_end: usize) -> usize {
    let after_ws = skip(para, close_end, char::is_whitespace);
    if after_ws == close_end {
        return close_end;
    }
    let mut rest = para[after_ws..].chars();
    match (rest.next(), rest.next()) {
        (Some(q @ ('»' | '”')), next)
            if next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | ';' | ':' | '.')) =>
        {
            after_ws + q.len_utf8()
        }
        _ => close_end,
    }
}

/// The offset after the run of characters matching `pred` starting at `from`.
fn skip(s: &str, from: usize, pred: impl Fn(char) -> bool) -> usize {
    s[from..]
        .char_indices()
        .find(|&(_, c)| !pred(c))
        .map_or(s.len(), |(k, _)| from + k)
}

fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

fn is_terminator(c: char, rules: &Rules) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '؟'
            | '۔'
            | '।'
            | '॥'
            | '።'
            | '፧'
            | '။'
            | '։'
    ) || is_spaceless_terminator(c)
        || (c == ';' && rules.semicolon_question)
}

fn is_spaceless_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Characters that may close a sentence after its terminator (`«` closes in German `»…«`).
fn is_closer(c: char) -> bool {
    (is_quote(c) && c != '„') || matches!(c, ')' | ']' | '}' | '」' | '』' | '）' | '】')
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '“' | '’' | '‘' | '»' | '«' | '›' | '‹' | '„'
    )
}

/// Characters that may open a sentence before its first word.
fn is_opener(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '¿' | '¡' | '「' | '『' | '（' | '【') || is_quote(c)
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '―' | '‒' | '-')
}
