//! Language-aware casing: Turkish, Azerbaijani and Kazakh Latin have dotted and dotless i
//! (İ→i, I→ı), which `str::to_lowercase` gets wrong.
//!
//! Name handling needs more than whole-string conversion: the first letter of a replacement must be
//! upper-cased the Turkish way (istanbul → İstanbul), and a name in an all-caps headline must stay
//! all-caps (ERDOĞAN'IN), so the char-level pieces are public too.

use super::lang::Lang;

/// Lower-cases `s` with the rules of `lang`.
pub fn to_lower(s: &str, lang: Lang) -> String {
    let dotted = lang.has_dotted_i();
    if !dotted && !s.contains('İ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_lower(&mut out, c, dotted);
    }
    out
}

/// Upper-cases `s` with the rules of `lang`.
pub fn to_upper(s: &str, lang: Lang) -> String {
    let dotted = lang.has_dotted_i();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_upper(&mut out, c, dotted);
    }
    out
}

/// Appends the lower case of `c`; `dotted_i` selects the Turkish rules (I→ı, İ→i).
pub fn push_lower(out: &mut String, c: char, dotted_i: bool) {
    match c {
        'I' if dotted_i => out.push('ı'),
        // Outside Turkish rules, İ lowers to plain i (not "i̇" with a combining dot, which Rust
        // produces and which breaks comparison of Turkish names quoted in English text).
        'İ' => out.push('i'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// Appends the upper case of `c`; `dotted_i` selects the Turkish rules (i→İ, ı→I).
pub fn push_upper(out: &mut String, c: char, dotted_i: bool) {
    match c {
        'i' if dotted_i => out.push('İ'),
        'ı' => out.push('I'),
        c if c.is_ascii() => out.push(c.to_ascii_uppercase()),
        c => out.extend(c.to_uppercase()),
    }
}

/// The word with its first letter upper-cased and the rest left as they are (istanbul → İstanbul
/// in Turkish).
pub fn capitalize(s: &str, lang: Lang) -> String {
    let mut chars = s.chars();
    let mut out = String::with_capacity(s.len() + 1);
    if let Some(first) = chars.next() {
        push_upper(&mut out, first, lang.has_dotted_i());
        out.push_str(chars.as_str());
    }
    out
}

/// Whether `s` has at least two letters and no lower-case ones (a headline or an acronym).
pub fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Case-insensitive equality under the rules of `lang` (in Turkish, "IĞDIR" equals "ığdır" but not
/// "iğdir").
pub fn eq_ignore_case(a: &str, b: &str, lang: Lang) -> bool {
    let dotted = lang.has_dotted_i();
    let mut la = String::with_capacity(a.len());
    let mut lb = String::with_capacity(b.len());
    a.chars().for_each(|c| push_lower(&mut la, c, dotted));
    b.chars().for_each(|c| push_lower(&mut lb, c, dotted));
    la == lb
}

/// Gives `replacement` the casing pattern of `original`: all caps stays all caps, a capitalized
/// word stays capitalized, so that normalizing "ERDOGAN'IN" yields "ERDOĞAN'IN".
pub fn match_case(original: &str, replacement: &str, lang: Lang) -> String {
    if is_all_caps(original) {
        to_upper(replacement, lang)
    } else if original.chars().next().is_some_and(char::is_uppercase) {
        capitalize(replacement, lang)
    } else {
        replacement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_i() {
        assert_eq!(to_lower("İSTANBUL IĞDIR", Lang::TR), "istanbul ığdır");
        assert_eq!(to_upper("istanbul ığdır", Lang::TR), "İSTANBUL IĞDIR");
        assert_eq!(to_lower("ISTANBUL", Lang::EN), "istanbul");
    }

    #[test]
    fn dotted_capital_i_lowers_to_plain_i_everywhere() {
        // Rust's to_lowercase gives "i̇" (i + U+0307) for İ; names must compare equal.
        assert_eq!(to_lower("İlham", Lang::EN), "ilham");
        assert_eq!(to_lower("İlham", Lang::TR), "ilham");
        assert_eq!(to_lower("İlham", Lang::KK_LATN), "ilham");
    }

    #[test]
    fn kazakh_latin_follows_turkish_rules_but_cyrillic_does_not() {
        assert_eq!(
            to_lower("QAZAQSTAN İNDIR", Lang::KK_LATN),
            "qazaqstan indır"
        );
        assert_eq!(to_upper("и і", Lang::KK), "И І");
    }

    #[test]
    fn capitalize_and_match_case() {
        assert_eq!(capitalize("istanbul", Lang::TR), "İstanbul");
        assert_eq!(capitalize("istanbul", Lang::EN), "Istanbul");
        assert_eq!(match_case("ERDOGAN", "Erdoğan", Lang::TR), "ERDOĞAN");
        assert_eq!(match_case("ILHAM", "İlham", Lang::TR), "İLHAM");
        assert_eq!(match_case("Erdogan", "erdoğan", Lang::TR), "Erdoğan");
        assert!(is_all_caps("KGAÖ"));
        assert!(!is_all_caps("Kgaö"));
        assert!(!is_all_caps("A"));
    }

    #[test]
    fn case_insensitive_equality_is_language_aware() {
        assert!(eq_ignore_case("IĞDIR", "ığdır", Lang::TR));
        assert!(!eq_ignore_case("IĞDIR", "iğdir", Lang::TR));
        assert!(eq_ignore_case("ISTANBUL", "istanbul", Lang::EN));
    }
}
