//! Bilingual lexicons: read from a dictionary file, or learned from aligned sentences.
//!
//! Entries are kept on word stems ([`super::features::stem`]) so that one entry covers the
//! inflected forms of agglutinative languages. A lexicon is learned from the confident 1-1 beads
//! of a first alignment pass with the Dice coefficient over sentence co-occurrence: it needs no
//! iterations (unlike IBM Model 1), is symmetric, and on one document pair its few counts are
//! better served by a smoothed association than by EM probabilities.

use std::collections::HashMap;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::features::{PairFeatures, stem};
use crate::error::{Error, Result};
use crate::text::lang::Lang;

/// Word-stem pairs with an association strength in (0, 1].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Stem → pair ids, per side (0 = source, 1 = target).
    index: [HashMap<String, Vec<u32>>; 2],
    pairs: Vec<(String, String, f32)>,
    lookup: HashMap<(String, String), u32>,
}

impl Lexicon {
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Adds a stem pair (keeps the stronger strength if present).
    pub fn add_stems(&mut self, src: String, tgt: String, strength: f32) {
        let key = (src, tgt);
        if let Some(&id) = self.lookup.get(&key) {
            let s = &mut self.pairs[id as usize].2;
            *s = s.max(strength);
            return;
        }
        let id = self.pairs.len() as u32;
        self.index[0].entry(key.0.clone()).or_default().push(id);
        self.index[1].entry(key.1.clone()).or_default().push(id);
        self.pairs.push((key.0.clone(), key.1.clone(), strength));
        self.lookup.insert(key, id);
    }

    /// Adds a word pair, stemming each word with its language's rules. Multi-word entries are
    /// added word by word only when both sides have one word (phrases are skipped).
    pub fn add_words(
        &mut self,
        src: &str,
        src_lang: Lang,
        tgt: &str,
        tgt_lang: Lang,
        strength: f32,
    ) {
        if src.split_whitespace().count() != 1 || tgt.split_whitespace().count() != 1 {
            return;
        }
        if let (Some(s), Some(t)) = (stem(src.trim(), src_lang), stem(tgt.trim(), tgt_lang)) {
            self.add_stems(s, t, strength);
        }
    }

    /// Pair ids of a stem on one side.
    pub fn pairs_of(&self, side: usize, stem: &str) -> &[u32] {
        self.index[side].get(stem).map_or(&[], Vec::as_slice)
    }

    pub fn strength(&self, pair: u32) -> f32 {
        self.pairs[pair as usize].2
    }

    /// All entries: (source stem, target stem, strength).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, f32)> {
        self.pairs
            .iter()
            .map(|(s, t, w)| (s.as_str(), t.as_str(), *w))
    }

    /// Adds every entry of `other`.
    pub fn extend(&mut self, other: &Lexicon) {
        for (s, t, w) in other.entries() {
            self.add_stems(s.to_string(), t.to_string(), w);
        }
    }

    /// The entries that can matter for one document pair: those whose source stem is among
    /// `src_stems` or whose target stem is among `tgt_stems`, in entry order.
    ///
    /// Aligning with this subset gives exactly what aligning with the whole lexicon gives: an
    /// entry whose stems occur on neither side makes no feature, and features are numbered in the
    /// order of the documents' stems. It exists because the aligner copies its dictionary into the
    /// lexicon of its learning pass for every pair, which for a corpus lexicon of thousands of
    /// entries would cost more than the alignment itself.
    pub fn subset_for<'a>(
        &self,
        src_stems: impl IntoIterator<Item = &'a str>,
        tgt_stems: impl IntoIterator<Item = &'a str>,
    ) -> Lexicon {
        let mut ids: Vec<u32> = Vec::new();
        for st in src_stems {
            ids.extend_from_slice(self.pairs_of(0, st));
        }
        for st in tgt_stems {
            ids.extend_from_slice(self.pairs_of(1, st));
        }
        ids.sort_unstable();
        ids.dedup();
        let mut out = Lexicon::new();
        for id in ids {
            let (s, t, w) = &self.pairs[id as usize];
            out.add_stems(s.clone(), t.clone(), *w);
        }
        out
    }

    /// Writes the entries as TSV (`source<TAB>target<TAB>strength`, one per line, in entry
    /// order), the format [`Lexicon::read_dictionary`] reads back: stems are their own stems, so
    /// the lexicon read back is the same. `comment` lines go first, each prefixed with `# `.
    pub fn write_tsv(
        &self,
        out: &mut impl std::io::Write,
        comment: &[String],
    ) -> std::io::Result<()> {
        for c in comment {
            writeln!(out, "# {c}")?;
        }
        for (s, t, w) in self.entries() {
            writeln!(out, "{s}\t{t}\t{w}")?;
        }
        Ok(())
    }

    /// Reads a dictionary: hunalign's format (`target @ source` per line) or TSV
    /// (`source<TAB>target[<TAB>strength]`). The format is told by the first entry line.
    pub fn read_dictionary(path: &Path, src_lang: Lang, tgt_lang: Lang) -> Result<Lexicon> {
        let source = crate::text::input::read_path(path)?;
        Lexicon::parse_dictionary(&source.label, &source.text, src_lang, tgt_lang)
    }

    /// Parses dictionary text (see [`Lexicon::read_dictionary`]).
    pub fn parse_dictionary(
        label: &str,
        text: &str,
        src_lang: Lang,
        tgt_lang: Lang,
    ) -> Result<Lexicon> {
        let mut lex = Lexicon::new();
        let mut tsv: Option<bool> = None;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let is_tsv = *tsv.get_or_insert_with(|| line.contains('\t'));
            let (src, tgt, strength) = if is_tsv {
                let mut f = line.split('\t');
                let (Some(s), Some(t)) = (f.next(), f.next()) else {
                    return Err(Error::malformed_line(
                        label,
                        n + 1,
                        "expected 'source<TAB>target' (the first entry line has a tab)",
                    ));
                };
                let w = match f.next().map(str::trim).filter(|w| !w.is_empty()) {
                    None => 1.0,
                    Some(w) => w.parse::<f32>().ok().filter(|w| *w > 0.0).ok_or_else(|| {
                        Error::malformed_line(
                            label,
                            n + 1,
                            format!("strength '{w}' is not a positive number"),
                        )
                    })?,
                };
                (s, t, w.min(1.0))
            } else {
                let Some((t, s)) = line.split_once(" @ ") else {
                    return Err(Error::malformed_line(
                        label,
                        n + 1,
                        "expected hunalign's 'target @ source' (or a TSV 'source<TAB>target')",
                    ));
                };
                (s, t, 1.0)
            };
            if src.trim().is_empty() || tgt.trim().is_empty() {
                return Err(Error::malformed_line(label, n + 1, "an empty side"));
            }
            lex.add_words(src, src_lang, tgt, tgt_lang, strength);
        }
        Ok(lex)
    }

    /// Learns stem pairs from sentence pairs believed to be translations.
    ///
    /// `pairs` holds (source sentence, target sentence, weight) with weights in [0, 1] (the
    /// posterior of the bead). A pair of stems is kept when it co-occurs in at least
    /// `min_count` (weighted) sentence pairs and its Dice coefficient reaches `min_dice`; its strength
    /// is the Dice coefficient. Stems that appear in nearly every sentence are skipped.
    pub fn learn(
        features: &PairFeatures,
        pairs: &[(usize, usize, f32)],
        min_count: f32,
        min_dice: f32,
    ) -> Lexicon {
        let total: f32 = pairs.iter().map(|p| p.2).sum();
        let count = |side: usize| {
            let mut c = vec![0.0f32; features.stems[side].len()];
            for p in pairs {
                let sent = if side == 0 { p.0 } else { p.1 };
                for &st in &features.sides[side][sent].stems {
                    c[st as usize] += p.2;
                }
            }
            c
        };
        let (src_count, tgt_count) = (count(0), count(1));
        // Only stems that can reach `min_count` and are not function words (which occur
        // everywhere and would match everything) take part; this keeps the pair table small.
        let useful = |c: f32| c >= min_count && c <= 0.5 * total;
        let mut joint: FxHashMap<u64, f32> = FxHashMap::default();
        let max_ratio = (2.0 - min_dice) / min_dice.max(1e-3);
        let (mut ss, mut ts): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        for &(s, t, w) in pairs {
            ss.clear();
            ts.clear();
            ss.extend(
                features.sides[0][s]
                    .stems
                    .iter()
                    .filter(|&&a| useful(src_count[a as usize])),
            );
            ts.extend(
                features.sides[1][t]
                    .stems
                    .iter()
                    .filter(|&&b| useful(tgt_count[b as usize])),
            );
            for &a in &ss {
                let ca = src_count[a as usize];
                for &b in &ts {
                    // Dice ≥ d needs the two counts within a factor (2 − d) / d of each other.
                    let cb = tgt_count[b as usize];
                    if ca > max_ratio * cb || cb > max_ratio * ca {
                        continue;
                    }
                    *joint.entry(((a as u64) << 32) | b as u64).or_default() += w;
                }
            }
        }
        let mut lex = Lexicon::new();
        let mut entries: Vec<((u32, u32), f32, f32)> = joint
            .into_iter()
            .filter(|&(_, c)| c >= min_count)
            .filter_map(|(key, c)| {
                let (a, b) = ((key >> 32) as u32, key as u32);
                let (ca, cb) = (src_count[a as usize], tgt_count[b as usize]);
                let dice = 2.0 * c / (ca + cb);
                (dice >= min_dice).then_some(((a, b), dice, c))
            })
            .collect();
        // Competitive linking (Melamed 2000): strongest pairs first, each stem linked once, so
        // that words which merely co-occur with a true pair do not all become entries.
        entries.sort_by(|x, y| {
            y.1.total_cmp(&x.1)
                .then(y.2.total_cmp(&x.2))
                .then(x.0.cmp(&y.0))
        });
        let mut used_src = vec![false; features.stems[0].len()];
        let mut used_tgt = vec![false; features.stems[1].len()];
        for ((a, b), dice, _) in entries {
            if used_src[a as usize] || used_tgt[b as usize] {
                continue;
            }
            used_src[a as usize] = true;
            used_tgt[b as usize] = true;
            lex.add_stems(
                features.stems[0][a as usize].clone(),
                features.stems[1][b as usize].clone(),
                dice,
            );
        }
        lex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hunalign_and_tsv_dictionaries() {
        let h = Lexicon::parse_dictionary(
            "d",
            "hükümet @ government\nbaşkan @ president\n",
            Lang::EN,
            Lang::TR,
        )
        .unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h.pairs_of(0, "gover").len(), 1);
        assert_eq!(h.pairs_of(1, "hüküm").len(), 1);
        let t = Lexicon::parse_dictionary("d", "government\tүкімет\t0.8\n", Lang::EN, Lang::KK)
            .unwrap();
        assert_eq!(t.entries().next().unwrap(), ("gover", "үкіме", 0.8));
    }

    #[test]
    fn dictionary_errors_name_the_line() {
        let e = Lexicon::parse_dictionary("dict.txt", "a @ b\nno separator\n", Lang::EN, Lang::TR)
            .unwrap_err();
        assert!(e.to_string().contains("dict.txt:line 2"), "{e}");
        let e =
            Lexicon::parse_dictionary("d.tsv", "a\tb\nc\td\tx\n", Lang::EN, Lang::TR).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn tsv_round_trip_keeps_entries() {
        let mut l = Lexicon::new();
        l.add_words("Government", Lang::EN, "Үкіметтің", Lang::KK, 0.8125);
        l.add_words("İstanbul", Lang::EN, "İstanbul'da", Lang::TR, 0.3);
        let mut buf = Vec::new();
        l.write_tsv(&mut buf, &["learned".to_string()]).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(text.starts_with("# learned\n"), "{text}");
        // Read back with the languages of each side, as `--dict` does.
        let back = Lexicon::parse_dictionary("l.tsv", &text, Lang::EN, Lang::KK).unwrap();
        let a: Vec<_> = l.entries().collect();
        let b: Vec<_> = back.entries().collect();
        assert_eq!(a, b);
    }

    #[test]
    fn turkish_stems_use_turkish_case() {
        let mut l = Lexicon::new();
        l.add_words("Istanbul", Lang::EN, "İstanbul'da", Lang::TR, 1.0);
        assert_eq!(l.entries().next().unwrap().1, "istan");
    }
}
