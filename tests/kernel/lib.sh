# Shared helpers for the kernel tests: throwaway network namespaces that are
# always removed, bounded waits, and the rule that under CI nothing skips.
# Source it, then call `kernel_test_init NAME`.

KT_NAMESPACES=""
KT_PASSES=0
KT_FAILURES=0

kernel_test_init() {  # kernel_test_init NAME SOURCE_DIR
  KT_NAME=$1
  KT_ROOT=${2:-.}
  KT_WORK=$(mktemp -d)
  trap kernel_test_cleanup EXIT
  trap 'exit 130' INT TERM HUP
  kt_require_root_and_tools
}

# Skips loudly outside CI; fails under CI=true, where these tests must run.
kt_unavailable() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $KT_NAME cannot run: $1 (kernel tests must run in CI)"
    exit 1
  fi
  echo "SKIPPED: $KT_NAME: $1 ***********************************************"
  exit 0
}

kt_require_root_and_tools() {
  [ "$(id -u)" -eq 0 ] || kt_unavailable "not root"
  for tool in ip nft iptables-nft-restore iptables-legacy-restore ip6tables-nft-restore ip6tables-legacy-restore \
    iptables-nft-save iptables-legacy-save ip6tables-legacy-save shellcheck timeout; do
    command -v "$tool" >/dev/null 2>&1 || kt_unavailable "missing $tool (scripts/deps.sh installs it)"
  done
  ip netns add "faultc-probe-$$" 2>/dev/null || kt_unavailable "cannot create a network namespace"
  ip netns del "faultc-probe-$$"
}

# A new namespace with loopback up, named in $KT_NS (not printed: a command
# substitution would run in a subshell and lose the cleanup list).
kt_netns() {
  KT_NS="faultc-t$$-$(( $(printf '%s' "$KT_NAMESPACES" | wc -w) + 1 ))"
  ip netns add "$KT_NS"
  KT_NAMESPACES="$KT_NAMESPACES $KT_NS"
  ip -n "$KT_NS" link set lo up
}

kt_in() {  # kt_in NS COMMAND... (bounded to 30 s)
  ns=$1
  shift
  timeout 30 ip netns exec "$ns" "$@"
}

kernel_test_cleanup() {
  for ns in $KT_NAMESPACES; do
    # Processes a test started inside the namespace go first.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$KT_WORK"
}

kt_pass() { KT_PASSES=$((KT_PASSES + 1)); }
kt_fail() {
  KT_FAILURES=$((KT_FAILURES + 1))
  echo "FAIL: $*"
}

kt_check() {  # kt_check DESCRIPTION COMMAND...
  what=$1
  shift
  if "$@" >"$KT_WORK/check.out" 2>&1; then
    kt_pass
  else
    kt_fail "$what"
    sed 's/^/  | /' "$KT_WORK/check.out" | head -20
  fi
}

# Starts COMMAND in the background with its output in OUT; KT_BG is its pid.
# OUT is emptied here, before the fork: the background job's own redirection
# may come after a wait on OUT has already read an earlier run's output.
kt_background() {  # kt_background OUT COMMAND...
  kt_bg_out=$1
  shift
  : >"$kt_bg_out"
  "$@" >"$kt_bg_out" 2>&1 &
  # shellcheck disable=SC2034 # read by the tests that source this file
  KT_BG=$!
}

# Polls COMMAND until it succeeds, for at most SECONDS.
kt_wait_for() {  # kt_wait_for SECONDS COMMAND...
  deadline=$(( $(date +%s) + $1 ))
  shift
  while ! "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}

kt_finish() {
  echo "$KT_PASSES passed, $KT_FAILURES failed"
  [ "$KT_FAILURES" -eq 0 ]
}

# The whole ruleset of a namespace: nft (which includes iptables-nft's
# tables) and iptables-legacy for both families. Counters, the `expires`
# timers of timeout sets and the save tools' timestamp comments are left
# out: they change by themselves.
kt_ruleset() {  # kt_ruleset NS
  {
    echo "## nft"
    kt_in "$1" nft list ruleset
    echo "## iptables-legacy"
    kt_in "$1" iptables-legacy-save | grep -v '^#' | kt_without_empty_legacy_filter
    echo "## ip6tables-legacy"
    kt_in "$1" ip6tables-legacy-save | grep -v '^#' | kt_without_empty_legacy_filter
  } | sed -e 's/\[[0-9]*:[0-9]*\]/[counters]/' -e 's/counter packets [0-9]* bytes [0-9]*/counter/' \
    -e 's/ expires [0-9dhms]*//g'
}

# iptables-legacy creates its filter table on first use and the kernel never
# removes it again; a filter table with only empty, all-ACCEPT built-in
# chains filters nothing and counts as no table (as faultc's own check does).
kt_without_empty_legacy_filter() {
  awk '
    /^\*filter$/ { buffering = 1; block = $0 "\n"; empty = 1; next }
    buffering {
      block = block $0 "\n"
      if ($0 == "COMMIT") { if (!empty) printf "%s", block; buffering = 0; next }
      if ($0 !~ /^:(INPUT|FORWARD|OUTPUT) ACCEPT \[[0-9]+:[0-9]+\]$/) empty = 0
      next
    }
    { print }
  '
}

# An operator's own firewall, which every test must leave exactly as it was.
kt_operator_ruleset() {  # kt_operator_ruleset NS
  kt_in "$1" nft -f - <<'NFT'
table inet operator {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport 9999 counter drop
	}
}
NFT
  for variant in nft legacy; do
    kt_in "$1" "iptables-$variant" -N OPERATOR
    kt_in "$1" "iptables-$variant" -A OPERATOR -p udp --dport 9998 -j DROP
    kt_in "$1" "iptables-$variant" -A INPUT -j OPERATOR
    kt_in "$1" "ip6tables-$variant" -A INPUT -p tcp --dport 9997 -j DROP
  done
}

# A client and a server namespace joined by a veth pair:
#   client: 10.0.0.5, 10.0.0.6, fd00::5, fd00::6   server: 10.0.0.1, fd00::1
# Sets KT_CLIENT and KT_SERVER.
kt_client_server() {
  kt_netns
  KT_CLIENT=$KT_NS
  kt_netns
  KT_SERVER=$KT_NS
  ip link add "fc$$c" netns "$KT_CLIENT" type veth peer name "fc$$s" netns "$KT_SERVER"
  ip -n "$KT_CLIENT" link set "fc$$c" up
  ip -n "$KT_SERVER" link set "fc$$s" up
  for a in 10.0.0.5/24 10.0.0.6/24; do ip -n "$KT_CLIENT" addr add "$a" dev "fc$$c"; done
  for a in fd00::5/64 fd00::6/64; do ip -n "$KT_CLIENT" addr add "$a" dev "fc$$c" nodad; done
  ip -n "$KT_SERVER" addr add 10.0.0.1/24 dev "fc$$s"
  ip -n "$KT_SERVER" addr add fd00::1/64 dev "fc$$s" nodad
}

# Starts the TCP probe server in the server namespace on PORT; logs per
# peer go to $KT_WORK/peers/.
kt_tcp_server() {  # kt_tcp_server PORT
  mkdir -p "$KT_WORK/peers"
  kt_background "$KT_WORK/server.out" timeout 300 ip netns exec "$KT_SERVER" /usr/bin/python3 \
    "$KT_ROOT/tests/kernel/tcp_probe.py" serve "$1" "$KT_WORK/peers"
  kt_wait_for 5 grep -q listening "$KT_WORK/server.out"
}

kt_send() {  # kt_send SRC DST PORT MESSAGE [WAIT] -> prints connected|refused|timeout
  timeout 20 ip netns exec "$KT_CLIENT" /usr/bin/python3 "$KT_ROOT/tests/kernel/tcp_probe.py" send "$@"
}

kt_received() {  # kt_received PEER -> what the server application got from PEER
  cat "$KT_WORK/peers/$1.log" 2>/dev/null
}

# The differential harness's device under test (tests/kernel/packets.py reads
# its observer), shared by differential_test.sh and generated_test.sh.
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
  DUT_COUNT=${DUT_COUNT:-0}
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
