//! `tilmash convert` end to end: every input format into every output format, golden output on
//! tricky text, stdout and atomic `-o`, errors with exit code 2.
//!
//! `UPDATE_GOLDEN=1 cargo test --test formats_cli` rewrites the golden files.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const EPOCH: &str = "1700000000";

fn tilmash() -> Command {
    let mut c = Command::cargo_bin("tilmash").unwrap();
    c.env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/formats/tricky.jsonl")
}

fn check_golden(name: &str, actual: &str) {
    common::check_golden("formats", name, actual);
}

fn stdout_of(args: &[&str]) -> (String, String) {
    let out = tilmash().args(args).assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn golden_tricky_text_in_every_format() {
    let f = fixture();
    let f = f.to_str().unwrap();
    for (format, name, warning) in [
        (
            "tsv",
            "tricky.tsv",
            Some("tabs and line breaks inside segments by a space"),
        ),
        ("csv", "tricky.csv", None),
        (
            "tmx",
            "tricky.tmx",
            Some("removed 9 control characters that XML 1.0 forbids"),
        ),
        ("jsonl", "tricky.jsonl", None),
        ("beads", "tricky.beads", None),
        ("pretty", "tricky.pretty.txt", None),
    ] {
        let (out, err) = stdout_of(&["convert", f, "-f", format, "--width", "80"]);
        check_golden(name, &out);
        match warning {
            Some(w) => assert!(err.contains(w), "{format}: {err}"),
            None => assert!(
                !err.contains("warning: removed") && !err.contains("replaced"),
                "{format}: {err}"
            ),
        }
        if !["csv", "jsonl", "beads", "pretty"].contains(&format) {
            assert!(
                err.contains("left out 2 one-sided beads"),
                "{format}: {err}"
            );
        }
    }
}

/// Writes the fixture in each input format; returns (label, path, extra args to read it).
fn inputs(dir: &Path) -> Vec<(&'static str, PathBuf, Vec<&'static str>)> {
    let f = fixture();
    let mut v = Vec::new();
    for (label, out, extra) in [
        ("tmx", "in.tmx", vec!["--keep-empty"]),
        ("csv", "in.csv", vec![]),
        ("tsv", "in.tsv", vec![]),
        ("jsonl", "in.jsonl", vec![]),
        ("moses", "in", vec!["-f", "moses"]),
    ] {
        let path = dir.join(out);
        tilmash()
            .arg("convert")
            .arg(&f)
            .arg("-o")
            .arg(&path)
            .args(&extra)
            .assert()
            .success();
        // Moses and TSV files do not name their languages.
        let read_args = if matches!(label, "moses" | "tsv") {
            vec!["-s", "en", "-t", "kk"]
        } else {
            vec![]
        };
        v.push((label, path, read_args));
    }
    v
}

#[test]
fn convert_in_all_directions() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = inputs(dir.path());
    for (from, path, read_args) in &inputs {
        for to in ["pretty", "tsv", "csv", "tmx", "jsonl", "moses", "beads"] {
            let out = dir.path().join(format!("{from}-to-{to}"));
            tilmash()
                .arg("convert")
                .arg(path)
                .args(read_args)
                .args(["-f", to, "-o"])
                .arg(&out)
                .assert()
                .success();
            let written = if to == "moses" {
                std::fs::read_to_string(format!("{}.kk", out.display())).unwrap()
            } else {
                std::fs::read_to_string(&out).unwrap()
            };
            assert!(!written.is_empty(), "{from} → {to}");
        }
        // Back to JSONL: a plain sentence comes through every format intact.
        let out = tilmash()
            .arg("convert")
            .arg(path)
            .args(read_args)
            .args(["-f", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let jsonl = String::from_utf8(out).unwrap();
        assert!(
            jsonl.contains("Қазақстан 2030 жылға қарай мұнай өндірісін"),
            "{from}"
        );
    }
    // The lossless routes give the fixture back exactly.
    let fixture_units =
        units_of(&stdout_of(&["convert", fixture().to_str().unwrap(), "-f", "jsonl"]).0);
    for from in ["csv", "jsonl"] {
        let back = dir.path().join(format!("{from}-to-jsonl"));
        assert_eq!(
            units_of(&std::fs::read_to_string(back).unwrap()),
            fixture_units,
            "{from}"
        );
    }
    // TMX → CSV → TMX gives the same bytes.
    let tmx = dir.path().join("in.tmx");
    let csv = dir.path().join("tmx-to-csv");
    let (again, _) = stdout_of(&[
        "convert",
        csv.to_str().unwrap(),
        "--from",
        "csv",
        "-f",
        "tmx",
        "--keep-empty",
    ]);
    assert_eq!(again, std::fs::read_to_string(tmx).unwrap());
}

fn units_of(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn stdout_and_format_from_the_output_name() {
    let f = fixture();
    // In a pipe, without -f: JSONL.
    let (out, _) = stdout_of(&["convert", f.to_str().unwrap()]);
    assert!(out.starts_with("{\"source\":\"President Kassym-Jomart Tokayev"));
    // `-o -` is stdout too.
    let (dash, _) = stdout_of(&["convert", f.to_str().unwrap(), "-o", "-"]);
    assert_eq!(dash, out);
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("x.tmx");
    tilmash()
        .arg("convert")
        .arg(&f)
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&tmx)
            .unwrap()
            .contains("<tmx version=\"1.4\">")
    );
    // Standard input, format told by the content.
    tilmash()
        .args(["convert", "-", "-f", "csv", "--no-header"])
        .write_stdin("Hello\tСәлем\t0.9\n")
        .assert()
        .success()
        .stdout("Hello,Сәлем,0.9,,,,,\n");
}

#[test]
fn min_score_and_keep_empty_report_on_stderr() {
    let f = fixture();
    tilmash()
        .arg("convert")
        .arg(&f)
        .args(["-f", "tsv", "--min-score", "0.9", "--keep-empty"])
        .assert()
        .success()
        .stdout(predicate::function(|s: &str| s.lines().count() == 5))
        .stderr(predicate::str::contains(
            "dropped 7 beads with a score below --min-score 0.9",
        ));
}

#[test]
fn errors_exit_2_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    // A TMX that breaks after many good units: the output must not appear at all.
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n",
    );
    for i in 0..2000 {
        xml.push_str(&format!(
            "<tu><tuv xml:lang=\"en\"><seg>Sentence {i}.</seg></tuv><tuv xml:lang=\"tr\"><seg>Cümle {i}.</seg></tuv></tu>\n"
        ));
    }
    xml.push_str("<tu><tuv xml:lang=\"en\"><seg>broken</tuv></tu>\n</body></tmx>\n");
    let bad = dir.path().join("bad.tmx");
    std::fs::write(&bad, xml).unwrap();
    let out = dir.path().join("out.jsonl");
    tilmash()
        .arg("convert")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tmx:line 2003 (byte "))
        .stderr(predicate::str::contains("not well-formed"));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("bad.tmx")]);

    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "source,target\na,b\nc,d,e\n").unwrap();
    tilmash()
        .arg("convert")
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.csv:line 3: 3 fields where the first line has 2",
        ));

    let jsonl = dir.path().join("bad.jsonl");
    std::fs::write(
        &jsonl,
        "{\"source\":\"a\",\"target\":\"b\"}\n{\"source\": oops}\n",
    )
    .unwrap();
    tilmash()
        .arg("convert")
        .arg(&jsonl)
        .args(["-f", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.jsonl:line 2, column"));

    tilmash()
        .arg("convert")
        .arg(fixture())
        .args(["-f", "moses"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give -o PREFIX"));
    tilmash()
        .args(["convert", "-", "-f", "csv"])
        .write_stdin("no format here\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot tell the format"));
    tilmash()
        .arg("convert")
        .arg(fixture())
        .args(["--src-lang", "english!"])
        .assert()
        .code(2);
    tilmash()
        .args(["convert", "does-not-exist.tmx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does-not-exist.tmx: no such file"));
}

#[test]
fn tmx_pair_chosen_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("multi.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\"/><body>\
         <tu><tuv xml:lang=\"en\"><seg>Good morning.</seg></tuv><tuv xml:lang=\"tr\"><seg>Günaydın.</seg></tuv><tuv xml:lang=\"kk\"><seg>Қайырлы таң.</seg></tuv></tu></body></tmx>\n",
    )
    .unwrap();
    tilmash()
        .arg("convert")
        .arg(&tmx)
        .args(["-f", "tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "choose the target with --tgt-lang",
        ));
    tilmash()
        .arg("convert")
        .arg(&tmx)
        .args(["-f", "tsv", "-s", "tr", "-t", "kk"])
        .assert()
        .success()
        .stdout("Günaydın.\tҚайырлы таң.\t\n");
}
