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
/// A learned word pair must co-occur in this many (posterior-weighted) beads...
const LEARN_MIN_COUNT: f32 = 1.5;
/// ...and reach this Dice coefficient.
const LEARN_MIN_DICE: f32 = 0.5;

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

    let plain = features::extract(src, tgt);
    let with_dict = config.dictionary.as_ref().map(|d| plain.with_lexicon(d));
    let feats = with_dict.as_ref().unwrap_or(&plain);
    let length = model::initial_length_model(feats, params);
    // Each pass's scorer is dropped before the next is built: on book-length input they are the
    // largest structures.
    let first = {
        let scorer = Scorer::new(feats, [&pars[0], &pars[1]], params, length);
        search::search(&scorer, None, params.temperature)
    };

    let (steps, learned_entries) = if config.learn {
        let confident = confident_pairs(&first);
        let mut lexicon = Lexicon::learn(feats, &confident, LEARN_MIN_COUNT, LEARN_MIN_DICE);
        let learned = lexicon.len();
        if let Some(d) = &config.dictionary {
            lexicon.extend(d);
        }
        drop(with_dict);
        let feats2 = plain.with_lexicon(&lexicon);
        drop(plain);
        let length2 = model::fit_length_model(&feats2, &confident, length);
        let params2 = refit_params(&feats2, &confident, params);
        let scorer2 = Scorer::new(&feats2, [&pars[0], &pars[1]], &params2, length2);
        drop(feats2);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Sentence;
    use crate::text::lang::Lang;
    use proptest::prelude::*;

    /// A document of sentences, three to a paragraph.
    fn doc(lang: Lang, sentences: &[&str]) -> Document {
        doc_with(lang, sentences, 3)
    }

    fn doc_with(lang: Lang, sentences: &[&str], per_paragraph: usize) -> Document {
        let mut text = String::new();
        let mut out = Vec::new();
        for (k, s) in sentences.iter().enumerate() {
            let start = text.len();
            text.push_str(s);
            out.push(Sentence {
                text: s.to_string(),
                span: start..text.len(),
                paragraph: k / per_paragraph,
            });
            text.push('\n');
        }
        Document {
            label: "test".into(),
            lang,
            text,
            sentences: out,
        }
    }

    #[test]
    fn identical_texts_align_one_to_one_with_confidence() {
        let s = [
            "President Kassym-Jomart Tokayev met the delegation in Astana on Monday.",
            "The talks lasted three hours.",
            "Trade grew by 12 percent in 2021, the ministry said.",
            "Both sides signed 14 agreements.",
        ];
        let out = align(
            &doc(Lang::EN, &s),
            &doc(Lang::EN, &s),
            &AlignConfig::default(),
        );
        assert_eq!(out.alignment.beads.len(), 4);
        for (k, b) in out.alignment.beads.iter().enumerate() {
            assert_eq!((b.src.as_slice(), b.tgt.as_slice()), (&[k][..], &[k][..]));
            assert!(b.score > 0.9, "{b:?}");
        }
    }

    #[test]
    fn merged_sentence_becomes_a_two_to_one_bead() {
        let en = [
            "Kazakhstan's government resigned on January 5.",
            "A state of emergency was declared in Almaty.",
            "It will last until January 19.",
            "Internet access was cut across the country.",
        ];
        let tr = [
            "Kazakistan hükümeti 5 Ocak'ta istifa etti.",
            "Almatı'da olağanüstü hal ilan edildi; 19 Ocak'a kadar sürecek.",
            "Ülke genelinde internet erişimi kesildi.",
        ];
        let out = align(
            &doc(Lang::EN, &en),
            &doc(Lang::TR, &tr),
            &AlignConfig::default(),
        );
        let beads: Vec<(Vec<usize>, Vec<usize>)> = out
            .alignment
            .beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert_eq!(
            beads,
            vec![
                (vec![0], vec![0]),
                (vec![1, 2], vec![1]),
                (vec![3], vec![2])
            ]
        );
    }

    #[test]
    fn a_sentence_from_another_story_is_left_unaligned() {
        let en = [
            "The Organization of Turkic States held an emergency meeting on Tuesday.",
            "Hurricane Rosa had winds of 85 mph as of 5 a.m. Sunday near Punta Eugenia, Mexico.",
            "The ministers expressed support for Kazakhstan.",
        ];
        let kk = [
            "Түркі мемлекеттері ұйымы сейсенбі күні кезектен тыс отырыс өткізді.",
            "Министрлер Қазақстанға қолдау білдірді.",
        ];
        let out = align(
            &doc(Lang::EN, &en),
            &doc(Lang::KK, &kk),
            &AlignConfig::default(),
        );
        let deleted = out
            .alignment
            .beads
            .iter()
            .find(|b| b.tgt.is_empty())
            .expect("one omission");
        assert_eq!(deleted.src, vec![1]);
    }

    #[test]
    fn empty_side_gives_one_sided_beads() {
        let out = align(
            &doc(Lang::EN, &["One.", "Two."]),
            &doc(Lang::TR, &[]),
            &AlignConfig::default(),
        );
        assert_eq!(out.alignment.beads.len(), 2);
        assert!(out.alignment.validate(2, 0).is_ok());
    }

    #[test]
    fn very_different_sizes_warn() {
        let many: Vec<String> = (0..30)
            .map(|k| format!("Sentence number {k} is here."))
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        // One paragraph per sentence: no paragraph start speaks for or against any bead.
        let out = align(
            &doc_with(Lang::EN, &many, 1),
            &doc_with(
                Lang::EN,
                &["Sentence number 7 is here.", "Sentence number 20 is here."],
                1,
            ),
            &AlignConfig::default(),
        );
        assert!(
            out.warnings
                .iter()
                .any(|w| w.contains("differ much in size"))
        );
        assert!(out.alignment.validate(30, 2).is_ok());
        let matched: Vec<_> = out
            .alignment
            .beads
            .iter()
            .filter(|b| !b.is_one_sided())
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert_eq!(matched, vec![(vec![7], vec![0]), (vec![20], vec![1])]);
    }

    fn sentence() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "Astana",
            "the",
            "government",
            "said",
            "2022",
            "12,5",
            "«бір»",
            "Тоқаев",
            "ve",
            "Erdoğan'ın",
            "?",
            "(",
            "budget",
            "жыл",
            "1 000",
            "Trump",
            "",
            "...",
        ]);
        prop::collection::vec(words, 0..12).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Every sentence of both sides in exactly one bead, beads monotone, scores in [0, 1].
        #[test]
        fn alignments_are_complete_and_monotone(
            src in prop::collection::vec(sentence(), 0..25),
            tgt in prop::collection::vec(sentence(), 0..25),
            learn in any::<bool>(),
        ) {
            let s: Vec<&str> = src.iter().map(String::as_str).collect();
            let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
            let config = AlignConfig { learn, ..AlignConfig::default() };
            let out = align(&doc(Lang::EN, &s), &doc(Lang::KK, &t), &config);
            prop_assert!(out.alignment.validate(s.len(), t.len()).is_ok(),
                "{:?}", out.alignment.validate(s.len(), t.len()));
        }
    }
}
