#!/bin/sh
# faultc against ferm and capirca (tests/bench/README.md): installs what is
# missing, builds faultc in Release, and runs the benchmark. Its arguments go
# to bench.py (--quick, --markdown, --runs R, ...). As root: it applies the
# artifacts inside network namespaces it creates and deletes.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"

# The peers: only this benchmark needs them, so they are not in deps.sh.
missing=""
for package in ferm python3-capirca; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
if [ -n "$missing" ]; then
  echo "bench: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  # ferm's package enables and starts its service by default, which loads
  # /etc/ferm/ferm.conf (INPUT policy DROP) into this host's firewall.
  echo "ferm ferm/enable boolean false" | debconf-set-selections
  apt-get update -qq
  # shellcheck disable=SC2086 # the list is meant to split into words
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

cmake -S "$root" -B "$root/build-bench-release" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAULTC_TESTS=OFF >/dev/null
cmake --build "$root/build-bench-release" --target faultc >/dev/null
exec /usr/bin/python3 "$root/tests/bench/bench.py" "$root/build-bench-release/tools/faultc/faultc" "$@"
