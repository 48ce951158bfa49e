# A throwaway fleet for the kernel tests: K network namespaces stand in for
# hosts, each running its own sshd on its own address, joined by a bridge
# that lives in a namespace of its own; a controller namespace on the same
# bridge runs ansible-playbook over real SSH with a key generated here.
# Nothing touches the host's network or sshd: every interface, address and
# listener is inside a namespace this file creates, and fleet_teardown
# (installed as an EXIT trap by fleet_init) removes all of it.
#
# Source it, then:
#   fleet_init NAME        temp dir, traps, tool checks (skips loudly outside CI)
#   fleet_up K             bridge, controller, K nodes with sshd, key, inventory
#   fleet_ctl CMD...       run CMD in the controller namespace (bounded)
#   fleet_node I CMD...    run CMD in node I's namespace (bounded)
#   fleet_playbook FILE    ansible-playbook FILE against the inventory (bounded;
#                          its timestamped log: $FLEET_ANSIBLE_LOG)
#   fleet_stop_sshd I      node I stops answering SSH
#   fleet_kill_controller  SIGKILL every process in the controller namespace
# After fleet_up: FLEET_DIR (temp dir), FLEET_INVENTORY, FLEET_SIZE,
# fleet_addr I (node I's address), fleet_ns I, fleet_state_dir I. Node I is
# host nI of the inventory's group `faultc` (the Ansible output's group).

FLEET_PREFIX="faultc-fleet-$$"
FLEET_NAMESPACES=""
FLEET_PIDS=""  # the sshd masters, node 1 first
FLEET_SIZE=0
FLEET_SUBNET=10.250.0
FLEET_CTL_ADDR=$FLEET_SUBNET.254
FLEET_SSH_TIMEOUT=${FLEET_SSH_TIMEOUT:-20}
FLEET_PLAY_TIMEOUT=${FLEET_PLAY_TIMEOUT:-90}
# The whole test's bound: past it the test stops itself through its trap, so
# the cleanup runs before ctest's TIMEOUT (a SIGKILL, no trap) could strike.
# The trap waits for the running command, bounded by FLEET_PLAY_TIMEOUT.
FLEET_DEADLINE=${FLEET_DEADLINE:-420}
FLEET_WATCHDOG=""

fleet_unavailable() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $FLEET_NAME cannot run: $1 (kernel tests must run in CI)"
    exit 1
  fi
  echo "SKIPPED: $FLEET_NAME: $1 ***********************************************"
  exit 0
}

fleet_init() {  # fleet_init NAME
  FLEET_NAME=$1
  [ "$(id -u)" -eq 0 ] || fleet_unavailable "not root"
  for tool in ip nft ssh ssh-keygen ansible-playbook timeout unshare /usr/sbin/sshd /usr/bin/python3; do
    command -v "$tool" >/dev/null 2>&1 || fleet_unavailable "missing $tool (scripts/deps.sh installs it)"
  done
  FLEET_DIR=$(mktemp -d "/tmp/$FLEET_PREFIX.XXXXXX")
  chmod 755 "$FLEET_DIR"  # sshd reads its files as root; the node dirs stay private below
  trap fleet_teardown EXIT
  trap 'exit 130' INT TERM HUP
  test_shell=$$
  # shellcheck disable=SC2016 # $sleeper expands in the watchdog
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$FLEET_DEADLINE" &
    sleeper=$!
    wait "$sleeper" || exit 0
    echo "FAIL: $FLEET_NAME ran past $FLEET_DEADLINE s"
    kill -TERM "$test_shell"
  ) &
  FLEET_WATCHDOG=$!
}

fleet_ns() { echo "$FLEET_PREFIX-$1"; }
fleet_addr() { echo "$FLEET_SUBNET.$(( 10 + $1 ))"; }
fleet_state_dir() { echo "$FLEET_DIR/node$1/state"; }

fleet_netns_add() {  # fleet_netns_add NS
  ip netns add "$1"
  FLEET_NAMESPACES="$FLEET_NAMESPACES $1"
  ip -n "$1" link set lo up
}

# A veth from the bridge namespace into NS, named eth0 there, with ADDR.
fleet_attach() {  # fleet_attach NS PORT ADDR
  hub=$FLEET_PREFIX-hub
  ip -n "$hub" link add "$2" type veth peer name eth0 netns "$1"
  ip -n "$hub" link set "$2" master br0 up
  ip -n "$1" addr add "$3/24" dev eth0
  ip -n "$1" link set eth0 up
}

fleet_up() {  # fleet_up K
  fleet_netns_add "$FLEET_PREFIX-hub"
  ip -n "$FLEET_PREFIX-hub" link add br0 type bridge
  ip -n "$FLEET_PREFIX-hub" link set br0 up
  fleet_netns_add "$FLEET_PREFIX-ctl"
  fleet_attach "$FLEET_PREFIX-ctl" ctl "$FLEET_CTL_ADDR"
  ssh-keygen -q -t ed25519 -N '' -C "$FLEET_PREFIX" -f "$FLEET_DIR/id_ed25519"
  i=1
  while [ "$i" -le "$1" ]; do
    fleet_node_up "$i"
    i=$(( i + 1 ))
  done
  FLEET_SIZE=$1
  fleet_write_ansible_files
  fleet_wait_for_sshd
}

fleet_node_up() {  # fleet_node_up I
  ns=$(fleet_ns "$1")
  dir=$FLEET_DIR/node$1
  mkdir -p "$dir/tmp" "$dir/async" "$(fleet_state_dir "$1")"
  fleet_netns_add "$ns"
  fleet_attach "$ns" "n$1" "$(fleet_addr "$1")"
  ssh-keygen -q -t ed25519 -N '' -C "$ns" -f "$dir/host_ed25519"
  cp "$FLEET_DIR/id_ed25519.pub" "$dir/authorized_keys"
  {
    echo "ListenAddress $(fleet_addr "$1")"
    echo "HostKey $dir/host_ed25519"
    echo "PidFile $dir/sshd.pid"
    echo "AuthorizedKeysFile $dir/authorized_keys"
    echo "PermitRootLogin prohibit-password"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "UsePAM no"
    echo "StrictModes no"
    echo "PrintMotd no"
    echo "UseDNS no"
    # Every session on this node sees its own state dir, as a real host would.
    echo "SetEnv FAULTC_STATE_DIR=$(fleet_state_dir "$1") FAULTC_NODE=n$1"
    echo "Subsystem sftp /usr/lib/openssh/sftp-server"
  } > "$dir/sshd_config"
  # sshd needs its privilege separation dir, /run/sshd: each node gets a
  # /run of its own (a tmpfs in a mount namespace of its own, as a host
  # would), so the host's /run is never written and fleets never share it.
  # shellcheck disable=SC2016 # expands in the node's shell
  ip netns exec "$ns" unshare --mount --propagation private sh -c \
    'mount -t tmpfs -o mode=755,size=1m faultc-run /run && mkdir -m 755 /run/sshd &&
     /usr/sbin/sshd -t -f "$1" && exec /usr/sbin/sshd -D -e -f "$1"' sh "$dir/sshd_config" 2>"$dir/sshd.log" &
  FLEET_PIDS="$FLEET_PIDS $!"
}

fleet_sshd_pid() { echo "$FLEET_PIDS" | awk -v i="$1" '{ print $i }'; }

fleet_stop_sshd() {  # the master and every session: the node stops answering
  for pid in $(ip netns pids "$(fleet_ns "$1")"); do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != sshd ] || kill "$pid" 2>/dev/null || true
  done
  wait "$(fleet_sshd_pid "$1")" 2>/dev/null || true
}

# The controller dies: ansible-playbook, its workers and its SSH masters.
fleet_kill_controller() {
  for pid in $(ip netns pids "$FLEET_PREFIX-ctl"); do kill -9 "$pid" 2>/dev/null || true; done
}

fleet_write_ansible_files() {
  FLEET_INVENTORY=$FLEET_DIR/inventory.ini
  {
    echo "[faultc]"
    i=1
    while [ "$i" -le "$FLEET_SIZE" ]; do
      # The nodes share one filesystem: each gets its own state, temp and
      # async dirs, as separate hosts would (Ansible's async jobs would
      # otherwise all write to /root/.ansible_async).
      echo "n$i ansible_host=$(fleet_addr "$i") faultc_state_dir=$(fleet_state_dir "$i")" \
        "ansible_remote_tmp=$FLEET_DIR/node$i/tmp ansible_async_dir=$FLEET_DIR/node$i/async"
      i=$(( i + 1 ))
    done
    echo "[faultc:vars]"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$FLEET_DIR/id_ed25519"
    echo "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 -o LogLevel=ERROR'"
    echo "ansible_python_interpreter=/usr/bin/python3"
  } > "$FLEET_INVENTORY"
  {
    echo "[defaults]"
    echo "forks = $(( FLEET_SIZE + 1 ))"
    echo "timeout = 10"
    echo "host_key_checking = False"
    echo "retry_files_enabled = False"
    echo "interpreter_python = /usr/bin/python3"
    echo "[ssh_connection]"
    echo "pipelining = True"
    echo "control_path_dir = $FLEET_DIR/ansible/cp"
  } > "$FLEET_DIR/ansible.cfg"
  mkdir -p "$FLEET_DIR/ansible/tmp" "$FLEET_DIR/ansible/cp"
}

fleet_ssh() {  # fleet_ssh ADDR CMD... (from the controller, bounded)
  addr=$1
  shift
  fleet_ctl ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o ConnectTimeout=5 -o LogLevel=ERROR -i "$FLEET_DIR/id_ed25519" "root@$addr" "$@"
}

# sshd starts in the background; wait (bounded) until each node answers.
fleet_wait_for_sshd() {
  i=1
  while [ "$i" -le "$FLEET_SIZE" ]; do
    tries=0
    until fleet_ssh "$(fleet_addr "$i")" true </dev/null; do
      tries=$(( tries + 1 ))
      if [ "$tries" -ge 50 ]; then
        echo "FAIL: sshd on node$i never answered:"
        cat "$FLEET_DIR/node$i/sshd.log"
        return 1
      fi
      sleep 0.1
    done
    i=$(( i + 1 ))
  done
}

fleet_ctl() { timeout "$FLEET_SSH_TIMEOUT" ip netns exec "$FLEET_PREFIX-ctl" "$@"; }

fleet_node() {  # fleet_node I CMD...
  ns=$(fleet_ns "$1")
  shift
  timeout "$FLEET_SSH_TIMEOUT" ip netns exec "$ns" "$@"
}

fleet_playbook() {  # fleet_playbook FILE [ARGS...]
  ANSIBLE_CONFIG=$FLEET_DIR/ansible.cfg ANSIBLE_HOME=$FLEET_DIR/ansible \
    ANSIBLE_LOCAL_TEMP=$FLEET_DIR/ansible/tmp ANSIBLE_REMOTE_TEMP=$FLEET_DIR/ansible/remote \
    ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PYTHONUNBUFFERED=1 \
    ANSIBLE_LOG_PATH=${FLEET_ANSIBLE_LOG:-$FLEET_DIR/ansible.log} \
    timeout -k 5 "$FLEET_PLAY_TIMEOUT" ip netns exec "$FLEET_PREFIX-ctl" \
    ansible-playbook -i "$FLEET_INVENTORY" "$@"
}

fleet_teardown() {
  status=$?
  [ -z "$FLEET_WATCHDOG" ] || kill "$FLEET_WATCHDOG" 2>/dev/null || true
  for pid in $FLEET_PIDS; do kill "$pid" 2>/dev/null || true; done
  for pid in $FLEET_PIDS; do wait "$pid" 2>/dev/null || true; done
  for ns in $FLEET_NAMESPACES; do
    # Whatever still runs inside (sshd children, listeners, async jobs)
    # goes first; deleting a namespace deletes its nft ruleset with it.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  [ -z "${FLEET_DIR:-}" ] || rm -rf "$FLEET_DIR"
  exit "$status"
}
