#!/bin/sh
# The Ansible output from the outside: ansible-playbook --syntax-check of
# both playbooks, shellcheck and dash -n of the arming script, the plays'
# shape as YAML reads it, and the script's refusal of bad arguments (before
# it touches nft: no root needed). The run is the unit tests' sample plan
# (tests/unit/ansible_support.hpp), written by `faultc_unit_tests
# "[.ansible_dump]"`.
# Usage: ansible_test.sh UNIT_TESTS SOURCE_DIR FAULTC
set -u
unit_tests=$1
source_dir=$2
faultc=$3
. "$source_dir/tests/cli/lib.sh"

missing() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $1 is missing (scripts/deps.sh installs it)"
    exit 1
  fi
  echo "SKIPPED: cli.ansible: $1 is missing ***********************************"
  exit 0
}
for tool in ansible-playbook shellcheck dash; do
  command -v "$tool" >/dev/null 2>&1 || missing "$tool"
done

run=$work/run
expect_exit 0 "write the sample run" -- env FAULTC_ANSIBLE_DUMP="$run" "$unit_tests" "[.ansible_dump]"
script=$run/files/faultc-arm.sh

# Ansible writes nothing outside the scratch directory.
export ANSIBLE_HOME="$work/ansible" ANSIBLE_LOCAL_TEMP="$work/ansible/tmp" ANSIBLE_NOCOLOR=1
for playbook in site.yml heal.yml; do
  expect_exit 0 "$playbook --syntax-check" -- ansible-playbook -i "$run/inventory.ini" --syntax-check "$run/$playbook"
  expect_no_stderr "WARNING" "$playbook --syntax-check warns"
done
expect_exit 0 "shellcheck of the arming script" -- shellcheck -s sh "$script"
expect_exit 0 "dash -n of the arming script" -- dash -n "$script"
if [ "$(stat -c %a "$script")" != 755 ]; then fail "the arming script's mode is $(stat -c %a "$script")"; else pass; fi

# The plays as Ansible's YAML reader sees them (anchors resolved).
expect_python "the plays' shape" '
import sys, yaml
site = yaml.safe_load(open(sys.argv[1]))
heal = yaml.safe_load(open(sys.argv[2]))
names = [p["name"] for p in site]
assert names == ["faultc preflight and staging", "faultc arm", "faultc verify"], names
for play in site[:2]:
    assert play["any_errors_fatal"] is True and play["max_fail_percentage"] == 0, play["name"]
    assert play["gather_facts"] is False
    assert play["vars"]["faultc_nodes"] == ["n1", "n2", "n3"], play["vars"]
arm = [t for t in site[1]["tasks"] if "async" in t]
assert len(arm) == 1 and arm[0]["poll"] == 0, arm
assert arm[0]["command"]["argv"][2] == "arm"
first = site[1]["tasks"][0]
assert "ansible_play_hosts" in first["assert"]["that"][0] and first["run_once"] is True
start = [t for t in site[0]["tasks"] if "set_fact" in t]
assert len(start) == 1 and start[0]["run_once"] is True and start[0]["delegate_to"] == "localhost"
assert "any_errors_fatal" not in heal[0]
assert heal[0]["tasks"][-1]["command"]["argv"][2] == "heal"
' "$run/site.yml" "$run/heal.yml"

# Bad arguments are refused before anything else happens.
expect_exit 2 "no arguments" -- sh "$script"
expect_exit 2 "a relative state directory" -- sh "$script" heal run/faultc x faultc_x
expect_stderr "STATE_DIR must be an absolute path" "relative state directory message"
expect_exit 2 "a bad run id" -- sh "$script" heal "$work/state" 'x;id' faultc_x
expect_stderr "bad run id" "bad run id message"
expect_exit 2 "a bad table" -- sh "$script" heal "$work/state" x 'faultc_x flush ruleset'
expect_exit 2 "an unknown command" -- sh "$script" flush "$work/state" x faultc_x
expect_exit 2 "arm without LIFE" -- sh "$script" arm "$work/state" x faultc_x 1
mkdir -p "$work/state/faultc-fleet-x"
expect_exit 1 "arm at a START that is not a number" -- sh "$script" arm "$work/state" x faultc_x 'now' 1000
expect_stderr "START is not epoch seconds" "bad START message"
expect_exit 3 "arm past END refused before nft" -- sh "$script" arm "$work/state" x faultc_x 1000 1000
expect_stderr "past END" "past END message"

# The command line: a directory is required, single-host options refused.
printf 'scenario "x"\nto port 80 drop for 1m\n' >"$work/single.fault"
expect_exit 2 "-t ansible without -o" -- "$faultc" compile -t ansible "$work/single.fault"
expect_stderr "name it with -o DIR" "-t ansible without -o message"
for option in "--at 10s" "--start @1" "--teardown" "--priority 0"; do
  # shellcheck disable=SC2086 # the option and its value, split on purpose
  expect_exit 2 "-t ansible $option" -- "$faultc" compile -t ansible "$work/single.fault" -o "$work/fleet-out" $option
  expect_stderr "does not apply to -t ansible" "-t ansible $option message"
done
if [ -e "$work/fleet-out" ]; then fail "a refused compile left $work/fleet-out"; else pass; fi

# The iptables-restore backend: --start is required and becomes site.yml's START.
cat >"$work/halves.fault" <<'FLEET'
scenario "halves"
node a = 10.0.0.1
node b = 10.0.0.2
node c = 10.0.0.3
controller 10.0.0.9
partition a | rest after 10s for 20s
for 1m
FLEET
expect_exit 2 "--backend iptables-restore without --start" -- \
  "$faultc" compile -t ansible --backend iptables-restore "$work/halves.fault" -o "$work/ipt-out"
expect_stderr "needs --start TIME" "--backend iptables-restore without --start message"
expect_exit 2 "--backend iptables-restore with a bad --start" -- \
  "$faultc" compile -t ansible --backend iptables-restore --start tomorrow "$work/halves.fault" -o "$work/ipt-out"
expect_exit 2 "--backend with a single-host target" -- "$faultc" compile -t nft --backend nft "$work/single.fault"
expect_stderr "--backend chooses what the nodes of -t ansible load" "--backend with -t nft message"
if [ -e "$work/ipt-out" ]; then fail "a refused compile left $work/ipt-out"; else pass; fi
expect_exit 0 "--backend iptables-restore --start" -- "$faultc" compile -t ansible --backend iptables-restore \
  --start 2026-12-08T09:00:00Z "$work/halves.fault" -o "$work/ipt-out"
for file in nodes/a.rules.v4 nodes/a.rules.v6 nodes/c.teardown.rules.v4 nodes/c.teardown.rules.v6; do
  if [ -f "$work/ipt-out/$file" ]; then pass; else fail "no $file"; fi
done
if [ -e "$work/ipt-out/nodes/a.nft" ]; then fail "the iptables run has an nft file"; else pass; fi
if grep -q 'faultc_start_epoch: "1796720400"' "$work/ipt-out/site.yml"; then pass; else fail "site.yml's START"; fi
if grep -q -- "--datestart 2026-12-08T09:00:10" "$work/ipt-out/nodes/a.rules.v4"; then pass; else
  fail "a.rules.v4 is not bound to --start"
fi
for playbook in site.yml heal.yml; do
  expect_exit 0 "iptables $playbook --syntax-check" -- \
    ansible-playbook -i "$work/ipt-out/inventory.ini" --syntax-check "$work/ipt-out/$playbook"
  expect_no_stderr "WARNING" "iptables $playbook --syntax-check warns"
done
expect_python "the iptables plays' shape" '
import sys, yaml
site = yaml.safe_load(open(sys.argv[1]))
arm = [t for t in site[1]["tasks"] if "async" in t]
assert arm[0]["command"]["argv"][2:5] == ["-b", "iptables", "arm"], arm
fixed = [t for t in site[0]["tasks"] if "set_fact" in t]
assert fixed[0]["set_fact"]["faultc_start_epoch"] == "1796720400", fixed
assert site[0]["vars"]["faultc_tables"]["a"].startswith("FAULTC-"), site[0]["vars"]
' "$work/ipt-out/site.yml"
expect_exit 2 "-b iptables: a bad chain prefix" -- sh "$script" -b iptables heal "$work/state" x 'FAULTC-x; iptables -F'
expect_stderr "bad chain prefix" "bad chain prefix message"
expect_exit 2 "-b iptables: an nft table is no chain prefix" -- sh "$script" -b iptables heal "$work/state" x faultc_x
expect_exit 2 "-b: an unknown backend" -- sh "$script" -b pf heal "$work/state" x faultc_x
expect_exit 3 "-b iptables: arm past END refused before iptables" -- \
  sh "$script" -b iptables arm "$work/state" x FAULTC-x 1000 1000
expect_stderr "past END" "-b iptables past END message"
finish
