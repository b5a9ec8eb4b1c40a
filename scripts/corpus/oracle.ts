/**
 * Independent decodings of one frame of a DICOM file, by dcmtk or GDCM (never
 * Cornerstone): what the browser tests compare `pixelValues()` with. Used by
 * make-references.ts (the generated corpus) and realworld.ts (files written by
 * other toolkits).
 *
 * 1. The file (or, for a multi-frame encapsulated file, a copy holding only the
 *    frame asked for: the decoders decode every frame) is decoded to
 *    uncompressed explicit VR little endian by the first decoder that succeeds:
 *    dcmtk's dcmconv +te (native, big endian, deflate), dcmdrle (RLE),
 *    dcmdjpeg (JPEG; YCbCr converted to RGB), dcmdjpls (JPEG-LS), then GDCM's
 *    gdcmconv --raw for these too, and for JPEG 2000 (dcmtk has no decoder).
 * 2. `dcmdump +W` writes the decoded Pixel Data raw. Values are the stored
 *    values, signed or not as the DATA SET's Pixel Representation says (GDCM
 *    rewrites it after what a JPEG 2000 codestream declares; the data set is
 *    what the standard says wins): unsigned masked to Bits Stored, signed
 *    sign-extended from it. Bits Stored is the data set's, or the decoder's
 *    where that is larger: a lossy JPEG 2000 codestream of 12-bit data may hold
 *    13-bit values (4114 where the source has 4095), which masking to 12 bits
 *    would turn into 18. Colour is interleaved R, G, B. PALETTE COLOR is given as
 *    RGB through the palette of the file (first mapped value and entry count of
 *    the descriptor; 16-bit entries reduced to their high byte), because a
 *    renderer keeps the RGB, not the indices. Uncompressed YBR_FULL and
 *    YBR_FULL_422 (8-bit) are given as RGB by dcm2pnm, dcmtk's renderer.
 * 3. Digest helpers: min / max / mean and FNV-1a of all values, and ~2,000
 *    sampled positions from a fixed-seed PRNG (half uniform, half on pixels that
 *    differ from a neighbour, where decoders go wrong).
 * When every decoder fails, decodeFrame throws an OracleError naming each one's
 * reason: the file is one that "neither oracle can decode".
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Uniform positions plus positions on edges; fewer when the image has fewer distinct ones. */
const UNIFORM_SAMPLES = 1000;
const EDGE_SAMPLES = 1000;

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99']);

/** Decoded pixels of one frame, as an independent decoder gives them. */
export interface Decoded {
  rows: number;
  columns: number;
  /** Of `values`: 3 for colour and palette (RGB), else 1. */
  samples: number;
  /** Stored values (or RGB); Float64 so that unsigned 32-bit values keep their sign. */
  values: Float64Array;
  /** Top-level elements of the decoded file. */
  header: Map<string, string>;
  /** The decoded file (explicit VR little endian), for dcm2pnm. */
  decodedFile: string;
  /** Its frame that holds the frame asked for (1 when the frame was cut out). */
  decodedFrame: number;
  /** What decoded it, in words: "dcmdrle +te, then dcmdump +W". */
  decoder: string;
}

/** Every decoder failed on the file: the reasons, one per decoder. */
export class OracleError extends Error {
  constructor(readonly reasons: string[]) {
    super(`no oracle decodes it: ${reasons.join('; ')}`);
    this.name = 'OracleError';
  }
}

/** 32-bit FNV-1a over the values taken as 32-bit integers, in order. Same code in the e2e tests. */
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
export function parseDump(text: string): Map<string, string> {
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

/** The top-level header of a file (meta information included, long values not loaded). */
export async function readHeader(file: string): Promise<Map<string, string>> {
  const { stdout } = await run('dcmdump', ['-q', '-M', '-Un', file], { maxBuffer: 64 * 2 ** 20 });
  return parseDump(stdout);
}

/** A number of a header, the first of several values; `fallback` when absent or empty. */
export function headerNumber(header: Map<string, string>, tag: string, fallback?: number): number {
  const v = header.get(tag);
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    throw new Error(`no (${tag})`);
  }
  return Number(v.split('\\')[0]);
}

/** The decoder commands to try for a transfer syntax, in order: [tool, ...args] taking `in out` after. */
export function decoders(ts: string): string[][] {
  const gdcm = ['gdcmconv', '--raw'];
  switch (ts) {
    case '1.2.840.10008.1.2':
    case '1.2.840.10008.1.2.1':
    case '1.2.840.10008.1.2.2':
    case '1.2.840.10008.1.2.1.99':
      return [['dcmconv', '+te'], gdcm];
    case '1.2.840.10008.1.2.5':
      return [['dcmdrle', '+te'], gdcm];
    case '1.2.840.10008.1.2.4.50':
    case '1.2.840.10008.1.2.4.51':
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70':
      return [['dcmdjpeg', '+te'], gdcm];
    case '1.2.840.10008.1.2.4.80':
    case '1.2.840.10008.1.2.4.81':
      return [['dcmdjpls', '+te'], gdcm];
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91':
      return [gdcm];
    default:
      return [gdcm];
  }
}

/**
 * Stored values of frame `frame` (1-based) of an uncompressed explicit LE
 * file (colour interleaved, palette as RGB), read with `dataset`'s Bits
 * Stored and Pixel Representation where given.
 */
export async function readPixels(
  file: string,
  dir: string,
  frame = 1,
  dataset?: { bitsStored: number; pixelRepresentation: number },
): Promise<Omit<Decoded, 'decodedFile' | 'decodedFrame' | 'decoder'>> {
  const { stdout } = await run('dcmdump', ['-q', '+L', '+W', dir, file], { maxBuffer: 64 * 2 ** 20 });
  const header = parseDump(stdout);
  const num = (tag: string, fallback?: number): number => {
    try {
      return headerNumber(header, tag, fallback);
    } catch {
      throw new Error(`${file}: no (${tag})`);
    }
  };
  const rows = num('0028,0010');
  const columns = num('0028,0011');
  const spp = num('0028,0002');
  const allocated = num('0028,0100');
  const stored = Math.max(dataset?.bitsStored ?? 0, num('0028,0101'));
  const signed = (dataset?.pixelRepresentation ?? num('0028,0103')) === 1;
  const planar = num('0028,0006', 0);
  const photometric = header.get('0028,0004') ?? '';
  if (allocated !== 8 && allocated !== 16 && allocated !== 32) {
    throw new Error(`${file}: Bits Allocated ${allocated} is not read here`);
  }
  if (photometric.startsWith('YBR_') && spp === 3) {
    throw new Error(`${file}: decoded pixels are ${photometric}, not RGB`);
  }
  const rawName = /^\(7fe0,0010\) O[BW] =(.*?)\s+#/m.exec(stdout)?.[1];
  if (!rawName) throw new Error(`${file}: dcmdump wrote no pixel data`);
  const raw = readFileSync(rawName);
  const n = rows * columns * spp;
  const bytes = allocated / 8;
  const start = (frame - 1) * n * bytes;
  if (raw.length < start + n * bytes) {
    throw new Error(`${file}: ${raw.length} bytes of pixel data, frame ${frame} needs ${start + n * bytes}`);
  }
  // Copied so that the typed view is aligned whatever the Buffer's offset.
  const copy = new Uint8Array(n * bytes);
  copy.set(raw.subarray(start, start + n * bytes));
  const words = bytes === 1 ? copy : bytes === 2 ? new Uint16Array(copy.buffer) : new Uint32Array(copy.buffer);
  const values = new Float64Array(n);
  const mask = stored >= 32 ? -1 : (1 << stored) - 1;
  const shift = 32 - stored;
  const pixels = rows * columns;
  for (let i = 0; i < n; i++) {
    const v = words[i]!;
    values[i] = signed ? (v << shift) >> shift : (v & mask) >>> 0;
  }
  if (planar === 1 && spp > 1) {
    // Colour by plane: sample s of pixel p is at s * pixels + p; interleave.
    const planes = values.slice();
    for (let p = 0; p < pixels; p++) for (let s = 0; s < spp; s++) values[p * spp + s] = planes[s * pixels + p]!;
  }
  if (photometric !== 'PALETTE COLOR') return { rows, columns, samples: spp, values, header };
  const rgb = new Float64Array(rows * columns * 3);
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
export function readPnm(file: string): { width: number; height: number; channels: number; data: Uint8Array } {
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

/**
 * For a multi-frame file with encapsulated Pixel Data, a copy holding frame
 * `frame` (1-based) only: the data set as is up to Pixel Data, an empty offset
 * table, that frame's fragments, then Number of Frames set to 1 with dcmodify.
 * Undefined when the frame's fragments cannot be told (no offset table and not
 * one fragment per frame): then the whole file is decoded.
 */
export async function frameOnly(
  input: string,
  frames: number,
  frame: number,
  out: string,
): Promise<string | undefined> {
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
  let chosen: typeof fragments;
  if (table.end > table.start) {
    const offsets = Array.from({ length: (table.end - table.start) / 4 }, (_, k) =>
      b.readUInt32LE(table.start + 4 * k),
    );
    if (offsets.length !== frames) return undefined;
    const base = fragments[0]!.start - 8;
    const begin = base + offsets[frame - 1]!;
    const end = frame < offsets.length ? base + offsets[frame]! : Infinity;
    chosen = fragments.filter((f) => f.start - 8 >= begin && f.start - 8 < end);
  } else if (fragments.length === frames) {
    chosen = fragments.slice(frame - 1, frame);
  } else {
    return undefined;
  }
  if (chosen.length === 0) return undefined;
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
      ...chosen.map((f) => item(b.subarray(f.start, f.end))),
      end,
    ]),
  );
  await run('dcmodify', ['-nb', '-m', '(0028,0008)=1', out]);
  return out;
}

/** RGB of frame `frame` of an uncompressed 8-bit YBR_FULL / YBR_FULL_422 file, as dcm2pnm renders it. */
async function ybrAsRgb(decodedFile: string, frame: number, dir: string): Promise<Float64Array> {
  const out = join(dir, 'ybr.ppm');
  await run('dcm2pnm', ['+F', String(frame), decodedFile, out]);
  return Float64Array.from(readPnm(out).data);
}

function errorText(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  const text = (e.stderr?.trim() || e.message || String(error)).split('\n');
  return text.filter((l) => /^[EF]:|rror|fail/i.test(l)).join(' ') || text[0] || '';
}

/**
 * Frame `frame` (1-based) of `input`, decoded by the first independent decoder
 * that succeeds; throws OracleError when none does. `dir` is scratch space
 * (the decoded file stays there for the caller).
 */
export async function decodeFrame(
  input: string,
  options: { transferSyntaxUid: string; frames: number; frame: number; dataset?: Map<string, string> },
  dir: string,
): Promise<Decoded> {
  const dataset = options.dataset ?? (await readHeader(input));
  const overrides = {
    bitsStored: headerNumber(dataset, '0028,0101'),
    pixelRepresentation: headerNumber(dataset, '0028,0103', 0),
  };
  const encapsulated = !NATIVE.has(options.transferSyntaxUid);
  const single =
    encapsulated && options.frames > 1
      ? await frameOnly(input, options.frames, options.frame, join(dir, 'frame.dcm'))
      : undefined;
  const decodedFrame = single ? 1 : options.frame;
  const reasons: string[] = [];
  for (const command of decoders(options.transferSyntaxUid)) {
    const decodedFile = join(dir, `decoded-${command[0]}.dcm`);
    try {
      await run(command[0]!, [...command.slice(1), single ?? input, decodedFile], { maxBuffer: 64 * 2 ** 20 });
      const d = await readPixels(decodedFile, dir, decodedFrame, overrides).catch(async (error: unknown) => {
        // Uncompressed YBR stays YBR through the decoders: dcmtk's renderer gives RGB.
        const decodedHeader = await readHeader(decodedFile);
        const photometric = decodedHeader.get('0028,0004') ?? '';
        if (!photometric.startsWith('YBR_') || headerNumber(decodedHeader, '0028,0100') !== 8) throw error;
        const rows = headerNumber(decodedHeader, '0028,0010');
        const columns = headerNumber(decodedHeader, '0028,0011');
        const values = await ybrAsRgb(decodedFile, decodedFrame, dir);
        if (values.length !== rows * columns * 3) throw new Error(`dcm2pnm wrote ${values.length} values`);
        return { rows, columns, samples: 3, values, header: decodedHeader, viaDcm2pnm: true };
      });
      const via = 'viaDcm2pnm' in d ? ', YBR to RGB by dcm2pnm' : ', then dcmdump +W';
      return {
        ...d,
        decodedFile,
        decodedFrame,
        decoder: `${single ? `frame ${options.frame} cut out, then ` : ''}${command.join(' ')}${via}`,
      };
    } catch (error) {
      reasons.push(`${command.join(' ')}: ${errorText(error)}`);
    }
  }
  throw new OracleError(reasons);
}

/** Pixel indices to sample: uniform, plus positions where the pixel differs from its right or lower neighbour. */
export function samplePositions(d: Pick<Decoded, 'rows' | 'columns' | 'samples' | 'values'>): number[] {
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

export function statistics(values: ArrayLike<number>): { min: number; max: number; mean: number; fnv1a: number } {
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

/** The values at `positions` (pixel indices), every sample of each pixel. */
export function at(d: { samples: number; values: ArrayLike<number> }, positions: readonly number[]): number[] {
  return positions.flatMap((p) => Array.from({ length: d.samples }, (_, s) => d.values[p * d.samples + s]!));
}
