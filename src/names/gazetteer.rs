//! Known entities: the preferred spelling per language, known variants, and the aliases no
//! similarity can find (Astana / Nur-Sultan / Akmola, Cömert for Jomart, Organization of Turkic
//! States / Türk Devletleri Teşkilatı / Түркі мемлекеттері ұйымы).
//!
//! A gazetteer is a CSV file with a header. Columns are found by name, so that extra columns are
//! fine and the dev list of spellings in the same shape can be read too:
//!
//! | column | required | meaning |
//! | --- | --- | --- |
//! | `id` | yes | the entity; rows with one id are one entity |
//! | `lang` | yes | ISO 639-1 code, optionally with a script: `en`, `tr`, `kk`, `kk-Latn` |
//! | `spelling` | yes | one way of writing the name |
//! | `preferred` (or `is_canonical`) | no | `1` for the spelling to use in that language |
//! | `kind` | no | person, place, org |
//! | `script` | no | `Latn`/`Cyrl`, when `lang` has none |
//! | `note` | no | free text |
//!
//! A user file is merged over the built-in one: rows with a known id add spellings to that entity,
//! and a preferred spelling from the user replaces the built-in one for its language.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use super::matcher::{Name, Relation, WORD_MATCH, compare};
use super::morph::{Derivation, derivation, stem_cuts};
use super::translit::{Scheme, Source, transliterate};
use crate::error::{Error, Result, label_of};
use crate::text::input;
use crate::text::lang::{Lang, Script};

const BUILTIN: &str = include_str!("../../data/names/gazetteer.csv");

/// One spelling of an entity.
#[derive(Debug, Clone)]
pub struct Entry {
    pub lang: Lang,
    pub spelling: String,
    pub preferred: bool,
    pub(crate) name: Name,
}

/// One entity with all its spellings.
#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: String,
    pub entries: Vec<Entry>,
}

impl Entity {
    /// The spelling to use in `lang`: the preferred one for that language and script; for Kazakh
    /// Latin without one, the Kazakh Cyrillic one in the 2021 alphabet; then the preferred one of
    /// another language in the same script (English for Latin, Kazakh or Russian for Cyrillic);
    /// then any.
    pub fn preferred_for(&self, lang: Lang) -> String {
        let pref = |f: &dyn Fn(&Entry) -> bool| {
            self.entries
                .iter()
                .filter(|e| f(e))
                .max_by_key(|e| e.preferred)
                .map(|e| e.spelling.clone())
        };
        if let Some(s) = pref(&|e| e.lang == lang) {
            return s;
        }
        if lang == Lang::KK_LATN
            && let Some(s) = pref(&|e| e.lang == Lang::KK)
        {
            return transliterate(&s, Source::Kazakh, Scheme::Latin2021);
        }
        if let Some(s) = pref(&|e| e.lang.code() == lang.code()) {
            return s;
        }
        let fallbacks: &[Lang] = match lang.script() {
            Some(Script::Cyrillic) => &[Lang::KK, Lang::RU],
            _ => &[Lang::EN],
        };
        for &f in fallbacks {
            if let Some(s) = pref(&|e| e.lang == f) {
                return s;
            }
        }
        pref(&|_| true).unwrap_or_default()
    }

    /// Whether `spelling` is one of this entity's spellings for `lang` (ignoring case).
    pub fn knows(&self, spelling: &str, lang: Lang) -> bool {
        self.entries.iter().any(|e| {
            e.lang.code() == lang.code()
                && crate::text::case::eq_ignore_case(&e.spelling, spelling, lang)
        })
    }
}

/// A found entity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index into [`Gazetteer::entities`].
    pub entity: usize,
    /// Index of the best-matching entry of that entity.
    pub entry: usize,
    pub score: f64,
    pub relation: Relation,
}

/// A set of known entities, indexed for lookup by matching key.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    /// Whole-spelling key → entries, for exact lookups (aliases).
    by_key: HashMap<Vec<u8>, Vec<(usize, usize)>>,
    /// Surname or single-word key → entries, for fuzzy lookups.
    by_word: HashMap<Vec<u8>, Vec<(usize, usize)>>,
    /// Lower-cased one-word place names per language code, the roots of demonyms.
    places: HashMap<String, Vec<String>>,
    /// Lower-cased one-word spellings of every entity per language code: these are names, never
    /// demonyms, however they are derived.
    single: HashMap<String, std::collections::HashSet<String>>,
}

impl Gazetteer {
    /// No entities (`--no-gazetteer`).
    pub fn empty() -> Gazetteer {
        Gazetteer::default()
    }

    /// The gazetteer shipped with tilmash (`data/names/gazetteer.csv`).
    pub fn builtin() -> Gazetteer {
        Gazetteer::builtin_ref().clone()
    }

    /// The built-in gazetteer, shared (parsed once).
    pub fn builtin_ref() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            // The file is part of the crate and parsed by a test; it cannot be malformed at run time.
            Gazetteer::from_csv("<built-in gazetteer>", BUILTIN).unwrap_or_default()
        })
    }

    /// Reads a gazetteer file.
    pub fn from_path(path: &Path) -> Result<Gazetteer> {
        let src = input::read_path(path)?;
        Gazetteer::from_csv(&label_of(path), &src.text)
    }

    /// Parses gazetteer CSV; errors name the file and line.
    pub fn from_csv(label: &str, text: &str) -> Result<Gazetteer> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let bad = |line: u64, msg: String| Error::malformed_line(label, line as usize, msg);
        let headers = rdr
            .headers()
            .map_err(|e| bad(1, format!("cannot read the header: {e}")))?
            .clone();
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (Some(c_id), Some(c_lang), Some(c_sp)) = (col("id"), col("lang"), col("spelling"))
        else {
            return Err(bad(
                1,
                format!(
                    "the header must name the columns id, lang and spelling (found: {})",
                    headers.iter().collect::<Vec<_>>().join(",")
                ),
            ));
        };
        let c_pref = col("preferred").or_else(|| col("is_canonical"));
        let c_kind = col("kind");
        let c_script = col("script");
        let mut g = Gazetteer::empty();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                bad(line, csv_message(&e))
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            let field = |c: usize| rec.get(c).unwrap_or("");
            let id = field(c_id);
            let spelling = field(c_sp);
            if id.is_empty() {
                return Err(bad(line, "empty id".into()));
            }
            if spelling.is_empty() {
                return Err(bad(line, "empty spelling".into()));
            }
            let mut lang = Lang::parse(field(c_lang)).map_err(|e| bad(line, e.to_string()))?;
            if let Some(c) = c_script {
                let s = field(c);
                if !s.is_empty() {
                    let script = Script::from_code(s)
                        .ok_or_else(|| bad(line, format!("unknown script '{s}'")))?;
                    lang = lang.with_script(script);
                }
            }
            let preferred = match c_pref.map(field) {
                None | Some("") | Some("0") => false,
                Some("1") => true,
                Some(v) => {
                    return Err(bad(line, format!("preferred must be 0 or 1, not '{v}'")));
                }
            };
            let e = *ids.entry(id.to_string()).or_insert_with(|| {
                g.entities.push(Entity {
                    id: id.to_string(),
                    kind: c_kind.map(field).unwrap_or("").to_string(),
                    entries: Vec::new(),
                });
                g.entities.len() - 1
            });
            g.entities[e].entries.push(Entry {
                lang,
                spelling: spelling.to_string(),
                preferred,
                name: Name::parse(spelling, lang),
            });
        }
        g.reindex();
        Ok(g)
    }

    /// Adds the entities of `other`; a preferred spelling in `other` wins for its language.
    pub fn merge(&mut self, other: Gazetteer) {
        for ent in other.entities {
            match self.entities.iter_mut().find(|e| e.id == ent.id) {
                Some(mine) => {
                    for entry in ent.entries {
                        if entry.preferred {
                            for m in mine.entries.iter_mut().filter(|m| m.lang == entry.lang) {
                                m.preferred = false;
                            }
                        }
                        mine.entries
                            .retain(|m| !(m.lang == entry.lang && m.spelling == entry.spelling));
                        mine.entries.push(entry);
                    }
                    if mine.kind.is_empty() {
                        mine.kind = ent.kind;
                    }
                }
                None => self.entities.push(ent),
            }
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        self.by_key.clear();
        self.by_word.clear();
        self.places.clear();
        self.single.clear();
        for (ei, ent) in self.entities.iter().enumerate() {
            for (ni, entry) in ent.entries.iter().enumerate() {
                if !entry.spelling.contains(char::is_whitespace) {
                    let lower = crate::text::case::to_lower(&entry.spelling, entry.lang);
                    let code = entry.lang.code().to_string();
                    if ent.kind == "place" {
                        self.places
                            .entry(code.clone())
                            .or_default()
                            .push(lower.clone());
                    }
                    self.single.entry(code).or_default().insert(lower);
                }
                self.by_key
                    .entry(entry.name.joined.clone())
                    .or_default()
                    .push((ei, ni));
                if let Some(s) = entry.name.surname() {
                    self.by_word
                        .entry(s.key.clone())
                        .or_default()
                        .push((ei, ni));
                }
            }
        }
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, i: usize) -> &Entity {
        &self.entities[i]
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Finds the entity a spelling names: an exact key match of the whole spelling (how aliases
    /// are found), else the best fuzzy match over entries that share the surname key or a close
    /// one. A bare surname is accepted only when one entity has it (Berdimuhamedov alone could be
    /// father or son: no hit).
    pub fn lookup(&self, name: &Name) -> Option<Hit> {
        if name.is_empty() {
            return None;
        }
        // An adjective or demonym is not a spelling of its country: Türk is not Türkiye, Түркі
        // is not Түркия, however close the letters.
        if name.words.len() == 1 && self.is_demonym(&name.spelling, name.lang) {
            return None;
        }
        if let Some(list) = self.by_key.get(&name.joined) {
            let first = list[0].0;
            if list.iter().all(|&(e, _)| e == first) {
                return Some(Hit {
                    entity: first,
                    entry: list[0].1,
                    score: 1.0,
                    relation: Relation::Same,
                });
            }
        }
        let sur = name.surname()?;
        let mut best: Option<Hit> = None;
        let mut surname_entities: Vec<usize> = Vec::new();
        let candidates = self
            .by_word
            .iter()
            .filter(|(k, _)| {
                // Cheap prefilter before the weighted distance: similar length and first sound
                // class or last three sounds.
                k.len().abs_diff(sur.key.len()) <= 3
            })
            .flat_map(|(_, v)| v.iter().copied());
        for (ei, ni) in candidates {
            let entry = &self.entities[ei].entries[ni];
            let link = compare(name, &entry.name);
            match link.relation {
                Relation::Same if link.score >= WORD_MATCH => {
                    let better = best.is_none_or(|b| {
                        b.relation < Relation::Same
                            || link.score > b.score
                            || (link.score == b.score && entry.preferred)
                    });
                    if better {
                        best = Some(Hit {
                            entity: ei,
                            entry: ni,
                            score: link.score,
                            relation: Relation::Same,
                        });
                    }
                }
                Relation::Surname => {
                    if !surname_entities.contains(&ei) {
                        surname_entities.push(ei);
                    }
                    if best.is_none_or(|b| b.relation == Relation::Surname && link.score > b.score)
                    {
                        best = Some(Hit {
                            entity: ei,
                            entry: ni,
                            score: link.score,
                            relation: Relation::Surname,
                        });
                    }
                }
                _ => {}
            }
        }
        match best {
            Some(h) if h.relation == Relation::Surname && surname_entities.len() > 1 => None,
            b => b,
        }
    }
}

impl Gazetteer {
    /// Whether the gazetteer has `word` as a whole one-word spelling in `lang` (Astana, TDT; not
    /// Council, which only stands inside Turkic Council).
    pub fn knows_word(&self, word: &str, lang: Lang) -> bool {
        self.single
            .get(lang.code())
            .is_some_and(|s| s.contains(&crate::text::case::to_lower(word, lang)))
    }

    /// Whether `word` (possibly inflected: Kazakhs, Türkler, Қазақтың) is an adjective or demonym
    /// derived from a one-word place name of the gazetteer in `lang` rather than a name itself:
    /// Kazakh, Kazakhstani (Kazakhstan), Turkic, Turkish (Turkey), Türk (Türkiye), Түркі (Түркия),
    /// Ресейлік (Ресей). A spelling the gazetteer knows is a name, whatever it looks like.
    pub fn is_demonym(&self, word: &str, lang: Lang) -> bool {
        let (Some(d), Some(places)) = (derivation(lang), self.places.get(lang.code())) else {
            return false;
        };
        let known = self.single.get(lang.code());
        for cut in stem_cuts(word, lang) {
            let w = crate::text::case::to_lower(&word[..cut], lang);
            if known.is_some_and(|k| k.contains(&w)) {
                return false;
            }
            if places.iter().any(|p| derives(&w, p, &d)) {
                return true;
            }
        }
        false
    }
}

/// Whether lower-cased `w` is `place` plus an adjective ending, or `place` less a land ending
/// (Kazakh+stan), alone or plus an adjective ending (Turk+ey → Turk+ic). The people's name alone
/// counts only after a long land ending, so that Russ (Russia) or Astan (Astana) are not read as
/// demonyms.
fn derives(w: &str, place: &str, d: &Derivation) -> bool {
    let with_adjective = |stem: &str| {
        d.adjective
            .iter()
            .any(|a| w.len() == stem.len() + a.len() && w.starts_with(stem) && w.ends_with(a))
    };
    if with_adjective(place) {
        return true;
    }
    for land in d.land {
        let Some(stem) = place.strip_suffix(land) else {
            continue;
        };
        if stem.chars().count() < 3 {
            continue;
        }
        let bare_ok = land.chars().count() >= 2 && *land != "ia";
        if (bare_ok && w == stem) || with_adjective(stem) {
            return true;
        }
    }
    false
}

/// A csv error without its own position prefix (the caller adds file and line).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields like the header, found {len}"),
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(g: &Gazetteer, s: &str, lang: Lang) -> Option<String> {
        g.lookup(&Name::parse(s, lang))
            .map(|h| g.entity(h.entity).id.clone())
    }

    #[test]
    fn builtin_parses_and_finds_aliases() {
        let g = Gazetteer::builtin();
        assert!(g.len() > 50);
        // Every row of the file made it in.
        let rows = BUILTIN.lines().count() - 1;
        assert_eq!(
            g.entities().iter().map(|e| e.entries.len()).sum::<usize>(),
            rows
        );
        assert_eq!(find(&g, "Akmola", Lang::EN).as_deref(), Some("astana"));
        assert_eq!(find(&g, "Нұр-Сұлтан", Lang::KK).as_deref(), Some("astana"));
        assert_eq!(
            find(&g, "Türk Devletleri Teşkilatı", Lang::TR).as_deref(),
            Some("ots")
        );
        assert_eq!(find(&g, "KGAÖ", Lang::TR).as_deref(), Some("csto"));
        assert_eq!(
            find(&g, "Kasım Cömert Tokayev", Lang::TR).as_deref(),
            Some("tokayev")
        );
        assert_eq!(find(&g, "Tokayev", Lang::EN).as_deref(), Some("tokayev"));
        assert_eq!(find(&g, "Tokarev", Lang::EN), None);
        // Father or son: a bare surname is ambiguous.
        assert_eq!(find(&g, "Berdimuhamedov", Lang::EN), None);
        assert_eq!(
            find(&g, "Serdar Berdymukhamedov", Lang::EN).as_deref(),
            Some("berdimuhamedov_s")
        );
    }

    #[test]
    fn demonyms_are_not_their_countries() {
        let g = Gazetteer::builtin();
        for (w, lang) in [
            ("Türk", Lang::TR),
            ("Türkler", Lang::TR),
            ("Kazak", Lang::TR),
            ("Türkçe", Lang::TR),
            ("Түркі", Lang::KK),
            ("Қазақ", Lang::KK),
            ("Ресейлік", Lang::KK),
            ("Turkic", Lang::EN),
            ("Turkish", Lang::EN),
            ("Kazakh", Lang::EN),
            ("Kazakhs", Lang::EN),
            ("Kazakhstani", Lang::EN),
            ("Russian", Lang::EN),
            ("Chinese", Lang::EN),
            ("Azerbaijani", Lang::EN),
        ] {
            assert!(g.is_demonym(w, lang), "{w}");
            assert_eq!(find(&g, w, lang), None, "{w}");
        }
        // The places themselves, inflected or not, and known one-word names are names.
        for (w, lang) in [
            ("Türkiye", Lang::TR),
            ("Түркия", Lang::KK),
            ("Түркияда", Lang::KK),
            ("Қазақстанның", Lang::KK),
            ("Kazakhstan", Lang::EN),
            ("Turkistan", Lang::EN),
            ("Russ", Lang::EN),
        ] {
            assert!(!g.is_demonym(w, lang), "{w}");
        }
        assert_eq!(find(&g, "Türkiye", Lang::TR).as_deref(), Some("turkiye"));
        assert!(!Gazetteer::empty().is_demonym("Kazakh", Lang::EN));
    }

    #[test]
    fn preferred_spelling_per_language() {
        let g = Gazetteer::builtin();
        let e = g.entities().iter().find(|e| e.id == "tokayev").unwrap();
        assert_eq!(e.preferred_for(Lang::EN), "Kassym-Jomart Tokayev");
        assert_eq!(e.preferred_for(Lang::TR), "Kasım Cömert Tokayev");
        assert_eq!(e.preferred_for(Lang::KK), "Қасым-Жомарт Тоқаев");
        assert_eq!(
            e.preferred_for(Lang::parse("de").unwrap()),
            "Kassym-Jomart Tokayev"
        );
        let e = g.entities().iter().find(|e| e.id == "erdogan").unwrap();
        assert_eq!(e.preferred_for(Lang::KK_LATN), "Rejep Taiyp Erdoğan");
    }

    #[test]
    fn user_file_merges_and_overrides() {
        let mut g = Gazetteer::builtin();
        let user = Gazetteer::from_csv(
            "mine.csv",
            "id,lang,spelling,preferred\nerdogan,en,Recep Tayyip Erdoğan,1\nnew,en,Jane Roe,1\n",
        )
        .unwrap();
        g.merge(user);
        let e = g.entities().iter().find(|e| e.id == "erdogan").unwrap();
        assert_eq!(e.preferred_for(Lang::EN), "Recep Tayyip Erdoğan");
        assert_eq!(find(&g, "Jane Roe", Lang::EN).as_deref(), Some("new"));
    }

    #[test]
    fn malformed_files_name_file_and_line() {
        let e = Gazetteer::from_csv("g.csv", "id,spelling\nx,Y\n").unwrap_err();
        assert!(e.to_string().starts_with("g.csv:line 1:"), "{e}");
        let e = Gazetteer::from_csv("g.csv", "id,lang,spelling\nx,en,Ann\ny,xx,Bob\n").unwrap_err();
        assert!(e.to_string().starts_with("g.csv:line 3:"), "{e}");
        let e = Gazetteer::from_csv("g.csv", "id,lang,spelling\nx,en,Ann\ny,en\n").unwrap_err();
        assert!(e.to_string().contains("line 3"), "{e}");
        let e = Gazetteer::from_csv("g.csv", "id,lang,spelling\nx,en,\n").unwrap_err();
        assert!(e.to_string().contains("empty spelling"), "{e}");
    }
}
