#!/usr/bin/env bash
# What a cold start costs the scheduled ingest on Lambda, measured here with a local smart-HTTP git
# server (token auth) and S3Proxy: cloning a real repository from the host (what an ingest without
# the S3 clone cache would do at every cold start) against restoring it from the clone cache and
# fetching; and a quiet run (nothing moved) over many small repositories in a new process, with the
# function's own JAVA_TOOL_OPTIONS (read from terraform/modules/ingest/main.tf) and with the other
# tiered-compilation choice, taking turns (BENCH_JVM="OPTS;OPTS..." measures other options).
#   bench/lambda-ingest.sh [BARE_REPO] [SMALL_REPOS] [REPEATS]
# BARE_REPO defaults to the fetched pydantic mirror (/work/.mirror/pydantic+pydantic/repo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="${1:-/work/.mirror/pydantic+pydantic/repo}"
small="${2:-200}"
repeats="${3:-3}"
cd "$root"
mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl ingest -am >/dev/null
mvn -B -q -pl ingest test -Dspotless.check.skip=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest=LambdaIngestBench -Dcommitstats.bench=lambda-ingest -Dcommitstats.bench.repo="$repo" \
  -Dcommitstats.bench.repos="$small" -Dcommitstats.bench.repeats="$repeats" \
  -Dcommitstats.bench.jvm="${BENCH_JVM:-}" >/dev/null || {
  echo "bench failed: see ingest/target/surefire-reports" >&2; exit 1; }
grep -h '^lambda-ingest:' ingest/target/surefire-reports/*LambdaIngestBench-output.txt
