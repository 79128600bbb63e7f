//! Reading text: decoding, validation and normalization.
//!
//! Everything downstream works on a [`SourceText`]: valid UTF-8, no byte-order mark, `\n` line ends,
//! NFC. Byte spans of sentences point into this normalized text. What was changed is recorded in
//! [`Normalization`] so that the command line can tell the user; nothing is altered silently.

use std::io::Read;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::{Error, Result, label_of};

/// Decoded, normalized text of one input, with the label it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The path as the user gave it, or `<stdin>`.
    pub label: String,
    /// UTF-8, `\n` line ends, NFC, no byte-order mark.
    pub text: String,
    /// What decoding changed.
    pub normalization: Normalization,
}

/// Changes made while decoding, so they can be reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalization {
    /// A leading U+FEFF was dropped.
    pub bom_removed: bool,
    /// `\r\n` pairs turned into `\n`.
    pub crlf: usize,
    /// Lone `\r` turned into `\n`.
    pub lone_cr: usize,
    /// Characters whose NFC form differed (counted on the decoded text, before NFC).
    pub nfc_changed: usize,
}

impl Normalization {
    /// True when the text was taken exactly as given.
    pub fn is_identity(&self) -> bool {
        *self == Normalization::default()
    }

    /// A one-line human description, e.g. "dropped the byte-order mark; 12 CRLF line ends → LF".
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.bom_removed {
            parts.push("dropped the byte-order mark".to_string());
        }
        if self.crlf > 0 {
            parts.push(format!("{} CRLF line ends → LF", self.crlf));
        }
        if self.lone_cr > 0 {
            parts.push(format!("{} CR line ends → LF", self.lone_cr));
        }
        if self.nfc_changed > 0 {
            parts.push(format!(
                "{} characters in decomposed form composed (Unicode NFC)",
                self.nfc_changed
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Reads a file, or standard input for `-`, and decodes it.
pub fn read_path(path: &Path) -> Result<SourceText> {
    let label = label_of(path);
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(&label, e))?;
        buf
    } else {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotFound { label });
            }
            Err(e) => return Err(Error::io(&label, e)),
            Ok(m) if m.is_dir() => return Err(Error::IsDirectory { label }),
            Ok(_) => {}
        }
        std::fs::read(path).map_err(|e| Error::io(&label, e))?
    };
    decode(label, &bytes)
}

/// Decodes bytes that claim to be UTF-8 text: validates, drops a BOM, unifies line ends, applies NFC.
///
/// Refuses binary data (NUL bytes), UTF-16/32 (recognized by their byte-order marks), invalid UTF-8
/// and input that holds nothing but white space.
pub fn decode(label: impl Into<String>, bytes: &[u8]) -> Result<SourceText> {
    let label = label.into();
    if let Some(hint) = utf16_or_32(bytes) {
        return Err(Error::Binary {
            label,
            offset: 0,
            hint,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary {
            label,
            offset,
            hint: "binary data: NUL byte",
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        label: label.clone(),
        offset: e.valid_up_to(),
    })?;
    let (text, normalization) = normalize(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { label });
    }
    Ok(SourceText {
        label,
        text,
        normalization,
    })
}

/// Normalizes already-valid text (used for texts that arrive inside JSON records, too).
pub fn normalize(text: &str) -> (String, Normalization) {
    let mut n = Normalization::default();
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            n.bom_removed = true;
            rest
        }
        None => text,
    };
    let mut unified = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find('\r') {
        unified.push_str(&rest[..k]);
        unified.push('\n');
        if rest[k + 1..].starts_with('\n') {
            n.crlf += 1;
            rest = &rest[k + 2..];
        } else {
            n.lone_cr += 1;
            rest = &rest[k + 1..];
        }
    }
    unified.push_str(rest);
    if is_nfc_quick(unified.chars()) == IsNormalized::Yes {
        return (unified, n);
    }
    let nfc: String = unified.nfc().collect();
    if nfc != unified {
        n.nfc_changed = count_nfc_changes(&unified);
    }
    (nfc, n)
}

/// Counts characters that NFC changes: non-starters that compose, plus characters NFC replaces.
fn count_nfc_changes(text: &str) -> usize {
    let mut changed = 0;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let s: &str = c.encode_utf8(&mut buf);
        let is_combining = unicode_normalization::char::canonical_combining_class(c) != 0;
        if is_combining || s.nfc().ne(s.chars()) {
            changed += 1;
        }
    }
    changed
}

fn utf16_or_32(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 text"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16 text"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_cr_are_normalized_and_reported() {
        let t = decode("a.txt", b"\xEF\xBB\xBFone\r\ntwo\rthree\n").unwrap();
        assert_eq!(t.text, "one\ntwo\nthree\n");
        assert!(t.normalization.bom_removed);
        assert_eq!(t.normalization.crlf, 1);
        assert_eq!(t.normalization.lone_cr, 1);
        let d = t.normalization.describe().unwrap();
        assert!(d.contains("byte-order mark") && d.contains("CRLF"), "{d}");
    }

    #[test]
    fn nfc_is_applied_and_counted() {
        // "Erdog" + combining breve + "an" → "Erdoğan"
        let t = decode("a.txt", "Erdog\u{306}an".as_bytes()).unwrap();
        assert_eq!(t.text, "Erdoğan");
        assert_eq!(t.normalization.nfc_changed, 1);
    }

    #[test]
    fn clean_text_reports_nothing() {
        let t = decode("a.txt", "Қасым-Жомарт Тоқаев\n".as_bytes()).unwrap();
        assert!(t.normalization.is_identity());
        assert_eq!(t.normalization.describe(), None);
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode("bad.txt", b"abc\xC3\x28def").unwrap_err();
        assert!(matches!(err, Error::InvalidUtf8 { offset: 3, .. }));
        assert!(err.to_string().contains("bad.txt"));
        assert!(err.to_string().contains("offset 3"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode("x.bin", b"PK\x03\x04\x00\x00").unwrap_err();
        assert!(matches!(err, Error::Binary { offset: 4, .. }));
    }

    #[test]
    fn utf16_is_recognized() {
        let err = decode("u.txt", b"\xFF\xFEa\x00b\x00").unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert!(matches!(
            decode("e.txt", b" \n\t\r\n").unwrap_err(),
            Error::Empty { .. }
        ));
        assert!(matches!(
            decode("e.txt", b"").unwrap_err(),
            Error::Empty { .. }
        ));
    }

    #[test]
    fn missing_file_and_directory() {
        assert!(matches!(
            read_path(Path::new("/no/such/file.txt")).unwrap_err(),
            Error::NotFound { .. }
        ));
        assert!(matches!(
            read_path(Path::new("/")).unwrap_err(),
            Error::IsDirectory { .. }
        ));
    }
}
