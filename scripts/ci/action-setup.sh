#!/bin/sh
# The "Set up faultc" step of action.yml: makes a faultc binary ready for
# the lint step and names it in the step's outputs (path, version).
# FAULTC_FROM (the action's `faultc` input):
#   source     build it from the action's checkout (GITHUB_ACTION_PATH) into
#              RUNNER_TEMP, after `scripts/deps.sh build`; the binary's
#              folder goes on GITHUB_PATH for the job's later steps
#   installed  the faultc on PATH
#   *.deb      install that package with apt-get (relative to the workspace)
# Root work (apt-get) goes through sudo when the job is not root, as on
# GitHub's Ubuntu runners; a debian:12 container job is root.
set -eu

fail() {  # fail MESSAGE: an error annotation, and the step fails
  echo "::error title=faultc setup::$1"
  exit 2
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

from=${FAULTC_FROM:-source}
case "$from" in
  source)
    as_root "$GITHUB_ACTION_PATH/scripts/deps.sh" build
    build="$RUNNER_TEMP/faultc-build"
    cmake -S "$GITHUB_ACTION_PATH" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAULTC_TESTS=OFF >/dev/null
    cmake --build "$build" --target faultc
    faultc="$build/tools/faultc/faultc"
    echo "$build/tools/faultc" >>"$GITHUB_PATH"
    ;;
  installed)
    faultc=$(command -v faultc) || fail "faultc is not on PATH (input faultc: installed)"
    ;;
  *.deb)
    cd "${GITHUB_WORKSPACE:-.}"
    [ -f "$from" ] || fail "$from: no such package file (input faultc)"
    # apt-get takes a file only as a path: ./NAME, not NAME.
    case "$from" in /* | ./*) deb=$from ;; *) deb=./$from ;; esac
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb"
    faultc=$(command -v faultc) || fail "$from installed no faultc on PATH"
    ;;
  *)
    fail "input faultc is '$from'; want source, installed or a path to a .deb"
    ;;
esac

# One line: a step output is name=value.
version=$("$faultc" --version | head -n 1)
[ -n "$version" ] || fail "$faultc --version failed"
echo "faultc: using $faultc ($version)"
{
  echo "path=$faultc"
  echo "version=$version"
} >>"$GITHUB_OUTPUT"
