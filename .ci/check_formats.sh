#!/usr/bin/env bash
# Checks tilmash's parallel-corpus formats with the clients users load them into: xmllint
# validates the TMX against the TMX 1.4b DTD, translate-toolkit reads the TMX, pandas the CSV and
# TSV, Python's json the JSONL, and Python's splitlines the Moses pair; every text is compared
# with tilmash's own JSONL and with the fixture.
#
# Installs what is missing (Debian's libxml2-utils; translate-toolkit and pandas from PyPI into a
# virtual environment under target/), so a second run only builds and checks.
# Usage: bash .ci/check_formats.sh     (TILMASH_CI_VENV=DIR puts the virtual environment elsewhere)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
venv="${TILMASH_CI_VENV:-$target_dir/ci-venv}"

# shellcheck source=lib.sh
source .ci/lib.sh
if ! command -v xmllint >/dev/null 2>&1; then
  echo "check_formats: installing libxml2-utils (xmllint)"
  apt_install libxml2-utils
fi
python_venv "$venv" "translate.storage.tmx, pandas" translate-toolkit pandas

cargo build --quiet --bin tilmash
tilmash="$target_dir/debug/tilmash"

fixture="tests/fixtures/formats/tricky.jsonl"
dtd="tests/fixtures/formats/tmx14.dtd"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The same bytes on every run.
export SOURCE_DATE_EPOCH=1700000000
"$tilmash" convert "$fixture" -o "$work/out.tmx" 2>>"$work/stderr"
"$tilmash" convert "$fixture" -o "$work/keep.tmx" --keep-empty 2>>"$work/stderr"
"$tilmash" convert "$work/out.tmx" -f jsonl -o "$work/from_tmx.jsonl" 2>>"$work/stderr"
"$tilmash" convert "$fixture" -o "$work/out.csv" 2>>"$work/stderr"
"$tilmash" convert "$fixture" -f jsonl -o "$work/out.jsonl" 2>>"$work/stderr"
"$tilmash" convert "$fixture" -o "$work/out.tsv" 2>>"$work/stderr"
"$tilmash" convert "$fixture" -f moses -o "$work/out" 2>>"$work/stderr"
# And back from the other formats, through tilmash's readers.
"$tilmash" convert "$work/out.csv" -f jsonl -o "$work/from_csv.jsonl" 2>>"$work/stderr"
"$tilmash" convert "$work/out" --from moses -s en -t kk -f jsonl -o "$work/from_moses.jsonl" 2>>"$work/stderr"

"$venv/bin/python" .ci/check_formats.py --fixture "$fixture" --dtd "$dtd" --dir "$work"
