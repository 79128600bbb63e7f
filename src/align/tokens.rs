//! Tokens as the aligner sees them: words, numbers and punctuation marks, reduced to forms that
//! can be compared across languages and scripts.
//!
//! Numbers are normalized with the language's decimal conventions (`2,5` in Turkish and Kazakh is
//! `2.5` in English; `1.000`, `1 000` and `1,000` are all `1000`). Words become cognate keys: the
//! word transliterated to Latin, folded to ASCII, reduced to its first consonant classes, so that
//! Kazakhstan, Kazakistan'da and Қазақстанда share a key.

use crate::text::lang::Lang;

/// One token of a sentence: words borrow from the sentence (`'a`), normalized numbers from a
/// scratch buffer (`'n`).
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a, 'n> {
    /// A word as written (letters, inner apostrophes and hyphens).
    Word { text: &'a str, capitalized: bool },
    /// A number normalized to a canonical decimal string: "1000", "2.5".
    Number(&'n str),
    /// A punctuation mark that tends to survive translation.
    Mark(Mark),
}

/// Punctuation with a cross-lingual meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Question,
    Exclamation,
    Quote,
    Paren,
    Colon,
    Url,
    Email,
    Hashtag,
}

impl Mark {
    pub const ALL: [Mark; 8] = [
        Mark::Question,
        Mark::Exclamation,
        Mark::Quote,
        Mark::Paren,
        Mark::Colon,
        Mark::Url,
        Mark::Email,
        Mark::Hashtag,
    ];
}

/// Whether `lang` writes `2,5` for two and a half (and uses `.` or a space between thousands).
fn decimal_comma(lang: Lang) -> bool {
    !matches!(
        lang.code(),
        "en" | "zh" | "ja" | "ko" | "he" | "th" | "hi" | "ur" | "ga" | "cy" | "ms" | "tl"
    )
}

/// Letters, with fast paths for the scripts tilmash meets most (the general Unicode lookup is
/// slow for Cyrillic).
#[inline]
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0430}'..='\u{044F}' | '\u{0410}'..='\u{042F}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphabetic(),
    }
}

/// Splits a sentence into tokens and hands each to `f`, without allocating per token.
pub fn for_each_token<'a>(text: &'a str, lang: Lang, mut f: impl FnMut(Token<'a, '_>)) {
    let mut i = 0;
    let comma_decimal = decimal_comma(lang);
    let mut number = String::new();
    let mut last_mark: Option<Mark> = None;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        let mut mark = None;
        // URLs, e-mail addresses and hashtags: whole whitespace-delimited chunks.
        if (c == 'h' || c == 'w') && starts_url(&text[i..]) {
            let end = chunk_end(text, i);
            f(Token::Mark(Mark::Url));
            f(Token::Word {
                text: trim_chunk(&text[i..end]),
                capitalized: true,
            });
            i = end;
            last_mark = None;
            continue;
        }
        if c == '#'
            && text[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            let end = chunk_end(text, i);
            f(Token::Mark(Mark::Hashtag));
            f(Token::Word {
                text: trim_chunk(&text[i + 1..end]),
                capitalized: true,
            });
            i = end;
            last_mark = None;
            continue;
        }
        if c.is_ascii_digit() {
            let end = read_number(text, i, comma_decimal, &mut number);
            f(Token::Number(&number));
            i = end;
            last_mark = None;
            continue;
        }
        if is_letter(c) {
            let mut end = i + len;
            let mut email = false;
            while let Some(n) = text[end..].chars().next() {
                if is_letter(n) || n.is_ascii_digit() || is_mark_char(n) {
                    end += n.len_utf8();
                    continue;
                }
                let joins = matches!(n, '\'' | '’' | '-' | '‑' | '@') || (n == '.' && email);
                if joins
                    && text[end + n.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_letter)
                {
                    email |= n == '@';
                    end += n.len_utf8();
                } else {
                    break;
                }
            }
            let word = &text[i..end];
            if email && word.contains('.') {
                f(Token::Mark(Mark::Email));
            }
            f(Token::Word {
                text: word,
                capitalized: c.is_uppercase(),
            });
            i = end;
            last_mark = None;
            continue;
        }
        match c {
            '?' | '¿' | '؟' => mark = Some(Mark::Question),
            '!' | '¡' => mark = Some(Mark::Exclamation),
            '"' | '«' | '»' | '“' | '”' | '„' => mark = Some(Mark::Quote),
            '(' | '[' => mark = Some(Mark::Paren),
            ':' => mark = Some(Mark::Colon),
            _ => {}
        }
        if let Some(m) = mark {
            // A run of quotes or question marks counts once.
            if last_mark != Some(m) {
                f(Token::Mark(m));
            }
            last_mark = Some(m);
        }
        i += len;
    }
}

fn is_mark_char(c: char) -> bool {
    // Combining marks belong to the word they modify.
    unicode_normalization::char::is_combining_mark(c)
}

fn starts_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

fn chunk_end(text: &str, start: usize) -> usize {
    text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |k| start + k)
}

fn trim_chunk(s: &str) -> &str {
    s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/')
}

/// Reads a number starting at byte `start` (an ASCII digit); returns its canonical form and end.
///
/// Group separators are recognized only before exactly three digits, so `2,5` is a decimal in a
/// decimal-comma language and `1,000` a thousand in English; a space separates thousands only
/// when followed by exactly three digits and no more ("1 000" but not "2020 15").
fn read_number(text: &str, start: usize, comma_decimal: bool, out: &mut String) -> usize {
    let b = text.as_bytes();
    let digits_from = |k: usize| b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    let (group_sep, dec_sep) = if comma_decimal {
        (b'.', b',')
    } else {
        (b',', b'.')
    };
    let first = digits_from(start);
    let mut int = text[start..start + first].to_string();
    let mut frac = "";
    let mut i = start + first;
    while i + 1 < b.len() {
        let sep = b[i];
        let after = digits_from(i + 1);
        if after == 0 {
            break;
        }
        let grouping = matches!(sep, b' ' | b'\'') || sep == group_sep;
        // Thousands groups: only after a leading group of at most three digits ("1 000 000",
        // not "2020 150"), and exactly three digits each.
        if grouping && after == 3 && first <= 3 {
            int.push_str(&text[i + 1..i + 4]);
            i += 4;
            continue;
        }
        // The decimal separator, or the group separator where it cannot be one ("1.5" in Turkish).
        if sep == dec_sep || sep == group_sep {
            frac = &text[i + 1..i + 1 + after];
            i += 1 + after;
        }
        break;
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    out.clear();
    out.push_str(int);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    i
}

/// The cognate key of a word: its matching key ([`crate::names::key`]: Cyrillic read as Latin
/// sounds, diacritics folded, consonant classes merged) reduced to its first `len` consonants, so
/// that suffixes and derivations fall away. `None` when the word has fewer than three consonants
/// (too short to be evidence). A Turkish apostrophe suffix or English `'s` is cut off first.
pub fn cognate_key(word: &str, lang: Lang, len: usize) -> Option<String> {
    let stem = match word.find(['\'', '’']) {
        Some(k) if k > 0 => &word[..k],
        _ => word,
    };
    let mut key = Vec::with_capacity(stem.len());
    crate::names::key::key_bytes(stem, lang, &mut key);
    skeleton(&key, len)
}

/// The consonants of a matching key with vowels and `h` dropped (h comes and goes between
/// languages: kh, х, German ch and th) and s/z merged, doubled letters collapsed, cut to `len`.
fn skeleton(key: &[u8], len: usize) -> Option<String> {
    let mut out = String::with_capacity(len);
    let mut consonants = 0;
    let mut last = 0u8;
    for &c in key {
        let class = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'h' => {
                last = 0;
                continue;
            }
            b'z' => b's',
            c if c.is_ascii_lowercase() => c,
            _ => continue,
        };
        consonants += 1;
        if class == last {
            continue;
        }
        last = class;
        if out.len() < len {
            out.push(class as char);
        }
    }
    (consonants >= 3 && out.len() >= 3).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for_each_token(text, lang, |t| {
            if let Token::Number(n) = t {
                out.push(n.to_string());
            }
        });
        out
    }

    fn marks(text: &str) -> Vec<Mark> {
        let mut out = Vec::new();
        for_each_token(text, Lang::EN, |t| {
            if let Token::Mark(m) = t {
                out.push(m);
            }
        });
        out
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(
            numbers("2.5 million and 1,000 people", Lang::EN),
            ["2.5", "1000"]
        );
        assert_eq!(
            numbers("2,5 milyon ve 1.000 kişi", Lang::TR),
            ["2.5", "1000"]
        );
        assert_eq!(
            numbers("2,5 млн және 1 000 адам", Lang::KK),
            ["2.5", "1000"]
        );
        assert_eq!(numbers("%40 arttı, 2020'de", Lang::TR), ["40", "2020"]);
        assert_eq!(numbers("36. toplantı", Lang::TR), ["36"]);
        assert_eq!(numbers("on January 2, 2022", Lang::EN), ["2", "2022"]);
        assert_eq!(numbers("2022 жылы 2 қаңтарда", Lang::KK), ["2022", "2"]);
        assert_eq!(numbers("1,234,567.50", Lang::EN), ["1234567.5"]);
    }

    #[test]
    fn cognate_keys_cross_scripts() {
        let k = |w: &str, l: Lang| cognate_key(w, l, 5);
        assert_eq!(k("Kazakhstan", Lang::EN), k("Казахстан", Lang::RU));
        assert_eq!(k("Kazakistan'da", Lang::TR), k("Қазақстанда", Lang::KK));
        assert_eq!(k("Erdoğan", Lang::TR), k("Ердоған", Lang::KK));
        assert_eq!(k("Trump's", Lang::EN), k("Трамп", Lang::KK));
        assert_eq!(k("Tokayev", Lang::EN), k("Тоқаев", Lang::KK));
        assert_eq!(k("the", Lang::EN), None);
    }

    #[test]
    fn marks_and_urls() {
        let t = marks("Is it «true»? See https://example.com/a.");
        assert_eq!(t, [Mark::Quote, Mark::Quote, Mark::Question, Mark::Url]);
        assert_eq!(marks("Write to press@akorda.kz now"), [Mark::Email]);
        assert_eq!(marks("#Qazaqstan"), [Mark::Hashtag]);
    }
}
