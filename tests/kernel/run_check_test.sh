#!/bin/sh
# faultc run's exact-revert check on a host that is not empty (issue 20 f,
# l; issue 21 items 4 and 8), in one namespace:
#  1. the host carries a fail2ban-like nft table whose timeout set's
#     elements tick, the operator's nft and iptables rules on both backends,
#     and another faultc scenario (beta) running the whole time; a third
#     (gamma, on another backend) starts during each run and outlives it.
#     For every target the run ends with exit 0, "verified" and no
#     difference; so do beta's and every gamma's own runs;
#  2. Ctrl-C (SIGINT) ends a run with 130 after a clean revert;
#  3. a real foreign change during a run (an element added to the operator's
#     set, an iptables-legacy rule added, an nft rule deleted) is reported,
#     each line naming its table, chain or set, with exit 1;
#  4. `revert NAME` of a name that is not active fails and suggests the
#     active one; `revert --all` with nothing active exits 0; `revert --all`
#     leaves the operator's own FAULTC-delta-mine chain (same prefix as the
#     scenario delta's) and its jump intact;
#  5. hostile state files: an id that would inject an nft command, an id
#     that is not a valid regex, a watchdog pid that is not ours, `revert
#     ../outside/x`, a state directory others can write or do not own:
#     nothing of the operator's is touched, no process signalled, no crash;
#     A state directory under a parent others can write is refused too;
#  6. a scenario name with ESC and OSC-8 sequences is printed escaped by
#     `run` (plan and live output);
#  7. as root, a fake nft or iptables first in PATH never runs (tools come
#     from /usr/sbin, /usr/bin, /sbin, /bin), XTABLES_LIBDIR does not reach
#     iptables, and the watchdog's environment is PATH, LC_ALL and
#     FAULTC_STATE_DIR only;
#  8. two names with one kernel id (a found 32-bit hash collision): the
#     second `run`, even with --replace, is refused while the first is active.
# About 1 minute.
# Usage: run_check_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
root=$2
. "$root/tests/kernel/lib.sh"
kernel_test_init run_check "$root"

kt_netns
NS=$KT_NS
state="$KT_WORK/state"
fc() { env FAULTC_STATE_DIR="$state" timeout 90 ip netns exec "$NS" "$faultc" "$@"; }

cat >"$KT_WORK/alpha.fault" <<'FAULT'
scenario "alpha"
from 10.9.0.1 to port 7001 drop for 4s
FAULT
cat >"$KT_WORK/beta.fault" <<'FAULT'
scenario "beta"
udp to port 7002 drop for 1s every 2s
for 45s
FAULT
cat >"$KT_WORK/gamma.fault" <<'FAULT'
scenario "gamma"
tcp to port 7003 reject for 6s
FAULT
cat >"$KT_WORK/long.fault" <<'FAULT'
scenario "long"
to port 7004 drop for 1m
FAULT
cat >"$KT_WORK/delta.fault" <<'FAULT'
scenario "delta"
to port 7005 drop for 1m
FAULT

# ---- the host's own ruleset ----
kt_operator_ruleset "$NS"
kt_in "$NS" nft -f - <<'NFT'
table inet f2b {
	set banned {
		type ipv4_addr
		flags timeout
		elements = { 192.0.2.1 timeout 1h, 192.0.2.2 timeout 2h comment "ssh, 5 tries" }
	}
	chain input {
		type filter hook input priority -5; policy accept;
		ip saddr @banned counter drop
	}
}
NFT
kt_ruleset "$NS" >"$KT_WORK/host"
expires_now() { kt_in "$NS" nft list set inet f2b banned | grep -o 'expires [0-9hms]*' | head -1; }
first=$(expires_now)
sleep 1.1
# shellcheck disable=SC2016 # $1 and $2 belong to the inner shell
kt_check "the host's set timers tick (the test's premise)" sh -c '[ -n "$1" ] && [ "$1" != "$2" ]' _ "$first" "$(expires_now)"

run_bg() {  # run_bg OUT TARGET FILE: a run in the background, KT_BG its timeout wrapper
  kt_background "$1" env FAULTC_STATE_DIR="$state" timeout 90 ip netns exec "$NS" "$faultc" run -t "$2" "$3"
}
state_pid() { sed -n 's/^runner_pid=//p' "$state/$1.state" 2>/dev/null; }

# ---- 1. other scenarios and a ticking host: no false difference ----
run_bg "$KT_WORK/beta.out" nft "$KT_WORK/beta.fault"
beta=$KT_BG
kt_check "beta applied" kt_wait_for 10 grep -q applied "$KT_WORK/beta.out"
for target in nft iptables iptables-legacy; do
  case $target in nft) other=iptables ;; iptables) other=iptables-legacy ;; *) other=nft ;; esac
  run_bg "$KT_WORK/alpha-$target.out" "$target" "$KT_WORK/alpha.fault"
  alpha=$KT_BG
  kt_check "$target: alpha applied" kt_wait_for 10 grep -q applied "$KT_WORK/alpha-$target.out"
  sleep 1
  run_bg "$KT_WORK/gamma-$target.out" "$other" "$KT_WORK/gamma.fault"
  gamma=$KT_BG
  kt_check "$target: gamma ($other) applied during alpha's run" kt_wait_for 10 grep -q applied "$KT_WORK/gamma-$target.out"
  wait "$alpha"
  rc=$?
  kt_check "$target: alpha exits 0 with beta and gamma active (got $rc)" [ "$rc" -eq 0 ]
  kt_check "$target: alpha verified" grep -q "verified: the faultc objects are gone" "$KT_WORK/alpha-$target.out"
  kt_check "$target: alpha reports no difference" sh -c "! grep -q differs '$KT_WORK/alpha-$target.out'"
  wait "$gamma"
  rc=$?
  kt_check "$target: gamma ($other), which saw alpha come and go, exits 0 (got $rc)" [ "$rc" -eq 0 ]
  [ "$rc" -eq 0 ] || sed 's/^/  | /' "$KT_WORK/gamma-$target.out" | tail -20
done
[ -s "$KT_WORK/alpha-nft.out" ] && sed 's/^/  | /' "$KT_WORK/alpha-nft.out" | grep -A30 differs | head -30
wait "$beta"
rc=$?
kt_check "beta, which saw three alphas and three gammas, exits 0 (got $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || sed 's/^/  | /' "$KT_WORK/beta.out" | tail -20
kt_ruleset "$NS" >"$KT_WORK/now"
kt_check "the host's ruleset is as before" diff -u "$KT_WORK/host" "$KT_WORK/now"

# ---- 2. Ctrl-C: 130 after a clean revert ----
for target in nft iptables-legacy; do
  run_bg "$KT_WORK/long.out" "$target" "$KT_WORK/long.fault"
  long=$KT_BG
  kt_check "$target: long applied" kt_wait_for 10 grep -q applied "$KT_WORK/long.out"
  kill -INT "$(state_pid long)"
  wait "$long"
  rc=$?
  kt_check "$target: SIGINT ends the run with 130 (got $rc)" [ "$rc" -eq 130 ]
  kt_check "$target: ... after a verified revert" grep -q "verified: the faultc objects are gone" "$KT_WORK/long.out"
done

# ---- 3. a real foreign change is reported, with its place ----
run_bg "$KT_WORK/foreign.out" nft "$KT_WORK/alpha.fault"
foreign=$KT_BG
kt_check "foreign: alpha applied" kt_wait_for 10 grep -q applied "$KT_WORK/foreign.out"
kt_in "$NS" nft add element inet f2b banned '{ 198.51.100.7 timeout 1h }'
kt_in "$NS" iptables-legacy -A INPUT -p tcp --dport 6666 -j DROP
kt_in "$NS" nft flush chain inet operator input
wait "$foreign"
rc=$?
kt_check "foreign: the run exits 1 (got $rc)" [ "$rc" -eq 1 ]
kt_check "foreign: the added element is reported in its set" \
  grep -qF "  + nft table inet f2b, set banned: element 198.51.100.7 timeout 1h" "$KT_WORK/foreign.out"
kt_check "foreign: the added rule is reported in its chain" \
  grep -qF "  + iptables-legacy table filter, chain INPUT: -A INPUT -p tcp -m tcp --dport 6666 -j DROP" "$KT_WORK/foreign.out"
kt_check "foreign: the deleted rule is reported in its chain" \
  grep -qF "  - nft table inet operator, chain input: tcp dport 9999 counter drop" "$KT_WORK/foreign.out"
kt_check "foreign: nothing else is reported" sh -c "[ \$(grep -c '^  [-+~] ' '$KT_WORK/foreign.out') -eq 3 ]"
[ "$rc" -eq 1 ] || sed 's/^/  | /' "$KT_WORK/foreign.out" | tail -20
kt_in "$NS" iptables-legacy -D INPUT -p tcp --dport 6666 -j DROP
kt_in "$NS" nft add rule inet operator input tcp dport 9999 counter drop
kt_in "$NS" nft delete element inet f2b banned '{ 198.51.100.7 }'

# ---- 4. revert: a typo fails, --all is idempotent and exact ----
kt_check "revert --all with nothing active exits 0" fc revert --all
fc revert alpha >"$KT_WORK/typo.out" 2>&1
rc=$?
kt_check "revert of a name not active exits non-zero (got $rc)" [ "$rc" -ne 0 ]
kt_check "... and says so" grep -q 'no active scenario is named "alpha"' "$KT_WORK/typo.out"
for variant in legacy nft; do
  kt_in "$NS" "iptables-$variant" -N FAULTC-delta-mine
  kt_in "$NS" "iptables-$variant" -A FAULTC-delta-mine -p tcp --dport 8888 -j DROP
  kt_in "$NS" "iptables-$variant" -A INPUT -j FAULTC-delta-mine
done
kt_ruleset "$NS" >"$KT_WORK/with-mine"
for target in iptables-legacy iptables; do
  run_bg "$KT_WORK/delta.out" "$target" "$KT_WORK/delta.fault"
  delta=$KT_BG
  kt_check "$target: delta applied" kt_wait_for 10 grep -q applied "$KT_WORK/delta.out"
  fc revert detla >"$KT_WORK/typo.out" 2>&1
  rc=$?
  kt_check "$target: revert detla (a typo) exits non-zero (got $rc)" [ "$rc" -ne 0 ]
  # shellcheck disable=SC2016 # the backquotes are faultc's text
  kt_check "$target: ... and suggests delta" grep -q 'did you mean `faultc revert delta`' "$KT_WORK/typo.out"
  fc revert --all >"$KT_WORK/revert.out" 2>&1
  kt_check "$target: revert --all removes delta's objects itself" grep -q "objects removed" "$KT_WORK/revert.out"
  wait "$delta"
  rc=$?
  kt_check "$target: delta's run ends with 143 (SIGTERM from revert) (got $rc)" [ "$rc" -eq 143 ]
  kt_check "$target: ... after verifying the rest of the ruleset" \
    grep -q "verified: the faultc objects are gone" "$KT_WORK/delta.out"
  kt_ruleset "$NS" >"$KT_WORK/now"
  kt_check "$target: the operator's FAULTC-delta-mine chain and its jump survive revert --all" \
    diff -u "$KT_WORK/with-mine" "$KT_WORK/now"
done
for variant in legacy nft; do
  kt_in "$NS" "iptables-$variant" -D INPUT -j FAULTC-delta-mine
  kt_in "$NS" "iptables-$variant" -F FAULTC-delta-mine
  kt_in "$NS" "iptables-$variant" -X FAULTC-delta-mine
done

# ---- 5. hostile state files, one attack each ----
forge() {  # forge FILE ID BACKEND PID: a state file as an attacker writes it
  printf 'name=x\nid=%s\nbackend=%s\nfile=/x\nrunner_pid=%s\nwatchdog_pid=%s\nstarted_ms=0\ndeadline_ms=1\n' \
    "$2" "$3" "$4" "$4" >"$1"
}
operator_table() { kt_in "$NS" nft list table inet operator; }
sleep 300 &
bystander=$!
# 5a. An id that adds an nft command (nft joins its arguments into one
# command line; the injected command runs when the first one succeeds, so
# the attacker leaves a faultc_zeta table first).
kt_in "$NS" nft add table inet faultc_zeta
forge "$state/zeta.state" 'zeta; delete table inet operator' nft "$bystander"
fc status >"$KT_WORK/status.out" 2>&1
kt_check "5a: status with an injecting id exits 0" [ $? -eq 0 ]
kt_check "5a: ... says it ignored the file" grep -q "ignoring .*zeta.state.*not a kernel id" "$KT_WORK/status.out"
kt_check "5a: ... and the operator's table is still there" operator_table
fc revert --all >/dev/null 2>&1
kt_check "5a: revert --all leaves it too" operator_table
kt_in "$NS" nft delete table inet faultc_zeta 2>/dev/null
rm -f "$state"/*.state
# 5b. An id that is not a valid regular expression (iptables backend).
forge "$state/a(.state" 'a(' iptables "$bystander"
fc status >"$KT_WORK/status.out" 2>&1
kt_check "5b: status with id=a( does not crash (got $?)" [ $? -eq 0 ]
fc status --json >/dev/null 2>&1
kt_check "5b: status --json neither" [ $? -eq 0 ]
fc revert --all >/dev/null 2>&1
kt_check "5b: revert --all neither" [ $? -eq 0 ]
rm -f "$state"/*.state
# 5c. A valid file whose pids are not faultc's (a reused or forged pid).
forge "$state/omega.state" omega nft "$bystander"
fc revert omega >/dev/null 2>&1
fc revert --all >/dev/null 2>&1
kt_check "5c: revert never signals a pid that is not its runner or watchdog" kill -0 "$bystander"
rm -f "$state"/*.state
# 5d. A name that leaves the state directory.
mkdir -p "$KT_WORK/outside"
forge "$KT_WORK/outside/x.state" x nft "$bystander"
fc revert ../outside/x >"$KT_WORK/outside.out" 2>&1
rc=$?
kt_check "5d: revert ../outside/x is refused (got $rc)" [ "$rc" -ne 0 ]
kt_check "5d: ... the outside file is still there" test -f "$KT_WORK/outside/x.state"
kt_check "5d: ... and its pid was not signalled" kill -0 "$bystander"
kill "$bystander" 2>/dev/null
rm -f "$state"/*.state
chmod 0777 "$state"
fc run -t nft "$KT_WORK/alpha.fault" >"$KT_WORK/mode.out" 2>&1
rc=$?
kt_check "a state directory others can write is refused: nothing applied (got $rc)" [ "$rc" -eq 2 ]
kt_check "... with the reason" grep -q "writable by others" "$KT_WORK/mode.out"
chmod 0700 "$state"
chown nobody "$state"
fc run -t nft "$KT_WORK/alpha.fault" >"$KT_WORK/owner.out" 2>&1
rc=$?
kt_check "a state directory owned by another user is refused (got $rc)" [ "$rc" -eq 2 ]
chown root "$state"
rmdir "$state"
# shellcheck disable=SC2016 # $0, $1 and $2 belong to the inner shell
env FAULTC_STATE_DIR="$state" sh -c 'umask 000; exec timeout 30 ip netns exec "$0" "$1" run -t nft "$2"' \
  "$NS" "$faultc" "$KT_WORK/alpha.fault" >/dev/null 2>&1
kt_check "the state directory is created 0700 even under umask 000" sh -c "[ \"\$(stat -c %a '$state')\" = 700 ]"
# A parent directory others can write (not sticky, unlike /tmp): they could
# swap the state directory for their own.
mkdir -m 0777 "$KT_WORK/open"
env FAULTC_STATE_DIR="$KT_WORK/open/state" timeout 30 ip netns exec "$NS" "$faultc" run -t nft "$KT_WORK/alpha.fault" \
  >"$KT_WORK/parent.out" 2>&1
rc=$?
kt_check "a state directory under a parent others can write is refused (got $rc)" [ "$rc" -eq 2 ]
kt_check "... naming the parent" grep -q "parent $KT_WORK/open is writable by others" "$KT_WORK/parent.out"
kt_check "... and nothing is created in it" test ! -e "$KT_WORK/open/state"

# ---- 6. a scenario name with an escape sequence is printed escaped ----
printf 'scenario "e\033[31mvil\033]8;;x\007"\nto port 7009 drop for 2s\n' >"$KT_WORK/evil.fault"
no_escape() { ! grep -q "$(printf '\033')" "$1"; }
fc run --dry-run -t nft "$KT_WORK/evil.fault" >"$KT_WORK/evil.out" 2>&1
kt_check "6: run --dry-run prints the name escaped" no_escape "$KT_WORK/evil.out"
fc run -t nft "$KT_WORK/evil.fault" >"$KT_WORK/evil.out" 2>&1
kt_check "6: run prints the name escaped" no_escape "$KT_WORK/evil.out"
# (or refused by the compiler, should it come to reject control characters)
kt_check "6: ... as \\x1b" grep -qE 'e\\x1b\[31mvil|error' "$KT_WORK/evil.out"

# ---- 7. root runs no tool from PATH, and the watchdog's environment is clean ----
mkdir "$KT_WORK/fakebin"
for tool in nft iptables iptables-save iptables-restore ip6tables-save ip6tables-restore iptables-legacy-save \
  iptables-legacy-restore ip6tables-legacy-save ip6tables-legacy-restore; do
  printf '#!/bin/sh\ntouch "%s/fake-ran"\nexit 0\n' "$KT_WORK" >"$KT_WORK/fakebin/$tool"
  chmod 0755 "$KT_WORK/fakebin/$tool"
done
for target in nft iptables; do
  # XTABLES_LIBDIR would make iptables load its extensions from elsewhere:
  # with the environment passed on, the iptables target could not load.
  env PATH="$KT_WORK/fakebin:$PATH" XTABLES_LIBDIR=/nonexistent FAULTC_STATE_DIR="$state" \
    FAULTC_SECRET=hunter2 timeout 90 ip netns exec "$NS" "$faultc" run -t "$target" "$KT_WORK/alpha.fault" \
    >"$KT_WORK/path-$target.out" 2>&1 &
  run=$!
  kt_check "7 $target: alpha applied with a fake $target first in PATH" kt_wait_for 10 grep -q applied "$KT_WORK/path-$target.out"
  watchdog=$(sed -n 's/.*(watchdog pid \([0-9]*\)).*/\1/p' "$KT_WORK/path-$target.out")
  tr '\0' '\n' <"/proc/$watchdog/environ" | sort >"$KT_WORK/watchdog.env" 2>/dev/null
  printf 'FAULTC_STATE_DIR=%s\nLC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin\n' "$state" >"$KT_WORK/want.env"
  kt_check "7 $target: the watchdog's environment is PATH, LC_ALL and the state directory only" \
    diff -u "$KT_WORK/want.env" "$KT_WORK/watchdog.env"
  wait "$run"
  rc=$?
  kt_check "7 $target: the run exits 0 and verified (got $rc)" grep -q "verified: the faultc objects are gone" "$KT_WORK/path-$target.out"
  kt_check "7 $target: no fake tool ran" test ! -e "$KT_WORK/fake-ran"
done

# ---- 8. two names with one kernel id: the second never replaces the first ----
# "outage 1062789" and "outage 1279192" have the same 32-bit FNV-1a hash
# (found by a birthday search), so the same id.
printf 'scenario "outage 1062789"\nto port 7010 drop for 20s\n' >"$KT_WORK/one.fault"
printf 'scenario "outage 1279192"\nto port 7011 drop for 20s\n' >"$KT_WORK/two.fault"
one_id=$("$faultc" compile -t nft "$KT_WORK/one.fault" | sed -n 's/^table inet faultc_\([a-z0-9_]*\) {}$/\1/p' | head -n 1)
two_id=$("$faultc" compile -t nft "$KT_WORK/two.fault" | sed -n 's/^table inet faultc_\([a-z0-9_]*\) {}$/\1/p' | head -n 1)
kt_check "8: the two names share the kernel id $one_id (the test's premise)" sh -c "[ -n '$one_id' ] && [ '$one_id' = '$two_id' ]"
fc run -t nft "$KT_WORK/one.fault" >"$KT_WORK/one.out" 2>&1 &
run=$!
kt_check "8: the first applied" kt_wait_for 10 grep -q applied "$KT_WORK/one.out"
fc run --replace -t nft "$KT_WORK/two.fault" >"$KT_WORK/two.out" 2>&1
rc=$?
kt_check "8: the second, even with --replace, is refused (got $rc)" [ "$rc" -eq 2 ]
kt_check "8: ... naming the scenario that holds the id" grep -q 'held by the active scenario "outage 1062789"' "$KT_WORK/two.out"
kt_check "8: ... and the first's rule is still in place" sh -c "ip netns exec '$NS' nft list table inet faultc_$one_id | grep -q 'dport 7010'"
fc revert "outage 1062789" >/dev/null 2>&1
wait "$run"

kt_ruleset "$NS" >"$KT_WORK/now"
kt_check "the host's ruleset is as before at the end" diff -u "$KT_WORK/host" "$KT_WORK/now"
kt_finish
