#!/bin/sh
# `faultc fmt` from the outside: stdout, --check, --write, --diff, stdin,
# directories, syntax errors and exit codes.
# Usage: fmt_test.sh FAULTC SOURCE_DIR
set -u
faultc=$1
source_dir=$2
. "$source_dir/tests/cli/lib.sh"

expect_stdout_file() {  # expect_stdout_file FILE DESCRIPTION: stdout equals FILE
  if cmp -s "$1" "$work/out"; then
    pass
  else
    fail "$2: stdout differs"
    diff "$1" "$work/out" | sed 's/^/  | /'
  fi
}

expect_empty() {  # expect_empty out|err DESCRIPTION
  if [ -s "$work/$1" ]; then
    fail "$2: std$1 is not empty"
    sed 's/^/  | /' "$work/$1"
  else
    pass
  fi
}

mtime() { stat -c %Y "$1"; }

printf 'host   victim=10.0.0.5\nfrom victim to port 1234 allow syn,ack;drop rest for 4m   # the fault\n' >"$work/messy.fault"
printf 'host victim = 10.0.0.5\nfrom victim to port 1234 allow SYN, ACK; drop rest for 4m  # the fault\n' >"$work/canonical.txt"
cp "$work/canonical.txt" "$work/clean.fault"
printf 'host victim = 10.0.0.5\nfrom victim dorp for 4m\n' >"$work/bad.fault"

# Default: the canonical text on stdout, the file untouched.
cp "$work/messy.fault" "$work/messy.orig"
expect_exit 0 "print" -- "$faultc" fmt "$work/messy.fault"
expect_stdout_file "$work/canonical.txt" "print"
cmp -s "$work/messy.fault" "$work/messy.orig" && pass || fail "print changed the file"

# Standard input: `-` and no file at all.
expect_exit 0 "stdin with -" -- sh -c "\"$faultc\" fmt - < \"$work/messy.fault\""
expect_stdout_file "$work/canonical.txt" "stdin with -"
expect_exit 0 "stdin without a file" -- sh -c "\"$faultc\" fmt < \"$work/messy.fault\""
expect_stdout_file "$work/canonical.txt" "stdin without a file"
expect_exit 1 "stdin --check" -- sh -c "\"$faultc\" fmt --check - < \"$work/messy.fault\""
expect_stdout "<stdin>" "stdin --check lists <stdin>"
expect_exit 0 "stdin --check, canonical" -- sh -c "\"$faultc\" fmt --check < \"$work/clean.fault\""
expect_exit 2 "stdin --write" -- sh -c "\"$faultc\" fmt --write - < \"$work/messy.fault\""
expect_stderr "standard input cannot be rewritten" "stdin --write message"

# --check: exit 1 and the list of files that are not canonical, nothing else.
expect_exit 1 "--check, one unformatted" -- "$faultc" fmt --check "$work/messy.fault" "$work/clean.fault"
printf '%s\n' "$work/messy.fault" >"$work/want"
expect_stdout_file "$work/want" "--check lists only the unformatted file"
expect_exit 0 "--check, all canonical" -- "$faultc" fmt --check "$work/clean.fault"
expect_empty out "--check, all canonical"
cmp -s "$work/messy.fault" "$work/messy.orig" && pass || fail "--check changed the file"

# --diff: a unified diff of what would change; with --check it also fails.
expect_exit 0 "--diff" -- "$faultc" fmt --diff "$work/messy.fault" "$work/clean.fault"
cat >"$work/want" <<EOF
--- $work/messy.fault
+++ $work/messy.fault
@@ -1,2 +1,2 @@
-host   victim=10.0.0.5
-from victim to port 1234 allow syn,ack;drop rest for 4m   # the fault
+host victim = 10.0.0.5
+from victim to port 1234 allow SYN, ACK; drop rest for 4m  # the fault
EOF
expect_stdout_file "$work/want" "--diff output"
expect_exit 1 "--check --diff" -- "$faultc" fmt --check --diff "$work/messy.fault"
expect_stdout_file "$work/want" "--check --diff output"
expect_exit 0 "--diff, canonical" -- "$faultc" fmt --diff "$work/clean.fault"
expect_empty out "--diff, canonical"
# The diff applies: patch turns the file into its canonical form.
if command -v patch >/dev/null 2>&1; then
  cp "$work/messy.fault" "$work/patched.fault"
  "$faultc" fmt --diff "$work/patched.fault" | sed "s#$work/patched.fault#patched.fault#" >"$work/patch"
  (cd "$work" && patch -s -p0 <patch) && cmp -s "$work/patched.fault" "$work/canonical.txt" && pass ||
    fail "--diff does not apply with patch"
fi

# --write: rewrites a file that changes, and only that one.
cp "$work/messy.fault" "$work/rewrite.fault"
chmod 640 "$work/rewrite.fault"
touch -d '2001-01-01 00:00:00' "$work/clean.fault"
before_clean=$(mtime "$work/clean.fault")
expect_exit 0 "--write" -- "$faultc" fmt --write "$work/rewrite.fault" "$work/clean.fault"
expect_empty out "--write"
cmp -s "$work/rewrite.fault" "$work/canonical.txt" && pass || fail "--write did not rewrite the file"
[ "$(stat -c %a "$work/rewrite.fault")" = 640 ] && pass || fail "--write lost the file mode"
[ "$(mtime "$work/clean.fault")" = "$before_clean" ] && pass || fail "--write touched a canonical file"
touch -d '2001-01-01 00:00:00' "$work/rewrite.fault"
before=$(mtime "$work/rewrite.fault")
expect_exit 0 "--write again" -- "$faultc" fmt -w "$work/rewrite.fault"
[ "$(mtime "$work/rewrite.fault")" = "$before" ] && pass || fail "a second --write touched the file"
ls -a "$work" | grep -q '^\.rewrite' && fail "--write left a temporary file" || pass
expect_exit 2 "--write --check" -- "$faultc" fmt --write --check "$work/clean.fault"

# A syntax error: reported, exit 1, the file never rewritten.
cp "$work/bad.fault" "$work/bad.orig"
expect_exit 1 "syntax error" -- "$faultc" fmt "$work/bad.fault"
expect_stderr "bad.fault:2:13: error[F001]:" "syntax error position"
expect_empty out "syntax error: nothing on stdout"
expect_exit 1 "syntax error --write" -- "$faultc" fmt --write "$work/bad.fault" "$work/messy.orig"
cmp -s "$work/bad.fault" "$work/bad.orig" && pass || fail "--write changed a file with a syntax error"
expect_exit 1 "syntax error --check" -- "$faultc" fmt --check "$work/bad.fault"

# I/O errors: exit 2.
expect_exit 2 "missing file" -- "$faultc" fmt "$work/missing.fault"
expect_stderr "missing.fault: cannot open" "missing file message"
expect_exit 2 "missing file and a good one" -- "$faultc" fmt --check "$work/clean.fault" "$work/missing.fault"
expect_exit 2 "unknown option" -- "$faultc" fmt --frobnicate

# A directory: every *.fault under it, sorted, recursively.
mkdir -p "$work/tree/sub" "$work/tree/a"
cp "$work/messy.fault" "$work/tree/sub/z.fault"
cp "$work/messy.fault" "$work/tree/a/y.fault"
cp "$work/messy.fault" "$work/tree/b.fault"
cp "$work/clean.fault" "$work/tree/c.fault"
cp "$work/messy.fault" "$work/tree/notes.txt"
expect_exit 1 "--check DIR" -- "$faultc" fmt --check "$work/tree"
printf '%s\n' "$work/tree/a/y.fault" "$work/tree/b.fault" "$work/tree/sub/z.fault" >"$work/want"
expect_stdout_file "$work/want" "--check DIR lists the unformatted files, sorted"
expect_exit 0 "--write DIR/" -- "$faultc" fmt --write "$work/tree/"
cmp -s "$work/tree/sub/z.fault" "$work/canonical.txt" && pass || fail "--write DIR missed a nested file"
cmp -s "$work/tree/notes.txt" "$work/messy.fault" && pass || fail "--write DIR touched a file that is not .fault"
expect_exit 0 "--check DIR after --write" -- "$faultc" fmt --check "$work/tree/"

# CRLF and a byte order mark are normalized away.
printf '\357\273\277host a = 10.0.0.1\r\nfrom a drop for 1m\r\n' >"$work/crlf.fault"
printf 'host a = 10.0.0.1\nfrom a drop for 1m\n' >"$work/want"
expect_exit 0 "CRLF and BOM" -- "$faultc" fmt "$work/crlf.fault"
expect_stdout_file "$work/want" "CRLF and BOM"

# Formatting is idempotent on the command line too.
"$faultc" fmt "$work/messy.fault" >"$work/once.fault"
expect_exit 0 "formatting twice" -- "$faultc" fmt "$work/once.fault"
expect_stdout_file "$work/once.fault" "formatting twice"

# The shipped examples are canonical, as CI checks them.
expect_exit 0 "fmt --check examples/" -- sh -c "cd \"$source_dir\" && \"$faultc\" fmt --check examples/"
expect_empty out "fmt --check examples/"

finish
