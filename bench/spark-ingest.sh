#!/usr/bin/env bash
# The distributed ingest against one ingest process, in the same run: 200 generated repositories
# of mixed sizes (4 x 4,000 commits, 16 x 600, 180 x 20-120) served over a local smart-HTTP git
# server with a token; a first collection by one process, local[1], local[2] and local[2] with the
# large repositories split in ranges; the driver's planning time and Spark's per-task scheduling
# overhead (event log); and a run with nothing new over many small repositories in one process.
#   bench/spark-ingest.sh [REPEATS] [NOOP_REPOS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"
noop="${2:-500}"
cd "$root"
mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl ingest-spark -am >/dev/null
mvn -B -q -pl ingest-spark test -Dspotless.check.skip=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest=SparkIngestBench -Dcommitstats.bench=spark-ingest -Dcommitstats.bench.repeats="$repeats" \
  -Dcommitstats.bench.noop-repos="$noop" >/dev/null || {
  echo "bench failed: see ingest-spark/target/surefire-reports" >&2; exit 1; }
grep -h '^spark-ingest:' ingest-spark/target/surefire-reports/*SparkIngestBench-output.txt
