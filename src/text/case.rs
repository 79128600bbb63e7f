//! Language-aware casing: Turkish, Azerbaijani and Kazakh Latin have dotted and dotless i
//! (İ→i, I→ı), which `str::to_lowercase` gets wrong.

use super::lang::Lang;

/// Lower-cases `s` with the rules of `lang`.
pub fn to_lower(s: &str, lang: Lang) -> String {
    if !lang.has_dotted_i() {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'I' => out.push('ı'),
            'İ' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Upper-cases `s` with the rules of `lang`.
pub fn to_upper(s: &str, lang: Lang) -> String {
    if !lang.has_dotted_i() {
        return s.to_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'i' => out.push('İ'),
            'ı' => out.push('I'),
            c => out.extend(c.to_uppercase()),
        }
    }
    out
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
}
