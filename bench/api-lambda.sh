#!/usr/bin/env bash
# The API as it runs on Lambda, measured here: the handler in a process of its own over a lake on
# S3Proxy (the embedded engine with the tables copied into its /tmp), from the process's start to
# its first answer (a cold start before SnapStart), then N warm /cv answers, with the classpath of
# the Lambda zip (jars only: a class-data sharing archive can hold their classes, not a folder's);
# the same /cv through the local HTTP server over the local lake in the same run is the baseline.
#   bench/api-lambda.sh [CV_ANSWERS] [REPEATS] [JVM_OPTIONS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
answers="${1:-1000}"
repeats="${2:-3}"
jvm="${3:-}"
cd "$root"
mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl api -am >/dev/null
# the handler's process gets the jars the API's Lambda zip holds (lib/*.jar: the api jar and its
# runtime classpath), plus the test jar with the runtime's stand-in, not the build's class folders
shopt -s nullglob
api_jar=(api/target/commitstats-api-*.jar)
invoke_jar=(ingest/target/commitstats-ingest-*-tests.jar)
child_cp="$root/${api_jar[0]}:$(cat api/target/runtime-classpath.txt):$root/${invoke_jar[0]}"
archive="$root/api/target/api-cds.jsa"
rm -f "$archive"
# one LABEL EXTRA_JVM_OPTIONS: a run of the handler's process, its figures' line prefixed by LABEL
one() {
  local opts="${jvm:+$jvm }$2"
  mvn -B -q -pl api test -Dspotless.check.skip=true -Dtest=ApiOnS3Test \
    -Dcommitstats.child.classpath="$child_cp" \
    -Dcommitstats.bench.cv-answers="$answers" ${opts:+"-Dcommitstats.bench.jvm=$opts"} >/dev/null || {
    echo "bench failed: see api/target/surefire-reports" >&2; exit 1; }
  grep -h '^api-on-s3: start' api/target/surefire-reports/*ApiOnS3Test-output.txt | sed "s/^/$1 /"
}
# A class-data sharing archive of the classes the process loads (JDK 17's dynamic archive, written
# by a first run at its exit), then the runs with and without it, taking turns. On Lambda the
# archive cannot be made at package time (it only fits the JVM build that wrote it): SnapStart
# takes its place there; a server or container image of our own can build it at install time.
one train "-XX:ArchiveClassesAtExit=$archive" > /dev/null
[[ -s "$archive" ]] || { echo "bench failed: no class-data sharing archive was written" >&2; exit 1; }
for i in $(seq 1 "$repeats"); do
  one jars ""
  one jars+cds "-XX:SharedArchiveFile=$archive"
done | python3 -c '
import re, statistics, sys
rows = {}
for l in sys.stdin:
    label, line = l.split(" ", 1)
    rows.setdefault(label, []).append(line)
def col(label, pat):
    return [float(re.search(pat, l).group(1)) for l in rows[label]]
START = r"start to first answer (\d+) ms"
LAMBDA_P99 = r"warm answers p50 [\d.]+ ms p99 ([\d.]+) ms"
LOCAL_P99 = r"local HTTP server p50 [\d.]+ ms p99 ([\d.]+) ms"
for label in rows:
    print(f"-- {label}")
    for name, pat in [("start to first answer ms", START), ("Lambda path /cv p99 ms", LAMBDA_P99),
                      ("local HTTP /cv p99 ms", LOCAL_P99)]:
        v = col(label, pat)
        print(f"{name}: min {min(v):.1f} median {statistics.median(v):.1f} max {max(v):.1f}")
    a, b = col(label, LAMBDA_P99), col(label, LOCAL_P99)
    print(f"p99 ratio Lambda path / local HTTP server: median {statistics.median([x / y for x, y in zip(a, b)]):.2f}")
s, c = col("jars", START), col("jars+cds", START)
print(f"start to first answer, with the archive / without (runs side by side): median {statistics.median([y / x for x, y in zip(s, c)]):.2f}")
'
