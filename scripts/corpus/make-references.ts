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
 *   1. Decoded to uncompressed explicit VR little endian by an independent
 *      decoder: dcmconv +te (implicit/explicit LE, big endian, deflate),
 *      dcmdrle (RLE), dcmdjpeg (JPEG; YCbCr converted to RGB), dcmdjpls
 *      (JPEG-LS), gdcmconv --raw (JPEG 2000: dcmtk has no decoder). A
 *      multi-frame encapsulated file is cut to its frame 1 first (firstFrameOnly):
 *      the decoders decode every frame, which takes seconds for the cine.
 *   2. `dcmdump +W` writes the decoded Pixel Data raw; values are the stored
 *      values (unsigned masked to Bits Stored, signed sign-extended), colour
 *      interleaved R, G, B. PALETTE COLOR is given as RGB through the palette
 *      read from the file (first mapped value and entry count of the
 *      descriptor; 16-bit entries reduced to their high byte), because a
 *      renderer keeps the RGB, not the indices.
 *   3. Digest: min / max / mean and an FNV-1a hash of all values of the frame
 *      (fnv1a32 below, also in the test); the values at ~2,000 positions of a
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

const run = promisify(execFile);

export const REFERENCE_VERSION = 1;
/** Uniform positions plus positions on edges; fewer when the image has fewer distinct ones. */
const UNIFORM_SAMPLES = 1000;
const EDGE_SAMPLES = 1000;
const GRID = 64;

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

/** Decoded pixels of one frame, as an independent decoder gives them. */
interface Decoded {
  rows: number;
  columns: number;
  /** Of `values`: 3 for colour and palette (RGB), else 1. */
  samples: number;
  values: Int32Array;
  header: Map<string, string>;
}

/** 32-bit FNV-1a over the values taken as 32-bit integers, in order. Same code in the e2e test. */
export function fnv1a32(values: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) h = Math.imul(h ^ (values[i]! | 0), 0x01000193);
  return h >>> 0;
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Top-level elements of a dcmdump listing: "gggg,eeee" -> value text (brackets removed). */
function parseDump(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\(([0-9a-f]{4}),([0-9a-f]{4})\) ([A-Z]{2}) (.*)$/.exec(line);
    if (!m || out.has(`${m[1]},${m[2]}`)) continue;
    const rest = m[4]!;
    const hash = rest.lastIndexOf('#');
    let value = (hash >= 0 ? rest.slice(0, hash) : rest).trim();
    const quoted = /^\[(.*)\]$/.exec(value);
    if (quoted) value = quoted[1]!;
    else if (value.startsWith('(no value')) value = '';
    out.set(`${m[1]},${m[2]}`, value);
  }
  return out;
}

/** The decoder command for a transfer syntax: [tool, ...args] taking `in out` after. */
function decoder(ts: string): string[] {
  switch (ts) {
    case '1.2.840.10008.1.2':
    case '1.2.840.10008.1.2.1':
    case '1.2.840.10008.1.2.2':
    case '1.2.840.10008.1.2.1.99':
      return ['dcmconv', '+te'];
    case '1.2.840.10008.1.2.5':
      return ['dcmdrle', '+te'];
    case '1.2.840.10008.1.2.4.50':
    case '1.2.840.10008.1.2.4.51':
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70':
      return ['dcmdjpeg', '+te'];
    case '1.2.840.10008.1.2.4.80':
    case '1.2.840.10008.1.2.4.81':
      return ['dcmdjpls', '+te'];
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91':
      return ['gdcmconv', '--raw'];
    default:
      throw new Error(`no reference decoder for transfer syntax ${ts}`);
  }
}

/** Stored values of frame 1 of an uncompressed explicit LE file (colour interleaved, palette as RGB). */
async function readPixels(file: string, dir: string): Promise<Decoded> {
  const { stdout } = await run('dcmdump', ['-q', '+L', '+W', dir, file], { maxBuffer: 64 * 2 ** 20 });
  const header = parseDump(stdout);
  const num = (tag: string, fallback?: number): number => {
    const v = header.get(tag);
    if (v === undefined || v === '') {
      if (fallback !== undefined) return fallback;
      throw new Error(`${file}: no (${tag})`);
    }
    return Number(v.split('\\')[0]);
  };
  const rows = num('0028,0010');
  const columns = num('0028,0011');
  const spp = num('0028,0002');
  const allocated = num('0028,0100');
  const stored = num('0028,0101');
  const signed = num('0028,0103') === 1;
  const planar = num('0028,0006', 0);
  const rawName = /^\(7fe0,0010\) O[BW] =(.*?)\s+#/m.exec(stdout)?.[1];
  if (!rawName) throw new Error(`${file}: dcmdump wrote no pixel data`);
  const raw = readFileSync(rawName);
  const n = rows * columns * spp;
  const bytes = allocated / 8;
  if (raw.length < n * bytes) throw new Error(`${file}: ${raw.length} bytes of pixel data, frame 1 needs ${n * bytes}`);
  // Copied so that the typed view is aligned whatever the Buffer's offset.
  const copy = new Uint8Array(n * bytes);
  copy.set(raw.subarray(0, n * bytes));
  const words = bytes === 1 ? copy : bytes === 2 ? new Uint16Array(copy.buffer) : new Uint32Array(copy.buffer);
  const values = new Int32Array(n);
  const mask = stored >= 32 ? -1 : (1 << stored) - 1;
  const shift = 32 - stored;
  const pixels = rows * columns;
  for (let i = 0; i < n; i++) {
    const v = words[i]!;
    values[i] = signed ? (v << shift) >> shift : v & mask;
  }
  if (planar === 1 && spp > 1) {
    // Colour by plane: sample s of pixel p is at s * pixels + p; interleave.
    const planes = values.slice();
    for (let p = 0; p < pixels; p++) for (let s = 0; s < spp; s++) values[p * spp + s] = planes[s * pixels + p]!;
  }
  if (header.get('0028,0004') !== 'PALETTE COLOR') return { rows, columns, samples: spp, values, header };
  const rgb = new Int32Array(rows * columns * 3);
  ['1', '2', '3'].forEach((c, k) => {
    const [entries0, first, bits] = (header.get(`0028,110${c}`) ?? '').split('\\').map(Number) as [
      number,
      number,
      number,
    ];
    const entries = entries0 === 0 ? 65536 : entries0;
    const lut = (header.get(`0028,120${c}`) ?? '').split('\\').map((h) => parseInt(h, 16));
    if (lut.length < entries) throw new Error(`${file}: palette ${c} has ${lut.length} of ${entries} entries`);
    for (let p = 0; p < rows * columns; p++) {
      const index = Math.min(entries - 1, Math.max(0, values[p]! - first));
      const entry = lut[index]!;
      rgb[p * 3 + k] = bits > 8 ? entry >> (bits - 8) : entry & 0xff;
    }
  });
  return { rows, columns, samples: 3, values: rgb, header };
}

/** Reads a binary PGM (P5) or PPM (P6) with maxval 255. */
function readPnm(file: string): { width: number; height: number; channels: number; data: Uint8Array } {
  const buf = readFileSync(file);
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    if (buf[pos] === 0x23) {
      while (buf[pos] !== 0x0a) pos++;
      continue;
    }
    const start = pos;
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    fields.push(buf.toString('latin1', start, pos));
  }
  pos++;
  const [magic, w, h, max] = fields as [string, string, string, string];
  if ((magic !== 'P5' && magic !== 'P6') || max !== '255') throw new Error(`${file}: not an 8-bit binary PNM`);
  const channels = magic === 'P6' ? 3 : 1;
  return { width: Number(w), height: Number(h), channels, data: new Uint8Array(buf.subarray(pos)) };
}

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

/**
 * For a multi-frame file with encapsulated Pixel Data, a copy holding frame 1
 * only (the decoders decode every frame, and JPEG 2000 cine takes seconds):
 * the data set as is up to Pixel Data, an empty offset table, frame 1's
 * fragments, then Number of Frames set to 1 with dcmodify. Undefined when the
 * fragments of frame 1 cannot be told (no offset table and not one fragment
 * per frame): then the whole file is decoded.
 */
async function firstFrameOnly(input: string, frames: number, out: string): Promise<string | undefined> {
  const b = readFileSync(input);
  // (7FE0,0010) OB, undefined length, explicit VR little endian (encapsulated syntaxes are).
  const tag = b.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff]));
  if (tag < 0) return undefined;
  const items: { start: number; end: number }[] = [];
  let pos = tag + 12;
  while (pos + 8 <= b.length) {
    const [group, element, length] = [b.readUInt16LE(pos), b.readUInt16LE(pos + 2), b.readUInt32LE(pos + 4)];
    if (group !== 0xfffe || element !== 0xe000) break; // sequence delimiter
    items.push({ start: pos + 8, end: pos + 8 + length });
    pos += 8 + length;
  }
  const [table, ...fragments] = items;
  if (!table || fragments.length === 0) return undefined;
  let first: typeof fragments;
  if (table.end > table.start) {
    const offsets = Array.from({ length: (table.end - table.start) / 4 }, (_, k) =>
      b.readUInt32LE(table.start + 4 * k),
    );
    const base = fragments[0]!.start - 8;
    const end = offsets.length > 1 ? base + offsets[1]! : Infinity;
    first = fragments.filter((f) => f.start - 8 < end);
  } else if (fragments.length === frames) {
    first = fragments.slice(0, 1);
  } else {
    return undefined;
  }
  const item = (data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt16LE(0xfffe, 0);
    head.writeUInt16LE(0xe000, 2);
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data]);
  };
  const end = Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  writeFileSync(
    out,
    Buffer.concat([
      b.subarray(0, tag + 12),
      item(Buffer.alloc(0)),
      ...first.map((f) => item(b.subarray(f.start, f.end))),
      end,
    ]),
  );
  await run('dcmodify', ['-nb', '-m', '(0028,0008)=1', out]);
  return out;
}

/** Pixel indices to sample: uniform, plus positions where the pixel differs from its right or lower neighbour. */
function samplePositions(d: Decoded): number[] {
  const { rows, columns, samples, values } = d;
  const pixels = rows * columns;
  const random = prng(0x5eed);
  const chosen = new Set<number>();
  for (let i = 0; i < UNIFORM_SAMPLES && chosen.size < pixels; i++) chosen.add(Math.floor(random() * pixels));
  // Edge pixels by rejection sampling: a pixel that differs from its right or lower neighbour.
  const isEdge = (p: number): boolean => {
    if (p % columns === columns - 1 || p >= pixels - columns) return false;
    for (let s = 0; s < samples; s++) {
      const v = values[p * samples + s]!;
      if (v !== values[(p + 1) * samples + s] || v !== values[(p + columns) * samples + s]) return true;
    }
    return false;
  };
  for (let tries = 0, found = 0; found < EDGE_SAMPLES && tries < 1000 * EDGE_SAMPLES; tries++) {
    const p = Math.floor(random() * pixels);
    if (isEdge(p)) {
      chosen.add(p);
      found++;
    }
  }
  return [...chosen].sort((a, b) => a - b);
}

function statistics(values: Int32Array): { min: number; max: number; mean: number; fnv1a: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / values.length, fnv1a: fnv1a32(values) };
}

function at(d: { samples: number; values: ArrayLike<number> }, positions: readonly number[]): number[] {
  return positions.flatMap((p) => Array.from({ length: d.samples }, (_, s) => d.values[p * d.samples + s]!));
}

/** dcm2pnm's rendering at the header's first window, on a GRID x GRID lattice of pixel centres. */
async function display(decodedFile: string, d: Decoded, dir: string) {
  const monochrome = d.samples === 1;
  const window = monochrome && d.header.get('0028,1050') && d.header.get('0028,1051');
  const args = [...(monochrome ? (window ? ['+Wi', '1'] : ['+Wm']) : []), '+F', '1', decodedFile, join(dir, 'out.pnm')];
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
    const decodedFile = join(dir, 'decoded.dcm');
    const command = decoder(file.transferSyntaxUid);
    const encapsulated = command[0] !== 'dcmconv';
    const single =
      encapsulated && file.frames > 1 ? await firstFrameOnly(input, file.frames, join(dir, 'frame1.dcm')) : undefined;
    await run(command[0]!, [...command.slice(1), single ?? input, decodedFile]);
    const d = await readPixels(decodedFile, dir);
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
      decoder: `${single ? 'frame 1 cut out, then ' : ''}${command.join(' ')}, then dcmdump +W`,
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
      display: await display(decodedFile, d, dir),
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
