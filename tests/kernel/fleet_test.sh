#!/bin/sh
# kernel.fleet: issue 24's proof that a fleet scenario runs through Ansible.
# Five namespaces with their own sshd stand in for hosts (fleet_lib.sh); a
# controller namespace runs the playbooks `faultc compile -t ansible` wrote
# for tests/kernel/fleet/phases.fault over real SSH. Checked:
#   - the N x N TCP matrix before, in each phase (and a UDP delivery matrix
#     in the one-way phase) and after END equals the plan's;
#   - the controller SIGKILLed right after the arm tasks are dispatched, and
#     every process left on the nodes killed after START: each node arms,
#     and at END its gate sets are empty by the kernel alone;
#   - a second run of site.yml during the fault (same START) is harmless;
#     heal.yml twice removes exactly the run's objects;
#   - an operator's nft table on every node survives all of it;
#   - one node unreachable at preflight: nothing is armed anywhere, and the
#     output names the node.
# Prints the time to arm each node and the fleet, and the skew of arming.
# Usage: fleet_test.sh FAULTC SOURCE_DIR
set -eu
FAULTC=$1
ROOT=${2:-.}
. "$ROOT/tests/kernel/fleet_lib.sh"
. "$ROOT/tests/kernel/fleet_matrix.sh"
. "$ROOT/tests/kernel/fleet_checks.sh"
SCENARIO=$ROOT/tests/kernel/fleet/phases.fault
NODES=5
PORT=7000
PHASE=8    # each phase's length in phases.fault; probes start PROBE_AT into it
PROBE_AT=3
LIFE=32    # phases.fault's `for`
LEAD=15    # START = launch + LEAD (the playbook's default faultc_lead)

fleet_init kernel.fleet
T0=$(date +%s.%N)
FAILURES=0
fail() { echo "FAIL: $*"; FAILURES=$(( FAILURES + 1 )); }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.2f", b - a }'; }
sleep_until() { awk -v t="$1" -v n="$(now)" 'BEGIN { if (t > n) system("sleep " t - n) }'; }
nodes() { seq 1 "$NODES"; }

start=$(now)
fleet_up "$NODES"
echo "fleet up ($NODES nodes, sshd answering): $(since "$start") s"

OUT=$FLEET_DIR/out
start=$(now)
"$FAULTC" compile -t ansible "$SCENARIO" -o "$OUT" || { echo "FAIL: faultc compile -t ansible"; exit 1; }
echo "compiled to $OUT in $(since "$start") s: $(cd "$OUT" && find . -type f | sort | tr '\n' ' ')"
check_compiled_output
install_operator_tables
start_probe_servers

# ---- the run: site.yml, the controller killed once every arm is dispatched
expect_matrix tcp before "$(full_matrix)"
START=$(( $(date +%s) + LEAD ))
END=$(( START + LIFE ))
launch=$(now)
fleet_playbook "$OUT/site.yml" -e "faultc_start=$START" > "$FLEET_DIR/run1.log" 2>&1 &
run1=$!
wait_for_arm_dispatch "$launch" || { sed 's/^/  | /' "$FLEET_DIR/run1.log"; exit 1; }
fleet_kill_controller
wait "$run1" 2>/dev/null || true
echo "controller SIGKILLed $(since "$launch") s after launch, START in $(since "$(now)" "$START") s"

sleep_until "$START.8"
check_every_node_armed
kill_node_leftovers

# ---- the phases (a second run of site.yml, same START, during phase 2 and 3)
sleep_until "$(( START + PROBE_AT ))"
expect_matrix tcp "split brain a | b" "$(cut_matrix '1 2' '3 4 5' both)"
fleet_playbook "$OUT/site.yml" -e "faultc_start=$START" > "$FLEET_DIR/run2.log" 2>&1 &
run2=$!
sleep_until "$(( START + PHASE + PROBE_AT ))"
expect_matrix tcp "one way a -> b" "$(cut_matrix '1 2' '3 4 5' both)"
expect_matrix udp "one way a -> b" "$(cut_matrix '1 2' '3 4 5' one)"
sleep_until "$(( START + 2 * PHASE + PROBE_AT ))"
expect_matrix tcp "isolate n3" "$(cut_matrix '3' '1 2 4 5' both)"
sleep_until "$(( START + 3 * PHASE + PROBE_AT ))"
expect_matrix tcp "bridge everyone" "$(cut_matrix "$(bridge_side 1)" "$(bridge_side 2)" both)"

run2_status=0
wait "$run2" || run2_status=$?
[ "$run2_status" -eq 0 ] || { fail "second site.yml run (same START, during the fault): status $run2_status"; tail -30 "$FLEET_DIR/run2.log"; }
check_operator_tables "a second run"

# ---- END: the kernel alone ended the fault
sleep_until "$END.8"
check_gates_expired
expect_matrix tcp "after END" "$(full_matrix)"
expect_matrix udp "after END" "$(full_matrix)"

# ---- heal, twice
for pass in 1 2; do
  start=$(now)
  if fleet_playbook "$OUT/heal.yml" > "$FLEET_DIR/heal$pass.log" 2>&1; then
    echo "heal.yml pass $pass: $(since "$start") s, $(recap "$FLEET_DIR/heal$pass.log")"
  else
    fail "heal.yml pass $pass"
    tail -30 "$FLEET_DIR/heal$pass.log"
  fi
  check_healed "heal pass $pass"
  check_operator_tables "heal pass $pass"
done

# ---- one node unreachable at preflight
check_preflight_stops 3
check_operator_tables "a failed preflight"

report_timing
if [ "$FAILURES" -ne 0 ]; then
  echo "FAIL: kernel.fleet: $FAILURES failures"
  exit 1
fi
echo "PASS: kernel.fleet ($NODES nodes, $(since "$T0") s)"
