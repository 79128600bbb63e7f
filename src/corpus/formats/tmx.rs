//! TMX: writing 1.4b, reading 1.1 to 1.4.
//!
//! Writing: one `<tu>` per bead, score, ids and document as `<prop type="x-…">`, one `<tuv>` per
//! side. Characters XML 1.0 forbids are removed (and counted); CR is written as `&#13;` so that it
//! survives a parser's line-end normalization. The output validates against the TMX 1.4b DTD.
//!
//! Reading is streaming and safe: nothing external is ever fetched (the DTD named in `DOCTYPE` is
//! ignored), entity declarations are refused outright (no billion laughs, no external entities),
//! only the five XML entities and character references are expanded. Inline codes inside `<seg>`
//! (`bpt`, `ept`, `ph`, `it`, `ut`) hold native formatting, not text, and are dropped; `<hi>`
//! keeps its text.

use std::io::{BufRead, Cursor, Read};

use quick_xml::events::{BytesDecl, BytesEnd, BytesRef, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer, XmlVersion};

use super::clean::{xml_chars, xml_escape};
use super::date::creation_secs;
use super::read::Source;
use super::sink::Encode;
use super::{
    ReadOptions, WriteOptions, WriteSummary, ids_text, lang_matches, parse_ids, parse_score,
    score_text, tmx_timestamp,
};
use crate::corpus::Unit;
use crate::error::{Error, Result};

pub(super) struct TmxEncoder {
    w: Writer<Vec<u8>>,
    date: String,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
}

impl TmxEncoder {
    pub(super) fn new(options: &WriteOptions) -> Result<TmxEncoder> {
        Ok(TmxEncoder {
            w: Writer::new_with_indent(Vec::new(), b' ', 2),
            date: tmx_timestamp(creation_secs(options.creation_date)?),
            src_lang: options.src_lang.clone(),
            tgt_lang: options.tgt_lang.clone(),
        })
    }

    fn take(&mut self, buf: &mut Vec<u8>, r: std::io::Result<()>) -> Result<()> {
        r.map_err(|e| Error::io("<tmx>", e))?;
        buf.append(self.w.get_mut());
        Ok(())
    }

    fn lang<'a>(
        &'a self,
        unit_lang: &'a str,
        fallback: &'a Option<String>,
        side: &str,
    ) -> Result<&'a str> {
        if !unit_lang.is_empty() {
            return Ok(unit_lang);
        }
        fallback.as_deref().ok_or_else(|| {
            Error::Usage(format!(
                "tmx needs the language of each side, and the input does not give the {side} language: use --src-lang and --tgt-lang"
            ))
        })
    }

    fn prop(&mut self, ty: &str, text: &str, summary: &mut WriteSummary) -> std::io::Result<()> {
        let clean = xml_chars(text, &mut summary.control_removed);
        self.w
            .create_element("prop")
            .with_attribute(("type", ty))
            .write_text_content(BytesText::from_escaped(xml_escape(&clean)))?;
        Ok(())
    }

    fn tuv(&mut self, lang: &str, text: &str, summary: &mut WriteSummary) -> std::io::Result<()> {
        let lang = xml_chars(lang, &mut summary.control_removed);
        let text = xml_chars(text, &mut summary.control_removed);
        self.w.write_event(Event::Start(
            BytesStart::new("tuv").with_attributes([("xml:lang", lang.as_ref())]),
        ))?;
        self.w
            .create_element("seg")
            .write_text_content(BytesText::from_escaped(xml_escape(&text)))?;
        self.w.write_event(Event::End(BytesEnd::new("tuv")))
    }
}

impl Encode for TmxEncoder {
    fn begin(
        &mut self,
        buf: &mut Vec<u8>,
        first: Option<&Unit>,
        summary: &mut WriteSummary,
    ) -> Result<()> {
        let srclang = first
            .map(|u| u.src_lang.clone())
            .filter(|l| !l.is_empty())
            .or_else(|| self.src_lang.clone())
            .unwrap_or_else(|| "*all*".to_string());
        let srclang = xml_chars(&srclang, &mut summary.control_removed).into_owned();
        let version = env!("CARGO_PKG_VERSION");
        let date = self.date.clone();
        let r = (|| {
            self.w
                .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
            self.w.write_event(Event::DocType(BytesText::from_escaped(
                r#"tmx SYSTEM "tmx14.dtd""#,
            )))?;
            self.w.write_event(Event::Start(
                BytesStart::new("tmx").with_attributes([("version", "1.4")]),
            ))?;
            self.w
                .write_event(Event::Empty(BytesStart::new("header").with_attributes([
                    ("creationtool", "tilmash"),
                    ("creationtoolversion", version),
                    ("segtype", "sentence"),
                    ("o-tmf", "tilmash"),
                    ("adminlang", "en"),
                    ("srclang", srclang.as_str()),
                    ("datatype", "plaintext"),
                    ("creationdate", date.as_str()),
                ])))?;
            self.w.write_event(Event::Start(BytesStart::new("body")))
        })();
        self.take(buf, r)
    }

    fn unit(&mut self, buf: &mut Vec<u8>, u: &Unit, summary: &mut WriteSummary) -> Result<()> {
        let src_lang = self
            .lang(&u.src_lang, &self.src_lang, "source")?
            .to_string();
        let tgt_lang = self
            .lang(&u.tgt_lang, &self.tgt_lang, "target")?
            .to_string();
        let r = (|| {
            self.w.write_event(Event::Start(BytesStart::new("tu")))?;
            if u.score.is_some() {
                self.prop("x-score", &score_text(u.score), summary)?;
            }
            if !u.src_ids.is_empty() {
                self.prop("x-src-ids", &ids_text(&u.src_ids), summary)?;
            }
            if !u.tgt_ids.is_empty() {
                self.prop("x-tgt-ids", &ids_text(&u.tgt_ids), summary)?;
            }
            if !u.doc.is_empty() {
                self.prop("x-doc", &u.doc, summary)?;
            }
            self.tuv(&src_lang, &u.source, summary)?;
            self.tuv(&tgt_lang, &u.target, summary)?;
            self.w.write_event(Event::End(BytesEnd::new("tu")))
        })();
        self.take(buf, r)
    }

    fn end(&mut self, buf: &mut Vec<u8>, _summary: &mut WriteSummary) -> Result<()> {
        let r = (|| {
            self.w.write_event(Event::End(BytesEnd::new("body")))?;
            self.w.write_event(Event::End(BytesEnd::new("tmx")))
        })();
        self.take(buf, r)?;
        buf.push(b'\n');
        Ok(())
    }
}

/// Elements inside `<seg>` whose content is a native code (formatting), not text.
const CODES: [&str; 5] = ["bpt", "ept", "ph", "it", "ut"];

pub(super) struct TmxSource {
    label: String,
    reader: Reader<Box<dyn BufRead + Send>>,
    buf: Vec<u8>,
    /// The input was UTF-16 and was converted: byte offsets refer to the UTF-8 text.
    transcoded: bool,
    root_seen: bool,
    header_src: Option<String>,
    src: Option<String>,
    tgt: Option<String>,
    skipped: usize,
    codes_dropped: usize,
}

/// One `<tu>` as read, before the languages are chosen.
#[derive(Default)]
struct RawTu {
    props: Vec<(String, String)>,
    tuvs: Vec<(String, String)>,
    offset: u64,
}

impl TmxSource {
    pub(super) fn new(label: String, mut input: Box<dyn BufRead + Send>) -> Result<TmxSource> {
        let head = input.fill_buf().map_err(|e| Error::io(&label, e))?;
        let utf16 = if head.starts_with(&[0xFF, 0xFE]) {
            Some(true)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            Some(false)
        } else {
            None
        };
        if utf16.is_none() && (head.starts_with(b"<\0") || head.starts_with(b"\0<")) {
            return Err(Error::Malformed {
                label,
                location: "byte 0".into(),
                message: "UTF-16 without a byte-order mark; save the file as UTF-8".into(),
            });
        }
        let transcoded = utf16.is_some();
        if let Some(le) = utf16 {
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(&label, e))?;
            let text = decode_utf16(&label, &bytes[2..], le)?;
            input = Box::new(Cursor::new(text.into_bytes()));
        }
        let mut reader = Reader::from_reader(input);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
        Ok(TmxSource {
            label,
            reader,
            buf: Vec::with_capacity(4096),
            transcoded,
            root_seen: false,
            header_src: None,
            src: None,
            tgt: None,
            skipped: 0,
            codes_dropped: 0,
        })
    }

    /// "line 12 (byte 340)" when the file can be read again to count lines, else "byte 340".
    fn locate(&self, offset: u64) -> String {
        let path = std::path::Path::new(&self.label);
        let file = if self.transcoded || !path.is_file() {
            None
        } else {
            std::fs::File::open(path).ok()
        };
        if let Some(f) = file {
            let mut line = 1;
            let mut rest = offset;
            let mut r = std::io::BufReader::new(f);
            while rest > 0 {
                let Ok(chunk) = r.fill_buf() else { break };
                if chunk.is_empty() {
                    break;
                }
                let n = chunk.len().min(rest as usize);
                line += chunk[..n].iter().filter(|&&b| b == b'\n').count();
                r.consume(n);
                rest -= n as u64;
            }
            return format!("line {line} (byte {offset})");
        }
        format!("byte {offset}")
    }

    fn malformed(&self, offset: u64, message: impl Into<String>) -> Error {
        Error::Malformed {
            label: self.label.clone(),
            location: self.locate(offset),
            message: message.into(),
        }
    }

    fn xml_error(&self, e: quick_xml::Error) -> Error {
        if let quick_xml::Error::Io(io) = &e {
            return Error::io(&self.label, std::io::Error::new(io.kind(), io.to_string()));
        }
        let msg = match &e {
            quick_xml::Error::Syntax(_) | quick_xml::Error::IllFormed(_) => {
                format!("not well-formed XML: {e}")
            }
            _ => format!("{e}"),
        };
        self.malformed(self.reader.error_position(), msg)
    }

    fn here(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// Expands a reference: character references and the five XML entities only.
    fn resolve(&self, r: &BytesRef) -> Result<char> {
        match r.resolve_char_ref() {
            Ok(Some(c)) => return Ok(c),
            Ok(None) => {}
            Err(e) => {
                return Err(self.malformed(
                    self.here(),
                    format!("bad character reference &{};: {e}", &**r),
                ));
            }
        }
        Ok(match &**r {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            name => {
                return Err(self.malformed(
                    self.here(),
                    format!("undefined entity &{name};: only the five XML entities and character references are expanded"),
                ));
            }
        })
    }

    fn attr(&self, e: &BytesStart, name: &str) -> Result<Option<String>> {
        match e.try_get_attribute(name) {
            Ok(None) => Ok(None),
            Ok(Some(a)) => a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| Some(v.into_owned()))
                .map_err(|err| self.malformed(self.here(), format!("attribute {name}: {err}"))),
            Err(err) => Err(self.malformed(self.here(), format!("bad attribute: {err}"))),
        }
    }

    /// Reads the text of an element without children (`<prop>`), up to its end tag.
    fn read_text(&mut self, end: &str) -> Result<String> {
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            self.buf.clear();
            match self.reader.read_event_into(&mut self.buf) {
                Err(e) => return Err(self.xml_error(e)),
                Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
                Ok(Event::CData(t)) => text.push_str(&t.xml10_content()),
                Ok(Event::GeneralRef(r)) => {
                    let r = r.into_owned();
                    text.push(self.resolve(&r)?);
                }
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(e)) => {
                    if depth == 0 && e.local_name().as_ref() == end {
                        return Ok(text);
                    }
                    depth = depth.saturating_sub(1);
                }
                Ok(Event::Eof) => {
                    return Err(
                        self.malformed(self.here(), format!("the file ends inside <{end}>"))
                    );
                }
                Ok(_) => {}
            }
        }
    }

    /// Reads the text of a `<seg>`, dropping the content of inline codes.
    fn read_seg(&mut self) -> Result<String> {
        let mut text = String::new();
        // Depth inside an inline code; 0 when reading text.
        let mut code = 0usize;
        loop {
            self.buf.clear();
            let ev = self.reader.read_event_into(&mut self.buf);
            match ev {
                Err(e) => return Err(self.xml_error(e)),
                Ok(Event::Text(t)) if code == 0 => text.push_str(&t.xml10_content()),
                Ok(Event::CData(t)) if code == 0 => text.push_str(&t.xml10_content()),
                Ok(Event::GeneralRef(r)) => {
                    let r = r.into_owned();
                    let c = self.resolve(&r)?;
                    if code == 0 {
                        text.push(c);
                    }
                }
                Ok(Event::Start(e)) => {
                    if code > 0 {
                        code += 1;
                    } else if CODES.contains(&e.local_name().as_ref()) {
                        code = 1;
                        self.codes_dropped += 1;
                    }
                }
                Ok(Event::Empty(e)) => {
                    if code == 0 && CODES.contains(&e.local_name().as_ref()) {
                        self.codes_dropped += 1;
                    }
                }
                Ok(Event::End(e)) => {
                    if code > 0 {
                        code -= 1;
                    } else if e.local_name().as_ref() == "seg" {
                        return Ok(text);
                    }
                }
                Ok(Event::Eof) => {
                    return Err(self.malformed(self.here(), "the file ends inside <seg>"));
                }
                Ok(_) => {}
            }
        }
    }

    /// Reads a `<tuv>` up to its end: the text of its `<seg>`.
    fn read_tuv(&mut self, start: u64) -> Result<String> {
        let mut seg = None;
        loop {
            self.buf.clear();
            let name = match self.reader.read_event_into(&mut self.buf) {
                Err(e) => return Err(self.xml_error(e)),
                Ok(Event::Start(e)) => (true, e.local_name().as_ref().to_string()),
                Ok(Event::Empty(e)) => (false, e.local_name().as_ref().to_string()),
                Ok(Event::End(e)) if e.local_name().as_ref() == "tuv" => {
                    return seg.ok_or_else(|| self.malformed(start, "<tuv> without <seg>"));
                }
                Ok(Event::GeneralRef(r)) => {
                    let r = r.into_owned();
                    self.resolve(&r)?;
                    continue;
                }
                Ok(Event::Eof) => {
                    return Err(self.malformed(self.here(), "the file ends inside <tuv>"));
                }
                Ok(_) => continue,
            };
            match name {
                (true, n) if n == "seg" => seg = Some(self.read_seg()?),
                (false, n) if n == "seg" => seg = Some(String::new()),
                (true, n) => {
                    self.read_text(&n)?;
                }
                (false, _) => {}
            }
        }
    }

    /// Reads a `<tu>` up to its end.
    fn read_tu(&mut self) -> Result<RawTu> {
        let mut tu = RawTu {
            offset: self.here(),
            ..RawTu::default()
        };
        loop {
            self.buf.clear();
            let ev = self.reader.read_event_into(&mut self.buf);
            let (name, ty, lang) = match ev {
                Err(e) => return Err(self.xml_error(e)),
                Ok(Event::Start(e)) => {
                    let e = e.into_owned();
                    let name = e.local_name().as_ref().to_string();
                    let ty = if name == "prop" {
                        self.attr(&e, "type")?
                    } else {
                        None
                    };
                    let lang = if name == "tuv" {
                        match self.attr(&e, "xml:lang")? {
                            Some(l) => Some(l),
                            // TMX 1.1 names the language with `lang`.
                            None => self.attr(&e, "lang")?,
                        }
                    } else {
                        None
                    };
                    (name, ty, lang)
                }
                Ok(Event::End(e)) if e.local_name().as_ref() == "tu" => return Ok(tu),
                Ok(Event::GeneralRef(r)) => {
                    let r = r.into_owned();
                    self.resolve(&r)?;
                    continue;
                }
                Ok(Event::Eof) => {
                    return Err(self.malformed(self.here(), "the file ends inside <tu>"));
                }
                Ok(_) => continue,
            };
            match name.as_str() {
                "prop" => {
                    let text = self.read_text("prop")?;
                    tu.props.push((ty.unwrap_or_default(), text));
                }
                "tuv" => {
                    let at = self.here();
                    let lang = lang.ok_or_else(|| self.malformed(at, "<tuv> without xml:lang"))?;
                    let seg = self.read_tuv(at)?;
                    tu.tuvs.push((lang, seg));
                }
                other => {
                    let other = other.to_string();
                    self.read_text(&other)?;
                }
            }
        }
    }

    /// Chooses the language pair (on the first `<tu>` that decides it) and makes the unit.
    fn unit(&mut self, tu: RawTu, options: &ReadOptions) -> Result<Option<Unit>> {
        if tu.tuvs.is_empty() {
            self.skipped += 1;
            return Ok(None);
        }
        if self.src.is_none() {
            self.src = options
                .src_lang
                .clone()
                .or_else(|| {
                    self.header_src
                        .clone()
                        .filter(|l| l != "*all*" && !l.is_empty())
                })
                .or_else(|| Some(tu.tuvs[0].0.clone()));
        }
        let src = self.src.clone().expect("chosen above");
        if self.tgt.is_none() {
            if let Some(t) = &options.tgt_lang {
                self.tgt = Some(t.clone());
            } else {
                let mut others: Vec<&str> = Vec::new();
                for (l, _) in &tu.tuvs {
                    if !lang_matches(&src, l) && !others.iter().any(|o| o.eq_ignore_ascii_case(l)) {
                        others.push(l);
                    }
                }
                match others.len() {
                    0 => {}
                    1 => self.tgt = Some(others[0].to_string()),
                    _ => {
                        return Err(self.malformed(
                            tu.offset,
                            format!(
                                "this <tu> has the languages {src}, {}: choose the target with --tgt-lang",
                                others.join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        let s = tu.tuvs.iter().find(|(l, _)| lang_matches(&src, l));
        let t = self
            .tgt
            .as_ref()
            .and_then(|tg| tu.tuvs.iter().find(|(l, _)| lang_matches(tg, l)));
        // A <tu> without one of the two languages is not a pair (a multilingual memory often
        // lacks a language here and there); one-sided beads are written with an empty <seg>.
        let (Some((src_lang, source)), Some((tgt_lang, target))) = (s, t) else {
            self.skipped += 1;
            return Ok(None);
        };
        let mut unit = Unit {
            source: source.clone(),
            target: target.clone(),
            score: None,
            src_ids: Vec::new(),
            tgt_ids: Vec::new(),
            src_lang: src_lang.clone(),
            tgt_lang: tgt_lang.clone(),
            doc: String::new(),
        };
        for (ty, value) in &tu.props {
            let bad = |m: String| self.malformed(tu.offset, format!("<prop type=\"{ty}\">: {m}"));
            match ty.as_str() {
                "x-score" => unit.score = parse_score(value).map_err(bad)?,
                "x-src-ids" => unit.src_ids = parse_ids(value).map_err(bad)?,
                "x-tgt-ids" => unit.tgt_ids = parse_ids(value).map_err(bad)?,
                "x-doc" => unit.doc = value.clone(),
                _ => {}
            }
        }
        Ok(Some(unit))
    }
}

impl Source for TmxSource {
    fn next_unit(&mut self, options: &ReadOptions) -> Result<Option<Unit>> {
        loop {
            self.buf.clear();
            let at = self.here();
            let ev = self.reader.read_event_into(&mut self.buf);
            let start = match ev {
                Err(e) => return Err(self.xml_error(e)),
                Ok(Event::Eof) => {
                    if !self.root_seen {
                        return Err(self.malformed(at, "not a TMX file: no <tmx> element"));
                    }
                    return Ok(None);
                }
                Ok(Event::Decl(d)) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = enc.to_ascii_lowercase();
                        let ok = enc == "utf-8"
                            || enc == "utf8"
                            || (self.transcoded && enc.starts_with("utf-16"));
                        if !ok {
                            return Err(self.malformed(
                                at,
                                format!("declared encoding {enc}: tilmash reads TMX in UTF-8 or UTF-16 only"),
                            ));
                        }
                    }
                    continue;
                }
                Ok(Event::DocType(d)) => {
                    if d.contains("<!ENTITY") {
                        return Err(self.malformed(
                            at,
                            "the DOCTYPE declares entities; tilmash refuses them (entity-expansion attacks, external entities)",
                        ));
                    }
                    continue;
                }
                Ok(Event::GeneralRef(r)) => {
                    let r = r.into_owned();
                    self.resolve(&r)?;
                    continue;
                }
                Ok(Event::Start(e)) => (e.into_owned(), true),
                Ok(Event::Empty(e)) => (e.into_owned(), false),
                Ok(_) => continue,
            };
            let (e, open) = start;
            let name = e.local_name().as_ref().to_string();
            if !self.root_seen {
                if name != "tmx" {
                    return Err(self.malformed(
                        at,
                        format!("not a TMX file: the root element is <{name}>, not <tmx>"),
                    ));
                }
                self.root_seen = true;
                continue;
            }
            match (name.as_str(), open) {
                ("header", _) => {
                    self.header_src = self.attr(&e, "srclang")?;
                    if open {
                        self.read_text("header")?;
                    }
                }
                ("tu", true) => {
                    let tu = self.read_tu()?;
                    if let Some(unit) = self.unit(tu, options)? {
                        return Ok(Some(unit));
                    }
                }
                _ => {}
            }
        }
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.skipped > 0 {
            notes.push(format!(
                "{}: skipped {} <tu> that lack {} or {}",
                self.label,
                self.skipped,
                self.src.as_deref().unwrap_or("?"),
                self.tgt.as_deref().unwrap_or("?")
            ));
        }
        if self.codes_dropped > 0 {
            notes.push(format!(
                "{}: dropped {} inline codes (<bpt>, <ept>, <ph>, <it>, <ut>) from segments: they hold formatting, not text",
                self.label, self.codes_dropped
            ));
        }
        notes
    }
}

fn decode_utf16(label: &str, bytes: &[u8], le: bool) -> Result<String> {
    if bytes.len() % 2 == 1 {
        return Err(Error::Malformed {
            label: label.to_string(),
            location: format!("byte {}", bytes.len() + 2),
            message: "UTF-16 text with an odd number of bytes".into(),
        });
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(bytes.len());
    for (k, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Error::Malformed {
                    label: label.to_string(),
                    location: format!("byte {}", 2 + 2 * k),
                    message: "invalid UTF-16 (unpaired surrogate)".into(),
                });
            }
        }
    }
    Ok(out)
}
