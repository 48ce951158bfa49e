#!/bin/sh
# The dead-man switch, for every target:
#  1. SIGKILL the runner mid-scenario: the detached watchdog reverts within
#     one second of the deadline, and the ruleset is as before.
#  2. SIGKILL the runner and the watchdog: the kernel itself stops applying
#     the rules at the deadline (nft: the gate sets expire; iptables: the
#     -m time --datestop), proven by traffic passing again while the now
#     inert objects are still there; `faultc revert` then removes them.
#  3. The same for a rule that enters its chain through a gate chain (many
#     jumps, several windows: ruleset::Chain::gated): with every process
#     gone, cut in its first window, open between windows, open after the
#     end; `faultc revert` removes the gate chain too.
# Usage: deadman_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init deadman "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"

cat >"$KT_WORK/outage.fault" <<'FAULT'
scenario "outage"
host victim = { 10.0.0.5, fd00::5 }
from victim to port 1234 drop for 6s
FAULT

# Six jumps (three protocols, two families) and two windows: a gate chain.
# Windows of whole seconds that outlast a refused connect's 3 s
# (tcp_probe.py), as iptables' -m time counts in seconds. Inbound only, as
# the other scenario: iptables-nft leaves an OUTPUT base chain it creates.
cat >"$KT_WORK/flaps.fault" <<'FAULT'
scenario "flaps"
host victim = { 10.0.0.5, fd00::5 }
tcp, udp, icmp from victim drop for 5s every 7s
for 12s
FAULT
"$faultc" compile -t nft "$KT_WORK/flaps.fault" | grep -q 'jump gate_1 ' || kt_fail "flaps.fault has no gate chain"

scenario=outage  # the scenario the helpers below act on

variant() { [ "$1" = iptables-legacy ] && echo legacy || echo nft; }

objects_present() {  # objects_present TARGET
  case $1 in
    nft) kt_in "$KT_SERVER" nft list tables | grep -q "faultc_$scenario" ;;
    # Both families: the revert removes IPv4's objects first, then IPv6's.
    *) { kt_in "$KT_SERVER" "iptables-$(variant "$1")-save"; kt_in "$KT_SERVER" "ip6tables-$(variant "$1")-save"; } |
      grep -q "^:FAULTC-$scenario" ;;
  esac
}

start_run() {  # start_run TARGET: sets RUNNER; waits until applied
  kt_background "$KT_WORK/run.out" env FAULTC_STATE_DIR="$KT_WORK/state-$1" \
    timeout 60 ip netns exec "$KT_SERVER" "$faultc" run -t "$1" "$KT_WORK/$scenario.fault"
  RUNNER=$KT_BG
  kt_wait_for 10 grep -q applied "$KT_WORK/run.out"
}

wait_gone() {  # wait_gone TARGET SECONDS: until the objects are gone
  deadline=$(( $(date +%s) + $2 ))
  while objects_present "$1"; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.05
  done
}

watchdog_pid() { sed -n 's/^watchdog_pid=//p' "$KT_WORK/state-$1/$scenario.state"; }
# The faultc process itself (RUNNER is the `timeout` wrapper around it).
runner_pid() { sed -n 's/^runner_pid=//p' "$KT_WORK/state-$1/$scenario.state"; }
# Until MS milliseconds after the run of TARGET started.
sleep_until_offset() {  # sleep_until_offset TARGET MS
  started=$(sed -n 's/^started_ms=//p' "$KT_WORK/state-$1/$scenario.state")
  while [ "$(date +%s%3N)" -lt $((started + $2)) ]; do sleep 0.05; done
}
cut_off() { ! timeout 20 ip netns exec "$KT_CLIENT" /usr/bin/python3 "$root/tests/kernel/tcp_probe.py" send 10.0.0.5 10.0.0.1 1234 x 0; }

for target in nft iptables iptables-legacy; do
  # 1. The runner dies; the watchdog reverts.
  kt_client_server
  rm -rf "$KT_WORK/peers"
  kt_tcp_server 1234 || { kt_fail "$target: test server did not start"; continue; }
  kt_operator_ruleset "$KT_SERVER"
  kt_ruleset "$KT_SERVER" >"$KT_WORK/before"
  kt_check "$target: applied" start_run "$target"
  deadline_ms=$(sed -n 's/^deadline_ms=//p' "$KT_WORK/state-$target/outage.state")
  kt_check "$target: the victim is cut off" sh -c "! $(command -v timeout) 20 ip netns exec $KT_CLIENT /usr/bin/python3 $root/tests/kernel/tcp_probe.py send 10.0.0.5 10.0.0.1 1234 x 0"
  kill -9 "$(runner_pid "$target")"
  wait "$RUNNER" 2>/dev/null
  kt_check "$target: objects outlive the killed runner" objects_present "$target"
  kt_check "$target: the watchdog is still alive" kill -0 "$(watchdog_pid "$target")"
  kt_check "$target: the watchdog reverts by the deadline + 1 s" wait_gone "$target" 9
  gone_ms=$(date +%s%3N)
  late=$(awk -v d="$deadline_ms" -v g="$gone_ms" 'BEGIN { printf "%.3f", (g - d) / 1000 }')
  echo "  $target: the watchdog's revert came $late s after the deadline"
  kt_check "$target: ... within one second" awk -v l="$late" 'BEGIN { exit !(l < 1.0) }'
  kt_ruleset "$KT_SERVER" >"$KT_WORK/after"
  kt_check "$target: ruleset as before after the watchdog's revert" diff -u "$KT_WORK/before" "$KT_WORK/after"
  kt_check "$target: traffic flows again" kt_send 10.0.0.5 10.0.0.1 1234 back-data 0.3

  # 2. Runner and watchdog die; the kernel ends the fault by itself.
  kt_check "$target: applied again" start_run "$target"
  applied_at=$(date +%s)
  kill -9 "$(runner_pid "$target")" "$(watchdog_pid "$target")"
  wait "$RUNNER" 2>/dev/null
  kt_check "$target: still cut off before the deadline" sh -c "! $(command -v timeout) 20 ip netns exec $KT_CLIENT /usr/bin/python3 $root/tests/kernel/tcp_probe.py send 10.0.0.5 10.0.0.1 1234 x 0"
  while [ "$(date +%s)" -lt $((applied_at + 8)) ]; do sleep 0.2; done
  kt_check "$target: with every process gone, the objects remain" objects_present "$target"
  kt_check "$target: ... but the kernel stopped applying them: traffic passes" \
    kt_send 10.0.0.5 10.0.0.1 1234 kernel-expiry 0.3
  env FAULTC_STATE_DIR="$KT_WORK/state-$target" ip netns exec "$KT_SERVER" "$faultc" status >"$KT_WORK/status.out" 2>&1
  kt_check "$target: status says the expired scenario's inert objects remain, and what to run" \
    grep -q "expired with no faultc process left.*inert.*faultc revert outage" "$KT_WORK/status.out"
  kt_check "$target: faultc revert removes the inert leftovers" \
    env FAULTC_STATE_DIR="$KT_WORK/state-$target" ip netns exec "$KT_SERVER" "$faultc" revert outage
  # shellcheck disable=SC2016 # $1, $2 and $3 belong to the inner shell
  kt_check "$target: revert again fails: outage is no longer active" \
    sh -c '! env FAULTC_STATE_DIR="$1" ip netns exec "$2" "$3" revert outage' _ "$KT_WORK/state-$target" "$KT_SERVER" "$faultc"
  kt_check "$target: revert --all again is a no-op" \
    env FAULTC_STATE_DIR="$KT_WORK/state-$target" ip netns exec "$KT_SERVER" "$faultc" revert --all
  kt_ruleset "$KT_SERVER" >"$KT_WORK/after"
  kt_check "$target: ruleset as before" diff -u "$KT_WORK/before" "$KT_WORK/after"

  # 3. A gated rule, every process gone: its windows alone decide.
  scenario=flaps
  kt_check "$target: gated: applied" start_run "$target"
  kill -9 "$(runner_pid "$target")" "$(watchdog_pid "$target")"
  wait "$RUNNER" 2>/dev/null
  kt_check "$target: gated: cut off in the first window" cut_off
  sleep_until_offset "$target" 6000
  kt_check "$target: gated: traffic passes between windows" kt_send 10.0.0.5 10.0.0.1 1234 gap 0.3
  sleep_until_offset "$target" 13000
  kt_check "$target: gated: with every process gone, the objects remain" objects_present "$target"
  kt_check "$target: gated: ... and traffic passes after the end" kt_send 10.0.0.5 10.0.0.1 1234 gated-expiry 0.3
  kt_check "$target: gated: faultc revert removes everything, the gate chain too" \
    env FAULTC_STATE_DIR="$KT_WORK/state-$target" ip netns exec "$KT_SERVER" "$faultc" revert flaps
  kt_ruleset "$KT_SERVER" >"$KT_WORK/after"
  kt_check "$target: gated: ruleset as before" diff -u "$KT_WORK/before" "$KT_WORK/after"
  scenario=outage
done
kt_finish
