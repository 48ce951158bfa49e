#!/bin/sh
# `faultc check` from the outside: exit codes, messages, stdin, examples.
# Usage: check_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
. "$source_dir/tests/cli/lib.sh"

printf 'host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n' >"$work/good.fault"
printf 'host victim = 10.0.0.5\nfrom victim dorp for 4m\n' >"$work/bad.fault"

expect_exit 0 "good file" -- "$faultc" check "$work/good.fault"
[ -s "$work/err" ] && fail "good file printed something"
expect_exit 1 "bad file" -- "$faultc" check "$work/bad.fault"
expect_stderr "bad.fault:2:13: error[F001]:" "bad file position"
expect_stderr "did you mean \`drop\`?" "bad file hint"
expect_exit 2 "missing file" -- "$faultc" check "$work/missing.fault"
expect_stderr "missing.fault: cannot open" "missing file message"
expect_exit 2 "directory" -- "$faultc" check "$work"
expect_stderr "is a directory" "directory message"
expect_exit 2 "missing and good" -- "$faultc" check "$work/good.fault" "$work/missing.fault"
expect_exit 2 "no file" -- "$faultc" check
expect_exit 2 "unknown subcommand" -- "$faultc" frobnicate
expect_exit 0 "--help" -- "$faultc" --help
expect_exit 0 "--version" -- "$faultc" --version
expect_exit 1 "stdin" -- sh -c "\"$faultc\" check - < \"$work/bad.fault\""
expect_stderr "<stdin>:2:13" "stdin name"
# Colour is for terminals only: redirected output carries no escape codes.
expect_exit 1 "no colour when redirected" -- "$faultc" check "$work/bad.fault"
if grep -q "$(printf '\033')" "$work/err"; then fail "escape codes in redirected output"; fi
# A compile big enough to free its ruleset on the other core while the
# artifact is written (from 8,192 jumps and chains): the same text to
# standard output and to a file, every rule in it.
"$python" -c "
print('scenario \"big\"')
print('for 1h')
for i in range(10000): print('tcp from 10.%d.%d.%d to port 1234 drop' % (i >> 16, (i >> 8) & 255, i & 255))
" >"$work/big.fault"
for target in nft iptables-restore iptables; do
  expect_exit 0 "compile 10,000 rules to $target, to stdout" -- "$faultc" compile -t "$target" "$work/big.fault"
  cp "$work/out" "$work/big.stdout"
  expect_exit 0 "compile 10,000 rules to $target, to a file" -- "$faultc" compile -t "$target" -o "$work/big.out" "$work/big.fault"
  if ! cmp -s "$work/big.stdout" "$work/big.out"; then fail "$target: stdout and -o differ"; else pass; fi
  rules=$(grep -c "big.fault:[0-9]* rule" "$work/big.out")
  if [ "$rules" -eq 10000 ]; then pass; else fail "$target: $rules rules in the artifact, want 10000"; fi
done

# Every shipped example is accepted without a word.
for example in "$source_dir"/examples/*.fault; do
  expect_exit 0 "example $(basename "$example")" -- "$faultc" check "$example"
done

finish
