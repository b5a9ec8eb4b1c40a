/**
 * Reads the header of a DICOM Part 10 file with dicom-parser, stopping at
 * Pixel Data (7FE0,0010): only the bytes before it are read (64 KiB first,
 * more when the header is longer), and the frames are located as byte ranges
 * of the file (native data sliced per frame, encapsulated data as fragments).
 * Deflated files are read whole and inflated (their ranges count in the
 * inflated image). Known limits: elements after Pixel Data are not read; the
 * Extended Offset Table (OV) is not understood by dicom-parser 1.8; Float and
 * Double Float Pixel Data have no frames.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import type * as DicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { implicitVr } from './dictionary.js';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;

export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_BE = '1.2.840.10008.1.2.2';

/** A byte range of a file. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** Where the frames of an instance are in its file. */
export interface PixelDataInfo {
  /** VR to report for (7FE0,0010). */
  vr: 'OB' | 'OW';
  encapsulated: boolean;
  /** The value of (7FE0,0010) (native data; for encapsulated data, the items up to the delimiter). */
  value: ByteRange;
  /** Per frame, its byte ranges (one for native data, the fragments for encapsulated data). */
  frames: ByteRange[][];
  /** Why the frames could not be located (then `frames` is empty). */
  problem?: string;
}

/** A parsed file header. */
export interface Part10Header {
  transferSyntax: string;
  /** Data set before Pixel Data; its byte offsets are file offsets. */
  dataSet: DataSet;
  littleEndian: boolean;
  explicitVr: boolean;
  pixelData?: PixelDataInfo;
  size: number;
  mtimeMs: number;
  /**
   * Deflated explicit VR little endian: where the deflate stream starts. Byte
   * offsets (data set, frames) then count in the inflated image ({@link readInflated}).
   */
  deflatedFrom?: number;
}

const FIRST_READ = 64 * 1024;
const PIXEL_DATA = 'x7fe00010';

function dictionaryVr(tag: string): string | undefined {
  const vr = implicitVr(tag.slice(1).toUpperCase());
  if (vr === 'UN') return undefined; // let dicom-parser guess sequences
  return vr === 'xs' ? 'US' : vr;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  if (bytesRead < length) throw new Error('file ends inside pixel data');
  return buf;
}

/** Where group 0002 ends: the deflated stream of a deflated file starts there. */
function metaEnd(meta: DataSet): number {
  return Math.max(...Object.values(meta.elements).map((el) => el.dataOffset + el.length));
}

/** Reads a file's header; throws with a short reason when it is not a usable Part 10 file. */
export async function readPart10Header(path: string): Promise<Part10Header> {
  const fh = await open(path, 'r');
  try {
    const stat = await fh.stat();
    const size = stat.size;
    let want = Math.min(size, FIRST_READ);
    for (;;) {
      const bytes = await readAt(fh, 0, want);
      if (size < 132 || bytes.toString('latin1', 128, 132) !== 'DICM') {
        throw new Error('not a DICOM Part 10 file (no DICM prefix)');
      }
      let dataSet: DataSet | undefined;
      let deflatedFrom: number | undefined;
      let failure: unknown;
      try {
        const meta = dicomParser.readPart10Header(bytes);
        if (meta.string('x00020010')?.trim() === DEFLATED_LE) {
          // The whole data set is one deflate stream: read it all; dicom-parser inflates it (node:zlib).
          if (want < size) {
            want = size;
            continue;
          }
          deflatedFrom = metaEnd(meta);
        }
        dataSet = dicomParser.parseDicom(bytes, {
          untilTag: PIXEL_DATA,
          vrCallback: dictionaryVr as (tag: string) => void,
        });
      } catch (e) {
        failure = e;
      }
      if (dataSet && (dataSet.elements[PIXEL_DATA] || want >= size)) {
        const transferSyntax = (dataSet.string('x00020010') ?? IMPLICIT_LE).trim();
        const header: Part10Header = {
          transferSyntax,
          dataSet,
          littleEndian: transferSyntax !== EXPLICIT_BE,
          explicitVr: transferSyntax !== IMPLICIT_LE,
          size,
          mtimeMs: stat.mtimeMs,
        };
        if (deflatedFrom !== undefined) header.deflatedFrom = deflatedFrom;
        const pixel = dataSet.elements[PIXEL_DATA];
        if (pixel) header.pixelData = await locateFrames(fh, header, pixel);
        return header;
      }
      if (want >= size) throw new Error(`cannot parse: ${errorText(failure ?? 'no data set')}`);
      want = Math.min(size, want * 4);
    }
  } finally {
    await fh.close();
  }
}

const inflatedCache: { path: string; mtimeMs: number; bytes: Buffer }[] = [];

/**
 * The inflated image of a deflated file (meta header + inflated data set), in
 * which its header's byte offsets count. The last few are kept.
 */
export async function readInflated(path: string, deflatedFrom: number, mtimeMs: number): Promise<Buffer> {
  const hit = inflatedCache.find((c) => c.path === path && c.mtimeMs === mtimeMs);
  if (hit) return hit.bytes;
  const file = await readFile(path);
  const bytes = Buffer.concat([file.subarray(0, deflatedFrom), inflateRawSync(file.subarray(deflatedFrom))]);
  inflatedCache.unshift({ path, mtimeMs, bytes });
  inflatedCache.length = Math.min(inflatedCache.length, 4);
  return bytes;
}

function intString(ds: DataSet, tag: string, fallback: number): number {
  const v = ds.string(tag);
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) ? n : fallback;
}

async function locateFrames(fh: FileHandle, header: Part10Header, pixel: Element): Promise<PixelDataInfo> {
  const ds = header.dataSet;
  const frameCount = Math.max(1, intString(ds, 'x00280008', 1));
  const vr = header.explicitVr && pixel.vr === 'OB' ? 'OB' : 'OW';
  if (!pixel.hadUndefinedLength) {
    const value = { offset: pixel.dataOffset, length: pixel.length };
    const info: PixelDataInfo = { vr, encapsulated: false, value, frames: [] };
    const rows = ds.uint16('x00280010') ?? 0;
    const cols = ds.uint16('x00280011') ?? 0;
    const samples = ds.uint16('x00280002') ?? 1;
    const bits = ds.uint16('x00280100') ?? 0;
    const photometric = ds.string('x00280004')?.trim() ?? '';
    const perPixel = photometric.endsWith('_422') ? 2 * bits : samples * bits;
    const frameBits = rows * cols * perPixel;
    if (frameBits === 0) return { ...info, problem: 'Rows, Columns or Bits Allocated missing' };
    if (frameBits % 8 !== 0) return { ...info, problem: 'frames are not byte aligned (1-bit data)' };
    const frameSize = frameBits / 8;
    const sourceSize = header.deflatedFrom === undefined ? header.size : ds.byteArray.length;
    const available = Math.min(pixel.length, sourceSize - pixel.dataOffset);
    if (frameSize * frameCount > available) return { ...info, problem: 'pixel data is shorter than its frames' };
    for (let i = 0; i < frameCount; i++)
      info.frames.push([{ offset: pixel.dataOffset + i * frameSize, length: frameSize }]);
    return info;
  }

  if (header.deflatedFrom !== undefined) {
    return {
      vr,
      encapsulated: true,
      value: { offset: pixel.dataOffset, length: 0 },
      frames: [],
      problem: 'encapsulated pixel data in a deflated file',
    };
  }
  // Encapsulated: items (FFFE,E000) after the element header; the first is the Basic Offset Table.
  let pos = pixel.dataOffset;
  const items: ByteRange[] = [];
  for (;;) {
    if (pos + 8 > header.size)
      return {
        vr,
        encapsulated: true,
        value: { offset: pixel.dataOffset, length: 0 },
        frames: [],
        problem: 'file ends inside pixel data',
      };
    const head = await readAt(fh, pos, 8);
    const group = head.readUInt16LE(0);
    const element = head.readUInt16LE(2);
    const length = head.readUInt32LE(4);
    pos += 8;
    if (group === 0xfffe && element === 0xe0dd) break;
    if (group !== 0xfffe || element !== 0xe000 || length === 0xffffffff) {
      return {
        vr,
        encapsulated: true,
        value: { offset: pixel.dataOffset, length: 0 },
        frames: [],
        problem: 'malformed encapsulated pixel data',
      };
    }
    items.push({ offset: pos, length });
    pos += length;
  }
  const value = { offset: pixel.dataOffset, length: pos - pixel.dataOffset };
  const info: PixelDataInfo = { vr: 'OB', encapsulated: true, value, frames: [] };
  const [bot, ...fragments] = items;
  if (!bot || fragments.length === 0) return { ...info, problem: 'no fragments' };
  info.frames = await groupFragments(fh, bot, fragments, frameCount);
  if (info.frames.length !== frameCount) return { ...info, frames: [], problem: 'cannot map fragments to frames' };
  return info;
}

/** Groups fragments into frames: one frame, the Basic Offset Table, one fragment a frame, or codec start markers. */
async function groupFragments(
  fh: FileHandle,
  bot: ByteRange,
  fragments: ByteRange[],
  frameCount: number,
): Promise<ByteRange[][]> {
  if (frameCount === 1) return [fragments];
  if (bot.length >= 4 * frameCount) {
    const table = await readAt(fh, bot.offset, bot.length);
    const starts = Array.from({ length: frameCount }, (_, i) => table.readUInt32LE(4 * i));
    const base = fragments[0]!.offset - 8; // offsets count from the first fragment's item tag
    const frames: ByteRange[][] = starts.map(() => []);
    for (const fragment of fragments) {
      const rel = fragment.offset - 8 - base;
      let frame = -1;
      for (let i = 0; i < starts.length; i++) if (starts[i]! <= rel) frame = i;
      if (frame < 0) return [];
      frames[frame]!.push(fragment);
    }
    return frames;
  }
  if (fragments.length === frameCount) return fragments.map((f) => [f]);
  // No offset table and more fragments than frames: a frame starts where a codestream starts.
  const frames: ByteRange[][] = [];
  for (const fragment of fragments) {
    const head = fragment.length >= 4 ? await readAt(fh, fragment.offset, 4) : Buffer.alloc(0);
    const starts =
      (head[0] === 0xff && head[1] === 0xd8) || // JPEG SOI
      (head[0] === 0xff && head[1] === 0x4f && head[2] === 0xff && head[3] === 0x51) || // J2K SOC SIZ
      (head[0] === 0x00 && head[1] === 0x00 && head[2] === 0x00 && head[3] === 0x0c); // JP2 signature box
    if (starts || frames.length === 0) frames.push([fragment]);
    else frames[frames.length - 1]!.push(fragment);
  }
  return frames;
}
