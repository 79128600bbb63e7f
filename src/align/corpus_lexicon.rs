//! A translation lexicon learned from a whole corpus of aligned document pairs.
//!
//! [`super::lexicon::Lexicon::learn`] learns from the confident beads of one document pair: words
//! that recur inside that pair. Across thousands of pairs the same function words, verbs of saying
//! and institutions recur, so a lexicon learned over the corpus gives the first alignment pass of
//! every pair evidence it could not find alone.
//!
//! The method is the one the pair-level learner uses, at corpus scale: sentence co-occurrence
//! counts over the confident 1-1 beads of a first pass, the Dice coefficient as association, and
//! competitive linking (Melamed 2000) so that each stem keeps its best partner only. Entries are
//! word stems ([`super::features::stem`]), the same keys the aligner looks up.
//!
//! Memory stays bounded however many documents are added:
//! - at most [`LearnParams::max_beads`] beads are kept, a uniform sample (reservoir sampling with a
//!   fixed seed, so the result does not depend on the machine) once more arrive;
//! - the pair table only holds stem pairs that can reach the thresholds: both stems frequent
//!   enough, neither a function word, and counts within a factor `(2 − d) / d` of each other,
//!   because `Dice = 2·c(a,b) / (c(a) + c(b)) ≥ d` with `c(a,b) ≤ min(c(a), c(b))` needs it;
//! - when even that table could exceed [`LearnParams::max_table`] entries, source stems are split
//!   into shards counted one after the other.

use rustc_hash::FxHashMap;

use super::features::stem;
use super::lexicon::Lexicon;
use super::tokens::{self, Token};
use crate::corpus::{Alignment, Document};
use crate::text::lang::Lang;

/// Thresholds of corpus-level learning. The defaults were chosen on the ntrex-dev benchmark
/// (`examples/bench_batch.rs`, see docs/batch.md).
#[derive(Debug, Clone, PartialEq)]
pub struct LearnParams {
    /// A 1-1 bead of the first pass teaches only when its score reaches this.
    pub min_score: f64,
    /// A stem pair must co-occur in at least this many (score-weighted) beads.
    pub min_count: f32,
    /// Lowest Dice coefficient kept.
    pub min_dice: f32,
    /// Stems found in more than this share of the beads are function words and left out: they
    /// co-occur with everything.
    pub max_share: f32,
    /// Beads kept for counting; beyond this a uniform sample is kept.
    pub max_beads: usize,
    /// Most entries of the pair table counted at once.
    pub max_table: usize,
    /// Entries' strengths are the Dice coefficient times this (the aligner multiplies its lexicon
    /// probability by the strength).
    pub strength: f32,
}

impl Default for LearnParams {
    fn default() -> LearnParams {
        LearnParams {
            min_score: 0.9,
            min_count: 2.0,
            min_dice: 0.3,
            max_share: 0.3,
            max_beads: 1_000_000,
            max_table: 20_000_000,
            strength: 1.0,
        }
    }
}

/// The distinct stems of a sentence, as the aligner's features see them.
pub fn sentence_stems(text: &str, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    tokens::for_each_token(text, lang, |tok| {
        if let Token::Word { text, .. } = tok
            && let Some(s) = stem(text, lang)
        {
            out.push(s);
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// One confident bead, reduced to what learning needs: the stems of both sides and a weight.
#[derive(Debug, Clone, PartialEq)]
pub struct StemPair {
    pub src: Vec<String>,
    pub tgt: Vec<String>,
    pub weight: f32,
}

/// The confident 1-1 beads of one aligned document pair, as stems: what a worker hands to the
/// [`CorpusLearner`] (computed where the documents are, so that only stems travel).
pub fn confident_stem_pairs(
    src: &Document,
    tgt: &Document,
    alignment: &Alignment,
    min_score: f64,
) -> Vec<StemPair> {
    alignment
        .beads
        .iter()
        .filter(|b| b.src.len() == 1 && b.tgt.len() == 1 && b.score >= min_score)
        .map(|b| StemPair {
            src: sentence_stems(&src.sentences[b.src[0]].text, src.lang),
            tgt: sentence_stems(&tgt.sentences[b.tgt[0]].text, tgt.lang),
            weight: b.score as f32,
        })
        .filter(|p| !p.src.is_empty() && !p.tgt.is_empty())
        .collect()
}

/// Collects confident beads of many document pairs (one language pair) and learns a lexicon.
///
/// Results depend only on the order beads are added in, never on timing: add documents in
/// corpus order.
#[derive(Debug, Clone)]
pub struct CorpusLearner {
    params: LearnParams,
    vocab: [FxHashMap<String, u32>; 2],
    words: [Vec<String>; 2],
    beads: Vec<KeptBead>,
    /// Beads offered so far (for reservoir sampling).
    seen: u64,
    rng: u64,
}

/// A bead kept for counting: stem ids of both sides (sorted, distinct) and its weight.
#[derive(Debug, Clone)]
struct KeptBead {
    src: Box<[u32]>,
    tgt: Box<[u32]>,
    weight: f32,
}

/// What [`CorpusLearner::learn`] did, for reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnStats {
    /// Beads offered and beads counted (fewer when sampled).
    pub beads_seen: u64,
    pub beads_used: usize,
    /// Distinct stems per side among the counted beads.
    pub stems: [usize; 2],
    /// Stem pairs counted, and shards the counting was split into.
    pub candidates: usize,
    pub shards: usize,
    /// Entries of the learned lexicon.
    pub entries: usize,
}

impl CorpusLearner {
    pub fn new(params: LearnParams) -> CorpusLearner {
        CorpusLearner {
            params,
            vocab: Default::default(),
            words: Default::default(),
            beads: Vec::new(),
            seen: 0,
            rng: 0x9E37_79B9_7F4A_7C15,
        }
    }

    pub fn params(&self) -> &LearnParams {
        &self.params
    }

    /// Beads offered so far.
    pub fn beads_seen(&self) -> u64 {
        self.seen
    }

    /// Adds the confident 1-1 beads of one aligned document pair.
    pub fn add_document(&mut self, src: &Document, tgt: &Document, alignment: &Alignment) {
        for p in confident_stem_pairs(src, tgt, alignment, self.params.min_score) {
            self.add(&p);
        }
    }

    /// Adds one bead.
    pub fn add(&mut self, pair: &StemPair) {
        self.seen += 1;
        let slot = if self.beads.len() < self.params.max_beads {
            None
        } else {
            // Reservoir sampling (Algorithm R): keep the new bead with probability max/seen.
            let k = self.next_random() % self.seen;
            if k >= self.params.max_beads as u64 {
                return;
            }
            Some(k as usize)
        };
        let ids = |side: usize, this: &mut CorpusLearner, stems: &[String]| -> Box<[u32]> {
            let mut v: Vec<u32> = stems.iter().map(|s| this.intern(side, s)).collect();
            v.sort_unstable();
            v.dedup();
            v.into_boxed_slice()
        };
        let bead = KeptBead {
            src: ids(0, self, &pair.src),
            tgt: ids(1, self, &pair.tgt),
            weight: pair.weight,
        };
        match slot {
            None => self.beads.push(bead),
            Some(k) => self.beads[k] = bead,
        }
    }

    fn intern(&mut self, side: usize, stem: &str) -> u32 {
        if let Some(&id) = self.vocab[side].get(stem) {
            return id;
        }
        let id = self.words[side].len() as u32;
        self.words[side].push(stem.to_string());
        self.vocab[side].insert(stem.to_string(), id);
        id
    }

    /// splitmix64: a fixed, portable sequence.
    fn next_random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Learns the lexicon from the beads added so far.
    pub fn learn(&self) -> (Lexicon, LearnStats) {
        let p = &self.params;
        let mut stats = LearnStats {
            beads_seen: self.seen,
            beads_used: self.beads.len(),
            ..LearnStats::default()
        };
        let mut count = [
            vec![0.0f32; self.words[0].len()],
            vec![0.0f32; self.words[1].len()],
        ];
        let mut total = 0.0f32;
        for b in &self.beads {
            total += b.weight;
            for &a in b.src.iter() {
                count[0][a as usize] += b.weight;
            }
            for &t in b.tgt.iter() {
                count[1][t as usize] += b.weight;
            }
        }
        stats.stems = [0, 1].map(|side| count[side].iter().filter(|&&c| c > 0.0).count());
        let useful = |c: f32| c >= p.min_count && c <= p.max_share * total;
        // Dice ≥ d needs max(c(a), c(b)) ≤ (2 − d) / d · min(c(a), c(b)).
        let max_ratio = (2.0 - p.min_dice) / p.min_dice.max(1e-3);
        let filtered: Vec<(Vec<u32>, Vec<u32>, f32)> = self
            .beads
            .iter()
            .map(|b| {
                let keep = |side: usize, ids: &[u32]| -> Vec<u32> {
                    ids.iter()
                        .copied()
                        .filter(|&x| useful(count[side][x as usize]))
                        .collect()
                };
                (keep(0, &b.src), keep(1, &b.tgt), b.weight)
            })
            .collect();
        let bound: usize = filtered.iter().map(|(s, t, _)| s.len() * t.len()).sum();
        let shards = bound.div_ceil(p.max_table.max(1)).max(1);
        stats.shards = shards;
        let mut entries: Vec<((u32, u32), f32, f32)> = Vec::new();
        for shard in 0..shards {
            let mut joint: FxHashMap<u64, f32> = FxHashMap::default();
            for (s, t, w) in &filtered {
                for &a in s.iter().filter(|&&a| a as usize % shards == shard) {
                    let ca = count[0][a as usize];
                    for &b in t {
                        let cb = count[1][b as usize];
                        if ca.max(cb) > max_ratio * ca.min(cb) {
                            continue;
                        }
                        *joint.entry(((a as u64) << 32) | b as u64).or_default() += w;
                    }
                }
            }
            stats.candidates += joint.len();
            entries.extend(joint.into_iter().filter_map(|(key, c)| {
                let (a, b) = ((key >> 32) as u32, key as u32);
                let dice = 2.0 * c / (count[0][a as usize] + count[1][b as usize]);
                (c >= p.min_count && dice >= p.min_dice).then_some(((a, b), dice, c))
            }));
        }
        // Competitive linking: strongest first, each stem linked once.
        entries.sort_by(|x, y| {
            y.1.total_cmp(&x.1)
                .then(y.2.total_cmp(&x.2))
                .then(x.0.cmp(&y.0))
        });
        let mut used = [
            vec![false; self.words[0].len()],
            vec![false; self.words[1].len()],
        ];
        let mut lex = Lexicon::new();
        for ((a, b), dice, _) in entries {
            if used[0][a as usize] || used[1][b as usize] {
                continue;
            }
            used[0][a as usize] = true;
            used[1][b as usize] = true;
            lex.add_stems(
                self.words[0][a as usize].clone(),
                self.words[1][b as usize].clone(),
                (dice * p.strength).min(1.0),
            );
        }
        stats.entries = lex.len();
        (lex, stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(s: &str, t: &str) -> StemPair {
        StemPair {
            src: sentence_stems(s, Lang::EN),
            tgt: sentence_stems(t, Lang::TR),
            weight: 1.0,
        }
    }

    fn corpus() -> Vec<StemPair> {
        vec![
            pair("The government met today.", "Hükümet bugün toplandı."),
            pair("The government resigned.", "Hükümet istifa etti."),
            pair("The president spoke today.", "Cumhurbaşkanı bugün konuştu."),
            pair("The president resigned.", "Cumhurbaşkanı istifa etti."),
            pair("Prices rose today.", "Fiyatlar bugün arttı."),
            pair("Prices fell.", "Fiyatlar düştü."),
            pair("Snow fell in the north.", "Kuzeye kar yağdı."),
        ]
    }

    fn params() -> LearnParams {
        LearnParams {
            max_share: 0.9,
            ..LearnParams::default()
        }
    }

    #[test]
    fn learns_words_that_recur_across_documents() {
        let mut l = CorpusLearner::new(params());
        for p in corpus() {
            l.add(&p);
        }
        let (lex, stats) = l.learn();
        let entries: Vec<(&str, &str)> = lex.entries().map(|(s, t, _)| (s, t)).collect();
        assert!(entries.contains(&("gover", "hüküm")), "{entries:?}");
        assert!(entries.contains(&("presi", "cumhu")), "{entries:?}");
        assert!(entries.contains(&("today", "bugün")), "{entries:?}");
        assert!(entries.contains(&("price", "fiyat")), "{entries:?}");
        // Competitive linking: "resigned" links to one of "istifa"/"etti" only.
        assert_eq!(lex.pairs_of(0, "resig").len(), 1);
        assert_eq!(stats.entries, lex.len());
        assert_eq!(stats.beads_used, 7);
    }

    #[test]
    fn sharding_gives_the_same_lexicon() {
        let mut small = CorpusLearner::new(LearnParams {
            max_table: 3,
            ..params()
        });
        let mut big = CorpusLearner::new(params());
        for p in corpus() {
            small.add(&p);
            big.add(&p);
        }
        let (a, sa) = small.learn();
        let (b, sb) = big.learn();
        assert!(sa.shards > 1 && sb.shards == 1);
        let key = |l: &Lexicon| {
            let mut v: Vec<(String, String, u32)> = l
                .entries()
                .map(|(s, t, w)| (s.to_string(), t.to_string(), w.to_bits()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(key(&a), key(&b));
    }

    #[test]
    fn the_sample_is_bounded() {
        let mut l = CorpusLearner::new(LearnParams {
            max_beads: 3,
            ..params()
        });
        for _ in 0..20 {
            for p in corpus() {
                l.add(&p);
            }
        }
        let (_, stats) = l.learn();
        assert_eq!(stats.beads_used, 3);
        assert_eq!(stats.beads_seen, 140);
    }

    #[test]
    fn stems_match_the_aligner() {
        assert_eq!(
            sentence_stems("İstanbul'da hükümetin kararı", Lang::TR),
            vec!["hüküm", "istan", "karar"]
        );
    }
}
