//! Sentence alignment of two versions of one text.
//!
//! Two passes. The first aligns with language-independent evidence (lengths, numbers, names and
//! cognates through transliteration, punctuation, paragraph starts) and a dictionary when given.
//! From its confident 1-1 beads the second pass learns what this pair of documents teaches: word
//! correspondences (a lexicon), the length ratio and its variance, and how often each kind of
//! evidence carries over; then it aligns again. Every bead gets the posterior probability that it
//! is exactly right.

pub mod corpus_lexicon;
pub mod dp;
pub mod features;
pub mod lexicon;
pub mod model;
mod search;
pub mod tokens;

use crate::corpus::{Alignment, Bead, Document};
use features::{Kind, PairFeatures};
use lexicon::Lexicon;
use model::{LengthModel, Params, Scorer};

/// How to align.
#[derive(Debug, Clone)]
pub struct AlignConfig {
    pub params: Params,
    /// A bilingual dictionary (`--dict`), source → target.
    pub dictionary: Option<Lexicon>,
    /// Run the second pass that learns from the first (on by default).
    pub learn: bool,
}

impl Default for AlignConfig {
    fn default() -> AlignConfig {
        AlignConfig {
            params: Params::default(),
            dictionary: None,
            learn: true,
        }
    }
}

/// The result of aligning one pair.
#[derive(Debug, Clone)]
pub struct AlignOutput {
    pub alignment: Alignment,
    /// Things the user should know (very different sizes...).
    pub warnings: Vec<String>,
    /// Entries of the lexicon learned in the second pass.
    pub learned_entries: usize,
}

/// Posterior above which a 1-1 bead of the first pass teaches the second.
const LEARN_POSTERIOR: f32 = 0.5;

/// Aligns two documents.
pub fn align(src: &Document, tgt: &Document, config: &AlignConfig) -> AlignOutput {
    let mut warnings = Vec::new();
    let (n, m) = (src.len(), tgt.len());
    if n == 0 || m == 0 {
        let beads = (0..n)
            .map(|i| Bead::new(vec![i], vec![], 1.0))
            .chain((0..m).map(|j| Bead::new(vec![], vec![j], 1.0)))
            .collect();
        return AlignOutput {
            alignment: Alignment { beads },
            warnings,
            learned_entries: 0,
        };
    }
    let (small, large) = (n.min(m), n.max(m));
    if large > 5 * small {
        warnings.push(format!(
            "the sides differ much in size ({n} source, {m} target sentences): \
             what matches is aligned, the rest is marked as omitted or added"
        ));
    }
    let paragraphs = |d: &Document| d.sentences.iter().map(|s| s.paragraph).collect::<Vec<_>>();
    let pars = [paragraphs(src), paragraphs(tgt)];
    let params = &config.params;

    let t0 = std::time::Instant::now();
    let plain = features::extract(src, tgt);
    let with_dict = config.dictionary.as_ref().map(|d| plain.with_lexicon(d));
    let feats = with_dict.as_ref().unwrap_or(&plain);
    if std::env::var("TILMASH_DBG").is_ok_and(|v| v.contains("coarse")) {
        eprintln!("features {:.2}s", t0.elapsed().as_secs_f64());
    }
    let length = model::initial_length_model(feats, params);
    let scorer = Scorer::new(feats, [&pars[0], &pars[1]], params, length);
    if std::env::var("TILMASH_DBG").is_ok_and(|v| v.contains("coarse")) {
        eprintln!("scorer {:.2}s", t0.elapsed().as_secs_f64());
    }
    let first = search::search(&scorer, None, params.temperature);

    let (steps, learned_entries) = if config.learn {
        let confident = confident_pairs(&first);
        let dbg = std::env::var("TILMASH_DBG").unwrap_or_default();
        let mut lexicon = if dbg.contains("nolex") {
            Lexicon::new()
        } else {
            Lexicon::learn(feats, &confident, 1.5, 0.5)
        };
        let learned = lexicon.len();
        if let Some(d) = &config.dictionary {
            lexicon.extend(d);
        }
        let feats2 = plain.with_lexicon(&lexicon);
        let length2 = if dbg.contains("nolen") {
            length
        } else {
            model::fit_length_model(&feats2, &confident, length)
        };
        let params2 = if dbg.contains("nopar") {
            params.clone()
        } else {
            refit_params(&feats2, &confident, params)
        };
        let scorer2 = Scorer::new(&feats2, [&pars[0], &pars[1]], &params2, length2);
        let guide: Vec<(usize, usize)> = first.iter().map(|s| (s.i, s.j)).collect();
        (
            search::search(&scorer2, Some(&guide), params.temperature),
            learned,
        )
    } else {
        (first, 0)
    };

    let beads = steps
        .iter()
        .map(|s| {
            Bead::new(
                (s.i - s.a..s.i).collect(),
                (s.j - s.b..s.j).collect(),
                s.posterior.clamp(0.0, 1.0) as f64,
            )
        })
        .collect();
    AlignOutput {
        alignment: Alignment { beads },
        warnings,
        learned_entries,
    }
}

/// The 1-1 beads of a pass with their posteriors, for learning.
fn confident_pairs(steps: &[dp::Step]) -> Vec<(usize, usize, f32)> {
    steps
        .iter()
        .filter(|s| s.a == 1 && s.b == 1 && s.posterior >= LEARN_POSTERIOR)
        .map(|s| (s.i - 1, s.j - 1, s.posterior))
        .collect()
}

/// Re-estimates how often each kind of evidence carries over, from the confident beads of the
/// first pass, shrunk toward the defaults (a short document has few counts).
fn refit_params(feats: &PairFeatures, pairs: &[(usize, usize, f32)], params: &Params) -> Params {
    const PRIOR_COUNT: f64 = 20.0;
    let kinds = [
        Kind::Number,
        Kind::SmallNumber,
        Kind::Name,
        Kind::Cognate,
        Kind::Mark,
    ];
    let mut out = params.clone();
    for kind in kinds {
        let (mut present, mut matched) = (0.0f64, 0.0f64);
        for &(s, t, w) in pairs {
            let (a, b) = (&feats.sides[0][s].ids, &feats.sides[1][t].ids);
            for side in [a, b] {
                for &(id, c) in side.iter() {
                    let f = &feats.info[id as usize];
                    if f.kind != kind || f.df[0] == 0 || f.df[1] == 0 {
                        continue;
                    }
                    present += w as f64 * c as f64;
                    let other = if std::ptr::eq(side, a) { b } else { a };
                    if let Ok(k) = other.binary_search_by_key(&id, |x| x.0) {
                        matched += w as f64 * c.min(other[k].1) as f64;
                    }
                }
            }
        }
        let p0 = match kind {
            Kind::Number => &mut out.p_number,
            Kind::SmallNumber => &mut out.p_small_number,
            Kind::Name => &mut out.p_name,
            Kind::Cognate => &mut out.p_cognate,
            _ => &mut out.p_mark,
        };
        let fitted = (matched + PRIOR_COUNT * *p0 as f64) / (present + PRIOR_COUNT);
        *p0 = fitted.clamp(0.01, 0.98) as f32;
    }
    out
}

/// The length model a scorer would use for this pair, for diagnostics.
pub fn length_model(src: &Document, tgt: &Document) -> LengthModel {
    let feats = features::extract(src, tgt);
    model::initial_length_model(&feats, &Params::default())
}
