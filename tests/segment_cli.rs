//! `tilmash segment` run as a real binary on the fixtures in `tests/fixtures/segment/`.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/segment")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

fn tilmash() -> Command {
    Command::cargo_bin("tilmash").unwrap()
}

#[test]
fn turkish_one_sentence_per_line() {
    tilmash()
        .args(["segment", "-l", "tr"])
        .arg(fixture("tr.txt"))
        .assert()
        .success()
        .stdout(read("tr.sentences.txt"));
}

#[test]
fn kazakh_one_paragraph_per_line() {
    tilmash()
        .args(["segment", "--lang", "kk"])
        .arg(fixture("kk.txt"))
        .assert()
        .success()
        .stdout(read("kk.sentences.txt"));
}

#[test]
fn english_hard_wrapped_with_detected_language() {
    // No -l: the language is detected.
    tilmash()
        .arg("segment")
        .arg(fixture("en.txt"))
        .assert()
        .success()
        .stdout(read("en.sentences.txt"));
}

#[test]
fn jsonl_has_ids_exact_spans_and_paragraphs() {
    let out = tilmash()
        .args(["segment", "-l", "kk", "--format", "jsonl"])
        .arg(fixture("kk.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = read("kk.txt");
    let expected: Vec<String> = read("kk.sentences.txt").lines().map(String::from).collect();
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), expected.len());
    let mut paragraphs = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["id"], i);
        assert_eq!(row["text"], expected[i].as_str());
        let start = row["span"][0].as_u64().unwrap() as usize;
        let end = row["span"][1].as_u64().unwrap() as usize;
        assert_eq!(&text[start..end], expected[i]);
        paragraphs.push(row["paragraph"].as_u64().unwrap());
    }
    assert_eq!(paragraphs, [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
}

#[test]
fn jsonl_spans_cover_wrapped_lines() {
    let out = tilmash()
        .args(["segment", "-l", "en", "-f", "jsonl"])
        .arg(fixture("en.txt"))
        .output()
        .unwrap();
    let text = read("en.txt");
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let second = &rows[1];
    let span =
        second["span"][0].as_u64().unwrap() as usize..second["span"][1].as_u64().unwrap() as usize;
    // The span keeps the line break; the text shows it as a space.
    assert!(text[span].contains("\"hard\nlook\""));
    assert!(second["text"].as_str().unwrap().contains("\"hard look\""));
    let paragraphs: Vec<u64> = rows
        .iter()
        .map(|r| r["paragraph"].as_u64().unwrap())
        .collect();
    assert_eq!(paragraphs, [0, 1, 1, 2, 2, 2, 3, 3, 3]);
}

#[test]
fn standard_input() {
    tilmash()
        .args(["segment", "-l", "tr", "-"])
        .write_stdin(read("tr.txt"))
        .assert()
        .success()
        .stdout(read("tr.sentences.txt"));
}

#[test]
fn crlf_input_gives_the_same_sentences() {
    tilmash()
        .args(["segment", "-l", "tr", "-"])
        .write_stdin(read("tr.txt").replace('\n', "\r\n"))
        .assert()
        .success()
        .stdout(read("tr.sentences.txt"));
}

#[test]
fn output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sentences.txt");
    tilmash()
        .args(["segment", "-l", "kk", "-o"])
        .arg(&out)
        .arg(fixture("kk.txt"))
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        read("kk.sentences.txt")
    );
}

#[test]
fn bad_input_exits_2() {
    tilmash()
        .args(["segment", "-l", "en", "-"])
        .write_stdin("  \n\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error"));
    tilmash()
        .args(["segment", "-l", "en"])
        .arg(fixture("no-such-file.txt"))
        .assert()
        .code(2);
    tilmash()
        .args(["segment", "-l", "xx"])
        .arg(fixture("en.txt"))
        .assert()
        .code(2);
}
