#!/usr/bin/env python3
"""Align a corpus of article pairs with tilmash inside Spark.

Reads a JSONL corpus (one article pair per line: {"id", "src_text", "tgt_text", "src_lang",
"tgt_lang"}), pipes each partition through `tilmash batch -` in streaming mode (JSONL records in,
JSONL beads out, one pair at a time), and writes the aligned corpus as JSONL text files, one bead
per line, in input order (part-00000, part-00001, ... concatenated give the corpus).

The tilmash binary goes to the executors with the job: `--tilmash PATH` adds it with
SparkContext.addFile, or `spark-submit --files /path/to/tilmash` ships it and this script finds it
by name with SparkFiles.get. A lexicon (`tilmash lexicon learn`) goes the same way with --dict.

    python examples/spark_pipe.py pairs.jsonl aligned/ --tilmash target/release/tilmash
    spark-submit --master yarn --files target/release/tilmash,lexicon.en-kk.tsv \\
        examples/spark_pipe.py hdfs:///corpus/pairs.jsonl hdfs:///corpus/aligned \\
        --dict lexicon.en-kk.tsv

A record tilmash cannot align (empty text, binary data, wrong language with --lang-check) is
reported on the executor's stderr with its id and counted; the others are written. With
--strict, such a record fails the job instead.
"""

import argparse
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import threading


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSONL corpus of article pairs (any path Spark reads)")
    p.add_argument("output", help="folder for the aligned corpus (must not exist)")
    p.add_argument(
        "--tilmash",
        help="the tilmash binary to ship to the executors (default: shipped with "
        "spark-submit --files, found by the name 'tilmash')",
    )
    p.add_argument("--dict", help="a lexicon for every pair (shipped like the binary)")
    p.add_argument(
        "--master",
        help="Spark master (default: spark-submit's --master, else local[2])",
    )
    p.add_argument("--partitions", type=int, default=2, help="partitions of the input (default 2)")
    p.add_argument(
        "--tilmash-args",
        default="",
        help="more options for `tilmash batch`, e.g. '--min-score 0.5 --max-length-ratio 2'",
    )
    p.add_argument("--strict", action="store_true", help="fail the job when a record fails")
    return p.parse_args(argv)


def executable(path):
    """The shipped file, executable (a fetched file may have lost its mode bits)."""
    mode = os.stat(path).st_mode
    if mode & stat.S_IXUSR:
        return path
    try:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path
    except OSError:
        copy = os.path.join(tempfile.mkdtemp(prefix="tilmash-"), os.path.basename(path))
        shutil.copy(path, copy)
        os.chmod(copy, 0o755)
        return copy


def make_partition_fn(binary_name, dict_name, extra_args, strict, failures):
    """The function each task runs: feed its records to tilmash, yield tilmash's output lines."""

    def run(records):
        from pyspark import SparkFiles

        cmd = [executable(SparkFiles.get(binary_name)), "batch", "-", "--jobs", "1"]
        if dict_name:
            cmd += ["--dict", SparkFiles.get(dict_name)]
        cmd += extra_args
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err
            )

            def feed():
                # As RDD.pipe does: write in a thread, so that reading the output never waits
                # for the input to end (tilmash answers each record as it comes).
                try:
                    for line in records:
                        proc.stdin.write(line.encode("utf-8") + b"\n")
                finally:
                    proc.stdin.close()

            writer = threading.Thread(target=feed, daemon=True)
            writer.start()
            for line in proc.stdout:
                yield line.decode("utf-8").rstrip("\n")
            writer.join()
            code = proc.wait()
            err.seek(0)
            messages = err.read().decode("utf-8", "replace")
        failed = [l for l in messages.splitlines() if l.startswith("tilmash: failed: ")]
        for l in failed:
            print(l, file=sys.stderr)
        failures.add(len(failed))
        # Exit 1: some records failed (reported above), the others were written.
        if code not in (0, 1) or (code == 1 and (strict or not failed)):
            raise RuntimeError("tilmash exited with %d:\n%s" % (code, messages))

    return run


def main(argv):
    args = parse_args(argv)
    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("tilmash-align")
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[2]")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    try:
        if args.tilmash:
            sc.addFile(os.path.abspath(args.tilmash))
            binary_name = os.path.basename(args.tilmash)
        else:
            binary_name = "tilmash"
        dict_name = None
        if args.dict:
            if os.path.exists(args.dict):
                sc.addFile(os.path.abspath(args.dict))
            dict_name = os.path.basename(args.dict)
        failures = sc.accumulator(0)
        fn = make_partition_fn(
            binary_name, dict_name, shlex.split(args.tilmash_args), args.strict, failures
        )
        records = sc.textFile(args.input, minPartitions=args.partitions).filter(
            lambda l: l.strip()
        )
        records.mapPartitions(fn).saveAsTextFile(args.output)
        print(
            "spark_pipe: aligned corpus in %s; %d record(s) failed%s"
            % (
                args.output,
                failures.value,
                " (see the executors' stderr)" if failures.value else "",
            ),
            file=sys.stderr,
        )
    finally:
        sc.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
