#!/usr/bin/env bash
# Transform soak: one refreshing process (`./commitstats transform --every PERIOD`) over a full run
# and SOAK_RUNS (default 50) incremental runs, each after 1% newer commits arrived as another
# ingest run, then one run with nothing new. After each run it prints the run's time, the heap
# after a full collection (jcmd GC.run, then GC.heap_info), metaspace and resident memory. At the
# end one full run over a copy of the same raw layer, in a new process, must hold the same rows
# as the refreshed lake in every table (./commitstats compare-lakes).
#
#   bench/soak-transform.sh [COMMITS]     (default 20,000 base commits; 50 x 1% on top)
#
# The increments are written once, before the soak, into a staging lake (one synthetic-lake
# process); between runs the next one is moved into the lake in the order ingest publishes a
# batch (repos, file and dependency rows, the commits last), so a run never sees half of one.
# Passes when every run succeeded, the lakes are equal and the heap after the last refresh is
# within 25% (or 64 MB) of the heap after the first refreshes (medians of ten, runs 2 on). Environment: SOAK_DIR (default
# target/soak-transform), SOAK_RUNS, SOAK_PERIOD (default 60s; longer than a refresh, or the
# next run starts at once: the heap is then not measured, and that run may find nothing new), SOAK_HEAP (default 4g).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMITS="${1:-20000}"
RUNS="${SOAK_RUNS:-50}"
INCREMENT=$(( COMMITS / 100 ))
SPAN=$(( COMMITS + RUNS * INCREMENT ))
DIR="${SOAK_DIR:-$ROOT/target/soak-transform}"
LAKE="$DIR/lake"
STAGING="$DIR/staging"
FULL="$DIR/full"
PERIOD="${SOAK_PERIOD:-60s}"
case "$PERIOD" in
  *s) PERIOD_SECONDS="${PERIOD%s}" ;;
  *m) PERIOD_SECONDS=$(( ${PERIOD%m} * 60 )) ;;
  *) echo "SOAK_PERIOD: seconds or minutes, e.g. 60s or 2m" >&2; exit 2 ;;
esac
CS="$ROOT/commitstats"

command -v jcmd >/dev/null 2>&1 || { echo "jcmd is needed (it comes with the JDK)" >&2; exit 2; }
"$CS" build spark-jobs tools/spark-tools
rm -rf "$LAKE" "$STAGING" "$FULL"
mkdir -p "$DIR"
echo "writing $COMMITS base commits and $RUNS increments of $INCREMENT..." >&2
"$CS" synthetic-lake --lake "$LAKE" --commits "$COMMITS" --span-commits "$SPAN" \
  --run 20260101T000000000Z-000001 > /dev/null
"$CS" synthetic-lake --lake "$STAGING" --from "$COMMITS" --commits "$INCREMENT" \
  --span-commits "$SPAN" --runs "$RUNS" --run 20260102T000000000Z-000002 > /dev/null

# feed N: moves increment N (run sequence N + 1) into the lake, commits last.
feed() {
  local run table
  run="$(printf 'synthetic-20260102T000000000Z-%06d' $(( $1 + 1 )))"
  for table in repos file_changes dependency_changes commits; do
    if [[ -d "$STAGING/raw/$table/$run" ]]; then
      mkdir -p "$LAKE/raw/$table"
      mv "$STAGING/raw/$table/$run" "$LAKE/raw/$table/$run"
    fi
  done
}

LOG="$DIR/transform.log"
COMMITSTATS_JAVA_OPTS="-Xmx${SOAK_HEAP:-4g} ${COMMITSTATS_JAVA_OPTS:-}" \
  "$CS" transform --lake "$LAKE" --every "$PERIOD" --runs $(( RUNS + 2 )) > "$LOG" 2> "$DIR/transform.err" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT

# failures: the failed runs' lines; ended: how many runs have ended (in the order they ended,
# assuming failures come last, which only matters for the printed line of a failing soak).
failures() { grep '^commitstats transform: ' "$DIR/transform.err" | grep -v 'quarantined' || true; }
ended() { echo $(( $(grep -c '^transform' "$LOG" || true) + $(failures | wc -l) )); }

# cpu_ticks: the process's CPU time so far (user + system, in clock ticks)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
# wait_idle: until the process has used under 0.1 s of CPU in a second (its between-runs collection
# and Spark's threads finished), at most 30 s; what a process holds while it waits for its next run
wait_idle() {
  local before after i
  for i in $(seq 1 30); do
    before="$(cpu_ticks)"; sleep 1; after="$(cpu_ticks)"
    (( after - before < 10 )) && return 0
  done
}

heap_info() {
  wait_idle
  jcmd "$PID" GC.run > /dev/null
  jcmd "$PID" GC.heap_info > "$DIR/heap-info.txt"
  awk '$1 != "Metaspace" && /total [0-9]+K, used [0-9]+K/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); kb += v }
    } END { printf "%.1f ", kb / 1024 }' "$DIR/heap-info.txt"
  awk '$1 == "Metaspace" { v = $3; sub(/K.*/, "", v); printf "%.1f ", v / 1024 }' "$DIR/heap-info.txt"
  awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status"
}

echo "== transform soak: $COMMITS base commits, $RUNS refreshes of $INCREMENT commits, every $PERIOD"
printf '%-5s %-12s %-9s %-9s %-11s %-8s %s\n' run mode seconds heap-MB metaspace rss-MB rows
failed=0
heaps=()
for run in $(seq 1 $(( RUNS + 2 ))); do
  # the run's line: "transform run N (mode): ..., S s {stages}", "transform: nothing new ... (N ms)",
  # or a failed run's "commitstats transform: ..." on stderr
  while (( $(ended) < run )); do
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "the transform stopped before run $run ended; see $DIR/transform.err"
      exit 1
    fi
    sleep 0.2
  done
  line="$( (grep '^transform' "$LOG" || true; failures) | sed -n "${run}p")"
  case "$line" in
    "transform run "*)
      mode="$(echo "$line" | sed -E 's/^transform run [0-9]+ \(([^)]*)\).*/\1/')"
      secs="$(echo "$line" | sed -E 's/.*, ([0-9.]+) s \{.*/\1/')"
      rows="$(echo "$line" | sed -E 's/^transform run [0-9]+ \([^)]*\): ([^,]*,[^,]*),.*/\1/')" ;;
    "transform: nothing new"*)
      mode="nothing-new"
      secs="$(echo "$line" | sed -E 's/.*\(([0-9]+) ms\)$/\1/' | awk '{ printf "%.1f", $1 / 1000 }')"
      rows="" ;;
    *) mode="FAILED"; secs="-"; rows="$line"; failed=1 ;;
  esac
  if (( run <= RUNS )); then feed "$run"; fi
  heap="-"; meta="-"; rss="-"
  # measured while the process waits for its next run: not when this run outlasted the period
  # (then the next one started at once, and a heap in the middle of a run says nothing), nor when
  # too little of the period is left to wait for the process to be idle
  if (( run <= RUNS + 1 )) && awk -v s="$secs" -v p="$PERIOD_SECONDS" 'BEGIN { exit !(s != "-" && s + 15 < p) }'; then
    read -r heap meta rss <<< "$(heap_info)"
    if (( run >= 2 )); then heaps+=("$heap"); fi
  fi
  printf '%-5s %-12s %-9s %-9s %-11s %-8s %s\n' "$run" "$mode" "$secs" "$heap" "$meta" "$rss" "$rows"
done
wait "$PID" || failed=1
trap - EXIT
if [[ -n "$(failures)" ]]; then echo "FAIL: a run failed:"; failures; failed=1; fi
if (( ${#heaps[@]} < 2 )); then
  echo "FAIL: fewer than two refreshes ended early enough to measure the heap: make SOAK_PERIOD longer"
  exit 1
fi
# The heap after a full collection still varies from run to run (soft references of Spark's and
# Delta's caches, cleared only under pressure): compared as the median of the first and of the last
# ten measurements (a third of them, when fewer).
window=$(( ${#heaps[@]} / 3 )); (( window > 10 )) && window=10; (( window < 1 )) && window=1
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
first="$(median "${heaps[@]:0:$window}")"
last="$(median "${heaps[@]: -$window}")"
echo "heap after a full collection, ${#heaps[@]} runs measured: min $(printf '%s\n' "${heaps[@]}" | sort -n | head -1) MB, max $(printf '%s\n' "${heaps[@]}" | sort -n | tail -1) MB; median of the first $window $first MB, of the last $window $last MB"
if awk -v a="$first" -v b="$last" 'BEGIN { exit !(b > a * 1.25 && b - a > 64) }'; then
  echo "FAIL: the heap grew by more than 25% and 64 MB"; failed=1
fi

echo "one full run over a copy of the same raw layer, then both lakes compared..." >&2
mkdir -p "$FULL" && cp -r "$LAKE/raw" "$FULL/raw"
COMMITSTATS_JAVA_OPTS="-Xmx${SOAK_HEAP:-4g} ${COMMITSTATS_JAVA_OPTS:-}" \
  "$CS" transform --lake "$FULL" | tail -n 1 >&2
"$CS" compare-lakes --a "$LAKE" --b "$FULL" || failed=1
if [[ "$failed" == 0 ]]; then echo "PASS: every run succeeded, heap flat, the lakes equal"; else echo "FAIL"; fi
exit "$failed"
