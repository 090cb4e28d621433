#!/usr/bin/env bash
# Ingest time against git's own time on the same repository, in the same run.
#
#   bench/ingest-vs-git.sh REPO [REPO ...]
#
# For each local repository: runs `git log --numstat -M --diff-algorithm=histogram` on its
# default branch (the baseline, output discarded), then `./commitstats ingest` into a fresh lake
# (whole process: JVM start, walk, diff, Parquet), then the same ingest again with nothing new.
# Each side runs twice and the faster run counts (machines are shared and noisy: compare ratios,
# not seconds). Prints the times and the ratio ingest/git, and for the rerun both the whole
# process and the repository's own time, and the CPU seconds (user + system) of both sides with
# their ratio. Targets: ratio <= 1.5 on 5,000-80,000 commits; a rerun under 1 s per repository;
# CPU <= 2x git's (issue 22). COMMITSTATS_JAVA_OPTS passes JVM flags to the ingest.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 1 ]] || { sed -n 2,10p "$0"; exit 2; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

"$ROOT/commitstats" ingest --help >/dev/null   # build outside the timings

printf '%-28s %8s %9s %9s %7s %9s %9s %9s %7s\n' repository commits git_s ingest_s ratio rerun_s \
  git_cpu_s ingest_cpu_s cpu_ratio
for repo in "$@"; do
  branch="$(git -C "$repo" symbolic-ref --short HEAD 2>/dev/null || echo HEAD)"
  commits="$(git -C "$repo" rev-list --count "$branch")"
  lake="$(mktemp -d)"

  best_git=""; best_ingest=""; best_git_cpu=""; best_ingest_cpu=""
  for round in 1 2; do
    rm -rf "$lake"; mkdir -p "$lake"
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$lake.cpu" \
      git -C "$repo" log --numstat -M --diff-algorithm=histogram "$branch" >/dev/null
    t1=$(now)
    gc=$(awk '{ printf "%.2f", $1 + $2 }' "$lake.cpu")
    /usr/bin/time -f '%U %S' -o "$lake.cpu" \
      "$ROOT/commitstats" ingest --lake "$lake" --repo "$repo" --progress never >/dev/null 2>"$lake.log"
    t2=$(now)
    ic=$(awk '{ printf "%.2f", $1 + $2 }' "$lake.cpu")
    g=$(secs "$t0" "$t1"); i=$(secs "$t1" "$t2")
    best_git=$(awk -v a="$g" -v b="$best_git" 'BEGIN { print (b == "" || a < b) ? a : b }')
    best_ingest=$(awk -v a="$i" -v b="$best_ingest" 'BEGIN { print (b == "" || a < b) ? a : b }')
    best_git_cpu=$(awk -v a="$gc" -v b="$best_git_cpu" 'BEGIN { print (b == "" || a < b) ? a : b }')
    best_ingest_cpu=$(awk -v a="$ic" -v b="$best_ingest_cpu" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
  rm -f "$lake.cpu"
  t2=$(now)
  "$ROOT/commitstats" ingest --lake "$lake" --repo "$repo" --progress never >/dev/null 2>>"$lake.log"
  t3=$(now)

  rerun_s=$(secs "$t2" "$t3")
  ratio=$(awk -v i="$best_ingest" -v g="$best_git" 'BEGIN { printf "%.2f", i / g }')
  cpu_ratio=$(awk -v i="$best_ingest_cpu" -v g="$best_git_cpu" 'BEGIN { printf "%.2f", i / g }')
  printf '%-28s %8s %9s %9s %7s %9s %9s %9s %7s\n' \
    "$(basename "$(dirname "$repo")")/$(basename "$repo")" "$commits" "$best_git" "$best_ingest" \
    "$ratio" "$rerun_s" "$best_git_cpu" "$best_ingest_cpu" "$cpu_ratio"
  grep -E "new commits \(|up to date" "$lake.log" | tail -n 2 | sed 's/^/    /' || true
  rm -rf "$lake" "$lake.log"
done
