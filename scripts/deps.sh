#!/bin/sh
# Installs what faultc needs to build and test on Debian 12, as root.
# Installs only what is missing, so a prepared machine pays nothing.
set -eu

PACKAGES="cmake ninja-build g++ clang libclang-rt-14-dev tao-pegtl-dev libfmt-dev libcli11-dev catch2 python3 python3-jsonschema \
  libjemalloc-dev iproute2 nftables iptables shellcheck coreutils util-linux procps time python3-scapy"

missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "faultc: missing packages:$missing; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "faultc: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # the list is meant to split into words
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
