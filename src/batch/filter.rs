//! Filters for training data: beads a corpus is better without.
//!
//! Each bead is tested in a fixed order and counted under the first filter that drops it, so the
//! counts add up to the beads dropped. The per-bead filters run where the pair is aligned (in
//! parallel); duplicates are found in corpus order by [`Dedup`], so that which copy is kept does
//! not depend on `--jobs`.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

use crate::corpus::Unit;
use crate::text::detect;
use crate::text::lang::{Lang, Script};

/// Thresholds; `None` or `false` leaves a filter off.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Drop beads scored below this.
    pub min_score: Option<f64>,
    /// Drop beads whose longer side has more than this many times the characters of the shorter
    /// (beads with both sides only).
    pub max_length_ratio: Option<f64>,
    /// Drop beads with a side (that is not empty) shorter than this many characters, white space
    /// not counted.
    pub min_chars: Option<usize>,
    /// Drop beads with a side in the wrong language (see [`wrong_language`]), and fail documents
    /// whose whole text is reliably detected as another language than declared.
    pub lang_check: bool,
    /// Drop exact duplicate pairs (after normalization: texts are NFC already; white space is
    /// collapsed to one space and trimmed).
    pub dedup: bool,
}

/// Why a bead was dropped, in the order the filters are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dropped {
    MinScore,
    MinChars,
    LengthRatio,
    LangCheck,
    Duplicate,
}

impl Dropped {
    pub const ALL: [Dropped; 5] = [
        Dropped::MinScore,
        Dropped::MinChars,
        Dropped::LengthRatio,
        Dropped::LangCheck,
        Dropped::Duplicate,
    ];

    /// The option that drops it, for the summary.
    pub fn option(self) -> &'static str {
        match self {
            Dropped::MinScore => "--min-score",
            Dropped::MinChars => "--min-chars",
            Dropped::LengthRatio => "--max-length-ratio",
            Dropped::LangCheck => "--lang-check",
            Dropped::Duplicate => "--dedup",
        }
    }
}

/// Beads dropped, per filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DropCounts([usize; 5]);

impl DropCounts {
    pub fn add(&mut self, why: Dropped) {
        self.0[why as usize] += 1;
    }

    pub fn get(&self, why: Dropped) -> usize {
        self.0[why as usize]
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    pub fn merge(&mut self, other: &DropCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }
}

/// A side shorter than this (letters) is not checked by `--lang-check`: detection of a few words
/// is a guess, and a wrong guess would drop a good pair.
const LANG_CHECK_MIN_LETTERS: usize = 40;

impl Filters {
    /// Whether any per-bead filter is on.
    pub fn any(&self) -> bool {
        self.min_score.is_some()
            || self.max_length_ratio.is_some()
            || self.min_chars.is_some()
            || self.lang_check
            || self.dedup
    }

    /// The first per-bead filter that drops `unit`, if any (duplicates are [`Dedup`]'s job).
    pub fn check(&self, unit: &Unit, langs: (Lang, Lang)) -> Option<Dropped> {
        if let (Some(min), Some(score)) = (self.min_score, unit.score)
            && score < min
        {
            return Some(Dropped::MinScore);
        }
        let chars = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let (ls, lt) = (chars(&unit.source), chars(&unit.target));
        if let Some(min) = self.min_chars
            && ((ls > 0 && ls < min) || (lt > 0 && lt < min))
        {
            return Some(Dropped::MinChars);
        }
        if let Some(max) = self.max_length_ratio
            && ls > 0
            && lt > 0
            && ls.max(lt) as f64 > max * ls.min(lt) as f64
        {
            return Some(Dropped::LengthRatio);
        }
        if self.lang_check
            && (wrong_language(&unit.source, langs.0, langs.1)
                || wrong_language(&unit.target, langs.1, langs.0))
        {
            return Some(Dropped::LangCheck);
        }
        None
    }
}

/// Whether one side of a bead, in a document of language `lang` aligned with one of `other`, is
/// in the wrong language: written in another script than `lang`'s (English left in a Kazakh
/// text), or reliably detected as `other` (a sentence left untranslated: English in a Turkish
/// text).
///
/// Sentence-level detection is not asked for more than that: on one sentence it confuses
/// neighbours (a Kazakh sentence without қ, ұ or і reads as Russian; an English one with "quite"
/// as Latin Kazakh), and on the ntrex-dev corpus a plain "detected ≠ declared" rule dropped 15
/// good beads of 1,800 where this rule drops none. Short sides (under
/// `LANG_CHECK_MIN_LETTERS` letters) are given the benefit of the doubt.
pub fn wrong_language(text: &str, lang: Lang, other: Lang) -> bool {
    if text.chars().filter(|c| c.is_alphabetic()).count() < LANG_CHECK_MIN_LETTERS {
        return false;
    }
    if let (Some(want), Some(found)) = (lang.script(), Script::dominant(text))
        && want != found
    {
        return true;
    }
    detected_other(text, lang).is_some_and(|d| {
        d.lang.code() == other.code() && other.script().is_none_or(|s| s == d.script)
    })
}

/// The language a text is reliably detected as, when it is not `lang`.
pub fn detected_other(text: &str, lang: Lang) -> Option<detect::Detection> {
    let d = detect::detect(text)?;
    let same = d.lang.code() == lang.code() && lang.script().is_none_or(|s| s == d.script);
    (d.is_reliable() && !same).then_some(d)
}

/// Remembers the pairs seen, as 128-bit hashes of their normalized text (16 bytes a pair: a
/// corpus of ten million beads needs 160 MB, the text itself would need gigabytes).
#[derive(Debug, Default)]
pub struct Dedup {
    seen: FxHashSet<(u64, u64)>,
}

impl Dedup {
    pub fn new() -> Dedup {
        Dedup::default()
    }

    /// True the first time a pair is seen, false for a duplicate.
    pub fn first_time(&mut self, unit: &Unit) -> bool {
        let (a, b) = (normalize(&unit.source), normalize(&unit.target));
        let mut h1 = FxHasher::default();
        (&a, &b).hash(&mut h1);
        // Two unrelated 64-bit hashes: a false duplicate needs both to collide. (Within one run
        // only, so that the standard hasher may change between Rust versions does not matter.)
        let mut h2 = std::hash::DefaultHasher::new();
        (&a, &b).hash(&mut h2);
        self.seen.insert((h1.finish(), h2.finish()))
    }
}

/// White space collapsed to one space and trimmed. Case and punctuation are kept: "exact".
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(source: &str, target: &str, score: f64) -> Unit {
        Unit {
            source: source.into(),
            target: target.into(),
            score: Some(score),
            src_ids: vec![0],
            tgt_ids: vec![0],
            src_lang: "en".into(),
            tgt_lang: "tr".into(),
            doc: "d".into(),
        }
    }

    const EN_TR: (Lang, Lang) = (Lang::EN, Lang::TR);

    #[test]
    fn each_filter_drops_what_it_should() {
        let f = Filters {
            min_score: Some(0.5),
            max_length_ratio: Some(2.0),
            min_chars: Some(5),
            lang_check: true,
            dedup: true,
        };
        let ok = unit("The minister arrived.", "Bakan geldi.", 0.9);
        assert_eq!(f.check(&ok, EN_TR), None);
        assert_eq!(
            f.check(&unit("A b c d e f.", "G h.", 0.3), EN_TR),
            Some(Dropped::MinScore)
        );
        assert_eq!(
            f.check(&unit("Yes.", "Evet.", 0.9), EN_TR),
            Some(Dropped::MinChars)
        );
        assert_eq!(
            f.check(
                &unit(
                    "The minister arrived in the capital on Monday.",
                    "Bakan geldi.",
                    0.9
                ),
                EN_TR
            ),
            Some(Dropped::LengthRatio)
        );
        // One-sided beads: no ratio, and the empty side is not "too short".
        assert_eq!(
            f.check(&unit("The minister arrived.", "", 0.9), EN_TR),
            None
        );
        let english_left_in = unit(
            "The ministers discussed the situation in the region at length.",
            "The ministers discussed the situation in the region at length.",
            0.9,
        );
        assert_eq!(f.check(&english_left_in, EN_TR), Some(Dropped::LangCheck));
        let off = Filters::default();
        assert!(!off.any());
        assert_eq!(off.check(&english_left_in, EN_TR), None);
    }

    #[test]
    fn the_language_check_catches_untranslated_text_only() {
        // Short sides are not judged.
        assert!(!wrong_language("Bakan geldi.", Lang::EN, Lang::TR));
        // The other side's language, left untranslated.
        assert!(wrong_language(
            "Dışişleri bakanları toplantının ardından ortak bir bildiri yayımladı.",
            Lang::EN,
            Lang::TR
        ));
        // Another script than the document's.
        assert!(wrong_language(
            "The ministers issued a joint statement after the meeting.",
            Lang::KK,
            Lang::TR
        ));
        assert!(!wrong_language(
            "Сыртқы істер министрлері кездесуден кейін бірлескен мәлімдеме жасады.",
            Lang::KK,
            Lang::EN
        ));
        // Kazakh without its own letters reads as Russian to the detector: not judged wrong.
        assert!(!wrong_language(
            "Полицияның айтуынша, оқиға Баллихакаморде орын алған.",
            Lang::KK,
            Lang::EN
        ));
        assert!(!wrong_language(
            "\"He was quite a quiet man, and he wasn't a boastful person,\" she said.",
            Lang::EN,
            Lang::KK
        ));
    }

    #[test]
    fn duplicates_after_normalization() {
        let mut d = Dedup::new();
        assert!(d.first_time(&unit("The  minister arrived.", "Bakan geldi.", 0.9)));
        assert!(!d.first_time(&unit(" The minister\narrived.", "Bakan  geldi.", 0.4)));
        assert!(d.first_time(&unit("the minister arrived.", "Bakan geldi.", 0.9)));
        assert!(d.first_time(&unit("The minister arrived.", "Bakan gelmedi.", 0.9)));
    }

    #[test]
    fn counts() {
        let mut c = DropCounts::default();
        c.add(Dropped::Duplicate);
        c.add(Dropped::MinChars);
        c.add(Dropped::MinChars);
        let mut t = DropCounts::default();
        t.merge(&c);
        t.merge(&c);
        assert_eq!(t.get(Dropped::MinChars), 4);
        assert_eq!(t.total(), 6);
    }
}
