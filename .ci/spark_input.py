"""Writes the Spark check's input: the streaming fixture ROUNDS times under new ids, then one
record with an empty text that tilmash must report and skip.

Usage: python .ci/spark_input.py FIXTURE.jsonl ROUNDS > input.jsonl
"""

import json
import sys


def main(path, rounds):
    records = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    out = sys.stdout
    for r in range(rounds):
        for rec in records:
            rec = dict(rec, id="%s-%d" % (rec["id"], r))
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    bad = dict(records[0], id="empty-record", tgt_text="  \n")
    out.write(json.dumps(bad, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
