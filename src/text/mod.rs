//! Text in: decoding, language detection, sentence segmentation, casing.

pub mod case;
pub mod detect;
pub mod input;
pub mod lang;
pub mod segment;

use detect::Detection;
use lang::Lang;

/// The language to use for a text, and a warning when the given code and the text disagree.
///
/// A given code always wins (the user may know better, e.g. for short texts); without one, the
/// detected language is used, and English is assumed only when detection finds nothing.
pub fn resolve_lang(label: &str, given: Option<Lang>, text: &str) -> (Lang, Option<String>) {
    let detected = detect::detect(text);
    match (given, detected) {
        (Some(g), Some(d)) if d.is_reliable() && !same_language(g, d) => (
            g,
            Some(format!(
                "{label}: given as {} but the text looks like {} ({}, confidence {:.2})",
                g.tag(),
                d.lang.tag(),
                d.lang.name(),
                d.confidence
            )),
        ),
        (Some(g), _) => (g, None),
        (None, Some(d)) => (d.lang, None),
        (None, None) => (
            Lang::EN,
            Some(format!(
                "{label}: could not detect the language (no letters); assuming en"
            )),
        ),
    }
}

fn same_language(given: Lang, d: Detection) -> bool {
    if given.code() != d.lang.code() {
        return false;
    }
    // A script given explicitly must match too: kk-Latn for a Cyrillic text is a mistake.
    given.script().is_none_or(|s| s == d.script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_code_wins_but_disagreement_warns() {
        let text = "The organization reiterated its readiness to provide the necessary support to the people.";
        let (l, w) = resolve_lang("a.txt", Some(Lang::TR), text);
        assert_eq!(l, Lang::TR);
        assert!(w.unwrap().contains("looks like en"));
        let (l, w) = resolve_lang("a.txt", None, text);
        assert_eq!(l, Lang::EN);
        assert!(w.is_none());
    }
}
