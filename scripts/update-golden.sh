#!/bin/sh
# Regenerates tests/golden/ from examples/ with the current build: review the
# diff (git diff tests/golden) before committing it.
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
    # shellcheck disable=SC2086 # args are words
    "$faultc" compile $args "$example" >"tests/golden/$name/$file"
  done
done
echo "golden files regenerated; review with: git diff --stat tests/golden"
