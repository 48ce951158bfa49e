#!/bin/bash
# The "Lint the scenarios" step of action.yml, run in GITHUB_WORKSPACE:
# expands the file patterns, prints every finding as a GitHub annotation,
# writes the SARIF log, sets the step's outputs (sarif-file, errors,
# warnings, files) and fails per the fail-on input.
# Environment (from the action's inputs):
#   FAULTC          the binary (the setup step's output; default: faultc)
#   FAULTC_FILES    glob patterns, separated by white space
#   FAULTC_ARGS     more `faultc lint` options, split on white space
#   FAULTC_FAIL_ON  error | warning | never
#   FAULTC_SARIF    where the SARIF goes (default $RUNNER_TEMP/faultc.sarif)
# Exit: 0 passed, 1 failed on findings, 2 the lint could not run (bad
# pattern, option or file; then no SARIF output).
set -euo pipefail

fail() {  # fail MESSAGE: an error annotation, and the step fails
  echo "::error title=faultc lint::$1"
  exit 2
}

faultc=${FAULTC:-faultc}
fail_on=${FAULTC_FAIL_ON:-error}
case "$fail_on" in
  error | warning | never) ;;
  *) fail "input fail-on is '$fail_on'; want error, warning or never" ;;
esac
sarif=${FAULTC_SARIF:-"$RUNNER_TEMP/faultc.sarif"}
cd "$GITHUB_WORKSPACE"
case "$sarif" in /*) ;; *) sarif="$GITHUB_WORKSPACE/$sarif" ;; esac

# Patterns split on white space with globbing off, then each expanded on
# its own: relative names, as the annotations and code scanning want them.
set -f
read -r -d '' -a patterns <<<"${FAULTC_FILES:-**/*.fault}" || true
read -r -d '' -a args <<<"${FAULTC_ARGS:-}" || true
set +f
shopt -s globstar nullglob
files=()
for pattern in "${patterns[@]}"; do
  # shellcheck disable=SC2206 # the pattern is meant to glob
  matches=($pattern)
  [ "${#matches[@]}" -gt 0 ] || echo "::warning title=faultc lint::no file matches '$pattern'"
  files+=("${matches[@]}")
done
[ "${#files[@]}" -gt 0 ] || fail "no .fault file to lint (input files: '${FAULTC_FILES:-}')"

# The annotations: faultc exits 1 on findings, 2 when it cannot run.
annotations="$RUNNER_TEMP/faultc-annotations.txt"
status=0
"$faultc" lint --format github "${args[@]}" -- "${files[@]}" >"$annotations" || status=$?
cat "$annotations"
[ "$status" -le 1 ] || fail "faultc lint exited $status (a bad option or an unreadable file; see above)"
errors=$(grep -c '^::error ' "$annotations" || true)
warnings=$(grep -c '^::warning ' "$annotations" || true)

mkdir -p "$(dirname "$sarif")"
sarif_status=0
"$faultc" lint --format sarif "${args[@]}" -- "${files[@]}" >"$sarif" || sarif_status=$?
[ "$sarif_status" -le 1 ] || fail "faultc lint --format sarif exited $sarif_status"

{
  echo "sarif-file=$sarif"
  echo "errors=$errors"
  echo "warnings=$warnings"
  echo "files=${#files[@]}"
} >>"$GITHUB_OUTPUT"
echo "faultc: ${#files[@]} files, $errors errors, $warnings warnings; SARIF in $sarif"

# Exit 1 covers errors and, with --werror in the args, warnings too.
if [ "$fail_on" = never ]; then exit 0; fi
if [ "$status" -eq 1 ] || { [ "$fail_on" = warning ] && [ "$warnings" -gt 0 ]; }; then
  echo "::error title=faultc lint::findings fail this step (fail-on: $fail_on)"
  exit 1
fi
