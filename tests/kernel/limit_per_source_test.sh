#!/bin/sh
# Limits with patterns, per source and per connection, on real netfilter for
# every target (nft, iptables-nft, iptables-legacy): a burst beyond the limit
# from one source loses its excess, and a second source sending right after
# still gets its whole burst through (a bucket per source, IPv4 and IPv6);
# two connections of one source are counted apart (per connection); a limit
# on SYN counts SYNs only, so data segments of the same source all pass.
# An observer table in the server namespace counts what survives every
# filter (priority 100, after faultc's nft chains at -10 and iptables' 0).
# The rates are 1/m, so no bucket refills during the test.
# Usage: limit_per_source_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init limit-per-source "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"

cat >"$KT_WORK/limits.fault" <<'FAULT'
scenario "limit-per-source"
udp to port 5000 limit 1/m burst 3 per source for 30s
tcp to port 5001 limit SYN 1/m burst 3 per source for 30s
udp to port 5002 limit 1/m burst 4 per connection for 30s
udp to port 5003 limit 1kbyte/s burst 1kbyte per source for 30s
FAULT

sent=10  # packets of each kind from each source: far over each burst

observer() {  # observer NS: counts, by comment, what survives the filters
  kt_in "$1" nft -f - <<'NFT'
table inet obs {
	chain input {
		type filter hook input priority 100; policy accept;
		ip saddr 10.0.0.5 udp dport 5000 counter comment "u4a"
		ip saddr 10.0.0.6 udp dport 5000 counter comment "u4b"
		ip6 saddr fd00::5 udp dport 5000 counter comment "u6a"
		ip6 saddr fd00::6 udp dport 5000 counter comment "u6b"
		ip saddr 10.0.0.5 tcp dport 5001 tcp flags & (syn|ack) == syn counter comment "syn"
		ip saddr 10.0.0.5 tcp dport 5001 tcp flags & (syn|ack) == ack counter comment "data"
		ip saddr 10.0.0.5 udp sport 41000 udp dport 5002 counter comment "c1"
		ip saddr 10.0.0.5 udp sport 41001 udp dport 5002 counter comment "c2"
		ip saddr 10.0.0.5 udp dport 5003 counter comment "b4a"
		ip saddr 10.0.0.6 udp dport 5003 counter comment "b4b"
	}
}
NFT
}

count() {  # count NS NAME -> packets the observer counted under NAME
  kt_in "$1" nft list chain inet obs input | sed -n "s/.*counter packets \([0-9]*\) .*comment \"$2\".*/\1/p"
}

udp_burst() {  # udp_burst SRC DST PORT [SPORT]: $sent datagrams from SRC
  kt_in "$KT_CLIENT" /usr/bin/python3 - "$@" "$sent" <<'PY'
import socket, sys
src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
sport, count = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else (0, int(sys.argv[4]))
s = socket.socket(socket.AF_INET6 if ":" in dst else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((src, sport))
for _ in range(count):
    s.sendto(b"x" * 200, (dst, port))  # 228 bytes in IPv4: a byte limit passes a few
PY
}

tcp_segments() {  # tcp_segments: $sent SYNs and $sent ACK data segments from 10.0.0.5 to port 5001
  kt_in "$KT_CLIENT" /usr/bin/python3 - "$sent" <<'PY'
import sys
from scapy.all import IP, TCP, Raw, conf, send
from scapy.supersocket import L3RawSocket
conf.L3socket = L3RawSocket  # the kernel routes and resolves: no scapy ARP
n = int(sys.argv[1])
packets = [IP(src="10.0.0.5", dst="10.0.0.1") / TCP(sport=42000 + i, dport=5001, flags="S", seq=1000 + i)
           for i in range(n)]
packets += [IP(src="10.0.0.5", dst="10.0.0.1") / TCP(sport=43000 + i, dport=5001, flags="A", seq=1, ack=1) /
            Raw(b"y" * 20) for i in range(n)]
send(packets, verbose=0)
PY
}

"$faultc" check "$KT_WORK/limits.fault" || kt_fail "the scenario does not check"
for target in nft iptables iptables-legacy; do
  kt_client_server
  observer "$KT_SERVER" || { kt_fail "$target: observer did not load"; continue; }
  kt_background "$KT_WORK/run.out" env FAULTC_STATE_DIR="$KT_WORK/state-$target" \
    timeout 60 ip netns exec "$KT_SERVER" "$faultc" run -t "$target" "$KT_WORK/limits.fault"
  runner=$KT_BG
  kt_check "$target: applied" kt_wait_for 10 grep -q applied "$KT_WORK/run.out"
  # IPv6 neighbours first, so that no datagram waits on discovery.
  kt_in "$KT_CLIENT" ping -6 -c1 -W2 -I fd00::5 fd00::1 >/dev/null 2>&1
  kt_in "$KT_CLIENT" ping -6 -c1 -W2 -I fd00::6 fd00::1 >/dev/null 2>&1

  # Source A's whole burst first, then source B's.
  for source in 10.0.0.5 10.0.0.6; do kt_check "$target: send from $source" udp_burst "$source" 10.0.0.1 5000; done
  for source in fd00::5 fd00::6; do kt_check "$target: send from $source" udp_burst "$source" fd00::1 5000; done
  kt_check "$target: send the TCP segments" tcp_segments
  for sport in 41000 41001; do kt_check "$target: send from port $sport" udp_burst 10.0.0.5 10.0.0.1 5002 "$sport"; done
  for source in 10.0.0.5 10.0.0.6; do kt_check "$target: send bytes from $source" udp_burst "$source" 10.0.0.1 5003; done
  sleep 0.5
  got_u4a=$(count "$KT_SERVER" u4a) got_u4b=$(count "$KT_SERVER" u4b)
  got_u6a=$(count "$KT_SERVER" u6a) got_u6b=$(count "$KT_SERVER" u6b)
  got_syn=$(count "$KT_SERVER" syn) got_data=$(count "$KT_SERVER" data)
  got_c1=$(count "$KT_SERVER" c1) got_c2=$(count "$KT_SERVER" c2)
  got_b4a=$(count "$KT_SERVER" b4a) got_b4b=$(count "$KT_SERVER" b4b)
  echo "$target: of $sent each, passed: IPv4 source A $got_u4a, then B $got_u4b; IPv6 A $got_u6a, B $got_u6b;" \
    "SYNs $got_syn, data $got_data; connection 1 $got_c1, connection 2 $got_c2; bytes A $got_b4a, B $got_b4b"
  kt_check "$target: source A's burst of $sent loses all but the burst of 3" test "$got_u4a" = 3
  kt_check "$target: source B right after gets its own burst of 3" test "$got_u4b" = 3
  kt_check "$target: the same per IPv6 source (A)" test "$got_u6a" = 3
  kt_check "$target: the same per IPv6 source (B)" test "$got_u6b" = 3
  kt_check "$target: limit SYN passes 3 of the SYNs" test "$got_syn" = 3
  kt_check "$target: ... and every data segment (not SYN: not counted)" test "$got_data" = "$sent"
  kt_check "$target: per connection, the first connection gets its burst of 4" test "$got_c1" = 4
  kt_check "$target: ... and a second connection of the same source its own 4" test "$got_c2" = 4
  # A byte bucket holds the rate plus the burst in nft, the burst alone in
  # hashlimit: the count differs by target, never by source.
  kt_check "$target: a byte limit per source passes some of A's datagrams, not all" \
    test "$got_b4a" -gt 0 -a "$got_b4a" -lt "$sent"
  kt_check "$target: ... and as many of B's, sent right after" test "$got_b4b" = "$got_b4a"

  # Ctrl-C ends the run early: it reverts, verifies, and exits 128 + SIGINT.
  kill -INT "$runner" 2>/dev/null
  status=0
  wait "$runner" || status=$?
  kt_check "$target: the run reverts when interrupted (exit 130)" test "$status" -eq 130
  kt_ruleset "$KT_SERVER" >"$KT_WORK/after"
  kt_check "$target: nothing of the scenario is left" sh -c "! grep -qi faultc '$KT_WORK/after'"
done
kt_finish
