#!/bin/sh
# Quick start: install dependencies, build faultc (Release) and compile the
# incident scenario to an nft script. Usage: scripts/quickstart.sh [FILE.fault]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
cmake -S "$root" -B "$root/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAULTC_TESTS=OFF >/dev/null
cmake --build "$root/build-release" --target faultc >/dev/null
file=${1:-"$root/examples/half-open.fault"}
"$root/build-release/tools/faultc/faultc" compile -t nft "$file"
