#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine (as root): installs
# dependencies, builds with g++ and with clang (warnings are errors; the
# clang build carries AddressSanitizer, UndefinedBehaviorSanitizer and the
# fuzzers' coverage), then runs:
#   - every test with the g++ build: unit, golden, CLI and kernel tests;
#   - beside them (scripts/sanitizer-lane.sh): the clang build, the unit,
#     golden and CLI tests again in it, and each libFuzzer target for
#     FAULTC_FUZZ_SECONDS (default 15: a minute in all; scripts/fuzz.sh runs
#     them for longer).
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

# The sanitizer lane (build, unit/golden/CLI tests, fuzzing) runs beside the
# kernel tests, which mostly wait for scenario timers, at the lowest CPU
# priority so that it cannot slow their timing-sensitive parts: the whole
# suite is that lane's length shorter (about eight minutes).
echo "== sanitizer lane (clang, ASan + UBSan + fuzzers), in the background: $root/build-asan.log"
asan_log="$root/build-asan.log"
# setsid: the lane is its own process group, so the trap below can stop all
# of it, compilers and fuzzers included, when the kernel tests fail.
setsid nice -n 19 sh "$root/scripts/sanitizer-lane.sh" "$root" "$jobs" "$fuzz_seconds" >"$asan_log" 2>&1 &
lane=$!
trap 'kill -- "-$lane" 2>/dev/null || true' EXIT

echo "== tests (g++ build, kernel tests included)"
ctest --test-dir "$root/build-gcc" --output-on-failure

echo "== waiting for the sanitizer lane"
lane_status=0
wait "$lane" || lane_status=$?
trap - EXIT
cat "$asan_log"
if [ "$lane_status" -ne 0 ]; then
  echo "the sanitizer lane failed"
  exit 1
fi
