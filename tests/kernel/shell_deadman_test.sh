#!/bin/sh
# The iptables shell target's dead-man, on both iptables backends:
#  1. SIGKILL the script mid-scenario, then replace the script file on disk
#     (as anyone who can write it or its folder could): the dead-man still
#     reverts at the deadline, from the code in its own memory, and never
#     runs the new file (which would leave a marker);
#  2. the revert removes exactly the chains faultc creates: an operator's
#     own chain that shares the prefix (`FAULTC-<id>-mine`, holding a DROP,
#     jumped to from INPUT) is left as it was.
# Usage: shell_deadman_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init shell_deadman "$root"

cat >"$KT_WORK/outage.fault" <<'FAULT'
scenario "outage"
to port 1234 drop for 3s
FAULT
"$faultc" compile -t iptables -o "$KT_WORK/outage.sh" "$KT_WORK/outage.fault" || kt_fail "compile"
id=$(sed -n 's/^PIDFILE=\/run\/faultc-\([a-z0-9_]*\)\.deadman\.pid$/\1/p' "$KT_WORK/outage.sh")
[ "$id" = outage ] || kt_fail "the script's id is '$id', not 'outage'"

chains_present() {  # chains_present NS VARIANT: any chain of the scenario's own
  { kt_in "$1" "iptables-$2-save"; kt_in "$1" "ip6tables-$2-save"; } | grep -Eq "^:FAULTC-$id-(in|[0-9]+) "
}

for variant in nft legacy; do
  kt_netns
  ns=$KT_NS
  kt_operator_ruleset "$ns"
  for family in ip ip6; do
    kt_in "$ns" "${family}tables-$variant" -N "FAULTC-$id-mine" &&
      kt_in "$ns" "${family}tables-$variant" -A "FAULTC-$id-mine" -p tcp --dport 9996 -j DROP &&
      kt_in "$ns" "${family}tables-$variant" -A INPUT -j "FAULTC-$id-mine" || kt_fail "$variant: operator chain"
  done
  kt_ruleset "$ns" >"$KT_WORK/before"
  cp "$KT_WORK/outage.sh" "$KT_WORK/run.sh"
  kt_background "$KT_WORK/sh.out" env IPTABLES="iptables-$variant" IP6TABLES="ip6tables-$variant" \
    timeout 30 ip netns exec "$ns" sh "$KT_WORK/run.sh"
  script=$KT_BG
  kt_check "$variant: applied" kt_wait_for 10 chains_present "$ns" "$variant"
  # timeout's child is the shell running the script.
  shell=$(pgrep -P "$script" -x sh || pgrep -P "$script")
  kt_check "$variant: the script's shell found" [ -n "$shell" ]
  kill -9 "$shell" 2>/dev/null
  printf '#!/bin/sh\ntouch %s\n' "$KT_WORK/pwned-$variant" >"$KT_WORK/run.sh"
  kt_check "$variant: the dead-man reverts at the deadline" kt_wait_for 8 sh -c "! { ip netns exec $ns iptables-$variant-save; ip netns exec $ns ip6tables-$variant-save; } | grep -Eq '^:FAULTC-$id-(in|[0-9]+) '"
  sleep 0.5
  kt_check "$variant: the dead-man never ran the file on disk" [ ! -e "$KT_WORK/pwned-$variant" ]
  kt_ruleset "$ns" >"$KT_WORK/after"
  kt_check "$variant: ruleset as before (the operator's FAULTC-$id-mine kept)" \
    diff -u "$KT_WORK/before" "$KT_WORK/after"
  wait "$script" 2>/dev/null
done
kt_finish
