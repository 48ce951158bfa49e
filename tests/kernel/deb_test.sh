#!/bin/sh
# The Debian package round trip: cpack builds faultc_<version>_<arch>.deb;
# `apt-get install ./faultc_*.deb` installs it into a fresh root, a
# throwaway overlay of / (tmpfs upper directory) in private mount, PID and
# network namespaces, chrooted into, so the host's dpkg database and files
# stay untouched and apt cannot reach a mirror: the package's Depends must
# already be met. There faultc --version, faultc check on the shipped
# examples and man -w find what the package installed; apt-get remove then
# leaves none of its files. The namespaces take every mount with them when
# the test ends, however it ends.
# Usage: deb_test.sh BUILD_DIR SOURCE_DIR VERSION
set -u
build_dir=$1
source_dir=$2
version=$3
. "$source_dir/tests/kernel/lib.sh"
KT_NAME=kernel.deb
[ "$(id -u)" -eq 0 ] || kt_unavailable "not root"
for tool in cpack dpkg-shlibdeps dpkg-deb unshare chroot timeout apt-get man; do
  command -v "$tool" >/dev/null 2>&1 || kt_unavailable "missing $tool (scripts/deps.sh installs it)"
done

work=$(mktemp -d /tmp/faultc-deb.XXXXXX)
cleanup() {
  # The mounts live in the test's own mount namespace; should one show here
  # all the same, the directory stays rather than rm reaching through it.
  if grep -qF " $work/" /proc/self/mountinfo; then
    echo "FAIL: mounts under $work leaked out of the test's namespace; left in place"
    exit 1
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
failures=0
fail() { failures=$((failures + 1)); echo "FAIL: $1"; }
started=$(date +%s)

# The package.
deb="$work/faultc_${version}_$(dpkg --print-architecture).deb"
if ! timeout 120 cpack --config "$build_dir/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 || [ ! -f "$deb" ]; then
  fail "cpack did not write $(basename "$deb")"
  sed 's/^/  | /' "$work/cpack.log"
  ls "$work"
  exit 1
fi
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, built in $(($(date +%s) - started)) s"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
case "$depends" in *libc6*) ;; *) fail "Depends lacks libc6 (dpkg-shlibdeps did not run?): '$depends'" ;; esac
[ "$(dpkg-deb -f "$deb" Recommends)" = "nftables | iptables" ] || fail "Recommends is '$(dpkg-deb -f "$deb" Recommends)'"
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/contents"
for file in ./usr/bin/faultc ./usr/share/man/man1/faultc.1 ./usr/share/man/man1/faultc-compile.1 ./usr/share/man/man5/fault.5 \
  ./usr/share/bash-completion/completions/faultc ./usr/share/zsh/vendor-completions/_faultc \
  ./usr/share/fish/vendor_completions.d/faultc.fish ./usr/share/doc/faultc/README.md; do
  grep -qxF "$file" "$work/contents" || fail "the package lacks $file"
done

# The round trip, as pid 1 of new namespaces; --kill-child ends them all if
# timeout stops unshare.
cat >"$work/inside.sh" <<'INSIDE'
set -eu
work=$1 deb=$2 version=$3
root="$work/overlay/root"
mkdir "$work/overlay"
mount -t tmpfs -o size=1g faultc-deb "$work/overlay"
mkdir "$work/overlay/upper" "$work/overlay/work" "$root"
mount -t overlay faultc-deb -o "lowerdir=/,upperdir=$work/overlay/upper,workdir=$work/overlay/work" "$root"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
mount -t tmpfs tmpfs "$root/run"
cp "$deb" "$root/tmp/"
ip link set lo up 2>/dev/null || true
exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
  VERSION="$version" DEB="/tmp/$(basename "$deb")" /bin/sh -eu -c '
step() { echo "== $*"; }
step fresh root: faultc not installed
! dpkg-query -W -f="\${Status}" faultc 2>/dev/null | grep -q "ok installed"
! command -v faultc
step apt-get install "$DEB"
apt-get install -y -q --no-install-recommends "$DEB" >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }
[ "$(command -v faultc)" = /usr/bin/faultc ]
step faultc --version
[ "$(faultc --version)" = "faultc $VERSION" ]
step faultc check /usr/share/doc/faultc/examples/*.fault
faultc check /usr/share/doc/faultc/examples/*.fault
step man -w faultc
man -w faultc | grep -x "/usr/share/man/man1/faultc\.1.*"
man -w faultc-compile | grep -x "/usr/share/man/man1/faultc-compile\.1.*"
man -w 5 fault | grep -x "/usr/share/man/man5/fault\.5.*"
dpkg -L faultc >/tmp/files
step apt-get remove faultc
apt-get remove -y -q faultc >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }
! dpkg-query -W -f="\${Status}" faultc 2>/dev/null | grep -q "ok installed"
while read -r file; do
  if [ -f "$file" ] || [ -L "$file" ]; then echo "left behind: $file"; exit 1; fi
done </tmp/files
echo "== removed cleanly"
'
INSIDE
round_trip_start=$(date +%s)
if timeout 180 unshare --mount --pid --net --fork --kill-child --propagation private \
  sh "$work/inside.sh" "$work" "$deb" "$version" >"$work/inside.log" 2>&1; then
  sed 's/^/  | /' "$work/inside.log"
else
  fail "the install round trip failed"
  sed 's/^/  | /' "$work/inside.log"
fi
echo "round trip: $(($(date +%s) - round_trip_start)) s; the whole test: $(($(date +%s) - started)) s"
[ "$failures" -eq 0 ] && echo "kernel.deb passed"
[ "$failures" -eq 0 ]
