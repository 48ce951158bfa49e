#!/bin/sh
# Every example compiled for every target must equal its golden file byte
# for byte, and compiling twice must give the same bytes. What a compilation
# prints on stderr (its warnings) must equal the golden FILE.stderr beside
# it, and a compilation without one must print nothing there. A missing
# golden file is a failure. Regenerate with scripts/update-golden.sh.
# Usage: golden_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/golden/cases.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/empty"
passes=0
failures=0
for example in "$root"/examples/*.fault; do
  name=$(basename "$example" .fault)
  golden_cases >"$work/cases"
  while read -r file args; do
    expected="$root/tests/golden/$name/$file"
    expected_err="$expected.stderr"
    [ -f "$expected_err" ] || expected_err="$work/empty"
    # shellcheck disable=SC2086 # args are words
    (cd "$root" && "$faultc" compile $args "examples/$name.fault") >"$work/out" 2>"$work/err"
    # shellcheck disable=SC2086
    (cd "$root" && "$faultc" compile $args "examples/$name.fault") >"$work/again" 2>/dev/null
    if [ ! -f "$expected" ]; then
      failures=$((failures + 1)); echo "FAIL: $name/$file: no golden file (run scripts/update-golden.sh)"
    elif ! cmp -s "$work/out" "$expected"; then
      failures=$((failures + 1)); echo "FAIL: $name/$file differs from its golden file:"
      diff -u "$expected" "$work/out" | head -20
    elif ! cmp -s "$work/err" "$expected_err"; then
      failures=$((failures + 1)); echo "FAIL: $name/$file: stderr differs from $name/$file.stderr (no such file: nothing on stderr):"
      diff -u "$expected_err" "$work/err" | head -20
    elif ! cmp -s "$work/out" "$work/again"; then
      failures=$((failures + 1)); echo "FAIL: $name/$file: two compilations differ"
    else
      passes=$((passes + 1))
    fi
  done <"$work/cases"
done
echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ] && [ "$passes" -gt 0 ]
