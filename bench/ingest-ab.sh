#!/usr/bin/env bash
# Ingest of one repository by two or more builds (or JVM flags), taking turns, against git.
#
#   bench/ingest-ab.sh REPO ROUNDS VARIANT [VARIANT ...]
#
# VARIANT is a checkout of this project, optionally followed by ':' and JVM flags for the ingest
# (COMMITSTATS_JAVA_OPTS), e.g. `/work/main` `/work/rs:-XX:TieredStopAtLevel=1`. Each round runs
# `git log --numstat -M --diff-algorithm=histogram` (the baseline), then each variant's
# `./commitstats ingest` into a fresh lake, in an order that rotates each round; the whole process
# is timed. Prints min / median / max
# of wall and CPU (user + system) seconds per variant and the median CPU ratio to git's. Each
# checkout is built first, outside the timings.
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n 2,11p "$0"; exit 2; }
repo="$1"; rounds="$2"; shift 2
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
branch="$(git -C "$repo" symbolic-ref --short HEAD 2>/dev/null || echo HEAD)"

timed() { # timed NAME CMD...: appends "NAME wall cpu" to $tmp/times
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
    echo "ingest-ab: $name failed:" >&2; tail -n 5 "$tmp/err" >&2; exit 1; }
  awk -v n="$name" '{ printf "%s\t%.2f\t%.2f\n", n, $1, $2 + $3 }' "$tmp/t" >> "$tmp/times"
}

for v in "$@"; do
  "${v%%:*}/commitstats" ingest --help >/dev/null   # build outside the timings
done

# Each round starts one variant later (round 2 runs B C A, round 3 C A B, ...), so that no variant
# always holds the same place: the same flags listed first and last differed by up to 6 % of CPU
# (7.41 / 7.87 s in one run, 7.45 / 7.30 s in another, pydantic, 7 rounds, 2026-12-03).
variants=("$@")
for round in $(seq 0 $((rounds - 1))); do
  timed git git -C "$repo" log --numstat -M --diff-algorithm=histogram "$branch"
  for i in $(seq 0 $((${#variants[@]} - 1))); do
    v="${variants[$(( (i + round) % ${#variants[@]} ))]}"
    dir="${v%%:*}"; opts=""; [[ "$v" == *:* ]] && opts="${v#*:}"
    rm -rf "$tmp/lake"; mkdir "$tmp/lake"
    COMMITSTATS_JAVA_OPTS="$opts" timed "$v" \
      "$dir/commitstats" ingest --lake "$tmp/lake" --repo "$repo" --progress never
  done
done

python3 - "$tmp/times" <<'PY'
import collections, statistics, sys
runs = collections.OrderedDict()
for line in open(sys.argv[1]):
    name, wall, cpu = line.rstrip("\n").split("\t")
    runs.setdefault(name, ([], []))
    runs[name][0].append(float(wall)); runs[name][1].append(float(cpu))
git_cpu = statistics.median(runs["git"][1])
print(f"{'variant':44s} {'runs':>4s}  {'wall min/median/max':>22s}  {'cpu min/median/max':>22s}  cpu/git")
for name, (wall, cpu) in runs.items():
    f = lambda xs: f"{min(xs):.2f}/{statistics.median(xs):.2f}/{max(xs):.2f}"
    print(f"{name:44s} {len(wall):4d}  {f(wall):>22s}  {f(cpu):>22s}  {statistics.median(cpu) / git_cpu:.2f}")
PY
