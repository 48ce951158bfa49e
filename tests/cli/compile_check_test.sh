#!/bin/sh
# `faultc compile --check` and compiling several scenarios into a folder:
# in sync (0), stale (1 and a diff), missing (1), orphaned (1), the names a
# folder's files get, the same name twice refused, and --check never writes.
# Usage: compile_check_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
. "$source_dir/tests/cli/lib.sh"

# What a directory holds, with each file's size, mode and mtime down to the
# nanosecond: --check must leave it exactly so.
snapshot() { find "$1" -exec stat -c '%n %s %a %.9Y' {} + | sort; }
same_snapshot() {  # same_snapshot BEFORE DIR DESCRIPTION
  snapshot "$2" >"$work/after"
  if cmp -s "$1" "$work/after"; then pass; else fail "$3: --check changed $2"; diff "$1" "$work/after" | sed 's/^/  | /'; fi
}
same_file() {  # same_file A B DESCRIPTION
  if cmp -s "$1" "$2"; then pass; else fail "$3: $1 and $2 differ"; fi
}

# A repository of its own: lib.sh keeps what each command printed in $work.
mkdir "$work/repo" && cd "$work/repo" || exit 2
mkdir scenarios other
cp "$source_dir/examples/half-open.fault" scenarios/half-open.fault
cp "$source_dir/examples/partition.fault" scenarios/partition.fault
cp "$source_dir/examples/half-open-block.fault" other/half-open.fault
restore_start="--start 2026-01-01T00:00:00Z"

# One file, every target, with and without --teardown / --at / --start: the
# file a compile writes is in sync with what --check compiles.
for case in "-t nft" "-t nft --teardown" "-t nft --at 1m" "-t iptables" "-t iptables --teardown" \
  "-t iptables-restore $restore_start" "-t iptables-restore --teardown" "-t ip6tables-restore $restore_start"; do
  rm -f one.out
  # shellcheck disable=SC2086 # the case's words, split on purpose
  expect_exit 0 "compile $case" -- "$faultc" compile $case -o one.out scenarios/half-open.fault
  # shellcheck disable=SC2086
  expect_exit 0 "--check $case, in sync" -- "$faultc" compile --check $case -o one.out scenarios/half-open.fault
  expect_silence "--check $case, in sync"
done
# The same file under other options is not in sync: --check compiles with them.
"$faultc" compile -t nft --teardown -o one.out scenarios/half-open.fault
expect_exit 1 "--check without the --teardown it was written with" -- \
  "$faultc" compile --check -t nft -o one.out scenarios/half-open.fault

# Stale: exit 1, the file named, a unified diff from the file to what
# compiles, and the file untouched.
"$faultc" compile -t nft -o half-open.nft scenarios/half-open.fault
printf '# edited by hand\n' >>half-open.nft
cp half-open.nft stale.copy
snapshot . >"$work/before"
expect_exit 1 "stale" -- "$faultc" compile --check -t nft -o half-open.nft scenarios/half-open.fault
expect_stdout_line "half-open.nft: stale (differs from what scenarios/half-open.fault compiles to)" "stale names the file"
expect_stdout_line "--- half-open.nft" "stale diff header"
expect_stdout_line "+++ half-open.nft" "stale diff header"
expect_stdout_line "-# edited by hand" "stale diff shows the line to remove"
expect_stderr "1 stale" "stale summary"
same_snapshot "$work/before" . "stale"
same_file half-open.nft stale.copy "stale"
# The diff is one `patch` applies: the file is then what compiles.
if command -v patch >/dev/null; then
  sed -n '/^--- /,$p' "$work/out" | patch -s half-open.nft
  expect_exit 0 "stale, patched with the diff" -- "$faultc" compile --check -t nft -o half-open.nft scenarios/half-open.fault
fi

# Missing: exit 1, a clear line, and nothing created.
snapshot . >"$work/before"
expect_exit 1 "missing" -- "$faultc" compile --check -t nft -o absent.nft scenarios/half-open.fault
expect_stdout_line "absent.nft: missing (scenarios/half-open.fault compiles to it)" "missing message"
expect_stderr "1 missing" "missing summary"
same_snapshot "$work/before" . "missing"

# A folder: predictable names, each file what a single compile prints.
expect_exit 0 "folder, nft" -- "$faultc" compile -t nft -o out/ scenarios/half-open.fault scenarios/partition.fault
expect_silence "folder, nft"
for name in half-open partition; do
  "$faultc" compile -t nft "scenarios/$name.fault" >"$work/want.nft"
  same_file "out/$name.nft" "$work/want.nft" "folder, $name.nft"
done
expect_exit 0 "folder, nft --teardown" -- "$faultc" compile -t nft --teardown -o out scenarios/half-open.fault scenarios/partition.fault
expect_exit 0 "folder, iptables" -- "$faultc" compile -t iptables -o out/ scenarios/half-open.fault
# shellcheck disable=SC2086 # the option and its value
expect_exit 0 "folder, iptables-restore" -- "$faultc" compile -t iptables-restore $restore_start -o out/ scenarios/half-open.fault
# shellcheck disable=SC2086 # the option and its value
expect_exit 0 "folder, ip6tables-restore" -- "$faultc" compile -t ip6tables-restore $restore_start -o out/ scenarios/half-open.fault
ls out >"$work/listing"
printf '%s\n' half-open.nft half-open.sh half-open.teardown.nft half-open.v4.rules half-open.v6.rules partition.nft \
  partition.teardown.nft >"$work/want-listing"
same_file "$work/listing" "$work/want-listing" "the folder's names"
[ "$(stat -c %a out/half-open.sh)" = 755 ] && pass || fail "the shell script is executable"
# A single file with a trailing slash is a folder too; without one, an
# output file (tests/cli/hostile_inputs_test.sh: a directory in the way).
expect_exit 0 "one file into a folder" -- "$faultc" compile -t nft -o single/ scenarios/half-open.fault
[ -f single/half-open.nft ] && pass || fail "one file into a folder: no single/half-open.nft"

# A folder in sync, then each way out of sync. Teardowns and the other
# targets' files beside the artifacts are not orphans.
snapshot out >"$work/before"
expect_exit 0 "folder in sync" -- "$faultc" compile --check -t nft -o out/ scenarios/*.fault
expect_silence "folder in sync"
expect_exit 0 "folder teardowns in sync" -- "$faultc" compile --check --teardown -t nft -o out/ scenarios/*.fault
same_snapshot "$work/before" out "folder in sync"
cp out/partition.nft partition.keep
rm out/partition.nft
printf 'stale\n' >out/half-open.nft
printf 'table inet gone {}\n' >out/gone.nft
snapshot out >"$work/before"
expect_exit 1 "folder: missing, stale, orphaned" -- "$faultc" compile --check -t nft -o out/ scenarios/*.fault
expect_stdout_line "out/partition.nft: missing (scenarios/partition.fault compiles to it)" "folder missing"
expect_stdout_line "out/half-open.nft: stale (differs from what scenarios/half-open.fault compiles to)" "folder stale"
expect_stdout_line "-stale" "folder stale diff"
expect_stdout_line "out/gone.nft: orphaned (no gone.fault among the inputs)" "folder orphaned"
expect_no_stdout "half-open.teardown.nft" "a teardown is not an orphan"
expect_no_stdout "half-open.sh" "another target's file is not an orphan"
expect_stderr "1 missing, 1 stale, 1 orphaned" "folder summary"
same_snapshot "$work/before" out "folder out of sync"
# Only the orphan: still exit 1.
"$faultc" compile -t nft -o out/ scenarios/*.fault
expect_exit 1 "folder: orphaned only" -- "$faultc" compile --check -t nft -o out/ scenarios/*.fault
expect_stdout_line "out/gone.nft: orphaned (no gone.fault among the inputs)" "orphaned only"
expect_no_stdout "missing" "orphaned only"
expect_no_stdout "stale" "orphaned only"
# Compiling again never deletes: the orphan stays until the user removes it.
[ -f out/gone.nft ] && pass || fail "compile deleted an orphan"
rm out/gone.nft
expect_exit 0 "folder in sync again" -- "$faultc" compile --check -t nft -o out/ scenarios/*.fault
# --check of a folder that does not exist: every file missing, none created.
expect_exit 1 "folder missing" -- "$faultc" compile --check -t nft -o nowhere/ scenarios/*.fault
expect_stderr "2 missing, 0 stale, 0 orphaned" "folder missing summary"
[ ! -e nowhere ] && pass || fail "--check created the folder"

# Refused up front, nothing written: two inputs of one name, several
# inputs into one file, standard input into a folder, --check without -o,
# --check of an Ansible run.
expect_exit 2 "the same name twice" -- "$faultc" compile -t nft -o clash/ scenarios/half-open.fault other/half-open.fault
expect_stderr "scenarios/half-open.fault and other/half-open.fault would both write half-open.*" "the same name twice"
[ ! -e clash ] && pass || fail "a refused compile created clash/"
expect_exit 2 "the same file twice" -- "$faultc" compile -t nft -o out/ scenarios/half-open.fault scenarios/half-open.fault
expect_exit 2 "several into a file" -- "$faultc" compile -t nft -o one.nft -- scenarios/half-open.fault scenarios/partition.fault
expect_stderr "name it with -o DIR/" "several into a file"
expect_exit 2 "several without -o" -- "$faultc" compile -t nft scenarios/half-open.fault scenarios/partition.fault
expect_exit 2 "stdin into a folder" -- sh -c "\"$faultc\" compile -o out/ - < scenarios/half-open.fault"
expect_exit 2 "--check without -o" -- "$faultc" compile --check scenarios/half-open.fault
expect_stderr "give -o FILE or -o DIR/" "--check without -o"
expect_exit 2 "--check -t ansible" -- "$faultc" compile --check -t ansible -o run scenarios/half-open.fault
expect_stderr "--check does not apply to -t ansible" "--check -t ansible"

# A scenario with errors: exit 1, the others still written and checked.
printf 'from victim drop for 1m\n' >scenarios/broken.fault
expect_exit 1 "a broken scenario among others" -- "$faultc" compile -t nft -o more/ scenarios/*.fault
[ -f more/half-open.nft ] && [ -f more/partition.nft ] && [ ! -e more/broken.nft ] && pass ||
  fail "a broken scenario among others: $(ls more)"
expect_exit 1 "--check with a broken scenario" -- "$faultc" compile --check -t nft -o more/ scenarios/*.fault
expect_no_stdout "orphaned" "a broken scenario's file is not an orphan"

# No temporary file is left anywhere.
# (write_file_atomically's are hidden files beside the target.)
leftovers=$(find . -mindepth 1 -name '.*' | head -5)
[ -z "$leftovers" ] && pass || fail "temporary files left: $leftovers"
finish
