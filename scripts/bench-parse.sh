#!/bin/sh
# Parser throughput in a Release build: prints lines per second for
# generated scenarios of 1k to 1M lines; then time and heap per pipeline
# stage (parse, analyze, lint, lower, each emitter) for 1k to 1M rules.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
cmake -S "$root" -B "$root/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAULTC_TESTS=ON >/dev/null
cmake --build "$root/build-bench" --target faultc_parse_bench faultc_stages_bench >/dev/null
"$root/build-bench/tests/bench/faultc_parse_bench"
"$root/build-bench/tests/bench/faultc_stages_bench"
