#!/usr/bin/env bash
# Runs of any length (README, "Measured here"): the default scenario in each mode for DURATION of run time in a 1 GiB
# heap, the process's resident memory sampled when the run has done 10, 20, 50 and 90 % of its run time (1, 2, 5 and 9
# minutes of a 10-minute run: read from the progress lines the run writes to a log) and its peak over the whole run, a heap
# histogram's largest classes at the first and the last sample, then replay --verify of the journaled runs.
#   [MODES="deterministic"] scripts/long-runs.sh [DURATION (default 10m)] [OUT (default runs/long-runs)]
# Prints one line per sample and a summary table; exit 1 when a run or a replay does not end as it should.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
duration=${1:-10m}
out=${2:-$here/runs/long-runs}
heap=${HEAP:-1g}
mkdir -p "$out"
"$here/dirtyvram" scenarios >/dev/null # builds the program first, outside the measurement
samples="10 20 50 90"
status=0
summary=()
for mode in ${MODES:-reference deterministic concurrent}; do
  dir="$out/$mode"
  rm -rf "$dir"; mkdir -p "$dir"
  start=$(date +%s)
  DIRTYVRAM_JAVA_OPTS="-Xmx$heap" "$here/dirtyvram" run --mode "$mode" --duration "$duration" --out "$dir" --json \
    > "$dir/run.json" 2> "$dir/run.err" &
  launcher=$!
  pid=""
  for _ in $(seq 1 100); do
    pid=$(pgrep -f -n "dev.dirtyvram.simulations.Main run --mode $mode --duration $duration --out $dir" || true)
    [ -n "$pid" ] && break
    sleep 0.2
  done
  peak=0
  rss_at=""
  set -- $samples
  while kill -0 "$launcher" 2>/dev/null; do
    r=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ')
    [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
    # The run's progress: "running: 34% after 120 s" (a line every 10 s of wall time).
    pct=$(grep -o 'running: [0-9]*%' "$dir/run.err" 2>/dev/null | tail -1 | tr -dc '0-9')
    if [ -n "$pct" ] && [ $# -gt 0 ] && [ "$pct" -ge "$1" ] && [ -n "$r" ]; then
      rss_at="$rss_at ${pct}%=$(( r / 1024 ))MB"
      echo "$mode: at ${pct}% of its run time resident $(( r / 1024 )) MB"
      if [ "$1" = 10 ] || [ "$1" = 90 ]; then jcmd "$pid" GC.class_histogram 2>/dev/null | head -12 > "$dir/histogram-${1}pct.txt"; fi
      shift
    fi
    sleep 2
  done
  wait "$launcher"; code=$?
  wall=$(( $(date +%s) - start ))
  line=$(python3 - "$dir/run.json" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
i = t.rfind("\n{"); t = t[i + 1:] if i >= 0 else t
try:
    d = json.loads(t)
    print(f"{d['verdict']}, stores {d['achievedStoreRatio']:.3f}, harvests {d['achievedHarvestRatio']:.3f}, "
          f"journal {d.get('journalBytes', 0) / max(1, d['guestWrites']):.2f} B/store, {d.get('eventsPersisted', 0)} events")
except Exception as e:
    print("no summary:", e)
PY
)
  verify="-"
  if [ "$mode" != reference ]; then
    run=$(ls -d "$dir"/*/ | head -1)
    if "$here/dirtyvram" replay "$run" --verify > "$dir/replay.out" 2> "$dir/replay.err"; then verify="verified"
    else verify="replay failed ($(tail -1 "$dir/replay.err"))"; status=1; fi
  fi
  [ "$code" = 0 ] || status=1
  summary+=("$(printf '%-13s exit %s  wall %5ss  peak resident %5s MB  at%s  %s  %s' "$mode" "$code" "$wall" $(( peak / 1024 )) "$rss_at" "$line" "$verify")")
done
echo
echo "runs of $duration in a $heap heap (default scenario):"
printf '  %s\n' "${summary[@]}"
exit $status
