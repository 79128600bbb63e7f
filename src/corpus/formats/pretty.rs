//! For a person at a terminal: each bead as a numbered header (type, score, ids) over the two
//! sides in wrapped columns, omissions and additions marked, and a tally at the end.
//!
//! Widths are display widths (CJK and emoji take two cells); control characters are shown as
//! visible symbols so they cannot break the layout; a column line with right-to-left text is
//! wrapped in Unicode isolates so the terminal's bidi reordering stays inside its column.

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::clean::visible;
use super::sink::Encode;
use super::{WriteOptions, WriteSummary};
use crate::corpus::Unit;
use crate::error::Result;

const GUTTER: &str = "      ";
const SEP: &str = " │ ";
const MIN_WIDTH: usize = 40;
const DEFAULT_WIDTH: usize = 100;

pub(super) struct Pretty {
    asked: Option<usize>,
    width: usize,
    /// Document and language pair of the section being written.
    section: Option<(String, String, String)>,
    index: usize,
    counts: Vec<(String, usize)>,
    beads: usize,
    score_sum: f64,
    scored: usize,
}

impl Pretty {
    pub(super) fn new(options: &WriteOptions) -> Pretty {
        Pretty {
            asked: options.width,
            width: options.width.unwrap_or(DEFAULT_WIDTH).max(MIN_WIDTH),
            section: None,
            index: 0,
            counts: Vec::new(),
            beads: 0,
            score_sum: 0.0,
            scored: 0,
        }
    }

    fn count(&mut self, kind: &str) {
        match self.counts.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((kind.to_string(), 1)),
        }
    }
}

impl Encode for Pretty {
    fn on_open(&mut self, terminal: bool) {
        if self.asked.is_none() && terminal {
            let cols = terminal_size::terminal_size().map_or(DEFAULT_WIDTH, |(w, _)| w.0 as usize);
            self.width = cols.max(MIN_WIDTH);
        }
    }

    fn unit(&mut self, buf: &mut Vec<u8>, u: &Unit, _summary: &mut WriteSummary) -> Result<()> {
        let mut out = String::new();
        let section = (u.doc.clone(), u.src_lang.clone(), u.tgt_lang.clone());
        if self.section.as_ref() != Some(&section) {
            let mut title = String::from("── ");
            if !u.doc.is_empty() {
                let _ = write!(title, "{} · ", visible(&u.doc));
            }
            let lang = |l: &str| {
                if l.is_empty() {
                    "?".to_string()
                } else {
                    l.to_string()
                }
            };
            let _ = write!(title, "{} → {} ", lang(&u.src_lang), lang(&u.tgt_lang));
            let fill = self.width.saturating_sub(title.width());
            title.push_str(&"─".repeat(fill));
            out.push_str(&title);
            out.push_str("\n\n");
            self.section = Some(section);
            self.index = 0;
        }
        self.index += 1;
        let n_src = if u.src_ids.is_empty() {
            usize::from(!u.source.is_empty())
        } else {
            u.src_ids.len()
        };
        let n_tgt = if u.tgt_ids.is_empty() {
            usize::from(!u.target.is_empty())
        } else {
            u.tgt_ids.len()
        };
        let kind = format!("{n_src}-{n_tgt}");
        let score = u.score.map_or("  – ".to_string(), |s| format!("{s:.2}"));
        let _ = write!(out, "{:>4}  {kind}  {score}", self.index);
        if !u.src_ids.is_empty() || !u.tgt_ids.is_empty() {
            let _ = write!(out, "  {}:{}", ids(&u.src_ids), ids(&u.tgt_ids));
        }
        if u.target.is_empty() && !u.source.is_empty() {
            out.push_str("  ◀ omission: not in the target");
            self.count("omission");
        } else if u.source.is_empty() && !u.target.is_empty() {
            out.push_str("  ▶ addition: not in the source");
            self.count("addition");
        } else {
            self.count(&kind);
        }
        out.push('\n');
        let col = (self.width - GUTTER.len() - SEP.width()) / 2;
        let left = wrap(&visible(&u.source), col);
        let right = wrap(&visible(&u.target), col);
        for i in 0..left.len().max(right.len()) {
            let l = left.get(i).map_or("", String::as_str);
            let r = right.get(i).map_or("", String::as_str);
            out.push_str(GUTTER);
            out.push_str(&isolate(l));
            out.push_str(&" ".repeat(col.saturating_sub(l.width())));
            out.push_str(SEP);
            out.push_str(&isolate(r));
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
        }
        out.push('\n');
        self.beads += 1;
        if let Some(s) = u.score {
            self.score_sum += s;
            self.scored += 1;
        }
        buf.extend_from_slice(out.as_bytes());
        Ok(())
    }

    fn end(&mut self, buf: &mut Vec<u8>, _summary: &mut WriteSummary) -> Result<()> {
        let mut line = format!(
            "{} {}",
            self.beads,
            if self.beads == 1 { "bead" } else { "beads" }
        );
        if !self.counts.is_empty() {
            // Bead types first, in order of frequency; omissions and additions last.
            let mut counts = self.counts.clone();
            counts.sort_by_key(|(k, n)| {
                (
                    matches!(k.as_str(), "omission" | "addition"),
                    std::cmp::Reverse(*n),
                    k.clone(),
                )
            });
            let parts: Vec<String> = counts
                .iter()
                .map(|(k, n)| match k.as_str() {
                    "omission" | "addition" => format!("{n} {k}{}", if *n == 1 { "" } else { "s" }),
                    _ => format!("{n} × {k}"),
                })
                .collect();
            let _ = write!(line, ": {}", parts.join(", "));
        }
        if self.scored > 0 {
            let _ = write!(
                line,
                "; mean score {:.2}",
                self.score_sum / self.scored as f64
            );
        }
        line.push('\n');
        buf.extend_from_slice(line.as_bytes());
        Ok(())
    }
}

fn ids(ids: &[usize]) -> String {
    let parts: Vec<String> = ids.iter().map(usize::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// Greedy word wrap by display width; a word wider than the column is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if w > width {
            if cur_w > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if cur_w > 0 && cur_w + cw > width {
                    lines.push(std::mem::take(&mut cur));
                    cur_w = 0;
                }
                cur.push(c);
                cur_w += cw;
            }
            continue;
        }
        if cur_w == 0 {
            cur.push_str(word);
            cur_w = w;
        } else if cur_w + 1 + w <= width {
            cur.push(' ');
            cur.push_str(word);
            cur_w += 1 + w;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
            cur_w = w;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Wraps a column line holding right-to-left letters in FIRST STRONG ISOLATE … POP DIRECTIONAL
/// ISOLATE, so that a bidi terminal reorders it within its column only.
fn isolate(line: &str) -> std::borrow::Cow<'_, str> {
    let rtl = |c: char| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}');
    if line.contains(rtl) {
        std::borrow::Cow::Owned(format!("\u{2068}{line}\u{2069}"))
    } else {
        std::borrow::Cow::Borrowed(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(
            wrap("日本語のテキスト", 6),
            vec!["日本語", "のテキ", "スト"]
        );
        assert!(wrap("", 10).is_empty());
    }
}
