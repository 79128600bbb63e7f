//! Library tests of the parallel-corpus formats: golden files, tricky text through every format,
//! round trips, reader errors and hostile TMX.
//!
//! `UPDATE_GOLDEN=1 cargo test --test formats` rewrites the golden files under tests/golden/formats.

mod common;

use std::io::Cursor;
use std::path::Path;

use tilmash::corpus::Unit;
use tilmash::corpus::beads::parse_beads;
use tilmash::corpus::formats::{
    Format, InputFormat, ReadOptions, WriteOptions, WriteTarget, open_writer, read_units,
    reader_from, write_units,
};
use tilmash::error::Error;

const DATE: u64 = 1_700_000_000; // 2023-11-14T22:13:20Z

fn unit(
    doc: &str,
    tgt_lang: &str,
    source: &str,
    target: &str,
    score: f64,
    src: &[usize],
    tgt: &[usize],
) -> Unit {
    Unit {
        source: source.into(),
        target: target.into(),
        score: Some(score),
        src_ids: src.to_vec(),
        tgt_ids: tgt.to_vec(),
        src_lang: "en".into(),
        tgt_lang: tgt_lang.into(),
        doc: doc.into(),
    }
}

/// Two short news articles, English–Kazakh and English–Turkish, with 1-1, 2-1 and 1-2 beads, an
/// omission and an addition: what `tilmash batch` would stream into one corpus.
fn news_units() -> Vec<Unit> {
    let kk = "astana-visit-kk";
    let tr = "astana-visit-tr";
    vec![
        unit(
            kk,
            "kk",
            "President Kassym-Jomart Tokayev met Turkish President Recep Tayyip Erdoğan in Astana on Tuesday.",
            "Қазақстан Президенті Қасым-Жомарт Тоқаев сейсенбі күні Астанада Түркия Президенті Реджеп Тайып Ердоғанмен кездесті.",
            0.97,
            &[0],
            &[0],
        ),
        unit(
            kk,
            "kk",
            "Trade between the two countries reached $6.3 billion last year. The goal is $10 billion.",
            "Былтыр екі ел арасындағы тауар айналымы 6,3 миллиард долларға жетті, ал алдағы мақсат – 10 миллиард доллар.",
            0.88,
            &[1, 2],
            &[1],
        ),
        unit(
            kk,
            "kk",
            "The visit was Erdoğan's first trip to Central Asia this year.",
            "",
            0.41,
            &[3],
            &[],
        ),
        unit(
            kk,
            "kk",
            "Tokayev said the Middle Corridor, which links China with Europe through Kazakhstan and Türkiye, would grow in importance.",
            "Тоқаев Орта дәліздің маңызы арта түсетінін айтты. Бұл бағыт Қытайды Қазақстан мен Түркия арқылы Еуропамен байланыстырады.",
            0.9,
            &[4],
            &[2, 3],
        ),
        unit(
            kk,
            "kk",
            "",
            "Сапар барысында екі ел арасында 15 құжатқа қол қойылды.",
            0.52,
            &[],
            &[4],
        ),
        unit(
            tr,
            "tr",
            "President Kassym-Jomart Tokayev met Turkish President Recep Tayyip Erdoğan in Astana on Tuesday.",
            "Kazakistan Cumhurbaşkanı Kasım Cömert Tokayev, salı günü Astana'da Türkiye Cumhurbaşkanı Recep Tayyip Erdoğan ile görüştü.",
            0.96,
            &[0],
            &[0],
        ),
        unit(
            tr,
            "tr",
            "Trade between the two countries reached $6.3 billion last year. The goal is $10 billion.",
            "İki ülke arasındaki ticaret hacmi geçen yıl 6,3 milyar dolara ulaştı; hedef 10 milyar dolar.",
            0.91,
            &[1, 2],
            &[1],
        ),
        unit(
            tr,
            "tr",
            "Tokayev said the Middle Corridor, which links China with Europe through Kazakhstan and Türkiye, would grow in importance.",
            "Tokayev, Orta Koridor'un öneminin artacağını söyledi. Bu güzergâh, Çin'i Kazakistan ve Türkiye üzerinden Avrupa'ya bağlıyor.",
            0.89,
            &[3],
            &[2, 3],
        ),
        unit(
            tr,
            "tr",
            "",
            "Ziyaret kapsamında iki ülke arasında 15 anlaşma imzalandı.",
            0.55,
            &[],
            &[4],
        ),
    ]
}

fn options() -> WriteOptions {
    WriteOptions {
        creation_date: Some(DATE),
        width: Some(100),
        ..WriteOptions::default()
    }
}

fn check_golden(name: &str, actual: &str) {
    common::check_golden("formats", name, actual);
}

fn write_to_string(format: Format, units: &[Unit], opts: &WriteOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out");
    write_units(format, WriteTarget::Path(path.clone()), opts, units).unwrap();
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn golden_files_for_each_format() {
    let units = news_units();
    for (format, name) in [
        (Format::Pretty, "news.pretty.txt"),
        (Format::Tsv, "news.tsv"),
        (Format::Csv, "news.csv"),
        (Format::Tmx, "news.tmx"),
        (Format::Jsonl, "news.jsonl"),
        (Format::Beads, "news.beads"),
    ] {
        check_golden(name, &write_to_string(format, &units, &options()));
    }
    let dir = tempfile::tempdir().unwrap();
    let kk: Vec<Unit> = units
        .iter()
        .filter(|u| u.tgt_lang == "kk")
        .cloned()
        .collect();
    let s = write_units(
        Format::Moses,
        WriteTarget::Path(dir.path().join("news")),
        &options(),
        &kk,
    )
    .unwrap();
    assert_eq!(s.files.len(), 2);
    check_golden(
        "news.moses.en",
        &std::fs::read_to_string(dir.path().join("news.en")).unwrap(),
    );
    check_golden(
        "news.moses.kk",
        &std::fs::read_to_string(dir.path().join("news.kk")).unwrap(),
    );
}

#[test]
fn one_sided_beads_follow_the_format() {
    let units = news_units();
    for format in [
        Format::Tmx,
        Format::Tsv,
        Format::Csv,
        Format::Jsonl,
        Format::Beads,
        Format::Pretty,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let s = write_units(
            format,
            WriteTarget::Path(dir.path().join("o")),
            &options(),
            &units,
        )
        .unwrap();
        let expect_dropped = if format.holds_one_sided() { 0 } else { 3 };
        assert_eq!(s.dropped_one_sided, expect_dropped, "{format}");
        assert_eq!(s.written, units.len() - expect_dropped, "{format}");
        let keep = WriteOptions {
            keep_empty: true,
            ..options()
        };
        let s = write_units(
            format,
            WriteTarget::Path(dir.path().join("k")),
            &keep,
            &units,
        )
        .unwrap();
        assert_eq!(
            (s.written, s.dropped_one_sided),
            (units.len(), 0),
            "{format} --keep-empty"
        );
    }
}

#[test]
fn min_score_drops_in_every_format_and_counts() {
    let units = news_units();
    let opts = WriteOptions {
        min_score: Some(0.9),
        keep_empty: true,
        ..options()
    };
    let dir = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let s = write_units(
            format,
            WriteTarget::Path(dir.path().join(format.name())),
            &opts,
            &units,
        )
        .unwrap();
        assert_eq!(s.dropped_min_score, 5, "{format}");
        assert_eq!(s.written, 4, "{format}");
        assert!(
            s.warnings()[0].contains("dropped 5 beads with a score below --min-score 0.9"),
            "{:?}",
            s.warnings()
        );
    }
}

fn tricky() -> Vec<Unit> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/tricky.jsonl");
    read_units(&path, None, &ReadOptions::default()).unwrap()
}

fn read_back(format: InputFormat, text: &str, opts: &ReadOptions) -> Vec<Unit> {
    reader_from(
        "mem",
        Box::new(Cursor::new(text.as_bytes().to_vec())),
        format,
        opts,
    )
    .unwrap()
    .collect::<Result<Vec<_>, _>>()
    .unwrap()
}

fn xml_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

fn one_line(s: &str, tabs: bool) -> String {
    s.replace("\r\n", " ")
        .chars()
        .map(|c| {
            let brk = matches!(
                c,
                '\n' | '\r' | '\u{B}' | '\u{C}' | '\u{1C}'
                    ..='\u{1E}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            );
            if brk || (tabs && c == '\t') { ' ' } else { c }
        })
        .collect()
}

#[test]
fn tricky_text_survives_csv_and_jsonl_exactly() {
    let units = tricky();
    assert!(units.iter().any(|u| u.source.contains("]]>")));
    for (out, back) in [
        (Format::Csv, InputFormat::Csv),
        (Format::Jsonl, InputFormat::Jsonl),
    ] {
        let text = write_to_string(out, &units, &options());
        assert_eq!(
            read_back(back, &text, &ReadOptions::default()),
            units,
            "{out}"
        );
    }
    let jsonl = write_to_string(Format::Jsonl, &units, &options());
    assert_eq!(
        jsonl.split('\n').count(),
        units.len() + 1,
        "one object per line"
    );
    assert!(!jsonl.contains(['\u{2028}', '\u{2029}', '\u{85}']));
}

#[test]
fn tricky_text_in_tmx_loses_only_what_xml_forbids() {
    let units = tricky();
    let opts = WriteOptions {
        keep_empty: true,
        ..options()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.tmx");
    let s = write_units(Format::Tmx, WriteTarget::Path(path.clone()), &opts, &units).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("]]>") && text.contains("&#13;"));
    let expected: Vec<Unit> = units
        .iter()
        .map(|u| Unit {
            source: xml_clean(&u.source),
            target: xml_clean(&u.target),
            ..u.clone()
        })
        .collect();
    let removed: usize = units
        .iter()
        .map(|u| u.source.chars().count() + u.target.chars().count())
        .sum::<usize>()
        - expected
            .iter()
            .map(|u| u.source.chars().count() + u.target.chars().count())
            .sum::<usize>();
    assert_eq!(s.control_removed, removed);
    assert!(removed > 0);
    assert_eq!(
        read_units(&path, None, &ReadOptions::default()).unwrap(),
        expected
    );
}

#[test]
fn tricky_text_in_line_formats_stays_on_its_line() {
    let units = tricky();
    let two_sided: Vec<&Unit> = units
        .iter()
        .filter(|u| !u.source.is_empty() && !u.target.is_empty())
        .collect();
    let tsv = write_to_string(Format::Tsv, &units, &options());
    assert_eq!(tsv.lines().count(), two_sided.len());
    let back = read_back(InputFormat::Tsv, &tsv, &ReadOptions::default());
    for (u, b) in two_sided.iter().zip(&back) {
        assert_eq!(b.source, one_line(&u.source, true));
        assert_eq!(b.target, one_line(&u.target, true));
        assert_eq!(b.score, u.score);
    }
    let dir = tempfile::tempdir().unwrap();
    let s = write_units(
        Format::Moses,
        WriteTarget::Path(dir.path().join("m")),
        &options(),
        &units,
    )
    .unwrap();
    assert!(s.breaks_replaced > 0);
    let en = std::fs::read_to_string(dir.path().join("m.en")).unwrap();
    let kk = std::fs::read_to_string(dir.path().join("m.kk")).unwrap();
    let en: Vec<&str> = en.split_terminator('\n').collect();
    let kk: Vec<&str> = kk.split_terminator('\n').collect();
    assert_eq!(en.len(), two_sided.len());
    for ((u, e), k) in two_sided.iter().zip(en).zip(kk) {
        assert_eq!(e, one_line(&u.source, false));
        assert_eq!(k, one_line(&u.target, false));
    }
}

#[test]
fn beads_output_holds_the_ids() {
    let units = tricky();
    let text = write_to_string(Format::Beads, &units, &options());
    let beads = parse_beads("out", &text).unwrap();
    assert_eq!(beads.len(), units.len());
    for (b, u) in beads.iter().zip(&units) {
        assert_eq!((&b.src, &b.tgt), (&u.src_ids, &u.tgt_ids));
    }
    assert!(text.contains("[3]:[]:0.41") && text.contains("[]:[4]:0.52"));
    // Units read without ids are numbered by the lines convention.
    let no_ids: Vec<Unit> = news_units()
        .into_iter()
        .take(5)
        .map(|u| Unit {
            src_ids: vec![],
            tgt_ids: vec![],
            ..u
        })
        .collect();
    let text = write_to_string(Format::Beads, &no_ids, &options());
    assert_eq!(
        text,
        "[0]:[0]:0.97\n[1]:[1]:0.88\n[2]:[]:0.41\n[3]:[2]:0.90\n[]:[3]:0.52\n"
    );
}

/// Text without characters XML forbids, so that every lossless route gives it back unchanged.
fn xml_safe(units: Vec<Unit>) -> Vec<Unit> {
    units
        .into_iter()
        .map(|u| Unit {
            source: xml_clean(&u.source),
            target: xml_clean(&u.target),
            ..u
        })
        .collect()
}

#[test]
fn tmx_to_jsonl_to_tmx_gives_the_same_units_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let keep = WriteOptions {
        keep_empty: true,
        ..options()
    };
    let a = dir.path().join("a.tmx");
    write_units(
        Format::Tmx,
        WriteTarget::Path(a.clone()),
        &keep,
        &xml_safe(tricky()),
    )
    .unwrap();
    let from_a = read_units(&a, None, &ReadOptions::default()).unwrap();
    let j = dir.path().join("b.jsonl");
    write_units(Format::Jsonl, WriteTarget::Path(j.clone()), &keep, &from_a).unwrap();
    let from_j = read_units(&j, None, &ReadOptions::default()).unwrap();
    assert_eq!(from_j, from_a);
    let c = dir.path().join("c.tmx");
    write_units(Format::Tmx, WriteTarget::Path(c.clone()), &keep, &from_j).unwrap();
    assert_eq!(
        read_units(&c, None, &ReadOptions::default()).unwrap(),
        from_a
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
}

#[test]
fn csv_to_tmx_to_csv_gives_the_same_units_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let keep = WriteOptions {
        keep_empty: true,
        ..options()
    };
    let a = dir.path().join("a.csv");
    write_units(
        Format::Csv,
        WriteTarget::Path(a.clone()),
        &keep,
        &xml_safe(tricky()),
    )
    .unwrap();
    let from_a = read_units(&a, None, &ReadOptions::default()).unwrap();
    let t = dir.path().join("b.tmx");
    write_units(Format::Tmx, WriteTarget::Path(t.clone()), &keep, &from_a).unwrap();
    assert_eq!(
        read_units(&t, None, &ReadOptions::default()).unwrap(),
        from_a
    );
    let c = dir.path().join("c.csv");
    let from_t = read_units(&t, None, &ReadOptions::default()).unwrap();
    write_units(Format::Csv, WriteTarget::Path(c.clone()), &keep, &from_t).unwrap();
    assert_eq!(
        read_units(&c, None, &ReadOptions::default()).unwrap(),
        from_a
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
}

fn tmx_err(xml: &str, opts: &ReadOptions) -> String {
    let r = reader_from(
        "in.tmx",
        Box::new(Cursor::new(xml.as_bytes().to_vec())),
        InputFormat::Tmx,
        opts,
    )
    .and_then(|r| r.collect::<Result<Vec<_>, _>>());
    match r {
        Err(e @ Error::Malformed { .. }) => e.to_string(),
        Err(e) => panic!("expected a Malformed error, got {e}"),
        Ok(u) => panic!("expected an error, read {u:?}"),
    }
}

fn tmx_units(xml: &str, opts: &ReadOptions) -> Vec<Unit> {
    read_back(InputFormat::Tmx, xml, opts)
}

const TU: &str =
    r#"<tu><tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="kk"><seg>Сәлем</seg></tuv></tu>"#;

fn tmx_doc(doctype: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{doctype}<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>{body}</body></tmx>"#
    )
}

#[test]
fn malformed_tmx_names_file_and_place() {
    let msg = tmx_err(
        &tmx_doc("", "<tu><tuv xml:lang=\"en\"><seg>Hi</tuv></tu>"),
        &ReadOptions::default(),
    );
    assert!(msg.starts_with("in.tmx:byte "), "{msg}");
    assert!(msg.contains("not well-formed"), "{msg}");
    let msg = tmx_err("<html><body/></html>", &ReadOptions::default());
    assert!(msg.contains("not a TMX file"), "{msg}");
    let msg = tmx_err(
        &tmx_doc("", "<tu><tuv><seg>x</seg></tuv></tu>"),
        &ReadOptions::default(),
    );
    assert!(msg.contains("<tuv> without xml:lang"), "{msg}");
    let msg = tmx_err(
        &tmx_doc("", "<tu><prop type=\"x-score\">high</prop></tu>").replace(
            "</prop>",
            "</prop><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"kk\"><seg>ә</seg></tuv>",
        ),
        &ReadOptions::default(),
    );
    assert!(
        msg.contains("x-score") && msg.contains("not a number"),
        "{msg}"
    );

    // On a file, the line is given too.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.tmx");
    std::fs::write(
        &path,
        tmx_doc(
            "",
            &format!("\n{TU}\n<tu>\n<tuv xml:lang=\"en\"><seg>a</seg></tuv>\n</tv>"),
        ),
    )
    .unwrap();
    let err = read_units(&path, None, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.tmx:line 5 (byte "), "{err}");
}

#[test]
fn billion_laughs_is_refused_at_once() {
    let mut dtd = String::from("<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n");
    dtd.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..=9 {
        let p = i - 1;
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};&lol{p};\">\n"
        ));
    }
    dtd.push_str("]>");
    let xml = tmx_doc(
        &dtd,
        r#"<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv><tuv xml:lang="kk"><seg>x</seg></tuv></tu>"#,
    );
    let start = std::time::Instant::now();
    let msg = tmx_err(&xml, &ReadOptions::default());
    assert!(msg.contains("declares entities"), "{msg}");
    assert!(start.elapsed().as_secs() < 2);
}

#[test]
fn external_entities_and_dtds_are_never_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    let xxe = format!(
        "<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"file://{}\">]>",
        secret.display()
    );
    let xml = tmx_doc(
        &xxe,
        r#"<tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv><tuv xml:lang="kk"><seg>x</seg></tuv></tu>"#,
    );
    let msg = tmx_err(&xml, &ReadOptions::default());
    assert!(!msg.contains("TOP SECRET"), "{msg}");

    // An external DTD that defines an entity: if it were loaded, &secret; would resolve.
    let evil = dir.path().join("evil.dtd");
    std::fs::write(
        &evil,
        format!("<!ENTITY secret SYSTEM \"file://{}\">", secret.display()),
    )
    .unwrap();
    let doctype = format!("<!DOCTYPE tmx SYSTEM \"file://{}\">", evil.display());
    let msg = tmx_err(
        &tmx_doc(
            &doctype,
            r#"<tu><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu>"#,
        ),
        &ReadOptions::default(),
    );
    assert!(msg.contains("undefined entity &secret;"), "{msg}");
    // ...and a DOCTYPE that only names a DTD is fine.
    let units = tmx_units(
        &tmx_doc(
            "<!DOCTYPE tmx SYSTEM \"http://example.invalid/tmx14.dtd\">",
            TU,
        ),
        &ReadOptions::default(),
    );
    assert_eq!(units[0].target, "Сәлем");
}

#[test]
fn tmx_inline_markup_is_reduced_to_text() {
    let seg = r#"<seg>Press <bpt i="1">&lt;b&gt;</bpt>Enter<ept i="1">&lt;/b&gt;</ept> now<ph x="2">&lt;br/&gt;</ph>, <hi type="b">then</hi> wait<it pos="begin">{\i</it><ut>{\b</ut>.<ph/> <![CDATA[a<b]]> &#x49;&#304;&amp;</seg>"#;
    let xml = tmx_doc(
        "",
        &format!(
            r#"<tu><tuv xml:lang="en">{seg}</tuv><tuv xml:lang="kk"><seg>Енгізу</seg></tuv></tu>"#
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.tmx");
    std::fs::write(&path, xml).unwrap();
    let mut r =
        tilmash::corpus::formats::open_reader(&path, None, &ReadOptions::default()).unwrap();
    let units: Vec<Unit> = r.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(units[0].source, "Press Enter now, then wait. a<b Iİ&");
    assert!(
        r.notes()[0].contains("dropped 6 inline codes"),
        "{:?}",
        r.notes()
    );
}

#[test]
fn tmx_language_pair_from_header_options_or_error() {
    let tu3 = r#"<tu><tuv xml:lang="EN-US"><seg>Hello</seg></tuv><tuv xml:lang="tr-TR"><seg>Merhaba</seg></tuv><tuv xml:lang="kk"><seg>Сәлем</seg></tuv></tu><tu><tuv xml:lang="en-US"><seg>Only English</seg></tuv><tuv xml:lang="kk"><seg>Тек қазақша</seg></tuv></tu>"#;
    let xml = tmx_doc("", tu3);
    let msg = tmx_err(&xml, &ReadOptions::default());
    assert!(
        msg.contains("--tgt-lang") && msg.contains("tr-TR, kk"),
        "{msg}"
    );
    let opts = |s: &str, t: &str| ReadOptions {
        src_lang: Some(s.into()),
        tgt_lang: Some(t.into()),
    };
    let kk = tmx_units(&xml, &opts("en", "kk"));
    assert_eq!(kk.len(), 2);
    assert_eq!(
        (
            kk[0].src_lang.as_str(),
            kk[0].tgt_lang.as_str(),
            kk[0].target.as_str()
        ),
        ("EN-US", "kk", "Сәлем")
    );
    let tr = tmx_units(&xml, &opts("tr", "en"));
    assert_eq!(
        (tr[0].source.as_str(), tr[0].target.as_str()),
        ("Merhaba", "Hello")
    );
    // The second <tu> has no Turkish: not a pair, skipped (and said so).
    assert_eq!(tr.len(), 1);
    let mut r = reader_from(
        "m.tmx",
        Box::new(Cursor::new(xml.into_bytes())),
        InputFormat::Tmx,
        &opts("de", "fr"),
    )
    .unwrap();
    assert_eq!(r.by_ref().count(), 0);
    assert_eq!(
        r.notes(),
        vec!["m.tmx: skipped 2 <tu> that lack de or fr".to_string()]
    );
}

#[test]
fn tmx_1_1_with_lang_attributes_crlf_and_utf16() {
    let xml = "<?xml version=\"1.0\"?>\r\n<tmx version=\"1.1\"><header srclang=\"EN\" segtype=\"sentence\"/><body>\r\n<tu><tuv lang=\"EN\"><seg>Line one\r\nline two</seg></tuv><tuv lang=\"TR\"><seg>Birinci satır\r\nikinci satır</seg></tuv></tu></body></tmx>";
    let units = tmx_units(xml, &ReadOptions::default());
    assert_eq!(units[0].source, "Line one\nline two");
    assert_eq!(
        (units[0].src_lang.as_str(), units[0].tgt_lang.as_str()),
        ("EN", "TR")
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for c in xml
        .replace(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
        )
        .encode_utf16()
    {
        utf16.extend_from_slice(&c.to_le_bytes());
    }
    let r = reader_from(
        "u16.tmx",
        Box::new(Cursor::new(utf16)),
        InputFormat::Tmx,
        &ReadOptions::default(),
    )
    .unwrap();
    let from16: Vec<Unit> = r.collect::<Result<_, _>>().unwrap();
    assert_eq!(from16, units);
}

#[test]
fn csv_and_tsv_with_or_without_header() {
    let with = "\u{FEFF}doc,target,source,score\nd1,\"Сәлем, әлем\",\"Hello, world\",0.5\n";
    let u = read_back(InputFormat::Csv, with, &ReadOptions::default());
    assert_eq!(
        (
            u[0].source.as_str(),
            u[0].target.as_str(),
            u[0].score,
            u[0].doc.as_str()
        ),
        ("Hello, world", "Сәлем, әлем", Some(0.5), "d1")
    );
    let without = "Hello,Сәлем\r\n\"A \"\"quote\"\"\",Тырнақша\r\n";
    let opts = ReadOptions {
        src_lang: Some("en".into()),
        tgt_lang: Some("kk".into()),
    };
    let u = read_back(InputFormat::Csv, without, &opts);
    assert_eq!(u.len(), 2);
    assert_eq!(
        (
            u[1].source.as_str(),
            u[1].src_lang.as_str(),
            u[1].tgt_lang.as_str()
        ),
        ("A \"quote\"", "en", "kk")
    );
    let tsv = "Merhaba \"dünya\"\tСәлем\t0.75\nİyi günler\tҚайырлы күн\t\n";
    let u = read_back(InputFormat::Tsv, tsv, &ReadOptions::default());
    assert_eq!(
        (u[0].source.as_str(), u[0].score, u[1].score),
        ("Merhaba \"dünya\"", Some(0.75), None)
    );
    let tsv_header = "target\tsource\nСәлем\tHello\n";
    let u = read_back(InputFormat::Tsv, tsv_header, &ReadOptions::default());
    assert_eq!(
        (u[0].source.as_str(), u[0].target.as_str()),
        ("Hello", "Сәлем")
    );
}

fn read_err(format: InputFormat, text: &[u8]) -> String {
    let r = reader_from(
        "in",
        Box::new(Cursor::new(text.to_vec())),
        format,
        &ReadOptions::default(),
    )
    .and_then(|r| r.collect::<Result<Vec<_>, _>>());
    r.expect_err("should fail").to_string()
}

#[test]
fn reader_errors_name_the_line() {
    let msg = read_err(InputFormat::Csv, b"source,target,score\na,b,0.5\nc,d\n");
    assert_eq!(msg, "in:line 3: 2 fields where the first line has 3");
    let msg = read_err(InputFormat::Csv, b"a,b,not-a-score\n");
    assert_eq!(msg, "in:line 1: CSV: score 'not-a-score' is not a number");
    let msg = read_err(InputFormat::Csv, b"just one column\n");
    assert!(msg.starts_with("in:line 1: 1 field;"), "{msg}");
    let msg = read_err(InputFormat::Tsv, b"a\tb\n\xFF\tc\n");
    assert!(
        msg.contains("line 2") && msg.contains("invalid UTF-8"),
        "{msg}"
    );
    let msg = read_err(
        InputFormat::Jsonl,
        b"{\"source\":\"a\",\"target\":\"b\"}\n\n{\"source\":\"a\",\"target\":5}\n",
    );
    assert!(msg.starts_with("in:line 3, column "), "{msg}");
    assert!(msg.contains("invalid type"), "{msg}");
    let extra = read_back(
        InputFormat::Jsonl,
        "{\"id\":7,\"source\":\"a\",\"target\":\"ә\",\"score\":1}\r\n",
        &ReadOptions::default(),
    );
    assert_eq!((extra[0].target.as_str(), extra[0].score), ("ә", Some(1.0)));
    let msg = read_err(InputFormat::Jsonl, b"{\"source\":\"a\"}\n");
    assert!(
        msg.contains("line 1") && msg.contains("missing field `target`"),
        "{msg}"
    );
    let msg = read_err(
        InputFormat::Jsonl,
        b"{\"source\":\"a\",\"target\":\"b\"}\n{\"source\":\"\xC3\x28\"}\n",
    );
    assert_eq!(
        msg,
        "in:line 2, byte 39: invalid UTF-8; tilmash reads UTF-8 only"
    );
}

#[test]
fn moses_pairs_read_and_check_line_counts() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c");
    std::fs::write(dir.path().join("c.en"), "Hello.\nGood day.\n").unwrap();
    std::fs::write(dir.path().join("c.tr"), "Merhaba.\r\nİyi günler.\r\n").unwrap();
    let opts = ReadOptions {
        src_lang: Some("en".into()),
        tgt_lang: Some("tr".into()),
    };
    let u = read_units(&p, None, &opts).unwrap();
    assert_eq!(u.len(), 2);
    assert_eq!(
        (u[1].target.as_str(), u[1].tgt_lang.as_str()),
        ("İyi günler.", "tr")
    );
    std::fs::write(dir.path().join("c.tr"), "Merhaba.\n").unwrap();
    let msg = read_units(&p, Some(InputFormat::Moses), &opts)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("c.tr:line 2") && msg.contains("same number of lines"),
        "{msg}"
    );
    let msg = read_units(&p, Some(InputFormat::Moses), &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("--src-lang and --tgt-lang"), "{msg}");
}

#[test]
fn moses_files_appear_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    // The target file's name is taken by a directory: it cannot be put in place.
    std::fs::create_dir(dir.path().join("pair.kk")).unwrap();
    let units: Vec<Unit> = news_units()
        .into_iter()
        .filter(|u| u.tgt_lang == "kk")
        .collect();
    let r = write_units(
        Format::Moses,
        WriteTarget::Path(dir.path().join("pair")),
        &options(),
        &units,
    );
    assert!(r.is_err());
    assert!(!dir.path().join("pair.en").exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("pair.kk")]);
    let msg = open_writer(Format::Moses, WriteTarget::Stdout, &options())
        .err()
        .unwrap()
        .to_string();
    assert!(msg.contains("-o PREFIX"), "{msg}");
}

#[test]
fn dropped_writer_leaves_no_file_and_streams_flush() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    {
        let mut w =
            open_writer(Format::Jsonl, WriteTarget::Path(path.clone()), &options()).unwrap();
        w.write_units(&news_units()).unwrap();
        w.flush().unwrap();
    }
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn empty_corpus_is_valid_output() {
    let tmx = write_to_string(Format::Tmx, &[], &options());
    assert!(
        tmx.contains("srclang=\"*all*\"")
            && tmx.contains("<body>")
            && tmx.trim_end().ends_with("</tmx>")
    );
    assert!(tmx_units(&tmx, &ReadOptions::default()).is_empty());
    assert_eq!(
        write_to_string(Format::Csv, &[], &options())
            .lines()
            .count(),
        1
    );
    let no_header = WriteOptions {
        header: false,
        ..options()
    };
    assert_eq!(
        write_to_string(Format::Csv, &news_units(), &no_header)
            .lines()
            .count(),
        9
    );
}

#[test]
fn tmx_needs_languages() {
    let mut u = news_units().remove(0);
    u.src_lang.clear();
    let dir = tempfile::tempdir().unwrap();
    let err = write_units(
        Format::Tmx,
        WriteTarget::Path(dir.path().join("t.tmx")),
        &options(),
        &[u.clone()],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("--src-lang"), "{err}");
    assert!(!dir.path().join("t.tmx").exists());
    let given = WriteOptions {
        src_lang: Some("en".into()),
        ..options()
    };
    write_units(
        Format::Tmx,
        WriteTarget::Path(dir.path().join("t.tmx")),
        &given,
        &[u],
    )
    .unwrap();
}
