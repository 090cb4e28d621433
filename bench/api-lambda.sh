#!/usr/bin/env bash
# The API as it runs on Lambda, measured here: the handler in a process of its own over a lake on
# S3Proxy (the embedded engine with the tables copied into its /tmp), from the process's start to
# its first answer (a cold start before SnapStart), then N warm /cv answers; the same /cv through
# the local HTTP server over the local lake in the same run is the baseline.
#   bench/api-lambda.sh [CV_ANSWERS] [REPEATS] [JVM_OPTIONS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
answers="${1:-1000}"
repeats="${2:-3}"
jvm="${3:-}"
cd "$root"
mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl api -am >/dev/null
for i in $(seq 1 "$repeats"); do
  mvn -B -q -pl api test -Dspotless.check.skip=true -Dtest=ApiOnS3Test \
    -Dcommitstats.bench.cv-answers="$answers" ${jvm:+"-Dcommitstats.bench.jvm=$jvm"} >/dev/null || {
    echo "bench failed: see api/target/surefire-reports" >&2; exit 1; }
  grep -h '^api-on-s3: start' api/target/surefire-reports/*ApiOnS3Test-output.txt
done | python3 -c '
import re, statistics, sys
rows = [l for l in sys.stdin]
def col(pat):
    return [float(re.search(pat, l).group(1)) for l in rows]
for name, pat in [("start to first answer ms", r"start to first answer (\d+) ms"),
                  ("Lambda path /cv p99 ms", r"warm answers p50 [\d.]+ ms p99 ([\d.]+) ms"),
                  ("local HTTP /cv p99 ms", r"local HTTP server p50 [\d.]+ ms p99 ([\d.]+) ms")]:
    v = col(pat)
    print(f"{name}: min {min(v):.1f} median {statistics.median(v):.1f} max {max(v):.1f}")
a, b = col(r"warm answers p50 [\d.]+ ms p99 ([\d.]+) ms"), col(r"local HTTP server p50 [\d.]+ ms p99 ([\d.]+) ms")
print(f"p99 ratio Lambda path / local HTTP server: median {statistics.median([x / y for x, y in zip(a, b)]):.2f}")
'
