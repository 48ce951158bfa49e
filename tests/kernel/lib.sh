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
