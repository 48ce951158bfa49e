"""Runs a composite action.yml's steps the way a GitHub runner would, for
tests/cli/action_test.sh: each `run` step through `bash --noprofile --norc
-eo pipefail` (GitHub's `shell: bash`) with its `env:` evaluated, a fresh
GITHUB_OUTPUT file per step whose lines become `steps.ID.outputs`, and
GITHUB_PATH lines put on PATH for the later steps. A `uses` step is not
run: its `with:` is evaluated and reported. Only the expressions the
action needs are understood (inputs.X, steps.ID.outputs.X, runner.temp,
github.workspace); any other fails the test, and so does a `run` step
with an `if:`, so that nothing in the action goes untested unnoticed.

Usage: action_runner.py ACTION_YML REPORT_JSON [INPUT=VALUE...]
The workspace and temp folder are GITHUB_WORKSPACE and RUNNER_TEMP from the
environment. Exits with the first failing step's status, like a job.
"""
import json
import os
import re
import subprocess
import sys

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(text, context):
    def value(match):
        name = match.group(1)
        if re.fullmatch(r"steps\.[\w-]+\.outputs\.[\w-]+", name):
            return context.get(name, "")  # a step that did not run or set it: empty, as on GitHub
        if name not in context:
            raise SystemExit(f"action_runner: unsupported expression ${{{{ {name} }}}}")
        return context[name]

    return EXPRESSION.sub(value, str(text))


def read_outputs(path):
    outputs = {}
    with open(path) as lines:
        for line in lines:
            name, _, value = line.rstrip("\n").partition("=")
            if "<<" in name:
                raise SystemExit(f"action_runner: multi-line output {name} is not understood")
            outputs[name] = value
    return outputs


def main():
    action_yml, report_path = sys.argv[1], sys.argv[2]
    given = dict(argument.split("=", 1) for argument in sys.argv[3:])
    action = yaml.safe_load(open(action_yml))
    temp = os.environ["RUNNER_TEMP"]
    context = {"runner.temp": temp, "github.workspace": os.environ["GITHUB_WORKSPACE"]}
    for name, spec in action.get("inputs", {}).items():
        context[f"inputs.{name}"] = given.pop(name, spec.get("default", ""))
    if given:
        raise SystemExit(f"action_runner: no such inputs: {sorted(given)}")
    env = dict(os.environ, GITHUB_ACTION_PATH=os.path.dirname(os.path.abspath(action_yml)))
    report = {"steps": [], "uses": []}
    status = 0
    for number, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            report["uses"].append({"uses": step["uses"], "if": step.get("if", ""),
                                   "with": {k: evaluate(v, context) for k, v in step.get("with", {}).items()}})
            continue
        if status != 0:
            break
        if "if" in step:
            raise SystemExit(f"action_runner: step {number} has an `if:`, which this runner does not evaluate")
        script = os.path.join(temp, f"step-{number}.sh")
        output = os.path.join(temp, f"output-{number}")
        path_file = os.path.join(temp, f"path-{number}")
        with open(script, "w") as f:
            f.write(step["run"])
        open(output, "w").close()
        open(path_file, "w").close()
        step_env = dict(env, GITHUB_OUTPUT=output, GITHUB_PATH=path_file)
        step_env.update({k: evaluate(v, context) for k, v in step.get("env", {}).items()})
        status = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], env=step_env).returncode
        outputs = read_outputs(output)
        for name, value in outputs.items():
            context[f"steps.{step.get('id', number)}.outputs.{name}"] = value
        added = [line.strip() for line in open(path_file) if line.strip()]
        if added:
            env["PATH"] = os.pathsep.join(list(reversed(added)) + [env["PATH"]])
        report["steps"].append({"id": step.get("id", ""), "status": status, "outputs": outputs})
    report["outputs"] = {name: evaluate(spec["value"], context) for name, spec in action.get("outputs", {}).items()}
    with open(report_path, "w") as f:
        json.dump(report, f, indent=1)
    sys.exit(status)


main()
