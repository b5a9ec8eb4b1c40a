#!/usr/bin/env bash
# Objects without an image, next to the phantom CT in its study: a Basic Text
# SR (dump2dcm) and an Encapsulated PDF (pdf2dcm). A viewport must show a clear
# "no image" state for them, never a blank. Deterministic; skips when present.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.data/corpus/extras
manifest=.data/corpus/manifest.json
[[ -f "$manifest" ]] || { echo "make-extras: run scripts/corpus/make-corpus.sh first" >&2; exit 1; }
if [[ -f "$out/sr.dcm" && -f "$out/pdf.dcm" && "$out/sr.dcm" -nt "$0" ]]; then exit 0; fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

study=$(node -e "const m=require('./$manifest'); process.stdout.write(m.series.find(s=>s.phantom==='ct').studyInstanceUid)")
root=2.25.1700000000000000000000000000000000
cat > "$work/sr.dump" <<DUMP
(0002,0010) UI =LittleEndianExplicit
(0008,0005) CS [ISO_IR 192]
(0008,0016) UI =BasicTextSRStorage
(0008,0018) UI [${root}1]
(0008,0020) DA [20240315]
(0008,0060) CS [SR]
(0008,103e) LO [Report (structured text)]
(0010,0010) PN [Müller^Jürgen]
(0010,0020) LO [FOVEA-0001]
(0020,000d) UI [${study}]
(0020,000e) UI [${root}2]
(0020,0011) IS [90]
(0020,0013) IS [1]
(0040,a040) CS [CONTAINER]
(0040,a050) CS [SEPARATE]
(0040,a043) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=3)
    (0008,0100) SH [11528-7]
    (0008,0102) SH [LN]
    (0008,0104) LO [Radiology Report]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
(0040,a491) CS [COMPLETE]
(0040,a493) CS [VERIFIED]
DUMP
dump2dcm -q +E "$work/sr.dump" "$out/sr.dcm"

# A one-page PDF written out byte by byte (offsets computed) so it is deterministic.
node - "$work/report.pdf" <<'JS'
const fs = require('fs');
const objs = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  null,
  '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
];
const text = 'BT /F1 18 Tf 72 760 Td (Fovea phantom report) Tj ET';
objs[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
let pdf = '%PDF-1.4\n';
const offsets = [];
objs.forEach((o, i) => { offsets.push(pdf.length); pdf += `${i + 1} 0 obj\n${o}\nendobj\n`; });
const xref = pdf.length;
pdf += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
pdf += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
fs.writeFileSync(process.argv[2], pdf);
JS
pdf2dcm -q +t "Phantom report" +pn "Müller^Jürgen" +pi FOVEA-0001 +i1 -an \
  -k "StudyInstanceUID=${study}" -k "SeriesInstanceUID=${root}3" -k "SOPInstanceUID=${root}4" \
  -k "SeriesNumber=91" -k "SpecificCharacterSet=ISO_IR 192" -k "StudyDate=20240315" -k "ContentDate=20240315" \
  -k "ContentTime=120000" -k "InstanceCreationDate=20240315" -k "InstanceCreationTime=120000" \
  "$work/report.pdf" "$out/pdf.dcm"
dcmdump -q "$out/sr.dcm" > /dev/null
# The dump is read whole before matching: `dcmdump | grep -q` under pipefail fails at random when grep
# stops reading early and dcmdump dies of SIGPIPE (it did, once, on a fresh machine).
dump=$(dcmdump -q "$out/pdf.dcm")
[[ $dump == *EncapsulatedPDFStorage* ]] || { echo "make-extras: pdf2dcm output is not an Encapsulated PDF" >&2; exit 1; }
echo "make-extras: SR and PDF written to $out"
