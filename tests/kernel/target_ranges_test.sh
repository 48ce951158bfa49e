#!/bin/sh
# What `check` accepts, every target expresses (issue 20 a-d, m): a table of
# edge values, each just inside or just outside a tool's or kernel's real
# range. Inside: `faultc check` passes, every target compiles, and each
# artifact loads for real in a throwaway namespace (nft -f; iptables-restore
# and ip6tables-restore on the nft and legacy backends, --test and then a
# real load, since --test skips the kernel's own checks). Outside: `check`
# refuses it with the code given, and nothing is compiled.
# Usage: target_ranges_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init target_ranges

kt_netns
ns=$KT_NS
start=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# inside RULE: check passes, every target compiles and loads.
inside() {
  rule=$1
  printf 'scenario "edge"\nfor 1h\n%s\n' "$rule" >"$KT_WORK/edge.fault"
  kt_check "check accepts: $rule" "$faultc" check "$KT_WORK/edge.fault"
  if "$faultc" compile -t nft -o "$KT_WORK/a.nft" "$KT_WORK/edge.fault" 2>"$KT_WORK/err"; then
    kt_check "nft loads: $rule" kt_in "$ns" nft -f "$KT_WORK/a.nft"
    kt_in "$ns" nft delete table inet faultc_edge 2>/dev/null
  else
    kt_fail "compile -t nft: $rule: $(cat "$KT_WORK/err")"
  fi
  for family in ip ip6; do
    if ! "$faultc" compile -t ${family}tables-restore --start "$start" -o "$KT_WORK/a.rules" "$KT_WORK/edge.fault" \
      2>"$KT_WORK/err"; then
      kt_fail "compile -t ${family}tables-restore: $rule: $(cat "$KT_WORK/err")"
      continue
    fi
    "$faultc" compile -t ${family}tables-restore --teardown -o "$KT_WORK/down.rules" "$KT_WORK/edge.fault"
    for variant in nft legacy; do
      tool=${family}tables-$variant-restore
      kt_check "$tool --test: $rule" kt_in "$ns" "$tool" --test --noflush "$KT_WORK/a.rules"
      kt_check "$tool loads: $rule" kt_in "$ns" "$tool" --noflush "$KT_WORK/a.rules"
      kt_in "$ns" "$tool" --noflush "$KT_WORK/down.rules" 2>/dev/null
    done
  done
  kt_check "compile -t iptables: $rule" "$faultc" compile -t iptables -o "$KT_WORK/a.sh" "$KT_WORK/edge.fault"
}

# outside CODE RULE: check refuses it with CODE.
outside() {
  code=$1 rule=$2
  printf 'scenario "edge"\nfor 1h\n%s\n' "$rule" >"$KT_WORK/edge.fault"
  kt_check "check refuses with $code: $rule" sh -c \
    "! '$faultc' check '$KT_WORK/edge.fault' 2>'$KT_WORK/err' && grep -q 'error\[$code\]' '$KT_WORK/err'"
}

# a. probabilities at the edges.
for p in 0% 0.0001% 50% 99.9999% 100%; do inside "to port 80 drop $p"; done
# b. source and destination ports together, lists longer than multiport's 15.
inside "udp from 10.0.0.1 port 1024-65535 to port { 8125, 9000-9100 } drop"
inside "udp from 10.0.0.0/8 port { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31 } to port { 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32 } drop"
inside "tcp from 10.0.0.0/8 port { 1000, 2000 } to port 80 drop"
# c. byte rates: iptables counts 16-byte chunks.
outside F034 "to port 80 limit 15byte/s"
inside "to port 80 limit 16byte/s"
outside F034 "to port 80 limit 10byte/s"
outside F034 "to port 80 limit 1mbyte/d"
inside "to port 80 limit 1mbyte/h"
inside "to port 80 limit 1000000000byte/s"
outside F034 "to port 80 limit 1.5gbyte/h burst 1gbyte"
inside "to port 80 limit 1gbyte/s burst 3gbyte"
outside F034 "to port 80 limit 1gbyte/s burst 4gbyte"
# nft: a byte rate plus its burst, times the period in ns, below 2^64.
inside "to port 80 limit 1kbyte/m burst 300000kbyte"
outside F034 "to port 80 limit 1kbyte/m burst 301000kbyte"
# packet rates: iptables takes at most 1,000,000/s and a burst of 1,000,000.
inside "to port 80 limit 1000000/s"
outside F034 "to port 80 limit 1000001/s"
inside "to port 80 limit 60000000/m"
outside F034 "to port 80 limit 60000001/m"
inside "to port 80 limit 1000000/s burst 1000000"
outside F034 "to port 80 limit 1000000/s burst 1000001"
# hashlimit's credits: seconds between packets times the burst.
inside "to port 80 limit 1/d burst 1"
outside F034 "to port 80 limit 1/d"
inside "to port 80 limit 1/h burst 31"
outside F034 "to port 80 limit 1/h burst 32"
# a limit per source or connection keeps an idle bucket until it has
# refilled: at most hashlimit's 2^32 - 1 ms (--hashlimit-htable-expire).
inside "to port 80 limit 16byte/s burst 68719456byte per source"
outside F034 "to port 80 limit 16byte/s burst 68719457byte per source"
inside "udp to port 80 limit 1000000/s burst 1000000 per connection"
inside "to port 80 limit 1/h burst 31 per source"
# The rate edges above load inside a set's element as in a rule: the same
# limit expression (nft), the same hashlimit with a mode (iptables).
inside "to port 80 limit 1gbyte/s burst 3gbyte per source"
inside "to port 80 limit 1000000000byte/s per source"
inside "to port 80 limit 1/d burst 1 per source"
inside "to port 80 limit 60000000/m per source"
# d. log prefixes: 29 characters of printable ASCII without quotes or `$`.
inside 'to port 80 log "abcdefghijklmnopqrstuvwxyz012"'
outside F031 'to port 80 log "abcdefghijklmnopqrstuvwxyz0123"'
outside F031 'to port 80 log "a$b"'
outside F031 'to port 80 log "FAULT\tdropped: "'
inside 'to port 80 log "FAULT dropped: "'
# Negated addresses (tests/gen/gen.py's not-multi, not-everything,
# between-not): iptables refuses `!` beside a list of several addresses, and
# iptables-nft refuses `! -s 0.0.0.0/0` on a real load (not under --test).
inside "to { 10.1.0.0/16, 203.0.113.7 } from not 100.64.0.1 drop"
inside "from { fd00:1::/64, fd00:2::1 } to not fd00:9::1 port 80 drop"
inside "to { 10.1.0.0/16, 203.0.113.7, fd00::1 } from not { 100.64.0.0/24, 100.64.2.0/24 } drop"
inside "udp from not { 10.0.3.11, 0.0.0.0/0 } drop"
inside "between 10.0.0.5 and not { 10.0.1.0/24, 10.0.0.0/24 } drop 50%"
outside F031 "between 10.0.0.5 and not { 203.0.113.7, 100.64.0.1 } drop 50%"
outside F025 "from not { 0.0.0.0/0, ::/0 } drop"

# Whole scenarios for what depends on the life: WHAT TEXT.
whole_inside() {  # whole_inside WHAT TEXT: check passes, and nft loads it
  printf '%b' "$2" >"$KT_WORK/whole.fault"
  kt_check "check accepts $1" "$faultc" check "$KT_WORK/whole.fault"
  "$faultc" compile -t nft -o "$KT_WORK/whole.nft" "$KT_WORK/whole.fault"
  kt_check "nft loads $1" kt_in "$ns" nft -f "$KT_WORK/whole.nft"
  kt_in "$ns" nft delete table inet faultc_whole 2>/dev/null
}
whole_outside() {  # whole_outside WHAT TEXT PATTERN: check refuses it, saying PATTERN
  printf '%b' "$2" >"$KT_WORK/whole.fault"
  kt_check "check refuses $1 ($3)" sh -c \
    "! '$faultc' check '$KT_WORK/whole.fault' 2>'$KT_WORK/err' && grep -q '$3' '$KT_WORK/err'"
}

# Durations: nft's timeouts stop at 213,503 days.
whole_inside "for 213503d" 'to port 80 drop for 213503d\n'
whole_outside "for 213504d" 'to port 80 drop for 213504d\n' 'error\[F034\]'
whole_outside "a life of 1000000d" 'for 1000000d\nto port 80 drop\n' 'error\[F034\]'

# m. repetitions: 1,000 windows per rule.
whole_inside "1000 windows" 'for 2000s\nfrom 10.0.9.0/24 drop for 1s every 2s\n'
whole_outside "1001 windows" 'for 2001s\nfrom 10.0.9.0/24 drop for 1s every 2s\n' 'error\[F035\]'
whole_outside "43200 windows" 'for 1d\nfrom 10.0.9.0/24 drop for 1s every 2s\n' 'repeats 43200 times'

# A file name only the comments carry: made safe and cut, never refused.
odd="$KT_WORK/x\$(id) \"caf$(printf '\303\251')\" $(printf '%0200d' 0).fault"
printf 'to port 80 drop for 1m\n' >"$odd"
"$faultc" compile -t nft -o "$KT_WORK/odd.nft" "$odd"
kt_check "an odd file name: nft loads" kt_in "$ns" nft -f "$KT_WORK/odd.nft"
kt_check "an odd file name: iptables-restore --test" sh -c \
  "'$faultc' compile -t iptables-restore -o '$KT_WORK/odd.rules' '$odd' &&
   ip netns exec '$ns' iptables-nft-restore --test --noflush '$KT_WORK/odd.rules'"

kt_finish
