#!/bin/sh
# Hostile input: each item of the list gets a diagnostic and exit 1 (or
# succeeds, where it is legal), fast and within bounded memory; output files
# are all or nothing when the disk is full, read-only or a directory is in
# the way. Usage: hostile_inputs_test.sh FAULTC [BUILD_TYPE]
# The one-second bound is for optimized builds; a Debug build (the
# sanitizer build is one, run beside other tests) only has to finish within a minute.
set -u
faultc=$1
build_type=${2:-Release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passes=0
failures=0
limit_ms=1000
[ "$build_type" = Debug ] && limit_ms=60000
pass() { passes=$((passes + 1)); }
fail() { failures=$((failures + 1)); echo "FAIL: $*"; }

# expect NAME WANT_EXIT CODE_OR_EMPTY: runs `faultc check` on $work/NAME
expect() {
  name=$1 want=$2 code=$3
  begin=$(date +%s%3N)
  "$faultc" check "$work/$name" >"$work/out" 2>"$work/err"
  got=$?
  took=$(( $(date +%s%3N) - begin ))
  if [ "$got" -ne "$want" ]; then fail "$name: exit $got, want $want"; sed 's/^/  | /' "$work/err" | head -5 | cut -c1-200; return; fi
  if [ -n "$code" ] && ! grep -q "\[$code\]" "$work/err"; then fail "$name: no $code diagnostic"; head -3 "$work/err" | cut -c1-200; return; fi
  if [ "$took" -gt "$limit_ms" ]; then fail "$name: took $took ms (limit $limit_ms)"; return; fi
  if [ "$(wc -c <"$work/err")" -gt 100000 ]; then fail "$name: $(wc -c <"$work/err") bytes of diagnostics"; return; fi
  echo "  $name: exit $got in $took ms"
  pass
}

python=/usr/bin/python3
$python -c "print('host ' + 'a' * 1000000 + ' = 10.0.0.1')" >"$work/identifier-1mb.fault"
expect identifier-1mb.fault 1 F006
$python -c "
print('host many = {' + ', '.join('10.%d.%d.%d' % (i >> 16, (i >> 8) & 255, i & 255) for i in range(100000)) + '}')
print('from many to port 80 drop for 1m')" >"$work/set-100k.fault"
expect set-100k.fault 0 ""
$python -c "print('host deep = ' + '{' * 10000 + '10.0.0.1' + '}' * 10000)" >"$work/nested-10k.fault"
expect nested-10k.fault 1 F006
printf 'from 10.0.0.1 drop for 99999999999999999999d\n' >"$work/huge-duration.fault"
expect huge-duration.fault 1 F003
printf 'from 10.0.0.1 drop 1e400%% for 1m\n' >"$work/exponent-percent.fault"
expect exponent-percent.fault 1 F001
$python -c "import sys; sys.stdout.write('{' * 10000000)" >"$work/braces-10mb.fault"
expect braces-10mb.fault 1 F001
printf 'host a = 10.0.0.1\nfrom a drop\0 for 1m\n' >"$work/nul.fault"
expect nul.fault 1 F007
printf 'host a = 10.0.0.1\n# caf\351\nfrom a drop for 1m\n' >"$work/utf8-comment.fault"
expect utf8-comment.fault 1 F007
printf 'host a = 10.0.0.1\nfrom a log "caf\351" for 1m\n' >"$work/utf8-string.fault"
expect utf8-string.fault 1 F007
printf 'host a = 10.0.0.1\r\nfrom a to port 1234 allow SYN, ACK; drop rest for 4m\r\n' >"$work/crlf.fault"
expect crlf.fault 0 ""
$python -c "print('scenario \"' + ('x\\\\\"\$(reboot)\`id\`' * 400)[:5000] + '\"'); print('from 10.0.0.1 drop for 1m')" \
  >"$work/name-5000.fault"
expect name-5000.fault 1 F006
head -c 1000000 /dev/urandom >"$work/binary.fault"
expect binary.fault 1 F007

# Output files: all or nothing.
printf 'from 10.0.0.1 drop for 1m\n' >"$work/ok.fault"
mkdir "$work/dir-in-the-way"
"$faultc" compile -o "$work/dir-in-the-way" "$work/ok.fault" 2>"$work/err"
if [ $? -eq 2 ] && [ -d "$work/dir-in-the-way" ] && [ -z "$(ls -A "$work/dir-in-the-way")" ]; then pass; else fail "directory in the way"; fi
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
  $python -c "
print('host many = {' + ', '.join('10.%d.%d.%d' % (2 * i >> 16, (2 * i >> 8) & 255, 2 * i & 255) for i in range(20000)) + '}')
print('from many drop for 1m')" >"$work/big.fault"
  for case in full readonly; do
    mkdir -p "$work/mnt-$case"
    options=size=16k
    [ "$case" = readonly ] && options=ro
    # A private mount namespace: the tmpfs exists only for this command.
    unshare -m sh -c "mount -t tmpfs -o $options tmpfs '$work/mnt-$case' &&
      '$faultc' compile -o '$work/mnt-$case/out.nft' '$work/big.fault'; echo \$? >'$work/rc';
      ls -A '$work/mnt-$case' >'$work/left'" 2>"$work/err"
    if [ "$(cat "$work/rc")" = 2 ] && [ ! -s "$work/left" ]; then pass; else
      fail "$case disk: exit $(cat "$work/rc"), left: $(cat "$work/left")"; sed 's/^/  | /' "$work/err"; fi
  done
else
  echo "  (full and read-only disks are tested as root only)"
fi

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
