#!/bin/sh
# The founding incident, reproduced on real netfilter for every target:
# `from victim to port 1234 allow SYN, ACK; drop rest` on the server. The
# client's connect succeeds (the handshake passes), the bytes it sends never
# reach the server application, the kernel counters show the handshake
# through and the data dropped, another client address is unaffected, the
# IPv6 variant behaves the same, the run reverts itself exactly, and
# afterwards a fresh connection carries data again.
# Usage: incident_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init incident "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"

cat >"$KT_WORK/incident.fault" <<'FAULT'
scenario "incident"
host victim = { 10.0.0.5, fd00::5 }
from victim to port 1234 allow SYN, ACK; drop rest for 8s
FAULT

variant() { [ "$1" = iptables-legacy ] && echo legacy || echo nft; }

counter_lines() {  # what the kernel counted for the scenario's rule lines
  case $1 in
    nft) kt_in "$KT_SERVER" nft list table inet faultc_incident ;;
    *) for f in ip ip6; do kt_in "$KT_SERVER" "${f}tables-$(variant "$1")-save" -c -t filter; done |
      grep -e "-A FAULTC-incident-1 " ;;
  esac
}

positive_count() {  # positive_count PATTERN TARGET: a matched line's packet counter is > 0
  counter_lines "$2" >"$KT_WORK/counters"
  case $2 in
    nft) grep -E -e "$1" "$KT_WORK/counters" | grep -Eq 'counter packets [1-9]' ;;
    *) grep -E -e "$1" "$KT_WORK/counters" | grep -Eq '^\[[1-9][0-9]*:' ;;
  esac
}

for target in nft iptables iptables-legacy; do
  kt_client_server
  rm -rf "$KT_WORK/peers"
  kt_tcp_server 1234 || { kt_fail "$target: test server did not start"; continue; }
  kt_operator_ruleset "$KT_SERVER"
  kt_ruleset "$KT_SERVER" >"$KT_WORK/before"
  kt_background "$KT_WORK/run.out" env FAULTC_STATE_DIR="$KT_WORK/state-$target" \
    timeout 60 ip netns exec "$KT_SERVER" "$faultc" run -t "$target" "$KT_WORK/incident.fault"
  runner=$KT_BG
  kt_check "$target: applied" kt_wait_for 10 grep -q applied "$KT_WORK/run.out"

  kt_check "$target: the victim's connect succeeds (SYN, SYN+ACK, ACK pass)" kt_send 10.0.0.5 10.0.0.1 1234 victim-data 1
  kt_check "$target: the victim's data never reaches the application" test -z "$(kt_received 10.0.0.5)"
  kt_check "$target: another client is unaffected" kt_send 10.0.0.6 10.0.0.1 1234 bystander-data 0.5
  kt_check "$target: the bystander's data arrives" kt_wait_for 3 sh -c "grep -q bystander-data '$KT_WORK/peers/10.0.0.6.log'"
  kt_check "$target: IPv6 victim connects" kt_send fd00::5 fd00::1 1234 victim6-data 1
  kt_check "$target: IPv6 victim's data never arrives" test -z "$(kt_received fd00::5)"
  if [ "$target" = nft ]; then syn='tcp flags syn / '; ack='tcp flags ack / '; drop='counter packets [0-9]+ bytes [0-9]+ drop'
  else syn='--tcp-flags FIN,SYN,RST,PSH,ACK,URG SYN'; ack='--tcp-flags FIN,SYN,RST,PSH,ACK,URG ACK'; drop='-j DROP'; fi
  kt_check "$target: counters show the SYN passed" positive_count "$syn" "$target"
  kt_check "$target: counters show the ACK passed" positive_count "$ack" "$target"
  kt_check "$target: counters show the data and FIN dropped" positive_count "$drop" "$target"

  kt_check "$target: the run ends by itself and verifies the revert" wait "$runner"
  kt_check "$target: it says so" grep -q "verified" "$KT_WORK/run.out"
  kt_ruleset "$KT_SERVER" >"$KT_WORK/after"
  kt_check "$target: ruleset byte-identical after the run" diff -u "$KT_WORK/before" "$KT_WORK/after"
  kt_check "$target: after the scenario, a fresh connection carries data" kt_send 10.0.0.5 10.0.0.1 1234 later-data 0.5
  kt_check "$target: ... and it arrives" kt_wait_for 3 sh -c "grep -q later-data '$KT_WORK/peers/10.0.0.5.log'"
  [ "$KT_FAILURES" -gt 0 ] && sed 's/^/  run| /' "$KT_WORK/run.out" | tail -20
done
kt_finish
