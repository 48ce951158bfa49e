#!/bin/sh
# shellcheck disable=SC2016 # backquotes in expected messages are literal text
# `faultc lint` from the outside: exit codes, --werror and --quiet, -W
# overrides, suppression comments, every output format (JSON parsed, SARIF
# validated against the 2.1.0 schema, GitHub lines compared exactly), the
# shipped examples, and bad input that must give diagnostics, never a crash.
# Usage: lint_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
. "$source_dir/tests/cli/lib.sh"
schema="$source_dir/tests/data/sarif-schema-2.1.0.json"

# ---------------------------------------------------------------- inputs
# The incident one-liner with its host: clean.
printf 'host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n' >incident.fault
# One warning (W104 at 1:23, covered by the allow at 1:12).
printf 'to port 80 allow SYN; drop SYN for 1m\n' >w104.fault
# Two warnings: W104 on line 1, W105 on line 2.
printf 'to port 80 allow SYN; drop SYN for 1m\ntcp to port 80 drop 0%% for 1m\n' >two.fault
# An error (F010 at 2:6) and a warning (W101 at 1:6).
printf 'host victim = 10.0.0.5\nfrom victm drop for 1m\n' >error.fault
# Suppression comments.
printf 'to port 80 allow SYN; drop SYN for 1m  # faultc: allow W104\n' >same-line.fault
printf '# faultc: allow W104\nto port 80 allow SYN; drop SYN for 1m\n' >line-before.fault
printf 'to port 80 allow SYN; drop SYN for 1m  # faultc: allow W105\n' >other-code.fault
printf 'to port 80 drop for 1m  # faultc: allow W999\n' >unknown-code.fault
# Includes.
printf 'scenario "x"\ninclude "nope.fault"\nfrom 10.0.0.1 drop for 1m\n' >missing-include.fault
mkdir subdir subdir.fault
printf 'include "subdir.fault"\nfrom 10.0.0.1 drop for 1m\n' >dir-include.fault
printf '# shared hosts\nhost db = 10.0.3.10\n' >one.fault
printf 'host web = 10.0.0.80\n\nhost db = 10.0.3.11\n' >two-defs.fault
printf 'include "one.fault"\ninclude "two-defs.fault"\nfrom db to web drop for 1m\n' >twice.fault
printf 'include "cycle-b.fault"\nfrom 10.0.0.1 drop for 1m\n' >cycle-a.fault
printf 'include "cycle-a.fault"\n' >cycle-b.fault

# ---------------------------------------------------------------- exit codes
expect_exit 0 "clean file" -- "$faultc" lint incident.fault
expect_silence "clean file"
expect_exit 0 "warnings only" -- "$faultc" lint w104.fault
expect_stderr "w104.fault:1:23: warning[W104]: this \`drop\` can never match" "warning text"
expect_stderr "w104.fault:1:12: note: covered by this \`allow\`" "warning note"
expect_stderr "1 warning" "warning summary"
expect_exit 1 "an error" -- "$faultc" lint error.fault
expect_stderr "error.fault:2:6: error[F010]: unknown host \`victm\`" "error text"
expect_stderr "help: did you mean \`victim\`?" "error hint"
expect_stderr "1 error" "error summary (no \"unused\" echo of the misspelling)"
expect_exit 1 "--werror with a warning" -- "$faultc" lint --werror w104.fault
expect_exit 0 "--werror on a clean file" -- "$faultc" lint --werror incident.fault
expect_exit 1 "--werror --format json" -- "$faultc" lint --werror --format json w104.fault
expect_exit 2 "missing file" -- "$faultc" lint nothere.fault
expect_stderr "nothere.fault: cannot open" "missing file message"
expect_exit 2 "a directory as a file" -- "$faultc" lint subdir
expect_stderr "subdir: is a directory" "directory message"
expect_exit 2 "good and missing" -- "$faultc" lint incident.fault nothere.fault
expect_exit 1 "good and bad" -- "$faultc" lint incident.fault error.fault
expect_exit 2 "no file" -- "$faultc" lint
expect_exit 2 "unknown format" -- "$faultc" lint --format xml w104.fault
expect_exit 1 "stdin" -- sh -c "\"$faultc\" lint - < error.fault"
expect_stderr "<stdin>:2:6: error[F010]" "stdin name"

# ---------------------------------------------------------------- --quiet
expect_exit 0 "--quiet with warnings only" -- "$faultc" lint --quiet w104.fault
expect_silence "--quiet with warnings only"
expect_exit 1 "-q with an error" -- "$faultc" lint -q error.fault
expect_stderr "error[F010]" "-q keeps errors"
expect_no_stderr "W101" "-q drops warnings"
expect_no_stderr "1 error" "-q prints no summary"
# --werror makes the warning an error, which --quiet must still report.
expect_exit 1 "--werror --quiet with a warning" -- "$faultc" lint --werror --quiet w104.fault

# ---------------------------------------------------------------- -W
expect_exit 1 "-W W104=error" -- "$faultc" lint -W W104=error w104.fault
expect_stderr "w104.fault:1:23: error[W104]" "-W W104=error severity"
expect_exit 0 "-W W105=off" -- "$faultc" lint -W W105=off two.fault
expect_no_stderr "W105" "-W W105=off removes it"
expect_stderr "warning[W104]" "-W W105=off keeps W104"
expect_exit 0 "-W W104=note" -- "$faultc" lint --werror -W W104=note w104.fault
expect_stderr "note[W104]" "-W W104=note severity"
expect_exit 0 "two -W" -- "$faultc" lint --werror -W W104=off -W W105=off two.fault
expect_silence "two -W"
expect_exit 2 "-W unknown code" -- "$faultc" lint -W W999=off w104.fault
expect_stderr "unknown diagnostic code \`W999\`" "-W unknown code message"
expect_exit 2 "-W on an error code" -- "$faultc" lint -W F001=off w104.fault
expect_stderr "\`F001\` is an error" "-W F001=off message"
expect_exit 2 "-W without a level" -- "$faultc" lint -W W104 w104.fault
expect_stderr "expected CODE=LEVEL" "-W without a level message"
expect_exit 2 "-W with a bad level" -- "$faultc" lint -W W104=loud w104.fault
expect_stderr "error, warning, note, off" "-W bad level message"

# ---------------------------------------------------------------- suppression comments
expect_exit 0 "allow on the same line" -- "$faultc" lint --werror same-line.fault
expect_silence "allow on the same line"
expect_exit 0 "allow on the line before" -- "$faultc" lint --werror line-before.fault
expect_silence "allow on the line before"
expect_exit 1 "allow of another code" -- "$faultc" lint --werror other-code.fault
expect_stderr "other-code.fault:1:23: warning[W104]" "allow of another code keeps W104"
expect_exit 1 "unknown code in a comment" -- "$faultc" lint unknown-code.fault
expect_stderr "unknown-code.fault:1:41: error[F029]: unknown diagnostic code \`W999\`" "F029 message"

# ---------------------------------------------------------------- formats
expect_exit 0 "--format json" -- "$faultc" lint --format json two.fault
cp "$work/out" lint.json
if "$python" -m json.tool lint.json >/dev/null 2>"$work/err"; then pass; else fail "json does not parse"; fi
expect_python "json fields" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1, d
assert d["summary"] == {"errors": 0, "warnings": 2}, d["summary"]
first = d["diagnostics"][0]
want = {"file": "two.fault", "line": 1, "column": 23, "end_line": 1, "end_column": 31,
        "severity": "warning", "code": "W104"}
assert {k: first[k] for k in want} == want, first
assert first["notes"] == [{"message": "covered by this `allow`", "file": "two.fault", "line": 1, "column": 12}], first
assert first["help"].startswith("remove it"), first
assert d["diagnostics"][1]["code"] == "W105", d
' lint.json
[ -s "$work/err" ] && fail "json format wrote to stderr"

expect_exit 1 "--format sarif with an error" -- "$faultc" lint --format sarif error.fault two.fault
cp "$work/out" lint.sarif
expect_python "sarif validates against the 2.1.0 schema" '
import json, jsonschema, sys
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
' lint.sarif "$schema"
expect_python "sarif results" '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
results = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in run["results"]]
assert ("F010", "error", 2, 6) in results, results
assert ("W104", "warning", 1, 23) in results, results
assert ("W105", "warning", 2, 21) in results, results
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert sorted(ids) == ["F010", "W104", "W105"], ids  # no W101 echo of the error
' lint.sarif
expect_exit 0 "--format sarif with nothing to say" -- "$faultc" lint --format sarif incident.fault
cp "$work/out" clean.sarif
expect_python "empty sarif validates" '
import json, jsonschema, sys
d = json.load(open(sys.argv[1]))
jsonschema.validate(d, json.load(open(sys.argv[2])))
assert d["runs"][0]["results"] == [], d
' clean.sarif "$schema"

expect_exit 0 "--format github" -- "$faultc" lint --format github w104.fault
expect_stdout_line '::warning file=w104.fault,line=1,col=23,endLine=1,endColumn=31,title=W104::this `drop` can never match: earlier actions of the rule take every packet it would see%0Ahelp: remove it, or move it before the actions that cover it' "github warning line"
expect_exit 1 "--format github with an error" -- "$faultc" lint --format github error.fault
expect_stdout_line '::error file=error.fault,line=2,col=6,endLine=2,endColumn=11,title=F010::unknown host `victm`%0Ahelp: did you mean `victim`?' "github error line"
if grep -qv '^::\(error\|warning\|notice\) file=[^,]*,line=[0-9]*,col=[0-9]*,endLine=[0-9]*,endColumn=[0-9]*,title=[FW][0-9][0-9][0-9]::' "$work/out"; then
  fail "a github line does not match the format"
else
  pass
fi
expect_exit 1 "github -W W104=error" -- "$faultc" lint --format github -W W104=error w104.fault
expect_stdout_line '::error file=w104.fault,line=1,col=23,endLine=1,endColumn=31,title=W104::this `drop` can never match: earlier actions of the rule take every packet it would see%0Ahelp: remove it, or move it before the actions that cover it' "github overridden line"

# ---------------------------------------------------------------- includes: diagnostics, never a crash
expect_exit 1 "missing include" -- "$faultc" lint missing-include.fault
expect_stderr "missing-include.fault:2:9: error[F013]: cannot include \`nope.fault\`" "missing include position"
expect_exit 1 "a directory as an include" -- "$faultc" lint dir-include.fault
expect_stderr "dir-include.fault:1:9: error[F017]" "directory include position"
expect_stderr "is a directory" "directory include message"
expect_exit 1 "a host defined in two included files" -- "$faultc" lint twice.fault
expect_stderr "two-defs.fault:3:6: error[F011]: host \`db\` is defined twice" "second definition"
expect_stderr "one.fault:2:6: note: first defined here" "first definition"
expect_exit 1 "include cycle" -- "$faultc" lint cycle-a.fault
expect_stderr "error[F014]: include cycle: cycle-a.fault -> cycle-b.fault -> cycle-a.fault" "include cycle chain"
expect_exit 1 "include as json" -- "$faultc" lint --format json twice.fault
cp "$work/out" twice.json
expect_python "both locations in json" '
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"][0]
assert (d["code"], d["file"], d["line"], d["column"]) == ("F011", "two-defs.fault", 3, 6), d
assert [(n["file"], n["line"], n["column"]) for n in d["notes"]] == [("one.fault", 2, 6), (None, None, None)], d
assert d["notes"][1]["message"] == "included from twice.fault:2:9", d
' twice.json

# ---------------------------------------------------------------- W106 and W108
# W106 on the session's replies, on a wide set, on an interface; its help
# fits the rule (no `from ADDR` for a rule that has `from not mgmt`).
printf 'outbound drop for 1m\n' >w106-out.fault
printf 'from { 0.0.0.0/0, ::/0 } drop for 1m\n' >w106-wide.fault
printf 'inbound tcp on eth0 drop for 1m\n' >w106-iface.fault
printf 'host mgmt = 10.0.9.0/24\nfrom not mgmt drop for 1m\nexpose loopback\nexpose neighbour-discovery\n' >not-mgmt.fault
expect_exit 0 "W106 outbound" -- "$faultc" lint w106-out.fault
expect_stderr "w106-out.fault:1:10: warning[W106]: this \`drop\` applies to outbound TCP from port 22 to any destination" "W106 outbound text"
expect_exit 0 "W106 on every address of both families" -- "$faultc" lint w106-wide.fault
expect_stderr "w106-wide.fault:1:26: warning[W106]: this \`drop\` applies to inbound TCP to port 22 from 0.0.0.0/0 or ::/0" "W106 wide text"
expect_exit 0 "W106 on an interface" -- "$faultc" lint w106-iface.fault
expect_stderr "w106-iface.fault:1:21: warning[W106]" "W106 interface position"
expect_exit 1 "W106 and W108 on \`from not mgmt\`, --werror" -- "$faultc" lint --werror not-mgmt.fault
expect_stderr "not-mgmt.fault:2:15: warning[W106]: this \`drop\` applies to inbound TCP to port 22 from anywhere but 10.0.9.0/24" "W106 on not"
expect_no_stderr "\`from ADDR\`" "W106 help does not ask for the clause the rule has"
expect_stderr "not-mgmt.fault:2:6: warning[W108]: this \`not\` also covers the host's loopback traffic and IPv6 neighbour discovery (the set has no IPv6 address, so every IPv6 packet matches)" "W108 text"
expect_stderr "add \`127.0.0.0/8, ::1, fe80::/10\` to the set after \`not\`" "W108 help"
printf 'host mgmt = 10.0.9.0/24\nfrom not { mgmt, 127.0.0.0/8, ::1, fe80::/10 } drop for 1m  # faultc: allow W106\nexpose loopback\nexpose neighbour-discovery\n' >not-mgmt-spared.fault
expect_exit 0 "\`not\` with loopback and neighbour discovery spared, --werror" -- "$faultc" lint --werror not-mgmt-spared.fault
expect_silence "\`not\` with loopback and neighbour discovery spared"
# Protected (the default): no W108; `protect tcp to port 22`: no W106.
printf 'host mgmt = 10.0.9.0/24\nprotect tcp to port 22\nfrom not mgmt drop for 1m\n' >not-mgmt-protected.fault
expect_exit 0 "\`not\` with SSH, loopback and neighbour discovery protected, --werror" -- "$faultc" lint --werror not-mgmt-protected.fault
expect_silence "\`not\` with SSH, loopback and neighbour discovery protected"

# ---------------------------------------------------------------- F032 and F033
# An empty file, a scenario without a rule, `for 0s`: errors for check and
# lint. A file of definitions only is an include file: check and lint accept
# it; compile and run refuse it.
: >empty.fault
printf 'scenario "nothing yet"\nfor 5m\n' >no-rule.fault
printf 'from 10.0.0.5 drop for 0s\n' >zero.fault
printf 'from 10.0.0.5 drop\nfor 0s\n' >zero-life.fault
printf 'host db = 10.0.3.10\nport web = { 80, 443 }\n' >library.fault
for command in check lint; do
  expect_exit 1 "$command: an empty file" -- "$faultc" "$command" empty.fault
  expect_stderr "empty.fault:1:1: error[F032]: this file has no statement: a scenario needs at least one rule" "$command: F032 on an empty file"
  expect_exit 1 "$command: no rule" -- "$faultc" "$command" no-rule.fault
  expect_stderr "no-rule.fault:1:1: error[F032]: this scenario has no rule: it would apply nothing" "$command: F032 text"
  expect_exit 1 "$command: a rule for 0s" -- "$faultc" "$command" zero.fault
  expect_stderr "zero.fault:1:24: error[F033]: \`for 0s\` leaves this rule no time" "$command: F033 on a rule"
  expect_exit 1 "$command: a life of 0s" -- "$faultc" "$command" zero-life.fault
  expect_stderr "zero-life.fault:2:5: error[F033]: \`for 0s\` ends the scenario as it starts" "$command: F033 on the life"
  expect_exit 0 "$command: a file of definitions only" -- "$faultc" "$command" library.fault
  expect_silence "$command: a file of definitions only (no W101)"
done
expect_exit 1 "compile: a file of definitions only" -- "$faultc" compile library.fault
expect_stderr "library.fault:1:1: error[F032]: this file only defines hosts and ports: it is an include file, with nothing to apply" "compile: F032 on a library"
expect_exit 1 "compile: an empty file" -- "$faultc" compile -t iptables empty.fault
expect_stderr "error[F032]" "compile: F032 on an empty file"
expect_exit 1 "run --dry-run: a file of definitions only" -- "$faultc" run --dry-run library.fault
expect_stderr "error[F032]" "run: F032 on a library"

# ---------------------------------------------------------------- examples and the incident
expect_exit 0 "lint examples/*.fault" -- "$faultc" lint "$source_dir"/examples/*.fault
expect_no_stderr "error[" "examples have no errors"
expect_exit 0 "the incident one-liner" -- "$faultc" lint incident.fault
expect_silence "the incident one-liner"
expect_exit 0 "the incident one-liner, --werror, every format" -- sh -c "
  \"$faultc\" lint --werror incident.fault &&
  \"$faultc\" lint --werror --format github incident.fault &&
  \"$faultc\" lint --werror --format json incident.fault | grep -qF '\"diagnostics\":[]'"
expect_silence "the incident one-liner, --werror, every format"

finish
