//! Language data for the sentence scanner, parsed once from the files in `data/segment/`.
//!
//! The lists are data, not code, so that a linguist can extend them without reading Rust; see
//! `data/segment/README.md` for the format.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::text::case;
use crate::text::lang::Lang;

const COMMON: &str = include_str!("../../../data/segment/common.txt");
const EN: &str = include_str!("../../../data/segment/en.txt");
const TR: &str = include_str!("../../../data/segment/tr.txt");
const KK: &str = include_str!("../../../data/segment/kk.txt");
const RU: &str = include_str!("../../../data/segment/ru.txt");

/// How an abbreviation before a period bears on a sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbrev {
    /// Never ends a sentence (`Mr.`, `Prof.`, `vs.`).
    Title,
    /// Does not end a sentence before a number (`No. 5`); an ordinary word otherwise.
    Number,
    /// Ends a sentence only before a sentence starter (`Inc.`, `т.б.`).
    Common,
}

/// Everything the scanner knows about one language.
#[derive(Debug)]
pub(super) struct Rules {
    lang: Lang,
    abbrevs: HashMap<String, Abbrev>,
    starters: HashSet<String>,
    /// `2. Dünya Savaşı`: short numbers with a period are ordinals (Turkish, German...).
    pub ordinal_dot: bool,
    /// Greek writes its question mark as `;` (U+037E, which NFC turns into `;`).
    pub semicolon_question: bool,
}

impl Rules {
    fn build(lang: Lang, files: &[&str], ordinal_dot: bool) -> Rules {
        let mut rules = Rules {
            lang,
            abbrevs: HashMap::new(),
            starters: HashSet::new(),
            ordinal_dot,
            semicolon_question: lang.code() == "el",
        };
        for file in files {
            rules.load(file);
        }
        rules
    }

    fn load(&mut self, file: &str) {
        let mut section = "";
        for line in file.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            for word in line.split_whitespace() {
                let word = case::to_lower(word, self.lang);
                let kind = match section {
                    "title" => Abbrev::Title,
                    "number" => Abbrev::Number,
                    "common" => Abbrev::Common,
                    "starters" => {
                        self.starters.insert(word);
                        continue;
                    }
                    "options" => {
                        if word == "ordinal-dot" {
                            self.ordinal_dot = true;
                        }
                        continue;
                    }
                    _ => continue,
                };
                self.abbrevs.insert(word, kind);
            }
        }
    }

    /// The class of `word` (the token before a period, without the period), if it is listed.
    pub fn abbrev(&self, word: &str) -> Option<Abbrev> {
        if word.is_empty() || word.chars().count() > 12 {
            return None;
        }
        self.abbrevs.get(&case::to_lower(word, self.lang)).copied()
    }

    /// Whether `word` usually begins a sentence.
    pub fn is_starter(&self, word: &str) -> bool {
        !word.is_empty()
            && word.chars().count() <= 20
            && self.starters.contains(&case::to_lower(word, self.lang))
    }
}

/// The rules for `lang`: English, Turkish, Kazakh and Russian have their own data; every other
/// language gets the shared abbreviations and, as many European languages write ordinals with a
/// period (`3. Oktober`), the ordinal rule.
pub(super) fn for_lang(lang: Lang) -> &'static Rules {
    static EN_RULES: OnceLock<Rules> = OnceLock::new();
    static TR_RULES: OnceLock<Rules> = OnceLock::new();
    static KK_RULES: OnceLock<Rules> = OnceLock::new();
    static KK_LATN_RULES: OnceLock<Rules> = OnceLock::new();
    static RU_RULES: OnceLock<Rules> = OnceLock::new();
    static GENERIC: OnceLock<Rules> = OnceLock::new();
    static GREEK: OnceLock<Rules> = OnceLock::new();
    match lang.code() {
        "en" => EN_RULES.get_or_init(|| Rules::build(Lang::EN, &[COMMON, EN], false)),
        "tr" => TR_RULES.get_or_init(|| Rules::build(Lang::TR, &[COMMON, TR], false)),
        "kk" if lang.has_dotted_i() => {
            KK_LATN_RULES.get_or_init(|| Rules::build(Lang::KK_LATN, &[COMMON, KK], false))
        }
        "kk" => KK_RULES.get_or_init(|| Rules::build(Lang::KK, &[COMMON, KK], false)),
        "ru" => RU_RULES.get_or_init(|| Rules::build(Lang::RU, &[COMMON, RU], false)),
        "el" => GREEK.get_or_init(|| Rules::build(lang, &[COMMON], true)),
        _ => GENERIC.get_or_init(|| Rules::build(Lang::EN, &[COMMON], true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let en = for_lang(Lang::EN);
        assert_eq!(en.abbrev("Mr"), Some(Abbrev::Title));
        assert_eq!(en.abbrev("No"), Some(Abbrev::Number));
        assert_eq!(en.abbrev("U.S"), Some(Abbrev::Common));
        assert!(en.is_starter("The"));
        assert!(!en.ordinal_dot);
        let tr = for_lang(Lang::TR);
        assert!(tr.ordinal_dot);
        // A language file overrides the shared list: Turkish "vs." is "vesaire", which may end a sentence.
        assert_eq!(tr.abbrev("vs"), Some(Abbrev::Common));
        assert_eq!(tr.abbrev("A.Ş"), Some(Abbrev::Common));
        assert!(tr.is_starter("İşte") || tr.is_starter("Ancak"));
        let kk = for_lang(Lang::KK);
        assert_eq!(kk.abbrev("ж"), Some(Abbrev::Common));
        assert!(kk.is_starter("Алайда"));
        let de = for_lang(Lang::parse("de").unwrap());
        assert!(de.ordinal_dot);
        assert_eq!(de.abbrev("Dr"), Some(Abbrev::Title));
    }
}
