#!/bin/sh
# shellcheck disable=SC2016 # backquotes in expected messages are literal text
# An untrusted scenario in CI (docs/security.md), attacked from the outside:
# bounded reads (F006 fast and in small memory for /dev/zero, a sparse
# 1 TiB file, 100 MB on standard input), the include file policy (nothing
# outside the tree read or printed; `-`, /dev/stdin, a FIFO, a link out of
# the tree refused, none hanging), every echoed byte neutralised (no forged
# workflow command at the start of a line, no ESC or BEL raw, in any
# format), hidden text refused (F008), and directory walks that never follow
# a link. Usage: untrusted_input_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
. "$source_dir/tests/cli/lib.sh"
secret=SECRET-MARKER-7f3a
# Peak memory of one bounded read, in KiB. faultc itself takes about 10 MiB;
# a scenario is at most 64 MiB, so a read held to the limit stays under
# 150 MiB, and reading on past it (the old behaviour: 4.5 GB and bad_alloc
# for /dev/zero) fails the bound at once. AddressSanitizer's shadow memory
# and quarantine roughly double a peak, so the sanitizer build gets 400 MiB
# and 15 s: still a tenth of the old 4.5 GB. Time is CPU time (user + system),
# which a busy machine does not stretch (CI runs the sanitizer build's tests
# beside the kernel tests at the lowest priority); a wall-clock guard only
# catches a hang.
limit_kib=153600
limit_ms=5000
guard_s=20
if grep -q __asan_init "$faultc"; then
  limit_kib=409600
  limit_ms=15000
  guard_s=300
fi

expect_no_secret() {  # expect_no_secret DESCRIPTION: neither stream shows the outside content
  if grep -q "$secret" "$work/out" "$work/err"; then fail "$1: the outside content was printed"; else pass; fi
}

# expect_bounded DESCRIPTION CODE COMMAND...: exit 1 with CODE, within limit_ms
# of CPU time and limit_kib
expect_bounded() {
  what=$1 code=$2
  shift 2
  timeout "$guard_s" /usr/bin/time -f '%U %S %M' -o "$work/rss" "$@" >"$work/out" 2>"$work/err"
  got=$?
  # shellcheck disable=SC2046 # three numbers
  set -- $(tail -1 "$work/rss")
  took=$(awk -v u="$1" -v s="$2" 'BEGIN { printf "%d", (u + s) * 1000 }')
  rss=$3
  if [ "$got" -ne 1 ]; then fail "$what: exit $got, want 1"; return; fi
  if ! grep -q "\[$code\]" "$work/err"; then fail "$what: no $code"; return; fi
  if [ "$took" -gt "$limit_ms" ]; then fail "$what: took $took ms (bound $limit_ms)"; return; fi
  if [ "$rss" -gt "$limit_kib" ]; then fail "$what: peak RSS $rss KiB (bound $limit_kib)"; return; fi
  echo "  $what: $code in $took ms of CPU, peak RSS $rss KiB"
  pass
}

# expect_no_forged_lines DESCRIPTION: no line of either stream starts a
# workflow command other than faultc's own `::error file=`/`::warning file=`
# lines (the github format), and no ESC or BEL byte is there raw.
expect_no_forged_lines() {
  if grep -h '^::' "$work/out" "$work/err" | grep -vq '^::\(error\|warning\|notice\) file='; then
    fail "$1: a line starts a workflow command"
  elif grep -q '^::error file=x::' "$work/out" "$work/err"; then
    fail "$1: a forged ::error line"
  elif grep -q "$(printf '[\033\007]')" "$work/out" "$work/err"; then
    fail "$1: a raw ESC or BEL"
  else
    pass
  fi
}

# ---------------------------------------------------------------- bounded reads
printf 'from 10.0.0.1 drop for 1m\n' >ok.fault
expect_bounded "check /dev/zero" F006 "$faultc" check /dev/zero
expect_stderr "/dev/zero:1:1: error[F006]: the file has more than 67108864 bytes" "/dev/zero message"
truncate -s 1T sparse.fault
expect_bounded "a sparse 1 TiB file" F006 "$faultc" check sparse.fault
expect_stderr "the file has 1099511627776 bytes" "sparse file size"
yes 'from 10.0.0.1 drop for 1m' | head -c 100000000 >big-stdin.txt
expect_bounded "100 MB on standard input" F006 sh -c "\"$faultc\" check - <big-stdin.txt"
expect_stderr "<stdin>:1:1: error[F006]" "stdin position"
expect_bounded "100 MB through a pipe" F006 sh -c "cat big-stdin.txt | \"$faultc\" check -"
expect_stderr "<stdin>:1:1: error[F006]: the file has more than 67108864 bytes" "pipe message"
printf 'include "sparse.fault"\nfrom 10.0.0.1 drop for 1m\n' >include-sparse.fault
expect_bounded "include of a sparse 1 TiB file" F006 "$faultc" check include-sparse.fault
expect_stderr "include-sparse.fault:1:9: error[F006]: cannot include \`sparse.fault\`: it has 1099511627776 bytes" \
  "include too large"
printf 'include "/dev/zero"\nfrom 10.0.0.1 drop for 1m\n' >include-zero.fault
expect_bounded "include of /dev/zero" F017 "$faultc" check include-zero.fault
ln -s /dev/zero zero.fault
printf 'include "zero.fault"\nfrom 10.0.0.1 drop for 1m\n' >include-zero-link.fault
expect_bounded "include of a link to /dev/zero" F017 "$faultc" check --include-path /dev include-zero-link.fault
# A 64 MiB file is still read (the limit is inclusive). One rule and the
# rest comment lines, so that the sanitizer build checks it in seconds too
# (2.5 million rules took it minutes).
"$python" -c "
import sys
rule = b'from 10.0.0.1 drop for 1m\n'
comment = b'#' * 1023 + b'\n'
rest = 64 * 1024 * 1024 - len(rule)
sys.stdout.buffer.write(rule + comment * (rest // len(comment)) + b'#' * (rest % len(comment) - 1) + b'\n')" >limit.fault
[ "$(wc -c <limit.fault)" -eq 67108864 ] || fail "limit.fault is not 64 MiB"
expect_exit 0 "a file of exactly 64 MiB" -- timeout $((guard_s * 6)) "$faultc" check limit.fault

# ---------------------------------------------------------------- the include file policy
mkdir -p tree/sub outside
printf 'host db = 10.0.3.10\nthis line is the %s\n' "$secret" >outside/secret.fault
printf '%s=hunter2\n' "$secret" >outside/secret.env
printf 'host db = 10.0.3.10\n' >outside/hosts.fault
printf 'host web = 10.0.0.80\n' >tree/sub/web.fault
include_case() {  # include_case NAME PATH: tree/NAME.fault includes PATH
  printf 'include "%s"\nfrom 10.0.0.1 drop for 1m\n' "$2" >"tree/$1.fault"
}
include_case up ../outside/secret.fault
expect_exit 1 "include ../ out of the tree" -- "$faultc" check tree/up.fault
expect_stderr "tree/up.fault:1:9: error[F017]: cannot include \`../outside/secret.fault\`: the file is outside" "outside message"
expect_stderr "help: include .fault files from the scenario's own directory tree, or allow a directory with --include-path DIR" "outside help"
expect_no_secret "include ../ out of the tree"
include_case absolute "$work/outside/secret.fault"
expect_exit 1 "include by an absolute path" -- "$faultc" check tree/absolute.fault
expect_stderr "error[F017]" "absolute path code"
expect_no_secret "include by an absolute path"
include_case env ../outside/secret.env
expect_exit 1 "include of a non-.fault file" -- "$faultc" lint tree/env.fault
expect_stderr "error[F017]: cannot include \`../outside/secret.env\`: an included file must be a .fault file" "extension"
expect_no_secret "include of a non-.fault file"
include_case environ /proc/self/environ
expect_exit 1 "include of /proc/self/environ" -- env "$secret=1" "$faultc" check tree/environ.fault
expect_no_secret "include of /proc/self/environ"
ln -s ../outside/secret.fault tree/link.fault
include_case via-link link.fault
expect_exit 1 "a link out of the tree" -- "$faultc" check tree/via-link.fault
expect_stderr "error[F017]: cannot include \`link.fault\`: the file is outside" "link message"
expect_no_secret "a link out of the tree"
ln -s ../outside tree/outdir
include_case via-dir-link outdir/secret.fault
expect_exit 1 "a directory link out of the tree" -- "$faultc" check tree/via-dir-link.fault
expect_no_secret "a directory link out of the tree"
include_case stdin -
expect_exit 1 "include \"-\"" -- sh -c "echo '$secret' | \"$faultc\" check tree/stdin.fault"
expect_stderr "error[F017]: cannot include \`-\`: \`-\` means standard input only on the command line" "dash message"
expect_no_secret "include \"-\""
include_case dev-stdin /dev/stdin
expect_exit 1 "include /dev/stdin" -- sh -c "echo '$secret' | timeout $guard_s \"$faultc\" check tree/dev-stdin.fault"
expect_stderr "error[F017]" "/dev/stdin code"
expect_no_secret "include /dev/stdin"
ln -s /dev/stdin tree/stdin-link.fault
include_case via-stdin-link stdin-link.fault
expect_exit 1 "include a link to /dev/stdin" -- sh -c "echo '$secret' | timeout $guard_s \"$faultc\" check tree/via-stdin-link.fault"
expect_no_secret "include a link to /dev/stdin"
mkfifo tree/fifo.fault
include_case via-fifo fifo.fault
expect_exit 1 "include a FIFO (no hang)" -- timeout "$guard_s" "$faultc" check tree/via-fifo.fault
expect_stderr "error[F017]: cannot include \`fifo.fault\`: not a regular file; only regular files are included" "FIFO message"
mkdir tree/dir.fault
include_case via-dir dir.fault
expect_exit 1 "include a directory" -- "$faultc" check tree/via-dir.fault
expect_stderr "is a directory" "directory include"
# What is allowed: the tree below the root file's directory, and --include-path.
printf 'include "sub/web.fault"\ninclude "../outside/hosts.fault"\nfrom db to web drop for 1m\n' >tree/both.fault
expect_exit 1 "outside without --include-path" -- "$faultc" check tree/both.fault
expect_exit 0 "outside with --include-path" -- "$faultc" check --include-path outside tree/both.fault
expect_silence "outside with --include-path"
expect_exit 2 "--include-path to nothing" -- "$faultc" check --include-path nothere tree/both.fault
# A chain of includes: each note says where the file was included from.
printf 'include "sub/mid.fault"\nfrom 10.0.0.1 drop for 1m\n' >tree/top.fault
printf '# middle\ninclude "leaf.fault"\n' >tree/sub/mid.fault
printf 'host h = 10.0.0.300\n' >tree/sub/leaf.fault
expect_exit 1 "an error two includes deep" -- "$faultc" check tree/top.fault
expect_stderr "tree/sub/leaf.fault:1:17: error[F002]" "error in the leaf"
expect_stderr "  note: included from tree/sub/mid.fault:2:9" "first note"
expect_stderr "  note: included from tree/top.fault:1:9" "chained note"

# ---------------------------------------------------------------- every echoed byte neutralised
# A string or an include path with an escaped newline then a workflow command.
printf 'include "x\\n::error file=x::pwned.fault"\nfrom 10.0.0.1 drop for 1m\n' >forged-include.fault
printf 'scenario "a\\n::add-mask::b\\n::error file=x::c"\nfrom 10.0.0.1 drop for 1m\nexpect from 10.0.0.1 is allowed\n' \
  >forged-name.fault
for format in json sarif github text; do
  expect_exit 1 "forged include path, $format" -- "$faultc" lint --format "$format" forged-include.fault
  expect_no_forged_lines "forged include path, $format"
done
expect_stderr 'cannot include `x\n::error file=x::pwned.fault`' "the newline shown escaped"
expect_exit 1 "forged name, test" -- "$faultc" test forged-name.fault
expect_no_forged_lines "forged name, test"
expect_exit 0 "forged name, explain" -- "$faultc" explain forged-name.fault
expect_no_forged_lines "forged name, explain"
expect_stdout 'Scenario "a\n::add-mask::b\n::error file=x::c"' "the name shown escaped"
# An invisible space in a name is shown escaped too.
printf 'scenario "odd\302\240name"\nfrom 10.0.0.1 drop for 1m\n' >odd-name.fault
expect_exit 0 "an odd name, explain" -- "$faultc" explain --no-chart odd-name.fault
expect_stdout 'Scenario "odd<U+00A0>name"' "an invisible space in a name shown escaped"
# ESC, BEL and an OSC-8 link in a comment and in a string: F008, shown escaped.
printf 'from 10.0.0.1 drop for 1m  # \033]8;;http://evil\007click\033]8;;\007 \033[2J\n' >osc8.fault
for format in text json sarif github; do
  expect_exit 1 "OSC-8 in a comment, $format" -- "$faultc" lint --format "$format" osc8.fault
  expect_no_forged_lines "OSC-8 in a comment, $format"
done
expect_exit 1 "OSC-8 in a comment" -- "$faultc" check osc8.fault
expect_stderr 'osc8.fault:1:30: error[F008]: control character \x1b in a comment' "ESC position and text"
expect_stderr ' 1 | from 10.0.0.1 drop for 1m  # \x1b]8;;http://evil\x07click' "excerpt escaped"
expect_stderr '   |                              ^' "caret under the ESC"
printf 'scenario "bell\007"\nfrom 10.0.0.1 drop for 1m\n' >bel.fault
expect_exit 1 "BEL in a string" -- "$faultc" check bel.fault
expect_stderr 'bel.fault:1:15: error[F008]: control character \x07 in a string' "BEL position"
expect_no_forged_lines "BEL in a string"
# Trojan Source: a CR in a comment hiding the real rule; bidi overrides.
printf 'from 10.0.0.1 drop for 1m  # harmless\rfrom 0.0.0.0/0 drop for 1m\n' >cr.fault
expect_exit 1 "a CR inside a comment" -- "$faultc" lint --werror cr.fault
expect_stderr 'cr.fault:1:38: error[F008]: carriage return without a line feed in a comment' "CR position"
printf 'from 10.0.0.1 drop for 1m  # \342\200\256 evil\n' >bidi-comment.fault
expect_exit 1 "U+202E in a comment" -- "$faultc" lint --werror bidi-comment.fault
expect_stderr 'bidi-comment.fault:1:30: error[F008]: bidi control <U+202E>' "bidi position"
printf 'scenario "ab\342\201\246cd"\nfrom 10.0.0.1 drop for 1m\n' >bidi-string.fault
expect_exit 1 "U+2066 in a string" -- "$faultc" check bidi-string.fault
expect_stderr 'bidi-string.fault:1:13: error[F008]: bidi control <U+2066>' "isolate position"
printf 'from\302\24010.0.0.1 drop for 1m\n' >nbsp.fault
expect_exit 1 "a no-break space in the code" -- "$faultc" check nbsp.fault
expect_stderr 'found `<U+00A0>`' "no-break space shown"
printf 'from 10.0.0.1\342\200\213 drop for 1m\n' >zwsp.fault
expect_exit 1 "a zero-width space in the code" -- "$faultc" check zwsp.fault
expect_stderr '<U+200B>' "zero-width space shown"
# Tabs and CRLF stay legal.
printf 'from 10.0.0.1 drop for 1m\t# a\ttab\r\n' >tab-crlf.fault
expect_exit 0 "tabs and CRLF" -- "$faultc" check tab-crlf.fault

# ---------------------------------------------------------------- directory walks never follow links
mkdir -p repo/scen
printf 'from 10.0.0.1   drop for 1m\n' >repo/scen/own.fault
printf 'from   10.0.0.9 drop for 1m # %s\n' "$secret" >outside/parses.fault
cp outside/parses.fault outside/parses.orig
ln -s ../../outside/parses.fault repo/scen/link.fault
ln -s ../../outside repo/scen/dirlink
expect_exit 1 "fmt --check on a tree with links out" -- "$faultc" fmt --check repo/scen
expect_stdout_line "repo/scen/own.fault" "own file listed"
expect_no_secret "fmt --check on a tree with links out"
expect_exit 0 "fmt --diff on a tree with links out" -- "$faultc" fmt --diff repo/scen
expect_no_secret "fmt --diff on a tree with links out"
expect_exit 0 "fmt -w on a tree with links out" -- "$faultc" fmt -w repo/scen
if cmp -s outside/parses.fault outside/parses.orig && [ -L repo/scen/link.fault ]; then pass; else
  fail "fmt -w changed a file outside the tree"; fi
expect_exit 2 "fmt -w on a link named directly" -- "$faultc" fmt -w repo/scen/link.fault
expect_stderr "repo/scen/link.fault: is a symbolic link; --write never writes through one" "link refused"
if cmp -s outside/parses.fault outside/parses.orig; then pass; else fail "fmt -w wrote through a link"; fi
# A file name that is itself a forged command.
forged_name="$(printf 'repo/scen/x\n::error file=x::y.fault')"
printf 'from 10.0.0.1   drop for 1m\n' >"$forged_name"
expect_exit 1 "fmt --check with a forged file name" -- "$faultc" fmt --check repo/scen
expect_no_forged_lines "fmt --check with a forged file name"
expect_exit 0 "fmt --diff with a forged file name" -- "$faultc" fmt --diff repo/scen
expect_no_forged_lines "fmt --diff with a forged file name"
expect_exit 2 "check with a forged, missing file name" -- "$faultc" check "$forged_name.missing"
expect_no_forged_lines "check with a forged, missing file name"

finish
