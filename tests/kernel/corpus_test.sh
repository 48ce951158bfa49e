#!/bin/sh
# Artifacts stay well-formed for any input the compiler accepts: a sample of
# the fuzz corpus (tests/fuzz/corpus-sample/, inputs that compile) goes
# through every emitter, and the real tools check each output inside a
# throwaway namespace: `nft -c`, `iptables-restore --test` for both
# backends and families, and `sh -n` for the shell target.
# Usage: corpus_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init corpus "$root"
kt_netns
ns=$KT_NS
start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
compiled=0
for input in "$root"/tests/fuzz/corpus-sample/*.fault; do
  name=$(basename "$input")
  if ! "$faultc" compile -t nft "$input" >"$KT_WORK/a.nft" 2>"$KT_WORK/err"; then
    kt_fail "$name: no longer compiles"
    sed 's/^/  | /' "$KT_WORK/err" | head -5
    continue
  fi
  compiled=$((compiled + 1))
  kt_check "$name: nft -c" kt_in "$ns" nft -c -f "$KT_WORK/a.nft"
  for family in ip ip6; do
    if "$faultc" compile -t "${family}tables-restore" --start "$start" "$input" >"$KT_WORK/a.rules" 2>/dev/null; then
      for variant in nft legacy; do
        kt_check "$name: ${family}tables-$variant-restore --test" \
          kt_in "$ns" "${family}tables-$variant-restore" --test --noflush "$KT_WORK/a.rules"
      done
    else
      kt_fail "$name: ${family}tables-restore does not compile"
    fi
  done
  if "$faultc" compile -t iptables "$input" >"$KT_WORK/a.sh" 2>/dev/null; then
    kt_check "$name: sh -n" sh -n "$KT_WORK/a.sh"
  else
    kt_fail "$name: the shell target does not compile"
  fi
done
echo "  $compiled corpus inputs checked with nft, iptables-restore (nft and legacy, both families) and sh"
kt_check "the sample is not empty" [ "$compiled" -ge 100 ]
kt_finish
