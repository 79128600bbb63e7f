//! Golden files of every output format for the bundled corpus, as `tilmash align` writes them.
//! `UPDATE_GOLDEN=1 cargo test --test corpus_golden` rewrites them after an intended change.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/ots-kazakhstan")
        .join(name)
}

fn align(tgt: &str, format: &str, out: &Path, extra: &[&str]) {
    Command::cargo_bin("tilmash")
        .unwrap()
        .arg("align")
        .arg(corpus("en.txt"))
        .arg(corpus(&format!("{tgt}.txt")))
        .args(["-f", format, "--width", "100", "-o"])
        .arg(out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .success();
}

#[test]
fn every_format_on_the_bundled_corpus() {
    let dir = tempfile::tempdir().unwrap();
    for tgt in ["tr", "kk"] {
        for (format, ext) in [
            ("pretty", "txt"),
            ("tsv", "tsv"),
            ("csv", "csv"),
            ("tmx", "tmx"),
            ("jsonl", "jsonl"),
            ("beads", "beads"),
        ] {
            let out = dir.path().join(format!("en-{tgt}.{ext}"));
            align(tgt, format, &out, &[]);
            let name = format!("en-{tgt}.{ext}");
            common::check_golden("corpus", &name, &std::fs::read_to_string(&out).unwrap());
        }
        let prefix = dir.path().join(format!("en-{tgt}"));
        align(tgt, "moses", &prefix, &[]);
        for lang in ["en", tgt] {
            let name = format!("en-{tgt}.moses.{lang}");
            let file = dir.path().join(format!("en-{tgt}.{lang}"));
            common::check_golden("corpus", &name, &std::fs::read_to_string(file).unwrap());
        }
    }
}
