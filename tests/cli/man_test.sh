#!/bin/sh
# The man pages: each renders without a warning (groff -ww) and through
# man -l; faultc(1) names every subcommand `faultc --help` lists, each has
# its page, and every option of `faultc SUB --help` appears in that page.
# Usage: man_test.sh FAULTC SOURCE_DIR MAN_BUILD_DIR
set -u
faultc=$1
source_dir=$2
pages=$3
. "$source_dir/tests/cli/lib.sh"

render() {  # render PAGE: plain ASCII text without overstrikes, in lines too long to wrap or hyphenate
  groff -man -Tascii -P-cbou -rLL=500n -rHY=0 "$1" >"$work/out" 2>"$work/err"
}

# The subcommands as `faultc --help` lists them (CLI11: two spaces, a name).
help_subcommands "$faultc" >"$work/subcommands"
[ "$(wc -l <"$work/subcommands")" -ge 10 ] && pass || fail "faultc --help lists fewer than 10 subcommands"

for page in "$pages/faultc.1" "$pages/fault.5" $(sed "s|^|$pages/faultc-|; s|\$|.1|" "$work/subcommands"); do
  if [ ! -f "$page" ]; then fail "no page $page"; continue; fi
  groff -man -Tutf8 -ww -z "$page" >"$work/out" 2>"$work/err"
  [ -s "$work/err" ] && fail "groff warns about $(basename "$page")" || pass
  MANWIDTH=80 man -l "$page" >"$work/out" 2>"$work/err"
  [ -s "$work/err" ] && fail "man -l warns about $(basename "$page")" || pass
  [ "$(wc -l <"$work/out")" -gt 10 ] && pass || fail "man -l $(basename "$page") renders almost nothing"
done

render "$pages/faultc.1"
while read -r sub; do
  grep -qE "^ {7}$sub( |\$)" "$work/out" && pass || fail "faultc(1) does not list $sub with --help's subcommands"
  expect_stdout "faultc-$sub(1)" "faultc(1) points to faultc-$sub(1)"
done <"$work/subcommands"

# Every option spelling (-t, --target, ...) of every subcommand's --help.
while read -r sub; do
  help_options "$faultc" "$sub" >"$work/options"
  [ -s "$work/options" ] && pass || fail "faultc $sub --help lists no option"
  render "$pages/faultc-$sub.1"
  while read -r option; do expect_stdout "$option" "faultc-$sub(1) has $option"; done <"$work/options"
  expect_stdout "faultc $sub" "faultc-$sub(1) shows the command"
done <"$work/subcommands"
finish
