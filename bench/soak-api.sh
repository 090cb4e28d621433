#!/usr/bin/env bash
# API soak: one `./commitstats serve` process under steady load for SOAK_MINUTES (default 120) on
# loopback, driven by wrk in slices of SOAK_SLICE_SECONDS (default 600). After each slice it prints
# the server's heap after a full collection (jcmd GC.run, then GC.heap_info), its resident memory,
# the slice's requests, p50/p99 and non-2xx answers, and checks that every answer of a fixed
# sample is still byte for byte the one the server gave at the start. The load mixes the CV (most
# answers computed by DuckDB: the cache holds far fewer entries than there are users), the SVG
# card, the weekly digest and the status page, at a steady rate (each wrk connection pauses
# SOAK_DELAY_MS between requests), not flat out: a soak measures leaks, not throughput.
#
#   bench/soak-api.sh [COMMITS]        (default 20,000 commits over 1,000 users)
#
# Passes when no answer failed or changed and the heap after the last slice is within 25% (or
# 32 MB) of the heap after the first one. Environment: SOAK_DIR (default target/soak-api),
# SOAK_MINUTES, SOAK_SLICE_SECONDS, SOAK_CONNECTIONS (default 2), SOAK_DELAY_MS (default 10),
# SOAK_CACHE_ENTRIES (default 100), SOAK_PORT (default 7393), SOAK_REUSE=1 keeps the lake.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMITS="${1:-20000}"
DIR="${SOAK_DIR:-$ROOT/target/soak-api}"
LAKE="$DIR/lake-$COMMITS"
MINUTES="${SOAK_MINUTES:-120}"
SLICE="${SOAK_SLICE_SECONDS:-600}"
PORT="${SOAK_PORT:-7393}"
CS="$ROOT/commitstats"
BASE="http://127.0.0.1:$PORT"

for tool in wrk jcmd curl sha256sum; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is needed (wrk: apt-get install wrk; jcmd comes with the JDK)" >&2
    exit 2
  fi
done
mkdir -p "$DIR"
# built first: serve builds a stale module itself, and the wait for its answer below is 60 s
"$CS" build ingest spark-jobs tools/spark-tools api >&2
if [[ "${SOAK_REUSE:-0}" != 1 || ! -d "$LAKE/delta/user_cv_summary" ]]; then
  rm -rf "$LAKE"
  echo "generating $COMMITS commits for 1,000 users, then transforming them..." >&2
  "$CS" synthetic-lake --lake "$LAKE" --commits "$COMMITS" --run 20260101T000000000Z-000001 >&2
  "$CS" transform --lake "$LAKE" >&2
fi
"$CS" sql --lake "$LAKE" --format csv "SELECT user_id FROM user_cv_summary ORDER BY user_id" \
  | tail -n +2 | tr -d '\r' > "$DIR/users.txt"
USERS=$(wc -l < "$DIR/users.txt")
echo "$USERS users" >&2

cat > "$DIR/soak.lua" <<'LUA'
-- Request i asks for path kind i % 8 (5 of 8 a CV, then a card, a digest, the status page) of
-- the next user; every connection waits DELAY_MS before each request.
local users = {}
for line in io.lines(os.getenv("USERS_FILE")) do users[#users + 1] = line end
local delay_ms = tonumber(os.getenv("DELAY_MS"))
local i = math.random(#users)
local n = 0
request = function()
  i = i % #users + 1
  n = n + 1
  local kind = n % 8
  local u = users[i]
  if kind == 5 then return wrk.format("GET", "/api/v1/users/" .. u .. "/card.svg") end
  if kind == 6 then return wrk.format("GET", "/api/v1/users/" .. u .. "/digest?week=2026-11-23") end
  if kind == 7 then return wrk.format("GET", "/api/v1/status") end
  return wrk.format("GET", "/api/v1/users/" .. u .. "/cv")
end
delay = function() return delay_ms end
LUA

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=""
}
trap stop_server EXIT
"$CS" serve --lake "$LAKE" --port "$PORT" --cache-entries "${SOAK_CACHE_ENTRIES:-100}" \
  > "$DIR/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -fs "$BASE/health" > /dev/null 2>&1; then break; fi
  sleep 0.5
done
curl -fs "$BASE/health" > /dev/null || { echo "the API did not start; see $DIR/serve.log" >&2; exit 1; }
# The launcher's process is a shell running java: the JVM is its child (or itself, after exec).
JVM_PID="$(pgrep -P "$SERVER_PID" java || echo "$SERVER_PID")"

# answers of a fixed sample (every 20th user: CV, card, digest), one sha256 per line; a failed
# request ends the soak (curl -f under set -e)
SAMPLE="$DIR/sample.txt"
awk 'NR % 20 == 1' "$DIR/users.txt" > "$SAMPLE"
answers() {
  while read -r u; do
    for p in "cv" "card.svg" "digest?week=2026-11-23"; do
      printf '%s %s ' "$u" "$p"
      # the answer's own time (freshness.generated_at) is the one part that changes
      curl -fs "$BASE/api/v1/users/$u/$p" | sed 's/"generated_at":"[^"]*"//' | sha256sum | cut -d' ' -f1
    done
  done < "$SAMPLE"
}
answers > "$DIR/answers-start.txt"
echo "$(wc -l < "$DIR/answers-start.txt") answers of $(wc -l < "$SAMPLE") users kept to compare" >&2

# heap_mb: the heap in use after a full collection (the sum over its generations, any collector);
# metaspace_mb: the class metadata in use (a class leak grows it).
heap_mb() {
  jcmd "$JVM_PID" GC.run > /dev/null
  jcmd "$JVM_PID" GC.heap_info > "$DIR/heap-info.txt"
  awk '$1 != "Metaspace" && /total [0-9]+K, used [0-9]+K/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); kb += v }
    } END { printf "%.1f", kb / 1024 }' "$DIR/heap-info.txt"
}
metaspace_mb() {
  awk '$1 == "Metaspace" { v = $3; sub(/K.*/, "", v); printf "%.1f", v / 1024 }' "$DIR/heap-info.txt"
}
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$JVM_PID/status"; }

slices=$(( (MINUTES * 60 + SLICE - 1) / SLICE ))
echo "== API soak: $USERS users, $COMMITS commits, $slices slices of ${SLICE}s, ${SOAK_CONNECTIONS:-2} connections pausing ${SOAK_DELAY_MS:-10} ms, cache ${SOAK_CACHE_ENTRIES:-100} entries"
printf '%-6s %-8s %-9s %-11s %-8s %-9s %-10s %-10s %-8s %s\n' slice minutes heap-MB metaspace rss-MB requests p50 p99 non-2xx changed
first_heap=""
failed=0
start=$(date +%s)
for s in $(seq 1 "$slices"); do
  out="$(USERS_FILE="$DIR/users.txt" DELAY_MS="${SOAK_DELAY_MS:-10}" wrk -t1 -c"${SOAK_CONNECTIONS:-2}" \
    -d"${SLICE}s" --latency -s "$DIR/soak.lua" "$BASE")"
  echo "$out" > "$DIR/wrk-$s.txt"
  requests="$(echo "$out" | awk '/requests in/ { print $1 }')"
  p50="$(echo "$out" | awk '$1 == "50%" { print $2 }')"
  p99="$(echo "$out" | awk '$1 == "99%" { print $2 }')"
  errors="$(echo "$out" | awk '/Non-2xx or 3xx/ { print $5 }')"
  socket="$(echo "$out" | awk '/Socket errors/ { print $0 }')"
  answers > "$DIR/answers-$s.txt"
  changed="$(diff "$DIR/answers-start.txt" "$DIR/answers-$s.txt" | grep -c '^>' || true)"
  heap="$(heap_mb)"
  first_heap="${first_heap:-$heap}"
  printf '%-6s %-8s %-9s %-11s %-8s %-9s %-10s %-10s %-8s %s\n' "$s" \
    "$(( ($(date +%s) - start) / 60 ))" "$heap" "$(metaspace_mb)" "$(rss_mb)" "$requests" "$p50" "$p99" \
    "${errors:-0}" "$changed${socket:+ ($socket)}"
  if [[ -n "$errors" || -n "$socket" || "$changed" != 0 ]]; then failed=1; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "the server stopped; see $DIR/serve.log"; exit 1; fi
done
last_heap="$heap"
growth="$(awk -v a="$first_heap" -v b="$last_heap" 'BEGIN { printf "%.1f", b - a }')"
echo "heap after a full collection: first slice $first_heap MB, last $last_heap MB ($growth MB)"
if awk -v a="$first_heap" -v b="$last_heap" 'BEGIN { exit !(b > a * 1.25 && b - a > 32) }'; then
  echo "FAIL: the heap grew by more than 25% and 32 MB"
  failed=1
fi
if [[ "$failed" == 0 ]]; then echo "PASS: no failed or changed answer, heap flat"; else echo "FAIL"; fi
exit "$failed"
