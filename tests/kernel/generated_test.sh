#!/bin/sh
# Generated scenarios (tests/gen/gen.py) against faultc's promises, on real
# netfilter in namespaces this test creates. For every scenario:
#  a. `faultc check` exits 0 => `faultc compile` exits 0 for every target
#     (nft, iptables, iptables-restore, ip6tables-restore); nothing check,
#     explain or compile prints holds a control byte (names carry `\n` and
#     `\r` escapes, comments raw ESC, CR, BEL and bidi controls) or a line a
#     CI system would take for a workflow command;
#  b. every artifact is accepted by its real tool: `nft -c -f`,
#     `iptables-restore --test` and `ip6tables-restore --test` on the nft and
#     the legacy backend; the shell script (iptables target) applied for real
#     (backend alternating per scenario) and reverted, the ruleset identical
#     before and after;
#  c. the kernel agrees with `faultc test`: FAULTC_GEN_PACKETS (50) random
#     packets per scenario through the differential harness
#     (tests/kernel/packets.py), one target per scenario in rotation (nft,
#     iptables-nft, iptables-legacy), so every target sees a third;
#  d. on a sample (FAULTC_GEN_RUNS, 6) of short-lived scenarios, `faultc run`
#     leaves the ruleset as it found it on a host with its own rules (an nft
#     table with a ticking `flags timeout` set, iptables rules on both
#     backends, another faultc scenario running), and reports a real foreign
#     change made during the run;
#  e. a failure prints the seed and the scenario shrunk to the fewest
#     statements and clauses that still fail (one shrink per distinct kind
#     of failure).
# The counts at the end: scenarios generated, refused by check (with the
# F-codes), compiled, loaded per target, packets compared, runs verified,
# failures. docs/testing.md ("Generated scenarios") has the budget.
# Usage: generated_test.sh FAULTC SOURCE_DIR
#        generated_test.sh FAULTC SOURCE_DIR --still-fails PROPERTY FILE [TARGET]
#          (the shrinker's question: exit 0 when FILE passes check and still
#          fails PROPERTY, a, b, c or d)
# Environment: FAULTC_GEN_SEED (default 20261207), FAULTC_GEN_COUNT (300),
# FAULTC_GEN_PACKETS (50), FAULTC_GEN_RUNS (6), FAULTC_GEN_AVOID (known
# bugs to steer clear of, see tests/gen/gen.py), FAULTC_GEN_SHRINK_BUDGET
# (tries per shrink, 150), FAULTC_GEN_PROB_SHOTS (shots per random-drop group
# in packets.py, 60; the differential test uses 600), FAULTC_GEN_SKIP
# (properties to skip, e.g. "d";
# for local runs only: CI sets none).
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
gen="/usr/bin/python3 $root/tests/gen/gen.py"
mode=${3:-all}
kernel_test_init generated "$root"
command -v /usr/bin/python3 >/dev/null || kt_unavailable "missing /usr/bin/python3"
/usr/bin/python3 -c 'import scapy.all' 2>/dev/null ||
  kt_unavailable "missing scapy for /usr/bin/python3 (python3-scapy; scripts/deps.sh installs it)"

seed=${FAULTC_GEN_SEED:-20261207}
count=${FAULTC_GEN_COUNT:-300}
packets=${FAULTC_GEN_PACKETS:-50}
runs=${FAULTC_GEN_RUNS:-6}
skip=${FAULTC_GEN_SKIP:-}
avoid=${FAULTC_GEN_AVOID:-}
export FAULTC_GEN_AVOID="$avoid"
TARGETS="nft iptables iptables-restore ip6tables-restore"
KERNEL_TARGETS="nft iptables iptables-legacy"
skipped() { case ",$skip," in *",$1,"*) return 0 ;; esac; return 1; }

# ---- the properties, one scenario each; a failure's text goes to $WHY ----
# The first line of WHY, without numbers and names, is the failure's kind:
# one shrink per kind.

# printed_cleanly FILE...: no control byte but tab and line feed (an ESC
# sequence, a CR that hides text, BEL), and no line that GitHub Actions would
# read as a workflow command (`::error …::`, `::add-mask::`).
printed_cleanly() {
  ! LC_ALL=C grep -q -a -P '[\x00-\x08\x0b-\x1f\x7f]|^\s*::' "$@"
}

compile_all() {  # compile_all FILE DIR: property a (and a clean `explain`)
  timeout 60 "$faultc" explain "$1" >"$2/explain" 2>&1
  if ! printed_cleanly "$2/explain"; then
    WHY="a: explain prints a control byte or a line starting with ::"
    return 1
  fi
  for target in $TARGETS; do
    # The restore files are bound to wall-clock times (as `faultc run` binds them).
    start=""
    case $target in *restore) start="--start=$(date -u +%Y-%m-%dT%H:%M:%SZ)" ;; esac
    if ! timeout 60 "$faultc" compile -t "$target" $start "$1" >"$2/$target" 2>"$2/$target.err"; then
      WHY="a: check passes but compile -t $target fails: $(grep -m1 -e 'error' "$2/$target.err" | sed 's/^[^ ]*: //')"
      return 1
    fi
    if ! printed_cleanly "$2/$target" "$2/$target.err"; then
      WHY="a: compile -t $target prints a control byte or a line starting with ::"
      return 1
    fi
  done
}

LOAD_NS=""
load_ns() {  # one namespace with an operator's ruleset for property b
  [ -n "$LOAD_NS" ] && return 0
  kt_netns
  LOAD_NS=$KT_NS
  kt_operator_ruleset "$LOAD_NS" >/dev/null 2>&1
  iptables_nft_tables "$LOAD_NS"
}

# iptables-nft's tables and built-in chains exist first, as on a host that
# uses iptables-nft (see differential_test.sh): removing an artifact leaves
# them, empty, and they are not the artifact's.
iptables_nft_tables() {
  for family in ip ip6; do
    for chain in INPUT OUTPUT FORWARD; do
      kt_in "$1" "${family}tables-nft" -A "$chain" -m comment --comment generated &&
      kt_in "$1" "${family}tables-nft" -D "$chain" -m comment --comment generated
    done
  done
}

tool_accepts() {  # tool_accepts WHAT COMMAND...: runs it, WHY on failure
  what=$1
  shift
  if ! kt_in "$LOAD_NS" "$@" >"$KT_WORK/tool.out" 2>&1; then
    WHY="b: $what refuses the artifact: $(grep -m1 -v '^$' "$KT_WORK/tool.out")"
    return 1
  fi
}

load_all() {  # load_all FILE DIR VARIANT: property b
  load_ns
  dir=$2
  tool_accepts "nft -c -f" nft -c -f "$dir/nft" || return 1
  for variant in nft legacy; do
    tool_accepts "iptables-$variant-restore --test" "iptables-$variant-restore" --test --noflush "$dir/iptables-restore" ||
      return 1
    tool_accepts "ip6tables-$variant-restore --test" "ip6tables-$variant-restore" --test --noflush "$dir/ip6tables-restore" ||
      return 1
  done
  shell_roundtrip "$dir/iptables" "$3"
}

shell_roundtrip() {  # shell_roundtrip SCRIPT VARIANT: apply for real, revert, same ruleset
  script=$1 variant=$2
  # The namespace's ruleset before: the same for every scenario once one
  # round trip has left it as it was (taken again after a failure).
  [ -s "$KT_WORK/sh.before" ] || kt_ruleset "$LOAD_NS" >"$KT_WORK/sh.before"
  kt_background "$KT_WORK/sh.out" env IPTABLES="iptables-$variant" IP6TABLES="ip6tables-$variant" \
    timeout 60 ip netns exec "$LOAD_NS" sh "$script"
  runner=$KT_BG
  if ! kt_wait_for 20 sh -c "grep -q 'applied' '$KT_WORK/sh.out' || ! kill -0 $runner"; then
    WHY="b: the iptables script ($variant) did not say applied within 20 s"
  elif ! grep -q applied "$KT_WORK/sh.out"; then
    WHY="b: the iptables script ($variant) failed: $(grep -m1 -v '^$' "$KT_WORK/sh.out")"
  else
    WHY=""
  fi
  kt_in "$LOAD_NS" env IPTABLES="iptables-$variant" IP6TABLES="ip6tables-$variant" sh "$script" --revert \
    >"$KT_WORK/revert.out" 2>&1 || WHY=${WHY:-"b: the iptables script ($variant) --revert fails: $(grep -m1 . "$KT_WORK/revert.out")"}
  kill -TERM "$runner" 2>/dev/null
  wait "$runner" 2>/dev/null
  kt_ruleset "$LOAD_NS" >"$KT_WORK/sh.after"
  if [ -z "$WHY" ] && ! diff -u "$KT_WORK/sh.before" "$KT_WORK/sh.after" >"$KT_WORK/sh.diff"; then
    WHY="b: the iptables script ($variant) leaves the ruleset changed: $(grep -m1 '^[-+][^-+]' "$KT_WORK/sh.diff")"
  fi
  # Whatever the script left, the next scenario starts from the operator's ruleset.
  [ -z "$WHY" ] || { kt_in "$LOAD_NS" nft flush ruleset; for v in nft legacy; do for f in ip ip6; do
    kt_in "$LOAD_NS" "${f}tables-$v" -F; kt_in "$LOAD_NS" "${f}tables-$v" -X; done; done
    kt_operator_ruleset "$LOAD_NS"; iptables_nft_tables "$LOAD_NS"; rm -f "$KT_WORK/sh.before"; } >/dev/null 2>&1
  [ -z "$WHY" ]
}

# The evaluator's default interfaces of FILE: "IN OUT" (see differential_test.sh).
interfaces() {
  "$faultc" explain "$1" --json --packet "forwarded tcp" 2>/dev/null |
    /usr/bin/python3 -c 'import json, sys; p = json.load(sys.stdin)["packet"]; print(p["in_interface"], p["out_interface"])' 2>/dev/null
}

# DUTs by interface pair, built on first use: DUT_<n> variables in a file.
dut_for() {  # dut_for IN OUT: sets DUT PEER PEER_IF DUT_MAC PEER_MAC
  key="$1 $2"
  line=$(grep -F -x -m1 "$key" -A1 "$KT_WORK/duts" 2>/dev/null | sed -n 2p)
  if [ -n "$line" ]; then
    read -r DUT PEER PEER_IF DUT_MAC PEER_MAC <<EOF
$line
EOF
    return 0
  fi
  dut_topology "$1" "$2" || return 1
  iptables_nft_tables "$DUT"
  printf '%s\n%s %s %s %s %s\n' "$key" "$DUT" "$PEER" "$PEER_IF" "$DUT_MAC" "$PEER_MAC" >>"$KT_WORK/duts"
}

packets_run() {  # packets_run TARGET OUT FILE...: packets.py for FILES on TARGET in the DUT of the first
  target=$1 out=$2
  shift 2
  pair=$(interfaces "$1")
  # shellcheck disable=SC2086 # two words
  dut_for $pair || { echo "FAIL: cannot build a DUT for interfaces $pair" >"$out"; return 1; }
  in_if=${pair% *} out_if=${pair#* }
  kt_ruleset "$DUT" >"$KT_WORK/dut.before"
  timeout 900 ip netns exec "$DUT" /usr/bin/python3 "$root/tests/kernel/packets.py" --faultc "$faultc" \
    --root "$root" --peer "$PEER" --peer-if "$PEER_IF" --dut-mac "$DUT_MAC" --peer-mac "$PEER_MAC" \
    --in-if "$in_if" --out-if "$out_if" --work "$KT_WORK" --seed "$seed" --packets "$packets" \
    --prob-shots "${FAULTC_GEN_PROB_SHOTS:-60}" --targets "$target" "$@" </dev/null >"$out" 2>&1
  kt_ruleset "$DUT" >"$KT_WORK/dut.after"
  if ! diff -u "$KT_WORK/dut.before" "$KT_WORK/dut.after" >/dev/null; then
    echo "FAIL: $(basename "$1"): the DUT's ruleset is not as before after packets.py" >>"$out"
  fi
}

# ---- property d: faultc run on a host with its own rules ----
RUN_NS=""
run_host() {  # the host: operator rules, a ticking timeout set, another faultc scenario
  [ -n "$RUN_NS" ] && return 0
  kt_netns
  RUN_NS=$KT_NS
  kt_operator_ruleset "$RUN_NS" >/dev/null 2>&1
  iptables_nft_tables "$RUN_NS"
  # As fail2ban and crowdsec leave it: a set whose elements time out.
  kt_in "$RUN_NS" nft -f - <<'NFT'
table inet banlist {
	set banned4 { type ipv4_addr; flags timeout; elements = { 192.0.2.66 timeout 1h, 198.51.100.7 timeout 10m } }
	chain input {
		type filter hook input priority -5; policy accept;
		ip saddr @banned4 drop
	}
}
NFT
  cat >"$KT_WORK/neighbour.fault" <<'FAULT'
scenario "neighbour"
to port 7777 drop
udp to port 7778 drop 10%
for 10m
FAULT
  kt_background "$KT_WORK/neighbour.out" env FAULTC_STATE_DIR="$KT_WORK/state" \
    timeout 700 ip netns exec "$RUN_NS" "$faultc" run -t nft "$KT_WORK/neighbour.fault"
  NEIGHBOUR=$KT_BG
  kt_wait_for 10 grep -q applied "$KT_WORK/neighbour.out" || { WHY="d: the neighbour scenario did not start"; return 1; }
}

# The ruleset without what ticks by itself: timeout sets' `expires`.
run_ruleset() { kt_ruleset "$RUN_NS" | sed -e 's/ expires [0-9hmsd]*//g'; }

run_once() {  # run_once FILE TARGET [foreign]: property d
  run_host || return 1
  file=$1 target=$2 foreign=${3:-}
  run_ruleset >"$KT_WORK/run.before"
  kt_background "$KT_WORK/run.out" env FAULTC_STATE_DIR="$KT_WORK/state" \
    timeout 120 ip netns exec "$RUN_NS" "$faultc" run -t "$target" "$file"
  runner=$KT_BG
  if ! kt_wait_for 20 sh -c "grep -q applied '$KT_WORK/run.out' || ! kill -0 $runner"; then
    WHY="d: faultc run -t $target did not apply within 20 s"
    kill "$runner" 2>/dev/null
  fi
  if [ -n "$foreign" ]; then
    kt_in "$RUN_NS" nft add rule inet operator input tcp dport 9996 drop
  fi
  wait "$runner"
  rc=$?
  if [ -n "$foreign" ]; then
    kt_in "$RUN_NS" nft -a list chain inet operator input | sed -n 's/.*dport 9996 drop # handle \([0-9]*\)/\1/p' |
      while read -r handle; do kt_in "$RUN_NS" nft delete rule inet operator input handle "$handle"; done
    if [ "$rc" -eq 0 ] || ! grep -q 9996 "$KT_WORK/run.out"; then
      WHY="d: a foreign rule added during faultc run -t $target is not reported (exit $rc)"
      return 1
    fi
    return 0
  fi
  run_ruleset >"$KT_WORK/run.after"
  if [ "$rc" -ne 0 ]; then
    WHY="d: faultc run -t $target exits $rc: $(grep -m1 -i -e differ -e error -e fail "$KT_WORK/run.out")"
    return 1
  fi
  if ! diff -u "$KT_WORK/run.before" "$KT_WORK/run.after" >"$KT_WORK/run.diff"; then
    WHY="d: faultc run -t $target leaves the ruleset changed: $(grep -m1 '^[-+][^-+]' "$KT_WORK/run.diff")"
    return 1
  fi
}

# The kind of a failure: its first line without paths and numbers.
# For c, a harness error and a disagreement are the two kinds.
kind_of() {
  case $1 in
    "c: "*"harness error"*) echo "c: harness error: ${1#*harness error: }" | sed -e 's#/[^ :]*##g' -e 's/[0-9][0-9]*/N/g' | cut -c1-60 ;;
    "c: "*) echo "c: the kernel disagrees with the evaluator" ;;
    *) printf '%s\n' "$1" | head -n1 | sed -e 's#/[^ :]*##g' -e 's/[0-9][0-9]*/N/g' | cut -c1-90 ;;
  esac
}

# What packets.py cannot observe skips c: windows under a second (an nft
# gate of 1 ms expires before the first packet), and nft chains that hook in
# before the observer's "entered" chains at priority -400 or after its
# "survived" chains at +300.
too_short_for_packets() {
  grep -q -E '(^|[^0-9a-z])for ([0-9]+ms|0s|0m)([^0-9a-z]|$)' "$1" ||
    grep -q -E '^priority (-[4-9][0-9][0-9]|-?[0-9]{4,}|[3-9][0-9][0-9])' "$1"
}

checks() {  # checks FILE: exit 0 when `faultc check` accepts FILE
  timeout 60 "$faultc" check "$1" >/dev/null 2>"$KT_WORK/check.err"
}

# ---- the shrinker's question ----
if [ "$mode" = --still-fails ]; then
  property=$4 file=$5 target=${6:-nft}
  checks "$file" || exit 1
  mkdir -p "$KT_WORK/one"
  WHY=""
  case $property in
    a) compile_all "$file" "$KT_WORK/one" && exit 1 ;;
    b) compile_all "$file" "$KT_WORK/one" || exit 1
       load_all "$file" "$KT_WORK/one" "${target#iptables-}" && exit 1 ;;
    c) compile_all "$file" "$KT_WORK/one" || exit 1
       too_short_for_packets "$file" && exit 1
       # The original's name: packets.py draws the packets from seed and name.
       copy="$KT_WORK/one/${GEN_NAME:-s}.fault"
       cp "$file" "$copy"
       packets_run "$target" "$KT_WORK/one/packets.out" "$copy"
       grep -q '^FAIL' "$KT_WORK/one/packets.out" || exit 1
       WHY="c: $(grep -m1 '^FAIL' "$KT_WORK/one/packets.out")" ;;
    d) run_once "$file" "$target" && exit 1 ;;
  esac
  # Still fails; the same kind of failure as the original (GEN_KIND)?
  kind=$(kind_of "$WHY")
  [ -z "${GEN_KIND:-}" ] || [ "$kind" = "$GEN_KIND" ]
  exit $?
fi

# ---- the run ----
started_at=$(date +%s)
echo "generated: seed $seed, $count scenarios (FAULTC_GEN_SEED=$seed FAULTC_GEN_COUNT=$count reproduces this run)"
[ -z "$avoid" ] || echo "generated: avoiding known bugs: $avoid (FAULTC_GEN_AVOID)"
[ -z "$skip" ] || echo "generated: SKIPPING properties $skip (FAULTC_GEN_SKIP; never in CI)"
mkdir -p "$KT_WORK/gen" "$KT_WORK/art" "$KT_WORK/ok"
timeout 120 $gen generate --seed "$seed" --count "$count" --out "$KT_WORK/gen" || { kt_fail "gen.py generate failed"; kt_finish; exit 1; }

refused=0 compiled=0 loaded=0 packets_compared=0 runs_verified=0
: >"$KT_WORK/fcodes"
: >"$KT_WORK/failures"
: >"$KT_WORK/kinds"

# fail_scenario INDEX PROPERTY TARGET: reports, and shrinks the first of each kind.
fail_scenario() {
  index=$1 property=$2 target=$3
  kt_fail "scenario $index (FAULTC_GEN_SEED=$seed, index $index): $WHY"
  kind=$(kind_of "$WHY")
  if grep -q -F -x "$kind" "$KT_WORK/kinds"; then
    echo "  (the same kind of failure as one shrunk above)"
    return
  fi
  echo "$kind" >>"$KT_WORK/kinds"
  shrunk="$KT_WORK/shrunk-$index.fault"
  short=$([ "$property" = d ] && echo --short-life)
  GEN_NAME=$(printf 'g%04d' "$index") GEN_KIND=$kind timeout 600 $gen shrink --seed "$seed" --index "$index" $short --out "$shrunk" \
    --budget "${FAULTC_GEN_SHRINK_BUDGET:-150}" -- \
    env GEN_KIND="$kind" FAULTC_GEN_SEED="$seed" sh "$root/tests/kernel/generated_test.sh" "$faultc" "$root" --still-fails "$property" '{}' "$target" |
    sed 's/^/  /'
  echo "  shrunk scenario (tests/gen/gen.py show --seed $seed --index $index $short prints the original):"
  sed "s/^/  | /" "$shrunk" 2>/dev/null
}

index=0
for file in "$KT_WORK"/gen/g*.fault; do
  n=$(basename "$file" .fault)
  index=${n#g}
  index=$(expr "$index" + 0)
  if ! checks "$file"; then
    refused=$((refused + 1))
    if ! printed_cleanly "$KT_WORK/check.err"; then
      WHY="a: check's refusal prints a control byte or a line starting with ::"
      kt_fail "scenario $index (FAULTC_GEN_SEED=$seed, index $index): $WHY"
    fi
    grep -o 'F[0-9][0-9][0-9]' "$KT_WORK/check.err" | sort -u >>"$KT_WORK/fcodes"
    continue
  fi
  mkdir -p "$KT_WORK/art/$n"
  WHY=""
  if ! compile_all "$file" "$KT_WORK/art/$n"; then
    fail_scenario "$index" a nft
    continue
  fi
  compiled=$((compiled + 1))
  variant=$([ $((index % 2)) -eq 0 ] && echo nft || echo legacy)
  if skipped b; then :
  elif ! load_all "$file" "$KT_WORK/art/$n" "$variant"; then
    fail_scenario "$index" b "iptables-$variant"
    continue
  fi
  loaded=$((loaded + 1))
  cp "$file" "$KT_WORK/ok/$n.fault"
done
echo "generated: a and b done after $(( $(date +%s) - started_at )) s"

# ---- c: the packets, one target per scenario in rotation, grouped by DUT ----
if ! skipped c; then
  : >"$KT_WORK/groups"
  i=0
  short_windows=0
  for file in "$KT_WORK"/ok/*.fault; do
    [ -e "$file" ] || continue
    if too_short_for_packets "$file"; then
      short_windows=$((short_windows + 1))
      continue
    fi
    pair=$(interfaces "$file") || { kt_fail "$(basename "$file"): faultc explain cannot say its interfaces"; continue; }
    set -- $KERNEL_TARGETS
    shift $((i % 3))
    echo "$pair $1 $file" >>"$KT_WORK/groups"
    i=$((i + 1))
  done
  cut -d' ' -f1-3 "$KT_WORK/groups" | sort -u >"$KT_WORK/batches"
  while read -r in_if out_if target; do
    set --
    while read -r a b t f; do [ "$a $b $t" = "$in_if $out_if $target" ] && set -- "$@" "$f"; done <"$KT_WORK/groups"
    out="$KT_WORK/packets-$in_if-$target.out"
    packets_run "$target" "$out" "$@"
    grep -v '^  ' "$out" | grep -v '^FAIL' | sed 's/^/  /' | tail -n 3
    p=$(sed -n 's/^total: \([0-9]*\) packets.*/\1/p' "$out")
    packets_compared=$((packets_compared + ${p:-0}))
    # Failures name their scenario (gNNNN) first.
    grep '^FAIL' "$out" | sed -n 's/^FAIL: \(g[0-9]*\)[ :.].*/\1/p' | sort -u >"$KT_WORK/failed"
    while read -r n; do
      WHY="c: $(grep -m1 "^FAIL: ${n}[ :.]" "$out" | cut -c7- | sed "s/^${n}[ :.]*//")"
      grep -A3 "^FAIL: ${n}[ :.]" "$out" | head -n 12 | sed 's/^/  | /'
      index=$(expr "${n#g}" + 0)
      fail_scenario "$index" c "$target"
    done <"$KT_WORK/failed"
    if ! grep -q '^total: ' "$out"; then
      kt_fail "packets.py did not finish for $target: $(tail -n 3 "$out")"
    fi
  done <"$KT_WORK/batches"
  echo "generated: $short_windows scenarios have windows under a second or a priority outside the observer's: a and b only"
  echo "generated: c done after $(( $(date +%s) - started_at )) s"
fi

# ---- d: faultc run on a host with its own rules, a short-lived sample ----
if ! skipped d && [ "$runs" -gt 0 ]; then
  mkdir -p "$KT_WORK/run"
  timeout 60 $gen generate --seed "$seed" --short-life --first 100000 --count $((runs * 4)) --out "$KT_WORK/run"
  done_runs=0
  for file in "$KT_WORK"/run/g*.fault; do
    [ "$done_runs" -lt "$runs" ] || break
    checks "$file" || continue
    compile_all "$file" "$KT_WORK/art" >/dev/null 2>&1 || continue
    n=$(basename "$file" .fault)
    index=$(expr "${n#g}" + 0)
    set -- $KERNEL_TARGETS
    shift $((done_runs % 3))
    WHY=""
    if run_once "$file" "$1"; then
      runs_verified=$((runs_verified + 1))
    else
      fail_scenario "$index" d "$1"
      sed 's/^/  run| /' "$KT_WORK/run.out" | tail -n 8
    fi
    done_runs=$((done_runs + 1))
  done
  # A real change during a run is reported (last, and on the first sample).
  first=$(ls "$KT_WORK"/run/g*.fault | head -n 1)
  WHY=""
  if run_once "$first" nft foreign; then
    runs_verified=$((runs_verified + 1))
  else
    kt_fail "$WHY"
    sed 's/^/  run| /' "$KT_WORK/run.out" | tail -n 8
  fi
  kill "$NEIGHBOUR" 2>/dev/null
  echo "generated: d done after $(( $(date +%s) - started_at )) s"
fi

echo "generated: $count scenarios generated, $refused refused by check, $compiled compiled, $loaded loaded" \
  "(nft -c, iptables/ip6tables-restore --test on nft and legacy, the script applied and reverted)," \
  "$packets_compared packets compared, $runs_verified runs verified, $KT_FAILURES failures;" \
  "$(( $(date +%s) - started_at )) s"
if [ "$refused" -gt 0 ]; then
  echo "generated: refused by check, by F-code: $(sort "$KT_WORK/fcodes" | uniq -c | sort -rn | awk '{ printf "%s %d, ", $2, $1 }' | sed 's/, $//')"
fi
if [ $((refused * 5)) -gt "$count" ]; then
  kt_fail "check refuses $refused of $count generated scenarios (more than 20%): tune tests/gen/gen.py"
fi
kt_finish
