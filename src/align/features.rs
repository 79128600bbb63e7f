//! Per-sentence evidence for the aligner, in one feature space shared by both sides.
//!
//! A feature is something that can appear in a sentence and in its translation: a normalized
//! number, a cognate key (names, loanwords), a punctuation mark with a meaning, or a pair of the
//! bilingual lexicon. Each sentence becomes a sorted list of feature ids with counts; a bead's
//! evidence is the overlap of its two sides' lists (see [`super::model`]).

use rustc_hash::FxHashMap;

use super::lexicon::Lexicon;
use super::tokens::{self, Mark, Token};
use crate::corpus::Document;
use crate::text::lang::Lang;

/// How many consonant classes a cognate key keeps: long enough to tell words apart, short enough
/// that suffixes (Қазақстанда, Kazakistan'da) and derivations fall away.
pub const COGNATE_KEY_LEN: usize = 4;

/// How long a word stem is (in characters): a crude but language-independent stemmer that lets
/// agglutinative forms (hükümetin, hükümete; үкіметтің, үкіметке) share one lexicon entry.
pub const STEM_CHARS: usize = 5;

/// What kind of evidence a feature is; each kind has its own translation probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A number above ten: almost always carried over as digits.
    Number,
    /// A number up to ten: often written out as a word in one of the languages.
    SmallNumber,
    /// The cognate key of a word capitalized inside a sentence: a name.
    Name,
    /// The cognate key of any other word: shared loanwords, and chance collisions.
    Cognate,
    /// `?`, `!`, quotes, parentheses, colon, URL, e-mail, hashtag.
    Mark,
    /// A word pair of the bilingual lexicon (given, or learned from the pair).
    Lexicon,
}

/// Statistics of one feature over both documents.
#[derive(Debug, Clone)]
pub struct FeatureInfo {
    pub kind: Kind,
    /// Sentences containing it, per side.
    pub df: [u32; 2],
    /// For lexicon features: the association strength in (0, 1].
    pub strength: f32,
}

/// One sentence's features: sorted ids with occurrence counts.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    pub ids: Vec<(u32, u16)>,
    /// Length in characters, white space excluded (what Gale-Church length models compare).
    pub chars: f32,
    /// Distinct word stems, for lexicon learning and lookup.
    pub stems: Vec<u32>,
}

/// Features of both documents of a pair.
#[derive(Debug, Clone)]
pub struct PairFeatures {
    pub sides: [Vec<SentenceFeatures>; 2],
    pub info: Vec<FeatureInfo>,
    /// Stem vocabularies per side: stem id → stem text.
    pub stems: [Vec<String>; 2],
}

/// The stem of a word: lower-cased with the language's rules, apostrophe suffix dropped, first
/// [`STEM_CHARS`] characters. `None` for one-letter words.
pub fn stem(word: &str, lang: Lang) -> Option<String> {
    let lower = crate::text::case::to_lower(word, lang);
    let stem: String = lower
        .split(['\'', '’'])
        .next()
        .unwrap_or("")
        .chars()
        .take(STEM_CHARS)
        .collect();
    (stem.chars().count() >= 2).then_some(stem)
}

/// What one distinct word of a side contributes.
#[derive(Clone, Copy)]
struct WordInfo {
    cognate: Option<u32>,
    stem: Option<u32>,
}

struct Extractor<'d> {
    info: Vec<FeatureInfo>,
    numbers: FxHashMap<String, u32>,
    cognates: FxHashMap<String, u32>,
    marks: [u32; Mark::ALL.len()],
    /// Capitalized occurrences inside sentences, per cognate feature: names.
    capitalized: FxHashMap<u32, u32>,
    stems: [FxHashMap<String, u32>; 2],
    words: [FxHashMap<&'d str, WordInfo>; 2],
}

impl<'d> Extractor<'d> {
    fn new_feature(&mut self, kind: Kind) -> u32 {
        self.info.push(FeatureInfo {
            kind,
            df: [0, 0],
            strength: 1.0,
        });
        (self.info.len() - 1) as u32
    }

    fn number(&mut self, n: &str) -> u32 {
        if let Some(&id) = self.numbers.get(n) {
            return id;
        }
        let small = n.parse::<f64>().is_ok_and(|v| v <= 10.0);
        let id = self.new_feature(if small {
            Kind::SmallNumber
        } else {
            Kind::Number
        });
        self.numbers.insert(n.to_string(), id);
        id
    }

    fn word(&mut self, side: usize, word: &'d str, lang: Lang) -> WordInfo {
        if let Some(&w) = self.words[side].get(word) {
            return w;
        }
        let cognate =
            tokens::cognate_key(word, lang, COGNATE_KEY_LEN).map(|k| match self.cognates.get(&k) {
                Some(&id) => id,
                None => {
                    let id = self.new_feature(Kind::Cognate);
                    self.cognates.insert(k, id);
                    id
                }
            });
        let stem = stem(word, lang).map(|st| {
            let n = self.stems[side].len() as u32;
            *self.stems[side].entry(st).or_insert(n)
        });
        let w = WordInfo { cognate, stem };
        self.words[side].insert(word, w);
        w
    }

    fn sentence(&mut self, side: usize, text: &'d str, lang: Lang) -> SentenceFeatures {
        let mut ids: Vec<u32> = Vec::with_capacity(24);
        let mut stems = Vec::with_capacity(24);
        let mut first_word = true;
        tokens::for_each_token(text, lang, |tok| match tok {
            Token::Number(n) => {
                let id = self.number(n);
                ids.push(id);
            }
            Token::Mark(m) => ids.push(self.marks[m as usize]),
            Token::Word {
                text: w,
                capitalized,
            } => {
                let info = self.word(side, w, lang);
                if let Some(c) = info.cognate {
                    ids.push(c);
                    if capitalized && !first_word {
                        *self.capitalized.entry(c).or_default() += 1;
                    }
                }
                if let Some(s) = info.stem {
                    stems.push(s);
                }
                first_word = false;
            }
        });
        finish_sentence(&mut self.info, side, ids, stems, text)
    }
}

fn finish_sentence(
    info: &mut [FeatureInfo],
    side: usize,
    mut ids: Vec<u32>,
    mut stems: Vec<u32>,
    text: &str,
) -> SentenceFeatures {
    ids.sort_unstable();
    let mut counted: Vec<(u32, u16)> = Vec::with_capacity(ids.len());
    for id in ids {
        match counted.last_mut() {
            Some((last, n)) if *last == id => *n = n.saturating_add(1),
            _ => counted.push((id, 1)),
        }
    }
    for &(id, _) in &counted {
        info[id as usize].df[side] += 1;
    }
    stems.sort_unstable();
    stems.dedup();
    SentenceFeatures {
        ids: counted,
        chars: text.chars().filter(|c| !c.is_whitespace()).count() as f32,
        stems,
    }
}

/// Extracts the features of both documents (without a lexicon: see [`PairFeatures::with_lexicon`]).
pub fn extract(src: &Document, tgt: &Document) -> PairFeatures {
    let mut ex = Extractor {
        info: Vec::new(),
        numbers: FxHashMap::default(),
        cognates: FxHashMap::default(),
        marks: [0; Mark::ALL.len()],
        capitalized: FxHashMap::default(),
        stems: [FxHashMap::default(), FxHashMap::default()],
        words: [FxHashMap::default(), FxHashMap::default()],
    };
    for m in Mark::ALL {
        ex.marks[m as usize] = ex.new_feature(Kind::Mark);
    }
    let s: Vec<SentenceFeatures> = src
        .sentences
        .iter()
        .map(|x| ex.sentence(0, &x.text, src.lang))
        .collect();
    let t: Vec<SentenceFeatures> = tgt
        .sentences
        .iter()
        .map(|x| ex.sentence(1, &x.text, tgt.lang))
        .collect();
    // A cognate key seen capitalized inside a sentence, on either side, is a name on both.
    for (&id, _) in ex.capitalized.iter().filter(|&(_, &n)| n > 0) {
        ex.info[id as usize].kind = Kind::Name;
    }
    let stems = ex.stems.map(|m| {
        let mut v = vec![String::new(); m.len()];
        for (s, id) in m {
            v[id as usize] = s;
        }
        v
    });
    PairFeatures {
        sides: [s, t],
        info: ex.info,
        stems,
    }
}

impl PairFeatures {
    /// The same features plus one feature per lexicon pair whose stems occur in the documents:
    /// a source sentence holding the source stem and a target sentence holding the target stem
    /// share it.
    pub fn with_lexicon(&self, lexicon: &Lexicon) -> PairFeatures {
        let mut out = self.clone();
        if lexicon.is_empty() {
            return out;
        }
        let mut pair_feature: FxHashMap<u32, u32> = FxHashMap::default();
        for side in 0..2 {
            // Lexicon features of each stem of this side.
            let per_stem: Vec<Vec<u32>> = self.stems[side]
                .iter()
                .map(|st| {
                    lexicon
                        .pairs_of(side, st)
                        .iter()
                        .map(|&pair| {
                            *pair_feature.entry(pair).or_insert_with(|| {
                                out.info.push(FeatureInfo {
                                    kind: Kind::Lexicon,
                                    df: [0, 0],
                                    strength: lexicon.strength(pair),
                                });
                                (out.info.len() - 1) as u32
                            })
                        })
                        .collect()
                })
                .collect();
            for sent in out.sides[side].iter_mut() {
                let before = sent.ids.len();
                for &st in &sent.stems {
                    for &f in &per_stem[st as usize] {
                        sent.ids.push((f, 1));
                    }
                }
                if sent.ids.len() == before {
                    continue;
                }
                sent.ids.sort_unstable_by_key(|x| x.0);
                sent.ids.dedup_by(|later, first| {
                    if later.0 == first.0 {
                        first.1 = first.1.saturating_add(later.1);
                        true
                    } else {
                        false
                    }
                });
                for &(id, _) in &sent.ids {
                    if out.info[id as usize].kind == Kind::Lexicon {
                        out.info[id as usize].df[side] += 1;
                    }
                }
            }
        }
        out
    }
}
