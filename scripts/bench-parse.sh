#!/bin/sh
# Parser throughput in a Release build: prints lines per second for
# generated scenarios of 1k to 1M lines.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
cmake -S "$root" -B "$root/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build-release" --target faultc_parse_bench >/dev/null
"$root/build-release/tests/bench/faultc_parse_bench"
