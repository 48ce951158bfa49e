#!/bin/sh
# shellcheck disable=SC2016 # backquotes in expected messages are literal text
# `faultc test` and `faultc explain` from the outside: exit codes, what a
# failed expect line says (file:line:col, the verdict found, the action that
# decided it, the probability of a random drop), every output format (JSON
# parsed, GitHub lines checked), the shipped examples, and explain's
# timeline, rules, packet trace and --json verdict.
# Usage: test_explain_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
. "$source_dir/tests/cli/lib.sh"

# ------------------------------------------------------------ faultc test

# Every shipped example passes its own expect lines.
expect_exit 0 "examples pass" -- "$faultc" test "$source_dir"/examples/*.fault
expect_stdout ' passed, 0 failed' "examples summary"

cat >good.fault <<'EOF'
host victim = 10.0.0.5
from victim to port 1234 allow SYN, ACK; drop rest for 4m
expect tcp from victim to port 1234 flags SYN is allowed
expect tcp from victim to port 1234 flags PSH+ACK is dropped
expect tcp from victim to port 1234 flags PSH+ACK is allowed at 4m
EOF
expect_exit 0 "passing file" -- "$faultc" test good.fault
expect_stdout_line "3 expects passed, 0 failed" "passing summary"
[ -s "$work/err" ] && fail "passing file wrote to stderr"
expect_exit 0 "verbose" -- "$faultc" test -v good.fault
expect_stdout_line 'good.fault:3:1: ok: `expect tcp from victim to port 1234 flags SYN is allowed` (allowed)' \
  "verbose lists passes"

cat >bad.fault <<'EOF'
host db = { 10.0.3.10, 10.0.3.11 }
outbound to db port 5432 drop 30% for 2m
outbound to db port 5432 reject with tcp-reset after 2m for 1m
expect outbound tcp to 10.0.3.10 port 5432 is dropped at 1m
expect outbound tcp to 10.0.3.10 port 5432 is allowed at 2m
expect outbound tcp to 10.0.3.12 port 5432 is rejected at 2m
expect outbound tcp to 10.0.3.10 port 5432 is rejected at 3m
expect outbound tcp to 10.0.3.10 port 5432 is rejected at 2m
EOF
expect_exit 1 "failing file" -- "$faultc" test bad.fault
expect_stdout_line 'bad.fault:4:1: FAIL: `expect outbound tcp to 10.0.3.10 port 5432 is dropped at 1m`' \
  "a failure names the expect line"
expect_stdout_line '  found:    dropped with probability 30% (otherwise allowed)' "random drop: the verdict"
expect_stdout '`drop 30%` (rule 1, bad.fault:2:26) drops each packet at random with probability 30%: 70% of such packets get through, so no single one is certainly dropped' \
  "random drop: the probability explained"
expect_stdout_line 'bad.fault:5:1: FAIL: `expect outbound tcp to 10.0.3.10 port 5432 is allowed at 2m`' \
  "window start: rule 2 applies at exactly 2m"
expect_stdout_line '  because:  it is rejected by `reject with tcp-reset` (rule 2, bad.fault:3:26)' \
  "the deciding action"
expect_stdout 'rule 1 (bad.fault:2): does not apply: the rule is not active at 2m (active 0s to 2m)' \
  "window end: rule 1 no longer applies at exactly 2m"
expect_stdout 'rule 2 (bad.fault:3): does not apply: the destination 10.0.3.12 is not in 10.0.3.10/31' \
  "the trace says why a rule does not apply"
expect_stdout 'does not apply: the scenario has ended (3m long)' "after the end"
expect_stdout_line "1 expect passed, 4 failed" "failing summary"

expect_exit 1 "--format json" -- "$faultc" test --format json bad.fault
[ -s "$work/err" ] && fail "json format wrote to stderr"
cp "$work/out" test.json
expect_python "test json fields" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["passed"] == 1 and d["failed"] == 4, d
e = d["files"][0]["expects"][0]
assert (e["file"], e["line"], e["column"]) == ("bad.fault", 4, 1), e
assert e["expected"] == "dropped" and e["passed"] is False and e["at_ms"] == 60000, e
r = e["result"]
assert r["verdict"] == "dropped_randomly" and r["otherwise"] == "allowed", r
assert abs(r["drop_probability"] - 0.3) < 1e-9, r
assert r["decided_by"]["line"] == 2 and r["decided_by"]["action"] == "drop 30%", r
assert e["packet"]["destination"] == "10.0.3.10" and e["packet"]["destination_port"] == 5432, e
' test.json

expect_exit 1 "--format github" -- "$faultc" test --format github bad.fault
expect_stdout '::error file=bad.fault,line=4,col=1,title=faultc test::expected dropped, found dropped with probability 30%25 (otherwise allowed)' \
  "github annotation"
if [ "$(wc -l <"$work/out")" -ne 4 ]; then fail "github: one line per failure"; else pass; fi

printf 'from 10.0.0.1 dorp for 1m\nexpect from 10.0.0.1 is dropped\n' >broken.fault
expect_exit 1 "a file that does not compile" -- "$faultc" test broken.fault good.fault
expect_stderr "broken.fault:1:15: error[F001]" "its diagnostic"
expect_stderr "faultc: broken.fault: does not compile; its expect lines were not checked" "says so"
expect_stdout_line "3 expects passed, 0 failed, 1 file did not compile" "summary counts it"
expect_exit 2 "missing file" -- "$faultc" test missing.fault
expect_exit 2 "missing and good" -- "$faultc" test good.fault missing.fault
expect_exit 2 "no file" -- "$faultc" test
expect_exit 2 "bad format" -- "$faultc" test --format sarif good.fault
expect_exit 1 "stdin" -- sh -c "\"$faultc\" test - < bad.fault"
expect_stdout '<stdin>:4:1: FAIL' "stdin name"

# ------------------------------------------------------------ faultc explain

expect_exit 0 "explain" -- "$faultc" explain "$source_dir/examples/flaky-db.fault"
expect_stdout_line "Timeline" "timeline heading"
expect_stdout_line "    rule 2 (line 29): 2m to 3m" "timeline as plain lines when redirected"
expect_no_stdout "|" "no chart when redirected"
expect_stdout_line "    lost at random:     everything it sees: each dropped with probability 30% (\`drop 30%\`)" \
  "a rule in words"
expect_stdout_line "    sees:               outbound TCP packets to 10.0.3.10/31 or fd00::3:10 port 5432" \
  "what a rule sees"

expect_exit 0 "explain --at" -- "$faultc" explain "$source_dir/examples/flaky-db.fault" --at 2m30s
expect_stdout_line "    at 2m30s: rule 2 active" "--at names the active rules"
expect_exit 0 "explain --chart" -- "$faultc" explain "$source_dir/examples/partition.fault" --chart --at 3m
expect_stdout "rule 1 (line 22)  |.......+#####################################...............|" "the chart"
expect_stdout "^ at 3m: rule 1 active" "the chart marks --at"

expect_exit 0 "explain --packet" -- "$faultc" explain "$source_dir/examples/half-open.fault" \
  --packet "tcp from 10.0.0.5 port 40000 to 10.0.0.1 port 1234 flags PSH+ACK"
expect_stdout_line "  read as:  inbound TCP 10.0.0.5 port 40000 -> 10.0.0.1 port 1234 arriving on eth0, flags PSH+ACK, established, no payload" \
  "the packet as read"
expect_stdout_line "  verdict:  dropped" "the verdict"
expect_stdout "applies; dropped by \`drop rest\`" "the trace"

# The founding one-liner looks at flags only: its words say that a data
# segment with ACK alone passes, and the evaluator agrees; the `half-open`
# preset drops payload first, and says so.
expect_exit 0 "explain the one-liner" -- "$faultc" explain "$source_dir/examples/half-open.fault" \
  --packet "tcp from 10.0.0.5 to port 1234 flags ACK data"
expect_stdout_line "    passes:             flags exactly SYN or flags exactly ACK, with or without payload: the rule lets them by (\`allow SYN, ACK\`)" \
  "the one-liner's allow passes payload"
expect_stdout_line "  verdict:  allowed" "an ACK-only data segment passes the one-liner"
printf 'from 10.0.0.5 to port 1234 half-open for 4m\n' >preset.fault
expect_exit 0 "explain the preset" -- "$faultc" explain preset.fault --packet "tcp from 10.0.0.5 to port 1234 flags ACK data"
expect_stdout_line "    lost:               segments that carry payload: dropped silently (\`half-open\`)" "the preset drops payload first"
expect_stdout_line "    passes:             flags exactly SYN or flags exactly ACK, without payload: the rule lets them by (\`half-open\`)" \
  "then lets the handshake and bare ACKs by"
expect_stdout_line "    lost:               everything else it sees: dropped silently (\`half-open\`)" "and drops the rest"
expect_stdout_line "  verdict:  dropped" "an ACK-only data segment is dropped by the preset"
expect_exit 0 "explain the preset, a bare ACK" -- "$faultc" explain preset.fault --packet "tcp from 10.0.0.5 to port 1234 flags ACK"
expect_stdout_line "  verdict:  allowed" "a bare ACK passes the preset"

expect_exit 0 "explain --json" -- "$faultc" explain "$source_dir/examples/flapping-link.fault" --at 10s \
  --packet "udp from 10.0.9.20 to port 53" --json
[ -s "$work/err" ] && fail "--json wrote to stderr"
if [ "$(wc -l <"$work/out")" -ne 1 ]; then fail "--json: one line"; else pass; fi
cp "$work/out" at-end.json
expect_exit 0 "explain --json in a window" -- "$faultc" explain "$source_dir/examples/flapping-link.fault" --at 1m \
  --packet "udp from 10.0.9.20 to port 53" --json
cp "$work/out" at-start.json
expect_python "explain json at the end and at the start of a window" '
import json, sys
end = json.load(open(sys.argv[1]))
start = json.load(open(sys.argv[2]))
assert end["verdict"] == "allowed" and end["at_ms"] == 10000 and end["decided_by"] is None, end
assert start["verdict"] == "dropped" and start["decided_by"]["action"] == "drop", start
p = start["packet"]
assert (p["protocol"], p["source"], p["destination_port"], p["state"]) == ("udp", "10.0.9.20", 53, "established"), p
assert start["scenario"] == "flapping link", start
' at-end.json at-start.json

# What a scenario protects, and which protection spared a packet.
expect_exit 0 "explain lists the protections" -- "$faultc" explain "$source_dir/examples/protected-ssh.fault"
expect_stdout_line "Protected (no rule touches these packets)" "the protections' section"
expect_stdout_line "  line 14: \`protect tcp to port 22\`: all TCP packets to port 22, and the replies to them" \
  "a protect line in words"
expect_exit 0 "explain a protected reply" -- "$faultc" explain "$source_dir/examples/protected-ssh.fault" \
  --packet "outbound tcp from 10.0.0.1 port 22 to 10.0.9.5 port 50000"
expect_stdout "  protected: \`protect tcp to port 22\` (" "the trace names the protect line"
expect_stdout_line "  verdict:  allowed" "a protected reply is allowed"
expect_exit 0 "explain loopback --json" -- "$faultc" explain "$source_dir/examples/protected-ssh.fault" \
  --packet "tcp to 127.0.0.1 port 5432 on lo" --json
cp "$work/out" loopback.json
expect_python "a loopback packet is protected by default" '
import json, sys
v = json.load(open(sys.argv[1]))
assert v["verdict"] == "allowed" and v["trace"] == [], v
assert v["protected_by"].startswith("loopback traffic"), v
' loopback.json

expect_exit 2 "--json needs --packet" -- "$faultc" explain "$source_dir/examples/half-open.fault" --json
expect_exit 2 "a bad --at" -- "$faultc" explain "$source_dir/examples/half-open.fault" --at soon
expect_stderr "--at \`soon\` is not a duration" "bad --at message"
expect_exit 2 "a bad --packet" -- "$faultc" explain "$source_dir/examples/half-open.fault" --packet "tcp form victim"
expect_stderr "--packet:1:5: error[F001]" "bad --packet position"
expect_exit 2 "an unknown name in --packet" -- "$faultc" explain "$source_dir/examples/half-open.fault" \
  --packet "tcp from victm"
expect_stderr "did you mean \`victim\`?" "names in --packet are the scenario's"
expect_exit 1 "explain a file that does not compile" -- "$faultc" explain broken.fault
expect_exit 2 "explain a missing file" -- "$faultc" explain missing.fault

finish
