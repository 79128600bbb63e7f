//! Language codes and scripts.
//!
//! tilmash speaks ISO 639-1 (`en`, `tr`, `kk`...), optionally with an ISO 15924 script subtag as in
//! BCP 47 (`kk-Latn`, `kk-Cyrl`). The list of valid codes is a data file so that any language the
//! user names is accepted, even where tilmash has no language-specific rules for it.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const ISO639_TABLE: &str = include_str!("../../data/iso639.tsv");

/// A writing system, as far as tilmash needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Greek,
    Hebrew,
    Han,
    Other,
}

impl Script {
    /// The ISO 15924 code: `Latn`, `Cyrl`...
    pub fn code(self) -> &'static str {
        match self {
            Script::Latin => "Latn",
            Script::Cyrillic => "Cyrl",
            Script::Arabic => "Arab",
            Script::Greek => "Grek",
            Script::Hebrew => "Hebr",
            Script::Han => "Hani",
            Script::Other => "Zyyy",
        }
    }

    /// Parses an ISO 15924 code, case-insensitively.
    pub fn from_code(code: &str) -> Option<Script> {
        Some(match code.to_ascii_lowercase().as_str() {
            "latn" => Script::Latin,
            "cyrl" => Script::Cyrillic,
            "arab" => Script::Arabic,
            "grek" => Script::Greek,
            "hebr" => Script::Hebrew,
            "hani" | "hans" | "hant" => Script::Han,
            _ => return None,
        })
    }

    /// The script of one character, for the scripts above.
    pub fn of_char(c: char) -> Option<Script> {
        match c {
            'A'..='Z' | 'a'..='z' => Some(Script::Latin),
            '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' if c.is_alphabetic() => {
                Some(Script::Latin)
            }
            '\u{0400}'..='\u{052F}' => Some(Script::Cyrillic),
            '\u{0370}'..='\u{03FF}' => Some(Script::Greek),
            '\u{0590}'..='\u{05FF}' => Some(Script::Hebrew),
            '\u{0600}'..='\u{06FF}' => Some(Script::Arabic),
            '\u{4E00}'..='\u{9FFF}' => Some(Script::Han),
            c if c.is_alphabetic() => Some(Script::Other),
            _ => None,
        }
    }

    /// The script most letters of `text` are written in.
    pub fn dominant(text: &str) -> Option<Script> {
        let mut counts: Vec<(Script, usize)> = Vec::new();
        for s in text.chars().filter_map(Script::of_char) {
            match counts.iter_mut().find(|(k, _)| *k == s) {
                Some((_, n)) => *n += 1,
                None => counts.push((s, 1)),
            }
        }
        counts.into_iter().max_by_key(|&(_, n)| n).map(|(s, _)| s)
    }
}

/// A validated language: an ISO 639-1 code and, when known, its script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang {
    code: &'static str,
    script: Option<Script>,
}

struct Iso639 {
    /// (639-1, 639-3, English name)
    rows: Vec<(&'static str, &'static str, &'static str)>,
    /// (639-3 alias, 639-1)
    aliases: Vec<(&'static str, &'static str)>,
}

fn table() -> &'static Iso639 {
    static TABLE: OnceLock<Iso639> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows = Vec::new();
        let mut aliases = Vec::new();
        for line in ISO639_TABLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            if let Some(alias) = line.strip_prefix('=') {
                let mut f = alias.split('\t');
                if let (Some(a), Some(b)) = (f.next(), f.next()) {
                    aliases.push((a, b));
                }
            } else if let (Some(a), Some(b), Some(c)) = (f.next(), f.next(), f.next()) {
                rows.push((a, b, c));
            }
        }
        Iso639 { rows, aliases }
    })
}

impl Lang {
    pub const EN: Lang = Lang {
        code: "en",
        script: Some(Script::Latin),
    };
    pub const TR: Lang = Lang {
        code: "tr",
        script: Some(Script::Latin),
    };
    pub const KK: Lang = Lang {
        code: "kk",
        script: Some(Script::Cyrillic),
    };
    pub const KK_LATN: Lang = Lang {
        code: "kk",
        script: Some(Script::Latin),
    };
    pub const RU: Lang = Lang {
        code: "ru",
        script: Some(Script::Cyrillic),
    };

    /// Parses `en`, `EN`, `kk-Latn`, `kk_latn`; also accepts ISO 639-3 codes (`kaz`, `tur`).
    pub fn parse(code: &str) -> Result<Lang> {
        let unknown = || Error::UnknownLanguage {
            code: code.to_string(),
        };
        let lower = code.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        let base = parts.next().unwrap_or("");
        let script = match parts.next() {
            Some(s) => Some(Script::from_code(s).ok_or_else(unknown)?),
            None => None,
        };
        if parts.next().is_some() {
            return Err(unknown());
        }
        let t = table();
        let code = t
            .rows
            .iter()
            .find(|r| r.0 == base || r.1 == base)
            .map(|r| r.0)
            .or_else(|| t.aliases.iter().find(|a| a.0 == base).map(|a| a.1))
            .ok_or_else(unknown)?;
        Ok(Lang {
            code,
            script: script.or_else(|| default_script(code)),
        })
    }

    /// From a whatlang ISO 639-3 code.
    pub(crate) fn from_iso639_3(code3: &str) -> Option<Lang> {
        Lang::parse(code3).ok()
    }

    /// The ISO 639-1 code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The script, when the language has a usual one or it was given.
    pub fn script(&self) -> Option<Script> {
        self.script
    }

    /// The same language in another script.
    pub fn with_script(self, script: Script) -> Lang {
        Lang {
            code: self.code,
            script: Some(script),
        }
    }

    /// The English name from ISO 639.
    pub fn name(&self) -> &'static str {
        table()
            .rows
            .iter()
            .find(|r| r.0 == self.code)
            .map(|r| r.2)
            .unwrap_or(self.code)
    }

    /// Whether tilmash has rules of its own for this language (segmentation, names, cognates).
    pub fn is_core(&self) -> bool {
        matches!(self.code, "en" | "tr" | "kk" | "ru")
    }

    /// Whether Turkish casing rules (İ/i, I/ı) apply: Turkish, Azerbaijani, Kazakh in Latin script...
    pub fn has_dotted_i(&self) -> bool {
        match self.code {
            "tr" | "az" | "crh" | "gag" => true,
            "kk" | "tt" | "ba" => self.script == Some(Script::Latin),
            _ => false,
        }
    }

    /// `kk` or `kk-Latn`: the script is spelled out only where it is not the language's default.
    pub fn tag(&self) -> String {
        match self.script {
            Some(s) if Some(s) != default_script(self.code) => format!("{}-{}", self.code, s.code()),
            _ => self.code.to_string(),
        }
    }
}

fn default_script(code: &str) -> Option<Script> {
    Some(match code {
        "ru" | "uk" | "be" | "bg" | "mk" | "sr" | "kk" | "ky" | "tg" | "mn" | "tt" | "ba" | "cv"
        | "ce" | "os" | "av" | "kv" => Script::Cyrillic,
        "ar" | "fa" | "ur" | "ps" | "ug" | "sd" => Script::Arabic,
        "el" => Script::Greek,
        "he" | "yi" => Script::Hebrew,
        "zh" => Script::Han,
        "hy" | "ka" | "hi" | "bn" | "ja" | "ko" | "th" | "ta" | "te" | "kn" | "ml" | "gu" | "pa"
        | "mr" | "ne" | "si" | "my" | "km" | "am" | "or" | "lo" | "bo" | "dz" | "ti" | "iu"
        | "dv" => Script::Other,
        _ => Script::Latin,
    })
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag())
    }
}

impl FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        Lang::parse(s)
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.tag())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Lang, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_scripts() {
        assert_eq!(Lang::parse("en").unwrap(), Lang::EN);
        assert_eq!(Lang::parse("TR").unwrap(), Lang::TR);
        assert_eq!(Lang::parse("kk").unwrap(), Lang::KK);
        assert_eq!(Lang::parse("kk-Latn").unwrap(), Lang::KK_LATN);
        assert_eq!(Lang::parse("kk_latn").unwrap().tag(), "kk-Latn");
        assert_eq!(Lang::parse("kaz").unwrap(), Lang::KK);
        assert_eq!(Lang::parse("de").unwrap().code(), "de");
        assert_eq!(Lang::parse("cmn").unwrap().code(), "zh");
    }

    #[test]
    fn rejects_unknown_codes() {
        for bad in ["xx", "", "english", "kk-Xxxx", "en-Latn-US"] {
            let e = Lang::parse(bad).unwrap_err();
            assert!(matches!(e, Error::UnknownLanguage { .. }), "{bad}");
        }
    }

    #[test]
    fn dotted_i_languages() {
        assert!(Lang::TR.has_dotted_i());
        assert!(Lang::KK_LATN.has_dotted_i());
        assert!(!Lang::KK.has_dotted_i());
        assert!(!Lang::EN.has_dotted_i());
    }

    #[test]
    fn dominant_script() {
        assert_eq!(Script::dominant("Тоқаев said"), Some(Script::Cyrillic));
        assert_eq!(Script::dominant("Erdoğan'ın"), Some(Script::Latin));
        assert_eq!(Script::dominant("123 ..."), None);
    }
}
