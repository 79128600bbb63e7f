//! Names: transliteration, finding names in text, matching spellings of one entity, the gazetteer,
//! the consistency report and normalization.
//!
//! News about Kazakhstan spells one person three ways (Kassym-Jomart Tokayev, Kasım Cömert Tokayev,
//! Қасым-Жомарт Тоқаев). The pieces, from the bottom up:
//!
//! - [`translit`]: Kazakh/Russian Cyrillic to the Latin schemes people use, and back;
//! - [`key`]: a matching key that makes spellings of one name equal or close;
//! - [`mentions`]: capitalized names in running text, with suffixes stripped;
//! - `morph`: the endings by which list words and known phrases are recognized when inflected;
//! - [`matcher`]: the similarity of two names and the grouping of spellings into entities;
//! - [`gazetteer`]: known entities with their preferred spelling per language and their aliases;
//! - [`mod@check`]: the consistency report of `tilmash names check`;
//! - [`normalize`]: rewriting variant spellings to the preferred one.

pub mod check;
pub mod gazetteer;
pub mod key;
pub mod matcher;
pub mod mentions;
mod morph;
pub mod normalize;
pub mod translit;

pub use check::{Input, Issue, IssueKind, Report, check};
pub use gazetteer::Gazetteer;
pub use key::match_key;
pub use matcher::{Assignment, Spelling, group};
pub use mentions::{Mention, find_mentions, find_mentions_with};
pub use normalize::{NameChange, normalize_names};
pub use translit::{Scheme, Source, transliterate};

#[cfg(test)]
mod robustness {
    use super::*;
    use crate::text::lang::Lang;
    use proptest::prelude::*;

    /// Text made of the pieces that trip name handling up: capitals of three scripts, dotted and
    /// dotless i, apostrophes, hyphens, initials, suffix-like endings, line breaks.
    fn texty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Erdoğan'ın ".to_string()),
            Just("Kazakistan’da ".to_string()),
            Just("Тоқаевтың ".to_string()),
            Just("Қ.Тоқаев ".to_string()),
            Just("N. Nazarbayev".to_string()),
            Just("İIıi ".to_string()),
            Just("Президенті ".to_string()),
            Just("President ".to_string()),
            Just("-".to_string()),
            Just("'".to_string()),
            Just(". ".to_string()),
            Just("\n".to_string()),
            Just("Ъ ".to_string()),
            Just("ұлы ".to_string()),
            "[A-Za-zÇçĞğİıÖöŞşÜüА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі'’. -]{0,12}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn nothing_panics_and_spans_hold(text in texty()) {
            let g = Gazetteer::builtin();
            for lang in [Lang::EN, Lang::TR, Lang::KK, Lang::RU, Lang::KK_LATN] {
                for m in find_mentions(&text, lang) {
                    prop_assert_eq!(&text[m.span.clone()], m.surface.as_str());
                    prop_assert_eq!(&text[m.span.start..m.stem_end], m.stem.as_str());
                }
                let (out, changes) = normalize_names(&text, lang, &g);
                if changes.is_empty() {
                    prop_assert_eq!(&out, &text);
                }
                let _ = match_key(&text, lang);
            }
            let _ = check(
                &[
                    Input { label: "a".into(), lang: Lang::EN, text: &text },
                    Input { label: "b".into(), lang: Lang::KK, text: &text },
                ],
                &g,
            );
            for from in Source::ALL {
                for scheme in Scheme::ALL {
                    let _ = transliterate(&text, from, scheme);
                }
            }
        }
    }
}
