//! The matching key: one spelling-independent form of a name, for blocking and for similarity.
//!
//! Spellings of one name differ in script (Тоқаев / Tokayev), in transliteration convention
//! (Zhaparov / Japarov / Dzhaparov / Caparov), in diacritics (Erdoğan / Erdogan) and in the glide
//! `y` (Tokayev / Tokaev, Mirziyoyev / Mirziyoev). The key removes exactly those differences:
//!
//! - Cyrillic is read letter by letter as Latin sounds (Kazakh and Russian letters alike);
//! - diacritics are folded with Turkish-aware case (İ, I, ı and i are all `i`);
//! - consonant classes merge: zh/j/c/dzh → `j`, kh/x/h → `h`, gh/ğ/g → `g`, q/k → `k`, w/v → `v`;
//!   ch/ç/ч → `c` and sh/ş/ш/щ → `x` (one byte each, so that the key is one byte per sound);
//! - y/i/ı are one vowel `i`; a glide `y` between vowels or before a vowel at the start of a word is
//!   dropped (Tokayev = Tokaev = Тоқаев, Yerlan = Ерлан);
//! - doubled letters collapse (Kassym = Qasym, Tayyip = Тайып).
//!
//! Turkish and Azerbaijani `c` is `j` (Recep, Caparov); elsewhere `c` is `j` before e/i/y (Recep in
//! English text) and `k` otherwise (Victor = Viktor).
//!
//! This is called on every capitalized token by the sentence aligner, so it is one pass over the
//! characters into a byte buffer plus two in-place passes, with no regex and one allocation.

use crate::text::lang::Lang;

/// Phones of the key alphabet that count as vowels.
#[inline]
pub(crate) fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The raw glide before resolution (from Latin y, Turkmen ý, Cyrillic й, and the iotated ё ю я).
const GLIDE: u8 = b'Y';

/// The matching key of one word or name (spaces, hyphens and punctuation are skipped).
///
/// ```
/// use tilmash::names::key::match_key;
/// use tilmash::Lang;
/// assert_eq!(match_key("Тоқаев", Lang::KK), match_key("Tokayev", Lang::EN));
/// assert_eq!(match_key("Caparov", Lang::TR), match_key("Zhaparov", Lang::EN));
/// ```
pub fn match_key(word: &str, lang: Lang) -> String {
    let mut buf = Vec::with_capacity(word.len());
    key_bytes(word, lang, &mut buf);
    // Every byte pushed is ASCII, so this never fails; the fallback only avoids a panic path.
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes the key of `word` into `out` (cleared first), for callers that reuse one buffer.
pub fn key_bytes(word: &str, lang: Lang, out: &mut Vec<u8>) {
    out.clear();
    let turkic_c = matches!(lang.code(), "tr" | "az" | "crh" | "gag");
    let x_is_h = matches!(lang.code(), "uz" | "az");
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().map(fold_case);
        let c = fold_case(c);
        match c {
            // Latin vowels with every diacritic the region's alphabets use.
            'a' | 'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ə' | 'ǎ' => {
                out.push(b'a')
            }
            'e' | 'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push(b'e'),
            'i' | 'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => out.push(b'i'),
            'o' | 'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' | 'ő' | 'ø' | 'ȯ' => out.push(b'o'),
            'u' | 'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ű' | 'ů' | 'ŭ' => out.push(b'u'),
            'y' | 'ý' | 'ÿ' => out.push(GLIDE),
            // Latin consonants and digraphs.
            's' if next == Some('h') => {
                chars.next();
                out.push(b'x');
            }
            'c' if next == Some('h') => {
                chars.next();
                out.push(b'c');
            }
            'z' if next == Some('h') => {
                chars.next();
                out.push(b'j');
            }
            'k' if next == Some('h') => {
                chars.next();
                out.push(b'h');
            }
            'g' if next == Some('h') => {
                chars.next();
                out.push(b'g');
            }
            'p' if next == Some('h') => {
                chars.next();
                out.push(b'f');
            }
            // dzh / dj / дж: the d is part of the affricate.
            'd' if matches!(next, Some('j' | 'z')) => {
                if next == Some('z') {
                    let mut look = chars.clone();
                    look.next();
                    if look.peek().map(|&c| fold_case(c)) == Some('h') {
                        chars.next();
                        chars.next();
                        out.push(b'j');
                    } else {
                        out.push(b'd');
                    }
                } else {
                    chars.next();
                    out.push(b'j');
                }
            }
            'c' if next == Some('k') => {}
            'c' => out.push(
                if turkic_c || matches!(next, Some('e' | 'i' | 'y' | 'ı' | 'é' | 'ö' | 'ü')) {
                    b'j'
                } else {
                    b'k'
                },
            ),
            'ç' | 'č' | 'ć' => out.push(b'c'),
            'ş' | 'ș' | 'š' | 'ś' => out.push(b'x'),
            'ž' | 'ź' | 'ż' | 'j' | 'ǰ' => out.push(b'j'),
            'ğ' | 'ǵ' | 'ġ' | 'g' => out.push(b'g'),
            'ñ' | 'ń' | 'ň' | 'ŋ' | 'n' => out.push(b'n'),
            'q' | 'k' | 'ķ' => out.push(b'k'),
            'w' | 'v' => out.push(b'v'),
            'x' if x_is_h => out.push(b'h'),
            'x' => out.extend_from_slice(b"ks"),
            'ł' => out.push(b'l'),
            'ß' => out.push(b's'),
            'ḥ' | 'ḣ' => out.push(b'h'),
            'b' | 'd' | 'f' | 'h' | 'l' | 'm' | 'p' | 'r' | 's' | 't' | 'z' => out.push(c as u8),
            // Cyrillic: Kazakh, Russian, Kyrgyz, Uzbek letters read as Latin sounds.
            'а' | 'ә' => out.push(b'a'),
            'б' => out.push(b'b'),
            'в' => out.push(b'v'),
            'г' | 'ғ' => out.push(b'g'),
            'д' if next == Some('ж') => {
                chars.next();
                out.push(b'j');
            }
            'д' => out.push(b'd'),
            'е' | 'э' | 'є' => out.push(b'e'),
            'ё' => out.extend_from_slice(&[GLIDE, b'o']),
            'ж' => out.push(b'j'),
            'з' => out.push(b'z'),
            'и' | 'ы' | 'і' | 'ї' => out.push(b'i'),
            'й' => out.push(GLIDE),
            'к' | 'қ' => out.push(b'k'),
            'л' => out.push(b'l'),
            'м' => out.push(b'm'),
            'н' | 'ң' => out.push(b'n'),
            'о' | 'ө' | 'ў' => out.push(b'o'),
            'п' => out.push(b'p'),
            'р' => out.push(b'r'),
            'с' => out.push(b's'),
            'т' => out.push(b't'),
            'у' | 'ұ' | 'ү' => out.push(b'u'),
            'ф' => out.push(b'f'),
            'х' | 'һ' | 'ҳ' => out.push(b'h'),
            'ц' => out.extend_from_slice(b"ts"),
            'ч' => out.push(b'c'),
            'ш' | 'щ' => out.push(b'x'),
            'ю' => out.extend_from_slice(&[GLIDE, b'u']),
            'я' => out.extend_from_slice(&[GLIDE, b'a']),
            // ъ ь, apostrophes, hyphens, spaces, digits: nothing.
            _ => {}
        }
    }
    collapse(out);
    resolve_glides(out);
    collapse(out);
}

/// Lower case for the key: every i-like letter becomes plain `i`, so Turkish rules need no branch.
#[inline]
fn fold_case(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        'İ' | 'I' => 'i',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Removes a byte equal to its predecessor, in place.
fn collapse(buf: &mut Vec<u8>) {
    buf.dedup();
}

/// A glide between vowels, or before a vowel at the start, is dropped (Tokayev = Tokaev, Yerlan =
/// Ерлан); elsewhere it is the vowel `i` (Sadyr, Gurbanguly, Smaiylov).
fn resolve_glides(buf: &mut Vec<u8>) {
    let mut w = 0;
    for r in 0..buf.len() {
        let b = buf[r];
        if b == GLIDE {
            let prev_vowel = w > 0 && is_vowel(buf[w - 1]);
            let next_vowel = buf.get(r + 1).is_some_and(|&n| is_vowel(n));
            if next_vowel && (prev_vowel || w == 0) {
                continue;
            }
            buf[w] = b'i';
        } else {
            buf[w] = b;
        }
        w += 1;
    }
    buf.truncate(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: (&str, Lang), b: (&str, Lang)) {
        assert_eq!(
            match_key(a.0, a.1),
            match_key(b.0, b.1),
            "{} / {}",
            a.0,
            b.0
        );
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let en = Lang::EN;
        let tr = Lang::TR;
        let kk = Lang::KK;
        same(("Tokayev", en), ("Тоқаев", kk));
        same(("Tokaev", en), ("Toqaev", Lang::KK_LATN));
        same(("Tokaýew", Lang::parse("tk").unwrap()), ("Tokayev", en));
        same(("Kassym-Jomart", en), ("Қасым-Жомарт", kk));
        same(("Kasym-Zhomart", en), ("Kassym-Jomart", en));
        same(("Caparov", tr), ("Жапаров", kk));
        same(("Dzhaparov", en), ("Zhaparov", en));
        same(("Erdoğan", tr), ("Erdogan", en));
        same(("Ердоған", kk), ("Эрдоган", Lang::RU));
        same(("Recep", en), ("Режеп", kk));
        same(("Реджеп", kk), ("Recep", tr));
        same(("Tayyip", tr), ("Тайып", kk));
        same(("Mirziyoyev", en), ("Мирзиёев", kk));
        same(("Mirziyoev", en), ("Mirziyoyev", en));
        same(("Şavkat", Lang::parse("az").unwrap()), ("Shavkat", en));
        same(("İlham", tr), ("Ильхам", kk));
        same(("Aliyev", en), ("Әлиев", kk));
        same(
            ("Berdymukhamedov", en),
            ("Berdimuhamedow", Lang::parse("tk").unwrap()),
        );
        same(("Бердімұхамедов", kk), ("Berdimuhammedov", tr));
        same(("Smaiylov", en), ("Смайылов", kk));
        same(("Smailov", en), ("Смайылов", kk));
        same(("Nur-Sultan", en), ("Нұр-Сұлтан", kk));
        same(("Almatı", tr), ("Алматы", kk));
        same(
            ("Wladimir", Lang::parse("de").unwrap()),
            ("Владимир", Lang::RU),
        );
        same(("Yerlan", en), ("Ерлан", kk));
        same(("Viktor", en), ("Victor", en));
        same(("ISTANBUL", en), ("İstanbul", tr));
        same(("IĞDIR", tr), ("Iğdır", tr));
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("Tokayev", "Tokarev"),
            ("Almaty", "Almaly"),
            ("Smailov", "Ismailov"),
            ("Gurbanguly", "Serdar"),
            ("Japarov", "Jabarov"),
        ] {
            assert_ne!(match_key(a, Lang::EN), match_key(b, Lang::EN), "{a} / {b}");
        }
    }

    #[test]
    fn key_alphabet() {
        assert_eq!(match_key("Shymkent", Lang::EN), "ximkent");
        assert_eq!(match_key("Çimkent", Lang::TR), "cimkent");
        assert_eq!(match_key("Kazakhstan", Lang::EN), "kazahstan");
        assert_eq!(match_key("Qazaqstan", Lang::KK_LATN), "kazakstan");
        assert_eq!(match_key("Tselinograd", Lang::EN), "tselinograd");
        assert_eq!(match_key("Целиноград", Lang::RU), "tselinograd");
        assert_eq!(match_key("", Lang::EN), "");
        assert_eq!(match_key("’-. ", Lang::EN), "");
    }
}
