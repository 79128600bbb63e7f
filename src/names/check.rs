//! The consistency report behind `tilmash names check`: every entity with every spelling found in
//! a set of texts (file, language, line:column, count), and three kinds of problem:
//!
//! - **inconsistent**: one text writes one name two ways (Erdogan and Erdoğan in one English text);
//! - **disagrees**: a spelling that another version contradicts (English Kassym-Gomert where the
//!   Kazakh text has Қасым-Жомарт: expected Kassym-Jomart);
//! - **misspelling**: a spelling one sound away from what the other versions and the gazetteer agree
//!   on (Jabarov for Japarov, Merziyoyev for Mirziyoyev).
//!
//! What counts as evidence: the gazetteer's spellings, and the spellings of the same entity in the
//! other texts. Cyrillic versions are the source a Latin spelling is checked against; Turkish and
//! Azerbaijani adapt vowels (Cömert, Şevket), so their vowel differences are not errors and they
//! are not held against English; қ for х (Kazakhstan / Қазақстан) is a convention everywhere.

use std::collections::HashMap;

use serde::Serialize;

use super::gazetteer::Gazetteer;
use super::matcher::{
    Atom, Name, Spelling, WORD_MATCH, align_atoms, compare, group, only_soft_differences,
};
use super::mentions::{find_mentions_with, is_surname_like};
use super::translit::{Scheme, Source, transliterate};
use crate::text::case;
use crate::text::lang::{Lang, Script};

/// One input text.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The file name it is reported under.
    pub label: String,
    pub lang: Lang,
    pub text: &'a str,
}

/// Where a spelling occurs.
#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    pub line: usize,
    pub column: usize,
}

/// One spelling of an entity in one file.
#[derive(Debug, Clone, Serialize)]
pub struct SpellingReport {
    pub file: String,
    pub lang: Lang,
    pub spelling: String,
    pub count: usize,
    pub occurrences: Vec<Occurrence>,
}

/// An entity and its spellings.
#[derive(Debug, Clone, Serialize)]
pub struct EntityReport {
    /// The gazetteer id, or the canonical spelling.
    pub entity: String,
    /// Whether the gazetteer knows it.
    pub known: bool,
    pub spellings: Vec<SpellingReport>,
}

/// The kind of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueKind {
    Inconsistent,
    Disagrees,
    Misspelling,
}

impl IssueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::Inconsistent => "inconsistent",
            IssueKind::Disagrees => "disagrees",
            IssueKind::Misspelling => "misspelling",
        }
    }
}

/// One flagged spelling, with a suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub kind: IssueKind,
    pub entity: String,
    pub file: String,
    pub lang: Lang,
    pub spelling: String,
    /// First occurrence.
    pub line: usize,
    pub column: usize,
    pub count: usize,
    /// The spelling to use instead.
    pub suggestion: String,
    /// What it was compared with, for the reader ("kk Қасым-Жомарт Тоқаев in kk.txt").
    pub evidence: String,
}

impl Issue {
    /// An issue about the spelling `f`, placed at its first occurrence.
    fn of(
        kind: IssueKind,
        f: &Found,
        entity: &str,
        lang: Lang,
        inputs: &[Input],
        suggestion: String,
        evidence: String,
    ) -> Issue {
        Issue {
            kind,
            entity: entity.to_string(),
            file: inputs[f.doc].label.clone(),
            lang,
            spelling: f.stem.clone(),
            line: f.occurrences[0].line,
            column: f.occurrences[0].column,
            count: f.occurrences.len(),
            suggestion,
            evidence,
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub entities: Vec<EntityReport>,
    pub issues: Vec<Issue>,
}

impl Report {
    /// True when nothing was flagged.
    pub fn is_clean(&self) -> bool {
        self.issues.is_empty()
    }
}

/// Languages whose press adapts the vowels of foreign names.
fn adapts_vowels(lang: Lang) -> bool {
    matches!(lang.code(), "tr" | "az")
}

/// The scheme that writes a Cyrillic name the way `lang` would.
fn scheme_for(lang: Lang) -> Option<Scheme> {
    match (lang.code(), lang.script()) {
        (_, Some(Script::Cyrillic)) => None,
        ("kk", _) => Some(Scheme::Latin2021),
        ("tr" | "az", _) => Some(Scheme::TurkishPress),
        _ => Some(Scheme::EnglishPress),
    }
}

/// A distinct spelling of a text, with its mentions.
struct Found {
    doc: usize,
    stem: String,
    name: Name,
    occurrences: Vec<Occurrence>,
}

/// A spelling another one is checked against.
struct Reference<'n> {
    name: &'n Name,
    /// "kk Қасым-Жомарт Тоқаев in kk.txt" or "the gazetteer (en Kassym-Jomart Tokayev)".
    origin: String,
}

/// Checks the names of several versions of one text against each other and the gazetteer.
pub fn check(inputs: &[Input], gazetteer: &Gazetteer) -> Report {
    // Distinct spellings per text, in order of first appearance.
    let mut found: Vec<Found> = Vec::new();
    let mut index: HashMap<(usize, String), usize> = HashMap::new();
    for (d, inp) in inputs.iter().enumerate() {
        for m in find_mentions_with(inp.text, inp.lang, gazetteer) {
            let occ = Occurrence {
                line: m.line,
                column: m.column,
            };
            match index.get(&(d, m.stem.clone())) {
                Some(&i) => found[i].occurrences.push(occ),
                None => {
                    index.insert((d, m.stem.clone()), found.len());
                    found.push(Found {
                        doc: d,
                        name: Name::parse(&m.stem, inp.lang),
                        stem: m.stem,
                        occurrences: vec![occ],
                    });
                }
            }
        }
    }
    let spellings: Vec<Spelling> = found
        .iter()
        .map(|f| Spelling {
            lang: Some(inputs[f.doc].lang),
            text: f.stem.clone(),
        })
        .collect();
    let groups = group(&spellings, Some(gazetteer));
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, a) in groups.iter().enumerate() {
        if members.len() <= a.group {
            members.resize(a.group + 1, Vec::new());
        }
        members[a.group].push(i);
    }

    let mut entities = Vec::new();
    let mut issues = Vec::new();
    for ms in &members {
        let first = &groups[ms[0]];
        let entity_id = first.entity.clone();
        let gaz_entity = first
            .gazetteer_id
            .as_ref()
            .and_then(|id| gazetteer.entities().iter().find(|e| &e.id == id));
        entities.push(EntityReport {
            entity: entity_id.clone(),
            known: gaz_entity.is_some(),
            spellings: ms
                .iter()
                .map(|&i| SpellingReport {
                    file: inputs[found[i].doc].label.clone(),
                    lang: inputs[found[i].doc].lang,
                    spelling: found[i].stem.clone(),
                    count: found[i].occurrences.len(),
                    occurrences: found[i].occurrences.clone(),
                })
                .collect(),
        });
        let preferred = |lang: Lang| -> Option<Name> {
            gaz_entity.map(|e| Name::parse(&e.preferred_for(lang), lang))
        };
        let mut flagged = vec![false; found.len()];

        // 1. Spellings checked against the other versions and the gazetteer.
        for &i in ms {
            let f = &found[i];
            let lang = inputs[f.doc].lang;
            if gaz_entity.is_some_and(|e| e.knows(&f.stem, lang)) {
                continue;
            }
            let mut refs: Vec<Reference> = Vec::new();
            for &j in ms {
                let g = &found[j];
                let glang = inputs[g.doc].lang;
                if g.doc == f.doc || glang.code() == lang.code() {
                    continue;
                }
                let usable = match lang.script() {
                    Some(Script::Cyrillic) => glang.script() == Some(Script::Cyrillic),
                    _ => !adapts_vowels(glang) || adapts_vowels(lang),
                };
                // Other versions are evidence against a person's name (several words, or a
                // surname); a single place-like word may be an exonym (Turkey / Түркия,
                // Uzbekistan / Өзбекстан), which only the gazetteer can vouch for.
                let personal = f.name.words.len() >= 2 || is_surname_like(&f.stem);
                if usable && personal {
                    refs.push(Reference {
                        name: &g.name,
                        origin: format!("{} {} in {}", glang, g.stem, inputs[g.doc].label),
                    });
                }
            }
            if let Some(e) = gaz_entity {
                for entry in &e.entries {
                    let cyr_only = lang.script() == Some(Script::Cyrillic);
                    if cyr_only && entry.lang.script() != Some(Script::Cyrillic) {
                        continue;
                    }
                    refs.push(Reference {
                        name: &entry.name,
                        origin: format!("the gazetteer ({} {})", entry.lang, entry.spelling),
                    });
                }
            }
            if let Some(issue) = check_against(f, lang, &refs, preferred(lang), &entity_id, inputs)
            {
                flagged[i] = true;
                issues.push(issue);
            }
        }

        // 2. One text, one name, two spellings.
        let mut by_doc: HashMap<usize, Vec<usize>> = HashMap::new();
        for &i in ms {
            by_doc.entry(found[i].doc).or_default().push(i);
        }
        let mut docs: Vec<_> = by_doc.into_iter().collect();
        docs.sort();
        for (d, list) in docs {
            if list.len() < 2 {
                continue;
            }
            let lang = inputs[d].lang;
            issues.extend(inconsistencies(
                &found,
                &list,
                lang,
                preferred(lang),
                &entity_id,
                &flagged,
                inputs,
            ));
        }
    }
    issues.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column).cmp(&(b.file.as_str(), b.line, b.column))
    });
    Report { entities, issues }
}

/// Checks one spelling's atoms against the references.
fn check_against(
    f: &Found,
    lang: Lang,
    refs: &[Reference],
    preferred: Option<Name>,
    entity: &str,
    inputs: &[Input],
) -> Option<Issue> {
    let atoms = f.name.atoms();
    let mut worst: Option<(IssueKind, usize, &Reference, usize)> = None;
    for (ai, atom) in atoms.iter().enumerate() {
        if atom.initial {
            continue;
        }
        let mut best: Option<(f64, &Reference, usize)> = None;
        let mut ok = false;
        let mut any = false;
        for (r, ratoms, y, s) in counterparts(f, &atoms, ai, refs) {
            any = true;
            if only_soft_differences(&atom.key, &ratoms[y].key, adapts_vowels(lang)) {
                ok = true;
            }
            // Cite the most telling evidence: another version of the text before the
            // gazetteer, and among gazetteer entries those in this language or in Cyrillic.
            let rank = |r: &Reference| {
                if !r.origin.starts_with("the gazetteer") {
                    2
                } else if r.name.lang == lang || r.name.lang.script() == Some(Script::Cyrillic) {
                    1
                } else {
                    0
                }
            };
            if best.is_none_or(|b| (rank(r), s) > (rank(b.1), b.0)) {
                best = Some((s, r, y));
            }
        }
        if ok || !any {
            continue;
        }
        if let Some((s, r, y)) = best {
            let kind = if s >= WORD_MATCH {
                IssueKind::Misspelling
            } else {
                IssueKind::Disagrees
            };
            let worse =
                worst.is_none_or(|w| w.0 == IssueKind::Misspelling && kind == IssueKind::Disagrees);
            if worse {
                worst = Some((kind, ai, r, y));
            }
        }
    }
    let (kind, _, r, _) = worst?;
    let suggestion = suggest(f, lang, refs, preferred.as_ref());
    if suggestion.is_empty() || case::eq_ignore_case(&suggestion, &f.stem, lang) {
        return None;
    }
    Some(Issue::of(
        kind,
        f,
        entity,
        lang,
        inputs,
        suggestion,
        r.origin.clone(),
    ))
}

/// The counterparts of atom `ai` of `f` in the references that name the same entity: each
/// reference, its atoms, the index of the counterpart among them and the similarity of the two.
fn counterparts<'r>(
    f: &Found,
    atoms: &[Atom],
    ai: usize,
    refs: &'r [Reference],
) -> Vec<(&'r Reference<'r>, Vec<Atom>, usize, f64)> {
    let mut out = Vec::new();
    for r in refs {
        if !compare(&f.name, r.name).links() {
            continue;
        }
        let ratoms = r.name.atoms();
        let found: Vec<(usize, f64)> = align_atoms(atoms, &ratoms)
            .into_iter()
            .filter(|&(x, y, _)| x == ai && !ratoms[y].initial)
            .map(|(_, y, s)| (y, s))
            .collect();
        for (y, s) in found {
            out.push((r, ratoms.clone(), y, s));
        }
    }
    out
}

/// The spelling `f` should have: each atom replaced by its counterpart in the preferred spelling
/// for the language, or, without a gazetteer entry, by the transliteration of its counterpart in a
/// Cyrillic version (or the counterpart itself); atoms that agree are kept as written.
fn suggest(f: &Found, lang: Lang, refs: &[Reference], preferred: Option<&Name>) -> String {
    let atoms = f.name.atoms();
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    if let Some(p) = preferred {
        let patoms = p.atoms();
        for (x, y, _) in align_atoms(&atoms, &patoms) {
            let want = &p.spelling[patoms[y].span.clone()];
            replacements.push((atoms[x].span.clone(), want.to_string()));
        }
    } else {
        for (ai, atom) in atoms.iter().enumerate() {
            let mut best: Option<(f64, String)> = None;
            for (r, ratoms, y, s) in counterparts(f, &atoms, ai, refs) {
                if only_soft_differences(&atom.key, &ratoms[y].key, adapts_vowels(lang)) {
                    best = Some((2.0, f.name.spelling[atom.span.clone()].to_string()));
                }
                let surface = &r.name.spelling[ratoms[y].span.clone()];
                let text = match (r.name.lang.script(), scheme_for(lang)) {
                    (Some(Script::Cyrillic), Some(scheme)) => {
                        transliterate(surface, Source::of_cyrillic(&r.name.spelling), scheme)
                    }
                    _ => surface.to_string(),
                };
                if best.as_ref().is_none_or(|b| s > b.0) {
                    best = Some((s, text));
                }
            }
            if let Some((_, t)) = best {
                replacements.push((atom.span.clone(), t));
            }
        }
    }
    replacements.sort_by_key(|r| r.0.start);
    let mut out = String::new();
    let mut at = 0;
    for (span, text) in replacements {
        if span.start < at {
            continue;
        }
        out.push_str(&f.stem[at..span.start]);
        out.push_str(&case::match_case(&f.stem[span.clone()], &text, lang));
        at = span.end;
    }
    out.push_str(&f.stem[at..]);
    out
}

/// An atom's key, its surface, and its span in the spelling.
type AtomForm = (Vec<u8>, String, std::ops::Range<usize>);

/// Spellings of one entity in one text whose aligned words differ: all but the preferred (or most
/// frequent) form are flagged.
fn inconsistencies(
    found: &[Found],
    list: &[usize],
    lang: Lang,
    preferred: Option<Name>,
    entity: &str,
    flagged: &[bool],
    inputs: &[Input],
) -> Vec<Issue> {
    // The form each atom should take: from the preferred spelling, else the most frequent.
    let mut votes: HashMap<Vec<u8>, HashMap<String, usize>> = HashMap::new();
    let key_of = |f: &Found| -> Vec<AtomForm> {
        f.name
            .atoms()
            .into_iter()
            .filter(|a| !a.initial)
            .map(|a| {
                let surface = f.name.spelling[a.span.clone()].to_string();
                (a.key, surface, a.span)
            })
            .collect()
    };
    let mut per: Vec<Vec<AtomForm>> = Vec::new();
    for &i in list {
        let atoms = key_of(&found[i]);
        for (k, s, _) in &atoms {
            *votes
                .entry(k.clone())
                .or_default()
                .entry(case::to_lower(s, lang))
                .or_default() += found[i].occurrences.len();
        }
        per.push(atoms);
    }
    let pref_atoms: Vec<(Vec<u8>, String)> = preferred
        .as_ref()
        .map(|p| {
            p.atoms()
                .into_iter()
                .map(|a| (a.key.clone(), p.spelling[a.span].to_string()))
                .collect()
        })
        .unwrap_or_default();
    // Atoms close enough to be one word written two ways: group the keys of this text.
    let mut out = Vec::new();
    for (n, &i) in list.iter().enumerate() {
        if flagged[i] {
            continue;
        }
        let f = &found[i];
        let mut replacements = Vec::new();
        for (k, surface, span) in &per[n] {
            // Other surfaces of the same key in this text.
            let Some(forms) = votes.get(k) else { continue };
            if forms.len() < 2 {
                continue;
            }
            let want = pref_atoms
                .iter()
                .find(|(pk, _)| pk == k)
                .map(|(_, s)| s.clone())
                .or_else(|| {
                    // Most frequent; on a tie, the one with more letters beyond ASCII
                    // (diacritics lost are more common than diacritics invented).
                    forms
                        .iter()
                        .max_by_key(|(s, c)| (**c, s.chars().filter(|c| !c.is_ascii()).count()))
                        .map(|(s, _)| s.clone())
                });
            if let Some(w) = want
                && !case::eq_ignore_case(&w, surface, lang)
            {
                replacements.push((span.clone(), case::match_case(surface, &w, lang)));
            }
        }
        if replacements.is_empty() {
            continue;
        }
        let mut suggestion = String::new();
        let mut at = 0;
        for (span, text) in replacements {
            suggestion.push_str(&f.stem[at..span.start]);
            suggestion.push_str(&text);
            at = span.end;
        }
        suggestion.push_str(&f.stem[at..]);
        let others: Vec<&str> = list
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| found[j].stem.as_str())
            .collect();
        out.push(Issue::of(
            IssueKind::Inconsistent,
            f,
            entity,
            lang,
            inputs,
            suggestion,
            format!(
                "also written {} in {}",
                others.join(", "),
                inputs[f.doc].label
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(texts: &[(&str, Lang, &str)], g: &Gazetteer) -> Report {
        let inputs: Vec<Input> = texts
            .iter()
            .map(|(l, lang, t)| Input {
                label: l.to_string(),
                lang: *lang,
                text: t,
            })
            .collect();
        check(&inputs, g)
    }

    #[test]
    fn flags_inconsistency_within_one_text() {
        let r = run(
            &[(
                "en.txt",
                Lang::EN,
                "Erdogan spoke. President Erdoğan said more. Then Erdogan left.",
            )],
            &Gazetteer::builtin(),
        );
        assert_eq!(r.issues.len(), 1, "{:?}", r.issues);
        let i = &r.issues[0];
        assert_eq!(i.kind, IssueKind::Inconsistent);
        assert_eq!(i.spelling, "Erdoğan");
        assert_eq!(i.suggestion, "Erdogan");
    }

    #[test]
    fn flags_disagreement_and_misspellings_against_kazakh() {
        let en = "President Kassym-Gomert Tokayev met Jabarov and Merziyoyev in Almaty.";
        let kk = "Президент Қасым-Жомарт Тоқаев Алматыда Садыр Жапаровпен және Шавкат \
                  Мирзиёевпен кездесті.";
        for g in [Gazetteer::builtin(), Gazetteer::empty()] {
            let r = run(&[("en.txt", Lang::EN, en), ("kk.txt", Lang::KK, kk)], &g);
            let got: Vec<(IssueKind, &str, &str)> = r
                .issues
                .iter()
                .map(|i| (i.kind, i.spelling.as_str(), i.suggestion.as_str()))
                .collect();
            assert!(
                got.iter().any(|(k, s, sug)| *k == IssueKind::Disagrees
                    && *s == "Kassym-Gomert Tokayev"
                    && sug.contains("omart")),
                "{got:?}"
            );
            assert!(
                got.iter()
                    .any(|(k, s, _)| *k == IssueKind::Misspelling && *s == "Jabarov"),
                "{got:?}"
            );
            assert!(
                got.iter().any(|(k, s, sug)| *k == IssueKind::Misspelling
                    && *s == "Merziyoyev"
                    && *sug == "Mirziyoyev"),
                "{got:?}"
            );
            assert_eq!(got.len(), 3, "{got:?}");
        }
    }

    #[test]
    fn turkish_adaptations_are_not_errors() {
        let tr = "Kasım Cömert Tokayev, Şevket Mirziyoyev ve Sadır Caparov ile görüştü.";
        let kk = "Қасым-Жомарт Тоқаев Шавкат Мирзиёевпен және Садыр Жапаровпен кездесті.";
        for g in [Gazetteer::builtin(), Gazetteer::empty()] {
            let r = run(&[("tr.txt", Lang::TR, tr), ("kk.txt", Lang::KK, kk)], &g);
            assert!(r.is_clean(), "{:?}", r.issues);
        }
    }

    #[test]
    fn adjectives_are_not_misspelt_countries() {
        let en = "Turkic-speaking countries met in Turkey. The Turkic Council was renamed.";
        let tr = "Türk dili konuşan ülkeler Türkiye'de toplandı. Türk Konseyi'nin adı değişti.";
        let kk = "Түркітілдес елдер Түркияда жиналды. Бұрын Түркі кеңесі деп аталған ұйым \
                  Түркі әлемін біріктіреді.";
        let r = run(
            &[
                ("en.txt", Lang::EN, en),
                ("tr.txt", Lang::TR, tr),
                ("kk.txt", Lang::KK, kk),
            ],
            &Gazetteer::builtin(),
        );
        assert!(r.is_clean(), "{:?}", r.issues);
        let spellings: Vec<&str> = r
            .entities
            .iter()
            .flat_map(|e| &e.spellings)
            .map(|s| s.spelling.as_str())
            .collect();
        for adjective in ["Turkic", "Türk", "Түркі"] {
            assert!(!spellings.contains(&adjective), "{spellings:?}");
        }
        let turkiye = r.entities.iter().find(|e| e.entity == "turkiye").unwrap();
        assert_eq!(turkiye.spellings.len(), 3, "{:?}", turkiye.spellings);
    }

    #[test]
    fn a_person_beside_a_place_is_two_entities() {
        let kk = "Президент Ердоған Қазақстанның тұрақтылығы маңызды екенін атап өтті.";
        let tr = "Cumhurbaşkanı Erdoğan, Kazakistan'ın istikrarının önemli olduğunu vurguladı.";
        let r = run(
            &[("kk.txt", Lang::KK, kk), ("tr.txt", Lang::TR, tr)],
            &Gazetteer::builtin(),
        );
        assert!(r.is_clean(), "{:?}", r.issues);
        let ids: Vec<&str> = r.entities.iter().map(|e| e.entity.as_str()).collect();
        assert_eq!(ids, ["erdogan", "kazakhstan"]);
    }
}
