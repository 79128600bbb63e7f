"""Loads tilmash's outputs with the clients users load them into and compares the text.

Called by check_formats.sh with the fixture (JSONL), the TMX DTD and the folder of outputs. The
expected text of each format is computed here, independently of tilmash, from the fixture and
what docs/formats.md promises: CSV and JSONL keep everything; TMX drops the characters XML 1.0
forbids; TSV turns tabs and line breaks into spaces, Moses line breaks; TMX, TSV and Moses leave
out one-sided beads unless --keep-empty.
"""

import argparse
import csv
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
from translate.storage import tmx

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok    " if ok else "FAIL  ") + name + ("" if ok else ": " + detail))


def same(name, got, want):
    if got == want:
        check(name, True)
        return
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            check(name, False, f"item {i}: got {g!r}, want {w!r}")
            return
    check(name, False, f"{len(got)} items, want {len(want)}")


def xml_clean(s):
    return XML_FORBIDDEN.sub("", s)


def one_line(s, tabs):
    s = s.replace("\r\n", " ")
    breaks = LINE_BREAKS + ("\t" if tabs else "")
    return "".join(" " if c in breaks else c for c in s)


def two_sided(units):
    return [u for u in units if u["source"] and u["target"]]


def read_jsonl(path):
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[-1] == "", "a JSONL file ends with a line end"
    return [json.loads(line) for line in lines[:-1]], text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--dtd", required=True)
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()
    d = Path(args.dir)
    fixture, _ = read_jsonl(args.fixture)
    pairs = two_sided(fixture)

    # TMX: valid against the DTD, and translate-toolkit reads the exact text.
    for name in ["out.tmx", "keep.tmx"]:
        r = subprocess.run(
            ["xmllint", "--noout", "--dtdvalid", args.dtd, str(d / name)],
            capture_output=True,
            text=True,
        )
        check(f"xmllint --dtdvalid tmx14.dtd {name}", r.returncode == 0, r.stderr.strip())
    store = tmx.tmxfile.parsefile(str(d / "out.tmx"))
    tt = [(u.source, u.target) for u in store.units]
    same(
        "translate-toolkit reads out.tmx: text = fixture without XML-forbidden characters",
        tt,
        [(xml_clean(u["source"]), xml_clean(u["target"])) for u in pairs],
    )
    from_tmx, _ = read_jsonl(d / "from_tmx.jsonl")
    same("translate-toolkit text = tilmash's JSONL from the same TMX", tt, [(u["source"], u["target"]) for u in from_tmx])
    same(
        "tilmash reads back ids, score, languages and document from TMX props",
        [{k: v for k, v in u.items() if k not in ("source", "target")} for u in from_tmx],
        [{k: v for k, v in u.items() if k not in ("source", "target")} for u in pairs],
    )
    keep = tmx.tmxfile.parsefile(str(d / "keep.tmx"))
    same(
        "translate-toolkit reads keep.tmx (--keep-empty): one-sided beads as empty segments",
        [(u.source, u.target) for u in keep.units],
        [(xml_clean(u["source"]), xml_clean(u["target"])) for u in fixture],
    )
    check("TMX header srclang is en", store.sourcelanguage == "en", str(store.sourcelanguage))

    # CSV: pandas reads every field exactly, one-sided beads included.
    df = pd.read_csv(d / "out.csv", dtype=str, keep_default_na=False)
    check(
        "pandas reads the CSV header",
        list(df.columns) == ["source", "target", "score", "src_ids", "tgt_ids", "src_lang", "tgt_lang", "doc"],
        str(list(df.columns)),
    )
    same(
        "pandas CSV text = fixture (all beads, every character)",
        list(zip(df["source"], df["target"])),
        [(u["source"], u["target"]) for u in fixture],
    )
    same(
        "pandas CSV ids, languages, document = fixture",
        list(zip(df["src_ids"], df["tgt_ids"], df["src_lang"], df["tgt_lang"], df["doc"])),
        [
            (" ".join(map(str, u["src_ids"])), " ".join(map(str, u["tgt_ids"])), u["src_lang"], u["tgt_lang"], u["doc"])
            for u in fixture
        ],
    )
    scores = pd.read_csv(d / "out.csv", keep_default_na=True)["score"].tolist()
    check(
        "pandas CSV scores are numbers equal to the fixture's",
        all((u["score"] is None and math.isnan(s)) or s == u["score"] for s, u in zip(scores, fixture)),
        str(scores),
    )
    from_csv, _ = read_jsonl(d / "from_csv.jsonl")
    same("tilmash reads its CSV back to the fixture", from_csv, fixture)

    # JSONL: Python's json gives the fixture back, and no line splitter sees extra lines.
    out, text = read_jsonl(d / "out.jsonl")
    same("json.loads per line = fixture (all fields)", out, fixture)
    check("str.splitlines sees one line per bead in the JSONL", len(text.splitlines()) == len(fixture))
    pj = pd.read_json(d / "out.jsonl", lines=True, dtype=False)
    same(
        "pandas read_json(lines=True) text = fixture",
        list(zip(pj["source"], pj["target"])),
        [(u["source"], u["target"]) for u in fixture],
    )

    # TSV: one pair per line, tabs and line breaks as spaces, for pandas and for splitlines.
    text = (d / "out.tsv").read_text(encoding="utf-8")
    check("str.splitlines sees one line per pair in the TSV", len(text.splitlines()) == len(pairs))
    tsv = pd.read_csv(
        d / "out.tsv", sep="\t", header=None, quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False
    )
    same(
        "pandas TSV text = fixture with tabs and line breaks as spaces",
        list(zip(tsv[0], tsv[1])),
        [(one_line(u["source"], True), one_line(u["target"], True)) for u in pairs],
    )
    same(
        "pandas TSV scores",
        list(tsv[2]),
        ["" if u["score"] is None else repr(u["score"]) for u in pairs],
    )

    # Moses: line k of one file translates line k of the other.
    en = (d / "out.en").read_text(encoding="utf-8").splitlines()
    kk = (d / "out.kk").read_text(encoding="utf-8").splitlines()
    same(
        "Moses pair read with str.splitlines = fixture with line breaks as spaces",
        list(zip(en, kk)),
        [(one_line(u["source"], False), one_line(u["target"], False)) for u in pairs],
    )
    from_moses, _ = read_jsonl(d / "from_moses.jsonl")
    same("tilmash reads its Moses pair back", [(u["source"], u["target"]) for u in from_moses], list(zip(en, kk)))

    failed = results.count(False)
    print(f"check_formats: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
