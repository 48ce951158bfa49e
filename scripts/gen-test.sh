#!/bin/sh
# A longer soak of the generated-scenario test (tests/kernel/generated_test.sh):
# N scenarios (default 2000) from SEED (default: a new one, printed), built
# first if needed. Needs root (it creates network namespaces). The run's
# environment passes through: FAULTC_GEN_AVOID, FAULTC_GEN_PACKETS,
# FAULTC_GEN_RUNS, FAULTC_GEN_SKIP (docs/testing.md, "Generated scenarios").
# Usage: scripts/gen-test.sh [N] [SEED]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-2000}
seed=${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
build="$root/build-gcc"
if [ ! -x "$build/tools/faultc/faultc" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DFAULTC_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=g++ >/dev/null
fi
cmake --build "$build" --target faultc >/dev/null
echo "gen-test: $count scenarios, seed $seed (scripts/gen-test.sh $count $seed repeats this soak)"
FAULTC_GEN_COUNT=$count FAULTC_GEN_SEED=$seed exec sh "$root/tests/kernel/generated_test.sh" "$build/tools/faultc/faultc" "$root"
