#!/bin/sh
# The faultc-compile-check hook (.pre-commit-hooks.yaml): for each staged
# scenario or artifact, checks that the artifact checked in beside the
# scenario (half-open.nft next to half-open.fault) is what
# `faultc compile --check` would write now. A scenario with no artifact
# beside it has nothing checked in and is skipped, and so is an artifact
# with no scenario beside it: a folder of artifacts compiled from elsewhere
# is checked as a whole with `faultc compile --check -o DIR/ FILES`.
# Usage: pre-commit-compile-check.sh [--target TARGET] FILE...
set -u
target=nft
if [ "${1:-}" = "--target" ] || [ "${1:-}" = "-t" ]; then
  target=${2:?"--target needs a value"}
  shift 2
fi
# The names `faultc compile -o DIR/` gives (compiler/driver/artifact_files).
case "$target" in
  nft) suffix=.nft ;;
  iptables) suffix=.sh ;;
  iptables-restore) suffix=.v4.rules ;;
  ip6tables-restore) suffix=.v6.rules ;;
  *)
    echo "faultc-compile-check: unknown target '$target' (nft, iptables, iptables-restore, ip6tables-restore)" >&2
    exit 2
    ;;
esac

status=0
checked='
'
for file in "$@"; do
  case "$file" in
    *.fault) scenario=$file ;;
    *"$suffix") scenario="${file%"$suffix"}.fault" ;;
    *) continue ;;
  esac
  artifact="${scenario%.fault}$suffix"
  if [ ! -f "$scenario" ] || [ ! -f "$artifact" ]; then continue; fi
  # A scenario and its artifact both staged: check the pair once.
  case "$checked" in *"
$scenario
"*) continue ;; esac
  checked="$checked$scenario
"
  faultc compile --check -t "$target" -o "$artifact" "$scenario"
  code=$?
  if [ "$code" -gt "$status" ]; then status=$code; fi
done
exit "$status"
