/**
 * Value encoding of the sample DICOM writer (dicom-writer.ts): the VR rules of
 * PS3.5 (lengths, repertoires, padding), DS and IS formatting and the bytes of
 * every VR but SQ, little endian.
 */
import {
  DicomWriteError,
  tagToString,
  type VR,
  type Tag,
  type BinaryNumberVR,
  type DataElement,
} from './dicom-dataset.js';

/** VRs written with the long form: 2 reserved bytes and a 32-bit length. */
export const LONG_LENGTH_VRS: ReadonlySet<VR> = new Set<VR>([
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

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();

/** The repertoire strings of a data set are written in. */
export type Charset = 'ascii' | 'utf8';

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

export function asArray<T>(v: T | readonly T[]): readonly T[] {
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

/** The value bytes of a data element other than SQ (its length is even). */
export function encodeValue(t: Tag, el: DataElement, charset: Charset): Uint8Array {
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
