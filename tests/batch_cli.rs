//! `tilmash batch` and `tilmash lexicon learn` end to end: manifest formats, bad entries, order
//! independence from --jobs, resume after an interruption, streaming, filters, the corpus lexicon.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn tilmash() -> Command {
    Command::cargo_bin("tilmash").unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/batch").join(name)
}

fn ots(name: &str) -> PathBuf {
    root().join("corpora/ots-kazakhstan").join(name)
}

/// The six good pairs of the fixtures: (id, source, target, target language).
fn pairs() -> Vec<(String, PathBuf, PathBuf, &'static str)> {
    let mut v = Vec::new();
    for story in ["snow", "univ"] {
        for tl in ["tr", "kk"] {
            v.push((
                format!("{story}-{tl}"),
                fixture(&format!("{story}.en.txt")),
                fixture(&format!("{story}.{tl}.txt")),
                tl,
            ));
        }
    }
    for tl in ["tr", "kk"] {
        v.push((
            format!("ots-{tl}"),
            ots("en.txt"),
            ots(&format!("{tl}.txt")),
            tl,
        ));
    }
    v
}

fn jsonl_manifest(path: &Path, pairs: &[(String, PathBuf, PathBuf, &str)]) {
    let mut text = String::new();
    for (id, s, t, tl) in pairs {
        let rec =
            serde_json::json!({"id": id, "src": s, "tgt": t, "src_lang": "en", "tgt_lang": tl});
        text.push_str(&rec.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn run_ok(args: &[&str]) -> (String, String) {
    let out = tilmash().args(args).assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn docs_of(units: &[Value]) -> Vec<String> {
    let mut docs: Vec<String> = Vec::new();
    for u in units {
        let d = u["doc"].as_str().unwrap().to_string();
        if docs.last() != Some(&d) {
            docs.push(d);
        }
    }
    docs
}

#[test]
fn manifest_formats_and_folders_give_the_same_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Relative paths are taken from the manifest's folder.
    for name in ["snow.en.txt", "snow.tr.txt", "univ.en.txt", "univ.tr.txt"] {
        let side = if name.contains(".en.") { "en" } else { "tr" };
        std::fs::create_dir_all(d.join(side)).unwrap();
        let id = name.split('.').next().unwrap();
        std::fs::copy(fixture(name), d.join(side).join(format!("{id}.txt"))).unwrap();
    }
    std::fs::write(
        d.join("m.tsv"),
        "id\tsrc\ttgt\tsrc_lang\ttgt_lang\nsnow\ten/snow.txt\ttr/snow.txt\ten\ttr\nuniv\ten/univ.txt\ttr/univ.txt\ten\ttr\n",
    )
    .unwrap();
    std::fs::write(
        d.join("m.csv"),
        "tgt,src,id\ntr/snow.txt,en/snow.txt,snow\n\"tr/univ.txt\",en/univ.txt,univ\n",
    )
    .unwrap();
    std::fs::write(
        d.join("m.jsonl"),
        "{\"id\":\"snow\",\"src\":\"en/snow.txt\",\"tgt\":\"tr/snow.txt\"}\n{\"id\":\"univ\",\"src\":\"en/univ.txt\",\"tgt\":\"tr/univ.txt\",\"tgt_lang\":\"tr\"}\n",
    )
    .unwrap();
    let m = |f: &str| d.join(f).to_str().unwrap().to_string();
    let (tsv, _) = run_ok(&["batch", &m("m.tsv")]);
    let (csv, _) = run_ok(&["batch", &m("m.csv"), "-s", "en", "-t", "tr"]);
    let (jsonl, _) = run_ok(&["batch", &m("m.jsonl"), "-s", "en"]);
    let (dirs, _) = run_ok(&[
        "batch",
        "--src-dir",
        &m("en"),
        "--tgt-dir",
        &m("tr"),
        "-s",
        "en",
        "-t",
        "tr",
    ]);
    let units = lines(&tsv);
    assert_eq!(docs_of(&units), vec!["snow", "univ"]);
    assert!(units.len() >= 10, "{tsv}");
    assert_eq!(tsv, csv);
    assert_eq!(tsv, jsonl);
    assert_eq!(tsv, dirs);
    // The manifest on standard input (paths from the working directory), in one pass.
    let mut cmd = tilmash();
    let out = cmd
        .current_dir(d)
        .args(["batch", "-", "--manifest-format", "tsv"])
        .write_stdin(std::fs::read(d.join("m.tsv")).unwrap())
        .assert()
        .success()
        .stderr(predicate::str::contains("1 pass"));
    assert_eq!(
        docs_of(&lines(&String::from_utf8_lossy(&out.get_output().stdout))),
        vec!["snow", "univ"]
    );
}

#[test]
fn bad_entries_are_reported_and_the_others_complete() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("binary.tr"), b"GIF89a\x01\x00\x00\x00").unwrap();
    std::fs::write(d.join("latin1.tr"), b"Ankara'da g\xfcn\n").unwrap();
    std::fs::write(d.join("empty.tr"), b" \n\n").unwrap();
    let snow_en = fixture("snow.en.txt");
    let mut entries = vec![(
        "good".to_string(),
        snow_en.clone(),
        fixture("snow.tr.txt"),
        "tr",
    )];
    for (id, tgt) in [
        ("missing", d.join("nope.tr")),
        ("binary", d.join("binary.tr")),
        ("latin1", d.join("latin1.tr")),
        ("empty", d.join("empty.tr")),
        ("english", fixture("univ.en.txt")),
    ] {
        entries.push((id.to_string(), snow_en.clone(), tgt, "tr"));
    }
    entries.push((
        "good2".into(),
        fixture("univ.en.txt"),
        fixture("univ.kk.txt"),
        "kk",
    ));
    let manifest = d.join("m.jsonl");
    jsonl_manifest(&manifest, &entries);
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("{\"id\": \"broken\", \"src\": \n");
    text.push_str(
        "{\"id\": \"bad-lang\", \"src\": \"a\", \"tgt\": \"b\", \"tgt_lang\": \"xx-Qqqq\"}\n",
    );
    std::fs::write(&manifest, text).unwrap();
    let out = tilmash()
        .args(["batch", manifest.to_str().unwrap(), "--lang-check"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    for (id, reason) in [
        ("missing", "no such file"),
        ("binary", "NUL byte"),
        ("latin1", "invalid UTF-8 at byte offset 11"),
        ("empty", "empty input"),
        (
            "english",
            "wrong language: declared tr but the text looks like en",
        ),
        ("line 8", "not a JSON object"),
        ("bad-lang", "unknown language code"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(&format!("tilmash: failed: {id}: ")))
            .unwrap_or_else(|| panic!("no failure line for {id}:\n{stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    assert!(stderr.contains("9 pairs: 2 aligned, 7 failed"), "{stderr}");
    let units = lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(docs_of(&units), vec!["good", "good2"]);
    // Without --lang-check the English "Turkish" text is aligned (with a warning).
    let out = tilmash()
        .args(["batch", manifest.to_str().unwrap(), "--one-pass"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("tilmash: warning: english: "), "{stderr}");
    assert!(stderr.contains("looks like en"), "{stderr}");
    assert!(stderr.contains("3 aligned, 6 failed"), "{stderr}");
}

#[test]
fn output_does_not_depend_on_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.jsonl");
    // Several rounds of the fixtures, so that workers really overlap.
    let mut entries = Vec::new();
    for round in 0..4 {
        for (id, s, t, tl) in pairs() {
            entries.push((format!("{id}-{round}"), s, t, tl));
        }
    }
    jsonl_manifest(&manifest, &entries);
    let m = manifest.to_str().unwrap();
    let (one, _) = run_ok(&["batch", m, "--jobs", "1", "--dedup"]);
    let (two, _) = run_ok(&["batch", m, "--jobs", "2", "--dedup"]);
    let (five, _) = run_ok(&["batch", m, "-j", "5", "--dedup"]);
    assert_eq!(one, two);
    assert_eq!(one, five);
    let ids: Vec<String> = entries.iter().map(|e| e.0.clone()).collect();
    // Duplicates of round 0 are dropped in later rounds: only round 0's documents remain, in order.
    assert_eq!(docs_of(&lines(&one)), ids[..6].to_vec());
    let (one, _) = run_ok(&["batch", m, "--jobs", "1", "-f", "tsv", "--one-pass"]);
    let (two, _) = run_ok(&["batch", m, "--jobs", "2", "-f", "tsv", "--one-pass"]);
    assert_eq!(one, two);
    // One file per pair: written by the workers, or in order by the writer with --dedup.
    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    for dedup in [false, true] {
        let mut got = Vec::new();
        for jobs in ["1", "2"] {
            let out = dir.path().join(format!("out-{dedup}-{jobs}"));
            let mut a = vec!["batch", m, "-j", jobs, "--out-dir", out.to_str().unwrap()];
            if dedup {
                a.push("--dedup");
            }
            run_ok(&a);
            got.push(files(&out));
        }
        assert_eq!(got[0], got[1], "dedup {dedup}");
        assert_eq!(got[0].len(), entries.len());
        // With --dedup, later rounds' files hold no bead (all are duplicates of round 0).
        let empty = got[0].iter().filter(|(_, b)| b.is_empty()).count();
        assert_eq!(
            empty,
            if dedup { entries.len() - 6 } else { 0 },
            "dedup {dedup}"
        );
    }
}

#[test]
fn resume_skips_done_pairs_and_an_interrupted_run_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.jsonl");
    let mut entries = Vec::new();
    for round in 0..25 {
        for (id, s, t, tl) in pairs() {
            entries.push((format!("{id}-{round}"), s, t, tl));
        }
    }
    jsonl_manifest(&manifest, &entries);
    let m = manifest.to_str().unwrap();
    let full = dir.path().join("full");
    run_ok(&[
        "batch",
        m,
        "--one-pass",
        "--out-dir",
        full.to_str().unwrap(),
        "-j",
        "2",
    ]);
    assert_eq!(std::fs::read_dir(&full).unwrap().count(), entries.len());

    // Interrupt a run (SIGKILL: no destructor runs) once some outputs exist.
    let part = dir.path().join("part");
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tilmash"))
        .args([
            "batch",
            m,
            "--one-pass",
            "--out-dir",
            part.to_str().unwrap(),
            "-j",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while std::fs::read_dir(&part).map_or(0, |d| d.count()) < 3 {
        assert!(t0.elapsed().as_secs() < 60, "no output appeared");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done: Vec<String> = std::fs::read_dir(&part)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(
        done.len() < entries.len(),
        "the run finished before it was killed"
    );
    // Every file that is there is complete.
    for name in &done {
        assert_eq!(
            std::fs::read(part.join(name)).unwrap(),
            std::fs::read(full.join(name)).unwrap(),
            "{name} differs from the full run"
        );
    }
    // A file of a done pair that --resume must not touch, and a stale temporary file.
    let marker = part.join(&done[0]);
    std::fs::write(&marker, "kept\n").unwrap();
    std::fs::write(part.join(".tilmash-stale.part"), "half").unwrap();
    let (_, stderr) = run_ok(&[
        "batch",
        m,
        "--one-pass",
        "--out-dir",
        part.to_str().unwrap(),
        "--resume",
    ]);
    assert!(
        stderr.contains(&format!("{} skipped (output exists)", done.len())),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "kept\n");
    assert!(!part.join(".tilmash-stale.part").exists());
    for (id, ..) in &entries {
        let name = format!("{id}.jsonl");
        if part.join(&name) != marker {
            assert_eq!(
                std::fs::read(part.join(&name)).unwrap(),
                std::fs::read(full.join(&name)).unwrap()
            );
        }
    }
}

#[test]
fn streaming_round_trip_flushes_each_pair() {
    let records: Vec<String> = std::fs::read_to_string(fixture("stream.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tilmash"))
        .args(["batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // One record in, its beads out, before the next record is even written.
    writeln!(stdin, "{}", records[0]).unwrap();
    stdin.flush().unwrap();
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(first["doc"], "snow-tr");
    for r in &records[1..] {
        writeln!(stdin, "{r}").unwrap();
    }
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(child.wait().unwrap().success());
    let mut units = vec![first];
    units.extend(lines(&rest));
    // Every sentence of every record comes back exactly once, in order.
    for r in &records {
        let rec: Value = serde_json::from_str(r).unwrap();
        let id = rec["id"].as_str().unwrap();
        let mine: Vec<&Value> = units.iter().filter(|u| u["doc"] == id).collect();
        for (side, field, ids) in [
            ("source", "src_text", "src_ids"),
            ("target", "tgt_text", "tgt_ids"),
        ] {
            let squash = |s: &str| s.split_whitespace().collect::<String>();
            let joined: String = mine.iter().map(|u| u[side].as_str().unwrap()).collect();
            assert_eq!(
                squash(&joined),
                squash(rec[field].as_str().unwrap()),
                "{id} {side}"
            );
            let all: Vec<u64> = mine
                .iter()
                .flat_map(|u| {
                    u[ids]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_u64().unwrap())
                })
                .collect();
            assert_eq!(all, (0..all.len() as u64).collect::<Vec<_>>());
        }
        assert_eq!(mine[0]["tgt_lang"], rec["tgt_lang"]);
    }
    // The same texts as files, aligned one pass from a manifest: the same corpus.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.jsonl");
    jsonl_manifest(&manifest, &pairs());
    let (from_files, _) = run_ok(&["batch", manifest.to_str().unwrap(), "--one-pass"]);
    let mut all = String::new();
    for u in &units {
        all.push_str(&u.to_string());
        all.push('\n');
    }
    assert_eq!(lines(&from_files), lines(&all));
}

#[test]
fn filters_drop_beads_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A Turkish version with one English sentence left untranslated by the editor.
    let tr = std::fs::read_to_string(fixture("snow.tr.txt")).unwrap().replace(
        "Meteorologlar kar yağışının çarşamba gününe kadar sürmesini, gece sıcaklıklarının ise eksi 15 dereceye kadar düşmesini bekliyor.",
        "Forecasters expect the snow to continue until Wednesday, with temperatures falling to minus 15 degrees at night.",
    );
    std::fs::write(d.join("snow-mixed.tr"), tr).unwrap();
    let mut entries = pairs();
    entries.truncate(2);
    entries.push((
        "snow-tr-again".into(),
        fixture("snow.en.txt"),
        fixture("snow.tr.txt"),
        "tr",
    ));
    entries.push((
        "snow-mixed".into(),
        fixture("snow.en.txt"),
        d.join("snow-mixed.tr"),
        "tr",
    ));
    let manifest = d.join("m.jsonl");
    jsonl_manifest(&manifest, &entries);
    let m = manifest.to_str().unwrap();
    let (all, _) = run_ok(&["batch", m]);
    let all = lines(&all);
    let chars = |u: &Value, k: &str| {
        u[k].as_str()
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .count()
    };
    let short = |u: &Value| {
        let (a, b) = (chars(u, "source"), chars(u, "target"));
        (a > 0 && a < 25) || (b > 0 && b < 25)
    };
    let unbalanced = |u: &Value| {
        let (a, b) = (chars(u, "source"), chars(u, "target"));
        a > 0 && b > 0 && a.max(b) as f64 > 1.3 * a.min(b) as f64
    };
    // The best score: beads below it are dropped by --min-score.
    let best = all
        .iter()
        .map(|u| u["score"].as_f64().unwrap())
        .fold(0.0, f64::max);
    let best_arg = best.to_string();
    let low = |u: &Value| u["score"].as_f64().unwrap() < best;
    let again = all.iter().filter(|u| u["doc"] == "snow-tr-again").count();
    // Duplicates: a (source, target) pair seen earlier in the corpus, in any document.
    let mut seen = std::collections::HashSet::new();
    let dup: Vec<bool> = all
        .iter()
        .map(|u| !seen.insert((u["source"].to_string(), u["target"].to_string())))
        .collect();
    let is_dup = |u: &Value| dup[all.iter().position(|x| std::ptr::eq(x, u)).unwrap()];
    let untranslated = |u: &Value| u["target"].as_str().unwrap().starts_with("Forecasters");
    // Each filter alone drops exactly the beads it should, and says so in the summary.
    for (args, expected, is_dropped) in [
        (
            vec!["--min-chars", "25"],
            "--min-chars",
            &short as &dyn Fn(&Value) -> bool,
        ),
        (
            vec!["--max-length-ratio", "1.3"],
            "--max-length-ratio",
            &unbalanced,
        ),
        (vec!["--min-score", &best_arg], "--min-score", &low),
        (vec!["--lang-check"], "--lang-check", &untranslated),
        (vec!["--dedup"], "--dedup", &is_dup),
    ] {
        let mut a = vec!["batch", m];
        a.extend(&args);
        let (kept, stderr) = run_ok(&a);
        let kept = lines(&kept);
        let want: Vec<&Value> = all.iter().filter(|u| !is_dropped(u)).collect();
        let n = all.len() - want.len();
        assert!(
            n > 0,
            "{args:?} has nothing to drop: the test would prove nothing"
        );
        assert_eq!(kept.iter().collect::<Vec<_>>(), want, "{args:?}");
        assert!(
            stderr.contains(&format!("dropped by filters: {expected} {n}\n")),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(again, all.iter().filter(|u| u["doc"] == "snow-tr").count());
    // All together: each bead is counted once, under the first filter that drops it.
    let (kept, stderr) = run_ok(&[
        "batch",
        m,
        "--dedup",
        "--lang-check",
        "--min-chars",
        "25",
        "--max-length-ratio",
        "1.3",
        "--min-score",
        &best_arg,
    ]);
    let kept = lines(&kept);
    let line = stderr
        .lines()
        .find(|l| l.contains("dropped by filters"))
        .unwrap();
    let dropped: usize = line
        .split(": ")
        .nth(2)
        .unwrap()
        .split(", ")
        .map(|p| p.rsplit_once(' ').unwrap().1.parse::<usize>().unwrap())
        .sum();
    assert_eq!(kept.len() + dropped, all.len(), "{stderr}");
}

#[test]
fn a_learned_lexicon_reproduces_the_two_pass_corpus_in_streaming_mode() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.jsonl");
    jsonl_manifest(&manifest, &pairs());
    let m = manifest.to_str().unwrap();
    let lex = dir.path().join("lex.tsv");
    let (_, stderr) = run_ok(&["lexicon", "learn", m, "-o", lex.to_str().unwrap()]);
    // Two language pairs: one file each.
    let (tr, kk) = (
        dir.path().join("lex.en-tr.tsv"),
        dir.path().join("lex.en-kk.tsv"),
    );
    assert!(
        stderr.contains("en-tr:") && stderr.contains("en-kk:"),
        "{stderr}"
    );
    let tr_text = std::fs::read_to_string(&tr).unwrap();
    assert!(
        tr_text.starts_with("# tilmash corpus lexicon en-tr"),
        "{tr_text}"
    );
    assert!(
        tr_text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .all(|l| l.split('\t').count() == 3)
    );
    assert!(tr_text.lines().count() > 3, "{tr_text}");
    // The two-pass batch against one pass with the saved lexicon (per language pair).
    let (two_pass, stderr) = run_ok(&["batch", m]);
    assert!(
        stderr.contains("2 passes") && stderr.contains("corpus lexicon en-tr"),
        "{stderr}"
    );
    let stream = std::fs::read_to_string(fixture("stream.jsonl")).unwrap();
    let mut streamed: Vec<Value> = Vec::new();
    for (pair, lexicon) in [("tr", &tr), ("kk", &kk)] {
        let input: String = stream
            .lines()
            .filter(|l| serde_json::from_str::<Value>(l).unwrap()["tgt_lang"] == pair)
            .map(|l| format!("{l}\n"))
            .collect();
        let out = tilmash()
            .args(["batch", "--dict", lexicon.to_str().unwrap()])
            .write_stdin(input)
            .assert()
            .success()
            .get_output()
            .clone();
        streamed.extend(lines(&String::from_utf8(out.stdout).unwrap()));
    }
    let two_pass = lines(&two_pass);
    for id in [
        "snow-tr", "snow-kk", "univ-tr", "univ-kk", "ots-tr", "ots-kk",
    ] {
        let a: Vec<&Value> = two_pass.iter().filter(|u| u["doc"] == id).collect();
        let b: Vec<&Value> = streamed.iter().filter(|u| u["doc"] == id).collect();
        assert!(!a.is_empty());
        assert_eq!(a, b, "{id}");
    }
    // And `tilmash align --dict` reads it too.
    tilmash()
        .args([
            "align",
            ots("en.txt").to_str().unwrap(),
            ots("kk.txt").to_str().unwrap(),
            "--dict",
            kk.to_str().unwrap(),
            "-f",
            "beads",
        ])
        .assert()
        .success();
}

#[test]
fn usage_errors_exit_2() {
    tilmash()
        .args(["batch", "--resume", "-o", "x.jsonl", "m.tsv"])
        .assert()
        .code(2);
    tilmash()
        .args(["batch", "/no/such/manifest.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    std::fs::write(&m, "name,source\na,b\n").unwrap();
    tilmash()
        .args(["batch", m.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the header must name the columns"));
}

#[test]
fn a_manifest_that_reads_once_is_refused_for_two_passes() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.jsonl");
    jsonl_manifest(&manifest, &pairs()[..2]);
    let out = dir.path().join("out.jsonl");
    // A pipe given as a file (bash's process substitution): empty the second time.
    let script = format!(
        "'{}' batch <(cat '{}') -o '{}'",
        assert_cmd::cargo::cargo_bin("tilmash").display(),
        manifest.display(),
        out.display()
    );
    let status = StdCommand::new("bash")
        .args(["-c", &script])
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        stderr.contains("the manifest changed between the two passes"),
        "{stderr}"
    );
    assert!(!out.exists(), "a corpus without its pairs was written");
    // With --one-pass it works.
    let script = script.replace(" -o ", " --one-pass -o ");
    let status = StdCommand::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(status.status.success());
    assert_eq!(
        docs_of(&lines(&std::fs::read_to_string(&out).unwrap())),
        vec!["snow-tr", "snow-kk"]
    );
}
