#!/bin/sh
# The shell completions: bash's driven in a bash subprocess the way bash
# drives it (COMP_WORDS, COMP_CWORD, then the completion function);
# checked by shellcheck; zsh's and fish's parsed by their shells when installed
# (CI does not install them: skipped with a note).
# Usage: completion_test.sh FAULTC SOURCE_DIR COMPLETIONS_BUILD_DIR
set -u
faultc=$1
source_dir=$2
completions=$3
. "$source_dir/tests/cli/lib.sh"

# complete WORD...: what bash offers for the last word, one per line, sorted.
complete_words() {
  bash -c '
    . "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _faultc
    [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
  ' complete "$completions/faultc.bash" "$@" 2>"$work/err" | sort >"$work/out"
}

expect_offers() {  # expect_offers "WANT WORDS" -- COMMAND LINE WORDS
  want=$(printf '%s\n' $1 | sort)
  shift 2
  complete_words "$@"
  if [ "$(cat "$work/out")" = "$want" ]; then pass; else
    fail "completing '$*' offers $(tr '\n' ' ' <"$work/out")instead of: $(echo $want)"
  fi
}

expect_offers "compile" -- faultc comp
expect_offers "nft iptables iptables-restore ip6tables-restore ansible" -- faultc compile -t ""
expect_offers "iptables iptables-restore" -- faultc compile --target ipt
expect_offers "--target --teardown" -- faultc compile x.fault --t
expect_offers "text json sarif github" -- faultc lint --format ""
expect_offers "nft iptables iptables-legacy" -- faultc run -t ""
expect_offers "" -- faultc compile --at ""

# Every subcommand of `faultc --help`, and not the hidden __watchdog.
help_subcommands "$faultc" >"$work/subcommands"
expect_offers "$(cat "$work/subcommands") -h --help --version" -- faultc ""
# Every option spelling of every subcommand's --help.
while read -r sub; do
  expect_offers "$(help_options "$faultc" "$sub")" -- faultc "$sub" -
done <"$work/subcommands"

# Files: .fault files and directories, not other files.
mkdir -p "$work/tree/sub"
touch "$work/tree/a.fault" "$work/tree/b.fault" "$work/tree/notes.txt"
cd "$work/tree" || exit 2
expect_offers "a.fault b.fault sub" -- faultc check ""
expect_offers "a.fault" -- faultc compile -t nft a
expect_offers "sub" -- faultc lint --include-path ""
cd "$work" || exit 2

# revert: the active scenarios' names and ids, from `faultc status --json`
# (a stand-in faultc prints it: the real one needs root and a kernel).
cat >"$work/fake-faultc" <<'FAKE'
#!/bin/sh
[ "$1 $2" = "status --json" ] || exit 2
echo '{"active":[{"scenario":"half-open","id":"f0123abcd","backend":"nft","rules":[]},{"scenario":"flaky-db","id":"f0456","backend":"iptables","rules":[]}]}'
FAKE
chmod +x "$work/fake-faultc"
expect_offers "half-open" -- "$work/fake-faultc" revert h
expect_offers "f0123abcd f0456" -- "$work/fake-faultc" revert f0
expect_offers "flaky-db f0123abcd f0456 half-open" -- "$work/fake-faultc" revert ""
expect_offers "" -- "$work/fake-faultc" status ""

expect_exit 0 "shellcheck of the bash completion" -- shellcheck -s bash "$completions/faultc.bash"
if command -v zsh >/dev/null 2>&1; then
  expect_exit 0 "zsh -n _faultc" -- zsh -n "$completions/_faultc"
else
  echo "SKIPPED: zsh is not installed: _faultc not parsed"
fi
if command -v fish >/dev/null 2>&1; then
  expect_exit 0 "fish -n faultc.fish" -- fish -n "$completions/faultc.fish"
else
  echo "SKIPPED: fish is not installed: faultc.fish not parsed"
fi
finish
