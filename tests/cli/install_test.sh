#!/bin/sh
# `cmake --install` into a temporary DESTDIR: every file lands where
# GNUInstallDirs says (the directories come from the build's cache), nothing
# else is installed, and the installed binary and man pages work from there.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR VERSION MAN(ON|OFF) BINDIR MANDIR DATADIR DOCDIR
#   (the CMAKE_INSTALL_FULL_* values)
set -u
build_dir=$1
source_dir=$2
version=$3
man=$4
bindir=$5
mandir=$6
datadir=$7
docdir=$8
faultc=unused
. "$source_dir/tests/cli/lib.sh"
dest="$work/dest"

expect_exit 0 "cmake --install" -- env DESTDIR="$dest" cmake --install "$build_dir"

# The exact list: a file missing, misplaced or extra fails.
{
  echo "$bindir/faultc"
  echo "$datadir/bash-completion/completions/faultc"
  echo "$datadir/zsh/vendor-completions/_faultc"
  echo "$datadir/fish/vendor_completions.d/faultc.fish"
  echo "$docdir/README.md"
  (cd "$source_dir/docs" && ls -- *.md) | sed "s|^|$docdir/|"
  (cd "$source_dir/examples" && find . -name '*.fault') | sed "s|^\./|$docdir/examples/|"
  if [ "$man" = ON ]; then
    echo "$mandir/man1/faultc.1"
    for sub in check lint compile test explain plan fmt run revert status; do echo "$mandir/man1/faultc-$sub.1"; done
    echo "$mandir/man5/fault.5"
  fi
} | sort >"$work/want"
(cd "$dest" && find . -type f | sed 's|^\.||' | sort) >"$work/got"
if cmp -s "$work/want" "$work/got"; then pass; else
  fail "the installed files are not the expected ones (- expected, + installed)"
  diff "$work/want" "$work/got" | sed -n 's/^[<>]/  &/p' | sed 's/^  </  -/; s/^  >/  +/'
fi

expect_exit 0 "the installed binary runs" -- "$dest$bindir/faultc" --version
expect_stdout_line "faultc $version" "--version"
expect_exit 0 "the installed binary checks an installed example" -- "$dest$bindir/faultc" check "$dest$docdir/examples/half-open.fault"
[ -x "$dest$bindir/faultc" ] && pass || fail "bin/faultc is not executable"
if [ "$man" = ON ]; then
  # man finds the pages by name in the installed tree, in both sections.
  expect_exit 0 "man -w finds faultc-compile(1)" -- man -M "$dest$mandir" -w faultc-compile
  expect_stdout "$dest$mandir/man1/faultc-compile.1" "man -w faultc-compile"
  expect_exit 0 "man -w finds fault(5)" -- man -M "$dest$mandir" -w 5 fault
  expect_stdout "$dest$mandir/man5/fault.5" "man -w 5 fault"
fi
finish
