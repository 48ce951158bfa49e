#!/bin/sh
# shellcheck disable=SC2016 # python and expected text in single quotes are literal
# The GitHub composite action (action.yml) without GitHub: its structure
# (YAML, required keys, every step's shell, every run step one script of
# scripts/ci/), then its steps run in order by tests/cli/action_runner.py
# with GitHub's environment faked (GITHUB_WORKSPACE, RUNNER_TEMP,
# GITHUB_OUTPUT, GITHUB_PATH): the outputs it sets, the SARIF it writes
# (validated against the 2.1.0 schema), what it hands to upload-sarif, and
# when it fails. `faultc: source` (a Release build) is left to real runs.
# Usage: action_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
faultc_dir=$(cd "$(dirname "$faultc")" && pwd)  # before lib.sh changes the directory
. "$source_dir/tests/cli/lib.sh"
schema="$source_dir/tests/data/sarif-schema-2.1.0.json"
action="$source_dir/action.yml"
runner="$source_dir/tests/cli/action_runner.py"

# ---------------------------------------------------------------- structure
expect_python "action.yml is a composite action whose run steps are scripts/ci scripts" '
import os, re, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
for key in ("name", "description", "inputs", "outputs", "runs"):
    assert action.get(key), f"no {key}"
assert action["runs"]["using"] == "composite", action["runs"]
inputs = set(action["inputs"])
for name, spec in action["inputs"].items():
    assert spec.get("description"), f"input {name} has no description"
ids = {step.get("id") for step in action["runs"]["steps"]}
text = open(sys.argv[1]).read()
for name in re.findall(r"inputs\.([A-Za-z0-9_-]+)", text):
    assert name in inputs, f"inputs.{name} is not declared"
for step_id in re.findall(r"steps\.([A-Za-z0-9_-]+)\.outputs", text):
    assert step_id in ids, f"steps.{step_id} does not exist"
for step in action["runs"]["steps"]:
    assert step.get("name"), step
    name, run = step["name"], step.get("run")
    if run is not None:
        assert step.get("shell") == "bash", f"{name}: shell is not bash"
        m = re.fullmatch(r"\"[$]GITHUB_ACTION_PATH/(scripts/ci/[a-z-]+[.]sh)\"", run.strip())
        assert m, f"{name}: run is not one scripts/ci script: {run!r}"
        script = os.path.join(os.path.dirname(sys.argv[1]), m.group(1))
        assert os.access(script, os.X_OK), f"{script} is not executable"
    else:
        assert step.get("uses"), step
uses = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
assert uses == ["github/codeql-action/upload-sarif@v3"], uses
' "$action"
expect_exit 0 "the action's scripts pass shellcheck" -- shellcheck "$source_dir"/scripts/ci/*.sh

# ---------------------------------------------------------------- a workspace
mkdir -p ws/scenarios/nested ws/.hidden tmp
printf 'host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n' >ws/scenarios/good.fault
printf 'to port 80 allow SYN; drop SYN for 1m\n' >ws/scenarios/nested/w104.fault
printf 'host victim = 10.0.0.5\nfrom victm drop for 1m\n' >ws/bad.fault
printf 'this is not a scenario\n' >ws/.hidden/skipped.fault
run_action() {  # run_action WANT DESCRIPTION INPUT=VALUE...: report in report.json
  want=$1
  what=$2
  shift 2
  rm -rf tmp && mkdir tmp
  expect_exit "$want" "$what" -- env GITHUB_WORKSPACE="$work/ws" RUNNER_TEMP="$work/tmp" PATH="$faultc_dir:$PATH" \
    "$python" "$runner" "$action" report.json faultc=installed "$@"
}
report() {  # report DESCRIPTION PYTHON [ARG]: the assertion holds for `r`, the runner's report (ARG: sys.argv[2])
  what=$1
  code=$2
  shift 2
  expect_python "$what" "import json, sys; r = json.load(open(sys.argv[1])); $code" report.json "$@"
}

# ---------------------------------------------------------------- runs
run_action 1 "an error fails the action" files='bad.fault scenarios/**/*.fault'
expect_stdout '::error file=bad.fault,line=2,col=6,' "the error's annotation"
expect_stdout '::warning file=scenarios/nested/w104.fault,line=1,col=23,' "the warning's annotation"
report "outputs of a failing run" '
o = r["outputs"]
assert (o["errors"], o["warnings"]) == ("1", "1"), o   # F010 and W104
assert o["sarif-file"] == sys.argv[2] + "/tmp/faultc.sarif", o
assert o["version"].startswith("faultc"), o
assert r["steps"][1]["outputs"]["files"] == "3", r["steps"][1]
u = r["uses"][0]
assert u["with"] == {"sarif_file": o["sarif-file"], "category": "faultc"}, u
assert "always()" in u["if"], u' "$work"
cp tmp/faultc.sarif failing.sarif
expect_python "the SARIF validates against the 2.1.0 schema" '
import json, jsonschema, sys
log = json.load(open(sys.argv[1]))
jsonschema.validate(log, json.load(open(sys.argv[2])))
found = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in log["runs"][0]["results"])
assert found == [("F010", "bad.fault"), ("W104", "scenarios/nested/w104.fault")], found
' failing.sarif "$schema"

run_action 0 "the default pattern, fail-on never" fail-on=never sarif-file=out/lint.sarif
report "the default pattern finds every scenario outside hidden folders" '
o = r["outputs"]
assert r["steps"][1]["outputs"]["files"] == "3", r["steps"][1]
assert o["sarif-file"] == sys.argv[2] + "/ws/out/lint.sarif", o' "$work"
expect_python "a relative sarif-file lands in the workspace" '
import json, sys
assert len(json.load(open(sys.argv[1]))["runs"][0]["results"]) == 2' ws/out/lint.sarif

run_action 0 "warnings pass under fail-on error" files=scenarios/**/*.fault
run_action 1 "warnings fail under fail-on warning" files=scenarios/**/*.fault fail-on=warning
expect_stdout "findings fail this step (fail-on: warning)" "fail-on warning message"
run_action 1 "args reach faultc lint (--werror)" files=scenarios/**/*.fault args=--werror
run_action 0 "args reach faultc lint (-W W104=off)" files=scenarios/**/*.fault fail-on=warning "args=-W W104=off"
report "no warnings left" 'assert r["outputs"]["warnings"] == "0", r["outputs"]'
run_action 0 "a clean file" files=scenarios/good.fault
report "a clean run has an empty SARIF" '
log = json.load(open(r["outputs"]["sarif-file"]))
assert log["runs"][0]["results"] == [], log'

# ---------------------------------------------------------------- the job is wrong: exit 2, no SARIF
run_action 2 "no file matches" files=nothing/*.fault
expect_stdout "::error title=faultc lint::no .fault file to lint" "no-match message"
report "nothing to upload" 'assert r["outputs"]["sarif-file"] == "" and r["uses"][0]["with"]["sarif_file"] == "", r'
run_action 2 "a bad option" files=bad.fault args=--bogus
expect_stdout "faultc lint exited 2" "bad option message"
run_action 2 "a bad fail-on" fail-on=sometimes
expect_stdout "input fail-on is 'sometimes'" "bad fail-on message"
run_action 2 "a bad faultc input" faultc=somewhere
expect_stdout "input faultc is 'somewhere'" "bad faultc message"
run_action 2 "a missing .deb" faultc=dist/faultc_0.1.0_amd64.deb
expect_stdout "dist/faultc_0.1.0_amd64.deb: no such package file" "missing .deb message"
rm -rf tmp && mkdir tmp
expect_exit 2 "faultc: installed without faultc on PATH" -- env GITHUB_WORKSPACE="$work/ws" RUNNER_TEMP="$work/tmp" \
  PATH=/usr/bin:/bin "$python" "$runner" "$action" report.json faultc=installed
expect_stdout "faultc is not on PATH" "not-on-PATH message"

finish
