//! Rewriting variant spellings to the gazetteer's preferred spelling for the text's language, for
//! `tilmash align --normalize-names`: Erdogan'ın → Erdoğan'ın in Turkish, Tokaev → Tokayev in
//! English. Suffixes, initials and case (ERDOGAN → ERDOĞAN) are kept; only words that are a
//! spelling variant of the preferred word are replaced, so a former name (Akmola for Astana) or a
//! substituted given name stays as the author wrote it, and nothing the gazetteer does not know is
//! touched.

use std::ops::Range;

use serde::Serialize;

use super::gazetteer::Gazetteer;
use super::matcher::{Name, Relation, align_atoms};
use super::mentions::{LineIndex, find_mentions_with};
use crate::text::case;
use crate::text::lang::Lang;

/// Aligned words less alike than this are different words (an alias), not spellings of one word.
const VARIANT: f64 = 0.75;

/// One rewrite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameChange {
    /// Byte span of the replaced word in the original text.
    pub span: Range<usize>,
    /// 1-based line and column (characters) in the original text.
    pub line: usize,
    pub column: usize,
    pub from: String,
    pub to: String,
    /// The gazetteer id.
    pub entity: String,
}

/// Returns `text` with known names in the preferred spelling for `lang`, and every change made.
/// Without a change the text is returned as it was.
pub fn normalize_names(text: &str, lang: Lang, gazetteer: &Gazetteer) -> (String, Vec<NameChange>) {
    let mut changes = Vec::new();
    if gazetteer.is_empty() {
        return (text.to_string(), changes);
    }
    let lines = LineIndex::new(text);
    for m in find_mentions_with(text, lang, gazetteer) {
        let name = Name::parse(&m.stem, lang);
        let Some(hit) = gazetteer.lookup(&name) else {
            continue;
        };
        if !matches!(hit.relation, Relation::Same | Relation::Surname) {
            continue;
        }
        let entity = gazetteer.entity(hit.entity);
        let preferred = entity.preferred_for(lang);
        if preferred.is_empty() || preferred == m.stem {
            continue;
        }
        let pname = Name::parse(&preferred, lang);
        let (atoms, patoms) = (name.atoms(), pname.atoms());
        for (x, y, sim) in align_atoms(&atoms, &patoms) {
            let (a, p) = (&atoms[x], &patoms[y]);
            if a.initial || p.initial || sim < VARIANT {
                continue;
            }
            let from = &m.stem[a.span.clone()];
            let want = case::match_case(from, &pname.spelling[p.span.clone()], lang);
            if want == from {
                continue;
            }
            let start = m.span.start + a.span.start;
            let (line, column) = lines.line_col(text, start);
            changes.push(NameChange {
                span: start..start + from.len(),
                line,
                column,
                from: from.to_string(),
                to: want,
                entity: entity.id.clone(),
            });
        }
    }
    changes.sort_by_key(|c| c.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in &changes {
        out.push_str(&text[at..c.span.start]);
        out.push_str(&c.to);
        at = c.span.end;
    }
    out.push_str(&text[at..]);
    (out, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_variants_and_keeps_suffixes() {
        let g = Gazetteer::builtin();
        let (out, ch) = normalize_names(
            "Cumhurbaşkanı Erdogan'ın açıklaması Almaty'de okundu.",
            Lang::TR,
            &g,
        );
        assert_eq!(out, "Cumhurbaşkanı Erdoğan'ın açıklaması Almatı'de okundu.");
        assert_eq!(ch.len(), 2);
        assert_eq!((ch[0].line, ch[0].column), (1, 15));
        assert_eq!(ch[0].from, "Erdogan");
        assert_eq!(ch[0].entity, "erdogan");
    }

    #[test]
    fn keeps_case_initials_aliases_and_unknown_names() {
        let g = Gazetteer::builtin();
        let (out, _) = normalize_names("TOKAEV met N. Nazarbaev in Akmola.", Lang::EN, &g);
        assert_eq!(out, "TOKAYEV met N. Nazarbayev in Akmola.");
        let text = "John Smith visited Tokarev.";
        let (out, ch) = normalize_names(text, Lang::EN, &g);
        assert_eq!(out, text);
        assert!(ch.is_empty());
        let (out, ch) = normalize_names("Tokaev spoke.", Lang::EN, &Gazetteer::empty());
        assert_eq!(out, "Tokaev spoke.");
        assert!(ch.is_empty());
    }

    #[test]
    fn kazakh_with_case_endings() {
        let g = Gazetteer::builtin();
        let (out, ch) = normalize_names("Біз Эрдоғанмен кездестік.", Lang::KK, &g);
        assert_eq!(out, "Біз Ердоғанмен кездестік.");
        assert_eq!(ch[0].to, "Ердоған");
    }
}
