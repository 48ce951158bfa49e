#!/bin/sh
# The hooks in .pre-commit-hooks.yaml through Debian's pre-commit, the way
# a repository uses them: `pre-commit try-repo` runs each hook on the
# staged files of a sample repository made here, against a copy of the
# hook definitions committed to a scratch hooks repository (the source
# tree need not be a git checkout). A good file passes, a bad one fails the
# hook, and the hook's output carries the diagnostic (file:line:col).
# Nothing is downloaded (the hooks are `system` and `script`) and nothing
# is written outside the scratch directory (HOME, caches point into it).
# Usage: pre_commit_hooks_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
faultc_dir=$(cd "$(dirname "$faultc")" && pwd)  # before lib.sh changes the directory
faultc="$faultc_dir/$(basename "$faultc")"
. "$source_dir/tests/cli/lib.sh"

for tool in pre-commit git; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then
      echo "FAIL: cli.pre_commit_hooks cannot run: missing $tool (scripts/deps.sh installs it)"
      exit 1
    fi
    echo "SKIPPED: cli.pre_commit_hooks: missing $tool (scripts/deps.sh installs it) ******************"
    exit 0
  fi
done

# The hooks find faultc on PATH, as a user's would.
PATH="$faultc_dir:$PATH"
HOME="$work/home"
XDG_CACHE_HOME="$work/cache"
PRE_COMMIT_HOME="$work/cache/pre-commit"
TMPDIR="$work/tmp"
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export PATH HOME XDG_CACHE_HOME PRE_COMMIT_HOME TMPDIR GIT_CONFIG_NOSYSTEM \
  GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
mkdir -p "$HOME" "$TMPDIR"

# ---------------------------------------------------------------- the hooks repository
mkdir -p hooks/scripts/ci
cp "$source_dir/.pre-commit-hooks.yaml" hooks/
cp -p "$source_dir/scripts/ci/pre-commit-compile-check.sh" hooks/scripts/ci/
git -C hooks init -q
git -C hooks add -A
git -C hooks commit -q -m hooks

# ---------------------------------------------------------------- scenarios
mkdir files
printf 'host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m\n' >files/good.fault
printf 'host victim = 10.0.0.5\nfrom victim dorp for 4m\n' >files/syntax.fault
printf 'host victim = 10.0.0.5\nfrom victm drop for 1m\n' >files/unknown-host.fault
printf 'to port 80 allow SYN; drop SYN for 1m\n' >files/w104.fault
printf 'host victim = 10.0.0.5\nfrom   victim to port 1234 allow SYN, ACK; drop rest for 4m\n' >files/unformatted.fault

hook() {  # hook WANT ID DESCRIPTION FILE...: a sample repository with FILEs staged, the hook run on it
  want=$1
  id=$2
  what="$id: $3"
  shift 3
  rm -rf sample
  mkdir sample
  for file in "$@"; do cp "$file" sample/; done
  git -C sample init -q
  git -C sample add -A
  expect_exit "$want" "$what" -- env -C sample pre-commit try-repo "$work/hooks" "$id"
}

hook 0 faultc-check "a good file passes" files/good.fault
expect_stdout "faultc check" "the hook's name"
expect_stdout "Passed" "faultc-check passes"
hook 1 faultc-check "a syntax error fails" files/good.fault files/syntax.fault
expect_stdout "syntax.fault:2:13: error[F001]" "faultc-check diagnostic"
hook 0 faultc-check "a file that is not a scenario is not passed" files/good.fault "$source_dir/README.md"

hook 0 faultc-lint "a good file passes" files/good.fault
hook 0 faultc-lint "warnings alone pass" files/w104.fault
hook 1 faultc-lint "an unknown host fails" files/good.fault files/unknown-host.fault
expect_stdout "unknown-host.fault:2:6: error[F010]" "faultc-lint diagnostic"
expect_stdout "did you mean" "faultc-lint hint"

hook 0 faultc-fmt "a formatted file passes" files/good.fault
hook 1 faultc-fmt "an unformatted file fails" files/good.fault files/unformatted.fault
expect_stdout "unformatted.fault" "faultc-fmt names the file"
expect_no_stdout "good.fault" "faultc-fmt names only the unformatted file"
hook 1 faultc-fmt "a syntax error fails" files/syntax.fault
expect_stdout "syntax.fault:2:13: error[F001]" "faultc-fmt diagnostic"

# ---------------------------------------------------------------- compile-check: which pairs
# The hook's script with a stub faultc that logs its arguments: which
# scenario and artifact each staged name leads to, for any faultc.
mkdir stub names
printf '#!/bin/sh\necho "$*" >>"$STUB_LOG"\nexit "${STUB_EXIT:-0}"\n' >stub/faultc
chmod +x stub/faultc
touch names/a.fault names/a.nft names/b.fault names/c.nft names/d.fault names/d.sh
compile_check() {  # compile_check WANT DESCRIPTION ARG...: the hook script's log in stub.log
  want=$1
  what="compile-check script: $2"
  shift 2
  : >stub.log
  expect_exit "$want" "$what" -- env PATH="$work/stub:$PATH" STUB_LOG="$work/stub.log" \
    "$source_dir/scripts/ci/pre-commit-compile-check.sh" "$@"
  cp stub.log out
}
compile_check 0 "pairs" names/a.fault names/a.nft names/b.fault names/c.nft names/README.md
expect_stdout_line "compile --check -t nft -o names/a.nft names/a.fault" "a pair staged together is checked once"
if [ "$(wc -l <stub.log)" -eq 1 ]; then pass; else fail "only a.fault has an artifact beside it"; fi
compile_check 0 "--target iptables" --target iptables names/d.fault names/a.nft names/d.sh
expect_stdout_line "compile --check -t iptables -o names/d.sh names/d.fault" "iptables pairs NAME.sh"
if [ "$(wc -l <stub.log)" -eq 1 ]; then pass; else fail "a.nft is not an iptables artifact"; fi
expect_exit 1 "compile-check script: faultc's status" -- env PATH="$work/stub:$PATH" STUB_LOG="$work/stub.log" STUB_EXIT=1 \
  "$source_dir/scripts/ci/pre-commit-compile-check.sh" names/a.nft
compile_check 2 "an unknown target" --target pf names/a.fault

# ---------------------------------------------------------------- compile --check
if ! "$faultc" compile --help 2>/dev/null | grep -q -- --check; then
  echo "NOTE: faultc-compile-check not tested: this faultc has no \`compile --check\` (issue 26's branch \`check\`)"
else
  "$faultc" compile -t nft -o files/good.nft files/good.fault
  hook 0 faultc-compile-check "an artifact in sync passes" files/good.fault files/good.nft
  hook 0 faultc-compile-check "a scenario without an artifact is skipped" files/w104.fault
  printf '# edited by hand\n' >>files/good.nft
  hook 1 faultc-compile-check "a stale artifact fails" files/good.fault files/good.nft
  expect_stdout "# edited by hand" "the diff shows the stale line"
  "$faultc" compile -t nft -o files/good.nft files/good.fault
  printf 'host victim = 10.0.0.5\nfrom victim drop for 4m\n' >files/good.fault
  hook 1 faultc-compile-check "a scenario edited after compiling fails" files/good.fault files/good.nft
fi

# ---------------------------------------------------------------- nothing outside
if [ -e "$work/cache/pre-commit" ]; then pass; else fail "pre-commit did not use PRE_COMMIT_HOME"; fi

finish
