//! The bead model: how likely a group of source sentences and a group of target sentences are
//! translations of each other, as a log-likelihood ratio against "unrelated".
//!
//! ```text
//! score(S, T) = log P(type)                                  bead type prior (1-1, 2-1, 1-0, ...)
//!             + w_len · (b_len − ½ δ²)                       Gale-Church length agreement
//!             + Σ_f∈S∩T m_f · (log p_k − ½ log q_f,S q_f,T)  shared evidence, rare features count more
//!             + Σ_f unmatched  ½ log(1 − p_k · a_f)          evidence that should be there but is not
//!             − w_par · [paragraph starts disagree]          paragraphs as soft anchors
//! score(S, ∅) = log P(1-0),  score(∅, T) = log P(0-1)
//! ```
//!
//! `δ = (l_T − c·l_S) / √(v · (c·l_S + l_T)/2)` with the length ratio `c` and variance `v` of this
//! document pair; `p_k` is the probability that evidence of kind `k` (number, name, cognate, mark,
//! lexicon pair) in one side reappears in its translation; `q_f` is the share of sentences of a
//! side that hold feature `f`, so a number found in one sentence per side is strong evidence and a
//! quote mark found everywhere is weak; `a_f` is 1 when `f` occurs on the other side somewhere
//! and [`Params::absent_factor`] when it does not (a name absent from the whole other document
//! says "this sentence is not translated there", which is what makes an omission cheap only where
//! the evidence says so). The symmetric form is the average of the two directional naive-Bayes
//! models. A path's score is the sum of its beads' scores; the aligner finds the best path and the
//! posterior probability of each bead.

use super::features::{Kind, PairFeatures};

/// The bead types the aligner considers, as (source sentences, target sentences).
pub const BEAD_TYPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
];

/// The longest side of a bead.
pub const MAX_SIDE: usize = 3;

/// Model weights. The defaults were fitted on the development benchmarks (ntrex-dev en-tr and
/// en-kk, textberg-dev de-fr) and are documented in the README.
#[derive(Debug, Clone)]
pub struct Params {
    /// log P(type), indexed by (source count, target count).
    pub log_prior: [[f32; MAX_SIDE + 1]; MAX_SIDE + 1],
    pub len_weight: f32,
    pub len_bonus: f32,
    /// Prior for the variance of the length difference per character.
    pub len_variance: f32,
    /// Translation probability per evidence kind.
    pub p_number: f32,
    pub p_small_number: f32,
    pub p_name: f32,
    pub p_cognate: f32,
    pub p_mark: f32,
    pub p_lexicon: f32,
    /// How much of the translation probability applies to a feature absent from the whole other
    /// document.
    pub absent_factor: f32,
    pub paragraph_penalty: f32,
    /// Posterior temperature: scores are divided by it before computing bead probabilities.
    pub temperature: f32,
}

impl Default for Params {
    fn default() -> Params {
        let ninf = f32::NEG_INFINITY;
        let mut log_prior = [[ninf; MAX_SIDE + 1]; MAX_SIDE + 1];
        // The share of each bead type in the gold alignments of the development benchmarks
        // (ntrex-dev en-tr and en-kk, textberg-dev), rounded; 2-2 lowered from 0.013, since with
        // a learned lexicon two 1-1 beads share enough words across to pass for one 2-2.
        for &((a, b), p) in &[
            ((1, 1), 0.68f32),
            ((1, 0), 0.085),
            ((0, 1), 0.06),
            ((2, 1), 0.08),
            ((1, 2), 0.06),
            ((2, 2), 0.005),
            ((3, 1), 0.015),
            ((1, 3), 0.008),
        ] {
            log_prior[a][b] = p.ln();
        }
        Params {
            log_prior,
            len_weight: 1.0,
            len_bonus: 1.0,
            len_variance: 6.8,
            p_number: 0.9,
            p_small_number: 0.6,
            p_name: 0.7,
            p_cognate: 0.2,
            p_mark: 0.6,
            p_lexicon: 0.6,
            absent_factor: 0.5,
            paragraph_penalty: 1.0,
            temperature: 1.0,
        }
    }
}

impl Params {
    fn p(&self, kind: Kind, strength: f32) -> f32 {
        match kind {
            Kind::Number => self.p_number,
            Kind::SmallNumber => self.p_small_number,
            Kind::Name => self.p_name,
            Kind::Cognate => self.p_cognate,
            Kind::Mark => self.p_mark,
            Kind::Lexicon => self.p_lexicon * strength,
        }
    }
}

/// A feature occurrence in a span: id and count.
#[derive(Debug, Clone, Copy)]
struct Entry(u32);

impl Entry {
    /// Feature ids must fit in 24 bits; documents have far fewer distinct features.
    const ID_BITS: u32 = 24;

    fn new(id: u32, count: u32) -> Entry {
        Entry((id << 8) | count.min(255))
    }
    #[inline]
    fn id(self) -> u32 {
        self.0 >> 8
    }
    #[inline]
    fn count(self) -> u32 {
        self.0 & 0xFF
    }
}

/// Features of every span of 1..=MAX_SIDE consecutive sentences ending at each position.
#[derive(Debug, Default)]
struct SpanIndex {
    /// For span length a (index a-1) and end position e (exclusive): entries[offsets[a-1][e]..offsets[a-1][e+1]].
    offsets: [Vec<u32>; MAX_SIDE],
    entries: [Vec<Entry>; MAX_SIDE],
    /// 64-bit signature (bit = id mod 64) to skip spans that share nothing.
    signature: [Vec<u64>; MAX_SIDE],
}

impl SpanIndex {
    fn build(lists: &[&[(u32, u16)]]) -> SpanIndex {
        let n = lists.len();
        let mut idx = SpanIndex::default();
        let mut merged: Vec<Entry> = Vec::new();
        for a in 1..=MAX_SIDE {
            let offsets = &mut idx.offsets[a - 1];
            let entries = &mut idx.entries[a - 1];
            let sigs = &mut idx.signature[a - 1];
            offsets.reserve(n + 2);
            offsets.push(0);
            // Spans ending at e cover [e-a, e); positions e < a have no span.
            for e in 0..=n {
                if e >= a {
                    merged.clear();
                    for list in &lists[e - a..e] {
                        merged.extend(
                            list.iter()
                                .filter(|&&(id, _)| id < 1 << Entry::ID_BITS)
                                .map(|&(id, c)| Entry::new(id, c as u32)),
                        );
                    }
                    merged.sort_unstable_by_key(|x| x.0);
                    let mut sig = 0u64;
                    let start = entries.len();
                    for x in &merged {
                        match entries[start..].last_mut() {
                            Some(last) if last.id() == x.id() => {
                                *last = Entry::new(x.id(), last.count() + x.count());
                            }
                            _ => entries.push(*x),
                        }
                        sig |= 1 << (x.id() % 64);
                    }
                    sigs.push(sig);
                } else {
                    sigs.push(0);
                }
                offsets.push(entries.len() as u32);
            }
        }
        idx
    }

    #[inline]
    fn span(&self, a: usize, end: usize) -> (&[Entry], u64) {
        let o = &self.offsets[a - 1];
        let s = o[end] as usize;
        let e = o[end + 1] as usize;
        (&self.entries[a - 1][s..e], self.signature[a - 1][end])
    }
}

/// Per-side data the scorer needs.
#[derive(Debug, Default)]
struct Side {
    /// Prefix sums of sentence lengths.
    chars: Vec<f64>,
    /// Prefix sums of the unmatched-evidence penalty of each sentence.
    unmatched: Vec<f64>,
    /// Prefix sums of the gain each sentence could earn if all its evidence were shared.
    total_gain: Vec<f64>,
    /// Whether sentence i starts a paragraph.
    par_start: Vec<bool>,
    /// Prefix counts of paragraph starts.
    par_count: Vec<u32>,
    spans: SpanIndex,
}

/// Scores beads for one document pair.
#[derive(Debug)]
pub struct Scorer {
    params: Params,
    sides: [Side; 2],
    /// Net gain of one matched occurrence of each feature.
    gain: Vec<f32>,
    ratio: f64,
    variance: f64,
}

/// Length statistics of a document pair: mean ratio of target to source characters and the
/// variance per character of the difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthModel {
    pub ratio: f64,
    pub variance: f64,
}

impl Scorer {
    /// Builds a scorer. `paragraphs` gives each side's paragraph index per sentence.
    pub fn new(
        features: &PairFeatures,
        paragraphs: [&[usize]; 2],
        params: &Params,
        length: LengthModel,
    ) -> Scorer {
        let n = [features.sides[0].len(), features.sides[1].len()];
        let q = |df: u32, side: usize| (df as f64 + 0.5) / (n[side] as f64 + 1.0);
        let mut gain = Vec::with_capacity(features.info.len());
        let mut unmatched = Vec::with_capacity(features.info.len());
        for f in &features.info {
            let p = params.p(f.kind, f.strength).clamp(1e-4, 0.999) as f64;
            let both = f.df[0] > 0 && f.df[1] > 0;
            let absent_p = match f.kind {
                Kind::Number | Kind::Name | Kind::Lexicon => p * params.absent_factor as f64,
                _ => 0.0,
            };
            let u = 0.5 * (1.0 - if both { p } else { absent_p }).ln();
            let g = p.ln() - 0.5 * (q(f.df[0], 0) * q(f.df[1], 1)).ln();
            // Net gain of matching one occurrence: the match evidence, minus the two unmatched
            // penalties already counted in the sentences' sums.
            // (A feature of one side only can never be shared: no gain.)
            gain.push(if both {
                (g - 2.0 * u).max(0.0) as f32
            } else {
                0.0
            });
            unmatched.push(u);
        }
        let sides = [0, 1].map(|s| {
            let sents = &features.sides[s];
            let mut chars = Vec::with_capacity(sents.len() + 1);
            let mut um = Vec::with_capacity(sents.len() + 1);
            let mut tg = Vec::with_capacity(sents.len() + 1);
            chars.push(0.0);
            um.push(0.0);
            tg.push(0.0);
            // Evidence worth less than this is left out of the overlap computation: it would
            // change no decision, and it makes the lists long.
            const MIN_GAIN: f32 = 0.25;
            let mut lists: Vec<Vec<(u32, u16)>> = Vec::with_capacity(sents.len());
            for x in sents {
                chars.push(chars.last().unwrap() + x.chars as f64);
                let u: f64 = x
                    .ids
                    .iter()
                    .map(|&(id, c)| unmatched[id as usize] * c as f64)
                    .sum();
                um.push(um.last().unwrap() + u);
                let kept: Vec<(u32, u16)> = x
                    .ids
                    .iter()
                    .copied()
                    .filter(|&(id, _)| gain[id as usize] >= MIN_GAIN)
                    .collect();
                let g: f64 = kept
                    .iter()
                    .map(|&(id, c)| (gain[id as usize] * c as f32) as f64)
                    .sum();
                tg.push(tg.last().unwrap() + g);
                lists.push(kept);
            }
            let pars = paragraphs[s];
            let par_start: Vec<bool> = (0..sents.len())
                .map(|i| i == 0 || pars.get(i) != pars.get(i - 1))
                .collect();
            let mut par_count = Vec::with_capacity(sents.len() + 1);
            par_count.push(0u32);
            for &p in &par_start {
                par_count.push(par_count.last().unwrap() + p as u32);
            }
            let lists: Vec<&[(u32, u16)]> = lists.iter().map(Vec::as_slice).collect();
            Side {
                chars,
                unmatched: um,
                total_gain: tg,
                par_start,
                par_count,
                spans: SpanIndex::build(&lists),
            }
        });
        Scorer {
            params: params.clone(),
            sides,
            gain,
            ratio: length.ratio,
            variance: length.variance,
        }
    }

    pub fn len(&self, side: usize) -> usize {
        self.sides[side].chars.len() - 1
    }

    #[inline]
    fn shared_gain(&self, a: &[Entry], b: &[Entry]) -> f32 {
        let (mut x, mut y) = (0, 0);
        let mut g = 0.0;
        while x < a.len() && y < b.len() {
            let (ea, eb) = (a[x], b[y]);
            match ea.id().cmp(&eb.id()) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    g += self.gain[ea.id() as usize] * ea.count().min(eb.count()) as f32;
                    x += 1;
                    y += 1;
                }
            }
        }
        g
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Upper bound of the shared evidence of the bead: the smaller side's total gain.
    #[inline]
    fn shared_bound(&self, i: usize, a: usize, j: usize, b: usize) -> f32 {
        let s = &self.sides[0];
        let t = &self.sides[1];
        let gs = s.total_gain[i] - s.total_gain[i - a];
        let gt = t.total_gain[j] - t.total_gain[j - b];
        gs.min(gt) as f32
    }

    /// Adds sentence `i` of `side` to a dense sketch: each feature, weighted by the square root
    /// of its gain, is hashed to one dimension with a sign (the "hashing trick"), so that the dot
    /// product of two sketches estimates the evidence their sentences share.
    pub fn add_to_sketch(&self, side: usize, i: usize, sketch: &mut [f32]) {
        let (entries, _) = self.sides[side].spans.span(1, i + 1);
        let d = sketch.len() as u32;
        for e in entries {
            let h = e.id().wrapping_mul(0x9E37_79B1);
            let w = self.gain[e.id() as usize].sqrt() * e.count() as f32;
            let sign = if h & 0x8000_0000 != 0 { -1.0 } else { 1.0 };
            sketch[((h >> 8) % d) as usize] += sign * w;
        }
    }

    /// Total length of sentences `[from, to)` of a side, in characters.
    pub fn chars(&self, side: usize, from: usize, to: usize) -> f64 {
        self.sides[side].chars[to] - self.sides[side].chars[from]
    }

    /// The length ratio (target per source character) in use.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }
}

impl BeadModel for Scorer {
    /// Prior, length, unmatched evidence and paragraphs: everything but the overlap.
    #[inline]
    fn cheap(&self, i: usize, a: usize, j: usize, b: usize) -> f32 {
        let p = &self.params;
        let prior = p.log_prior[a][b];
        if a == 0 || b == 0 {
            return prior;
        }
        let (s, t) = (&self.sides[0], &self.sides[1]);
        let ls = s.chars[i] - s.chars[i - a];
        let lt = t.chars[j] - t.chars[j - b];
        let mean = (self.ratio * ls + lt) / 2.0;
        let delta = (lt - self.ratio * ls) / (self.variance * mean + 1.0).sqrt();
        let len_term = p.len_weight as f64 * (p.len_bonus as f64 - 0.5 * delta * delta);
        let unmatched =
            (s.unmatched[i] - s.unmatched[i - a]) + (t.unmatched[j] - t.unmatched[j - b]);
        // Paragraph starts that disagree, and a paragraph boundary inside one side only.
        let mut par = (s.par_start[i - a] != t.par_start[j - b]) as u32;
        let inner_s = s.par_count[i] - s.par_count[i - a + 1] > 0;
        let inner_t = t.par_count[j] - t.par_count[j - b + 1] > 0;
        par += (inner_s != inner_t) as u32;
        prior + (len_term + unmatched) as f32 - p.paragraph_penalty * par as f32
    }

    /// The shared evidence: the overlap of the two sides' features.
    #[inline]
    fn costly(&self, i: usize, a: usize, j: usize, b: usize) -> f32 {
        if a == 0 || b == 0 {
            return 0.0;
        }
        let (es, sig_s) = self.sides[0].spans.span(a, i);
        let (et, sig_t) = self.sides[1].spans.span(b, j);
        if sig_s & sig_t == 0 {
            0.0
        } else {
            self.shared_gain(es, et)
        }
    }

    #[inline]
    fn bound(&self, i: usize, a: usize, j: usize, b: usize) -> f32 {
        if a == 0 || b == 0 {
            0.0
        } else {
            self.shared_bound(i, a, j, b)
        }
    }

    /// Shared evidence counts each feature min(count in S, count in T) times, and
    /// min(c1 + c2, c) ≤ min(c1, c) + min(c2, c): the pairwise sum bounds it.
    fn pairwise_bound(&self) -> bool {
        true
    }
}

/// A bead score split for speed: `cheap + costly`, with `costly ≤ bound` known cheaply, so that
/// the search can skip computing `costly` for beads that cannot win.
pub trait BeadModel {
    /// Part of the score of the bead covering source `[i-a, i)` and target `[j-b, j)`.
    fn cheap(&self, i: usize, a: usize, j: usize, b: usize) -> f32;
    fn costly(&self, i: usize, a: usize, j: usize, b: usize) -> f32;
    fn bound(&self, i: usize, a: usize, j: usize, b: usize) -> f32;
    /// Whether `costly` of a bead is at most the sum of `costly` of the 1-1 beads of its sentence
    /// pairs, which gives the search a much tighter bound than [`BeadModel::bound`].
    fn pairwise_bound(&self) -> bool {
        false
    }
    /// The whole score.
    fn score(&self, i: usize, a: usize, j: usize, b: usize) -> f32 {
        self.cheap(i, a, j, b) + self.costly(i, a, j, b)
    }
}

/// A plain scoring function as a [`BeadModel`] (all of it cheap).
pub struct FnModel<F>(pub F);

impl<F: Fn(usize, usize, usize, usize) -> f32> BeadModel for FnModel<F> {
    #[inline]
    fn cheap(&self, i: usize, a: usize, j: usize, b: usize) -> f32 {
        (self.0)(i, a, j, b)
    }
    #[inline]
    fn costly(&self, _: usize, _: usize, _: usize, _: usize) -> f32 {
        0.0
    }
    #[inline]
    fn bound(&self, _: usize, _: usize, _: usize, _: usize) -> f32 {
        0.0
    }
}

/// The length model of a pair before anything is aligned.
///
/// The ratio of total lengths is right when the versions differ by merges and splits, but wrong
/// when one side leaves out or adds much; the ratio of mean sentence lengths is right then, but
/// biased by merges. The estimate leans on the first when both sides have about as many
/// sentences, and on the second as their counts drift apart.
pub fn initial_length_model(features: &PairFeatures, params: &Params) -> LengthModel {
    let total = |s: usize| {
        features.sides[s]
            .iter()
            .map(|x| x.chars as f64)
            .sum::<f64>()
    };
    let (ls, lt) = (total(0), total(1));
    let (n, m) = (
        features.sides[0].len() as f64,
        features.sides[1].len() as f64,
    );
    let ratio = if ls > 0.0 && lt > 0.0 {
        let by_total = (lt / ls).ln();
        let by_mean = ((lt / m) / (ls / n)).ln();
        let trust_total = (-3.0 * (n / m).ln().abs()).exp();
        (trust_total * by_total + (1.0 - trust_total) * by_mean).exp()
    } else {
        1.0
    };
    LengthModel {
        ratio,
        variance: params.len_variance as f64,
    }
}

/// Re-estimates the length model from confident 1-1 beads, shrunk toward the prior so that a short
/// document cannot produce an extreme estimate.
pub fn fit_length_model(
    features: &PairFeatures,
    pairs: &[(usize, usize, f32)],
    prior: LengthModel,
) -> LengthModel {
    // Prior strength in pseudo-beads.
    const K: f64 = 10.0;
    let (mut sw, mut ss, mut st) = (0.0, 0.0, 0.0);
    for &(s, t, w) in pairs {
        sw += w as f64;
        ss += w as f64 * features.sides[0][s].chars as f64;
        st += w as f64 * features.sides[1][t].chars as f64;
    }
    if sw < 1.0 || ss <= 0.0 {
        return prior;
    }
    let ratio = (st + K * 50.0 * prior.ratio) / (ss + K * 50.0);
    let mut sv = 0.0;
    for &(s, t, w) in pairs {
        let ls = features.sides[0][s].chars as f64;
        let lt = features.sides[1][t].chars as f64;
        let mean = (ratio * ls + lt) / 2.0 + 1.0;
        sv += w as f64 * (lt - ratio * ls).powi(2) / mean;
    }
    let variance = (sv + K * prior.variance) / (sw + K);
    LengthModel { ratio, variance }
}
