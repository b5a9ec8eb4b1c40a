/**
 * Converts a dicom-parser data set to the DICOM JSON model (PS3.18 F.2):
 * strings decoded with the Specific Character Set, PN as
 * `{Alphabetic, Ideographic, Phonetic}`, IS/DS and binary numbers as JSON
 * numbers, AT as `GGGGEEEE`, sequences recursively, small binary values as
 * InlineBinary and large ones (and Pixel Data) as BulkDataURI.
 *
 * BulkDataURI values are stored relative to the DICOMweb root; the server
 * makes them absolute when it serializes (see {@link stringifyDicomJson}).
 */
import type { DataSet, Element } from 'dicom-parser';
import { decodeText, isCharsetVr } from './charset.js';
import { implicitVr } from './dictionary.js';
import type { ByteRange } from './part10.js';

export interface DicomJsonElement {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJson = Record<string, DicomJsonElement>;

export interface JsonContext {
  littleEndian: boolean;
  explicitVr: boolean;
  /** Binary values up to this many bytes are inlined. */
  inlineBinaryMax: number;
  /** Prefix of BulkDataURIs, relative to the DICOMweb root (ends with `/`). */
  bulkPrefix: string;
  /** Filled with the file ranges of the values given as BulkDataURI, by key. */
  bulk: Map<string, ByteRange>;
}

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const WORD_SIZE: Record<string, number> = { OW: 2, OF: 4, OL: 4, OD: 8, OV: 8 };
const NUMBER_SIZE: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8 };
const SINGLE_VALUE_TEXT = new Set(['LT', 'ST', 'UT', 'UR']);

/** The values of Specific Character Set in a data set (empty for the default repertoire). */
export function charsetsOf(ds: DataSet, inherited: readonly string[] = []): string[] {
  const el = ds.elements['x00080005'];
  if (!el || el.length === 0) return [...inherited];
  const raw = Buffer.from(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length).toString('latin1');
  return raw.split('\\').map((s) => s.trim());
}

function bytesOf(ds: DataSet, el: Element): Uint8Array {
  return ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
}

function toBase64(bytes: Uint8Array, vr: string, littleEndian: boolean): string {
  const word = WORD_SIZE[vr];
  const buf = Buffer.from(bytes);
  if (!littleEndian && word) for (let i = 0; i + word <= buf.length; i += word) buf.subarray(i, i + word).reverse();
  return buf.toString('base64');
}

function readNumbers(bytes: Uint8Array, vr: string, littleEndian: boolean): number[] {
  const size = NUMBER_SIZE[vr]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + size <= bytes.length; i += size) {
    switch (vr) {
      case 'US':
        out.push(view.getUint16(i, littleEndian));
        break;
      case 'SS':
        out.push(view.getInt16(i, littleEndian));
        break;
      case 'UL':
        out.push(view.getUint32(i, littleEndian));
        break;
      case 'SL':
        out.push(view.getInt32(i, littleEndian));
        break;
      case 'FL':
        out.push(view.getFloat32(i, littleEndian));
        break;
      case 'FD':
        out.push(view.getFloat64(i, littleEndian));
        break;
      case 'SV':
        out.push(Number(view.getBigInt64(i, littleEndian)));
        break;
      default:
        out.push(Number(view.getBigUint64(i, littleEndian)));
    }
  }
  return out;
}

/** Splits a decoded PN value into its component groups. */
export function personName(value: string): Record<string, string> {
  const [alphabetic, ideographic, phonetic] = value.split('=').map((g) => g.trim());
  const out: Record<string, string> = {};
  if (alphabetic) out['Alphabetic'] = alphabetic;
  if (ideographic) out['Ideographic'] = ideographic;
  if (phonetic) out['Phonetic'] = phonetic;
  return out;
}

function textValues(bytes: Uint8Array, vr: string, charsets: readonly string[]): unknown[] {
  const text = isCharsetVr(vr)
    ? decodeText(bytes, charsets, vr)
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (SINGLE_VALUE_TEXT.has(vr)) {
    const v = text.replace(/[\0 ]+$/, '');
    return v === '' ? [] : [v];
  }
  const values = text.split('\\').map((v) => v.replace(/^[\0 ]+|[\0 ]+$/g, ''));
  if (values.length === 1 && values[0] === '') return [];
  return values.map((v) => {
    if (v === '') return null;
    if (vr === 'PN') return personName(v);
    if (vr === 'IS' || vr === 'DS') {
      const n = Number(v);
      return Number.isFinite(n) ? n : v; // keep a malformed number as its text rather than lose it
    }
    return v;
  });
}

function elementVr(el: Element, tag: string, ctx: JsonContext, pixelRepresentation: number): string {
  if (el.items) return 'SQ';
  if (ctx.explicitVr && el.vr) return el.vr;
  const vr = implicitVr(tag, pixelRepresentation);
  return vr === 'xs' ? 'US' : vr;
}

/**
 * Converts a data set. Skips File Meta Information (group 0002), group
 * lengths, and top-level Pixel Data (the caller adds its BulkDataURI).
 */
export function dataSetToJson(ds: DataSet, ctx: JsonContext, charsets: readonly string[] = [], path = ''): DicomJson {
  const out: DicomJson = {};
  const own = charsetsOf(ds, charsets);
  const pixelRepresentation = ds.uint16('x00280103') ?? 0;
  for (const key of Object.keys(ds.elements).sort()) {
    const el = ds.elements[key]!;
    const tag = key.slice(1).toUpperCase();
    if (tag.startsWith('0002') || tag.endsWith('0000') || tag.startsWith('FFFE')) continue;
    if (tag === '7FE00010' && path === '') continue;
    const vr = elementVr(el, tag, ctx, pixelRepresentation);
    const node: DicomJsonElement = { vr };
    out[tag] = node;
    if (vr === 'SQ') {
      const items = el.items ?? [];
      if (items.length)
        node.Value = items.map((item, i) =>
          item.dataSet ? dataSetToJson(item.dataSet, ctx, own, `${path}${tag}.${i}.`) : {},
        );
      continue;
    }
    if (el.length === 0 || el.length === 0xffffffff) continue;
    const bytes = bytesOf(ds, el);
    if (BINARY_VRS.has(vr) || !/^[A-Z]{2}$/.test(vr)) {
      if (el.length <= ctx.inlineBinaryMax) node.InlineBinary = toBase64(bytes, vr, ctx.littleEndian);
      else {
        const bulkKey = `${path}${tag}`;
        ctx.bulk.set(bulkKey, { offset: el.dataOffset, length: el.length });
        node.BulkDataURI = ctx.bulkPrefix + bulkKey;
      }
    } else if (vr in NUMBER_SIZE) {
      node.Value = readNumbers(bytes, vr, ctx.littleEndian);
    } else if (vr === 'AT') {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
      node.Value = [];
      for (let i = 0; i + 4 <= bytes.length; i += 4)
        node.Value.push(hex(view.getUint16(i, ctx.littleEndian)) + hex(view.getUint16(i + 2, ctx.littleEndian)));
    } else {
      const values = textValues(bytes, vr, own);
      if (values.length) node.Value = values;
    }
  }
  return out;
}

/** Serializes DICOM JSON, making relative BulkDataURIs absolute under `base` (which ends with `/`). */
export function stringifyDicomJson(value: unknown, base: string): string {
  return JSON.stringify(value, (key, v: unknown) =>
    key === 'BulkDataURI' && typeof v === 'string' && !/^[a-z]+:/i.test(v) ? base + v : v,
  );
}
