#!/bin/sh
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for
# SECONDS (default 60) from a seed corpus of examples/ and the regression
# inputs. Fails on any finding; the crashing input is left in
# build-fuzz/findings/ — once fixed, copy it to tests/fuzz/regressions/.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"frontend pipeline packet runtime"}
"$root/scripts/deps.sh"
build="$root/build-fuzz"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DFAULTC_FUZZ=ON -DFAULTC_SANITIZE=ON -DFAULTC_TESTS=OFF -DFAULTC_WERROR=ON >/dev/null
for target in $targets; do cmake --build "$build" --target "fuzz_$target" >/dev/null; done
mkdir -p "$build/findings"
for target in $targets; do
  corpus="$build/corpus-$target"
  mkdir -p "$corpus"
  cp "$root"/examples/*.fault "$root"/tests/fuzz/regressions/* "$root"/tests/fuzz/runtime-corpus/* "$corpus/" \
    2>/dev/null || true
  echo "== fuzz_$target for ${seconds}s"
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -dict="$root/tests/fuzz/faultc.dict" -artifact_prefix="$build/findings/$target-" -print_final_stats=1 \
    "$corpus" 2>"$build/fuzz-$target.log" || {
    echo "fuzz_$target found a problem:"
    tail -40 "$build/fuzz-$target.log"
    exit 1
  }
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|cov:" \
    "$build/fuzz-$target.log" | tail -4
done
