# kernel.fleet's reachability matrices over the fleet of fleet_lib.sh: one
# row per source node, "1" where it reaches the column. Each source node
# probes its whole row at once (fleet_probe.py), so a matrix costs one
# timeout. Sourced by fleet_test.sh; uses its NODES, PORT, ROOT, START, fail.

PROBE=$ROOT/tests/kernel/fleet_probe.py
PROBE_PIDS=""

all_addrs() { for i in $(nodes); do fleet_addr "$i"; done | tr '\n' ' '; }

full_matrix() { for _ in $(nodes); do nodes | sed 's/.*/1/' | tr '\n' ' ' | sed 's/ $//'; echo; done; }

# Every node reaches every node except from a node of A to one of B (and,
# with MODE both, from B to A).
cut_matrix() {  # cut_matrix "A..." "B..." both|one
  for i in $(nodes); do
    for j in $(nodes); do
      cell=1
      case " $1 " in *" $i "*) case " $2 " in *" $j "*) cell=0 ;; esac ;; esac
      if [ "$3" = both ]; then
        case " $2 " in *" $i "*) case " $1 " in *" $j "*) cell=0 ;; esac ;; esac
      fi
      printf '%s' "$cell"
      [ "$j" -eq "$NODES" ] || printf ' '
    done
    echo
  done
}

measure_tcp() {
  pids=""
  for i in $(nodes); do
    # shellcheck disable=SC2046 # one argument per address
    fleet_node "$i" /usr/bin/python3 "$PROBE" tcp "$(fleet_addr "$i")" "$PORT" 1.5 $(all_addrs) \
      > "$FLEET_DIR/row.$i" 2>&1 &
    pids="$pids $!"
  done
  for pid in $pids; do wait "$pid" || true; done
  for i in $(nodes); do cat "$FLEET_DIR/row.$i"; done
}

measure_udp() {  # measure_udp TAG: who got a datagram from whom
  pids=""
  for i in $(nodes); do
    # shellcheck disable=SC2046 # one argument per address
    fleet_node "$i" /usr/bin/python3 "$PROBE" udp "$(fleet_addr "$i")" "$PORT" "$1" $(all_addrs) &
    pids="$pids $!"
  done
  for pid in $pids; do wait "$pid" || true; done
  sleep 0.3
  for i in $(nodes); do
    for j in $(nodes); do
      if grep -qx "$1 $(fleet_addr "$i")" "$FLEET_DIR/node$j/udp.log" 2>/dev/null; then printf 1; else printf 0; fi
      [ "$j" -eq "$NODES" ] || printf ' '
    done
    echo
  done
}

expect_matrix() {  # expect_matrix tcp|udp PHASE EXPECTED
  started=$(now)
  if [ "$1" = tcp ]; then got=$(measure_tcp); else got=$(measure_udp "$(echo "$2" | tr -c 'a-z0-9\n' _)"); fi
  at=$(awk -v s="$started" -v t="${START:-0}" 'BEGIN { if (t > 0) printf "START%+.1fs", s - t; else printf "before" }')
  echo "$1 matrix, $2 ($at, measured in $(since "$started") s):"
  echo "$got" | awk '{ printf "  n%d  %s\n", NR, $0 }'
  if [ "$got" != "$3" ]; then
    fail "$1 matrix in phase '$2' differs from the plan's:"
    echo "$3" | awk '{ printf "  n%d  %s   (expected)\n", NR, $0 }'
  fi
}

start_probe_servers() {
  for i in $(nodes); do
    : > "$FLEET_DIR/node$i/udp.log"
    ip netns exec "$(fleet_ns "$i")" /usr/bin/python3 "$PROBE" serve "$PORT" "$FLEET_DIR/node$i/udp.log" \
      > /dev/null 2>&1 &
    PROBE_PIDS="$PROBE_PIDS $!"
  done
  for i in $(nodes); do  # bounded wait for each listener: the node reaches itself
    tries=0
    until [ "$(fleet_node "$i" /usr/bin/python3 "$PROBE" tcp "$(fleet_addr "$i")" "$PORT" 1 "$(fleet_addr "$i")")" = 1 ]; do
      tries=$(( tries + 1 ))
      [ "$tries" -lt 50 ] || { echo "FAIL: n$i's probe server never listened"; exit 1; }
      sleep 0.1
    done
  done
}

plan_matrix() {  # plan_matrix T_MS tcp|udp: what the plan promises T ms after START
  /usr/bin/python3 "$ROOT/tests/kernel/fleet_plan.py" matrix "$FLEET_DIR/plan.json" "$1" "$2"
}

# The plan (`faultc plan --json`, into $FLEET_DIR/plan.json) says what
# phases.fault means: its phases, and each one's matrix as derived by hand
# from the scenario's groups, so that a wrong plan cannot make the measured
# matrices pass. Leaves the phases in $FLEET_DIR/phases.
check_plan_matches_scenario() {
  plan=$FLEET_DIR/plan.json
  "$FAULTC" plan --json "$SCENARIO" > "$plan" || { echo "FAIL: faultc plan --json"; exit 1; }
  [ "$(/usr/bin/python3 "$ROOT/tests/kernel/fleet_plan.py" nodes "$plan")" = "n1 n2 n3 n4 n5" ] ||
    fail "the plan does not name n1..n5 in order"
  /usr/bin/python3 "$ROOT/tests/kernel/fleet_plan.py" phases "$plan" > "$FLEET_DIR/phases"
  want="0 8000 8000 16000 16000 24000 24000 32000"
  [ "$(tr '\n' ' ' < "$FLEET_DIR/phases" | sed 's/ $//')" = "$want" ] ||
    fail "the plan's phases (ms) are '$(tr '\n' ' ' < "$FLEET_DIR/phases")', want '$want'"
  plan_is 4000 tcp "split brain east | west" "$(cut_matrix '1 2' '3 4 5' both)"
  plan_is 12000 tcp "one way east -> west" "$(cut_matrix '1 2' '3 4 5' both)"
  plan_is 12000 udp "one way east -> west" "$(cut_matrix '1 2' '3 4 5' one)"
  plan_is 20000 tcp "isolate n3" "$(cut_matrix '3' '1 2 4 5' both)"
  check_plan_bridge
  plan_is 33000 tcp "after END" "$(full_matrix)"
}

# The bridge's halves are a seeded choice: the phase must have Jepsen's
# shape, and be the choice plan.txt prints ("A, B | C | D, E, with C ...").
check_plan_bridge() {
  if ! bridge=$(/usr/bin/python3 "$ROOT/tests/kernel/fleet_plan.py" bridge "$FLEET_DIR/plan.json" 28000); then
    fail "the plan's 24s..32s phase is not a bridge"
    return
  fi
  printed=$(sed -n 's/^ *bridge everyone[^:]*: \(.*\), with .*/\1/p' "$OUT/plan.txt" | sed 's/n//g; s/,//g')
  echo "the plan's bridge: $(echo "n$bridge" | sed 's/ \([0-9]\)/ n\1/g'), printed as '$printed'"
  [ "$printed" = "$bridge" ] || fail "plan.txt's seeded choice for the bridge is '$printed', its grudge '$bridge'"
  plan_is 28000 tcp "bridge everyone" "$(cut_matrix "${bridge%% |*}" "${bridge##*| }" both)"
}

plan_is() {  # plan_is T_MS KIND WHAT EXPECTED
  got=$(plan_matrix "$1" "$2")
  [ "$got" != "$4" ] || return 0
  fail "the plan's $2 matrix for '$3' is not the scenario's:"
  echo "$got" | sed 's/^/  plan: /'
  echo "$4" | sed 's/^/  want: /'
}
