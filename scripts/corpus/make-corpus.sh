#!/usr/bin/env bash
# Generates Fovea's DICOM test corpus in .data/corpus/ (gitignored), deterministically.
#
#   bash scripts/corpus/make-corpus.sh [--force] [--out DIR] [--jobs N]
#
# 1. make-samples writes the base series (uncompressed Explicit VR Little Endian)
#    into OUT/explicit-le: the phantoms of packages/demo/src/sample/phantom.ts.
# 2. prepare.ts writes the uncompressed source of every transcoded series: each
#    variant is its own series (SeriesInstanceUID / SOPInstanceUIDs derived from
#    the variant key, SeriesDescription "... [syntax]"), see plan.ts.
# 3. dcmtk and gdcm transcode the sources (below, one command per syntax).
# 4. Every output is checked: dcmdump must parse it and show the transfer
#    syntax asked for; gdcminfo's MD5 of the decoded pixels must equal the MD5
#    of the generated pixels for every lossless syntax (the base files included).
# 5. manifest.ts checks photometric / UIDs / lossy flags and writes OUT/manifest.json.
# 6. make-references.ts writes OUT/reference/: what dcmtk and gdcm decode and
#    display for one instance per series, for test/e2e/transfer-syntaxes.test.ts
#    (~15 s; deterministic).
#
# Skips everything when OUT/.stamp holds the hash of the generator sources and
# tool versions (use --force to rebuild). Builds into OUT.building and renames
# at the end, so an interrupted run never leaves a half corpus behind.
#
# Tool quirks handled here:
# - dcmcjpls +en (near-lossless) refuses signed pixels (the CT): gdcmconv --jpegls --lossy -e 2.
# - dcmtk cannot write JPEG 2000: gdcmconv --j2k [--lossy -r RATIO] (gdcm's -q is not quality).
# - gdcmconv --lossy and dcmcjpeg/dcmcjpls lossy give a new random SOP Instance UID: dcmodify sets
#   the deterministic one back (the encoder's SourceImageSequence keeps pointing at the
#   uncompressed predecessor, whose UID prepare.ts derives too).
# - dcmcjpls +en refuses PALETTE COLOR and gdcm refuses lossy palette: palette is lossless only.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

OUT=".data/corpus"
FORCE=0
JOBS="$(nproc 2>/dev/null || echo 2)"

usage() {
  sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) FORCE=1 ;;
    --out) OUT="${2:?--out needs a directory}"; shift ;;
    --out=*) OUT="${1#--out=}" ;;
    --jobs) JOBS="${2:?--jobs needs a number}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "make-corpus: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
OUT="$(realpath -m "$OUT")"

# --- tools ------------------------------------------------------------------
TOOLS=(dcmdump dcmconv dcmcrle dcmcjpeg dcmcjpls dcmodify gdcmconv gdcminfo dcmdrle dcmdjpeg dcmdjpls dcm2pnm)
missing_tools() {
  local t
  for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null 2>&1 || echo "$t"; done
}
if [[ -n "$(missing_tools)" ]]; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "make-corpus: installing dcmtk and libgdcm-tools (missing: $(missing_tools | tr '\n' ' '))"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dcmtk libgdcm-tools >/dev/null
  else
    echo "make-corpus: missing tools: $(missing_tools | tr '\n' ' ')" >&2
    echo "make-corpus: install them with (Debian / Ubuntu):" >&2
    echo "  sudo apt-get install -y --no-install-recommends dcmtk libgdcm-tools" >&2
    exit 1
  fi
  if [[ -n "$(missing_tools)" ]]; then
    echo "make-corpus: still missing after install: $(missing_tools | tr '\n' ' ')" >&2
    exit 1
  fi
fi
if ! command -v node >/dev/null 2>&1 || [[ ! -d node_modules/tsx ]]; then
  echo "make-corpus: needs Node >= 20.19 and the workspace's dependencies: run 'npx pnpm@12.4.2 install' (or npm start / npm test, which install them) first" >&2
  exit 1
fi

# --- up to date? --------------------------------------------------------------
mapfile -t SOURCES < <(
  # The real-world corpus (make-realworld.sh, realworld*.ts) has its own stamp.
  find packages/demo/src/sample scripts/corpus -type f \( -name '*.ts' -o -name '*.sh' \) ! -name '*.test.ts' \
    ! -name 'realworld*' ! -name 'make-realworld.sh' | sort
)
HASH="$(
  {
    for f in "${SOURCES[@]}"; do
      printf '== %s\n' "$f"
      cat "$f"
    done
    dcmdump --version 2>&1 | head -n 1
    gdcmconv --version 2>&1 | head -n 1
  } | sha256sum | cut -d' ' -f1
)"
if [[ "$FORCE" -eq 0 && -f "$OUT/.stamp" && -f "$OUT/manifest.json" && "$(cat "$OUT/.stamp")" == "$HASH" ]]; then
  # The stamp covers make-references.ts too: reference/ is only missing if removed by hand.
  if [[ ! -f "$OUT/reference/index.json" ]]; then
    echo "make-corpus: $OUT has no reference decodings: making them"
    node --import tsx scripts/corpus/make-references.ts --corpus "$OUT" --jobs "$JOBS"
  fi
  echo "make-corpus: $OUT is up to date (${HASH:0:12}); --force rebuilds"
  exit 0
fi

STARTED=$SECONDS
BUILD="$OUT.building"
WORK="$OUT.work"
rm -rf "$BUILD" "$WORK"
mkdir -p "$BUILD" "$WORK/dumps" "$WORK/md5"
trap 'rm -rf "$WORK" "$BUILD"' EXIT

# --- 1 + 2: base images and variant sources ------------------------------------
node --import tsx packages/demo/src/sample/make-samples.ts --out "$BUILD/explicit-le"
node --import tsx scripts/corpus/prepare.ts --corpus "$BUILD" --work "$WORK"

# --- 3: transcode, in parallel -----------------------------------------------------
# Each argument is one jobs.tsv line (see prepare.ts); the base syntax needs no conversion.
# shellcheck disable=SC2317  # called through xargs
transcode() {
  local job syntax ts src out lossy signed sop rest log method
  for job in "$@"; do
    IFS=$'\t' read -r syntax ts src out lossy signed sop rest <<<"$job"
    [[ "$syntax" == explicit-le ]] && continue # written by make-samples: verify only
    log="$out.log"
    mkdir -p "$(dirname "$out")"
    if ! case "$syntax" in
      implicit-le) dcmconv +ti "$src" "$out" ;;
      explicit-be) dcmconv +tb "$src" "$out" ;;
      deflate) dcmconv +td "$src" "$out" ;;
      rle) dcmcrle "$src" "$out" ;;
      jpeg-baseline) dcmcjpeg +eb +q 90 "$src" "$out" ;;
      jpeg-extended) dcmcjpeg +ee +q 90 "$src" "$out" ;;
      jpeg-lossless-sv1) dcmcjpeg +e1 "$src" "$out" ;;
      jpegls-lossless) dcmcjpls +el "$src" "$out" ;;
      jpegls-near-lossless)
        # dcmcjpls +en refuses signed pixels.
        if [[ "$signed" == 1 ]]; then gdcmconv --jpegls --lossy -e 2 "$src" "$out"; else dcmcjpls +en +md 2 "$src" "$out"; fi
        ;;
      j2k-lossless) gdcmconv --j2k "$src" "$out" ;;
      j2k-lossy) gdcmconv --j2k --lossy -r 10 "$src" "$out" ;;
      *) echo "no command for syntax $syntax" && false ;;
    esac >"$log" 2>&1 || [[ ! -s "$out" ]]; then
      echo "make-corpus: $syntax conversion of $src failed:" >&2
      cat "$log" >&2
      return 1
    fi
    # Lossy encoders give the output a new random SOP Instance UID: set the planned one
    # (dcmodify updates the meta header's Media Storage SOP Instance UID with it).
    # gdcm does not write Lossy Image Compression Method (type 1C): set it for all lossy files.
    case "$syntax" in
      jpeg-baseline | jpeg-extended) method=ISO_10918_1 ;;
      jpegls-near-lossless) method=ISO_14495_1 ;;
      j2k-lossy) method=ISO_15444_1 ;;
      *) method= ;;
    esac
    if [[ "$lossy" == 1 ]] && ! dcmodify -nb -m "(0008,0018)=$sop" -i "(0028,2114)=$method" "$out" >>"$log" 2>&1; then
      echo "make-corpus: dcmodify failed on $out:" >&2
      cat "$log" >&2
      return 1
    fi
    rm -f "$log"
  done
}

# --- 4: verify, one series directory per process ---------------------------------
# dcmdump must read every file without error and show the transfer syntax asked for;
# gdcm must decode every file's pixels, and for a lossless syntax their MD5 must be
# the MD5 of the generated pixels (jobs.tsv, last column).
# shellcheck disable=SC2317  # called through xargs
verify_dir() {
  local dir="$1" name ts files count ok lossy
  name="$(echo "${dir#"$BUILD"/}" | tr '/' '_')" # e.g. rle_ct
  files=("$dir"/*.dcm)
  count="${#files[@]}"
  ts="$(awk -F'\t' -v d="$dir" '{ f = $4; sub(/\/[^\/]*$/, "", f) } f == d { print $2; exit }' "$WORK/jobs.tsv")"
  lossy="$(awk -F'\t' -v d="$dir" '{ f = $4; sub(/\/[^\/]*$/, "", f) } f == d { print $5; exit }' "$WORK/jobs.tsv")"
  if ! dcmdump +F -M -Un "${files[@]}" >"$WORK/dumps/$name.txt" 2>"$WORK/dumps/$name.err" || grep -qE '^(E|F):' "$WORK/dumps/$name.err"; then
    echo "make-corpus: dcmdump cannot read a file in $dir:" >&2
    cat "$WORK/dumps/$name.err" >&2
    return 1
  fi
  ok="$(grep -cF "(0002,0010) UI [$ts]" "$WORK/dumps/$name.txt" || true)"
  if [[ "$ok" != "$count" ]]; then
    echo "make-corpus: only $ok of $count files in $dir have transfer syntax $ts:" >&2
    grep -F -e '# dcmdump (' -e '(0002,0010)' "$WORK/dumps/$name.txt" >&2
    return 1
  fi
  gdcminfo --md5sum "$dir" 2>"$WORK/md5/$name.err" | sed -n 's/^filename: //p; s/^md5sum: //p' | paste - - >"$WORK/md5/$name.txt"
  if [[ "$(wc -l <"$WORK/md5/$name.txt")" != "$count" ]]; then
    echo "make-corpus: gdcm decoded $(wc -l <"$WORK/md5/$name.txt") of $count files in $dir" >&2
    cat "$WORK/md5/$name.err" >&2
    return 1
  fi
  if [[ "$lossy" == 0 ]]; then
    # jobs.tsv: output path is column 4, source pixel MD5 the last column.
    awk -F'\t' 'NR == FNR { want[$4] = $NF; next } !($1 in want) || want[$1] != $2 { print "  " $1 ": decoded " $2 ", generated " want[$1]; bad = 1 } END { exit bad }' \
      "$WORK/jobs.tsv" "$WORK/md5/$name.txt" >&2 || {
      echo "make-corpus: lossless files in $dir do not decode to the generated pixels" >&2
      return 1
    }
  fi
}
export -f transcode verify_dir
export WORK BUILD

COUNT="$(wc -l <"$WORK/jobs.tsv")"
echo "make-corpus: transcoding $(awk -F'\t' '$1 != "explicit-le"' "$WORK/jobs.tsv" | wc -l) files with $JOBS jobs ($((SECONDS - STARTED)) s so far)"
# Largest inputs first, so that no big job is left alone at the end.
awk -F'\t' '$1 != "explicit-le" { print (($8 == "us" || $8 == "cr" || $8 == "dx") ? 0 : 1) "\t" $0 }' "$WORK/jobs.tsv" |
  sort -t$'\t' -k1,1n -s | cut -f2- |
  xargs -d '\n' -P "$JOBS" -n 6 bash -c 'set -euo pipefail; transcode "$@"' _
echo "make-corpus: verifying $COUNT files ($((SECONDS - STARTED)) s so far)"
awk -F'\t' '{ sub(/\/[^\/]*$/, "", $4); print $4 }' "$WORK/jobs.tsv" | sort -u |
  xargs -d '\n' -P "$JOBS" -n 1 bash -c 'set -euo pipefail; verify_dir "$1"' _

# --- 5: manifest ------------------------------------------------------------------
node --import tsx scripts/corpus/manifest.ts --corpus "$BUILD" --work "$WORK" --hash "$HASH"

# --- 6: reference decodings ------------------------------------------------------------
echo "make-corpus: reference decodings ($((SECONDS - STARTED)) s so far)"
node --import tsx scripts/corpus/make-references.ts --corpus "$BUILD" --jobs "$JOBS"
printf '%s\n' "$HASH" >"$BUILD/.stamp"
rm -rf "$OUT"
mv "$BUILD" "$OUT"
echo "make-corpus: wrote $OUT in $((SECONDS - STARTED)) s"
