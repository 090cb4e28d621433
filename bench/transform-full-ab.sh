#!/usr/bin/env bash
# Full transform A/B: the same full run (a backfill, what a Glue job's first run pays) under two or
# more sets of JVM flags, taking turns, each in a new process, beside the DuckDB core of it
# (bench/duckdb-core.sql) measured in the same rounds.
#
#   bench/transform-full-ab.sh COMMITS ROUNDS NAME=FLAGS [NAME=FLAGS ...]
#
# e.g. `bench/transform-full-ab.sh 100000 3 snappy= zstd=-Dspark.sql.parquet.compression.codec=zstd`.
# FLAGS go to the transform's JVM (COMMITSTATS_JAVA_OPTS, after -Xmx); Spark settings are given as
# -Dspark.* system properties, which Spark's configuration reads where the transform does not set
# the key itself. Each round runs the anchor, then each variant (the order rotates each round), with
# the lake's delta/ removed before each. Prints min / median / max wall seconds per variant, the
# median's ratio to the first variant's and to the anchor's, and the size of delta/ it wrote.
#
# Environment: BENCH_DIR (default target/bench-full-ab; a lake generated there is kept and reused),
# BENCH_HEAP (default 6g).
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n 2,16p "$0"; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMITS="$1"; ROUNDS="$2"; shift 2
DIR="${BENCH_DIR:-$ROOT/target/bench-full-ab}"
LAKE="$DIR/lake-$COMMITS"
HEAP="${BENCH_HEAP:-6g}"
CS="$ROOT/commitstats"
TIMES="$DIR/times.tsv"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

mkdir -p "$DIR"
"$CS" build spark-jobs >&2
"$CS" build ingest >&2
if [[ ! -d "$LAKE/raw" ]]; then
  echo "generating $COMMITS commits in $LAKE..." >&2
  "$CS" synthetic-lake --lake "$LAKE" --commits "$COMMITS" --run 20260101T000000000Z-000001 >&2
fi
# The launcher's class archive is written by the first run after a build: here, untimed.
rm -rf "$LAKE/delta"
COMMITSTATS_JAVA_OPTS="-Xmx$HEAP" "$CS" transform --lake "$LAKE" >/dev/null 2>&1

CORE_SQL="$(grep -v '^--' "$ROOT/bench/duckdb-core.sql")"
variants=("$@")
: > "$TIMES"
for round in $(seq 0 $((ROUNDS - 1))); do
  t0=$(now)
  "$CS" sql --lake "$LAKE" --format csv "$CORE_SQL" > /dev/null
  printf 'anchor\t%s\t0\n' "$(secs "$t0" "$(now)")" >> "$TIMES"
  for i in $(seq 0 $((${#variants[@]} - 1))); do
    v="${variants[$(( (i + round) % ${#variants[@]} ))]}"
    name="${v%%=*}"; flags="${v#*=}"
    rm -rf "$LAKE/delta"
    t0=$(now)
    COMMITSTATS_JAVA_OPTS="-Xmx$HEAP $flags" "$CS" transform --lake "$LAKE" > "$DIR/$name.log" 2>&1 || {
      echo "transform-full-ab: $name failed:" >&2; tail -n 20 "$DIR/$name.log" >&2; exit 1; }
    wall=$(secs "$t0" "$(now)")
    mb=$(du -sm "$LAKE/delta" | cut -f1)
    printf '%s\t%s\t%s\n' "$name" "$wall" "$mb" >> "$TIMES"
    echo "  round $((round + 1)): $name $wall s, delta/ $mb MB" >&2
  done
done

python3 - "$TIMES" "${variants[0]%%=*}" "$COMMITS" <<'PY'
import collections, statistics, sys
runs = collections.OrderedDict()
sizes = {}
for line in open(sys.argv[1]):
    name, wall, mb = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append(float(wall))
    sizes[name] = int(mb)
first = statistics.median(runs[sys.argv[2]])
anchor = statistics.median(runs["anchor"])
print(f"== full transform A/B, {int(sys.argv[3]):,} commits, new process each, wall seconds")
print(f"{'variant':16s} {'runs':>4s}  {'min/median/max':>22s}  {'/first':>6s}  {'/anchor':>7s}  delta/ MB")
for name, walls in runs.items():
    med = statistics.median(walls)
    mm = f"{min(walls):.2f}/{med:.2f}/{max(walls):.2f}"
    size = "" if name == "anchor" else str(sizes[name])
    print(f"{name:16s} {len(walls):4d}  {mm:>22s}  {med / first:6.2f}  {med / anchor:7.2f}  {size}")
PY
