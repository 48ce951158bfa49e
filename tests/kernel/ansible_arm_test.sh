#!/bin/sh
# The fleet's arming script (files/faultc-arm.sh of `faultc compile -t
# ansible`) against a kernel, one throwaway namespace per case: arm with
# START 2 s ahead (nothing before START, the table at START); re-arm with
# the same START is a no-op (same handles); another START while the run is
# live is refused; arm late (START 12 s past) gives each gate MS - late, a
# gate already past gets no element; arm past END is refused and loads
# nothing; heal cancels a pending arm; heal removes the table and the run's
# files, an operator's tables survive, and heal again is harmless.
# Then the same script told `-b iptables`, with the iptables-restore files
# bound to a START (`--start`): check is --test; arm loads the chains at once,
# before START, and once (re-arm is a no-op, another START refused); verify
# finds the chains; past END is refused and loads nothing; a file the restore
# refuses loads nothing; heal removes exactly the run's chains (the whole
# ruleset, an operator's iptables and nft rules included, is as before the
# arm), and heal again is harmless.
# The run is the unit tests' sample plan, node n2 (gates at 10, 30, 40 and
# 50 s; life 1m30s), written by `faultc_unit_tests "[.ansible_dump]"` (and
# "[.ansible_dump_iptables]" for a START).
# Usage: ansible_arm_test.sh UNIT_TESTS SOURCE_DIR
set -u
unit_tests=$1
. "$2/tests/kernel/lib.sh"
kernel_test_init kernel.ansible_arm "$2"
command -v dash >/dev/null 2>&1 || kt_unavailable "missing dash"

FAULTC_ANSIBLE_DUMP="$KT_WORK/run" "$unit_tests" "[.ansible_dump]" >"$KT_WORK/dump.out" 2>&1 ||
  { cat "$KT_WORK/dump.out"; exit 1; }
id=spli_162d8797
table=faultc_$id
life=90000

# A state directory staged as site.yml stages it, for node n2.
stage() {  # stage STATE_DIR
  mkdir -p "$1/faultc-fleet-$id"
  for f in nft gates teardown.nft; do cp "$KT_WORK/run/nodes/n2.$f" "$1/faultc-fleet-$id/node.$f"; done
  cp "$KT_WORK/run/files/faultc-arm.sh" "$1/faultc-fleet-$id/"
}
arm_script() {  # arm_script NS STATE_DIR COMMAND ARGS...: dash, as on Debian's /bin/sh
  ns=$1
  state=$2
  what=$3
  shift 3
  timeout 60 ip netns exec "$ns" dash "$state/faultc-fleet-$id/faultc-arm.sh" "$what" "$state" "$id" "$table" "$@"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
has_table() { kt_in "$1" nft list table inet "$table" >/dev/null 2>&1; }
# Each gate's element timeout in ms, `NAME MS` per line (no element: `NAME -`).
gate_timeouts() {  # gate_timeouts NS
  kt_in "$1" nft list table inet "$table" | /usr/bin/python3 -c '
import re, sys
units = {"d": 86400000, "h": 3600000, "m": 60000, "s": 1000, "ms": 1}
def ms(text):
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)(ms|d|h|m|s)", text))
for name, body in re.findall(r"set (t_\w+) \{(.*?)\n\t\}", sys.stdin.read(), re.S):
    found = re.search(r"ipv4 timeout ([0-9dhms]+)", body)
    print(name, ms(found.group(1)) if found else "-")
'
}

# ---- arm with START 2 s ahead, then re-arm
kt_netns
ns=$KT_NS
state=$KT_WORK/a
stage "$state"
kt_check "nft -c accepts the batch" arm_script "$ns" "$state" check
start=$(( $(date +%s) + 2 ))
kt_background "$KT_WORK/arm.out" arm_script "$ns" "$state" arm "$start" "$life"
arm_pid=$KT_BG
sleep 0.5
if [ "$(now_ms)" -lt $(( start * 1000 )) ] && has_table "$ns"; then kt_fail "the table is there before START"; else kt_pass; fi
wait "$arm_pid" || kt_fail "arm exited $?: $(cat "$KT_WORK/arm.out")"
kt_check "the table is there after the arm" has_table "$ns"
armed=$(cat "$state/faultc-fleet-$id.armed" 2>/dev/null || echo 0.0)
armed_ms=$(( ${armed%.*} * 1000 + $(echo "${armed#*.}" | cut -c1-3 | sed 's/^0*//;s/^$/0/') ))
late=$(( armed_ms - start * 1000 ))
echo "armed $late ms after START"
if [ "$late" -ge 0 ] && [ "$late" -lt 500 ]; then kt_pass; else kt_fail "armed $late ms after START, want 0..500"; fi
kt_in "$ns" nft -a list table inet "$table" | sed 's/ expires [0-9dhms]*//g' >"$KT_WORK/before"
kt_check "re-arm with the same START" arm_script "$ns" "$state" arm "$start" "$life"
if grep -q "already armed" "$KT_WORK/check.out"; then kt_pass; else kt_fail "re-arm did not say it had nothing to do"; fi
kt_in "$ns" nft -a list table inet "$table" | sed 's/ expires [0-9dhms]*//g' >"$KT_WORK/after"
kt_check "re-arm left the table as it was (handles too)" cmp "$KT_WORK/before" "$KT_WORK/after"
kt_check "re-arm left the arm time as it was" test "$(cat "$state/faultc-fleet-$id.armed")" = "$armed"
arm_script "$ns" "$state" arm $(( start + 1 )) "$life" >"$KT_WORK/other.out" 2>&1
status=$?
if [ "$status" -eq 4 ]; then kt_pass; else kt_fail "another START while the run is live: exit $status, want 4"; fi
kt_in "$ns" nft -a list table inet "$table" | sed 's/ expires [0-9dhms]*//g' >"$KT_WORK/after"
kt_check "another START left the table as it was" cmp "$KT_WORK/before" "$KT_WORK/after"

# ---- heal: the run's table and files go, the operator's tables stay
kt_operator_ruleset "$ns"
kt_in "$ns" nft list table inet operator >"$KT_WORK/operator.before"
kt_check "heal" arm_script "$ns" "$state" heal
cp "$KT_WORK/check.out" "$KT_WORK/heal.out"
kt_check "heal said it removed the table" grep -q "removed table inet $table" "$KT_WORK/heal.out"
if has_table "$ns"; then kt_fail "the table survived heal"; else kt_pass; fi
kt_in "$ns" nft list table inet operator >"$KT_WORK/operator.after"
kt_check "the operator's nft table survived heal" cmp "$KT_WORK/operator.before" "$KT_WORK/operator.after"
kt_check "the operator's iptables chain survived heal" kt_in "$ns" iptables-nft -S OPERATOR
if [ -e "$state/faultc-fleet-$id" ] || [ -e "$state/faultc-fleet-$id.armed" ]; then
  kt_fail "heal left the run's files: $(ls -a "$state")"
else
  kt_pass
fi
stage "$state"  # heal.yml stages the script again
kt_check "heal again" arm_script "$ns" "$state" heal
kt_check "the operator's nft table survived heal again" kt_in "$ns" nft list table inet operator

# ---- arm 12 s late: each gate's elements get MS - late; t_10s none
kt_netns
ns=$KT_NS
state=$KT_WORK/b
stage "$state"
start=$(( $(date +%s) - 12 ))
kt_check "arm 12 s late" arm_script "$ns" "$state" arm "$start" "$life"
now=$(now_ms)
late=$(( now - start * 1000 ))  # at least what the script saw
gate_timeouts "$ns" >"$KT_WORK/gates"
sed 's/^/  gate: /' "$KT_WORK/gates"
kt_check "t_10s is past: no element" grep -qx "t_10s -" "$KT_WORK/gates"
for ms in 30000 40000 50000; do
  name=t_$(( ms / 1000 ))s
  got=$(awk -v n="$name" '$1 == n { print $2 }' "$KT_WORK/gates")
  # The script's late is at most ours and at least ours minus the time it took.
  if [ -n "$got" ] && [ "$got" != - ] && [ "$got" -ge $(( ms - late )) ] && [ "$got" -le $(( ms - 12000 )) ]; then
    kt_pass
  else
    kt_fail "$name: timeout $got ms, want $(( ms - late ))..$(( ms - 12000 ))"
  fi
done

# ---- arm past END: refused, nothing loaded
kt_netns
ns=$KT_NS
state=$KT_WORK/c
stage "$state"
arm_script "$ns" "$state" arm $(( $(date +%s) - 91 )) "$life" >"$KT_WORK/late.out" 2>&1
status=$?
if [ "$status" -eq 3 ]; then kt_pass; else kt_fail "arm past END: exit $status, want 3: $(cat "$KT_WORK/late.out")"; fi
kt_check "arm past END says so" grep -q "past END" "$KT_WORK/late.out"
kt_check "arm past END loaded nothing" test -z "$(kt_in "$ns" nft list ruleset)"
kt_check "arm past END recorded no arm" test ! -e "$state/faultc-fleet-$id.armed"

# ---- heal cancels a pending arm
kt_netns
ns=$KT_NS
state=$KT_WORK/d
stage "$state"
start=$(( $(date +%s) + 3 ))
kt_background "$KT_WORK/pending.out" arm_script "$ns" "$state" arm "$start" "$life"
pending=$KT_BG
kt_wait_for 5 test -s "$state/faultc-fleet-$id/arm.pid" || kt_fail "the pending arm wrote no pid"
kt_check "heal a pending arm" arm_script "$ns" "$state" heal
cp "$KT_WORK/check.out" "$KT_WORK/heal.out"
kt_check "heal said it cancelled the arm" grep -q "cancelled the pending arm" "$KT_WORK/heal.out"
wait "$pending" 2>/dev/null
while [ "$(now_ms)" -lt $(( (start + 1) * 1000 )) ]; do sleep 0.2; done
if has_table "$ns"; then kt_fail "a cancelled arm loaded its table"; else kt_pass; fi

# ---- iptables: the same script with `-b iptables`; the rules are bound to a START
prefix=FAULTC-$id
ipt_dump() {  # ipt_dump DIR START: the sample run's iptables files, bound to START
  FAULTC_ANSIBLE_DUMP=$1 FAULTC_ANSIBLE_START=$2 timeout 60 "$unit_tests" "[.ansible_dump_iptables]" >"$KT_WORK/dump.out" 2>&1 ||
    { cat "$KT_WORK/dump.out"; exit 1; }
}
ipt_stage() {  # ipt_stage DUMP STATE_DIR: as site.yml and heal.yml stage node n2
  mkdir -p "$2/faultc-fleet-$id"
  for f in rules.v4 rules.v6 teardown.rules.v4 teardown.rules.v6; do
    cp "$1/nodes/n2.$f" "$2/faultc-fleet-$id/node.$f"
  done
  cp "$1/files/faultc-arm.sh" "$2/faultc-fleet-$id/"
}
ipt_script() {  # ipt_script NS STATE_DIR COMMAND ARGS...
  ns=$1
  state=$2
  what=$3
  shift 3
  timeout 60 ip netns exec "$ns" dash "$state/faultc-fleet-$id/faultc-arm.sh" -b iptables "$what" "$state" "$id" \
    "$prefix" "$@"
}
ipt_chains() {  # ipt_chains NS: how many of the run's chains the IPv4 filter table holds
  kt_in "$1" iptables-save -t filter 2>/dev/null | grep -c "^:$prefix-"
}
# The namespace's ruleset as kt_ruleset prints it, less what iptables-nft
# adds by itself: it registers a built-in chain on first use, empty and
# accepting, and never removes it (nor can a teardown: it is built in). Such
# a chain filters nothing and counts as none, as kt_ruleset does for
# legacy's empty filter table. Blank lines go too.
ipt_ruleset() {  # ipt_ruleset NS
  kt_ruleset "$1" | awk '
    /^$/ { next }
    /^\tchain (INPUT|OUTPUT|FORWARD) \{$/ { held = $0; n = 0; next }
    held != "" {
      lines[++n] = $0
      if ($0 != "\t}") next
      if (!(n == 2 && lines[1] ~ /policy accept;$/)) { print held; for (i = 1; i <= n; i++) print lines[i] }
      held = ""
      next
    }
    { print }
  '
}
ipt_jumps() {  # ipt_jumps NS: how many jumps into the run's chains the built-in chains hold
  kt_in "$1" iptables-save -t filter 2>/dev/null | grep -c "^-A \(INPUT\|OUTPUT\|FORWARD\) .*-j $prefix-"
}

# ---- iptables: arm before START loads at once; verify; re-arm is a no-op
start=$(( $(date +%s) + 20 ))
ipt_dump "$KT_WORK/ipt" "$start"
grep -q "^:$prefix-" "$KT_WORK/ipt/nodes/n2.rules.v4" || kt_fail "n2.rules.v4 declares no chain of the run"
kt_check "n2.rules.v4 is bound to START by -m time" grep -q -- "-m time --datestart" "$KT_WORK/ipt/nodes/n2.rules.v4"
kt_netns
ns=$KT_NS
state=$KT_WORK/e
ipt_stage "$KT_WORK/ipt" "$state"
kt_operator_ruleset "$ns"
ipt_ruleset "$ns" >"$KT_WORK/ipt.before"
kt_check "iptables-restore --test accepts the rules" ipt_script "$ns" "$state" check
kt_check "arm (iptables)" ipt_script "$ns" "$state" arm "$start" "$life"
if [ "$(now_ms)" -lt $(( start * 1000 )) ]; then kt_pass; else kt_fail "the iptables arm waited for START"; fi
chains=$(ipt_chains "$ns")
if [ "$chains" -gt 0 ]; then kt_pass; else kt_fail "arm loaded no chain of $prefix"; fi
jumps=$(ipt_jumps "$ns")
if [ "$jumps" -gt 0 ]; then kt_pass; else kt_fail "arm inserted no jump into $prefix chains"; fi
kt_check "arm left no chain of the run in ip6tables (n2 has no IPv6 rules)" \
  sh -c "! timeout 30 ip netns exec $ns ip6tables-save -t filter | grep -q '^:$prefix-'"
kt_check "verify finds the chains" ipt_script "$ns" "$state" verify "$start"
ipt_ruleset "$ns" >"$KT_WORK/ipt.armed"
if cmp -s "$KT_WORK/ipt.before" "$KT_WORK/ipt.armed"; then kt_fail "the ruleset does not show the armed chains"; else kt_pass; fi
kt_check "re-arm with the same START (iptables)" ipt_script "$ns" "$state" arm "$start" "$life"
if grep -q "already armed" "$KT_WORK/check.out"; then kt_pass; else kt_fail "re-arm did not say it had nothing to do"; fi
ipt_ruleset "$ns" >"$KT_WORK/ipt.rearmed"
kt_check "re-arm left the ruleset as it was (no second jump)" cmp "$KT_WORK/ipt.armed" "$KT_WORK/ipt.rearmed"
ipt_script "$ns" "$state" arm $(( start + 1 )) "$life" >"$KT_WORK/other.out" 2>&1
status=$?
if [ "$status" -eq 4 ]; then kt_pass; else kt_fail "another START (iptables): exit $status, want 4"; fi
rm -f "$state/faultc-fleet-$id/arm.start"  # a lost record: the loaded chains still refuse a second load
ipt_script "$ns" "$state" arm "$start" "$life" >"$KT_WORK/lost.out" 2>&1
status=$?
if [ "$status" -eq 4 ]; then kt_pass; else kt_fail "chains loaded, no record: exit $status, want 4"; fi
kt_check "a refused arm added no jump" test "$(ipt_jumps "$ns")" = "$jumps"

# ---- iptables: heal removes exactly the run's chains; heal again is harmless
kt_check "heal (iptables)" ipt_script "$ns" "$state" heal
cp "$KT_WORK/check.out" "$KT_WORK/heal.out"
kt_check "heal said it removed the chains" grep -q "removed the iptables chains $prefix-" "$KT_WORK/heal.out"
kt_check "heal left no chain of the run" test "$(ipt_chains "$ns")" = 0
ipt_ruleset "$ns" >"$KT_WORK/ipt.after"
kt_check "after heal the ruleset is as before the arm (the operator's rules too)" \
  diff "$KT_WORK/ipt.before" "$KT_WORK/ipt.after"
kt_check "the operator's iptables rule survived heal" kt_in "$ns" iptables-nft -C INPUT -j OPERATOR
if [ -e "$state/faultc-fleet-$id" ] || [ -e "$state/faultc-fleet-$id.armed" ]; then
  kt_fail "heal left the run's files: $(ls -a "$state")"
else
  kt_pass
fi
ipt_stage "$KT_WORK/ipt" "$state"
kt_check "heal again (iptables)" ipt_script "$ns" "$state" heal
if grep -q removed "$KT_WORK/check.out"; then kt_fail "heal again removed something"; else kt_pass; fi
ipt_ruleset "$ns" >"$KT_WORK/ipt.after"
kt_check "heal again left the ruleset as it was" diff "$KT_WORK/ipt.before" "$KT_WORK/ipt.after"

# ---- iptables: past END is refused and loads nothing
late=$(( $(date +%s) - 91 ))
ipt_dump "$KT_WORK/ipt-late" "$late"
kt_netns
ns=$KT_NS
state=$KT_WORK/f
ipt_stage "$KT_WORK/ipt-late" "$state"
ipt_ruleset "$ns" >"$KT_WORK/late.before"
ipt_script "$ns" "$state" arm "$late" "$life" >"$KT_WORK/late.out" 2>&1
status=$?
if [ "$status" -eq 3 ]; then kt_pass; else kt_fail "iptables arm past END: exit $status, want 3: $(cat "$KT_WORK/late.out")"; fi
kt_check "iptables arm past END says so" grep -q "past END" "$KT_WORK/late.out"
ipt_ruleset "$ns" >"$KT_WORK/late.after"
kt_check "iptables arm past END loaded nothing" cmp "$KT_WORK/late.before" "$KT_WORK/late.after"
kt_check "iptables arm past END recorded no arm" test ! -e "$state/faultc-fleet-$id.armed"

# ---- iptables: a file the restore refuses loads nothing (one COMMIT per family)
kt_netns
ns=$KT_NS
state=$KT_WORK/g
ipt_stage "$KT_WORK/ipt" "$state"
sed -i 's/^COMMIT$/-A INPUT -m no-such-match -j DROP\nCOMMIT/' "$state/faultc-fleet-$id/node.rules.v4"
ipt_ruleset "$ns" >"$KT_WORK/bad.before"
if ipt_script "$ns" "$state" check >"$KT_WORK/bad.out" 2>&1; then kt_fail "check accepted a bad file"; else kt_pass; fi
if ipt_script "$ns" "$state" arm "$start" "$life" >"$KT_WORK/bad.out" 2>&1; then
  kt_fail "arm loaded a bad file"
else
  kt_pass
fi
kt_check "the refusal says which file" grep -q "refused node.rules.v4" "$KT_WORK/bad.out"
ipt_ruleset "$ns" >"$KT_WORK/bad.after"
kt_check "a refused file loaded nothing" cmp "$KT_WORK/bad.before" "$KT_WORK/bad.after"

kt_finish
