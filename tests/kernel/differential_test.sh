#!/bin/sh
# The kernel agrees with `faultc`'s evaluator. For every example and every
# target (nft, iptables = iptables-nft, iptables-legacy):
#  1. every `expect` line of the example holds on the real kernel: its
#     packet, crafted, gets the expected verdict (allowed, dropped, or
#     rejected: dropped and answered);
#  2. at least 200 packets drawn at random (fixed seed, FAULTC_DIFF_SEED
#     overrides it) from the scenario's own addresses, prefixes, ports and
#     names, plus outsiders, with random TCP flags, payloads, states and
#     directions, at offsets inside and between the rules' windows, get the
#     evaluator's verdict (`faultc test --format json` on a copy of the
#     scenario with the packets as expect lines) on the kernel: exactly for
#     deterministic verdicts; for random drops, each probability group's
#     measured drop fraction is within 4 sigma (+ 1/n) of p, and every
#     packet that survives has the deterministic fate.
# How: one device under test (DUT) namespace with the artifact compiled with
# `--at OFFSET` loaded, a peer namespace on its eth0 (which sends the
# inbound and forwarded packets), a sink namespace on its eth1; an observer
# nft table in the DUT records per packet (IPv4 `ip id`, IPv6 `ip6
# flowlabel`) whether it entered its hook (priority -400), whether it
# survived (+300), and whether the DUT answered it (an ICMP error or a TCP
# reset). tests/kernel/packets.py sends and compares; docs/testing.md ("The
# kernel agrees with the evaluator") has the details. About 30 s.
# Usage: differential_test.sh FAULTC SOURCE_DIR
# Environment: FAULTC_DIFF_SEED (the seed), FAULTC_DIFF_EXAMPLES (names of
# examples, space-separated; default all), FAULTC_DIFF_TARGETS (comma-
# separated), FAULTC_DIFF_PACKETS (random packets per example, default
# 200), FAULTC_DIFF_VERBOSE=1 (every packet and both verdicts).
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init differential "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"
/usr/bin/python3 -c 'import scapy.all' 2>/dev/null ||
  kt_unavailable "missing scapy for /usr/bin/python3 (python3-scapy; scripts/deps.sh installs it)"
seed=${FAULTC_DIFF_SEED:-20260101}
started_at=$(date +%s)

echo "differential: seed $seed (FAULTC_DIFF_SEED=$seed reproduces this run)"

# FAULTC_DIFF_EXAMPLES="half-open flaky-db" checks only these examples.
set --
if [ -n "${FAULTC_DIFF_EXAMPLES:-}" ]; then
  for name in $FAULTC_DIFF_EXAMPLES; do set -- "$@" "$root/examples/$name.fault"; done
else
  set -- "$root"/examples/*.fault
fi

# The evaluator's default interfaces of FILE: "IN OUT" (arrival, and the
# forwarded exit), e.g. "eth0 eth1"; other names when its rules name these.
interfaces() {  # interfaces FILE
  "$faultc" explain "$1" --json --packet "forwarded tcp" |
    /usr/bin/python3 -c 'import json, sys; p = json.load(sys.stdin)["packet"]; print(p["in_interface"], p["out_interface"])' 2>/dev/null
}

# Examples with the same default interfaces share one DUT and one run of
# packets.py (usually all of them).
: >"$KT_WORK/groups"
for example in "$@"; do
  pair=$(interfaces "$example") || { kt_fail "$example: faultc explain cannot say its interfaces"; continue; }
  echo "$pair $example" >>"$KT_WORK/groups"
done
: >"$KT_WORK/packets.out"
cut -d' ' -f1,2 "$KT_WORK/groups" | sort -u >"$KT_WORK/pairs"
while read -r in_if out_if; do
  if ! dut_topology "$in_if" "$out_if"; then
    kt_fail "cannot build the DUT topology (interfaces $in_if, $out_if)"
    continue
  fi
  set --
  while read -r a b example; do
    [ "$a $b" = "$in_if $out_if" ] && set -- "$@" "$example"
  done <"$KT_WORK/groups"
  # The DUT's ruleset before and after: every artifact must be gone. The
  # iptables-nft tables and built-in chains exist first, as on any host
  # that uses iptables-nft: removing an artifact leaves them (empty), and
  # they are not the artifact's.
  for family in ip ip6; do
    for chain in INPUT OUTPUT FORWARD; do
      kt_in "$DUT" "${family}tables-nft" -A "$chain" -m comment --comment differential &&
      kt_in "$DUT" "${family}tables-nft" -D "$chain" -m comment --comment differential
    done
  done
  kt_ruleset "$DUT" >"$KT_WORK/before"
  timeout 500 ip netns exec "$DUT" /usr/bin/python3 "$root/tests/kernel/packets.py" --faultc "$faultc" \
    --root "$root" --peer "$PEER" --peer-if "$PEER_IF" --dut-mac "$DUT_MAC" --peer-mac "$PEER_MAC" \
    --in-if "$in_if" --out-if "$out_if" --work "$KT_WORK" --seed "$seed" \
    ${FAULTC_DIFF_PACKETS:+--packets "$FAULTC_DIFF_PACKETS"} ${FAULTC_DIFF_TARGETS:+--targets "$FAULTC_DIFF_TARGETS"} \
    ${FAULTC_DIFF_VERBOSE:+--verbose} "$@" </dev/null 2>&1 | tee "$KT_WORK/run.out"
  cat "$KT_WORK/run.out" >>"$KT_WORK/packets.out"
  if grep -q '^total: .* 0 failures' "$KT_WORK/run.out"; then
    kt_pass
  else
    kt_fail "the kernel disagrees with the evaluator (or the harness failed); see above. Reproduce with FAULTC_DIFF_SEED=$seed"
  fi
  kt_ruleset "$DUT" >"$KT_WORK/after"
  kt_check "the DUT's ruleset is as before (every artifact removed)" diff -u "$KT_WORK/before" "$KT_WORK/after"
done <"$KT_WORK/pairs"
if [ "$(wc -l <"$KT_WORK/pairs")" -gt 1 ]; then
  awk '/^total: / { p += $2; a += $4; g += $6; e += $9; f += $11 }
    END { printf "all runs: %d packets, %d agree, %d probabilistic groups, %d excluded, %d failures\n", p, a, g, e, f }' \
    "$KT_WORK/packets.out"
fi
echo "  whole run: $(( $(date +%s) - started_at )) s"
kt_finish
