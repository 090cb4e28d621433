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
# process and the repository's own time. Targets: ratio <= 1.5 on 5,000-80,000 commits; a rerun
# under 1 s per repository.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 1 ]] || { sed -n 2,10p "$0"; exit 2; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

"$ROOT/commitstats" ingest --help >/dev/null   # build outside the timings

printf '%-28s %8s %9s %9s %7s %9s\n' repository commits git_s ingest_s ratio rerun_s
for repo in "$@"; do
  branch="$(git -C "$repo" symbolic-ref --short HEAD 2>/dev/null || echo HEAD)"
  commits="$(git -C "$repo" rev-list --count "$branch")"
  lake="$(mktemp -d)"

  best_git=""; best_ingest=""
  for round in 1 2; do
    rm -rf "$lake"; mkdir -p "$lake"
    t0=$(now)
    git -C "$repo" log --numstat -M --diff-algorithm=histogram "$branch" >/dev/null
    t1=$(now)
    "$ROOT/commitstats" ingest --lake "$lake" --repo "$repo" --progress never >/dev/null 2>"$lake.log"
    t2=$(now)
    g=$(secs "$t0" "$t1"); i=$(secs "$t1" "$t2")
    best_git=$(awk -v a="$g" -v b="$best_git" 'BEGIN { print (b == "" || a < b) ? a : b }')
    best_ingest=$(awk -v a="$i" -v b="$best_ingest" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
  t2=$(now)
  "$ROOT/commitstats" ingest --lake "$lake" --repo "$repo" --progress never >/dev/null 2>>"$lake.log"
  t3=$(now)

  rerun_s=$(secs "$t2" "$t3")
  ratio=$(awk -v i="$best_ingest" -v g="$best_git" 'BEGIN { printf "%.2f", i / g }')
  printf '%-28s %8s %9s %9s %7s %9s\n' "$(basename "$(dirname "$repo")")/$(basename "$repo")" \
    "$commits" "$best_git" "$best_ingest" "$ratio" "$rerun_s"
  grep -E "new commits \(|up to date" "$lake.log" | tail -n 2 | sed 's/^/    /' || true
  rm -rf "$lake" "$lake.log"
done
