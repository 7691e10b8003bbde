#!/usr/bin/env bash
# Journal events and bytes a guest store of a run of the default scenario under every built-in strategy, in
# deterministic and concurrent mode (README, "Runs of any length").
#   scripts/journal-sizes.sh [DURATION (default 2s)]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
duration=${1:-2s}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$here/dirtyvram" scenarios >/dev/null # builds the program first
printf '%-12s %-14s %8s %12s %12s %14s\n' strategy mode events "guest stores" "journal B" "B a store"
for strategy in linear-walk sl1ma logdirty-wp dbit-paused memcmp; do
  for mode in deterministic concurrent; do
    "$here/dirtyvram" run --strategy "$strategy" --mode "$mode" --duration "$duration" --out "$out" --json 2>/dev/null \
      | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("%-12s %-14s %8d %12d %12d %14.2f" % (sys.argv[1], sys.argv[2], d["eventsPersisted"], d["guestWrites"], d["journalBytes"],
      d["journalBytes"] / max(1, d["guestWrites"])))' "$strategy" "$mode" || true
  done
done
