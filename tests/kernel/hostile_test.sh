#!/bin/sh
# Hostile text and a 10,000-address set against real netfilter, in
# throwaway namespaces. Scenario names full of quotes, `$(...)`, backticks,
# newline escapes, `;`, non-ASCII and 5,000 characters, and log prefixes
# full of shell and nft punctuation, compile to every target; each artifact
# passes its tool's check (sh -n and shellcheck for the script), loads,
# creates exactly the objects named by the sanitized id, carries each log
# prefix exactly as written, runs no command hidden in the name, and its
# removal leaves the ruleset as it was. Then a selector of 10,000 addresses:
# one nft rule with a set that loads in well under a second, and an
# iptables-restore file that loads too (both times printed).
# Usage: hostile_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init hostile

# Every command that could run from a scenario name would leave one of these.
PWNED=/tmp/faultc-pwned-$$
CWD=$KT_WORK/cwd  # compiles and scripts run here: a relative `touch pwned` lands here
mkdir "$CWD"

# Log prefixes every target must carry byte for byte (no `"`, `\`, `'`, `$`
# or backtick, which faultc refuses). B is iptables' maximum of 29.
PREFIX_A='x;y #z {}|&<>()*?: '
PREFIX_B='~!%^&*()_+=-[]{}|;:,.<>?/#@ Z'

compile() {  # compile OUT ARGS...
  out=$1
  shift
  (cd "$CWD" && "$faultc" compile "$@") >"$out" 2>"$KT_WORK/compile.err"
}

hostile_scenario() {  # hostile_scenario FILE NAME-AS-WRITTEN-IN-THE-STRING
  cat >"$1" <<EOF
scenario "$2"
host victim = { 10.0.0.5, fd00::5 }
from victim to port 1234 allow SYN, ACK; drop rest for 4m
to port 4321 log "$PREFIX_A" new for 4m
to port 4322 log "$PREFIX_B" new for 4m
EOF
}

# The artifact's lines that mention the name are comments (or, in the
# script, the two `echo` lines), and none holds `$(`, a backtick or `"`
# inside the printed name.
check_name_lines() {  # check_name_lines WHAT FILE MARKER
  bad=$(grep -F -- "$3" "$2" | grep -v '^# ' | grep -v "^	echo \"faultc: scenario '")
  kt_check "$1: the name appears only in comment lines" [ -z "$bad" ]
  # shellcheck disable=SC2016 # literal `$(` and backtick patterns
  bad=$(grep -F -- "$3" "$2" | grep -e '\$(' -e '`' -e 'scenario ".*".*"$')
  kt_check "$1: the printed name has no \$(, backtick or quote" [ -z "$bad" ]
}

check_nft() {  # check_nft NAME FILE
  name=$1 file=$2
  compile "$KT_WORK/a.nft" -t nft "$file" || { kt_fail "$name nft: compile"; sed 's/^/  | /' "$KT_WORK/compile.err"; return; }
  compile "$KT_WORK/down.nft" -t nft --teardown "$file" || { kt_fail "$name nft teardown: compile"; return; }
  table=$(sed -n 's/^table inet \(faultc_[a-z0-9_]*\) {}$/\1/p' "$KT_WORK/a.nft" | head -n 1)
  kt_check "$name nft: table name $table is faultc_ and 1-13 of [a-z0-9_]" \
    sh -c "printf '%s\n' '$table' | grep -Eqx 'faultc_[a-z0-9_]{1,13}'"
  check_name_lines "$name nft" "$KT_WORK/a.nft" pwned
  kt_netns
  ns=$KT_NS
  kt_operator_ruleset "$ns"
  kt_ruleset "$ns" >"$KT_WORK/before"
  kt_check "$name nft: nft -c" kt_in "$ns" nft -c -f "$KT_WORK/a.nft"
  kt_check "$name nft: load" kt_in "$ns" nft -f "$KT_WORK/a.nft"
  kt_in "$ns" nft list table inet "$table" >"$KT_WORK/listed" 2>&1
  for chain in input rule_1 rule_2 rule_3; do
    kt_check "$name nft: chain $chain in $table" grep -q "^	chain $chain {" "$KT_WORK/listed"
  done
  kt_check "$name nft: exactly one faultc table" \
    [ "$(kt_in "$ns" nft list tables | grep -c 'faultc_')" -eq 1 ]
  kt_check "$name nft: prefix A as written" grep -qF "log prefix \"$PREFIX_A\" comment" "$KT_WORK/listed"
  kt_check "$name nft: prefix B as written" grep -qF "log prefix \"$PREFIX_B\" comment" "$KT_WORK/listed"
  kt_check "$name nft: teardown" kt_in "$ns" nft -f "$KT_WORK/down.nft"
  kt_ruleset "$ns" >"$KT_WORK/after"
  kt_check "$name nft: ruleset restored" diff -u "$KT_WORK/before" "$KT_WORK/after"
}

check_restore() {  # check_restore NAME FILE VARIANT
  name=$1 file=$2 variant=$3
  start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  kt_netns
  ns=$KT_NS
  kt_operator_ruleset "$ns"
  kt_ruleset "$ns" >"$KT_WORK/before"
  for family in ip ip6; do
    target=${family}tables-restore
    tool=${family}tables-$variant-restore
    compile "$KT_WORK/a.rules" -t "$target" --start "$start" "$file" || { kt_fail "$name $target: compile"; continue; }
    compile "$KT_WORK/down.rules" -t "$target" --teardown "$file" || { kt_fail "$name $target teardown"; continue; }
    check_name_lines "$name $target" "$KT_WORK/a.rules" pwned
    id=$(sed -n 's/^:FAULTC-\([a-z0-9_]*\)-1 - \[0:0\]$/\1/p' "$KT_WORK/a.rules")
    kt_check "$name $target: id '$id' is 1-13 of [a-z0-9_]" sh -c "printf '%s\n' '$id' | grep -Eqx '[a-z0-9_]{1,13}'"
    kt_check "$name $tool --test" kt_in "$ns" "$tool" --test --noflush "$KT_WORK/a.rules"
    kt_check "$name $tool: load" kt_in "$ns" "$tool" --noflush "$KT_WORK/a.rules"
    kt_in "$ns" "${family}tables-$variant-save" >"$KT_WORK/saved" 2>/dev/null
    for chain in in 1 2 3; do
      kt_check "$name $tool: chain FAULTC-$id-$chain" grep -qx ":FAULTC-$id-$chain - \[[0-9]*:[0-9]*\]" "$KT_WORK/saved"
    done
    kt_check "$name $tool: no other faultc chain" [ "$(grep -c '^:FAULTC-' "$KT_WORK/saved")" -eq 4 ]
    kt_check "$name $tool: prefix A as written" grep -qF -- "--log-prefix \"$PREFIX_A\"" "$KT_WORK/saved"
    kt_check "$name $tool: prefix B as written" grep -qF -- "--log-prefix \"$PREFIX_B\"" "$KT_WORK/saved"
    kt_check "$name $tool: teardown" kt_in "$ns" "$tool" --noflush "$KT_WORK/down.rules"
  done
  kt_ruleset "$ns" >"$KT_WORK/after"
  kt_check "$name iptables-$variant restore: ruleset restored" diff -u "$KT_WORK/before" "$KT_WORK/after"
}

check_shell() {  # check_shell NAME FILE VARIANT
  name=$1 file=$2 variant=$3
  compile "$KT_WORK/a.sh" -t iptables "$file" || { kt_fail "$name iptables.sh: compile"; return; }
  kt_check "$name sh: sh -n" sh -n "$KT_WORK/a.sh"
  kt_check "$name sh: shellcheck" shellcheck -s sh "$KT_WORK/a.sh"
  check_name_lines "$name sh" "$KT_WORK/a.sh" pwned
  id=$(sed -n 's/^PIDFILE=\/run\/faultc-\([a-z0-9_]*\)\.deadman\.pid$/\1/p' "$KT_WORK/a.sh")
  kt_check "$name sh: id '$id' is 1-13 of [a-z0-9_]" sh -c "printf '%s\n' '$id' | grep -Eqx '[a-z0-9_]{1,13}'"
  kt_netns
  ns=$KT_NS
  kt_operator_ruleset "$ns"
  kt_ruleset "$ns" >"$KT_WORK/before"
  kt_background "$KT_WORK/sh.out" env -C "$CWD" IPTABLES="iptables-$variant" IP6TABLES="ip6tables-$variant" \
    ip netns exec "$ns" sh "$KT_WORK/a.sh"
  runner=$KT_BG
  kt_check "$name sh ($variant): rules applied" kt_wait_for 10 sh -c \
    "ip netns exec $ns iptables-$variant-save | grep -q '^:FAULTC-$id-3 ' && ip netns exec $ns ip6tables-$variant-save | grep -q '^:FAULTC-$id-3 '"
  for family in ip ip6; do
    kt_in "$ns" "${family}tables-$variant-save" >"$KT_WORK/saved" 2>/dev/null
    kt_check "$name sh ($variant) ${family}tables: prefix A as written" \
      grep -qF -- "--log-prefix \"$PREFIX_A\"" "$KT_WORK/saved"
    kt_check "$name sh ($variant) ${family}tables: prefix B as written" \
      grep -qF -- "--log-prefix \"$PREFIX_B\"" "$KT_WORK/saved"
    kt_check "$name sh ($variant) ${family}tables: 4 faultc chains" [ "$(grep -c '^:FAULTC-' "$KT_WORK/saved")" -eq 4 ]
  done
  kt_check "$name sh ($variant): --revert" kt_in "$ns" env IPTABLES="iptables-$variant" \
    IP6TABLES="ip6tables-$variant" sh "$KT_WORK/a.sh" --revert
  kill -TERM "$runner" 2>/dev/null
  wait "$runner" 2>/dev/null
  kt_ruleset "$ns" >"$KT_WORK/after"
  kt_check "$name sh ($variant): ruleset restored" diff -u "$KT_WORK/before" "$KT_WORK/after"
}

# ---------------------------------------------------------------- hostile names
# As written between the quotes of `scenario "..."` (so `\"` and `\n` are
# the language's escapes). Each carries "pwned" so that its lines can be found.
long=$(printf "%04000d" 0 | tr 0 n)  # strings take at most 4096 characters
i=0
for written in \
  "x\$(touch $PWNED-dollar)y\$(touch pwned)" \
  "x\`touch $PWNED-tick\`y\`touch pwned\`" \
  "0123456789 pwned \\\"quoted\\\"; reboot; \\n# newline\\nCOMMIT\\n}\\nEOF\\n\$(touch $PWNED-nl)" \
  "0123456789 pwned caf$(printf '\303\251') $(printf '\342\230\203') $long"; do
  i=$((i + 1))
  file=$KT_WORK/hostile$i.fault
  hostile_scenario "$file" "$written"
  name="hostile name $i"
  check_nft "$name" "$file"
  for variant in nft legacy; do
    check_restore "$name" "$file" "$variant"
    check_shell "$name" "$file" "$variant"
  done
done

kt_check "no command from a scenario name ran (no $PWNED-*)" sh -c "! ls -d '$PWNED'-* 2>/dev/null"
kt_check "no command from a scenario name ran (nothing in the working directory)" [ -z "$(ls -A "$CWD")" ]
kt_check "no pwned file in / or /tmp" sh -c "! ls -d /pwned /tmp/pwned 2>/dev/null"

# ---------------------------------------------------------------- log prefix limits
# A scenario must load with every target, so prefixes stop at iptables' 29
# characters (PREFIX_B above loads everywhere) for nft too: `check` itself
# refuses a longer one (F031), and so does every compile.
printf 'scenario "p30"\nto port 4323 log "%s" new for 4m\n' "${PREFIX_B}0" >"$KT_WORK/prefix30.fault"
kt_check "30-character prefix: refused by check (F031)" sh -c \
  "! '$faultc' check '$KT_WORK/prefix30.fault' 2>'$KT_WORK/err' && grep -q F031 '$KT_WORK/err'"
for target in nft iptables iptables-restore ip6tables-restore; do
  kt_check "30-character prefix: refused for $target (F031)" sh -c \
    "! '$faultc' compile -t $target '$KT_WORK/prefix30.fault' >/dev/null 2>'$KT_WORK/err' && grep -q F031 '$KT_WORK/err'"
done

# ---------------------------------------------------------------- 10,000 addresses
# Odd addresses only, so no two are neighbours and nothing merges into a
# shorter prefix: 10.0.0.1, 10.0.0.3, ... 10.0.78.31.
awk 'BEGIN {
  printf "scenario \"many\"\nhost many = { "
  for (i = 0; i < 10000; i++) {
    a = 2 * i + 1
    printf "%s10.%d.%d.%d", (i ? ", " : ""), int(a / 65536), int(a / 256) % 256, a % 256
  }
  printf " }\nfrom many to port 80 drop for 1m\n"
}' >"$KT_WORK/many.fault"

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

t0=$(date +%s%N)
compile "$KT_WORK/many.nft" -t nft "$KT_WORK/many.fault" || kt_fail "10k: nft compile"
echo "10k addresses: faultc compile -t nft took $(ms_since "$t0") ms"
# The input chain: its hook line, the default protections (loopback,
# neighbour discovery), then exactly one rule, which holds the set.
awk '/^\tchain input \{/ { inside = 1; next } inside && /^\t\}/ { inside = 0 } inside' "$KT_WORK/many.nft" |
  grep -v -e 'type filter hook' -e 'comment "faultc protects ' >"$KT_WORK/input-rules"
kt_check "10k: one rule in the nft input chain" [ "$(wc -l <"$KT_WORK/input-rules")" -eq 1 ]
kt_check "10k: that rule matches an anonymous set" grep -q '^		ip saddr { 10\.0\.0\.1, 10\.0\.0\.3, .* } tcp dport 80 ' \
  "$KT_WORK/input-rules"
kt_check "10k: the set has 10,000 elements" [ "$(tr ',' '\n' <"$KT_WORK/input-rules" | grep -c '10\.')" -eq 10000 ]
kt_netns
ns=$KT_NS
t0=$(date +%s%N)
kt_check "10k: nft -f loads" kt_in "$ns" nft -f "$KT_WORK/many.nft"
nft_ms=$(ms_since "$t0")
echo "10k addresses: nft -f load took $nft_ms ms (limit 1000 ms)"
kt_check "10k: nft load under 1 s (took $nft_ms ms)" [ "$nft_ms" -lt 1000 ]
kt_check "10k: the kernel holds all 10,000 elements" sh -c \
  "[ \"\$(ip netns exec $ns nft list chain inet faultc_many input | tr ',' '\n' | grep -c '10\.')\" -eq 10000 ]"

compile "$KT_WORK/many.rules" -t iptables-restore "$KT_WORK/many.fault" || kt_fail "10k: iptables-restore compile"
for variant in nft legacy; do
  kt_netns
  ns=$KT_NS
  t0=$(date +%s%N)
  kt_check "10k: iptables-$variant-restore loads" kt_in "$ns" "iptables-$variant-restore" --noflush "$KT_WORK/many.rules"
  echo "10k addresses: iptables-$variant-restore load took $(ms_since "$t0") ms"
  kt_check "10k: iptables-$variant holds 10,000 source matches" sh -c \
    "[ \"\$(ip netns exec $ns iptables-$variant-save | grep -c '^-A FAULTC-many-in -s 10\.')\" -eq 10000 ]"
done

kt_finish
