//! Scoring alignments against gold: strict and lax precision, recall and F1.
//!
//! Bead scoring follows Bleualign and Vecalign (`score.py`) exactly, so figures are comparable with
//! the literature: a hypothesis bead is strict-correct when it equals a gold bead, lax-correct when
//! it shares a source and a target sentence with one. Precision counts every hypothesis bead,
//! insertions and deletions included; recall counts only gold beads with both sides, against
//! hypothesis beads with both sides. Counts are summed over all document pairs before dividing.
//!
//! Text scoring (for running text, where sentence ids differ between the gold and the
//! hypothesis) compares pair texts with white space removed, as the ntrex-dev benchmark defines.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::corpus::Bead;

/// True and false positive counts, summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub precision_strict_tp: usize,
    pub precision_strict_fp: usize,
    pub precision_lax_tp: usize,
    pub precision_lax_fp: usize,
    pub recall_strict_tp: usize,
    pub recall_strict_fn: usize,
    pub recall_lax_tp: usize,
    pub recall_lax_fn: usize,
}

/// Precision, recall and F1, strict and lax.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub strict: Prf,
    pub lax: Prf,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(tp_p: usize, fp: usize, tp_r: usize, fn_: usize) -> Prf {
        let ratio = |a: usize, b: usize| {
            if a + b == 0 {
                0.0
            } else {
                a as f64 / (a + b) as f64
            }
        };
        let precision = ratio(tp_p, fp);
        let recall = ratio(tp_r, fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.precision_strict_tp += o.precision_strict_tp;
        self.precision_strict_fp += o.precision_strict_fp;
        self.precision_lax_tp += o.precision_lax_tp;
        self.precision_lax_fp += o.precision_lax_fp;
        self.recall_strict_tp += o.recall_strict_tp;
        self.recall_strict_fn += o.recall_strict_fn;
        self.recall_lax_tp += o.recall_lax_tp;
        self.recall_lax_fn += o.recall_lax_fn;
    }
}

impl Counts {
    pub fn scores(&self) -> Scores {
        Scores {
            strict: Prf::new(
                self.precision_strict_tp,
                self.precision_strict_fp,
                self.recall_strict_tp,
                self.recall_strict_fn,
            ),
            lax: Prf::new(
                self.precision_lax_tp,
                self.precision_lax_fp,
                self.recall_lax_tp,
                self.recall_lax_fn,
            ),
        }
    }
}

type Key = (Vec<usize>, Vec<usize>);

/// Scores one document's hypothesis beads against its gold beads.
pub fn score_beads(gold: &[Bead], hyp: &[Bead]) -> Counts {
    let all = |b: &[Bead]| -> Vec<Key> {
        b.iter()
            .filter(|b| !b.src.is_empty() || !b.tgt.is_empty())
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect()
    };
    let both = |b: &[Bead]| -> Vec<Key> {
        b.iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect()
    };
    let (p_tp, p_fp, p_ltp, p_lfp) = precision(&all(gold), &all(hyp));
    // Recall is precision with the roles swapped, over beads with both sides.
    let (r_tp, r_fp, r_ltp, r_lfp) = precision(&both(hyp), &both(gold));
    Counts {
        precision_strict_tp: p_tp,
        precision_strict_fp: p_fp,
        precision_lax_tp: p_ltp,
        precision_lax_fp: p_lfp,
        recall_strict_tp: r_tp,
        recall_strict_fn: r_fp,
        recall_lax_tp: r_ltp,
        recall_lax_fn: r_lfp,
    }
}

/// (strict tp, strict fp, lax tp, lax fp) of `test` against `gold`, as in Vecalign's `_precision`
/// (duplicates are counted once, as it converts both lists to sets).
fn precision(gold: &[Key], test: &[Key]) -> (usize, usize, usize, usize) {
    let gold_set: HashSet<&Key> = gold.iter().collect();
    let test_set: HashSet<&Key> = test.iter().collect();
    let mut src_to_tgt: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (s, t) in &gold_set {
        for &i in s {
            src_to_tgt.entry(i).or_default().extend(t.iter().copied());
        }
    }
    let (mut tp, mut fp, mut ltp, mut lfp) = (0, 0, 0, 0);
    for key in test_set {
        if gold_set.contains(key) {
            tp += 1;
            ltp += 1;
            continue;
        }
        fp += 1;
        let lax = key.0.iter().any(|s| {
            src_to_tgt
                .get(s)
                .is_some_and(|ts| key.1.iter().any(|t| ts.contains(t)))
        });
        if lax {
            ltp += 1;
        } else {
            lfp += 1;
        }
    }
    (tp, fp, ltp, lfp)
}

/// A pair of texts: one gold bead, or one produced pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPair {
    pub src: String,
    pub tgt: String,
}

/// The longest run of gold beads a produced pair may cover and still count as lax-correct.
pub const LAX_RUN: usize = 3;

/// Scores produced pairs against gold bead texts, ignoring white space.
///
/// Strict: a produced pair (both sides non-empty) equals one gold bead with both sides. Lax: it
/// equals a run of up to [`LAX_RUN`] consecutive gold beads with both sides. Precision is over
/// produced pairs with both sides, recall over gold beads with both sides (a gold bead is lax-recalled
/// when a lax-correct pair covers it).
pub fn score_texts(gold: &[TextPair], hyp: &[TextPair]) -> Counts {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let gold: Vec<(String, String)> = gold
        .iter()
        .filter(|p| !p.src.trim().is_empty() && !p.tgt.trim().is_empty())
        .map(|p| (squash(&p.src), squash(&p.tgt)))
        .collect();
    // Every run of 1..=LAX_RUN consecutive gold beads, keyed by its text, with the beads it covers.
    let mut runs: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
    for start in 0..gold.len() {
        let (mut s, mut t) = (String::new(), String::new());
        for len in 1..=LAX_RUN.min(gold.len() - start) {
            s.push_str(&gold[start + len - 1].0);
            t.push_str(&gold[start + len - 1].1);
            runs.entry((s.clone(), t.clone()))
                .or_default()
                .push((start, len));
        }
    }
    let mut c = Counts::default();
    let mut strict_hit = vec![false; gold.len()];
    let mut lax_hit = vec![false; gold.len()];
    for p in hyp {
        if p.src.trim().is_empty() || p.tgt.trim().is_empty() {
            continue;
        }
        let key = (squash(&p.src), squash(&p.tgt));
        match runs.get(&key) {
            Some(found) => {
                let strict = found.iter().find(|&&(_, len)| len == 1);
                if let Some(&(i, _)) = strict {
                    c.precision_strict_tp += 1;
                    strict_hit[i] = true;
                } else {
                    c.precision_strict_fp += 1;
                }
                c.precision_lax_tp += 1;
                for &(start, len) in found {
                    lax_hit[start..start + len]
                        .iter_mut()
                        .for_each(|h| *h = true);
                }
            }
            None => {
                c.precision_strict_fp += 1;
                c.precision_lax_fp += 1;
            }
        }
    }
    c.recall_strict_tp = strict_hit.iter().filter(|&&h| h).count();
    c.recall_strict_fn = gold.len() - c.recall_strict_tp;
    c.recall_lax_tp = lax_hit.iter().filter(|&&h| h).count();
    c.recall_lax_fn = gold.len() - c.recall_lax_tp;
    c
}

/// Reads gold bead texts: JSON lines with `src` and `tgt` (or `source` and `target`) strings.
pub fn parse_gold_texts(label: &str, text: &str) -> crate::Result<Vec<TextPair>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |m: String| crate::Error::malformed_line(label, n + 1, m);
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(format!("not JSON: {e}")))?;
        let field = |a: &str, b: &str| -> crate::Result<String> {
            v.get(a)
                .or_else(|| v.get(b))
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .ok_or_else(|| bad(format!("expected a string field '{a}' (or '{b}')")))
        };
        out.push(TextPair {
            src: field("src", "source")?,
            tgt: field("tgt", "target")?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &[usize], t: &[usize]) -> Bead {
        Bead::new(s.to_vec(), t.to_vec(), 1.0)
    }

    #[test]
    fn perfect_alignment_scores_one() {
        let gold = vec![b(&[0], &[0]), b(&[1, 2], &[1]), b(&[3], &[])];
        let s = score_beads(&gold, &gold).scores();
        assert_eq!(s.strict.f1, 1.0);
        assert_eq!(s.lax.f1, 1.0);
    }

    #[test]
    fn matches_vecalign_convention() {
        // Gold: 0-0, 1+2 - 1, 3 deleted. Hypothesis: 0-0, 1-1, 2 deleted, 3 deleted.
        let gold = vec![b(&[0], &[0]), b(&[1, 2], &[1]), b(&[3], &[])];
        let hyp = vec![b(&[0], &[0]), b(&[1], &[1]), b(&[2], &[]), b(&[3], &[])];
        let c = score_beads(&gold, &hyp);
        // Precision over all 4 hypothesis beads: [0]:[0] and [3]:[] strict; [1]:[1] lax; [2]:[] wrong.
        assert_eq!(
            (
                c.precision_strict_tp,
                c.precision_strict_fp,
                c.precision_lax_tp,
                c.precision_lax_fp
            ),
            (2, 2, 3, 1)
        );
        // Recall over the 2 gold beads with both sides: [0]:[0] found; [1,2]:[1] lax only.
        assert_eq!(
            (
                c.recall_strict_tp,
                c.recall_strict_fn,
                c.recall_lax_tp,
                c.recall_lax_fn
            ),
            (1, 1, 2, 0)
        );
        let s = c.scores();
        assert!((s.strict.precision - 0.5).abs() < 1e-9);
        assert!((s.strict.recall - 0.5).abs() < 1e-9);
    }

    #[test]
    fn counts_sum_over_documents() {
        let gold = vec![b(&[0], &[0])];
        let mut total = score_beads(&gold, &gold);
        total += score_beads(&gold, &[b(&[0], &[]), b(&[], &[0])]);
        let s = total.scores();
        assert_eq!(total.precision_strict_tp, 1);
        assert_eq!(total.precision_strict_fp, 2);
        assert!((s.strict.recall - 0.5).abs() < 1e-9);
    }

    fn tp(s: &str, t: &str) -> TextPair {
        TextPair {
            src: s.into(),
            tgt: t.into(),
        }
    }

    #[test]
    fn text_scoring_ignores_white_space_and_allows_runs() {
        let gold = vec![
            tp("A b.", "X y."),
            tp("C.", "Z."),
            tp("D.", ""),
            tp("E.", "W."),
        ];
        let hyp = vec![
            tp("A  b.", "X\ny."), // strict
            tp("C. E.", "Z. W."), // not consecutive in the gold? C and E are, once D is dropped
            tp("Q.", "R."),       // wrong
            tp("D.", ""),         // one-sided: not counted
        ];
        let c = score_texts(&gold, &hyp);
        assert_eq!(c.precision_strict_tp, 1);
        assert_eq!(c.precision_strict_fp, 2);
        assert_eq!(c.precision_lax_tp, 2);
        assert_eq!(c.recall_strict_tp, 1);
        assert_eq!(c.recall_strict_fn, 2);
        assert_eq!(c.recall_lax_tp, 3);
    }
}
