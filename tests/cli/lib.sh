# shellcheck shell=sh
# Shared by the CLI tests that check output: a scratch directory to run in,
# pass/fail counting, and checks of what the last command printed. Source it
# after setting `faultc` and `source_dir`; end with `finish`.
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Relative file names keep the expected output independent of the temporary
# directory's name.
cd "$work" || exit 2
failures=0
passes=0

pass() { passes=$((passes + 1)); }
fail() {  # fail DESCRIPTION: reports, then shows what the last command printed
  failures=$((failures + 1))
  echo "FAIL: $1"
  sed 's/^/  out| /' "$work/out"
  sed 's/^/  err| /' "$work/err"
}

expect_exit() {  # expect_exit WANT DESCRIPTION -- command...
  want=$1
  what=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "$what: exit $got, want $want"; fi
}

expect_stdout() {  # expect_stdout TEXT DESCRIPTION
  if grep -qF -- "$1" "$work/out"; then pass; else fail "$2: stdout lacks '$1'"; fi
}

expect_no_stdout() {  # expect_no_stdout TEXT DESCRIPTION
  if grep -qF -- "$1" "$work/out"; then fail "$2: stdout has '$1'"; else pass; fi
}

expect_stdout_line() {  # expect_stdout_line LINE DESCRIPTION: one whole line, exactly
  if grep -qxF -- "$1" "$work/out"; then pass; else fail "$2: stdout lacks the line '$1'"; fi
}

expect_stderr() {  # expect_stderr TEXT DESCRIPTION
  if grep -qF -- "$1" "$work/err"; then pass; else fail "$2: stderr lacks '$1'"; fi
}

expect_no_stderr() {  # expect_no_stderr TEXT DESCRIPTION
  if grep -qF -- "$1" "$work/err"; then fail "$2: stderr has '$1'"; else pass; fi
}

expect_silence() {  # expect_silence DESCRIPTION: nothing on stdout or stderr
  if [ -s "$work/out" ] || [ -s "$work/err" ]; then fail "$1: printed something"; else pass; fi
}

expect_python() {  # expect_python DESCRIPTION SCRIPT ARGS...: the script exits 0
  what=$1
  shift
  if "$python" -c "$@" >"$work/py" 2>&1; then
    pass
  else
    failures=$((failures + 1))
    echo "FAIL: $what"
    sed 's/^/  py| /' "$work/py"
  fi
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}

# What --help lists, for the tests of what is generated from it (man pages,
# completions): the subcommands, one a line (CLI11: two spaces, then the
# name), and a subcommand's option spellings, one a line (-t, --target, ...).
help_subcommands() {  # help_subcommands FAULTC
  "$1" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p'
}
help_options() {  # help_options FAULTC SUBCOMMAND
  "$1" "$2" --help | sed -n 's/^  \(-[^ ]*\).*/\1/p' | tr ',' '\n'
}
