#!/usr/bin/env bash
# Times `vigil test rules` (release build) against Debian's `promtool test rules` on the generated suite,
# in one run, and prints wall time and peak memory of each. Extra arguments go to generate.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 "$here/generate.py" "$out" "$@"
(cd "$root" && swift build -c release --product vigil >/dev/null)
vigil="$root/.build/release/vigil"
measure() {
  local name=$1; shift
  /usr/bin/time -f "$name: %e s wall, %M KiB peak RSS, exit %x" "$@" >"$out/$name.out" 2>"$out/$name.err" || true
  tail -n 1 "$out/$name.err"
  grep -E "passed|SUCCESS|FAILED" "$out/$name.out" "$out/$name.err" | head -3 | sed "s/^/  /"
}
measure vigil "$vigil" test rules "$out/tests.yml"
if command -v promtool >/dev/null; then
  measure promtool promtool test rules "$out/tests.yml"
else
  echo "promtool: not installed (apt-get install prometheus)"
fi
