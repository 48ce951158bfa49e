#!/bin/sh
# The sanitizer half of scripts/test.sh, which runs it beside the kernel
# tests: the clang build with AddressSanitizer, UndefinedBehaviorSanitizer
# and the fuzzers' coverage (warnings are errors), the unit, golden and CLI
# tests in it, then each libFuzzer target for FUZZ_SECONDS.
# Usage: sanitizer-lane.sh ROOT JOBS FUZZ_SECONDS
# Exits non-zero on any failure.
set -eu
root=$1
jobs=$2
fuzz_seconds=$3

echo "== build (clang, ASan + UBSan + fuzzers)"
cmake -S "$root" -B "$root/build-asan" -G Ninja -DFAULTC_WERROR=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DFAULTC_SANITIZE=ON -DFAULTC_FUZZ=ON >/dev/null
cmake --build "$root/build-asan" -j "$jobs" >"$root/build-asan/build.log" 2>&1 || {
  tail -60 "$root/build-asan/build.log"
  echo "the sanitizer build failed"
  exit 1
}

echo "== tests (sanitizer build: unit, golden, CLI)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$root/build-asan" --output-on-failure -LE kernel -j "$jobs"

echo "== fuzzing (${fuzz_seconds}s per target)"
findings="$root/build-asan/fuzz-findings"
mkdir -p "$findings"
for target in frontend pipeline packet runtime; do
  corpus="$root/build-asan/fuzz-corpus-$target"
  mkdir -p "$corpus"
  cp "$root"/examples/*.fault "$root"/tests/fuzz/regressions/* "$root"/tests/fuzz/runtime-corpus/* "$corpus/"
  if ! "$root/build-asan/tests/fuzz/fuzz_$target" -max_total_time="$fuzz_seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -dict="$root/tests/fuzz/faultc.dict" -artifact_prefix="$findings/$target-" \
    -print_final_stats=1 "$corpus" >"$root/build-asan/fuzz-$target.log" 2>&1; then
    echo "fuzz_$target found a problem:"
    tail -40 "$root/build-asan/fuzz-$target.log"
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec)" "$root/build-asan/fuzz-$target.log" |
    sed "s/^/fuzz_$target: /"
done
echo "fuzz: 4 passed, 0 failed"
