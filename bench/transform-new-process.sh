#!/usr/bin/env bash
# New-process transform benchmark: what each scheduled run (cron, a Glue job run) pays to start.
# Over a synthetic lake after its full run, each in a new process, taking turns, REPEAT times:
#   nothing new, decided by Spark (the baseline: -Dcommitstats.nothing-new-without-spark=false),
#   nothing new, decided without Spark (the run log read with Delta Kernel), no class archive,
#   the same with the launcher's class-data sharing archive,
# then a 1% refresh (its Delta tables restored before each try): without and with the archive,
# and with it and the C1 compiler only (-XX:TieredStopAtLevel=1).
# The archive is written once, as the launcher writes it after a build: by the first run (here a
# nothing-new one, which also loads a Spark run's classes for it). Prints min/median/max wall seconds and each figure's ratio to its
# baseline measured in the same run. Targets (issue 22): nothing new <= 3 s, 1% refresh <= 30 s.
#
#   bench/transform-new-process.sh [COMMITS]     (default 100,000 commits = 1M file changes)
#
# Environment: BENCH_DIR (default target/bench-new-process), BENCH_REPEAT (default 3),
# BENCH_HEAP (default 6g), BENCH_REUSE=1 keeps a generated lake and its full run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMITS="${1:-100000}"
INCREMENT=$(( COMMITS / 100 ))
REPEAT="${BENCH_REPEAT:-3}"
DIR="${BENCH_DIR:-$ROOT/target/bench-new-process}"
LAKE="$DIR/lake-$COMMITS"
export COMMITSTATS_JAVA_OPTS="-Xmx${BENCH_HEAP:-6g} ${COMMITSTATS_JAVA_OPTS:-}"
CS="$ROOT/commitstats"

now() { date +%s.%N; }
# stats SECONDS...: min/median/max
stats() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    printf "%6.2f / %6.2f / %6.2f", v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR] }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# timed COMMAND...: runs it (a ./commitstats transform, a new process), logs its last line, prints its wall seconds
timed() {
  local t0 t1 out
  t0=$(now)
  out=$("$@" 2>&1 | tail -n 1)
  t1=$(now)
  echo "$out" >> "$DIR/runs.log"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

mkdir -p "$DIR"
"$CS" build spark-jobs tools/spark-tools >&2
if [[ "${BENCH_REUSE:-0}" != 1 || ! -d "$LAKE/delta/_transform_runs" ]]; then
  rm -rf "$LAKE"
  echo "generating $COMMITS commits, then their full run..." >&2
  "$CS" synthetic-lake --lake "$LAKE" --commits "$COMMITS" --run 20260101T000000000Z-000001 >&2
  COMMITSTATS_CLASS_ARCHIVE=0 "$CS" transform --lake "$LAKE" >&2
fi
: > "$DIR/runs.log"

# The class archive lives beside the jars; written here once, before anything is timed.
archive_dir="$ROOT/spark-jobs/target/class-archives"
echo "writing the class archive (a nothing-new run)..." >&2
rm -rf "$archive_dir"
"$CS" transform --lake "$LAKE" >&2

spark_path=(); quick=(); quick_archive=()
for i in $(seq "$REPEAT"); do
  spark_path+=("$(COMMITSTATS_CLASS_ARCHIVE=0 \
    COMMITSTATS_JAVA_OPTS="$COMMITSTATS_JAVA_OPTS -Dcommitstats.nothing-new-without-spark=false" \
    timed "$CS" transform --lake "$LAKE")")
  quick+=("$(COMMITSTATS_CLASS_ARCHIVE=0 timed "$CS" transform --lake "$LAKE")")
  quick_archive+=("$(timed "$CS" transform --lake "$LAKE")")
  echo "  nothing new, try $i: Spark ${spark_path[-1]} s, without Spark ${quick[-1]} s, with archive ${quick_archive[-1]} s" >&2
done

echo "adding $INCREMENT newer commits (1%) as a new ingest run..." >&2
rm -rf "$DIR/delta-before"
cp -r "$LAKE/delta" "$DIR/delta-before"
"$CS" synthetic-lake --lake "$LAKE" --from "$COMMITS" --commits "$INCREMENT" \
  --span-commits "$COMMITS" --run 20260102T000000000Z-000002 >&2
restore() { rm -rf "$LAKE/delta" && cp -r "$DIR/delta-before" "$LAKE/delta"; }

refresh=(); refresh_archive=(); refresh_c1=()
for i in $(seq "$REPEAT"); do
  refresh+=("$(COMMITSTATS_CLASS_ARCHIVE=0 timed "$CS" transform --lake "$LAKE")")
  restore
  refresh_archive+=("$(timed "$CS" transform --lake "$LAKE")")
  restore
  # C1 only (and the archive): quicker compiles, slower code, a short run's trade
  refresh_c1+=("$(COMMITSTATS_JAVA_OPTS="$COMMITSTATS_JAVA_OPTS -XX:TieredStopAtLevel=1" \
    timed "$CS" transform --lake "$LAKE")")
  restore
  echo "  1% refresh, try $i: ${refresh[-1]} s, with archive ${refresh_archive[-1]} s, C1 only ${refresh_c1[-1]} s" >&2
done
rm -rf "$DIR/delta-before"
# the lake as a later BENCH_REUSE=1 run expects it: its increment gone, its tables those of the full run
find "$LAKE/raw" -mindepth 2 -maxdepth 2 -name '*20260102T000000000Z-000002*' -exec rm -rf {} +

base_noop=$(median "${spark_path[@]}")
base_refresh=$(median "${refresh[@]}")
echo
echo "== new-process transform ($COMMITS commits, $(( COMMITS * 10 )) file changes; wall s, min / median / max of $REPEAT, taking turns)"
printf 'nothing new, decided by Spark (baseline)  %s\n' "$(stats "${spark_path[@]}")"
printf 'nothing new, without Spark                %s   %sx baseline   (target <= 3 s)\n' \
  "$(stats "${quick[@]}")" "$(ratio "$(median "${quick[@]}")" "$base_noop")"
printf 'nothing new, without Spark, class archive %s   %sx baseline\n' \
  "$(stats "${quick_archive[@]}")" "$(ratio "$(median "${quick_archive[@]}")" "$base_noop")"
printf '1%% refresh (baseline)                     %s   (target <= 30 s)\n' "$(stats "${refresh[@]}")"
printf '1%% refresh, class archive                %s   %sx baseline\n' \
  "$(stats "${refresh_archive[@]}")" "$(ratio "$(median "${refresh_archive[@]}")" "$base_refresh")"
printf '1%% refresh, archive + C1 compiler only  %s   %sx baseline\n' \
  "$(stats "${refresh_c1[@]}")" "$(ratio "$(median "${refresh_c1[@]}")" "$base_refresh")"
echo "(each run's own line: $DIR/runs.log)"
