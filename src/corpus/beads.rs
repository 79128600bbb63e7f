//! The beads format of Vecalign and Bertalign: `[0, 1]:[0]:0.93`, one bead per line.
//!
//! Ids are 0-based sentence (or line) numbers; the score field is optional when reading, so gold
//! files without scores and aligner outputs with them are read alike.

use std::fmt::Write as _;

use super::Bead;
use crate::error::{Error, Result};

/// Formats one bead; `with_score` adds the third field with two decimals.
pub fn format_bead(bead: &Bead, with_score: bool) -> String {
    let mut s = String::with_capacity(24);
    write_ids(&mut s, &bead.src);
    s.push(':');
    write_ids(&mut s, &bead.tgt);
    if with_score {
        let _ = write!(s, ":{:.2}", bead.score);
    }
    s
}

fn write_ids(s: &mut String, ids: &[usize]) {
    s.push('[');
    for (k, id) in ids.iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{id}");
    }
    s.push(']');
}

/// Parses beads text; blank lines are skipped. `label` names the input in errors.
/// A bead without a score gets score 1.0 (gold beads are certain).
pub fn parse_beads(label: &str, text: &str) -> Result<Vec<Bead>> {
    let mut beads = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bead = parse_line(line).map_err(|m| Error::malformed_line(label, n + 1, m))?;
        beads.push(bead);
    }
    Ok(beads)
}

fn parse_line(line: &str) -> std::result::Result<Bead, String> {
    let (src, rest) = parse_ids(line)?;
    let rest = rest
        .strip_prefix(':')
        .ok_or_else(|| format!("expected ':' after the source ids in '{line}'"))?;
    let (tgt, rest) = parse_ids(rest)?;
    let score = match rest.strip_prefix(':') {
        None if rest.trim().is_empty() => 1.0,
        None => return Err(format!("unexpected text after the target ids: '{rest}'")),
        Some(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("score '{}' is not a number", s.trim()))?,
    };
    if src.is_empty() && tgt.is_empty() {
        return Err("a bead needs at least one source or target id".into());
    }
    Ok(Bead { src, tgt, score })
}

fn parse_ids(s: &str) -> std::result::Result<(Vec<usize>, &str), String> {
    let s = s.trim_start();
    let s = s
        .strip_prefix('[')
        .ok_or_else(|| format!("expected '[' at '{s}'"))?;
    let end = s.find(']').ok_or("missing ']'")?;
    let ids = s[..end]
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<usize>()
                .map_err(|_| format!("'{t}' is not a sentence id"))
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok((ids, &s[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = "[0, 1]:[0]:0.93\n[2]:[]:0.40\n[]:[1]:0.55\n";
        let beads = parse_beads("x", text).unwrap();
        assert_eq!(beads.len(), 3);
        assert_eq!(beads[0].src, vec![0, 1]);
        let out: Vec<String> = beads.iter().map(|b| format_bead(b, true)).collect();
        assert_eq!(out.join("\n") + "\n", text);
    }

    #[test]
    fn reads_gold_without_score() {
        let beads = parse_beads("gold", "[3, 4]:[3]\n\n[7]:[]\n").unwrap();
        assert_eq!(beads[0].score, 1.0);
        assert_eq!(beads[1].tgt, Vec::<usize>::new());
        assert_eq!(format_bead(&beads[0], false), "[3, 4]:[3]");
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse_beads("gold.txt", "[0]:[0]\n[1]-[1]\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("gold.txt:line 2"), "{msg}");
        assert!(parse_beads("g", "[]:[]").is_err());
        assert!(parse_beads("g", "[a]:[0]").is_err());
        assert!(parse_beads("g", "[0]:[0]:high").is_err());
    }
}
