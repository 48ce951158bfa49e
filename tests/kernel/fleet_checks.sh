# kernel.fleet's checks of the compiled output, the operator's rules, arming,
# END, heal and preflight, by what the nodes hold. Sourced by fleet_test.sh
# after fleet_lib.sh and fleet_matrix.sh; uses its NODES, OUT, FAULTC, START,
# LEAD, now, since, sleep_until and fail.

# ---- the compiled output

check_compiled_output() {
  for file in inventory.ini site.yml heal.yml plan.txt files/faultc-arm.sh; do
    [ -s "$OUT/$file" ] || fail "faultc compile -t ansible wrote no $file"
  done
  for i in $(nodes); do
    for ext in fault nft teardown.nft gates; do
      [ -s "$OUT/nodes/n$i.$ext" ] || fail "faultc compile -t ansible wrote no nodes/n$i.$ext"
    done
    grep -Eq "^n$i +ansible_host=$(fleet_addr "$i")( |\$)" "$OUT/inventory.ini" ||
      fail "inventory.ini has no line 'n$i ansible_host=$(fleet_addr "$i")'"
    # Each node's artifact is exactly what its single-host scenario compiles to.
    "$FAULTC" compile -t nft "$OUT/nodes/n$i.fault" > "$FLEET_DIR/n$i.nft" 2>&1 || true
    cmp -s "$FLEET_DIR/n$i.nft" "$OUT/nodes/n$i.nft" ||
      fail "nodes/n$i.nft is not what 'faultc compile -t nft nodes/n$i.fault' prints"
  done
}

fault_table() { awk '/^table inet / { print $3; exit }' "$OUT/nodes/n$1.nft"; }

# ---- what an operator owns on every node, and must keep

install_operator_tables() {
  for i in $(nodes); do
    fleet_node "$i" nft -f - <<'EOF'
table inet operator {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport 22 counter comment "the operator's own rule"
	}
}
EOF
  done
  fleet_node 1 nft -s list table inet operator > "$FLEET_DIR/operator.nft"
}

check_operator_tables() {  # check_operator_tables AFTER
  for i in $(nodes); do
    fleet_node "$i" nft -s list table inet operator > "$FLEET_DIR/operator.now" 2>&1 || true
    cmp -s "$FLEET_DIR/operator.nft" "$FLEET_DIR/operator.now" ||
      { fail "n$i's operator table changed after $1:"; sed 's/^/  | /' "$FLEET_DIR/operator.now"; }
  done
}

# ---- arming, by what the nodes hold

async_jobs() { find "$FLEET_DIR/node$1/async" -maxdepth 1 -type f 2>/dev/null | wc -l; }

# Bounded by START: every node has an async job (its arm task) running.
wait_for_arm_dispatch() {  # wait_for_arm_dispatch LAUNCH
  while :; do
    ready=0
    for i in $(nodes); do [ "$(async_jobs "$i")" -eq 0 ] || ready=$(( ready + 1 )); done
    [ "$ready" -lt "$NODES" ] || break
    if [ "$(date +%s)" -ge "$START" ]; then
      echo "FAIL: by START only $ready of $NODES nodes had an arm task running"
      return 1
    fi
    sleep 0.05
  done
  for i in $(nodes); do  # the first job's start, as seconds after launch
    first=$(find "$FLEET_DIR/node$i/async" -maxdepth 1 -type f -exec stat -c %.9Y {} + | sort -n | head -1)
    eval "DISPATCHED_$i=$(since "$1" "$first")"
  done
}

armed_file() { find "$(fleet_state_dir "$1")" -maxdepth 1 -name 'faultc-fleet-*.armed' 2>/dev/null | head -1; }

check_every_node_armed() {
  for i in $(nodes); do
    file=$(armed_file "$i")
    if [ -z "$file" ]; then
      fail "n$i did not arm by START+0.8s (no faultc-fleet-*.armed in its state dir)"
      eval "ARMED_$i="
    else
      eval "ARMED_$i=$(awk 'NR == 1 { print $1 }' "$file")"
    fi
  done
}

# Whatever the run left running on the nodes (the arm script, Ansible's async
# wrapper, a session) is killed: from now on only the kernel ends the fault.
# The node's sshd and the probe server stay.
kill_node_leftovers() {
  killed=""
  for i in $(nodes); do
    for pid in $(ip netns pids "$(fleet_ns "$i")"); do
      case " $PROBE_PIDS " in *" $pid "*) continue ;; esac
      [ "$pid" != "$(fleet_sshd_pid "$i")" ] || continue
      killed="$killed n$i:$(cat "/proc/$pid/comm" 2>/dev/null)"
      kill -9 "$pid" 2>/dev/null || true
    done
  done
  echo "killed on the nodes after START:${killed:- nothing was left running}"
}

check_gates_expired() {
  for i in $(nodes); do
    table=$(fault_table "$i")
    holding=$(fleet_node "$i" nft -j list table inet "$table" 2>/dev/null | /usr/bin/python3 -c '
import json, sys
objects = json.load(sys.stdin)["nftables"]
gates = [o["set"] for o in objects if "set" in o and o["set"]["name"].startswith("t_")]
print(len(gates), sum(1 for g in gates if g.get("elem")))' || echo missing)
    case $holding in
      missing) fail "n$i has no table $table at END (nothing should have removed it yet)" ;;
      "0 0") fail "n$i's table $table has no gate sets" ;;
      *" 0") echo "n$i at END+0.8s: table $table, all ${holding% *} gate sets empty" ;;
      *) fail "n$i at END+0.8s: ${holding#* } of ${holding% *} gate sets of $table still hold elements" ;;
    esac
  done
}

# ---- heal and preflight

# Nothing of the run is left: no table but the operator's, no state file, no
# process but sshd and the probe server.
check_healed() {  # check_healed WHEN
  for i in $(nodes); do
    tables=$(fleet_node "$i" nft list tables | tr '\n' ' ')
    [ "$tables" = "table inet operator " ] || fail "n$i's tables after $1: $tables"
    left=$(find "$(fleet_state_dir "$i")" -name 'faultc-fleet-*' | tr '\n' ' ')
    [ -z "$left" ] || fail "n$i's state dir after $1 still holds $left"
  done
}

recap() {  # recap LOG: the PLAY RECAP's counts, summed over the hosts
  awk '/^PLAY RECAP/ { on = 1; next } on && /ok=/ {
         for (f = 1; f <= NF; f++) { split($f, kv, "="); if (kv[2] != "") sum[kv[1]] += kv[2] } }
       END { printf "ok=%d changed=%d unreachable=%d failed=%d", sum["ok"], sum["changed"], sum["unreachable"], sum["failed"] }' "$1"
}

check_preflight_stops() {  # check_preflight_stops I: node I's sshd is down
  fleet_kill_controller  # no SSH master from an earlier run may reach node I
  fleet_stop_sshd "$1"
  jobs_before=""
  for i in $(nodes); do jobs_before="$jobs_before $(async_jobs "$i")"; done
  start3=$(( $(date +%s) + 4 ))
  if fleet_playbook "$OUT/site.yml" -e "faultc_start=$start3" > "$FLEET_DIR/run3.log" 2>&1; then
    fail "site.yml succeeded with n$1 unreachable"
  fi
  grep -q "n$1" "$FLEET_DIR/run3.log" || fail "site.yml's output does not name n$1, the unreachable node"
  echo "site.yml with n$1 unreachable: $(recap "$FLEET_DIR/run3.log"); its error:"
  grep -E "n$1|ERROR|FAILED|UNREACHABLE" "$FLEET_DIR/run3.log" | head -5 | sed 's/^/  | /'
  jobs_after=""
  for i in $(nodes); do jobs_after="$jobs_after $(async_jobs "$i")"; done
  [ "$jobs_before" = "$jobs_after" ] || fail "an arm task was dispatched despite the failed preflight ($jobs_before ->$jobs_after)"
  sleep_until "$start3.5"
  check_healed "a failed preflight (START+0.5s)"
}

report_timing() {
  echo "time to arm (n: arm task running, after launch; armed, after START):"
  for i in $(nodes); do
    eval "dispatched=\${DISPATCHED_$i:-?} armed=\${ARMED_$i:-}"
    late=$(awk -v a="$armed" -v s="$START" 'BEGIN { if (a == "") print "never"; else printf "%+.0f ms", (a - s) * 1000 }')
    echo "  n$i: dispatched +$dispatched s, armed $late"
  done
  skew=$(for i in $(nodes); do eval "echo \${ARMED_$i:-}"; done | awk 'NF {
      if (n++ == 0 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
    END { if (n) printf "%.1f ms over %d nodes", (hi - lo) * 1000, n; else print "no node armed" }')
  last=$(for i in $(nodes); do eval "echo \${DISPATCHED_$i:-0}"; done | sort -n | tail -1)
  echo "fleet: every arm task running $last s after launch (lead $LEAD s); skew of arming: $skew"
}
