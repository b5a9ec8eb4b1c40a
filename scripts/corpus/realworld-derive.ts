/**
 * Edge cases derived from the real-world files with dcmtk and GDCM, one
 * recipe per failure class of issue 13 (realworld-sources.json names which
 * file each starts from). Deterministic: UIDs are 2.25 UIDs hashed from the
 * case's id, pixel transforms are fixed.
 *
 * Recipes:
 * - rle / jpegls / j2k: the file transcoded as is (dcmcrle, dcmcjpls, gdcmconv --j2k).
 * - j2k-sign-mismatch: a signed CT whose values fit 13 bits, encoded to JPEG 2000
 *   as unsigned 16-bit (the codestream's SIZ says unsigned), then the data set
 *   set to Pixel Representation 1, Bits Stored 13, High Bit 12.
 * - remove: the file with the `tags` erased (dcmodify -ea), pixels untouched.
 * - add-uids: the file with the Study, Series and SOP Instance UIDs it lacks.
 * - rgb16 / dose32 / odd-multiframe / palette / ybr: new objects (dump2dcm) whose
 *   pixels come from the source's decoded frames, then RLE where `syntax` says.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decoders, headerNumber, readHeader } from './oracle.js';

const run = promisify(execFile);

export interface DerivedEntry {
  id: string;
  from: string;
  recipe: string;
  what: string;
  tags?: string[];
  syntax?: 'native' | 'rle';
  photometric?: 'YBR_FULL' | 'YBR_FULL_422';
}

/** A 2.25 UID from a hash of `kind` and `id`: the same case always gets the same UID. */
export function uidFor(kind: string, id: string): string {
  const hex = createHash('sha256').update(`fovea-realworld:${kind}:${id}`).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

async function tool(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')}: ${(e.stderr || e.message).trim().split('\n').slice(-4).join(' ')}`);
  }
}

/** The source decoded to explicit VR little endian by the first decoder that succeeds. */
async function decodeToNative(src: string, out: string): Promise<void> {
  const failures: string[] = [];
  for (const command of decoders(await transferSyntaxUid(src))) {
    try {
      await tool(command[0]!, [...command.slice(1), src, out]);
      return;
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new Error(`cannot decode ${src}: ${failures.join('; ')}`);
}

/** The transfer syntax UID of a file (dcmdump names known ones, +Un prints the number). */
export async function transferSyntaxUid(file: string): Promise<string> {
  const { stdout } = await run('dcmdump', ['-q', '-M', '-Un', '+P', '0002,0010', file]);
  const m = /\[(.*?)\]/.exec(stdout);
  if (!m) throw new Error(`${file}: no transfer syntax`);
  return m[1]!;
}

interface Frames {
  header: Map<string, string>;
  rows: number;
  columns: number;
  samples: number;
  bytes: number;
  frames: number;
  /** Raw little-endian pixel bytes of the decoded source (every frame). */
  data: Buffer;
}

/** Every frame of the source, decoded, as raw bytes (colour interleaved). */
async function sourceFrames(src: string, dir: string): Promise<Frames> {
  const native = join(dir, 'source-native.dcm');
  await decodeToNative(src, native);
  const { stdout } = await run('dcmdump', ['-q', '+L', '+W', dir, native], { maxBuffer: 64 * 2 ** 20 });
  const rawName = /^\(7fe0,0010\) O[BW] =(.*?)\s+#/m.exec(stdout)?.[1];
  if (!rawName) throw new Error(`${src}: no pixel data`);
  const header = await readHeader(native);
  if (headerNumber(header, '0028,0006', 0) !== 0) throw new Error(`${src}: colour by plane is not handled here`);
  return {
    header,
    rows: headerNumber(header, '0028,0010'),
    columns: headerNumber(header, '0028,0011'),
    samples: headerNumber(header, '0028,0002'),
    bytes: headerNumber(header, '0028,0100') / 8,
    frames: headerNumber(header, '0028,0008', 1),
    data: readFileSync(rawName),
  };
}

/** Pixel (x, y) sample s of frame f (0-based) as a number. */
function sample(src: Frames, f: number, x: number, y: number, s: number): number {
  const i = ((f * src.rows + y) * src.columns + x) * src.samples + s;
  return src.bytes === 1 ? src.data[i]! : src.bytes === 2 ? src.data.readUInt16LE(2 * i) : src.data.readUInt32LE(4 * i);
}

/** A crop of w x h at (x0, y0) of frame f, every sample, as numbers. */
function crop(src: Frames, f: number, x0: number, y0: number, w: number, h: number): number[] {
  if (x0 + w > src.columns || y0 + h > src.rows || f >= src.frames) throw new Error('crop outside the source');
  const out: number[] = [];
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) for (let s = 0; s < src.samples; s++) out.push(sample(src, f, x, y, s));
  }
  return out;
}

function packed(values: readonly number[], bytes: 1 | 2 | 4): Buffer {
  const b = Buffer.alloc(values.length * bytes + ((values.length * bytes) % 2));
  values.forEach((v, i) => {
    if (bytes === 1) b.writeUInt8(v, i);
    else if (bytes === 2) b.writeUInt16LE(v, 2 * i);
    else b.writeUInt32LE(v, 4 * i);
  });
  return b;
}

type Element = [tag: string, vr: string, value: string];

/**
 * Writes a new object with dump2dcm: the elements given (sorted by tag), the
 * source's patient and study, fresh Series and SOP Instance UIDs, and pixel
 * data (and palette tables) read from raw files.
 */
async function writeObject(
  id: string,
  source: Map<string, string>,
  elements: Element[],
  pixels: Buffer,
  out: string,
  dir: string,
): Promise<void> {
  const pixelFile = join(dir, `${id}.pixels`);
  writeFileSync(pixelFile, pixels);
  const all: Element[] = [
    ['0008,0005', 'CS', 'ISO_IR 100'],
    ['0008,0018', 'UI', uidFor('sop', id)],
    ['0008,0020', 'DA', source.get('0008,0020') || '20000101'],
    ['0008,103e', 'LO', `Fovea real-world edge case ${id}`.slice(0, 64)],
    ['0010,0010', 'PN', 'Realworld^Derived'],
    ['0010,0020', 'LO', 'FOVEA-RW'],
    ['0020,000d', 'UI', source.get('0020,000d') || uidFor('study', id)],
    ['0020,000e', 'UI', uidFor('series', id)],
    ['0020,0011', 'IS', '901'],
    ['0020,0013', 'IS', '1'],
    ...elements,
  ].sort((a, b) => a[0]!.localeCompare(b[0]!)) as Element[];
  const lines = all.map(([tag, vr, value]) =>
    value.startsWith('=') ? `(${tag}) ${vr} ${value}` : `(${tag}) ${vr} [${value}]`,
  );
  lines.push(
    `(7fe0,0010) ${pixels.length > 0 && elements.some(([t, , v]) => t === '0028,0100' && v === '8') ? 'OB' : 'OW'} =${pixelFile}`,
  );
  const dump = join(dir, `${id}.dump`);
  writeFileSync(dump, `(0002,0010) UI =LittleEndianExplicit\n${lines.join('\n')}\n`);
  await tool('dump2dcm', ['-q', '+te', dump, out]);
}

/** Image Pixel attributes for the elements list. */
function pixelModule(
  rows: number,
  columns: number,
  opts: { samples: number; photometric: string; bits: number; stored?: number; signed?: boolean; frames?: number },
): Element[] {
  const stored = opts.stored ?? opts.bits;
  const e: Element[] = [
    ['0028,0002', 'US', String(opts.samples)],
    ['0028,0004', 'CS', opts.photometric],
    ['0028,0010', 'US', String(rows)],
    ['0028,0011', 'US', String(columns)],
    ['0028,0100', 'US', String(opts.bits)],
    ['0028,0101', 'US', String(stored)],
    ['0028,0102', 'US', String(stored - 1)],
    ['0028,0103', 'US', opts.signed ? '1' : '0'],
  ];
  if (opts.samples > 1) e.push(['0028,0006', 'US', '0']);
  if (opts.frames !== undefined) e.push(['0028,0008', 'IS', String(opts.frames)]);
  return e;
}

/** New Series and SOP Instance UIDs on a file (dcmodify also updates the meta header). */
async function renumber(file: string, id: string): Promise<void> {
  await tool('dcmodify', [
    '-nb',
    '-i',
    `(0008,0018)=${uidFor('sop', id)}`,
    '-i',
    `(0020,000e)=${uidFor('series', id)}`,
    '-i',
    `(0008,103e)=Fovea real-world edge case ${id}`.slice(0, 80),
    file,
  ]);
}

/** The RGB capture's crops: regions with content (its centre and upper left of centre). */
const RGB_CROPS = [
  [1344, 896],
  [1000, 600],
  [1600, 1100],
] as const;

/** YCbCr (PS3.3 C.7.6.3.1.2, full range) of one RGB pixel, rounded and clamped. */
function ybr(r: number, g: number, b: number): [number, number, number] {
  const c = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  return [
    c(0.299 * r + 0.587 * g + 0.114 * b),
    c(-0.1687 * r - 0.3313 * g + 0.5 * b + 128),
    c(0.5 * r - 0.4187 * g - 0.0813 * b + 128),
  ];
}

/** The 16-bit entries of a "hot iron" palette: black, red, yellow, white. */
function hotIron(): [number[], number[], number[]] {
  const ramp = (v: number, from: number) => Math.min(255, Math.max(0, (v - from) * 3)) * 257;
  const idx = Array.from({ length: 256 }, (_, v) => v);
  return [idx.map((v) => ramp(v, 0)), idx.map((v) => ramp(v, 85)), idx.map((v) => ramp(v, 170))];
}

/** Makes `entry` from `src` (the source file, already in the corpus) into `out`. */
export async function derive(entry: DerivedEntry, src: string, out: string, dir: string): Promise<void> {
  const rle = async (native: string) => {
    if (entry.syntax === 'rle') await tool('dcmcrle', ['-q', native, out]);
    else copyFileSync(native, out);
  };
  switch (entry.recipe) {
    case 'rle':
      await tool('dcmcrle', ['-q', src, out]);
      return renumber(out, entry.id);
    case 'jpegls':
      await tool('dcmcjpls', ['-q', '+el', src, out]);
      return renumber(out, entry.id);
    case 'j2k': {
      // Explicit VR first: gdcmconv writes elements of an implicit VR file as UN.
      const explicit = join(dir, 'explicit.dcm');
      await tool('dcmconv', ['+te', src, explicit]);
      await tool('gdcmconv', ['--j2k', explicit, out]);
      return renumber(out, entry.id);
    }
    case 'remove': {
      copyFileSync(src, out);
      await tool('dcmodify', ['-nb', ...(entry.tags ?? []).flatMap((t) => ['-ea', `(${t})`]), out]);
      return renumber(out, entry.id);
    }
    case 'add-uids': {
      copyFileSync(src, out);
      const header = await readHeader(src);
      const sopClass = header.get('0002,0002') ?? '';
      await tool('dcmodify', [
        '-nb',
        '-i',
        `(0008,0016)=${sopClass.startsWith('=') ? '1.2.840.10008.5.1.4.1.1.4' : sopClass}`,
        '-i',
        `(0020,000d)=${uidFor('study', entry.id)}`,
        out,
      ]);
      return renumber(out, entry.id);
    }
    case 'j2k-sign-mismatch': {
      // Signed values that fit 13 bits, read as unsigned 16-bit patterns by the encoder.
      const native = join(dir, 'signed.dcm');
      await decodeToNative(src, native);
      const frames = await sourceFrames(native, dir);
      for (let i = 0; i < frames.data.length; i += 2) {
        const v = frames.data.readInt16LE(i);
        if (v < -4096 || v > 4095) throw new Error(`${src}: value ${v} does not fit 13 bits signed`);
      }
      await tool('dcmodify', [
        '-nb',
        '-imt',
        '-m',
        '(0028,0103)=0',
        '-ea',
        '(0028,0106)',
        '-ea',
        '(0028,0107)',
        '-ea',
        '(0028,0120)',
        native,
      ]);
      await tool('gdcmconv', ['--j2k', native, out]);
      const siz = readFileSync(out).indexOf(Buffer.from([0xff, 0x51]));
      // SIZ: marker, Lsiz, Rsiz, 8 x 32-bit sizes, Csiz, then Ssiz of component 0 (0x0f: unsigned 16-bit).
      if (siz < 0 || readFileSync(out)[siz + 2 + 2 + 2 + 32 + 2] !== 0x0f) {
        throw new Error(`${out}: the JPEG 2000 codestream does not say unsigned 16-bit`);
      }
      await tool('dcmodify', [
        '-nb',
        '-m',
        '(0028,0103)=1',
        '-m',
        '(0028,0101)=13',
        '-m',
        '(0028,0102)=12',
        '-i',
        '(0028,0120)=-2000',
        out,
      ]);
      return renumber(out, entry.id);
    }
    case 'rgb16': {
      const s = await sourceFrames(src, dir);
      const [w, h] = [384, 256];
      const values = RGB_CROPS.slice(0, 2).flatMap(([x, y]) => crop(s, 0, x, y, w, h).map((v) => v * 257));
      const native = join(dir, 'rgb16.dcm');
      const elements: Element[] = [
        ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.7'],
        ['0008,0060', 'CS', 'OT'],
        ['0008,0064', 'CS', 'WSD'],
        ['0028,0009', 'AT', '(0018,2002)'],
        ['0018,2002', 'SH', 'F1\\F2'],
        ...pixelModule(h, w, { samples: 3, photometric: 'RGB', bits: 16, frames: 2 }),
      ];
      await writeObject(entry.id, s.header, elements, packed(values, 2), native, dir);
      return rle(native);
    }
    case 'dose32': {
      const s = await sourceFrames(src, dir);
      const first = Math.floor(s.frames / 2) - 1;
      const values = [0, 1, 2].flatMap((k) => crop(s, first + k, 0, 0, s.columns, s.rows).map((v) => v * 1000));
      const native = join(dir, 'dose32.dcm');
      const elements: Element[] = [
        ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.481.2'],
        ['0008,0060', 'CS', 'RTDOSE'],
        ['0020,0032', 'DS', '-128\\-128\\0'],
        ['0020,0037', 'DS', '1\\0\\0\\0\\1\\0'],
        ['0020,0052', 'UI', uidFor('frame-of-reference', entry.id)],
        ['0028,0009', 'AT', '(3004,000c)'],
        ['0028,0030', 'DS', '1\\1'],
        ['3004,0002', 'CS', 'GY'],
        ['3004,0004', 'CS', 'PHYSICAL'],
        ['3004,000a', 'CS', 'PLAN'],
        ['3004,000c', 'DS', '0\\2\\4'],
        ['3004,000e', 'DS', '0.000001'],
        ...pixelModule(s.rows, s.columns, { samples: 1, photometric: 'MONOCHROME2', bits: 32, frames: 3 }),
      ];
      await writeObject(entry.id, s.header, elements, packed(values, 4), native, dir);
      return rle(native);
    }
    case 'odd-multiframe': {
      const s = await sourceFrames(src, dir);
      let elements: Element[];
      let pixels: Buffer;
      if (s.samples === 3) {
        const [w, h] = [161, 121];
        const values = RGB_CROPS.flatMap(([x, y]) => crop(s, 0, x, y, w, h));
        pixels = packed(values, 1);
        elements = [
          ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.7.4'],
          ['0008,0060', 'CS', 'OT'],
          ['0008,0064', 'CS', 'WSD'],
          ['0028,0009', 'AT', '(0018,2002)'],
          ['0018,2002', 'SH', 'F1\\F2\\F3'],
          ...pixelModule(h, w, { samples: 3, photometric: 'RGB', bits: 8, frames: 3 }),
        ];
      } else {
        const [w, h] = [255, 253];
        const first = Math.floor(s.frames / 2) - 1;
        const scale = s.bytes === 1 ? 16 : 1; // 8-bit sources become 12-bit
        const values = [0, 1, 2].flatMap((k) => crop(s, first + k, 1, 2, w, h).map((v) => v * scale));
        pixels = packed(values, 2);
        elements = [
          ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.7.3'],
          ['0008,0060', 'CS', 'OT'],
          ['0008,0064', 'CS', 'WSD'],
          ['0028,0009', 'AT', '(0018,2002)'],
          ['0018,2002', 'SH', 'F1\\F2\\F3'],
          ['0028,1050', 'DS', '600'],
          ['0028,1051', 'DS', '1200'],
          ['0028,1052', 'DS', '0'],
          ['0028,1053', 'DS', '1'],
          ['0028,1054', 'LO', 'US'],
          ...pixelModule(h, w, { samples: 1, photometric: 'MONOCHROME2', bits: 16, stored: 12, frames: 3 }),
        ];
      }
      return writeObject(entry.id, s.header, elements, pixels, out, dir);
    }
    case 'palette': {
      const s = await sourceFrames(src, dir);
      if (s.bytes !== 1 || s.samples !== 1) throw new Error(`${src}: the palette recipe needs 8-bit grey frames`);
      const values = [0, 1, 2, 3, 4, 5].flatMap((k) => crop(s, k, 0, 0, s.columns, s.rows));
      const tables = hotIron().map((t, k) => {
        const file = join(dir, `lut${k}.raw`);
        writeFileSync(file, packed(t, 2));
        return file;
      });
      const native = join(dir, 'palette.dcm');
      const elements: Element[] = [
        ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.3.1'],
        ['0008,0060', 'CS', 'US'],
        ['0018,1063', 'DS', '33.3'],
        ['0028,0009', 'AT', '(0018,1063)'],
        ['0028,1101', 'US', '256\\0\\16'],
        ['0028,1102', 'US', '256\\0\\16'],
        ['0028,1103', 'US', '256\\0\\16'],
        ['0028,1201', 'OW', `=${tables[0]}`],
        ['0028,1202', 'OW', `=${tables[1]}`],
        ['0028,1203', 'OW', `=${tables[2]}`],
        ...pixelModule(s.rows, s.columns, { samples: 1, photometric: 'PALETTE COLOR', bits: 8, frames: 6 }),
      ];
      await writeObject(entry.id, s.header, elements, packed(values, 1), native, dir);
      return rle(native);
    }
    case 'ybr': {
      const s = await sourceFrames(src, dir);
      const [w, h] = [384, 256];
      const [x0, y0] = RGB_CROPS[0];
      const rgb = crop(s, 0, x0, y0, w, h);
      const ycc: [number, number, number][] = [];
      for (let p = 0; p < w * h; p++) ycc.push(ybr(rgb[3 * p]!, rgb[3 * p + 1]!, rgb[3 * p + 2]!));
      let values: number[];
      if (entry.photometric === 'YBR_FULL_422') {
        // Y1 Y2 Cb Cr for each pair of pixels of a row, chroma the pair's mean.
        values = [];
        for (let p = 0; p < w * h; p += 2) {
          const [a, b] = [ycc[p]!, ycc[p + 1]!];
          values.push(a[0], b[0], Math.round((a[1] + b[1]) / 2), Math.round((a[2] + b[2]) / 2));
        }
      } else {
        values = ycc.flat();
      }
      const elements: Element[] = [
        ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.7'],
        ['0008,0060', 'CS', 'OT'],
        ['0008,0064', 'CS', 'WSD'],
        ...pixelModule(h, w, { samples: 3, photometric: entry.photometric ?? 'YBR_FULL', bits: 8 }),
      ];
      return writeObject(entry.id, s.header, elements, packed(values, 1), out, dir);
    }
    default:
      throw new Error(`unknown recipe ${entry.recipe} for ${entry.id}`);
  }
}
