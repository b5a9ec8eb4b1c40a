#!/usr/bin/env bash
# The real-world corpus in .data/realworld/ (gitignored): DICOM files written by
# other toolkits, from pinned Debian and npm packages, edge cases derived from
# them with dcmtk and GDCM, and dcmtk's / GDCM's decoding of each
# (scripts/corpus/realworld.ts; sources pinned in realworld-sources.json).
#
#   bash scripts/corpus/make-realworld.sh [--force] [--jobs N]
#
# Not under .data/corpus: the browser-test runner loads every file there into
# Orthanc at start, while test/e2e/realworld.test.ts stores and deletes each of
# these files itself. Downloads are kept in .cache/realworld/ (gitignored).
# Skips everything when .data/realworld/.stamp holds the hash of the sources,
# the scripts and the tool versions.
set -euo pipefail
export LC_ALL=C
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT=.data/realworld
FORCE=0
JOBS="$(nproc 2>/dev/null || echo 2)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) FORCE=1 ;;
    --jobs) JOBS="${2:?--jobs needs a number}"; shift ;;
    *) echo "make-realworld: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

TOOLS=(dcmdump dcmconv dcmcrle dcmdrle dcmcjpls dcmdjpls dcmdjpeg dcmodify dump2dcm dcm2pnm gdcmconv dpkg-deb apt-get npm)
missing=()
for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "make-realworld: missing tools: ${missing[*]} (Debian: apt-get install dcmtk libgdcm-tools; Node's npm)" >&2
  exit 1
fi

HASH="$(
  {
    for f in scripts/corpus/make-realworld.sh scripts/corpus/realworld.ts scripts/corpus/realworld-derive.ts \
      scripts/corpus/oracle.ts scripts/corpus/realworld-sources.json; do
      printf '== %s\n' "$f"
      cat "$f"
    done
    dcmdump --version 2>&1 | head -n 1
    gdcmconv --version 2>&1 | head -n 1
  } | sha256sum | cut -d' ' -f1
)"
if [[ "$FORCE" -eq 0 && -f "$OUT/.stamp" && -f "$OUT/manifest.json" && "$(cat "$OUT/.stamp")" == "$HASH" ]]; then
  echo "make-realworld: $OUT is up to date (${HASH:0:12}); --force rebuilds"
  exit 0
fi
node --import tsx scripts/corpus/realworld.ts --out "$OUT" --cache .cache/realworld --jobs "$JOBS"
printf '%s\n' "$HASH" >"$OUT/.stamp"
