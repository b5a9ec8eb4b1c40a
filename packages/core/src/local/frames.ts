/**
 * Frames of a local file, read by byte range: a native frame is one slice of
 * the file; an encapsulated one is the fragments the frame spans, found by
 * reading the item headers (8 bytes each) rather than the pixel data.
 */
import { DicomParseError } from '../errors.js';
import { ImageError } from '../pixels/image-error.js';
import { nativeFrameBytes, pixelFormat } from '../pixels/format.js';
import type { DicomJsonDataset } from '../model/json.js';
import type { PixelDataLocation } from './header.js';

/** Reads `length` bytes at `offset` (a File slice, or bytes already in memory for a deflated file). */
export type ReadRange = (offset: number, length: number) => Promise<Uint8Array>;

/** One fragment of encapsulated pixel data: where its bytes lie, and whether it starts a JPEG / J2K codestream. */
interface Fragment {
  offset: number;
  length: number;
  startsCodestream: boolean;
}

/** The fragment layout of one instance's encapsulated pixel data. */
export interface FragmentTable {
  /** Basic Offset Table entries (offsets from the first fragment's item tag), possibly empty. */
  offsets: number[];
  fragments: Fragment[];
  /** Offset of the first fragment's item tag. */
  firstItem: number;
}

const ITEM = 0xe000;
const SEQUENCE_END = 0xe0dd;

/** Reads the item headers of encapsulated pixel data starting at `location.valueOffset`. */
export async function readFragmentTable(
  read: ReadRange,
  location: PixelDataLocation,
  size: number,
): Promise<FragmentTable> {
  let at = location.valueOffset;
  const header = async (): Promise<{ element: number; length: number; head: Uint8Array }> => {
    if (at + 8 > size) throw new ImageError('truncated', 'the file ends inside its pixel data');
    const bytes = await read(at, Math.min(10, size - at));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint16(0, true) !== 0xfffe) throw new DicomParseError('pixel data item expected', { offset: at });
    return { element: view.getUint16(2, true), length: view.getUint32(4, true), head: bytes.subarray(8) };
  };
  const bot = await header();
  if (bot.element !== ITEM) throw new DicomParseError('basic offset table expected', { offset: at });
  at += 8;
  const offsets: number[] = [];
  if (bot.length > 0) {
    if (at + bot.length > size) throw new ImageError('truncated', 'the file ends inside its pixel data');
    const table = await read(at, bot.length);
    const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
    for (let i = 0; i + 4 <= table.byteLength; i += 4) offsets.push(view.getUint32(i, true));
    at += bot.length;
  }
  const firstItem = at;
  const fragments: Fragment[] = [];
  for (;;) {
    if (at + 8 > size) break; // no sequence delimiter: the file ends after its last fragment (tolerated)
    const item = await header();
    if (item.element === SEQUENCE_END) break;
    if (item.element !== ITEM) throw new DicomParseError('pixel data item expected', { offset: at });
    if (at + 8 + item.length > size) throw new ImageError('truncated', 'the file ends inside its pixel data');
    const startsCodestream = item.head[0] === 0xff && (item.head[1] === 0xd8 || item.head[1] === 0x4f);
    fragments.push({ offset: at + 8, length: item.length, startsCodestream });
    at += 8 + item.length;
  }
  return { offsets, fragments, firstItem };
}

/** The fragments frame `index` (0-based) of `frames` spans. */
function fragmentsOf(table: FragmentTable, index: number, frames: number): Fragment[] {
  const { fragments, offsets } = table;
  if (frames === 1) return fragments;
  if (offsets.length === frames) {
    const start = table.firstItem + offsets[index]!;
    const end = index + 1 < frames ? table.firstItem + offsets[index + 1]! : Number.POSITIVE_INFINITY;
    return fragments.filter((f) => f.offset - 8 >= start && f.offset - 8 < end);
  }
  if (fragments.length === frames) return fragments.slice(index, index + 1);
  // No table and more fragments than frames: a frame starts where a codestream does.
  const starts = fragments.flatMap((f, i) => (f.startsCodestream ? [i] : []));
  if (starts.length !== frames) throw new DicomParseError('the frames of the pixel data cannot be told apart');
  return fragments.slice(starts[index], starts[index + 1]);
}

/** Concatenates byte arrays. */
function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * The bytes of frame `frame` (1-based) of an instance: a slice for native pixel
 * data, its fragments for encapsulated data. `table` is asked for once per instance.
 */
export async function readFrameBytes(
  read: ReadRange,
  dataset: DicomJsonDataset,
  location: PixelDataLocation,
  frame: number,
  frames: number,
  table: () => Promise<FragmentTable>,
): Promise<Uint8Array> {
  if (frame < 1 || frame > frames) throw new DicomParseError(`frame ${frame} of ${frames} does not exist`);
  if (location.length !== undefined) {
    const size = nativeFrameBytes(pixelFormat(dataset));
    const start = location.valueOffset + (frame - 1) * size;
    if ((frame - 1) * size + size > location.length) {
      throw new ImageError('truncated', 'the pixel data is shorter than its frames need');
    }
    return read(start, size);
  }
  const parts = fragmentsOf(await table(), frame - 1, frames);
  if (parts.length === 0) throw new ImageError('truncated', 'the frame has no pixel data');
  return concat(await Promise.all(parts.map((f) => read(f.offset, f.length))));
}
