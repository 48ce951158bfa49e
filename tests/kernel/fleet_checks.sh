# kernel.fleet's checks of the compiled output, the operator's rules, arming,
# END, heal and preflight, by what the nodes hold. Sourced by fleet_test.sh
# after fleet_lib.sh and fleet_matrix.sh; uses its NODES, OUT, FAULTC, START,
# now, since, sleep_until and fail.

# ---- the compiled output

check_compiled_output() {
  for file in inventory.ini site.yml heal.yml plan.txt files/faultc-arm.sh; do
    [ -s "$OUT/$file" ] || fail "faultc compile -t ansible wrote no $file"
  done
  "$FAULTC" plan "$SCENARIO" | cmp -s - "$OUT/plan.txt" || fail "plan.txt is not what 'faultc plan' prints"
  for i in $(nodes); do
    for ext in fault nft teardown.nft gates; do
      [ -s "$OUT/nodes/n$i.$ext" ] || fail "faultc compile -t ansible wrote no nodes/n$i.$ext"
    done
    grep -Eq "^n$i +ansible_host=$(fleet_addr "$i")( |\$)" "$OUT/inventory.ini" ||
      fail "inventory.ini has no line 'n$i ansible_host=$(fleet_addr "$i")'"
    # Each node's artifact is what its single-host scenario compiles to, but
    # for the source its rules' comments name (the fleet file's node there).
    "$FAULTC" compile -t nft "$OUT/nodes/n$i.fault" 2>/dev/null | unnamed > "$FLEET_DIR/n$i.nft" || true
    unnamed < "$OUT/nodes/n$i.nft" | cmp -s "$FLEET_DIR/n$i.nft" - ||
      fail "nodes/n$i.nft is not what 'faultc compile -t nft nodes/n$i.fault' prints"
  done
}

unnamed() { sed 's/comment "[^"]*:\([0-9]* \)/comment "\1/'; }

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

# The START of node I's pending arm (faultc-arm.sh arm STATE ID TABLE START
# LIFE, Ansible's async job), or nothing while it has none.
pending_start() {
  for pid in $(ip netns pids "$(fleet_ns "$1")"); do
    { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null |
      awk '{ for (f = 1; f < NF; f++) if ($f ~ /faultc-arm\.sh$/ && $(f + 1) == "arm") { print $(f + 5); exit } }'
  done | head -1
}

# Bounded: every node has its arm pending, all for one START (set here);
# fails at once when the run is over (STATUS_FILE written) before that.
wait_for_arm_dispatch() {  # wait_for_arm_dispatch LAUNCH STATUS_FILE
  deadline=$(( $(date +%s) + FLEET_PLAY_TIMEOUT ))
  left=$(nodes)
  while [ -n "$left" ]; do
    still=""
    for i in $left; do
      start_i=$(pending_start "$i")
      if [ -n "$start_i" ]; then
        eval "DISPATCHED_$i=$(since "$1")"
        START=${START:-$start_i}
        [ "$start_i" = "$START" ] || fail "n$i arms for START $start_i, another node for $START"
      else
        still="$still $i"
      fi
    done
    left=$still
    [ -z "$left" ] || [ ! -f "$2" ] || { echo "FAIL: site.yml ended (status $(cat "$2")) before every node's arm"; return 1; }
    [ -z "$left" ] || [ "$(date +%s)" -lt "$deadline" ] || { echo "FAIL: no arm pending on n${left# }"; return 1; }
    [ -z "$left" ] || sleep 0.05
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
      killed="$killed
  n$i: $({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-100)"
      kill -9 "$pid" 2>/dev/null || true
    done
  done
  echo "killed on the nodes after START:${killed:- nothing, none was left running}"
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
  # Not the recap, which lists every host: a failure or the play's own message.
  grep -Eq "^fatal: \[n$1\]|nothing armed: .*\<n$1\>" "$FLEET_DIR/run3.log" ||
    fail "site.yml's output does not name n$1, the unreachable node"
  echo "site.yml with n$1 unreachable: $(recap "$FLEET_DIR/run3.log"); its error:"
  grep -E "^fatal|nothing armed|ERROR" "$FLEET_DIR/run3.log" | head -5 | cut -c1-200 | sed 's/^/  | /'
  jobs_after=""
  for i in $(nodes); do jobs_after="$jobs_after $(async_jobs "$i")"; done
  [ "$jobs_before" = "$jobs_after" ] || fail "an arm task was dispatched despite the failed preflight ($jobs_before ->$jobs_after)"
  sleep_until "$start3.5"
  check_healed "a failed preflight (START+0.5s)"
}

report_timing() {
  echo "time to arm (n: arm pending, after launch; armed, after START $START):"
  for i in $(nodes); do
    dispatched="?" armed=""
    eval "dispatched=\${DISPATCHED_$i:-?} armed=\${ARMED_$i:-}"
    late=$(awk -v a="$armed" -v s="$START" 'BEGIN { if (a == "") print "never"; else printf "%+.0f ms", (a - s) * 1000 }')
    echo "  n$i: dispatched +$dispatched s, armed $late"
  done
  skew=$(for i in $(nodes); do eval "echo \${ARMED_$i:-}"; done | awk 'NF {
      if (n++ == 0 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
    END { if (n) printf "%.1f ms over %d nodes", (hi - lo) * 1000, n; else print "no node armed" }')
  last=$(for i in $(nodes); do eval "echo \${DISPATCHED_$i:-0}"; done | sort -n | tail -1)
  echo "fleet: every arm pending $last s after launch; skew of arming: $skew"
}

# How long each task of a playbook run took (ANSIBLE_LOG_PATH's timestamps).
task_times() {  # task_times LOG
  awk -F' [|] ' '/ (TASK|PLAY) \[/ || /PLAY RECAP/ {
      split($1, w, " "); split(w[2], t, "[:,]"); at = t[1] * 3600 + t[2] * 60 + t[3] + t[4] / 1000
      if (name != "") printf "  %6.2f s  %s\n", at - last, name
      name = $2; sub(/ \*+$/, "", name); last = at }' "$1"
}
