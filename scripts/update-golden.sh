#!/bin/sh
# Regenerates tests/golden/ from examples/ with the current build: each
# artifact, and beside it FILE.stderr with what the compilation printed on
# stderr when it printed anything. Review the diff (git status and git diff
# tests/golden) before committing it.
# Usage: scripts/update-golden.sh [FAULTC]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
faultc=${1:-"$root/build-gcc/tools/faultc/faultc"}
. "$root/tests/golden/cases.sh"
cd "$root"
for example in examples/*.fault; do
  name=$(basename "$example" .fault)
  mkdir -p "tests/golden/$name"
  golden_cases | while read -r file args; do
    golden="tests/golden/$name/$file"
    # shellcheck disable=SC2086 # args are words
    "$faultc" compile $args "$example" >"$golden" 2>"$golden.stderr"
    [ -s "$golden.stderr" ] || rm "$golden.stderr"
  done
done
echo "golden files regenerated; review with: git status tests/golden; git diff --stat tests/golden"
