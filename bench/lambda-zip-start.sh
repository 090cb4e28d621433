#!/usr/bin/env bash
# What DuckDB's native library costs a new process started from the ingest Lambda zip: the zip as
# packaged (the library a file beside DuckDB's jar) against the driver's own jar (the library inside,
# copied into java.io.tmpdir at every start), taking turns. Each start ingests a small local
# repository into a fresh lake with the function's JAVA_TOOL_OPTIONS (terraform/modules/ingest).
# Packaged for this machine's architecture (`./commitstats package --arch`); the layout is the same
# for arm64. Prints min / median / max of wall and CPU (user + system) seconds, and the ratios.
#   bench/lambda-zip-start.sh [REPO] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="${1:-$root}"
rounds="${2:-7}"
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) echo "lambda-zip-start: Lambda runs x86_64 or arm64, not $(uname -m)" >&2; exit 2 ;;
esac
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$root/commitstats" package --out "$root/target/bench-dist-$arch" --arch "$arch" >/dev/null 2>"$tmp/package.log" || {
  cat "$tmp/package.log" >&2; exit 1; }
mkdir -p "$tmp/packaged" "$tmp/driver-jar/lib" "$tmp/tmpdir"
(cd "$tmp/packaged" && unzip -q "$root/target/bench-dist-$arch/commitstats-ingest-lambda.zip")
cp "$tmp"/packaged/lib/*.jar "$tmp/driver-jar/lib/"
cp "$(tr ':' '\n' < "$root/ingest/target/runtime-classpath.txt" | grep '/duckdb_jdbc-[^/]*\.jar$')" "$tmp/driver-jar/lib/"
opts="$(sed -n 's/^ *JAVA_TOOL_OPTIONS *= *"\(.*\)"/\1/p' "$root/terraform/modules/ingest/main.tf" | head -1)"
echo "JAVA_TOOL_OPTIONS: $opts; repository: $repo ($(git -C "$repo" rev-list --all --count) commits)"
variants=(packaged driver-jar)
for round in $(seq 0 $((rounds - 1))); do
  for i in 0 1; do
    v="${variants[$(( (i + round) % 2 ))]}"
    rm -rf "$tmp/lake"; mkdir "$tmp/lake"
    # shellcheck disable=SC2086
    /usr/bin/time -f "$v %e %U %S" -a -o "$tmp/times" \
      java $opts -Djava.io.tmpdir="$tmp/tmpdir" -cp "$tmp/$v/lib/*" dev.commitstats.ingest.cli.Main \
      ingest --lake "$tmp/lake" --repo "$repo" --progress never >/dev/null 2>"$tmp/err" || {
        echo "lambda-zip-start: $v failed:" >&2; tail -n 5 "$tmp/err" >&2; exit 1; }
  done
done
python3 - "$tmp/times" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    v, wall, user, system = line.split()
    runs.setdefault(v, ([], []))
    runs[v][0].append(float(wall)); runs[v][1].append(float(user) + float(system))
f = lambda xs: f"{min(xs):.2f}/{statistics.median(xs):.2f}/{max(xs):.2f}"
base = runs["driver-jar"]
print(f"{'layout':12s} {'runs':>4s}  {'wall min/median/max':>20s}  {'cpu min/median/max':>20s}  wall/driver-jar  cpu/driver-jar")
for v in ("driver-jar", "packaged"):
    wall, cpu = runs[v]
    print(f"{v:12s} {len(wall):4d}  {f(wall):>20s}  {f(cpu):>20s}  {statistics.median(wall) / statistics.median(base[0]):15.2f}  {statistics.median(cpu) / statistics.median(base[1]):14.2f}")
PY
