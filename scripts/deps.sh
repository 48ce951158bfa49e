#!/bin/sh
# Installs what faultc needs to build and test on Debian 12, as root.
# Installs only what is missing, so a prepared machine pays nothing.
set -eu

# What building the faultc binary alone needs (-DFAULTC_TESTS=OFF):
# `deps.sh build` installs only these (the GitHub action, action.yml).
BUILD_PACKAGES="cmake ninja-build g++ tao-pegtl-dev libfmt-dev libcli11-dev libjemalloc-dev"
# openssh-server and ansible-core are for kernel.fleet, whose namespaces run
# their own sshd; the host's own sshd stays stopped (install_without_sshd).
# pre-commit, git and python3-yaml are for cli.pre_commit_hooks and cli.action.
# help2man makes the man pages, man-db reads them (cli.man, kernel.deb);
# dpkg-dev's dpkg-shlibdeps computes the .deb's Depends (docs/install.md).
PACKAGES="$BUILD_PACKAGES clang libclang-rt-14-dev catch2 python3 \
  python3-jsonschema iproute2 nftables iptables shellcheck coreutils util-linux procps time python3-scapy \
  openssh-client openssh-server ansible-core pre-commit git python3-yaml help2man man-db dpkg-dev"
if [ "${1:-}" = build ]; then PACKAGES=$BUILD_PACKAGES; fi

missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "faultc: missing packages:$missing; run as root or install them with apt-get" >&2
  exit 1
fi

# Installing openssh-server would start the host's sshd now and enable it at
# boot (systemd, sysvinit and runit links). The tests need only the binary:
# a policy-rc.d that refuses every start covers the install, then what the
# package enabled is disabled, and /etc/ssh/sshd_not_to_be_run (Debian's
# switch, read by the unit, the init script and the runit service) keeps any
# later upgrade from starting it. Only when this script installed it.
policy=/usr/sbin/policy-rc.d
own_policy=0
cleanup() { if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
case " $missing " in
  *" openssh-server "*)
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\n# faultc scripts/deps.sh: no daemon starts while it installs\nexit 101\n' > "$policy"
      chmod 755 "$policy"
      own_policy=1
    fi
    mkdir -p /etc/ssh
    touch /etc/ssh/sshd_not_to_be_run
    ;;
esac

echo "faultc: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y -qq --no-install-recommends $missing >/dev/null

case " $missing " in
  *" openssh-server "*)
    # systemctl works on the unit files when systemd is not running; both
    # leave the package's "was enabled" state false, so upgrades keep it off.
    if command -v systemctl >/dev/null 2>&1; then systemctl --quiet disable ssh.service >/dev/null 2>&1 || true; fi
    update-rc.d ssh disable >/dev/null 2>&1 || true
    if [ -h /etc/runit/runsvdir/default/ssh ]; then  # runit's way to say "disabled by the admin"
      rm -f /etc/runit/runsvdir/default/ssh
      ln -sf /etc/sv/ssh /etc/runit/runsvdir/default/.ssh
    fi
    echo "faultc: installed openssh-server for the tests with the host's sshd disabled" \
      "(remove /etc/ssh/sshd_not_to_be_run and enable ssh.service to use it)" >&2
    ;;
esac
