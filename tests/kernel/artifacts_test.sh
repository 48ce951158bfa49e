#!/bin/sh
# Every example for every target, against real netfilter in throwaway
# namespaces: the artifact passes its tool's own check, loads, shows its
# objects, and its removal leaves the ruleset byte-identical to before, with
# an operator's own ruleset present.
# Usage: artifacts_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init artifacts

compile() {  # compile OUT ARGS...
  out=$1
  shift
  (cd "$root" && "$faultc" compile "$@") >"$out" 2>"$KT_WORK/compile.err"
}

check_nft() {
  example=$1 name=$2
  compile "$KT_WORK/a.nft" -t nft "$example" || { kt_fail "$name nft: compile"; return; }
  compile "$KT_WORK/down.nft" -t nft --teardown "$example" || { kt_fail "$name nft teardown: compile"; return; }
  kt_netns
  ns=$KT_NS
  kt_operator_ruleset "$ns"
  kt_ruleset "$ns" >"$KT_WORK/before"
  kt_check "$name nft: nft -c" kt_in "$ns" nft -c -f "$KT_WORK/a.nft"
  kt_check "$name nft: load" kt_in "$ns" nft -f "$KT_WORK/a.nft"
  table=$(sed -n 's/^table inet \(faultc_[a-z0-9_]*\) {}$/\1/p' "$KT_WORK/a.nft" | head -n 1)
  kt_check "$name nft: table $table present" kt_in "$ns" nft list table inet "$table"
  kt_check "$name nft: load twice (atomic replace)" kt_in "$ns" nft -f "$KT_WORK/a.nft"
  kt_check "$name nft: teardown" kt_in "$ns" nft -f "$KT_WORK/down.nft"
  kt_check "$name nft: teardown again (idempotent)" kt_in "$ns" nft -f "$KT_WORK/down.nft"
  kt_ruleset "$ns" >"$KT_WORK/after"
  kt_check "$name nft: ruleset restored" diff -u "$KT_WORK/before" "$KT_WORK/after"
}

check_restore() {
  example=$1 name=$2 variant=$3
  start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  kt_netns
  ns=$KT_NS
  kt_operator_ruleset "$ns"
  kt_ruleset "$ns" >"$KT_WORK/before"
  for family in ip ip6; do
    target=${family}tables-restore
    tool=${family}tables-$variant-restore
    compile "$KT_WORK/a.rules" -t "$target" --start "$start" "$example" || { kt_fail "$name $target: compile"; continue; }
    compile "$KT_WORK/down.rules" -t "$target" --teardown "$example" || { kt_fail "$name $target teardown"; continue; }
    kt_check "$name $tool --test" kt_in "$ns" "$tool" --test --noflush "$KT_WORK/a.rules"
    kt_check "$name $tool: load" kt_in "$ns" "$tool" --noflush "$KT_WORK/a.rules"
    chains=$(grep -c '^:FAULTC-' "$KT_WORK/a.rules")
    found=$(kt_in "$ns" "${family}tables-$variant-save" | grep -c '^:FAULTC-')
    kt_check "$name $tool: $chains chains present" [ "$chains" -eq "$found" ]
    kt_check "$name $tool: teardown" kt_in "$ns" "$tool" --noflush "$KT_WORK/down.rules"
  done
  kt_ruleset "$ns" >"$KT_WORK/after"
  kt_check "$name iptables-$variant restore: ruleset restored" diff -u "$KT_WORK/before" "$KT_WORK/after"
}

check_shell() {
  example=$1 name=$2 variant=$3
  compile "$KT_WORK/a.sh" -t iptables "$example" || { kt_fail "$name iptables.sh: compile"; return; }
  kt_check "$name sh: sh -n" sh -n "$KT_WORK/a.sh"
  kt_check "$name sh: shellcheck" shellcheck -s sh "$KT_WORK/a.sh"
  kt_netns
  ns=$KT_NS
  kt_operator_ruleset "$ns"
  kt_ruleset "$ns" >"$KT_WORK/before"
  kt_background "$KT_WORK/sh.out" env IPTABLES="iptables-$variant" IP6TABLES="ip6tables-$variant" \
    ip netns exec "$ns" sh "$KT_WORK/a.sh"
  runner=$KT_BG
  kt_check "$name sh ($variant): rules applied" kt_wait_for 10 sh -c \
    "ip netns exec $ns iptables-$variant-save | grep -q '^:FAULTC-' || ip netns exec $ns ip6tables-$variant-save | grep -q '^:FAULTC-'"
  kt_check "$name sh ($variant): --revert" kt_in "$ns" env IPTABLES="iptables-$variant" \
    IP6TABLES="ip6tables-$variant" sh "$KT_WORK/a.sh" --revert
  kill -TERM "$runner" 2>/dev/null
  wait "$runner" 2>/dev/null
  kt_ruleset "$ns" >"$KT_WORK/after"
  kt_check "$name sh ($variant): ruleset restored" diff -u "$KT_WORK/before" "$KT_WORK/after"
}

for example in "$root"/examples/*.fault; do
  name=$(basename "$example" .fault)
  check_nft "examples/$name.fault" "$name"
  for variant in nft legacy; do
    check_restore "examples/$name.fault" "$name" "$variant"
    check_shell "examples/$name.fault" "$name" "$variant"
  done
done
kt_finish
