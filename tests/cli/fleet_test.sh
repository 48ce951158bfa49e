#!/bin/sh
# The fleet example from the outside: it checks without a finding, is in
# the canonical layout, its expects pass on their nodes, the plan names
# every phase and node, a node's scenario compiles like any other, and
# `compile -t ansible` writes a run that ansible-playbook accepts (and
# refuses to replace a directory that is not one).
# Usage: fleet_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
. "$source_dir/tests/cli/lib.sh"
example=$source_dir/examples/fleet/split-brain.fault

expect_exit 0 "the fleet example checks" -- "$faultc" lint --werror "$example"
expect_exit 0 "the fleet example is canonical" -- "$faultc" fmt --check "$example"
expect_exit 0 "its expects pass on their nodes" -- "$faultc" test "$example"
expect_stdout "9 expects passed, 0 failed" "plan/test output"

expect_exit 0 "the plan" -- "$faultc" plan "$example"
expect_stdout "fleet \"split brain\": 5 nodes, for 2m30s" "plan/test output"
expect_stdout "isolate one of west: isolates n" "plan/test output"
expect_stdout "node n5 (nodes/n5.fault)" "plan/test output"
expect_exit 0 "the plan as JSON" -- "$faultc" plan --json "$example"
expect_stdout "\"choices\":[\"isolate one of west" "plan/test output"

expect_exit 0 "one node's scenario" -- "$faultc" plan --node n1 "$example"
cp "$work/out" "$work/n1.fault"
expect_exit 0 "compiles like any other" -- "$faultc" compile -t nft "$work/n1.fault"
expect_stdout "counter drop comment \"n1.fault:" "the node's artifact"
expect_exit 2 "an unknown node" -- "$faultc" plan --node n9 "$example"
expect_exit 1 "a single-host target" -- "$faultc" compile -t nft "$example"
expect_stderr "compiles with -t ansible" "the error"

expect_exit 0 "the Ansible run" -- "$faultc" compile -t ansible "$example" -o "$work/run"
for f in site.yml heal.yml inventory.ini plan.txt files/faultc-arm.sh nodes/n1.fault nodes/n1.nft \
  nodes/n1.gates nodes/n5.teardown.nft; do
  if [ -f "$work/run/$f" ]; then pass; else fail "compile -t ansible wrote no $f"; fi
done
expect_exit 0 "again over its own output" -- "$faultc" compile -t ansible "$example" -o "$work/run"
mkdir "$work/mine" && echo keep > "$work/mine/notes.txt"
expect_exit 2 "never over a directory that is not a run" -- "$faultc" compile -t ansible "$example" -o "$work/mine"
if [ "$(cat "$work/mine/notes.txt")" = keep ]; then pass; else fail "compile -t ansible changed a directory it refused"; fi
if command -v ansible-playbook >/dev/null 2>&1; then
  for book in site.yml heal.yml; do
    expect_exit 0 "ansible-playbook accepts $book" -- env ANSIBLE_HOME="$work/ansible" ANSIBLE_LOCAL_TEMP="$work/ansible/tmp" \
      ansible-playbook --syntax-check -i "$work/run/inventory.ini" "$work/run/$book"
  done
elif [ "${CI:-}" = true ]; then
  fail "ansible-playbook is missing (scripts/deps.sh installs it)"
else
  echo "SKIPPED: ansible-playbook --syntax-check: ansible-playbook is missing"
fi
finish
