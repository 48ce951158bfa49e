#!/bin/sh
# The fleet compile's cost: `faultc plan` and `faultc compile -t ansible`
# on a generated fleet of N nodes (default 50) with a partition of every
# shape and a per-node rule, best of R runs (default 5). Prints numbers;
# the target (issue 24) is a 50-node plan compiled in under 1 s.
# Usage: scripts/bench-fleet.sh FAULTC [NODES] [RUNS]
set -eu
faultc=$1
nodes=${2:-50}
runs=${3:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

{
  echo 'scenario "bench fleet"'
  echo 'controller 10.200.255.254'
  i=1
  while [ "$i" -le "$nodes" ]; do
    echo "node n$i = { 10.200.$((i / 250)).$((i % 250 + 1)), fd00:200::$i } role db zone z$((i % 3))"
    i=$((i + 1))
  done
  echo 'group a = zone z0'
  echo 'group b = zone z1'
  echo 'group dbs = role db'
  echo 'partition a | b after 10s for 20s'
  echo 'partition a -> rest after 40s for 10s'
  echo 'isolate 3 of dbs seed 7 after 1m for 10s'
  echo 'bridge dbs seed 3 after 1m20s for 10s'
  echo 'majorities ring dbs after 1m40s for 10s'
  echo 'at a tcp to port 5432 drop 30% after 2m for 10s'
  echo 'for 2m30s'
} > "$dir/fleet.fault"

best() {  # the best wall time of $runs runs of "$@", in seconds
  b=""
  r=0
  while [ "$r" -lt "$runs" ]; do
    s=$(date +%s%N)
    "$@" > /dev/null
    e=$(date +%s%N)
    t=$(( (e - s) / 1000 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
    r=$((r + 1))
  done
  awk -v us="$b" 'BEGIN { printf "%.3f", us / 1e6 }'
}

plan=$(best "$faultc" plan "$dir/fleet.fault")
compile=$(best sh -c "rm -rf '$dir/out' && '$faultc' compile -t ansible '$dir/fleet.fault' -o '$dir/out'")
files=$(find "$dir/out" -type f | wc -l)
bytes=$(du -sb "$dir/out" | cut -f1)
echo "fleet of $nodes nodes, 5 partitions and an at-rule (best of $runs):"
echo "  faultc plan:                 $plan s"
echo "  faultc compile -t ansible:   $compile s ($files files, $bytes bytes)"
