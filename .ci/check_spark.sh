#!/usr/bin/env bash
# Runs examples/spark_pipe.py for real (PySpark, local[2]) on the batch fixtures and checks that
# the corpus Spark writes equals `tilmash batch` run locally on the same input, byte for byte.
#
# Installs what is missing: Java (Debian's openjdk-17-jre-headless) and pyspark from PyPI into a
# virtual environment under target/, so a second run only builds and checks.
# Usage: bash .ci/check_spark.sh     (TILMASH_SPARK_VENV=DIR puts the virtual environment elsewhere)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
venv="${TILMASH_SPARK_VENV:-$target_dir/spark-venv}"

# shellcheck source=lib.sh
source .ci/lib.sh
if ! command -v java >/dev/null 2>&1; then
  echo "check_spark: installing Java (openjdk-17-jre-headless)"
  apt_install openjdk-17-jre-headless
fi
python_venv "$venv" pyspark pyspark

cargo build --quiet --bin tilmash
tilmash="$target_dir/debug/tilmash"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The input: the fixture pairs three times under new ids, and one record tilmash must refuse.
"$venv/bin/python" .ci/spark_input.py tests/fixtures/batch/stream.jsonl 3 >"$work/input.jsonl"
options="--max-length-ratio 4"

# Spark: local[2], two partitions, the binary shipped with addFile and found with SparkFiles.
export PYSPARK_PYTHON="$venv/bin/python" SPARK_LOCAL_IP=127.0.0.1
"$venv/bin/python" examples/spark_pipe.py "$work/input.jsonl" "$work/spark-out" \
  --tilmash "$tilmash" --partitions 2 --tilmash-args "$options" 2>"$work/spark.log" || {
  cat "$work/spark.log" >&2
  echo "check_spark: the Spark job failed" >&2
  exit 1
}

# Local: the same records through `tilmash batch -`; exit 1 is expected (one bad record).
status=0
# shellcheck disable=SC2086
"$tilmash" batch - --jobs 1 $options <"$work/input.jsonl" >"$work/local.jsonl" 2>"$work/local.log" || status=$?
if [ "$status" -ne 1 ]; then
  cat "$work/local.log" >&2
  echo "check_spark: tilmash batch exited with $status, expected 1 (one bad record)" >&2
  exit 1
fi

fail() {
  echo "check_spark: $*" >&2
  exit 1
}
[ -f "$work/spark-out/_SUCCESS" ] || fail "Spark wrote no _SUCCESS marker"
parts=$(find "$work/spark-out" -name 'part-*' | wc -l)
[ "$parts" -ge 2 ] || fail "expected at least 2 partitions, got $parts"
cat "$work/spark-out"/part-* >"$work/spark.jsonl"
beads=$(wc -l <"$work/local.jsonl")
[ "$beads" -gt 100 ] || fail "only $beads beads aligned locally"
cmp "$work/spark.jsonl" "$work/local.jsonl" || {
  diff <(head -c 2000 "$work/spark.jsonl") <(head -c 2000 "$work/local.jsonl") >&2 || true
  fail "the Spark corpus differs from tilmash batch run locally"
}
grep -q "1 record(s) failed" "$work/spark.log" || {
  cat "$work/spark.log" >&2
  fail "Spark did not count the bad record"
}
grep -q "tilmash: failed: empty-record: " "$work/local.log" || fail "the bad record was not reported locally"
echo "check_spark: Spark ($parts partitions) and tilmash batch agree on $beads beads; the bad record was reported by both"
