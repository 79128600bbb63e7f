//! Command-line tests for `tilmash names check`, `tilmash names match` and `tilmash translit`.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/names")
        .join(name)
}

fn tilmash() -> Command {
    Command::cargo_bin("tilmash").unwrap()
}

fn stdout_of(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

// ---- names check ------------------------------------------------------------------------------

#[test]
fn check_flags_the_seed_errors_with_suggestions_and_exits_1() {
    let (code, out) = stdout_of(
        tilmash()
            .args(["names", "check", "--format", "json"])
            .args([fixture("en.txt"), fixture("tr.txt"), fixture("kk.txt")]),
    );
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["clean"], false);
    let issues = v["issues"].as_array().unwrap();
    let find = |kind: &str, spelling: &str| {
        issues
            .iter()
            .find(|i| i["kind"] == kind && i["spelling"] == spelling)
            .unwrap_or_else(|| panic!("no {kind} issue for {spelling}: {out}"))
    };
    let erdogan = find("inconsistent", "Erdoğan");
    assert_eq!(erdogan["suggestion"], "Erdogan");
    assert!(erdogan["file"].as_str().unwrap().ends_with("en.txt"));
    let tokayev = find("disagrees", "Kassym-Gomert Tokayev");
    assert_eq!(tokayev["suggestion"], "Kassym-Jomart Tokayev");
    assert!(
        tokayev["evidence"]
            .as_str()
            .unwrap()
            .contains("Қасым-Жомарт")
    );
    assert_eq!(
        (tokayev["line"].as_u64(), tokayev["column"].as_u64()),
        (Some(3), Some(72))
    );
    assert_eq!(find("misspelling", "Jabarov")["suggestion"], "Japarov");
    assert_eq!(
        find("misspelling", "Merziyoyev")["suggestion"],
        "Mirziyoyev"
    );
    // Turkish and Kazakh spellings (Cömert, Şevket, Caparov, Тоқаевтың...) are not flagged.
    assert!(
        issues
            .iter()
            .all(|i| i["file"].as_str().unwrap().ends_with("en.txt")),
        "{out}"
    );
}

#[test]
fn check_on_the_bundled_corpus_reports_exactly_the_real_errors() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpora/ots-kazakhstan");
    let (code, out) = stdout_of(
        tilmash()
            .args(["names", "check", "--format", "json"])
            .args(["en.txt", "tr.txt", "kk.txt"].map(|f| corpus.join(f))),
    );
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut got: Vec<(String, String, String, String)> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let file = i["file"].as_str().unwrap();
            (
                file.rsplit(['/', '\\']).next().unwrap().to_string(),
                i["kind"].as_str().unwrap().to_string(),
                i["spelling"].as_str().unwrap().to_string(),
                i["suggestion"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    let want = [
        (
            "en.txt",
            "disagrees",
            "Kassym-Gomert Tokayev",
            "Kassym-Jomart Tokayev",
        ),
        (
            "en.txt",
            "disagrees",
            "Organization of Turkish States",
            "Organization of Turkic States",
        ),
        ("en.txt", "inconsistent", "Erdoğan", "Erdogan"),
        ("en.txt", "misspelling", "Jabarov", "Japarov"),
        ("en.txt", "misspelling", "Merziyoyev", "Mirziyoyev"),
    ]
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()));
    assert_eq!(got, want, "{out}");
    // The false friends of the corpus are gone from the entities too: adjectives (Kazakh, Türk,
    // Түркі), a month (Kasım), titles and institutions (Президентіне, Үкімет, Bakanları Konseyi),
    // and a person glued to a place (Ердоған Қазақстан).
    let spellings: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["spellings"].as_array().unwrap())
        .map(|s| s["spelling"].as_str().unwrap())
        .collect();
    for wrong in [
        "Kazakh",
        "Türk",
        "Түркі",
        "Turkic-speaking",
        "Kasım",
        "Президентіне",
        "Үкімет",
        "Bakanları Konseyi",
        "Ердоған Қазақстан",
    ] {
        assert!(!spellings.contains(&wrong), "{wrong}: {spellings:?}");
    }
    for right in ["Түркі кеңесі", "Ердоған", "Kasım Cömert Tokayev"] {
        assert!(spellings.contains(&right), "{right}: {spellings:?}");
    }
}

#[test]
fn check_text_format_lists_problems_and_entities() {
    tilmash()
        .args(["names", "check"])
        .args([fixture("en.txt"), fixture("kk.txt")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "disagrees: Kassym-Gomert Tokayev → Kassym-Jomart Tokayev",
        ))
        .stdout(predicate::str::contains("misspelling: Jabarov → Japarov"))
        .stdout(predicate::str::contains("Entities:"))
        .stdout(predicate::str::contains("Қасым-Жомарт Тоқаев"))
        .stderr(predicate::str::contains("problems"));
}

#[test]
fn check_csv_has_a_row_per_spelling() {
    let (code, out) = stdout_of(tilmash().args(["names", "check", "-f", "csv"]).args([
        fixture("en.txt"),
        fixture("tr.txt"),
        fixture("kk.txt"),
    ]));
    assert_eq!(code, 1);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "entity",
            "file",
            "lang",
            "spelling",
            "count",
            "positions",
            "issue",
            "suggestion",
            "evidence"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let row = rows.iter().find(|r| &r[3] == "Merziyoyev").unwrap();
    assert_eq!(
        (&row[0], &row[6], &row[7]),
        ("mirziyoyev", "misspelling", "Mirziyoyev")
    );
    let row = rows.iter().find(|r| &r[3] == "Şevket Mirziyoyev").unwrap();
    assert_eq!((&row[0], &row[2], &row[6]), ("mirziyoyev", "tr", ""));
    assert!(rows.iter().any(|r| &r[3] == "Kazakistan" && &r[4] == "7"));
}

#[test]
fn check_exits_0_on_clean_texts() {
    tilmash()
        .args(["names", "check"])
        .args([
            fixture("en_clean.txt"),
            fixture("tr.txt"),
            fixture("kk.txt"),
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("No problems found."));
    tilmash()
        .args(["names", "check", "--no-gazetteer"])
        .args([
            fixture("en_clean.txt"),
            fixture("tr.txt"),
            fixture("kk.txt"),
        ])
        .assert()
        .code(0);
}

#[test]
fn check_without_gazetteer_still_finds_the_errors() {
    let (code, out) = stdout_of(
        tilmash()
            .args(["names", "check", "--no-gazetteer", "--format", "json"])
            .args([fixture("en.txt"), fixture("tr.txt"), fixture("kk.txt")]),
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let spellings: Vec<&str> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["spelling"].as_str().unwrap())
        .collect();
    for s in ["Erdoğan", "Kassym-Gomert Tokayev", "Jabarov", "Merziyoyev"] {
        assert!(spellings.contains(&s), "{s} in {spellings:?}");
    }
}

#[test]
fn check_with_a_user_gazetteer() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.csv");
    // The user prefers the breve in English: now "Erdogan" is the odd one out.
    std::fs::write(
        &g,
        "id,lang,spelling,preferred\nerdogan,en,Recep Tayyip Erdoğan,1\n",
    )
    .unwrap();
    let (code, out) = stdout_of(
        tilmash()
            .args(["names", "check", "--format", "json", "--gazetteer"])
            .arg(&g)
            .arg(fixture("en.txt")),
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let i = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "inconsistent")
        .unwrap();
    assert_eq!(
        (i["spelling"].as_str(), i["suggestion"].as_str()),
        (Some("Erdogan"), Some("Erdoğan"))
    );
}

#[test]
fn check_languages_can_be_given() {
    tilmash()
        .args(["names", "check", "-l", "en", "-l", "kk"])
        .args([fixture("en_clean.txt"), fixture("kk.txt")])
        .assert()
        .code(0);
    tilmash()
        .args(["names", "check", "-l", "en"])
        .args([fixture("en_clean.txt"), fixture("kk.txt")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one per file"));
}

#[test]
fn check_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    tilmash()
        .args(["names", "check", "-f", "json", "-o"])
        .arg(&out)
        .arg(fixture("en.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["clean"], false);
}

// ---- names match ------------------------------------------------------------------------------

#[test]
fn match_groups_spellings_in_input_order() {
    let input = "en\tKassym-Jomart Tokayev\n\
                 tr\tKasım Cömert Tokayev\n\
                 kk\tҚасым-Жомарт Тоқаев\n\
                 Tokarev\n\
                 en\tGurbanguly Berdimuhamedov\n\
                 en\tSerdar Berdimuhamedov\n\
                 Akmola\n\
                 \n\
                 Astana\n";
    let (code, out) = stdout_of(tilmash().args(["names", "match", "-"]).write_stdin(input));
    assert_eq!(code, 0);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let h: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&h[..4], ["spelling", "entity", "canonical", "score"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 8, "{out}");
    let spellings: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(spellings[0], "Kassym-Jomart Tokayev");
    assert_eq!(spellings[7], "Astana");
    assert_eq!(&rows[0][1], "tokayev");
    assert_eq!(&rows[1][1], "tokayev");
    assert_eq!(&rows[2][1], "tokayev");
    assert_eq!(&rows[1][2], "Kasım Cömert Tokayev");
    assert_eq!(&rows[2][2], "Қасым-Жомарт Тоқаев");
    assert_ne!(&rows[3][1], "tokayev");
    assert_ne!(&rows[4][1], &rows[5][1]);
    // An alias no similarity finds, through the gazetteer.
    assert_eq!(&rows[6][1], "astana");
    assert_eq!(&rows[7][1], "astana");
    assert_eq!(&rows[7][7], "9");
}

#[test]
fn match_without_gazetteer_uses_the_algorithm_alone() {
    let input = "Kassym-Jomart Tokayev\nҚасым-Жомарт Тоқаев\nAkmola\nAstana\nJabarov\nЖапаров\n";
    let (code, out) = stdout_of(
        tilmash()
            .args(["names", "match", "--no-gazetteer", "-"])
            .write_stdin(input),
    );
    assert_eq!(code, 0);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(&rows[0][1], "Kassym-Jomart Tokayev");
    assert_eq!(&rows[1][1], "Kassym-Jomart Tokayev");
    assert_ne!(&rows[2][1], &rows[3][1]);
    assert_eq!(&rows[4][1], &rows[5][1]);
}

#[test]
fn match_reports_bad_language_with_line() {
    tilmash()
        .args(["names", "match", "-"])
        .write_stdin("en\tTokayev\nxx\tTokaev\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>:line 2"))
        .stderr(predicate::str::contains("xx"));
}

// ---- translit ---------------------------------------------------------------------------------

#[test]
fn translit_every_scheme() {
    for (scheme, want) in [
        ("latin2021", "Qasym-Jomart Toqaev, Smaiylov"),
        ("bgn", "Qasym-Zhomart Toqaev, Smayylov"),
        ("en", "Kasym-Zhomart Tokayev, Smaiylov"),
        ("tr", "Kasım-Comart Tokayev, Smayılov"),
        ("cyrillic", "Қасым-Жомарт Тоқаев, Смайылов"),
    ] {
        tilmash()
            .args([
                "translit",
                "--scheme",
                scheme,
                "Қасым-Жомарт Тоқаев, Смайылов",
            ])
            .assert()
            .success()
            .stdout(format!("{want}\n"));
    }
    tilmash()
        .args([
            "translit",
            "--from",
            "ru",
            "--scheme",
            "en",
            "Гурбангулы Бердымухамедов",
        ])
        .assert()
        .success()
        .stdout("Gurbanguly Berdymukhamedov\n");
    tilmash()
        .args(["translit", "--from", "ru", "-s", "tr", "Садыр Жапаров"])
        .assert()
        .success()
        .stdout("Sadır Japarov\n");
}

#[test]
fn translit_defaults_detect_the_source() {
    tilmash()
        .args(["translit", "Қазақстан"])
        .assert()
        .success()
        .stdout("Qazaqstan\n");
    tilmash()
        .args(["translit", "Qazaqstan"])
        .assert()
        .success()
        .stdout("Қазақстан\n");
    tilmash()
        .args(["translit", "Токаев"])
        .assert()
        .success()
        .stdout("Tokayev\n");
}

#[test]
fn translit_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("kk.txt");
    std::fs::write(&f, "Нұрсұлтан Назарбаев\nАлматы\n").unwrap();
    tilmash()
        .args(["translit", "-s", "en", "-f"])
        .arg(&f)
        .assert()
        .success()
        .stdout("Nursultan Nazarbayev\nAlmaty\n");
    tilmash()
        .args(["translit", "-s", "tr"])
        .write_stdin("Шавкат Мирзиёев")
        .assert()
        .success()
        .stdout("Şavkat Mirziyoyev");
    let out = dir.path().join("out.txt");
    tilmash()
        .args(["translit", "Ақтөбе", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(out).unwrap(), "Aqtöbe\n");
}

// ---- bad input: exit 2, a clear message, never a panic ----------------------------------------

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad_utf8 = dir.path().join("bad.txt");
    std::fs::write(&bad_utf8, b"Tokayev \xC3\x28 said").unwrap();
    let bad_gaz = dir.path().join("g.csv");
    std::fs::write(&bad_gaz, "id,lang,spelling\nx,en,Ann\ny,en\n").unwrap();
    let no_cols = dir.path().join("h.csv");
    std::fs::write(&no_cols, "name,language\nAnn,en\n").unwrap();
    let bad_lang = dir.path().join("l.csv");
    std::fs::write(&bad_lang, "id,lang,spelling\nx,en,Ann\nx,zz,Bob\n").unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "translit".into(),
                "--scheme".into(),
                "klingon".into(),
                "x".into(),
            ],
            "unknown scheme",
        ),
        (
            vec!["translit".into(), "--from".into(), "de".into(), "x".into()],
            "unknown source",
        ),
        (
            vec!["translit".into(), "-f".into(), "/no/such/file.txt".into()],
            "no such file",
        ),
        (
            vec![
                "translit".into(),
                "-f".into(),
                bad_utf8.display().to_string(),
            ],
            "invalid UTF-8",
        ),
        (
            vec!["names".into(), "check".into(), "/no/such/file.txt".into()],
            "no such file",
        ),
        (
            vec![
                "names".into(),
                "check".into(),
                bad_utf8.display().to_string(),
            ],
            "invalid UTF-8 at byte offset 8",
        ),
        (
            vec![
                "names".into(),
                "check".into(),
                "--lang".into(),
                "xx".into(),
                fixture("en.txt").display().to_string(),
            ],
            "unknown language code 'xx'",
        ),
        (
            vec![
                "names".into(),
                "check".into(),
                "--gazetteer".into(),
                bad_gaz.display().to_string(),
                fixture("en.txt").display().to_string(),
            ],
            "g.csv:line 3",
        ),
        (
            vec![
                "names".into(),
                "match".into(),
                "--gazetteer".into(),
                no_cols.display().to_string(),
                fixture("en.txt").display().to_string(),
            ],
            "h.csv:line 1: the header must name the columns id, lang and spelling",
        ),
        (
            vec![
                "names".into(),
                "match".into(),
                "--gazetteer".into(),
                bad_lang.display().to_string(),
                fixture("en.txt").display().to_string(),
            ],
            "l.csv:line 3: unknown language code 'zz'",
        ),
        (
            vec![
                "names".into(),
                "check".into(),
                "--gazetteer".into(),
                "/no/such/g.csv".into(),
                fixture("en.txt").display().to_string(),
            ],
            "/no/such/g.csv: no such file",
        ),
        (
            vec![
                "names".into(),
                "match".into(),
                bad_utf8.display().to_string(),
            ],
            "invalid UTF-8",
        ),
    ];
    for (args, msg) in cases {
        let out = tilmash().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
