//! `tilmash align` and `tilmash eval` run as a user runs them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn corpus(name: &str) -> PathBuf {
    root().join("corpora/ots-kazakhstan").join(name)
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/align").join(name)
}

fn tilmash() -> Command {
    Command::cargo_bin("tilmash").unwrap()
}

/// Strict F1 of `tilmash eval GOLD HYP --format json`.
fn strict_f1(gold: &Path, hyp: &Path) -> f64 {
    let out = tilmash()
        .args(["eval", "--format", "json"])
        .arg(gold)
        .arg(hyp)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["strict"]["f1"].as_f64().unwrap()
}

#[test]
fn bundled_corpus_aligns_to_its_gold() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["tr", "kk"] {
        let hyp = dir.path().join(format!("en-{lang}.beads"));
        tilmash()
            .arg("align")
            .arg(corpus("en.txt"))
            .arg(corpus(&format!("{lang}.txt")))
            .args(["-f", "beads", "-o"])
            .arg(&hyp)
            .assert()
            .success();
        let f1 = strict_f1(&corpus(&format!("gold.en-{lang}.txt")), &hyp);
        assert!(f1 >= 0.9, "en-{lang}: strict F1 {f1}");
    }
}

#[test]
fn gold_sentence_files_match_the_segmenter() {
    for lang in ["en", "tr", "kk"] {
        let expected = std::fs::read_to_string(corpus(&format!("{lang}.sentences.txt"))).unwrap();
        tilmash()
            .args(["segment", "-l", lang])
            .arg(corpus(&format!("{lang}.txt")))
            .assert()
            .success()
            .stdout(expected);
    }
}

#[test]
fn lines_input_gives_line_numbers_and_merges() {
    tilmash()
        .args([
            "align", "--input", "lines", "-s", "en", "-t", "tr", "-f", "beads",
        ])
        .arg(fixture("en.lines.txt"))
        .arg(fixture("tr.lines.txt"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("[0]:[0]:"))
        .stdout(predicate::str::contains("[3, 4]:[3]:"));
}

#[test]
fn tsv_in_a_pipe_has_three_columns() {
    let out = tilmash()
        .arg("align")
        .arg(corpus("en.txt"))
        .arg(corpus("kk.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() >= 15);
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        let score: f64 = cols[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
}

#[test]
fn pretty_marks_omissions_and_additions() {
    tilmash()
        .arg("align")
        .arg(corpus("en.txt"))
        .arg(corpus("tr.txt"))
        .args(["-f", "pretty", "--width", "120"])
        .assert()
        .success()
        .stdout(predicate::str::contains("omission"))
        .stdout(predicate::str::contains("addition"));
}

#[test]
fn dictionaries_in_both_formats() {
    for dict in ["dict.hunalign", "dict.tsv"] {
        tilmash()
            .args(["align", "--input", "lines", "-f", "beads", "--dict"])
            .arg(fixture(dict))
            .arg(fixture("en.lines.txt"))
            .arg(fixture("tr.lines.txt"))
            .assert()
            .success();
    }
    tilmash()
        .args(["align", "--input", "lines", "--dict"])
        .arg(fixture("dict.bad"))
        .arg(fixture("en.lines.txt"))
        .arg(fixture("tr.lines.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dict.bad:line 1"));
}

#[test]
fn bad_inputs_exit_2_with_the_file_named() {
    let cases = [
        ("binary.bin", "NUL byte"),
        ("invalid.txt", "invalid UTF-8 at byte offset 3"),
        ("empty.txt", "empty input"),
        ("missing.txt", "no such file"),
    ];
    for (name, message) in cases {
        tilmash()
            .arg("align")
            .arg(fixture(name))
            .arg(fixture("tr.lines.txt"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(name))
            .stderr(predicate::str::contains(message));
    }
    tilmash()
        .arg("align")
        .arg(root().join("tests"))
        .arg(fixture("tr.lines.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    tilmash()
        .args(["align", "-s", "xx"])
        .arg(fixture("en.lines.txt"))
        .arg(fixture("tr.lines.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language code 'xx'"));
    tilmash()
        .args(["align", "-", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only one of SRC and TGT"));
}

#[test]
fn an_error_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.tsv");
    tilmash()
        .arg("align")
        .arg(fixture("en.lines.txt"))
        .arg(fixture("invalid.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn stdin_and_language_warnings() {
    // Turkish text declared as Kazakh: aligned as asked, with a warning.
    tilmash()
        .args(["align", "-t", "kk", "-f", "beads", "-"])
        .arg(corpus("tr.txt"))
        .write_stdin(std::fs::read(corpus("en.txt")).unwrap())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "given as kk but the text looks like tr",
        ));
}

#[test]
fn degenerate_inputs_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.txt");
    std::fs::write(&one, "Tokayev spoke.").unwrap();
    let long = dir.path().join("long.txt");
    std::fs::write(&long, "word ".repeat(20_000)).unwrap();
    let many = dir.path().join("many.txt");
    let text: String = (0..200)
        .map(|k| format!("Line number {k} of a long list.\n"))
        .collect();
    std::fs::write(&many, text).unwrap();
    for (a, b) in [
        (&one, &one),
        (&long, &one),
        (&one, &long),
        (&many, &one),
        (&long, &long),
    ] {
        tilmash()
            .args(["align", "-s", "en", "-t", "en", "-f", "beads"])
            .arg(a)
            .arg(b)
            .assert()
            .success();
    }
    tilmash()
        .args(["align", "-s", "en", "-t", "en", "--input", "lines"])
        .arg(&many)
        .arg(&one)
        .assert()
        .success()
        .stderr(predicate::str::contains("differ much in size"));
}

#[test]
fn eval_sums_counts_over_pairs_and_reads_scores() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.txt");
    let hyp = dir.path().join("hyp.txt");
    std::fs::write(&gold, "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n").unwrap();
    std::fs::write(&hyp, "[0]:[0]:0.99\n[1]:[1]:0.7\n[2]:[]:0.4\n[3]:[]:0.8\n").unwrap();
    let out = tilmash()
        .args(["eval", "--format", "json"])
        .arg(&gold)
        .arg(&hyp)
        .arg(&gold)
        .arg(&gold)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Precision: 2 of 4 + 3 of 3; recall: 1 of 2 + 2 of 2.
    assert!((v["strict"]["precision"].as_f64().unwrap() - 5.0 / 7.0).abs() < 1e-9);
    assert!((v["strict"]["recall"].as_f64().unwrap() - 3.0 / 4.0).abs() < 1e-9);
    tilmash().arg("eval").arg(&gold).assert().code(2);
}

#[test]
fn eval_text_mode_scores_running_text() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("beads.jsonl");
    std::fs::write(
        &gold,
        "{\"src\": \"One. Two.\", \"tgt\": \"Бір. Екі.\"}\n{\"src\": \"Three.\", \"tgt\": \"Үш.\"}\n",
    )
    .unwrap();
    let hyp = dir.path().join("hyp.tsv");
    std::fs::write(&hyp, "One.  Two.\tБір. Екі.\t0.9\nThree.\tҮш.\t0.8\n").unwrap();
    tilmash()
        .args(["eval", "--text"])
        .arg(&gold)
        .arg(&hyp)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "strict      1.0000  1.0000  1.0000",
        ));
}

#[test]
fn detect_tells_kazakh_scripts_from_russian_and_turkish() {
    let det = |p: PathBuf| root().join("tests/fixtures/detect").join(p);
    tilmash()
        .arg("detect")
        .arg(corpus("en.txt"))
        .arg(corpus("tr.txt"))
        .arg(corpus("kk.txt"))
        .arg(det("kk-latn.txt".into()))
        .arg(det("ru.txt".into()))
        .arg(det("de.txt".into()))
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"en\.txt\ten\tLatn\t").unwrap())
        .stdout(predicate::str::is_match(r"tr\.txt\ttr\tLatn\t").unwrap())
        .stdout(predicate::str::is_match(r"/kk\.txt\tkk\tCyrl\t").unwrap())
        .stdout(predicate::str::is_match(r"kk-latn\.txt\tkk\tLatn\t").unwrap())
        .stdout(predicate::str::is_match(r"ru\.txt\tru\tCyrl\t").unwrap())
        .stdout(predicate::str::is_match(r"de\.txt\tde\tLatn\t").unwrap());
    tilmash()
        .args(["detect", "--format", "jsonl", "-"])
        .write_stdin("Ұйым қазіргі дағдарысты еңсеру үшін Қазақстан басшылығы мен халқына қажетті қолдау көрсетуге дайын.")
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""lang":"kk""#))
        .stdout(predicate::str::contains(r#""file":"<stdin>""#));
}

#[test]
fn normalize_names_rewrites_and_reports_every_change() {
    let out = tilmash()
        .arg("align")
        .arg(corpus("en.txt"))
        .arg(corpus("tr.txt"))
        .args(["--normalize-names", "-f", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Gomert → Jomart"), "{stderr}");
    assert!(stderr.contains("Jabarov → Japarov"), "{stderr}");
    assert!(stderr.contains("Merziyoyev → Mirziyoyev"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Kassym-Jomart Tokayev"));
    assert!(!stdout.contains("Jabarov"));
    // Without the flag nothing is changed.
    tilmash()
        .arg("align")
        .arg(corpus("en.txt"))
        .arg(corpus("tr.txt"))
        .args(["-f", "jsonl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Kassym-Gomert"))
        .stderr(predicate::str::contains("→").not());
}
