#!/bin/sh
# The language's fault kinds on real traffic, for every target (nft,
# iptables = iptables-nft, iptables-legacy). Each scenario runs a few
# seconds under `faultc run` inside throw-away namespaces; every run must end
# by itself, say "verified", and leave the ruleset byte-identical.
#  1. partition: `forwarded between A and B drop` on a router namespace cuts
#     A<->B (IPv4 both ways, IPv6) while A and B still reach the router, and
#     everything works afterwards;
#  2. `drop 30%`: 2000 UDP datagrams, the measured loss is 30% +- 5 points
#     (n=2000: sigma = 1.02 points, so the bound is 4.9 sigma);
#  3. `reject with tcp-reset`: the connect is refused at once (< 0.5 s);
#  4. `limit 1mbyte/s burst 1mbyte`: a TCP bulk transfer measured for 5 s is
#     within 0.6-1.8 MiB/s overall (the first second carries the bucket, up
#     to burst + 1 s of rate: expected about (5 + 2) / 5 = 1.4) and within
#     0.6-1.3 MiB/s from the second second on (the limit itself); at least
#     10 MiB/s without the scenario;
#  5. `reject new` refuses a new connection while a connection opened before
#     the run keeps carrying data, on a stateful host (conntrack already
#     tracking, as with any `ct state` firewall) and on a host with no
#     firewall at all (conntrack starts with the scenario and first sees the
#     old connection mid-stream); `drop established` stalls such a
#     connection (nothing it sends during the run arrives during the run),
#     and it recovers afterwards;
#  6. never more reachable: the operator's own nft rule, then its own
#     iptables rule, drops TCP 1234 from the client; a scenario that
#     `allow`s exactly that traffic (and sees it first) leaves it dropped,
#     and the operator's rule is intact and still effective afterwards.
# About 3 minutes in all.
# Usage: scenarios_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init scenarios "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"
started_at=$(date +%s)

# ---- traffic tools (standard library only) ----
cat >"$KT_WORK/traffic.py" <<'PY'
import select, socket, sys, time

def fam(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET

def connect(src, dst, port, timeout):
    """prints 'connected|refused|timeout|error ... <ms> ms'; rc 0 only when connected"""
    s = socket.socket(fam(dst), socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(float(timeout))
    t0 = time.monotonic()
    try:
        s.connect((dst, int(port)))
        result, rc = "connected", 0
    except ConnectionRefusedError:
        result, rc = "refused", 2
    except socket.timeout:
        result, rc = "timeout", 3
    except OSError as e:
        result, rc = "error(%s)" % e.strerror, 4
    print("%s %.1f ms" % (result, (time.monotonic() - t0) * 1000))
    s.close()
    return rc

def udp_recv(bind, port, idle):
    """counts distinct sequence numbers until IDLE s without a datagram (at most 30 s)"""
    s = socket.socket(fam(bind), socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((bind, int(port)))
    print("ready", flush=True)
    seen = set()
    deadline = time.monotonic() + 30
    s.settimeout(10)
    while time.monotonic() < deadline:
        try:
            data = s.recv(2048)
        except socket.timeout:
            break
        seen.add(data.split()[0])
        s.settimeout(float(idle))
    print("received %d" % len(seen), flush=True)
    return 0

def udp_send(src, dst, port, count, rate):
    s = socket.socket(fam(dst), socket.SOCK_DGRAM)
    s.bind((src, 0))
    # Resolve the neighbour first: packets queued behind an unresolved
    # neighbour can be lost, which would count as loss.
    s.sendto(b"prime", (dst, 9))
    time.sleep(0.3)
    count, gap = int(count), 1.0 / float(rate)
    t0 = time.monotonic()
    for i in range(count):
        s.sendto(b"%d %s" % (i, b"x" * 64), (dst, int(port)))
        delay = t0 + (i + 1) * gap - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print("sent %d in %.2f s" % (count, time.monotonic() - t0))
    return 0

def bulk_recv(port, window):
    """accepts one connection; counts the bytes in each second of the WINDOW s
    after the first byte; prints the total rate and, when WINDOW >= 2, the
    rate from second 1 on (after the burst)"""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", int(port)))
    srv.listen(1)
    print("listening", flush=True)
    srv.settimeout(20)
    conn, _ = srv.accept()
    window = int(window)
    first, seconds = None, [0] * window
    end = time.monotonic() + 20
    while True:
        now = time.monotonic()
        if first is not None and now >= first + window or now >= end:
            break
        wait = (first + window - now) if first is not None else end - now
        ready, _, _ = select.select([conn], [], [], max(wait, 0.0))
        if not ready:
            continue
        data = conn.recv(1 << 18)
        now = time.monotonic()
        if not data:
            break
        if first is None:
            first = now
        if now < first + window:
            seconds[int(now - first)] += len(data)
    conn.close()
    mib = 1048576.0
    print("per second (MiB): %s" % " ".join("%.2f" % (b / mib) for b in seconds))
    print("total: %.3f MiB/s" % (sum(seconds) / window / mib))
    if window >= 2:
        print("after the first second: %.3f MiB/s" % (sum(seconds[1:]) / (window - 1) / mib))
    return 0

def bulk_send(src, dst, port, seconds):
    s = socket.socket(fam(dst), socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(3)
    s.connect((dst, int(port)))
    s.settimeout(0.5)
    chunk = b"b" * 65536
    end = time.monotonic() + float(seconds)
    while time.monotonic() < end:
        try:
            s.send(chunk)
        except socket.timeout:
            continue
        except OSError:
            break
    s.close()
    return 0

def session(src, dst, port, seconds, interval):
    """one long connection: 'tick N' every INTERVAL s for SECONDS s; prints 'sent N'"""
    s = socket.socket(fam(dst), socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(3)
    s.connect((dst, int(port)))
    print("connected", flush=True)
    end = time.monotonic() + float(seconds)
    n = 0
    while time.monotonic() < end:
        n += 1
        try:
            s.sendall(b"tick %d\n" % n)
        except OSError as e:
            print("error %s" % e, flush=True)
            return 1
        print("sent %d" % n, flush=True)
        time.sleep(float(interval))
    s.close()
    return 0

if __name__ == "__main__":
    commands = {"connect": connect, "udp-recv": udp_recv, "udp-send": udp_send,
                "bulk-recv": bulk_recv, "bulk-send": bulk_send, "session": session}
    sys.exit(commands[sys.argv[1]](*sys.argv[2:]))
PY

traffic() {  # traffic NS SECONDS COMMAND ARGS...: a bounded run of traffic.py in NS
  ns=$1
  limit=$2
  shift 2
  timeout "$limit" ip netns exec "$ns" /usr/bin/python3 "$KT_WORK/traffic.py" "$@"
}
# traffic_bg OUT NS SECONDS COMMAND ARGS...: the same in the background, output
# to OUT; BG is the pid of `timeout`, so that killing it ends the tool too
traffic_bg() {
  out=$1
  ns=$2
  limit=$3
  shift 3
  kt_background "$out" timeout "$limit" ip netns exec "$ns" /usr/bin/python3 "$KT_WORK/traffic.py" "$@"
  BG=$KT_BG
}

# probe NS SRC DST PORT: one TCP connect (1 s timeout); prints and saves the result
probe() {
  traffic "$1" 10 connect "$2" "$3" "$4" 1 >"$KT_WORK/probe.out" 2>&1
  probe_rc=$?
  PROBE=$(cat "$KT_WORK/probe.out")
  return $probe_rc
}
connects() { probe "$@"; }
cannot_connect() { ! probe "$@"; }
refused() { probe "$@"; [ "${PROBE%% *}" = refused ]; }

# tcp_server NS PORT NAME: the probe server of lib.sh (logs per peer in $KT_WORK/NAME/)
tcp_server() {
  mkdir -p "$KT_WORK/$3"
  kt_background "$KT_WORK/$3.out" timeout 300 ip netns exec "$1" /usr/bin/python3 \
    "$root/tests/kernel/tcp_probe.py" serve "$2" "$KT_WORK/$3"
  kt_wait_for 5 grep -q listening "$KT_WORK/$3.out"
}

variant() { [ "$1" = iptables-legacy ] && echo legacy || echo nft; }

# start_run TARGET NS FILE: snapshot the ruleset, start `faultc run`, wait for "applied"
start_run() {
  RUN_NS=$2
  RUN_NAME=$(basename "$3" .fault)
  kt_ruleset "$RUN_NS" >"$KT_WORK/before"
  # Every target runs the same scenarios, so the output file names repeat.
  kt_background "$KT_WORK/run-$RUN_NAME.out" env FAULTC_STATE_DIR="$KT_WORK/state" \
    timeout 40 ip netns exec "$RUN_NS" "$faultc" run -t "$1" "$3"
  RUNNER=$KT_BG
  kt_check "$1: $RUN_NAME: applied" kt_wait_for 10 grep -q applied "$KT_WORK/run-$RUN_NAME.out"
}

# end_run TARGET: the run ends by itself, verifies, and the ruleset is as before
end_run() {
  kt_check "$1: $RUN_NAME: the run ends by itself with status 0" wait "$RUNNER"
  kt_check "$1: $RUN_NAME: it says verified" grep -q verified "$KT_WORK/run-$RUN_NAME.out"
  kt_ruleset "$RUN_NS" >"$KT_WORK/after"
  kt_check "$1: $RUN_NAME: ruleset byte-identical after the run" diff -u "$KT_WORK/before" "$KT_WORK/after"
  if [ "$KT_FAILURES" -gt "$failures_seen" ]; then
    sed 's/^/  run| /' "$KT_WORK/run-$RUN_NAME.out" | tail -15
    failures_seen=$KT_FAILURES
  fi
}
failures_seen=0

say() { echo "  $*"; }

# The highest tick number the server application got in log FILE.
max_tick() { grep -o 'tick [0-9]*' "$1" 2>/dev/null | tail -1 | cut -d' ' -f2 | grep . || echo 0; }
last_sent() { sed -n 's/^sent //p' "$1" | tail -1 | grep . || echo 0; }

# ---- the scenarios ----
cat >"$KT_WORK/partition.fault" <<'FAULT'
host site-a = { 10.1.0.0/24, fd00:a::/64 }
host site-b = { 10.2.0.0/24, fd00:b::/64 }
forwarded between site-a and site-b drop for 6s
FAULT
cat >"$KT_WORK/loss.fault" <<'FAULT'
udp from 10.0.0.5 to port 5353 drop 30% for 6s
FAULT
cat >"$KT_WORK/reset.fault" <<'FAULT'
host victim = { 10.0.0.5, fd00::5 }
from victim to port 1234 reject with tcp-reset for 4s
FAULT
cat >"$KT_WORK/ratelimit.fault" <<'FAULT'
to port 5001 limit 1mbyte/s burst 1mbyte for 8s
FAULT
cat >"$KT_WORK/refuse-new.fault" <<'FAULT'
to port 6379 reject new for 5s
FAULT
cat >"$KT_WORK/stall-established.fault" <<'FAULT'
to port 6379 drop established for 6s
FAULT
cat >"$KT_WORK/allow-rest.fault" <<'FAULT'
from 10.0.0.5 to port 1234 allow rest for 4s
FAULT

# Three namespaces: A (10.1.0.2, fd00:a::2) - router - B (10.2.0.2, fd00:b::2);
# the router has .1 / ::1 on both sides and forwards. Sets NS_A NS_R NS_B.
router_topology() {
  kt_netns; NS_A=$KT_NS
  kt_netns; NS_R=$KT_NS
  kt_netns; NS_B=$KT_NS
  ip link add "fr$$a" netns "$NS_A" type veth peer name "fr$$ra" netns "$NS_R" &&
  ip link add "fr$$b" netns "$NS_B" type veth peer name "fr$$rb" netns "$NS_R" &&
  ip -n "$NS_A" addr add 10.1.0.2/24 dev "fr$$a" &&
  ip -n "$NS_A" addr add fd00:a::2/64 dev "fr$$a" nodad &&
  ip -n "$NS_B" addr add 10.2.0.2/24 dev "fr$$b" &&
  ip -n "$NS_B" addr add fd00:b::2/64 dev "fr$$b" nodad &&
  ip -n "$NS_R" addr add 10.1.0.1/24 dev "fr$$ra" &&
  ip -n "$NS_R" addr add fd00:a::1/64 dev "fr$$ra" nodad &&
  ip -n "$NS_R" addr add 10.2.0.1/24 dev "fr$$rb" &&
  ip -n "$NS_R" addr add fd00:b::1/64 dev "fr$$rb" nodad &&
  ip -n "$NS_A" link set "fr$$a" up &&
  ip -n "$NS_B" link set "fr$$b" up &&
  ip -n "$NS_R" link set "fr$$ra" up &&
  ip -n "$NS_R" link set "fr$$rb" up &&
  ip -n "$NS_A" route add default via 10.1.0.1 &&
  ip -n "$NS_A" -6 route add default via fd00:a::1 &&
  ip -n "$NS_B" route add default via 10.2.0.1 &&
  ip -n "$NS_B" -6 route add default via fd00:b::1 &&
  ip netns exec "$NS_R" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward && echo 1 >/proc/sys/net/ipv6/conf/all/forwarding'
}

partition() {  # partition TARGET
  t=$1
  router_topology || { kt_fail "$t: partition: cannot build the router topology"; return; }
  if ! { tcp_server "$NS_A" 80 "a-$t" && tcp_server "$NS_B" 80 "b-$t" && tcp_server "$NS_R" 80 "r-$t"; }; then
    kt_fail "$t: partition: test servers did not start"
    return
  fi
  kt_check "$t: partition: A -> B works before" connects "$NS_A" 10.1.0.2 10.2.0.2 80
  kt_operator_ruleset "$NS_R"
  start_run "$t" "$NS_R" "$KT_WORK/partition.fault"
  kt_check "$t: partition: A -> B cut" cannot_connect "$NS_A" 10.1.0.2 10.2.0.2 80; say "$t: partition: A -> B: $PROBE"
  kt_check "$t: partition: B -> A cut" cannot_connect "$NS_B" 10.2.0.2 10.1.0.2 80; say "$t: partition: B -> A: $PROBE"
  kt_check "$t: partition: A -> B over IPv6 cut" cannot_connect "$NS_A" fd00:a::2 fd00:b::2 80; say "$t: partition: A -> B v6: $PROBE"
  kt_check "$t: partition: A -> router works" connects "$NS_A" 10.1.0.2 10.1.0.1 80; say "$t: partition: A -> router: $PROBE"
  kt_check "$t: partition: B -> router works" connects "$NS_B" 10.2.0.2 10.2.0.1 80
  kt_check "$t: partition: B -> router over IPv6 works" connects "$NS_B" fd00:b::2 fd00:b::1 80
  end_run "$t"
  kt_check "$t: partition: A -> B works after" connects "$NS_A" 10.1.0.2 10.2.0.2 80
  kt_check "$t: partition: B -> A works after" connects "$NS_B" 10.2.0.2 10.1.0.2 80
  kt_check "$t: partition: A -> B over IPv6 works after" connects "$NS_A" fd00:a::2 fd00:b::2 80
}

random_loss() {  # random_loss TARGET (client/server namespaces exist)
  t=$1
  sent=2000
  traffic_bg "$KT_WORK/udp-recv.out" "$KT_SERVER" 40 udp-recv 10.0.0.1 5353 1.5
  receiver=$BG
  kt_wait_for 5 grep -q ready "$KT_WORK/udp-recv.out" || { kt_fail "$t: loss: receiver did not start"; return; }
  start_run "$t" "$KT_SERVER" "$KT_WORK/loss.fault"
  kt_check "$t: loss: $sent datagrams sent at 1000/s" traffic "$KT_CLIENT" 20 udp-send 10.0.0.5 10.0.0.1 5353 $sent 1000
  kt_check "$t: loss: the receiver finishes" wait "$receiver"
  got=$(sed -n 's/^received //p' "$KT_WORK/udp-recv.out")
  loss=$(awk -v s=$sent -v r="${got:-0}" 'BEGIN { printf "%.1f", 100 * (s - r) / s }')
  say "$t: loss: received ${got:-?} of $sent: measured loss $loss% (bound 25-35%)"
  kt_check "$t: loss: measured loss $loss% within 30% +- 5 points" \
    awk -v l="$loss" 'BEGIN { exit !(l >= 25 && l <= 35) }'
  end_run "$t"
}

tcp_reset() {  # tcp_reset TARGET
  t=$1
  start_run "$t" "$KT_SERVER" "$KT_WORK/reset.fault"
  kt_check "$t: reset: the victim's connect is refused" refused "$KT_CLIENT" 10.0.0.5 10.0.0.1 1234
  say "$t: reset: victim IPv4: $PROBE"
  ms=$(echo "$PROBE" | awk '{ print $2 }')
  kt_check "$t: reset: ... at once (${ms} ms < 500 ms)" awk -v m="$ms" 'BEGIN { exit !(m + 0 < 500) }'
  kt_check "$t: reset: the IPv6 victim is refused" refused "$KT_CLIENT" fd00::5 fd00::1 1234
  say "$t: reset: victim IPv6: $PROBE"
  ms=$(echo "$PROBE" | awk '{ print $2 }')
  kt_check "$t: reset: ... at once (${ms} ms < 500 ms)" awk -v m="$ms" 'BEGIN { exit !(m + 0 < 500) }'
  kt_check "$t: reset: another client connects" connects "$KT_CLIENT" 10.0.0.6 10.0.0.1 1234
  end_run "$t"
  kt_check "$t: reset: the victim connects after the run" connects "$KT_CLIENT" 10.0.0.5 10.0.0.1 1234
}

# bulk TAG WINDOW: a bulk transfer client -> server:5001 for WINDOW s, measured
# by the server in $KT_WORK/bulk-TAG.out
bulk() {
  traffic_bg "$KT_WORK/bulk-$1.out" "$KT_SERVER" 30 bulk-recv 5001 "$2"
  bulk_receiver=$BG
  kt_wait_for 5 grep -q listening "$KT_WORK/bulk-$1.out" || return 1
  traffic "$KT_CLIENT" 30 bulk-send 10.0.0.5 10.0.0.1 5001 "$(($2 + 2))" >/dev/null 2>&1
  wait "$bulk_receiver"
}
rate_of() { sed -n "s/^$2: \([0-9.]*\) MiB\/s\$/\1/p" "$KT_WORK/bulk-$1.out"; }

rate_limit() {  # rate_limit TARGET
  t=$1
  bulk free 1
  free=$(rate_of free total)
  say "$t: limit: without the scenario: ${free:-?} MiB/s"
  kt_check "$t: limit: without the scenario the transfer is fast (${free:-?} >= 10 MiB/s)" \
    awk -v r="${free:-0}" 'BEGIN { exit !(r >= 10) }'
  start_run "$t" "$KT_SERVER" "$KT_WORK/ratelimit.fault"
  bulk capped 5
  total=$(rate_of capped total)
  steady=$(rate_of capped "after the first second")
  say "$t: limit: under 'limit 1mbyte/s burst 1mbyte', $(sed -n 's/^per second/per second/p' "$KT_WORK/bulk-capped.out")"
  say "$t: limit: ${total:-?} MiB/s over 5 s (bound 0.6-1.8), ${steady:-?} MiB/s after the first second (bound 0.6-1.3)"
  kt_check "$t: limit: ${total:-?} MiB/s over 5 s, within 0.6-1.8 MiB/s" \
    awk -v r="${total:-0}" 'BEGIN { exit !(r >= 0.6 && r <= 1.8) }'
  kt_check "$t: limit: ${steady:-?} MiB/s after the burst, within 0.6-1.3 MiB/s" \
    awk -v r="${steady:-0}" 'BEGIN { exit !(r >= 0.6 && r <= 1.3) }'
  end_run "$t"
}

refuse_new() {  # refuse_new TARGET HOST-KIND LOGDIR
  t=$1
  label="$t: reject new ($2)"
  log="$KT_WORK/$3/10.0.0.6.log"
  traffic_bg "$KT_WORK/session-new.out" "$KT_CLIENT" 30 session 10.0.0.6 10.0.0.1 6379 10 0.2
  session=$BG
  kt_check "$label: a connection opened before the run carries data" \
    kt_wait_for 5 sh -c "grep -q 'tick 2' '$log'"
  start_run "$t" "$KT_SERVER" "$KT_WORK/refuse-new.fault"
  sleep 0.5
  before_probe=$(max_tick "$log")
  kt_check "$label: a new connection is refused" refused "$KT_CLIENT" 10.0.0.5 10.0.0.1 6379
  say "$label: new connection: $PROBE"
  sleep 2
  later=$(max_tick "$log")
  say "$label: the old connection's ticks at the server: $before_probe, 2 s later $later (client sent $(last_sent "$KT_WORK/session-new.out"))"
  kt_check "$label: the old connection keeps carrying data ($before_probe -> $later)" \
    test "$later" -ge $((before_probe + 5))
  end_run "$t"
  kt_check "$label: a new connection works after the run" connects "$KT_CLIENT" 10.0.0.5 10.0.0.1 6379
  kill "$session" 2>/dev/null
  wait "$session" 2>/dev/null
}

stall_established() {  # stall_established TARGET
  t=$1
  log="$KT_WORK/redis-$t/10.0.0.6.log"
  : >"$log"
  traffic_bg "$KT_WORK/session-est.out" "$KT_CLIENT" 40 session 10.0.0.6 10.0.0.1 6379 30 0.2
  session=$BG
  kt_check "$t: drop established: a connection opened before the run carries data" \
    kt_wait_for 5 sh -c "grep -q 'tick 2' '$log'"
  start_run "$t" "$KT_SERVER" "$KT_WORK/stall-established.fault"
  sleep 0.5
  m0=$(max_tick "$log")
  s0=$(last_sent "$KT_WORK/session-est.out")
  sleep 4
  m1=$(max_tick "$log")
  s1=$(last_sent "$KT_WORK/session-est.out")
  say "$t: drop established: from 0.5 s to 4.5 s into the run the client sent ticks $s0 -> $s1, the server got $m0 -> $m1"
  kt_check "$t: drop established: the client kept sending" test "$s1" -ge $((s0 + 10))
  kt_check "$t: drop established: none of it arrived during the run ($m0 -> $m1)" test "$m1" -eq "$m0"
  end_run "$t"
  ended=$(date +%s%3N)
  kt_check "$t: drop established: the stalled connection delivers again after the run" \
    kt_wait_for 20 sh -c "[ \"\$(grep -o 'tick [0-9]*' '$log' | tail -1 | cut -d' ' -f2)\" -gt $s1 ]"
  say "$t: drop established: data flowed again $(( $(date +%s%3N) - ended )) ms after the run ended (TCP retransmission backoff)"
  kill "$session" 2>/dev/null
  wait "$session" 2>/dev/null
}

# operator_counted KIND: the operator's own drop rule (nft, or iptables-*) counted packets
operator_counted() {
  case $1 in
    nft) kt_in "$KT_SERVER" nft list table inet opfw | grep -Eq 'counter packets [1-9]' ;;
    *) kt_in "$KT_SERVER" "$1-save" -c -t filter 2>/dev/null | grep -e '--dport 1234' |
      grep -v FAULTC | grep -Eq '^\[[1-9][0-9]*:' ;;
  esac
}

# scenario_counted TARGET: the scenario's allow rule (a return) saw the victim's SYN
scenario_counted() {
  case $1 in
    nft) kt_in "$KT_SERVER" nft list ruleset | sed -n '/^table inet faultc_/,/^}/p' | grep -w return |
      grep -Eq 'counter packets [1-9]' ;;
    *) kt_in "$KT_SERVER" "iptables-$(variant "$1")-save" -c -t filter 2>/dev/null |
      grep -E '^\[[1-9][0-9]*:[0-9]+\] -A FAULTC-[^ ]*-1 .*-j RETURN' ;;
  esac
}

never_more_reachable() {  # never_more_reachable TARGET
  t=$1
  # The nft target meets an iptables-legacy operator (another netfilter
  # front end); the iptables targets meet their own kind, in the same chain.
  [ "$t" = nft ] && opipt=iptables-legacy || opipt="iptables-$(variant "$t")"
  for kind in nft "$opipt"; do
    # The operator's nft table hooks in after every target's chains (priority
    # 10), so that the scenario's allow sees the packet first.
    if [ "$kind" = nft ]; then
      kt_in "$KT_SERVER" nft -f - <<'NFT'
table inet opfw {
	chain input {
		type filter hook input priority 10; policy accept;
		ip saddr 10.0.0.5 tcp dport 1234 counter drop
	}
}
NFT
    else
      kt_in "$KT_SERVER" "$kind" -A INPUT -s 10.0.0.5/32 -p tcp --dport 1234 -j DROP
    fi
    label="$t: $kind operator rule"
    kt_check "$label: cuts the client before the run" cannot_connect "$KT_CLIENT" 10.0.0.5 10.0.0.1 1234
    start_run "$t" "$KT_SERVER" "$KT_WORK/allow-rest.fault"
    kt_check "$label: 'allow rest' does not open the port" cannot_connect "$KT_CLIENT" 10.0.0.5 10.0.0.1 1234
    say "$label: connect during 'allow rest': $PROBE"
    kt_check "$label: the scenario's allow rule saw the SYN first" scenario_counted "$t"
    kt_check "$label: the other client still connects" connects "$KT_CLIENT" 10.0.0.6 10.0.0.1 1234
    end_run "$t"
    kt_check "$label: still drops after the run" cannot_connect "$KT_CLIENT" 10.0.0.5 10.0.0.1 1234
    kt_check "$label: it is what dropped them (its counter)" operator_counted "$kind"
    if [ "$kind" = nft ]; then
      kt_in "$KT_SERVER" nft delete table inet opfw
    else
      kt_in "$KT_SERVER" "$kind" -D INPUT -s 10.0.0.5/32 -p tcp --dport 1234 -j DROP
    fi
  done
}

# A host whose own firewall is stateful (as most are): conntrack tracks every
# connection from the start, before any scenario runs.
stateful_host() {
  kt_in "$1" nft -f - <<'NFT'
table inet opct {
	chain input {
		type filter hook input priority 0; policy accept;
		ct state established,related counter
	}
}
NFT
}

for target in nft iptables iptables-legacy; do
  target_started=$(date +%s)
  echo "== $target"
  partition "$target"

  # A host without a stateful firewall: conntrack starts with the scenario.
  kt_client_server
  if tcp_server "$KT_SERVER" 6379 "plain-$target"; then
    refuse_new "$target" "host without conntrack before the run" "plain-$target"
  else
    kt_fail "$target: test server did not start"
  fi

  kt_client_server
  if ! { tcp_server "$KT_SERVER" 1234 "peers-$target" && tcp_server "$KT_SERVER" 6379 "redis-$target"; }; then
    kt_fail "$target: test servers did not start"
    continue
  fi
  kt_operator_ruleset "$KT_SERVER"
  stateful_host "$KT_SERVER"
  random_loss "$target"
  tcp_reset "$target"
  rate_limit "$target"
  refuse_new "$target" "stateful host" "redis-$target"
  stall_established "$target"
  never_more_reachable "$target"
  echo "  $target: $(( $(date +%s) - target_started )) s"
done
echo "  whole run: $(( $(date +%s) - started_at )) s"
kt_finish
