#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine (as root): installs
# dependencies, builds with g++ and with clang (warnings are errors; the
# clang build carries AddressSanitizer, UndefinedBehaviorSanitizer and the
# fuzzers' coverage), then runs:
#   - every test with the g++ build: unit, golden, CLI and kernel tests;
#   - the unit, golden and CLI tests again in the sanitizer build;
#   - each libFuzzer target for FAULTC_FUZZ_SECONDS (default 15: a minute in all;
#     scripts/fuzz.sh runs them for longer).
# Exits non-zero on any failure.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"

jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${FAULTC_FUZZ_SECONDS:-15}

build() {
  name=$1
  shift
  cmake -S "$root" -B "$root/build-$name" -G Ninja -DFAULTC_WERROR=ON "$@" >/dev/null
  cmake --build "$root/build-$name" -j "$jobs"
}

echo "== build (g++)"
build gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++

# The kernel tests mostly wait for scenario timers, so the sanitizer build
# runs beside them, at the lowest CPU priority so that it cannot slow the
# tests' timing-sensitive parts (the suite is about five minutes shorter).
echo "== build (clang, ASan + UBSan + fuzzers), in the background"
asan_log="$root/build-asan.log"
# shellcheck disable=SC2016 # $1 and $2 belong to the inner shell
setsid nice -n 19 sh -c '
  cmake -S "$1" -B "$1/build-asan" -G Ninja -DFAULTC_WERROR=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
    -DFAULTC_SANITIZE=ON -DFAULTC_FUZZ=ON >/dev/null && cmake --build "$1/build-asan" -j "$2"
' asan-build "$root" "$jobs" >"$asan_log" 2>&1 &
asan_build=$!
# Never leave the build running when the tests fail (setsid: it is its own
# process group, compilers included).
trap 'kill -- "-$asan_build" 2>/dev/null || true' EXIT

echo "== tests (g++ build, kernel tests included)"
ctest --test-dir "$root/build-gcc" --output-on-failure

echo "== waiting for the sanitizer build"
if ! wait "$asan_build"; then
  tail -60 "$asan_log"
  echo "the sanitizer build failed"
  exit 1
fi
trap - EXIT

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
