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

# dut_topology IN OUT: the DUT, its peer and its sink. The DUT's interfaces
# are named as the evaluator's default packet interfaces: packets arrive on
# IN (usually eth0; from the peer), outbound ones leave by IN, forwarded ones
# leave by OUT (usually eth1; to the sink, where they vanish). Sets DUT,
# PEER, PEER_IF, DUT_MAC, PEER_MAC.
#   - every address is local (`local 0.0.0.0/0` and `::/0` in the local
#     table), so an inbound packet to any destination reaches the input hook,
#     and the DUT can answer from it (ICMP errors need a local source);
#   - the observer marks forwarded packets (their DSCP) in prerouting; the
#     mark's rule, before the local table's, routes them out by OUT;
#   - everything the DUT itself sends (outbound packets, replies) is routed
#     out by IN to the peer (`iif lo`, first);
#   - no reverse-path filter, local sources accepted, no ICMP rate limits;
#   - the gateways' neighbours are permanent: the DUT never resolves any.
# The peer and the sink have no addresses and IPv6 off: they never answer.
dut_topology() {
  in_if=$1
  out_if=$2
  kt_netns
  DUT=$KT_NS
  kt_netns
  PEER=$KT_NS
  kt_netns
  SINK=$KT_NS
  PEER_IF="fd$$p$DUT_COUNT"
  sink_if="fd$$s$DUT_COUNT"
  DUT_COUNT=$((DUT_COUNT + 1))
  for ns in "$PEER" "$SINK"; do
    kt_in "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || return 1
  done
  # Before the interfaces exist, so that they inherit the defaults.
  kt_in "$DUT" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
    net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
    net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
    net.ipv4.conf.all.accept_local=1 net.ipv4.conf.default.accept_local=1 \
    net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0 \
    net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_ratemask=0 net.ipv6.icmp.ratelimit=0 || return 1
  # Per-namespace only on newer kernels; the ratemask above covers both.
  kt_in "$DUT" sysctl -qw net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.icmp_msgs_burst=100000 \
    net.ipv6.icmp.ratemask=0,3-127 2>/dev/null
  ip link add "$in_if" netns "$DUT" type veth peer name "$PEER_IF" netns "$PEER" &&
  ip link add "$out_if" netns "$DUT" type veth peer name "$sink_if" netns "$SINK" &&
  ip -n "$DUT" link set "$in_if" up &&
  ip -n "$DUT" link set "$out_if" up &&
  ip -n "$PEER" link set "$PEER_IF" up &&
  ip -n "$SINK" link set "$sink_if" up || return 1
  DUT_MAC=$(ip -n "$DUT" -o link show "$in_if" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
  PEER_MAC=$(ip -n "$PEER" -o link show "$PEER_IF" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
  SINK_MAC=$(ip -n "$SINK" -o link show "$sink_if" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
  [ -n "$DUT_MAC" ] && [ -n "$PEER_MAC" ] && [ -n "$SINK_MAC" ] || return 1
  ip -n "$DUT" addr add 169.254.0.1/32 dev "$in_if" &&
  ip -n "$DUT" addr add fdff:ffff::1/128 dev "$in_if" nodad &&
  ip -n "$DUT" neigh add 169.254.0.2 lladdr "$PEER_MAC" dev "$in_if" nud permanent &&
  ip -n "$DUT" -6 neigh add fe80::2 lladdr "$PEER_MAC" dev "$in_if" nud permanent &&
  ip -n "$DUT" route add default via 169.254.0.2 dev "$in_if" onlink src 169.254.0.1 table 103 &&
  ip -n "$DUT" -6 route add default via fe80::2 dev "$in_if" src fdff:ffff::1 table 103 &&
  ip -n "$DUT" neigh add 169.254.1.2 lladdr "$SINK_MAC" dev "$out_if" nud permanent &&
  ip -n "$DUT" -6 neigh add fe80::1:2 lladdr "$SINK_MAC" dev "$out_if" nud permanent &&
  ip -n "$DUT" route add default via 169.254.1.2 dev "$out_if" onlink src 169.254.0.1 table 102 &&
  ip -n "$DUT" -6 route add default via fe80::1:2 dev "$out_if" src fdff:ffff::1 table 102 &&
  ip -n "$DUT" route add local 0.0.0.0/0 dev lo table local &&
  ip -n "$DUT" -6 route add local ::/0 dev lo table local || return 1
  for family in -4 -6; do
    ip -n "$DUT" "$family" rule add pref 9 iif lo lookup 103 &&
    ip -n "$DUT" "$family" rule add pref 10 fwmark 2 lookup 102 &&
    ip -n "$DUT" "$family" rule add pref 20 lookup local &&
    ip -n "$DUT" "$family" rule del pref 0 lookup local || return 1
  done
  # The observer (read by tests/kernel/packets.py). Crafted packets carry
  # DSCP 33 (inbound), 34 (forwarded) or 35 (outbound), and a key: IPv4
  # `ip id`, IPv6 `ip6 flowlabel`, which no faultc rule matches.
  #  - sets <hook><stage><family>: hook i(nput), o(utput), f(orward); stage
  #    e (entered: priority -400, before everything) or s (survived: +300,
  #    after faultc's nft chains at -10 and iptables' filter at 0);
  #  - the DUT's replies, at the very start of its output path (before any
  #    chain that could drop them, the scenario's own included): ICMP errors
  #    quoting a crafted packet (its key, from the quoted header: rk4, rk6),
  #    TCP resets (rs: the sequence number of a RST, the acknowledged
  #    number of a RST+ACK; packets.py gives every segment unique ones);
  #  - prerouting marks forwarded packets for their routing rule; `ct state`
  #    keeps conntrack on for both families whatever the artifact matches.
  {
    echo "table inet diffobs {"
    for set in ie is oe os fe fs; do
      echo "	set ${set}4 { typeof ip id; size 65535; flags dynamic; }"
      echo "	set ${set}6 { typeof ip6 flowlabel; size 65535; flags dynamic; }"
    done
    cat <<'NFT'
	set rk4 { typeof @th,96,16; size 65535; flags dynamic; }
	set rk6 { typeof @th,76,20; size 65535; flags dynamic; }
	set rs4 { typeof tcp sequence; size 65535; flags dynamic; }
	set rs6 { typeof tcp sequence; size 65535; flags dynamic; }
	set ra4 { typeof tcp ackseq; size 65535; flags dynamic; }
	set ra6 { typeof tcp ackseq; size 65535; flags dynamic; }
	chain pre {
		type filter hook prerouting priority -150; policy accept;
		ct state invalid counter
		iifname "@IN@" ip dscp 34 meta mark set 2
		iifname "@IN@" ip6 dscp 34 meta mark set 2
	}
	chain input_first {
		type filter hook input priority -400; policy accept;
		iifname "@IN@" ip dscp 33 add @ie4 { ip id }
		iifname "@IN@" ip6 dscp 33 add @ie6 { ip6 flowlabel }
	}
	chain input_last {
		type filter hook input priority 300; policy accept;
		iifname "@IN@" ip dscp 33 add @is4 { ip id }
		iifname "@IN@" ip6 dscp 33 add @is6 { ip6 flowlabel }
	}
	chain output_first {
		type filter hook output priority -400; policy accept;
		ip dscp 35 add @oe4 { ip id }
		ip6 dscp 35 add @oe6 { ip6 flowlabel }
		ip dscp != 35 icmp type destination-unreachable @th,72,6 { 33, 34, 35 } add @rk4 { @th,96,16 }
		ip6 dscp != 35 icmpv6 type destination-unreachable @th,68,6 { 33, 34, 35 } add @rk6 { @th,76,20 }
		ip dscp != 35 tcp flags & (rst | ack) == rst add @rs4 { tcp sequence }
		ip dscp != 35 tcp flags & (rst | ack) == rst | ack add @ra4 { tcp ackseq }
		ip6 dscp != 35 tcp flags & (rst | ack) == rst add @rs6 { tcp sequence }
		ip6 dscp != 35 tcp flags & (rst | ack) == rst | ack add @ra6 { tcp ackseq }
	}
	chain output_last {
		type filter hook output priority 300; policy accept;
		ip dscp 35 add @os4 { ip id }
		ip6 dscp 35 add @os6 { ip6 flowlabel }
	}
	chain forward_first {
		type filter hook forward priority -400; policy accept;
		ip dscp 34 add @fe4 { ip id }
		ip6 dscp 34 add @fe6 { ip6 flowlabel }
	}
	chain forward_last {
		type filter hook forward priority 300; policy accept;
		ip dscp 34 add @fs4 { ip id }
		ip6 dscp 34 add @fs6 { ip6 flowlabel }
	}
}
NFT
  } | sed "s/@IN@/$in_if/" >"$KT_WORK/observer.nft"
  kt_in "$DUT" nft -f "$KT_WORK/observer.nft" || return 1
  kt_in "$DUT" sysctl -qw net.netfilter.nf_conntrack_tcp_be_liberal=1 net.netfilter.nf_conntrack_tcp_loose=1
}

echo "differential: seed $seed (FAULTC_DIFF_SEED=$seed reproduces this run)"
DUT_COUNT=0

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
