//! Light inflection for recognizing list words and gazetteer phrases in running text.
//!
//! Names are stripped of suffixes carefully (see [`super::mentions`]), because a wrong cut changes
//! a name. Words of a closed list are different: a title, an institution, a month, a demonym or the
//! last word of a known multi-word name is recognized when the text adds any ending the language
//! may add (Президентіне, Bakanları, ұйымының, Teşkilatı'nın, Организации). The endings are
//! generous on purpose: what they match is a fixed word, so an extra ending cannot turn a common
//! word into a name.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::text::case;
use crate::text::lang::{Lang, Script};

const KK_SUFFIXES: &str = include_str!("../../data/names/suffixes_kk.tsv");

/// Endings per language, each lower-case.
struct Endings {
    kk: Vec<String>,
    tr: Vec<String>,
    ru: Vec<String>,
}

fn endings() -> &'static Endings {
    static E: OnceLock<Endings> = OnceLock::new();
    E.get_or_init(|| {
        // Kazakh: the case endings of the table; the 3rd-person possessive (Президенті, ұйымы) and
        // the plural, alone and followed by case (the possessive takes the "pronominal" n:
        // ұйымының, ұйымына, Президентіне).
        let kk_case: Vec<String> = KK_SUFFIXES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter_map(|l| l.split('\t').next().map(str::to_string))
            .collect();
        let kk_poss = [
            "ы", "і", "сы", "сі", "лары", "лері", "дары", "дері", "тары", "тері",
        ];
        let kk_pron = [
            "н",
            "ның",
            "нің",
            "на",
            "не",
            "нда",
            "нде",
            "нан",
            "нен",
            "мен",
            "ндағы",
            "ндегі",
        ];
        let kk_plural = ["лар", "лер", "дар", "дер", "тар", "тер"];
        let kk_after_plural = [
            "дың", "дің", "ға", "ге", "да", "де", "дан", "ден", "ды", "ді", "мен", "дағы", "дегі",
        ];
        let mut kk: HashSet<String> = kk_case.into_iter().collect();
        kk.extend(kk_poss.iter().map(|s| s.to_string()));
        kk.extend(kk_plural.iter().map(|s| s.to_string()));
        // The pronominal endings alone too: the possessive may be part of the listed word
        // (ұйымы → ұйымына).
        kk.extend(kk_pron.iter().map(|s| s.to_string()));
        for p in kk_poss {
            kk.extend(kk_pron.iter().map(|c| format!("{p}{c}")));
        }
        for p in kk_plural {
            kk.extend(kk_after_plural.iter().map(|c| format!("{p}{c}")));
        }

        // Turkish: possessive, plural, case, and their sequences (Bakanları, Konseyi'nin,
        // Teşkilatının, Bakanlara).
        let tr_poss = ["ı", "i", "u", "ü", "sı", "si", "su", "sü", "ları", "leri"];
        let tr_plural = ["lar", "ler"];
        let tr_case = [
            "ın", "in", "un", "ün", "nın", "nin", "nun", "nün", "a", "e", "ya", "ye", "ı", "i",
            "u", "ü", "yı", "yi", "yu", "yü", "da", "de", "ta", "te", "dan", "den", "tan", "ten",
            "la", "le", "yla", "yle", "daki", "deki", "taki", "teki",
        ];
        let tr_pron = [
            "nın", "nin", "nun", "nün", "na", "ne", "nı", "ni", "nu", "nü", "nda", "nde", "ndan",
            "nden", "yla", "yle", "ndaki", "ndeki",
        ];
        let mut tr: HashSet<String> = HashSet::new();
        tr.extend(tr_poss.iter().map(|s| s.to_string()));
        tr.extend(tr_plural.iter().map(|s| s.to_string()));
        tr.extend(tr_case.iter().map(|s| s.to_string()));
        tr.extend(tr_pron.iter().map(|s| s.to_string()));
        for p in tr_poss {
            tr.extend(tr_pron.iter().map(|c| format!("{p}{c}")));
        }
        for p in tr_plural {
            tr.extend(tr_case.iter().map(|c| format!("{p}{c}")));
        }

        // Russian: noun and adjective declension (Организации тюркских государств, Президента).
        let ru = [
            "а", "я", "у", "ю", "ом", "ем", "ём", "е", "ы", "и", "ов", "ев", "ей", "ам", "ям",
            "ами", "ями", "ах", "ях", "ия", "ии", "ию", "ией", "ого", "его", "ому", "ему", "ой",
            "ий", "ый", "ая", "яя", "ую", "юю", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им",
            "ыми", "ими",
        ];
        let sorted = |s: HashSet<String>| {
            let mut v: Vec<String> = s.into_iter().collect();
            v.sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
            v
        };
        Endings {
            kk: sorted(kk),
            tr: sorted(tr),
            ru: sorted(ru.iter().map(|s| s.to_string()).collect()),
        }
    })
}

/// Whether `c` is an apostrophe that may introduce a suffix (straight, curly, modifier letter).
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The possible stems of `word`: byte lengths, the whole word first, then the part before an
/// apostrophe suffix (Konseyi'nin), then every cut of a known ending of the language from that
/// base, longest stem first. Stems keep at least two letters.
pub(crate) fn stem_cuts(word: &str, lang: Lang) -> Vec<usize> {
    let mut out = vec![word.len()];
    let mut base = word;
    if let Some(p) = word.find(is_apostrophe) {
        let rest = &word[p..];
        let tail = rest.chars().skip(1);
        if p > 0 && tail.clone().count() > 0 && tail.clone().all(char::is_alphabetic) {
            out.push(p);
            base = &word[..p];
        }
    }
    let list: &[String] = match (lang.code(), lang.script()) {
        ("kk", Some(Script::Latin)) => &[],
        ("kk", _) => &endings().kk,
        ("tr" | "az", _) => &endings().tr,
        ("ru", _) => &endings().ru,
        _ => &[],
    };
    let total = base.chars().count();
    let mut cut_at = |n: usize| {
        if total < n + 2 {
            return;
        }
        let cut = base
            .char_indices()
            .nth(total - n)
            .map_or(base.len(), |(i, _)| i);
        if !out.contains(&cut) {
            out.push(cut);
        }
    };
    if lang.code() == "en" {
        for e in ["es", "s"] {
            if base.ends_with(e) {
                cut_at(e.len());
            }
        }
    }
    let lower = case::to_lower(base, lang);
    // Cut by characters: lower-casing may change byte lengths (İ), never the count here.
    if lower.chars().count() == total {
        for e in list {
            if lower.ends_with(e.as_str()) {
                cut_at(e.chars().count());
            }
        }
    }
    out.sort_by_key(|&c| std::cmp::Reverse(c));
    out
}

/// Endings that make an adjective or a demonym of a country or people's name: Kazakh+stan →
/// Kazakh, Turk+ey → Turk+ic / Turk+ish, Russ+ia → Russ+ian, Azerbaijan → Azerbaijan+i, Türk+iye
/// → Türk, Түрк+ия → Түрк+і, Ресей → Ресей+лік.
pub(crate) struct Derivation {
    /// Endings of a country name that leave the people's name when cut.
    pub land: &'static [&'static str],
    /// Endings that make an adjective of a name or of what remains after cutting a land ending.
    pub adjective: &'static [&'static str],
}

pub(crate) fn derivation(lang: Lang) -> Option<Derivation> {
    Some(match (lang.code(), lang.script()) {
        ("en", _) => Derivation {
            land: &["istan", "stan", "ey", "ia", "a", "y"],
            adjective: &["i", "ic", "ish", "ian", "an", "n", "ese"],
        },
        ("tr" | "az", _) => Derivation {
            land: &["istan", "stan", "iye", "ya", "a"],
            adjective: &["lı", "li", "lu", "lü", "ca", "ce", "ça", "çe"],
        },
        ("kk", Some(Script::Cyrillic)) | ("kk", None) => Derivation {
            land: &["стан", "ия", "я"],
            adjective: &["лық", "лік", "дық", "дік", "тық", "тік", "і", "ы"],
        },
        ("ru", _) => Derivation {
            land: &["стан", "ия"],
            adjective: &["ский", "ская", "ское", "ские", "цы", "ец"],
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(word: &str, lang: Lang) -> Vec<&str> {
        stem_cuts(word, lang)
            .into_iter()
            .map(|c| &word[..c])
            .collect()
    }

    #[test]
    fn kazakh_possessive_and_case() {
        let s = stems("Президентіне", Lang::KK);
        assert!(s.contains(&"Президент"), "{s:?}");
        assert!(stems("ұйымының", Lang::KK).contains(&"ұйымы"));
        assert!(stems("ұйымына", Lang::KK).contains(&"ұйымы"));
        assert!(stems("Министрлері", Lang::KK).contains(&"Министр"));
    }

    #[test]
    fn turkish_after_and_without_apostrophe() {
        let s = stems("Konseyi'nin", Lang::TR);
        assert_eq!(s[0], "Konseyi'nin");
        assert!(s.contains(&"Konseyi") && s.contains(&"Konsey"), "{s:?}");
        assert!(stems("Bakanları", Lang::TR).contains(&"Bakan"));
        assert!(stems("Teşkilatının", Lang::TR).contains(&"Teşkilatı"));
        // Dotted capital İ changes byte lengths when lowered: no cut is made on a mismatch.
        assert_eq!(stems("İİ", Lang::TR), ["İİ"]);
    }

    #[test]
    fn english_and_russian() {
        assert_eq!(stems("Ministers", Lang::EN), ["Ministers", "Minister"]);
        assert!(stems("Организации", Lang::RU).contains(&"Организац"));
        assert!(stems("Организация", Lang::RU).contains(&"Организац"));
    }
}
