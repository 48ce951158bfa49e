#!/bin/sh
# The `half-open` preset against a bulk sender, on real netfilter for every
# target. A bulk sender's data segments carry ACK alone (PSH only on the last
# segment of a write), so an `allow ACK` that looks at flags only lets them
# by. The preset drops every segment with payload first: the server
# application gets 0 bytes over IPv4 and IPv6, and a bare FIN never arrives
# either, while the handshake completes and another client is unaffected.
# The founding one-liner `allow SYN, ACK; drop rest`, on another port,
# delivers the leading ACK-only data segments, as the README and `explain`
# say: the difference between the two is what this test is for.
# Usage: half_open_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init half-open "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"

cat >"$KT_WORK/half-open.fault" <<'FAULT'
scenario "half-open-bulk"
host victim = { 10.0.0.5, fd00::5 }
from victim to port 1234 half-open for 12s
from victim to port 1235 allow SYN, ACK; drop rest for 12s
FAULT

bulk=60000  # bytes in one write: about 40 full-sized segments, and it fits in the send buffer

received_bytes() {  # received_bytes DIR PEER -> how many bytes the application got from PEER
  wc -c <"$1/$2.log" 2>/dev/null || echo 0
}

# A probe server on PORT logging into DIR. Each target gets its own
# directories: after a run reverts, the connections it stalled in the
# previous target's namespaces retransmit their data and FIN, and reach
# that target's servers at last.
probe_server() {  # probe_server PORT DIR
  mkdir -p "$2"
  kt_background "$2.out" timeout 300 ip netns exec "$KT_SERVER" /usr/bin/python3 \
    "$KT_ROOT/tests/kernel/tcp_probe.py" serve "$1" "$2"
  kt_wait_for 5 grep -q listening "$2.out"
}

"$faultc" check "$KT_WORK/half-open.fault" || kt_fail "the scenario does not check"
for target in nft iptables iptables-legacy; do
  kt_client_server
  preset=$KT_WORK/preset-$target one_liner=$KT_WORK/one-liner-$target
  probe_server 1234 "$preset" || { kt_fail "$target: test server did not start"; continue; }
  probe_server 1235 "$one_liner" || { kt_fail "$target: second test server did not start"; continue; }
  kt_operator_ruleset "$KT_SERVER"
  kt_ruleset "$KT_SERVER" >"$KT_WORK/before"
  kt_background "$KT_WORK/run.out" env FAULTC_STATE_DIR="$KT_WORK/state-$target" \
    timeout 60 ip netns exec "$KT_SERVER" "$faultc" run -t "$target" "$KT_WORK/half-open.fault"
  runner=$KT_BG
  kt_check "$target: applied" kt_wait_for 10 grep -q applied "$KT_WORK/run.out"

  kt_check "$target: the victim's connect succeeds (SYN, SYN+ACK, ACK pass)" \
    kt_send 10.0.0.5 10.0.0.1 1234 "" 0.5
  kt_check "$target: the victim's bare FIN never reaches the server" test ! -e "$preset/10.0.0.5.closed"
  kt_check "$target: a bulk sender connects" kt_in "$KT_CLIENT" /usr/bin/python3 \
    "$KT_ROOT/tests/kernel/tcp_probe.py" bulk 10.0.0.5 10.0.0.1 1234 "$bulk" 1
  kt_check "$target: ... and delivers 0 bytes to the application" \
    test "$(received_bytes "$preset" 10.0.0.5)" -eq 0
  kt_check "$target: an IPv6 bulk sender connects" kt_in "$KT_CLIENT" /usr/bin/python3 \
    "$KT_ROOT/tests/kernel/tcp_probe.py" bulk fd00::5 fd00::1 1234 "$bulk" 1
  kt_check "$target: ... and delivers 0 bytes" test "$(received_bytes "$preset" fd00::5)" -eq 0
  kt_check "$target: another client's bulk write is unaffected" kt_in "$KT_CLIENT" /usr/bin/python3 \
    "$KT_ROOT/tests/kernel/tcp_probe.py" bulk 10.0.0.6 10.0.0.1 1234 "$bulk" 0.5
  kt_check "$target: ... all of it arrives, and its FIN" kt_wait_for 3 sh -c \
    "test \"\$(wc -c <'$preset/10.0.0.6.log')\" -eq $bulk && test -e '$preset/10.0.0.6.closed'"
  kt_check "$target: under the one-liner, a bulk sender connects" kt_in "$KT_CLIENT" /usr/bin/python3 \
    "$KT_ROOT/tests/kernel/tcp_probe.py" bulk 10.0.0.5 10.0.0.1 1235 "$bulk" 1
  kt_check "$target: ... and its leading ACK-only data segments arrive (the one-liner's documented gap)" \
    kt_wait_for 3 test -s "$one_liner/10.0.0.5.log"
  echo "$target: half-open delivered $(received_bytes "$preset" 10.0.0.5) + $(received_bytes "$preset" fd00::5) bytes, the one-liner $(received_bytes "$one_liner" 10.0.0.5) of $bulk"

  # Retransmissions have had seconds to try; once the run reverts, they get through.
  kt_check "$target: at the end of the run, still 0 bytes and no FIN from the victim" \
    test "$(received_bytes "$preset" 10.0.0.5)" -eq 0 -a "$(received_bytes "$preset" fd00::5)" -eq 0 \
    -a ! -e "$preset/10.0.0.5.closed" -a ! -e "$preset/fd00::5.closed"
  kt_check "$target: the run ends by itself and verifies the revert" wait "$runner"
  kt_check "$target: it says so" grep -q "verified" "$KT_WORK/run.out"
  kt_ruleset "$KT_SERVER" >"$KT_WORK/after"
  kt_check "$target: ruleset byte-identical after the run" diff -u "$KT_WORK/before" "$KT_WORK/after"
  [ "$KT_FAILURES" -gt 0 ] && sed 's/^/  run| /' "$KT_WORK/run.out" | tail -20
done
kt_finish
