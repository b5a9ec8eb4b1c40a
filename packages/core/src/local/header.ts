/**
 * Reads the header of one Part 10 file (everything before Pixel Data) with
 * dicom-parser, into DICOM JSON plus where the pixel data lies in the file, so
 * that frames can later be read by byte range. Runs in a worker, a page or Node.
 */
import * as dicomParserModule from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { inflateSync } from 'fflate';
import type { DicomJsonAttribute, DicomJsonDataset, PersonNameJson } from '../model/json.js';
import { implicitVr } from './vr.js';

/** Why a file is not part of what was found. Words for people come from these codes. */
export type SkipReason =
  /** Not a DICOM file (no `DICM` and no dataset at its start). */
  | 'not-dicom'
  /** DICOM, but it ends before its data does. */
  | 'truncated'
  /** DICOM, but its header could not be read. */
  | 'unreadable'
  /** DICOM without study, series or SOP instance UIDs. */
  | 'no-uids'
  /** The same SOP instance again (a second copy on the medium). */
  | 'duplicate'
  /** A DICOMDIR names the file, but it is not on the medium. */
  | 'missing'
  /** The file could not be read from the disk or the archive. */
  | 'read-failed';

/** Where the pixel data lies in the file. */
export interface PixelDataLocation {
  /** Offset of the Pixel Data element's tag (what follows it is copied as is when a header is rewritten). */
  elementOffset: number;
  /** Offset of its value. */
  valueOffset: number;
  /** Length of its value; undefined for encapsulated (undefined-length) pixel data. */
  length: number | undefined;
}

/** What a header read finds. */
export type HeaderResult =
  | {
      kind: 'instance';
      /** The dataset without group 0002 and without Pixel Data; binary values over 64 KiB as `BulkDataURI` `bytes=offset-end`. */
      dataset: DicomJsonDataset;
      transferSyntaxUid: string;
      pixelData: PixelDataLocation | undefined;
      /** The file is deflated: no byte range of it means anything on its own. */
      deflated: boolean;
    }
  | { kind: 'dicomdir'; files: string[][] }
  /** The bytes given end inside the header: read more of the file. */
  | { kind: 'need-more' }
  | { kind: 'skip'; reason: SkipReason };

const DEFLATED = '1.2.840.10008.1.2.1.99';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const IMPLICIT = '1.2.840.10008.1.2';
const DICOMDIR_CLASS = '1.2.840.10008.1.3.10';
const INLINE_LIMIT = 64 * 1024;

type DicomParser = typeof dicomParserModule;

/**
 * dicom-parser ships only a UMD build: a bundler with a CommonJS plugin (and
 * Node) gives its API as the namespace's default, others as the namespace. A
 * namespace import also lets a host's bundler without that plugin link a page
 * that never reads local files.
 */
function parseDicom(...args: Parameters<DicomParser['parseDicom']>): DataSet {
  const api = (dicomParserModule as DicomParser & { default?: DicomParser }).default ?? dicomParserModule;
  return api.parseDicom(...args);
}

const CHARSETS: Record<string, string> = {
  'ISO_IR 100': 'windows-1252',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'windows-1254',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};
const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);
const SINGLE_VALUED = new Set(['LT', 'ST', 'UT', 'UR']);
const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);
const NUMERIC: Record<string, [number, (view: DataView, at: number, little: boolean) => number]> = {
  US: [2, (v, at, le) => v.getUint16(at, le)],
  SS: [2, (v, at, le) => v.getInt16(at, le)],
  UL: [4, (v, at, le) => v.getUint32(at, le)],
  SL: [4, (v, at, le) => v.getInt32(at, le)],
  FL: [4, (v, at, le) => v.getFloat32(at, le)],
  FD: [8, (v, at, le) => v.getFloat64(at, le)],
  UV: [8, (v, at, le) => Number(v.getBigUint64(at, le))],
  SV: [8, (v, at, le) => Number(v.getBigInt64(at, le))],
};

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

interface Context {
  little: boolean;
  implicit: boolean;
  decoder: TextDecoder;
}

const ascii = new TextDecoder('latin1');

function attribute(dataSet: DataSet, element: Element, tag: string, context: Context): DicomJsonAttribute | undefined {
  const vr = element.vr ?? (context.implicit ? implicitVr(tag) : undefined);
  if (!vr) return undefined;
  if (vr === 'SQ' || element.items) {
    const items = (element.items ?? []).map((item) => (item.dataSet ? datasetOf(item.dataSet, context) : {}));
    return items.length ? { vr: 'SQ', Value: items } : { vr: 'SQ' };
  }
  const { byteArray } = dataSet;
  const end = element.dataOffset + element.length;
  if (element.length === 0) return { vr };
  if (end > byteArray.length) throw new RangeError('value past the end of the bytes read');
  const raw = byteArray.subarray(element.dataOffset, end);
  if (BINARY_VRS.has(vr)) {
    return element.length <= INLINE_LIMIT
      ? { vr, InlineBinary: base64(raw) }
      : { vr, BulkDataURI: `bytes=${element.dataOffset}-${end - 1}` };
  }
  const numeric = NUMERIC[vr];
  if (numeric) {
    const [size, read] = numeric;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: number[] = [];
    for (let at = 0; at + size <= raw.byteLength; at += size) out.push(read(view, at, context.little));
    return { vr, Value: out };
  }
  if (vr === 'AT') {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: string[] = [];
    for (let at = 0; at + 4 <= raw.byteLength; at += 4) {
      const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
      out.push(hex(view.getUint16(at, context.little)) + hex(view.getUint16(at + 2, context.little)));
    }
    return { vr, Value: out };
  }
  const text = (TEXT_VRS.has(vr) ? context.decoder : ascii).decode(raw).replace(/[\0 ]+$/, '');
  const parts = SINGLE_VALUED.has(vr) ? [text] : text.split('\\');
  if (vr === 'PN') {
    const names = parts.map((p): PersonNameJson => {
      const [alphabetic, ideographic, phonetic] = p.trim().split('=');
      return {
        ...(alphabetic ? { Alphabetic: alphabetic } : {}),
        ...(ideographic ? { Ideographic: ideographic } : {}),
        ...(phonetic ? { Phonetic: phonetic } : {}),
      };
    });
    return { vr, Value: names };
  }
  if (vr === 'IS' || vr === 'DS') {
    return {
      vr,
      Value: parts.map((p) => {
        const trimmed = p.trim();
        const n = Number(trimmed);
        return trimmed === '' ? null : Number.isFinite(n) ? n : trimmed;
      }),
    };
  }
  const trimmed = SINGLE_VALUED.has(vr) ? parts : parts.map((p) => p.trim());
  return trimmed.every((p) => p === '') ? { vr } : { vr, Value: trimmed.map((p) => (p === '' ? null : p)) };
}

function datasetOf(dataSet: DataSet, context: Context): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const key of Object.keys(dataSet.elements).sort()) {
    const tag = key.slice(1).toUpperCase();
    // Group 0002 is the file's, not the instance's; group lengths are recomputed by every writer.
    if (tag.startsWith('0002') || tag.endsWith('0000') || tag === '7FE00010') continue;
    if (tag === '00080005') {
      const charset = (dataSet.string(key) ?? '').split('\\').find((c) => c.trim() !== '');
      const label = charset ? CHARSETS[charset.trim()] : undefined;
      if (label) context = { ...context, decoder: new TextDecoder(label) };
    }
    const value = attribute(dataSet, dataSet.elements[key]!, tag, context);
    if (value) out[tag] = value;
  }
  return out;
}

function looksLikeDataset(bytes: Uint8Array): boolean {
  // A dataset without preamble starts with a group 0008 element (implicit little endian).
  return bytes.length > 8 && bytes[0] === 0x08 && bytes[1] === 0x00 && bytes[3] === 0x00;
}

function hasPreamble(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d
  );
}

/**
 * Reads a header from `bytes`, the first bytes of a file of `fileSize` bytes.
 * Answers `need-more` when they end inside the header (ask again with more).
 */
export function readHeader(bytes: Uint8Array, fileSize: number): HeaderResult {
  const whole = bytes.byteLength >= fileSize;
  const preamble = hasPreamble(bytes);
  if (!preamble && !looksLikeDataset(bytes))
    return whole || bytes.length >= 132 ? { kind: 'skip', reason: 'not-dicom' } : { kind: 'need-more' };
  let dataSet: DataSet;
  try {
    dataSet = parseDicom(bytes, {
      untilTag: 'x7fe00010',
      ...(preamble ? {} : { TransferSyntaxUID: IMPLICIT }),
      vrCallback: ((tag: string) => implicitVr(tag.slice(1).toUpperCase())) as (tag: string) => void,
      inflater: ((array: Uint8Array, position: number) => {
        if (!whole) throw new NeedMore();
        const inflated = inflateSync(array.subarray(position));
        const full = new Uint8Array(position + inflated.length);
        full.set(array.subarray(0, position));
        full.set(inflated, position);
        return full;
      }) as (array: Uint8Array, position: number) => void,
    });
  } catch (error) {
    if (error instanceof NeedMore || !whole) return { kind: 'need-more' };
    return { kind: 'skip', reason: preamble ? 'truncated' : 'not-dicom' };
  }
  const transferSyntaxUid = (dataSet.string('x00020010') ?? IMPLICIT).replace(/\0/g, '').trim();
  const mediaClass = dataSet.string('x00020002')?.trim();
  if (mediaClass === DICOMDIR_CLASS || dataSet.elements['x00041220']) {
    if (!whole) return { kind: 'need-more' };
    return { kind: 'dicomdir', files: dicomdirFiles(dataSet) };
  }
  const pixelElement = dataSet.elements['x7fe00010'];
  // Without pixel data the whole file was parsed: values past what was read mean more is needed.
  if (!pixelElement && !whole) return { kind: 'need-more' };
  const implicit = transferSyntaxUid === IMPLICIT;
  let dataset: DicomJsonDataset;
  try {
    dataset = datasetOf(dataSet, {
      little: transferSyntaxUid !== BIG_ENDIAN,
      implicit,
      decoder: new TextDecoder('windows-1252'),
    });
  } catch {
    return whole ? { kind: 'skip', reason: 'truncated' } : { kind: 'need-more' };
  }
  const deflated = transferSyntaxUid === DEFLATED;
  let pixelData: PixelDataLocation | undefined;
  if (pixelElement) {
    const undefinedLength = pixelElement.length === 0xffffffff || pixelElement.length < 0;
    pixelData = {
      // Tag, (VR, reserved,) length: 8 bytes implicit, 12 explicit (OB / OW have a 4-byte length).
      elementOffset: pixelElement.dataOffset - (implicit ? 8 : 12),
      valueOffset: pixelElement.dataOffset,
      length: undefinedLength ? undefined : pixelElement.length,
    };
    if (!deflated && pixelData.length !== undefined && pixelData.valueOffset + pixelData.length > fileSize) {
      return { kind: 'skip', reason: 'truncated' };
    }
    // Keep the model's test for "has pixels" true without the value itself.
    dataset['7FE00010'] = { vr: pixelElement.vr ?? 'OW' };
  }
  if (!dataset['0020000D']?.Value?.[0] || !dataset['0020000E']?.Value?.[0] || !dataset['00080018']?.Value?.[0]) {
    return { kind: 'skip', reason: 'no-uids' };
  }
  return { kind: 'instance', dataset, transferSyntaxUid, pixelData, deflated };
}

class NeedMore extends Error {}

/** The Referenced File IDs (path components) of a DICOMDIR's image records. */
function dicomdirFiles(dataSet: DataSet): string[][] {
  const records = dataSet.elements['x00041220']?.items ?? [];
  const out: string[][] = [];
  for (const record of records) {
    const id = record.dataSet?.string('x00041500');
    if (id)
      out.push(
        id
          .split('\\')
          .map((p) => p.trim())
          .filter(Boolean),
      );
  }
  return out;
}

/**
 * A deflated Part 10 file with its dataset inflated: the file meta as is, then
 * the dataset (offsets in a deflated file's header refer to these bytes).
 */
export function inflatePart10(bytes: Uint8Array): Uint8Array {
  if (!hasPreamble(bytes)) throw new Error('not a Part 10 file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // (0002,0000) UL: the length of the rest of the file meta.
  if (view.getUint16(132, true) !== 0x0002 || view.getUint16(134, true) !== 0x0000) {
    throw new Error('file meta without group length');
  }
  const start = 132 + 12 + view.getUint32(140, true);
  const inflated = inflateSync(bytes.subarray(start));
  const out = new Uint8Array(start + inflated.length);
  out.set(bytes.subarray(0, start));
  out.set(inflated, start);
  return out;
}
