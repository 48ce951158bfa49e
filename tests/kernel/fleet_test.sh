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
#   - a second run of site.yml during the fault (same START) is harmless
#     (the gates still empty at END);
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
# shellcheck disable=SC2034 # read by fleet_matrix.sh's probes
PORT=7000
PROBE_AT=3  # seconds into each phase (8 s long) its matrices are measured
LIFE=48    # phases.fault's `for`

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
check_plan_matches_scenario
install_operator_tables
start_probe_servers

# ---- the run: site.yml, the controller killed once every arm is dispatched
expect_matrix tcp before "$(full_matrix)"
launch=$(now)
START=""
FLEET_ANSIBLE_LOG=$FLEET_DIR/run1.ansible.log
{ fleet_playbook "$OUT/site.yml" > "$FLEET_DIR/run1.log" 2>&1; echo $? > "$FLEET_DIR/run1.status"; } &
run1=$!
wait_for_arm_dispatch "$launch" "$FLEET_DIR/run1.status" || { sed 's/^/  | /' "$FLEET_DIR/run1.log"; exit 1; }
fleet_kill_controller
wait "$run1" 2>/dev/null || true
END=$(( START + LIFE ))
echo "controller SIGKILLed $(since "$launch") s after launch, START (the playbook's) in $(since "$(now)" "$START") s;" \
  "site.yml's tasks until then:"
task_times "$FLEET_ANSIBLE_LOG"

# ---- a second run of site.yml for the same START, at once: the operator
# re-runs the play after losing the controller
FLEET_ANSIBLE_LOG=$FLEET_DIR/run2.ansible.log
run2_lead=$(since "$(now)" "$START")
{ fleet_playbook "$OUT/site.yml" -e "faultc_start=$START" > "$FLEET_DIR/run2.log" 2>&1; echo $? > "$FLEET_DIR/run2.status"; } &
run2=$!
sleep_until "$START.8"
check_every_node_armed

# ---- the phases, as the plan has them. Once the second run is over (after
# the last phase's probe at the latest, before END), whatever is left
# running on the nodes is killed: from then on only the kernel ends the fault.
killed=0
while read -r from to <&3; do
  sleep_until "$(( START + from / 1000 + PROBE_AT ))"
  if [ "$killed" = 0 ] && [ -f "$FLEET_DIR/run2.status" ]; then kill_node_leftovers; killed=1; fi
  label="$(( from / 1000 ))s..$(( to / 1000 ))s"
  plan_tcp=$(plan_matrix $(( from + PROBE_AT * 1000 )) tcp)
  plan_udp=$(plan_matrix $(( from + PROBE_AT * 1000 )) udp)
  expect_matrix tcp "$label" "$plan_tcp"
  # One way: TCP needs both ways, so only datagrams show the open direction.
  [ "$plan_udp" = "$plan_tcp" ] || expect_matrix udp "$label" "$plan_udp"
done 3< "$FLEET_DIR/phases"

# On a loaded machine the second run may outlast the cuts: the scenario's
# quiet tail leaves it until END - 2 s.
while [ ! -f "$FLEET_DIR/run2.status" ] && [ "$(date +%s)" -lt $(( END - 2 )) ]; do sleep 0.5; done
if [ ! -f "$FLEET_DIR/run2.status" ]; then
  fail "the second site.yml run was still running at START+$(since "$START") s"
  fleet_kill_controller
fi
wait "$run2" || true
[ "$killed" = 1 ] || kill_node_leftovers
run2_status=$(cat "$FLEET_DIR/run2.status" 2>/dev/null || echo killed)
if [ "$run2_status" = 0 ]; then
  echo "second site.yml run (same START, launched $run2_lead s before it): $(recap "$FLEET_DIR/run2.log")"
  grep -o 'faultc skew: .*' "$FLEET_DIR/run2.log" | sed 's/"$//;s/^/  its verify play: /' || true
else
  fail "second site.yml run (same START): status $run2_status"
  tail -30 "$FLEET_DIR/run2.log"
fi
task_times "$FLEET_ANSIBLE_LOG"
check_operator_tables "a second run"

# ---- END: the kernel alone ended the fault
sleep_until "$END.8"
check_gates_expired
expect_matrix tcp "after END" "$(full_matrix)"
expect_matrix udp "after END" "$(full_matrix)"

# ---- heal, twice
for pass in 1 2; do
  start=$(now)
  FLEET_ANSIBLE_LOG=$FLEET_DIR/heal$pass.ansible.log
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
