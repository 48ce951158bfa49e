#!/bin/sh
# The default protections on real netfilter, for every target: a scenario
# that drops everything both ways still leaves the host's loopback traffic
# (TCP to 127.0.0.1 and ::1 is answered) and IPv6 neighbour discovery (a
# neighbour resolves the host's address), while traffic between the hosts is
# dropped; with `expose loopback` and `expose neighbour-discovery` the same
# rules take both. (kernel.differential checks `protect` lines packet by
# packet through examples/protected-ssh.fault; its packets cannot cross
# `lo` or be neighbour discovery.)
# Usage: protect_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init protect "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"

cat >"$KT_WORK/blackout.fault" <<'FAULT'
scenario "blackout"
inbound drop for 1m  # faultc: allow W106
outbound drop for 1m  # faultc: allow W106
FAULT
{ echo "expose loopback"; echo "expose neighbour-discovery"; cat "$KT_WORK/blackout.fault"; } >"$KT_WORK/exposed.fault"

# What a TCP connect to ADDR port 9 (no listener) gets from inside NS:
# `refused` when the SYN and the reset both pass, `timeout` when either is dropped.
connect() {  # connect NS ADDR
  kt_in "$1" /usr/bin/python3 -c '
import socket, sys
family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(family, socket.SOCK_STREAM)
s.settimeout(1.5)
try:
    s.connect((sys.argv[1], 9))
    print("connected")
except ConnectionRefusedError:
    print("refused")
except OSError:
    print("timeout")
' "$2"
}

# Whether the client resolves ADDR's link-layer address: a UDP datagram to
# it starts neighbour discovery; a resolved entry has an lladdr.
resolves() {  # resolves ADDR
  ip -n "$KT_CLIENT" -6 neigh flush all
  kt_in "$KT_CLIENT" /usr/bin/python3 -c '
import socket, sys
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", (sys.argv[1], 9))' "$1"
  sleep 1.5
  ip -n "$KT_CLIENT" -6 neigh show "$1" | grep -q lladdr
}

does_not_resolve() { ! resolves "$1"; }

load() {  # load TARGET FILE: the artifact into the server namespace
  case $1 in
    nft)
      "$faultc" compile -t nft "$2" >"$KT_WORK/a.nft" && kt_in "$KT_SERVER" nft -f "$KT_WORK/a.nft" ;;
    *)
      tool=iptables-nft
      [ "$1" = iptables-legacy ] && tool=iptables-legacy
      "$faultc" compile -t iptables-restore "$2" >"$KT_WORK/a.v4" &&
        "$faultc" compile -t ip6tables-restore "$2" >"$KT_WORK/a.v6" &&
        kt_in "$KT_SERVER" "$tool-restore" --noflush <"$KT_WORK/a.v4" &&
        kt_in "$KT_SERVER" "ip6${tool#ip}-restore" --noflush <"$KT_WORK/a.v6" ;;
  esac
}

for target in nft iptables iptables-legacy; do
  kt_client_server
  kt_check "$target: the blackout loads" load "$target" "$KT_WORK/blackout.fault"
  kt_check "$target: the client's TCP to the host is dropped" test "$(connect "$KT_CLIENT" 10.0.0.1)" = timeout
  kt_check "$target: loopback is protected (IPv4)" test "$(connect "$KT_SERVER" 127.0.0.1)" = refused
  kt_check "$target: loopback is protected (IPv6)" test "$(connect "$KT_SERVER" ::1)" = refused
  kt_check "$target: the host's own address over loopback is protected" \
    test "$(connect "$KT_SERVER" 10.0.0.1)" = refused
  kt_check "$target: neighbour discovery is protected: the client resolves the host" resolves fd00::1

  kt_client_server
  kt_check "$target: the exposed blackout loads" load "$target" "$KT_WORK/exposed.fault"
  kt_check "$target: exposed loopback is dropped (IPv4)" test "$(connect "$KT_SERVER" 127.0.0.1)" = timeout
  kt_check "$target: exposed loopback is dropped (IPv6)" test "$(connect "$KT_SERVER" ::1)" = timeout
  kt_check "$target: exposed neighbour discovery is dropped: the client cannot resolve the host" \
    does_not_resolve fd00::1
done
kt_finish
