#!/bin/sh
# The fleet harness works end to end: 5 namespaces each run sshd, a
# controller namespace runs ansible-playbook over real SSH into all of them,
# each node writes into its own state dir, and every node reaches every node
# over TCP. Prints the time of each step and the reachability matrix.
# Usage: fleet_smoke_test.sh FAULTC SOURCE_DIR (FAULTC is unused for now)
set -eu
ROOT=${2:-.}
. "$ROOT/tests/kernel/fleet_lib.sh"
NODES=${FLEET_NODES:-5}
PORT=7000

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

fleet_init fleet_smoke
FLEET_IPV6=1

start=$(now)
fleet_up "$NODES"
echo "fleet up ($NODES nodes, sshd answering): $(elapsed "$start") s"

cat > "$FLEET_DIR/noop.yml" <<'EOF'
- hosts: fleet
  gather_facts: false
  tasks:
    - command: "true"
EOF
cat > "$FLEET_DIR/smoke.yml" <<'EOF'
- hosts: fleet
  gather_facts: false
  any_errors_fatal: true
  environment:
    FAULTC_STATE_DIR: "{{ faultc_state_dir }}"
  tasks:
    - name: addresses
      command: ip -o addr show dev eth0
      register: addresses
    - name: each node writes into its own state dir
      shell: 'echo "{{ inventory_hostname }} $(ip -o -4 addr show dev eth0 | awk "{print \$4}")" > "$FAULTC_STATE_DIR/hello"'
    - name: sshd's SetEnv gives the same state dir
      command: sh -c 'test "$FAULTC_STATE_DIR" = "{{ faultc_state_dir }}" && test "$FAULTC_NODE" = "{{ inventory_hostname }}"'
EOF

start=$(now)
fleet_playbook "$FLEET_DIR/noop.yml" > "$FLEET_DIR/noop.log" 2>&1 || { cat "$FLEET_DIR/noop.log"; exit 1; }
noop=$(elapsed "$start")
start=$(now)
fleet_playbook "$FLEET_DIR/smoke.yml" > "$FLEET_DIR/smoke.log" 2>&1 || { cat "$FLEET_DIR/smoke.log"; exit 1; }
smoke=$(elapsed "$start")
echo "ansible-playbook, 1 task x $NODES nodes: $noop s; 3 tasks: $smoke s;" \
  "per task: $(awk -v a="$noop" -v b="$smoke" 'BEGIN { printf "%.2f", (b - a) / 2 }') s"
if grep -q "WARNING" "$FLEET_DIR/smoke.log"; then grep "WARNING" "$FLEET_DIR/smoke.log"; fi

failures=0
i=1
while [ "$i" -le "$NODES" ]; do
  want="node$i $(fleet_addr "$i")/24"
  got=$(cat "$(fleet_state_dir "$i")/hello" 2>/dev/null || echo missing)
  if [ "$got" != "$want" ]; then
    echo "FAIL: node$i's state dir holds '$got', want '$want'"
    failures=$(( failures + 1 ))
  fi
  i=$(( i + 1 ))
done

# sshd listens on the IPv6 address too, and the session sees its node's env.
# shellcheck disable=SC2016 # expands on the node, not here
got=$(fleet_ssh "$(fleet_addr6 1)" 'echo "$FAULTC_NODE $FAULTC_STATE_DIR"' </dev/null || echo failed)
if [ "$got" != "node1 $(fleet_state_dir 1)" ]; then
  echo "FAIL: ssh over IPv6 to node1 printed '$got'"
  failures=$(( failures + 1 ))
fi

# One TCP listener per node, then every ordered pair connects.
start=$(now)
i=1
while [ "$i" -le "$NODES" ]; do
  mkdir -p "$FLEET_DIR/node$i/probe"
  ip netns exec "$(fleet_ns "$i")" /usr/bin/python3 "$ROOT/tests/kernel/tcp_probe.py" serve "$PORT" \
    "$FLEET_DIR/node$i/probe" >/dev/null 2>&1 &
  i=$(( i + 1 ))
done
probe() {  # probe FROM TO: prints 1 when FROM connects to TO
  if fleet_node "$1" /usr/bin/python3 "$ROOT/tests/kernel/tcp_probe.py" send \
      "$(fleet_addr "$1")" "$(fleet_addr "$2")" "$PORT" x 0 >/dev/null 2>&1; then echo 1; else echo 0; fi
}
i=1
while [ "$i" -le "$NODES" ]; do  # bounded wait for each listener
  tries=0
  until [ "$(probe "$i" "$i")" = 1 ] || [ "$tries" -ge 50 ]; do tries=$(( tries + 1 )); sleep 0.1; done
  i=$(( i + 1 ))
done
echo "reachability (row connects to column over TCP):"
header="       "
i=1
while [ "$i" -le "$NODES" ]; do header="$header node$i"; i=$(( i + 1 )); done
echo "$header"
a=1
while [ "$a" -le "$NODES" ]; do
  row=$(printf 'node%-3s' "$a")
  b=1
  while [ "$b" -le "$NODES" ]; do
    cell=$(probe "$a" "$b")
    row="$row     $cell"
    [ "$cell" = 1 ] || failures=$(( failures + 1 ))
    b=$(( b + 1 ))
  done
  echo "$row"
  a=$(( a + 1 ))
done
echo "matrix measured in $(elapsed "$start") s"

if [ "$failures" -ne 0 ]; then
  echo "FAIL: fleet_smoke: $failures failures"
  exit 1
fi
echo "PASS: fleet_smoke ($NODES nodes)"
