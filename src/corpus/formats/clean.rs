//! What each format does with characters it cannot hold. Every change is counted, so that the
//! command can say how many characters it touched.

use std::borrow::Cow;

/// Line breaks as Python's `str.splitlines` knows them (and so Hugging Face's text loader):
/// LF, CR, VT, FF, FS, GS, RS, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. A line-based format must
/// not contain any of them inside a segment, or some reader will see two lines.
pub(super) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Replaces line breaks (and tabs, when `tabs` is set) by a space, counting them; a CR LF pair
/// counts once and becomes one space.
pub(super) fn one_line<'a>(text: &'a str, tabs: bool, replaced: &mut usize) -> Cow<'a, str> {
    let hit = |c: char| is_line_break(c) || (tabs && c == '\t');
    if !text.contains(hit) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut prev_cr = false;
    for c in text.chars() {
        if c == '\n' && prev_cr {
            prev_cr = false;
            continue;
        }
        prev_cr = c == '\r';
        if hit(c) {
            out.push(' ');
            *replaced += 1;
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters XML 1.0 does not allow anywhere in a document, not even as `&#…;`: C0 controls other
/// than tab, LF and CR, and U+FFFE, U+FFFF. (Surrogates cannot occur in a Rust string.)
pub(super) fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Removes the characters XML 1.0 forbids, counting them.
pub(super) fn xml_chars<'a>(text: &'a str, removed: &mut usize) -> Cow<'a, str> {
    if !text.contains(is_xml_forbidden) {
        return Cow::Borrowed(text);
    }
    let before = text.chars().count();
    let out: String = text.chars().filter(|&c| !is_xml_forbidden(c)).collect();
    *removed += before - out.chars().count();
    Cow::Owned(out)
}

/// Escapes text for XML element content. `>` is escaped too, so `]]>` cannot appear; CR is written
/// as `&#13;` because a parser turns a literal CR (or CR LF) into LF.
pub(super) fn xml_escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// For the terminal: control characters and line breaks shown as visible symbols (U+2400 block),
/// so that they can neither break the columns nor drive the terminal.
pub(super) fn visible(text: &str) -> Cow<'_, str> {
    let needs = |c: char| c.is_control() || is_line_break(c);
    if !text.contains(needs) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
                '\u{7F}' => '\u{2421}',
                '\u{85}' | '\u{2028}' | '\u{2029}' => '\u{2424}',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_become_spaces() {
        let mut n = 0;
        assert_eq!(
            one_line("a\r\nb\tc\u{2028}d\u{C}e", true, &mut n),
            "a b c d e"
        );
        assert_eq!(n, 4);
        let mut n = 0;
        assert_eq!(one_line("a\tb\nc", false, &mut n), "a\tb c");
        assert_eq!(n, 1);
        assert!(matches!(one_line("plain", true, &mut n), Cow::Borrowed(_)));
    }

    #[test]
    fn xml_cleaning() {
        let mut n = 0;
        assert_eq!(xml_chars("a\u{1}b\u{C}c\td\u{7F}", &mut n), "abc\td\u{7F}");
        assert_eq!(n, 2);
        assert_eq!(xml_escape("a]]>&<\r\n"), "a]]&gt;&amp;&lt;&#13;\n");
    }

    #[test]
    fn terminal_symbols() {
        assert_eq!(visible("a\tb\nc\u{1B}"), "a\u{2409}b\u{240A}c\u{241B}");
    }
}
