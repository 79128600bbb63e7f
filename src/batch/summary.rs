//! What a batch did, printed on stderr at the end: pairs done and failed, beads by type, mean
//! score, beads dropped by each filter, what the writer left out.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::filter::{DropCounts, Dropped};
use crate::align::corpus_lexicon::LearnStats;
use crate::align::model::BEAD_TYPES;
use crate::corpus::formats::WriteSummary;

/// Counts of one batch run.
#[derive(Debug, Clone, Default)]
pub struct BatchSummary {
    /// Entries of the manifest (including failed and skipped ones).
    pub pairs: usize,
    /// Pairs aligned and written.
    pub done: usize,
    /// Entries that could not be aligned (each was reported with its reason).
    pub failed: usize,
    /// Entries skipped by `--resume` because their output exists.
    pub skipped: usize,
    /// Aligned beads by type, `(source sentences, target sentences)`, before filters.
    pub beads_by_type: BTreeMap<(usize, usize), usize>,
    /// Sum of the scores of those beads.
    pub score_sum: f64,
    /// Beads dropped, per filter.
    pub dropped: DropCounts,
    /// What the writer(s) did: units written, one-sided beads left out, characters cleaned.
    pub written: WriteSummary,
    /// Corpus lexicons learned, per language pair (`en-kk`).
    pub lexicons: Vec<(String, LearnStats)>,
    /// Passes over the manifest: 1, or 2 with a corpus lexicon.
    pub passes: usize,
    pub elapsed: Duration,
}

impl BatchSummary {
    /// Beads aligned, before filters.
    pub fn beads(&self) -> usize {
        self.beads_by_type.values().sum()
    }

    pub fn mean_score(&self) -> Option<f64> {
        let n = self.beads();
        (n > 0).then(|| self.score_sum / n as f64)
    }

    /// Pairs per second over the whole run (both passes).
    pub fn pairs_per_second(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            (self.done + self.failed) as f64 / s
        } else {
            0.0
        }
    }
}

impl fmt::Display for BatchSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} pairs: {} aligned, {} failed",
            self.pairs, self.done, self.failed
        )?;
        if self.skipped > 0 {
            write!(f, ", {} skipped (output exists)", self.skipped)?;
        }
        writeln!(
            f,
            " in {:.1} s ({:.0} pairs/s, {} {})",
            self.elapsed.as_secs_f64(),
            self.pairs_per_second(),
            self.passes,
            if self.passes == 1 { "pass" } else { "passes" }
        )?;
        for (pair, s) in &self.lexicons {
            writeln!(
                f,
                "corpus lexicon {pair}: {} entries from {} confident beads",
                s.entries, s.beads_used
            )?;
        }
        // In the aligner's order of bead types: 1-1 first, then omissions and additions...
        let rank =
            |k: &(usize, usize)| BEAD_TYPES.iter().position(|t| t == k).unwrap_or(usize::MAX);
        let mut by_type: Vec<(&(usize, usize), &usize)> = self.beads_by_type.iter().collect();
        by_type.sort_by_key(|(k, _)| (rank(k), **k));
        let types: Vec<String> = by_type
            .iter()
            .map(|((a, b), n)| format!("{a}-{b} {n}"))
            .collect();
        write!(f, "beads: {}", self.beads())?;
        if !types.is_empty() {
            write!(f, " ({})", types.join(", "))?;
        }
        match self.mean_score() {
            Some(m) => writeln!(f, ", mean score {m:.3}")?,
            None => writeln!(f)?,
        }
        let drops: Vec<String> = Dropped::ALL
            .iter()
            .filter(|&&d| self.dropped.get(d) > 0)
            .map(|&d| format!("{} {}", d.option(), self.dropped.get(d)))
            .collect();
        if !drops.is_empty() {
            writeln!(f, "dropped by filters: {}", drops.join(", "))?;
        }
        write!(f, "written: {} beads", self.written.written)?;
        let files = self.written.files.len();
        if files > 1 {
            write!(f, " in {files} files")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_a_report() {
        let mut s = BatchSummary {
            pairs: 5,
            done: 3,
            failed: 1,
            skipped: 1,
            passes: 2,
            score_sum: 2.7,
            elapsed: Duration::from_secs(2),
            ..BatchSummary::default()
        };
        s.beads_by_type.insert((1, 1), 2);
        s.beads_by_type.insert((2, 1), 1);
        s.dropped.add(Dropped::Duplicate);
        s.written.written = 2;
        let text = s.to_string();
        assert!(
            text.starts_with("5 pairs: 3 aligned, 1 failed, 1 skipped"),
            "{text}"
        );
        assert!(
            text.contains("beads: 3 (1-1 2, 2-1 1), mean score 0.900"),
            "{text}"
        );
        assert!(text.contains("dropped by filters: --dedup 1"), "{text}");
        assert!(text.contains("2 passes"), "{text}");
    }
}
