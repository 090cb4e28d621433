#!/usr/bin/env bash
# Fetches the Athena JDBC driver named in athena-driver.properties into ~/.cache/commitstats,
# checks its SHA-256 against the pinned one and prints the jar's path (for
# COMMITSTATS_API_CLASSPATH). A jar whose checksum differs is deleted, never used.
#   api/athena-driver.sh          fetch and verify (fails while no checksum is pinned)
#   api/athena-driver.sh --pin    fetch, then record its checksum in athena-driver.properties
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
props="$here/athena-driver.properties"
prop() { sed -n "s/^$1=//p" "$props"; }
version="$(prop version)" url="$(prop url)" pinned="$(prop sha256)"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/commitstats/drivers"
jar="$dir/athena-jdbc-$version-with-dependencies.jar"
mkdir -p "$dir"
if [[ ! -f "$jar" ]]; then
  echo "athena-driver: downloading $url" >&2
  curl -fsSL --retry 3 -o "$jar.part" "$url"
  mv "$jar.part" "$jar"
fi
actual="$(sha256sum "$jar" | cut -d' ' -f1)"
if [[ "${1:-}" == "--pin" ]]; then
  sed -i "s/^sha256=.*/sha256=$actual/" "$props"
  echo "athena-driver: pinned sha256=$actual in $props (commit it)" >&2
elif [[ -z "$pinned" ]]; then
  echo "athena-driver: no checksum is pinned in $props; compare $actual with AWS's published" \
    "jar, then run $0 --pin and commit the file" >&2
  exit 3
elif [[ "$actual" != "$pinned" ]]; then
  rm -f "$jar"
  echo "athena-driver: checksum mismatch for $url: expected $pinned, got $actual (deleted)" >&2
  exit 4
fi
echo "$jar"
