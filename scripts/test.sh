#!/bin/sh
# The whole test suite, from a fresh Debian 12 machine (as root): installs
# dependencies, builds with g++ and with clang (warnings are errors), and
# runs every test with CTest. Exits non-zero on any failure.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"

jobs=$(nproc 2>/dev/null || echo 2)

build() {
  name=$1
  shift
  cmake -S "$root" -B "$root/build-$name" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAULTC_WERROR=ON "$@" >/dev/null
  cmake --build "$root/build-$name" -j "$jobs"
}

echo "== build (g++)"
build gcc -DCMAKE_CXX_COMPILER=g++
echo "== build (clang)"
build clang -DCMAKE_CXX_COMPILER=clang++

echo "== tests (g++ build)"
ctest --test-dir "$root/build-gcc" --output-on-failure -j "$jobs"
echo "== tests (clang build)"
ctest --test-dir "$root/build-clang" --output-on-failure -j "$jobs"
