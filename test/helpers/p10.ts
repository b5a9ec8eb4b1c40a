// Part 10 files in any transfer syntax for tests, around the demo's strict
// writer (which writes Explicit VR Little Endian only): the data set is
// encoded by the writer, the file meta group and encapsulated pixel data
// (PS3.5 A.4) are written here, so that a test can put chosen bytes (real
// codestreams, corrupted ones, garbage) behind a chosen transfer syntax.
import {
  dataset,
  encodeDatasetExplicitLE,
  writeDicomFile,
  type Dataset,
  type DatasetEntry,
} from '@fovea-dicom/demo/sample/dicom-writer.js';

const LONG = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'SQ', 'UN', 'UT', 'UC', 'UR']);

function element(tag: number, vr: string, value: Uint8Array): Uint8Array {
  const long = LONG.has(vr);
  const out = new Uint8Array((long ? 12 : 8) + value.length);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, tag >>> 16, true);
  dv.setUint16(2, tag & 0xffff, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) dv.setUint32(8, value.length, true);
  else dv.setUint16(6, value.length, true);
  out.set(value, long ? 12 : 8);
  return out;
}

function uid(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text.length % 2 ? `${text}\0` : text);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function item(tag: number, body: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  const dv = new DataView(header.buffer);
  dv.setUint16(0, 0xfffe, true);
  dv.setUint16(2, tag & 0xffff, true);
  dv.setUint32(4, body.length, true);
  return concat([header, body]);
}

/** Encapsulated Pixel Data: an empty offset table, the fragments (padded even), a sequence delimiter. */
export function encapsulated(fragments: readonly Uint8Array[]): Uint8Array {
  const header = new Uint8Array(12);
  const dv = new DataView(header.buffer);
  dv.setUint16(0, 0x7fe0, true);
  dv.setUint16(2, 0x0010, true);
  header[4] = 0x4f; // O
  header[5] = 0x42; // B
  dv.setUint32(8, 0xffffffff, true);
  const padded = fragments.map((f) => (f.length % 2 ? concat([f, new Uint8Array(1)]) : f));
  return concat([
    header,
    item(0xe000, new Uint8Array(0)),
    ...padded.map((f) => item(0xe000, f)),
    item(0xe0dd, new Uint8Array(0)),
  ]);
}

function stringOf(ds: Dataset, tag: number): string {
  const value = ds.get(tag)?.value;
  if (typeof value !== 'string') throw new Error(`data set has no ${tag.toString(16)}`);
  return value;
}

/**
 * A Part 10 file: `entries` (no Pixel Data) encoded as Explicit VR Little
 * Endian, then `pixelData` as given (already a whole element, e.g. from
 * {@link encapsulated}), with `transferSyntax` in the file meta group.
 */
export function writeP10(entries: readonly DatasetEntry[], transferSyntax: string, pixelData?: Uint8Array): Uint8Array {
  const ds = dataset(entries);
  const meta = concat([
    element(0x00020001, 'OB', new Uint8Array([0, 1])),
    element(0x00020002, 'UI', uid(stringOf(ds, 0x00080016))),
    element(0x00020003, 'UI', uid(stringOf(ds, 0x00080018))),
    element(0x00020010, 'UI', uid(transferSyntax)),
    element(0x00020012, 'UI', uid('2.25.241860617424932906785532016346513318722')),
  ]);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, meta.length, true);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([
    preamble,
    element(0x00020000, 'UL', groupLength),
    meta,
    encodeDatasetExplicitLE(ds),
    ...(pixelData ? [pixelData] : []),
  ]);
}

/** A native (Explicit VR Little Endian) file through the demo's writer, pixel data included in `entries`. */
export function writeNative(entries: readonly DatasetEntry[]): Uint8Array {
  return writeDicomFile(dataset(entries));
}

/** A small deterministic generator (mulberry32) for garbage and corruption. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` deterministic random bytes. */
export function garbage(n: number, seed: number, prefix: readonly number[] = []): Uint8Array {
  const next = random(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  out.set(prefix, 0);
  return out;
}

/**
 * Replaces the values of top-level elements of an Explicit VR Little Endian
 * Part 10 file (as the demo writer makes them: defined lengths) with raw
 * bytes, so that a test can store what no strict writer would write (NUL
 * bytes, invalid UTF-8, ISO 2022 escapes, over-long values). Every tag must
 * be present; values are padded to even length with `pad`.
 */
export function replaceValues(file: Uint8Array, values: ReadonlyMap<number, Uint8Array>, pad = 0x20): Uint8Array {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const metaLength = dv.getUint32(132 + 8, true);
  let at = 132 + 12 + metaLength;
  const parts: Uint8Array[] = [file.subarray(0, at)];
  const missing = new Set(values.keys());
  while (at < file.length) {
    const tag = ((dv.getUint16(at, true) << 16) | dv.getUint16(at + 2, true)) >>> 0;
    const vr = String.fromCharCode(file[at + 4]!, file[at + 5]!);
    const long = LONG.has(vr);
    const headerLength = long ? 12 : 8;
    const length = long ? dv.getUint32(at + 8, true) : dv.getUint16(at + 6, true);
    const replacement = values.get(tag);
    if (replacement) {
      missing.delete(tag);
      const value = replacement.length % 2 ? concat([replacement, Uint8Array.of(pad)]) : replacement;
      if (!long && value.length > 0xffff) throw new Error(`value of ${tag.toString(16)} too long for ${vr}`);
      parts.push(element(tag, vr, value));
    } else {
      parts.push(file.subarray(at, at + headerLength + length));
    }
    at += headerLength + length;
  }
  if (missing.size) throw new Error(`no element ${[...missing].map((t) => t.toString(16)).join(', ')} to replace`);
  return concat(parts);
}

/** Bytes of a string as Latin-1 code units (for escape sequences and invalid UTF-8 written as `\xNN`). */
export function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}
