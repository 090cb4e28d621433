#!/usr/bin/env bash
# Transform benchmark: a full run over a synthetic raw lake, then an incremental run after 1% new
# data (the newest commits, as a scheduled refresh sees them). Prints both times, their ratio
# (target <= 0.1: a refresh must not recompute history) and rows per second: first with each run
# in a new process (./commitstats transform, as cron or a Glue job run does), then with all runs
# in one warm process (as ./commitstats transform --every 15m runs them), where the next 1% refresh
# after that one is timed too (a refreshing process's usual run). The anchor, printed with the
# full run: DuckDB computing the core of it over the same raw files (bench/duckdb-core.sql).
#
#   bench/transform-incremental.sh [COMMITS]     (default 1,000,000 commits = 10M file changes)
#
# Environment: BENCH_DIR (default target/bench-transform), BENCH_HEAP (default 12g),
# BENCH_REUSE=1 keeps an already generated base lake (only the transform runs are timed anyway).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMITS="${1:-1000000}"
INCREMENT=$(( COMMITS / 100 ))
DIR="${BENCH_DIR:-$ROOT/target/bench-transform}"
LAKE="$DIR/lake-$COMMITS"
HEAP="${BENCH_HEAP:-12g}"
export COMMITSTATS_JAVA_OPTS="-Xmx$HEAP ${COMMITSTATS_JAVA_OPTS:-}"
CS="$ROOT/commitstats"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

mkdir -p "$DIR"
# Built before anything is timed (a command builds its module first when its sources changed).
"$CS" build spark-jobs
if [[ "${BENCH_REUSE:-0}" != 1 || ! -d "$LAKE/raw" ]]; then
  rm -rf "$LAKE"
  echo "generating $COMMITS commits ($(( COMMITS * 10 )) file changes, 1,000 users, 5 years) in $LAKE" >&2
  "$CS" synthetic-lake --lake "$LAKE" --commits "$COMMITS" --run 20260101T000000000Z-000001 >&2
fi
rm -rf "$LAKE/delta"
# Only the base ingest run stays (an earlier bench's increment, or runs added by hand, would
# otherwise count as part of the full run's input).
find "$LAKE/raw" -mindepth 2 -maxdepth 2 ! -name 'synthetic-20260101T000000000Z-000001' \
  -exec rm -rf {} +
WARM="$DIR/warm-$COMMITS"
rm -rf "$WARM" && mkdir -p "$WARM" && cp -r "$LAKE/raw" "$WARM/raw"

# The launcher's class archive (see with_class_archive in ./commitstats) is written by the first
# run after a build: here by a small lake's transform, so that no timed run writes it.
echo "writing the class archive (a transform of 2,000 commits) before anything is timed..." >&2
rm -rf "$DIR/archive-lake"
"$CS" synthetic-lake --lake "$DIR/archive-lake" --commits 2000 --run 20260101T000000000Z-000001 >&2
"$CS" transform --lake "$DIR/archive-lake" >&2
rm -rf "$DIR/archive-lake"

# The anchor: the core of a full run in DuckDB over the same raw files (bench/duckdb-core.sql),
# JVM included, three times; the full run's ratio to its median is printed with the results.
"$CS" build ingest >&2
CORE_SQL="$(grep -v '^--' "$ROOT/bench/duckdb-core.sql")"
anchor=()
for i in 1 2 3; do
  a0=$(now)
  "$CS" sql --lake "$LAKE" --format csv "$CORE_SQL" > "$DIR/anchor.csv"
  anchor+=("$(secs "$a0" "$(now)")")
done
anchor_sorted=($(printf '%s\n' "${anchor[@]}" | sort -n))
echo "DuckDB core of the full run: ${anchor_sorted[*]} s ($(tail -n 1 "$DIR/anchor.csv"))" >&2

echo "full transform..." >&2
t0=$(now)
full_line=$("$CS" transform --lake "$LAKE" | tail -n 1)
t1=$(now)
echo "$full_line" >&2

echo "adding $INCREMENT newer commits (1%) as a new ingest run..." >&2
"$CS" synthetic-lake --lake "$LAKE" --from "$COMMITS" --commits "$INCREMENT" \
  --span-commits "$COMMITS" --run 20260102T000000000Z-000002 >&2
echo "incremental transform..." >&2
t2=$(now)
inc_line=$("$CS" transform --lake "$LAKE" | tail -n 1)
t3=$(now)
echo "$inc_line" >&2
t4=$(now)
noop_line=$("$CS" transform --lake "$LAKE" | tail -n 1)
t5=$(now)

full=$(secs "$t0" "$t1"); inc=$(secs "$t2" "$t3"); noop=$(secs "$t4" "$t5")
rows=$(( COMMITS * 11 ))
echo
echo "== transform benchmark ($COMMITS commits, $(( COMMITS * 10 )) file changes; process wall times)"
printf 'full run:               %8s s   (%s rows/s: commits + file changes)\n' "$full" \
  "$(awk -v r="$rows" -v s="$full" 'BEGIN { printf "%.0f", r / s }')"
printf 'DuckDB core (anchor):   %8s s   (min / median / max %s / %s / %s; full run %sx the median)\n' \
  "${anchor_sorted[1]}" "${anchor_sorted[0]}" "${anchor_sorted[1]}" "${anchor_sorted[2]}" \
  "$(awk -v a="$full" -v b="${anchor_sorted[1]}" 'BEGIN { printf "%.1f", a / b }')"
printf 'incremental run (+1%%):  %8s s   (%s new rows/s)\n' "$inc" \
  "$(awk -v r="$(( INCREMENT * 11 ))" -v s="$inc" 'BEGIN { printf "%.0f", r / s }')"
printf 'run with nothing new:   %8s s\n' "$noop"
printf 'ratio incremental/full: %8s     (target <= 0.1)\n' \
  "$(awk -v a="$inc" -v b="$full" 'BEGIN { printf "%.3f", a / b }')"
echo "full:        $full_line"
echo "incremental: $inc_line"
echo "no-op:       $noop_line"
echo
echo "== the same in one warm process (transform --every)"
"$CS" warm-refresh-bench --lake "$WARM" --commits "$COMMITS" | grep '^warm'
rm -rf "$WARM"
