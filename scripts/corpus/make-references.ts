/**
 * Reference decodings of the corpus for test/e2e/transfer-syntaxes.test.ts:
 * what dcmtk and gdcm (not Cornerstone) decode and display, one instance per
 * series, as compact JSON a browser test can fetch.
 *
 *   node --import tsx scripts/corpus/make-references.ts [--corpus DIR] [--jobs N]
 *
 * Run by make-corpus.sh after manifest.ts (so the corpus stamp covers it); can
 * be run on its own against an existing corpus. Writes DIR/reference/index.json
 * and DIR/reference/<SOPInstanceUID>.json, replacing DIR/reference as a whole.
 *
 * Per series: the middle instance by Instance Number (the only one of most
 * series), frame 1.
 *   1-2. Frame 1 decoded by dcmtk (GDCM for JPEG 2000, or where dcmtk fails)
 *      and read as stored values, colour as RGB, palette through its tables:
 *      decodeFrame in oracle.ts, shared with the real-world corpus.
 *   3. Digest: min / max / mean and an FNV-1a hash of all values of the frame
 *      (fnv1a32 in oracle.ts, also in the test); the values at ~2,000 positions of a
 *      fixed-seed PRNG (half uniform, half on pixels that differ from a
 *      neighbour, where decoders go wrong).
 *   4. Display: dcm2pnm with the header's first window (+Wi 1) for
 *      monochrome images (MONOCHROME1 comes out inverted, as displayed), as is
 *      for colour; the 8-bit output at a 64 x 64 grid, with the min and max of
 *      each grid point's 3 x 3 neighbourhood.
 *   5. For lossy files, the lossless source (the corpus file whose pixel MD5 is
 *      the file's sourcePixelMd5) at the same positions, and max / RMS error
 *      of the whole frame against it; for JPEG-LS the NEAR parameter of the
 *      scan header.
 * Everything is deterministic: same corpus and tools, same bytes out.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { at, decodeFrame, readPixels, readPnm, samplePositions, statistics, type Decoded } from './oracle.js';

const run = promisify(execFile);

export const REFERENCE_VERSION = 1;
const GRID = 64;

/** NEAR of the first JPEG-LS scan header (SOS after SOF55) in the file, or undefined. */
function jpegLsNear(file: string): number | undefined {
  const b = readFileSync(file);
  const sof = b.indexOf(Buffer.from([0xff, 0xf7]));
  if (sof < 0) return undefined;
  const sos = b.indexOf(Buffer.from([0xff, 0xda]), sof);
  if (sos < 0) return undefined;
  const components = b[sos + 4]!;
  return b[sos + 5 + 2 * components];
}

interface ManifestFile {
  path: string;
  syntax: string;
  transferSyntaxUid: string;
  lossy: boolean;
  phantom: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  instanceNumber: number;
  photometricInterpretation: string;
  frames: number;
  pixelMd5: string;
  sourcePixelMd5: string;
}

interface Manifest {
  sourceHash: string;
  series: { seriesInstanceUid: string; syntax: string; phantom: string }[];
  files: ManifestFile[];
}

/** dcm2pnm's rendering at the header's first window, on a GRID x GRID lattice of pixel centres. */
async function display(d: Decoded, dir: string) {
  const { decodedFile } = d;
  const monochrome = d.samples === 1;
  const window = monochrome && d.header.get('0028,1050') && d.header.get('0028,1051');
  const args = [
    ...(monochrome ? (window ? ['+Wi', '1'] : ['+Wm']) : []),
    '+F',
    String(d.decodedFrame),
    decodedFile,
    join(dir, 'out.pnm'),
  ];
  await run('dcm2pnm', args);
  const pnm = readPnm(join(dir, 'out.pnm'));
  if (pnm.width !== d.columns || pnm.height !== d.rows)
    throw new Error(`${decodedFile}: dcm2pnm wrote ${pnm.width} x ${pnm.height}`);
  const xs = Array.from({ length: GRID }, (_, k) => Math.floor(((k + 0.5) * d.columns) / GRID));
  const ys = Array.from({ length: GRID }, (_, k) => Math.floor(((k + 0.5) * d.rows) / GRID));
  const centre: number[] = [];
  const low: number[] = [];
  const high: number[] = [];
  for (const y of ys) {
    for (const x of xs) {
      for (let c = 0; c < pnm.channels; c++) {
        let lo = 255;
        let hi = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = Math.min(d.rows - 1, Math.max(0, y + dy));
            const xx = Math.min(d.columns - 1, Math.max(0, x + dx));
            const v = pnm.data[(yy * d.columns + xx) * pnm.channels + c]!;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
        centre.push(pnm.data[(y * d.columns + x) * pnm.channels + c]!);
        low.push(lo);
        high.push(hi);
      }
    }
  }
  const [wc, ww] = [d.header.get('0028,1050'), d.header.get('0028,1051')].map((v) => Number(v?.split('\\')[0]));
  return {
    tool: `dcm2pnm ${args.slice(0, -2).join(' ')}`.trim(),
    window: window ? { center: wc!, width: ww! } : null,
    channels: pnm.channels,
    x: xs,
    y: ys,
    centre,
    min: low,
    max: high,
  };
}

async function reference(corpus: string, manifest: Manifest, file: ManifestFile) {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-ref-'));
  try {
    const input = join(corpus, file.path);
    const d = await decodeFrame(
      input,
      { transferSyntaxUid: file.transferSyntaxUid, frames: file.frames, frame: 1 },
      dir,
    );
    const positions = samplePositions(d);
    const source = file.lossy ? manifest.files.find((f) => !f.lossy && f.pixelMd5 === file.sourcePixelMd5) : undefined;
    let original = null;
    if (source) {
      const sourceDir = join(dir, 'source');
      mkdirSync(sourceDir);
      const s = await readPixels(join(corpus, source.path), sourceDir);
      if (s.values.length !== d.values.length) throw new Error(`${file.path}: source ${source.path} differs in size`);
      let maxError = 0;
      let squares = 0;
      for (let i = 0; i < s.values.length; i++) {
        const e = Math.abs(s.values[i]! - d.values[i]!);
        maxError = Math.max(maxError, e);
        squares += e * e;
      }
      original = {
        path: source.path,
        maxError,
        rmsError: Math.sqrt(squares / s.values.length),
        values: at(s, positions),
      };
    }
    const decodedPhotometric = d.header.get('0028,0004') ?? '';
    const slope = Number(d.header.get('0028,1053') ?? 1);
    const intercept = Number(d.header.get('0028,1052') ?? 0);
    return {
      version: REFERENCE_VERSION,
      path: file.path,
      syntax: file.syntax,
      phantom: file.phantom,
      transferSyntaxUid: file.transferSyntaxUid,
      lossy: file.lossy,
      studyInstanceUid: file.studyInstanceUid,
      seriesInstanceUid: file.seriesInstanceUid,
      sopInstanceUid: file.sopInstanceUid,
      frame: 1,
      photometricInterpretation: file.photometricInterpretation,
      decoder: d.decoder,
      decodedPhotometricInterpretation: decodedPhotometric,
      values: decodedPhotometric === 'PALETTE COLOR' ? 'palette-rgb' : 'stored',
      rows: d.rows,
      columns: d.columns,
      samplesPerPixel: d.samples,
      bitsAllocated: Number(d.header.get('0028,0100')),
      bitsStored: Number(d.header.get('0028,0101')),
      pixelRepresentation: Number(d.header.get('0028,0103')),
      rescaleSlope: slope,
      rescaleIntercept: intercept,
      jpegLsNear: file.transferSyntaxUid.startsWith('1.2.840.10008.1.2.4.8') ? (jpegLsNear(input) ?? null) : null,
      stats: statistics(d.values),
      samples: { positions, values: at(d, positions) },
      original,
      display: await display(d, dir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const corpus = resolve(opt('--corpus') ?? '.data/corpus');
  const jobs = Math.max(1, Number(opt('--jobs') ?? cpus().length));
  const started = Date.now();
  const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as Manifest;
  const chosen = manifest.series.map((s) => {
    const files = manifest.files
      .filter((f) => f.seriesInstanceUid === s.seriesInstanceUid)
      .sort((a, b) => a.instanceNumber - b.instanceNumber);
    if (files.length === 0) throw new Error(`series ${s.seriesInstanceUid} has no file in the manifest`);
    return files[Math.floor((files.length - 1) / 2)]!;
  });
  const out = join(corpus, 'reference');
  const building = `${out}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const failures: string[] = [];
  // Biggest first (the multi-frame cine, whole-file decoders), so that no long job runs alone at the end.
  const size = (f: ManifestFile): number =>
    (f.frames > 1 ? 1e9 : 0) + (f.phantom === 'cr' || f.phantom === 'dx' ? 1e8 : 0);
  const queue = [...chosen].sort((a, b) => size(b) - size(a));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const file = queue[next++]!;
      try {
        const ref = await reference(corpus, manifest, file);
        writeFileSync(join(building, `${file.sopInstanceUid}.json`), `${JSON.stringify(ref)}\n`);
      } catch (error) {
        failures.push(`${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  if (failures.length) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`make-references: ${failures.length} file(s) failed:\n  ${failures.join('\n  ')}`);
  }
  const index = {
    version: REFERENCE_VERSION,
    generator: 'scripts/corpus/make-references.ts',
    manifestSourceHash: manifest.sourceHash,
    grid: GRID,
    series: chosen.map((f) => ({
      seriesInstanceUid: f.seriesInstanceUid,
      sopInstanceUid: f.sopInstanceUid,
      syntax: f.syntax,
      phantom: f.phantom,
      file: `${f.sopInstanceUid}.json`,
    })),
  };
  writeFileSync(join(building, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  rmSync(out, { recursive: true, force: true });
  renameSync(building, out);
  process.stdout.write(`make-references: ${chosen.length} series in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
