/**
 * A small, strict DICOM Part 10 writer for Fovea's sample and test data.
 *
 * It writes the 128-byte preamble, `DICM`, a file meta group (0002) with a correct
 * group length, and the data set in Explicit VR Little Endian
 * (1.2.840.10008.1.2.1). Other transfer syntaxes are produced from these files
 * with dcmtk / gdcm (see scripts/corpus/make-corpus.sh).
 *
 * Rules applied (PS3.5):
 * - elements are written in ascending tag order, at every nesting level;
 * - every value has even length: UI and OB / UN are padded with 0x00, the other
 *   string VRs with a space (PS3.5 6.2);
 * - OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV use the long form
 *   (2 reserved bytes and a 32-bit length), the others a 16-bit length;
 * - sequences and items are written with defined lengths;
 * - strings of SH, LO, ST, LT, PN, UC, UT are encoded as UTF-8 when the data set
 *   (or an enclosing one) has Specific Character Set `ISO_IR 192`; without a
 *   Specific Character Set they must be plain ASCII (the default repertoire).
 *   Other character sets are refused rather than written wrongly.
 *
 * No Node APIs: it runs in a page or a worker as well.
 */

/** Value representations of PS3.5 Table 6.2-1. */
export type VR =
  | 'AE'
  | 'AS'
  | 'AT'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'DT'
  | 'FD'
  | 'FL'
  | 'IS'
  | 'LO'
  | 'LT'
  | 'OB'
  | 'OD'
  | 'OF'
  | 'OL'
  | 'OV'
  | 'OW'
  | 'PN'
  | 'SH'
  | 'SL'
  | 'SQ'
  | 'SS'
  | 'ST'
  | 'SV'
  | 'TM'
  | 'UC'
  | 'UI'
  | 'UL'
  | 'UN'
  | 'UR'
  | 'US'
  | 'UT'
  | 'UV';

/** A tag as one number: `(group << 16) | element`, e.g. `0x00100010` for Patient's Name. */
export type Tag = number;

/** VRs whose value is text. */
export type TextVR =
  'AE' | 'AS' | 'CS' | 'DA' | 'DT' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UC' | 'UI' | 'UR' | 'UT';
/** VRs whose value is a number written as text. */
export type NumericStringVR = 'DS' | 'IS';
/** VRs holding binary numbers that fit a JavaScript number. */
export type BinaryNumberVR = 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD';

type TextValue = string | readonly string[];
type NumberValue = number | readonly number[];

/**
 * The value each VR takes. A string value of a multi-valued VR may also hold
 * backslash-separated values. An empty string or array writes a zero-length
 * (type 2) element.
 */
export interface VRValueMap {
  AE: TextValue;
  AS: TextValue;
  CS: TextValue;
  DA: TextValue;
  DT: TextValue;
  LO: TextValue;
  LT: string;
  PN: TextValue;
  SH: TextValue;
  ST: string;
  TM: TextValue;
  UC: TextValue;
  UI: TextValue;
  UR: string;
  UT: string;
  DS: number | string | readonly (number | string)[];
  IS: number | string | readonly (number | string)[];
  US: NumberValue;
  SS: NumberValue;
  UL: NumberValue;
  SL: NumberValue;
  FL: NumberValue;
  FD: NumberValue;
  SV: bigint | readonly bigint[];
  UV: bigint | readonly bigint[];
  /** Tags, e.g. `0x00181063`. */
  AT: Tag | readonly Tag[];
  OB: Uint8Array;
  UN: Uint8Array;
  OW: Uint8Array | Uint16Array | Int16Array;
  OF: Float32Array;
  OD: Float64Array;
  OL: Uint32Array | Int32Array;
  OV: BigUint64Array | BigInt64Array;
  SQ: readonly Dataset[];
}

/** One data element: its VR and a value of the type that VR takes. */
export type DataElement = { [K in VR]: { readonly vr: K; readonly value: VRValueMap[K] } }[VR];

/** A data set: tag -> element. Insertion order does not matter; tags are sorted on write. */
export type Dataset = Map<Tag, DataElement>;

/** Explicit VR Little Endian, the only transfer syntax this writer produces. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Fovea's implementation class UID, under the 2.25 (UUID) arc; fixed so output is reproducible. */
export const FOVEA_IMPLEMENTATION_CLASS_UID = '2.25.241860617424932906785532016346513318722';
/** Implementation version name written to (0002,0013); at most 16 characters. */
export const FOVEA_IMPLEMENTATION_VERSION_NAME = 'FOVEA_SAMPLE_1';

/** Builds a tag number from group and element. */
export function tag(group: number, element: number): Tag {
  return (((group & 0xffff) << 16) | (element & 0xffff)) >>> 0;
}

/** `(gggg,eeee)` text of a tag, for messages. */
export function tagToString(t: Tag): string {
  const hex = (t >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Error thrown for a value that cannot be written correctly. */
export class DicomWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomWriteError';
  }
}

const LONG_LENGTH_VRS: ReadonlySet<VR> = new Set<VR>([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);

/** VRs whose text is affected by Specific Character Set (PS3.5 6.1.2.3). */
const CHARSET_VRS: ReadonlySet<VR> = new Set<VR>(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

/** Text VRs that hold one value only: a backslash is content (LT, ST, UT) or forbidden (UR), not a delimiter. */
const SINGLE_VALUE_TEXT_VRS: ReadonlySet<VR> = new Set<VR>(['LT', 'ST', 'UT', 'UR']);

/** Maximum length in characters of one value (PS3.5 Table 6.2-1); PN is per component group. */
const MAX_CHARS: Partial<Record<VR, number>> = {
  AE: 16,
  AS: 4,
  CS: 16,
  DA: 8,
  DS: 16,
  DT: 26,
  IS: 12,
  LO: 64,
  LT: 10240,
  PN: 64,
  SH: 16,
  ST: 1024,
  TM: 14,
  UI: 64,
};

const TAG_SPECIFIC_CHARACTER_SET = 0x00080005;
const TAG_ITEM = 0xfffee000;

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();

type Charset = 'ascii' | 'utf8';

/** Formats a number as a Decimal String of at most 16 characters, as precise as fits. */
export function formatDS(n: number): string {
  if (!Number.isFinite(n)) throw new DicomWriteError(`DS value ${n} is not finite`);
  if (Object.is(n, -0)) n = 0;
  if (Number.isInteger(n) && String(n).length <= 16) return String(n);
  for (let digits = 15; digits >= 1; digits--) {
    let s = n.toPrecision(digits);
    if (s.includes('e')) {
      // Normalise 1.2e+21 -> 1.2e21 (DS allows E notation, "+" is allowed too but longer).
      s = s.replace('e+', 'e');
    } else if (s.includes('.')) {
      s = s.replace(/0+$/, '').replace(/\.$/, '');
    }
    if (s.length <= 16) return s;
  }
  throw new DicomWriteError(`DS value ${n} does not fit 16 characters`);
}

/** Formats an integer as an Integer String (range of a signed 32-bit integer). */
export function formatIS(n: number): string {
  if (!Number.isInteger(n) || n < -(2 ** 31) || n > 2 ** 31 - 1) {
    throw new DicomWriteError(`IS value ${n} is not a 32-bit signed integer`);
  }
  return String(n);
}

function asArray<T>(v: T | readonly T[]): readonly T[] {
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

function checkTextValue(t: Tag, vr: VR, value: string, charset: Charset): void {
  const where = `${tagToString(t)} ${vr}`;
  if (vr === 'UR' && value.includes('\\')) throw new DicomWriteError(`${where}: a URI must not contain a backslash`);
  if (charset === 'ascii' || !CHARSET_VRS.has(vr)) {
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\x7f]/.test(value)) {
      throw new DicomWriteError(
        CHARSET_VRS.has(vr)
          ? `${where}: non-ASCII text needs Specific Character Set ISO_IR 192`
          : `${where}: the ${vr} VR allows only the default (ASCII) repertoire`,
      );
    }
  }
  const max = MAX_CHARS[vr];
  if (max !== undefined) {
    const parts = vr === 'PN' ? value.split('=') : [value];
    if (vr === 'PN' && parts.length > 3) throw new DicomWriteError(`${where}: at most 3 component groups`);
    for (const p of parts) {
      if ([...p].length > max)
        throw new DicomWriteError(`${where}: value longer than ${max} characters: ${JSON.stringify(value)}`);
    }
  }
  switch (vr) {
    case 'UI':
      if (value !== '' && (value.length > 64 || !/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(value))) {
        throw new DicomWriteError(`${where}: invalid UID ${JSON.stringify(value)}`);
      }
      break;
    case 'CS':
      if (!/^[A-Z0-9 _]*$/.test(value)) throw new DicomWriteError(`${where}: invalid CS ${JSON.stringify(value)}`);
      break;
    case 'DA':
      if (value !== '' && !/^\d{8}$/.test(value))
        throw new DicomWriteError(`${where}: invalid DA ${JSON.stringify(value)}`);
      break;
    case 'TM':
      if (value !== '' && !/^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/.test(value)) {
        throw new DicomWriteError(`${where}: invalid TM ${JSON.stringify(value)}`);
      }
      break;
    case 'AS':
      if (value !== '' && !/^\d{3}[DWMY]$/.test(value))
        throw new DicomWriteError(`${where}: invalid AS ${JSON.stringify(value)}`);
      break;
    case 'DS':
      if (value !== '' && !/^ *[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/.test(value)) {
        throw new DicomWriteError(`${where}: invalid DS ${JSON.stringify(value)}`);
      }
      break;
    case 'IS':
      if (value !== '' && !/^ *[+-]?\d+ *$/.test(value))
        throw new DicomWriteError(`${where}: invalid IS ${JSON.stringify(value)}`);
      break;
    default:
      break;
  }
}

function encodeText(t: Tag, vr: VR, values: readonly string[], charset: Charset): Uint8Array {
  if (SINGLE_VALUE_TEXT_VRS.has(vr)) {
    if (values.length > 1) throw new DicomWriteError(`${tagToString(t)} ${vr}: only one value allowed`);
  } else {
    // A backslash in a multi-valued VR separates values: 'ORIGINAL\\PRIMARY' is two values.
    values = values.flatMap((v) => v.split('\\'));
  }
  for (const v of values) checkTextValue(t, vr, v, charset);
  let text = values.join('\\');
  // Leading spaces are significant only in LT/ST/UT; trailing padding is added below.
  const bytes = utf8.encode(text);
  if (bytes.length % 2 === 0) return bytes;
  text += vr === 'UI' ? '\0' : ' ';
  return utf8.encode(text);
}

function numberArrayBytes(t: Tag, vr: BinaryNumberVR, values: readonly number[]): Uint8Array {
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' ? 8 : 4;
  const out = new Uint8Array(values.length * size);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => {
    const o = i * size;
    const bad = (lo: number, hi: number): boolean => !Number.isInteger(v) || v < lo || v > hi;
    switch (vr) {
      case 'US':
        if (bad(0, 0xffff)) throw new DicomWriteError(`${tagToString(t)} US: ${v} out of range`);
        dv.setUint16(o, v, true);
        break;
      case 'SS':
        if (bad(-0x8000, 0x7fff)) throw new DicomWriteError(`${tagToString(t)} SS: ${v} out of range`);
        dv.setInt16(o, v, true);
        break;
      case 'UL':
        if (bad(0, 0xffffffff)) throw new DicomWriteError(`${tagToString(t)} UL: ${v} out of range`);
        dv.setUint32(o, v, true);
        break;
      case 'SL':
        if (bad(-0x80000000, 0x7fffffff)) throw new DicomWriteError(`${tagToString(t)} SL: ${v} out of range`);
        dv.setInt32(o, v, true);
        break;
      case 'FL':
        dv.setFloat32(o, v, true);
        break;
      case 'FD':
        dv.setFloat64(o, v, true);
        break;
    }
  });
  return out;
}

/** Bytes of a typed array in little-endian order (a view when the host is little endian). */
function typedArrayLE(a: ArrayBufferView & { BYTES_PER_ELEMENT: number }): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (HOST_IS_LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const n = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += n) for (let j = 0; j < n; j++) out[i + j] = bytes[i + n - 1 - j]!;
  return out;
}

function padEven(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** An encoded chunk list: concatenated only once at the end, so large pixel data is never copied twice. */
class Chunks {
  readonly parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  append(other: Chunks): void {
    for (const p of other.parts) this.parts.push(p);
    this.length += other.length;
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function header(t: Tag, vr: VR, length: number): Uint8Array {
  const long = LONG_LENGTH_VRS.has(vr);
  const h = new Uint8Array(long ? 12 : 8);
  const dv = new DataView(h.buffer);
  dv.setUint16(0, t >>> 16, true);
  dv.setUint16(2, t & 0xffff, true);
  h[4] = vr.charCodeAt(0);
  h[5] = vr.charCodeAt(1);
  if (long) {
    if (length > 0xfffffffe) throw new DicomWriteError(`${tagToString(t)} ${vr}: value too long`);
    dv.setUint32(8, length, true);
  } else {
    if (length > 0xffff) {
      throw new DicomWriteError(`${tagToString(t)} ${vr}: ${length} bytes do not fit the 16-bit length of this VR`);
    }
    dv.setUint16(6, length, true);
  }
  return h;
}

function encodeValue(t: Tag, el: DataElement, charset: Charset): Uint8Array {
  switch (el.vr) {
    case 'DS':
    case 'IS': {
      const vals = asArray<number | string>(el.value).map((v) =>
        typeof v === 'number' ? (el.vr === 'DS' ? formatDS(v) : formatIS(v)) : v,
      );
      return encodeText(t, el.vr, vals, charset);
    }
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
      return numberArrayBytes(t, el.vr, asArray(el.value));
    case 'SV':
    case 'UV': {
      const vals = asArray(el.value);
      const out = new Uint8Array(vals.length * 8);
      const dv = new DataView(out.buffer);
      vals.forEach((v, i) => (el.vr === 'SV' ? dv.setBigInt64(i * 8, v, true) : dv.setBigUint64(i * 8, v, true)));
      return out;
    }
    case 'AT': {
      const vals = asArray(el.value);
      const out = new Uint8Array(vals.length * 4);
      const dv = new DataView(out.buffer);
      vals.forEach((v, i) => {
        dv.setUint16(i * 4, v >>> 16, true);
        dv.setUint16(i * 4 + 2, v & 0xffff, true);
      });
      return out;
    }
    case 'OB':
    case 'UN':
      return padEven(el.value);
    case 'OW':
      if (el.value instanceof Uint8Array) {
        if (el.value.length % 2) throw new DicomWriteError(`${tagToString(t)} OW: odd byte count`);
        return el.value;
      }
      return typedArrayLE(el.value);
    case 'OF':
    case 'OD':
    case 'OL':
    case 'OV':
      return typedArrayLE(el.value);
    case 'SQ':
      throw new Error('unreachable: SQ is encoded by encodeDataset');
    default:
      return encodeText(t, el.vr, asArray(el.value), charset);
  }
}

function charsetOf(ds: Dataset, inherited: Charset): Charset {
  const el = ds.get(TAG_SPECIFIC_CHARACTER_SET);
  if (!el) return inherited;
  const values = asArray(el.value as string | readonly string[]).map((v) => v.trim());
  if (values.length === 0 || (values.length === 1 && values[0] === '')) return 'ascii';
  if (values.length === 1 && values[0] === 'ISO_IR 192') return 'utf8';
  if (values.length === 1 && values[0] === 'ISO_IR 6') return 'ascii';
  throw new DicomWriteError(`Specific Character Set ${JSON.stringify(values)} is not supported: use ISO_IR 192`);
}

function encodeDataset(ds: Dataset, inherited: Charset, allowMeta: boolean): Chunks {
  const charset = charsetOf(ds, inherited);
  const out = new Chunks();
  const tags = [...ds.keys()].sort((a, b) => a - b);
  for (const t of tags) {
    const el = ds.get(t)!;
    if (!Number.isInteger(t) || t < 0 || t > 0xffffffff) throw new DicomWriteError(`bad tag ${t}`);
    const group = t >>> 16;
    if (!allowMeta && group === 0x0002)
      throw new DicomWriteError(`${tagToString(t)}: file meta elements belong to the meta group`);
    if (group === 0xfffe) throw new DicomWriteError(`${tagToString(t)}: item tags cannot be data elements`);
    if ((t & 0xffff) === 0 && group !== 0x0002) {
      throw new DicomWriteError(`${tagToString(t)}: group lengths are retired and not written`);
    }
    if (el.vr === 'SQ') {
      const items = new Chunks();
      for (const item of el.value) {
        const body = encodeDataset(item, charset, false);
        const ih = new Uint8Array(8);
        const dv = new DataView(ih.buffer);
        dv.setUint16(0, TAG_ITEM >>> 16, true);
        dv.setUint16(2, TAG_ITEM & 0xffff, true);
        dv.setUint32(4, body.length, true);
        items.push(ih);
        items.append(body);
      }
      out.push(header(t, 'SQ', items.length));
      out.append(items);
      continue;
    }
    const value = encodeValue(t, el, charset);
    out.push(header(t, el.vr, value.length));
    if (value.length) out.push(value);
  }
  return out;
}

/** Options of {@link writeDicomFile}. */
export interface WriteOptions {
  /** Media Storage SOP Class UID; defaults to the data set's SOP Class UID (0008,0016). */
  readonly mediaStorageSopClassUid?: string;
  /** Media Storage SOP Instance UID; defaults to the data set's SOP Instance UID (0008,0018). */
  readonly mediaStorageSopInstanceUid?: string;
  /** Source Application Entity Title (0002,0016), left out when absent. */
  readonly sourceApplicationEntityTitle?: string;
}

function stringValue(ds: Dataset, t: Tag): string | undefined {
  const el = ds.get(t);
  if (!el || typeof el.value !== 'string') return undefined;
  return el.value;
}

/** Encodes a data set alone (no preamble, no meta group) in Explicit VR Little Endian. */
export function encodeDatasetExplicitLE(ds: Dataset): Uint8Array {
  return encodeDataset(ds, 'ascii', false).concat();
}

/**
 * Writes a complete DICOM Part 10 file: preamble, `DICM`, file meta information
 * (group length, version, media storage SOP class / instance, transfer syntax,
 * implementation class UID and version name) and the data set in Explicit VR Little Endian.
 */
export function writeDicomFile(ds: Dataset, options: WriteOptions = {}): Uint8Array {
  const sopClass = options.mediaStorageSopClassUid ?? stringValue(ds, 0x00080016);
  const sopInstance = options.mediaStorageSopInstanceUid ?? stringValue(ds, 0x00080018);
  if (!sopClass || !sopInstance) {
    throw new DicomWriteError('a Part 10 file needs SOP Class UID (0008,0016) and SOP Instance UID (0008,0018)');
  }
  const meta: Dataset = new Map<Tag, DataElement>([
    [0x00020001, { vr: 'OB', value: new Uint8Array([0x00, 0x01]) }],
    [0x00020002, { vr: 'UI', value: sopClass }],
    [0x00020003, { vr: 'UI', value: sopInstance }],
    [0x00020010, { vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN }],
    [0x00020012, { vr: 'UI', value: FOVEA_IMPLEMENTATION_CLASS_UID }],
    [0x00020013, { vr: 'SH', value: FOVEA_IMPLEMENTATION_VERSION_NAME }],
  ]);
  if (options.sourceApplicationEntityTitle)
    meta.set(0x00020016, { vr: 'AE', value: options.sourceApplicationEntityTitle });
  const metaBody = encodeDataset(meta, 'ascii', true);
  const groupLength = new Uint8Array(12);
  groupLength.set(header(0x00020000, 'UL', 4));
  new DataView(groupLength.buffer).setUint32(8, metaBody.length, true);

  const body = encodeDataset(ds, 'ascii', false);
  const file = new Chunks();
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128); // "DICM"
  file.push(preamble);
  file.push(groupLength);
  file.append(metaBody);
  file.append(body);
  return file.concat();
}

/**
 * One `[tag, vr, value]` triple for {@link dataset}, so data sets read like a table:
 * `dataset([[0x00100010, 'PN', 'Doe^Jane'], [0x00280010, 'US', 512]])`.
 */
export type DatasetEntry = { [K in VR]: readonly [Tag, K, VRValueMap[K]] }[VR];

/** Builds a {@link Dataset} from `[tag, vr, value]` triples; a later duplicate tag is an error. */
export function dataset(entries: readonly DatasetEntry[]): Dataset {
  const ds: Dataset = new Map();
  for (const [t, vr, value] of entries) {
    if (ds.has(t)) throw new DicomWriteError(`${tagToString(t)} given twice`);
    ds.set(t, { vr, value } as DataElement);
  }
  return ds;
}
