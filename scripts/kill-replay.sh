#!/usr/bin/env bash
# N SIGKILLs at random moments of deterministic runs (from start-up to past their end), each followed by
# `replay --verify`. Every replay must verify (exit 0) or say incomplete (exit 4, also for a run killed before its
# configuration or its journal held anything); never a stack trace, a JVM crash or another status.
# Usage: scripts/kill-replay.sh [N=100] [SEED=1]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100}"
RANDOM="${2:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/dirtyvram" scenarios >/dev/null # build once, then run a copy: rebuilding meanwhile cannot disturb it
cp "$here"/simulations/target/simulations-*.jar "$work/dirtyvram.jar"
cp -r "$here/simulations/target/lib" "$work/lib"
dirtyvram() { java -cp "$work/dirtyvram.jar:$work/lib/*" dev.dirtyvram.simulations.Main "$@"; }
run_in_background() { exec java -cp "$work/dirtyvram.jar:$work/lib/*" dev.dirtyvram.simulations.Main "$@"; } # $! is the JVM
verified=0; incomplete=0; nodir=0; bad=0
for i in $(seq 1 "$n"); do
  out="$work/kill-$i"
  run_in_background run --mode deterministic --duration 1500ms --out "$out" >"$work/run.log" 2>&1 &
  pid=$!
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + (r % 700) / 100 }')"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  run="$(ls -d "$out"/*/ 2>/dev/null | head -1)"
  # no directory, or an empty one (killed between making it and writing its first file): nothing was left to read
  if [ -z "$run" ] || [ -z "$(ls -A "$run")" ]; then nodir=$((nodir + 1)); continue; fi
  dirtyvram replay "$run" --verify >"$work/replay.out" 2>"$work/replay.err"
  rc=$?
  if grep -q $'\tat \|internal error\|hs_err' "$work/replay.err" || ls ./hs_err* >/dev/null 2>&1; then rc=99; fi
  case "$rc" in
    0) verified=$((verified + 1)) ;;
    4) incomplete=$((incomplete + 1)) ;;
  esac
  if [ "$rc" != 0 ] && [ "$rc" != 4 ]; then
    bad=$((bad + 1)); echo "kill $i: replay exit $rc: $(head -c 300 "$work/replay.err")" >&2
  fi
  printf '\rkill %d/%d: %d verified, %d incomplete, %d before any file, %d bad' \
    "$i" "$n" "$verified" "$incomplete" "$nodir" "$bad" >&2
done
echo >&2
echo "$n kills: $verified verified, $incomplete incomplete, $nodir killed before the run directory held a file, $bad bad"
[ "$bad" -eq 0 ]
