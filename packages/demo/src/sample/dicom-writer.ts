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

// The data model is in dicom-dataset.ts and the value encoding in
// dicom-values.ts; this module writes data sets and files and is the one the
// samples, the corpus scripts and the tests import.
import {
  DicomWriteError,
  tagToString,
  EXPLICIT_VR_LITTLE_ENDIAN,
  FOVEA_IMPLEMENTATION_CLASS_UID,
  FOVEA_IMPLEMENTATION_VERSION_NAME,
  type VR,
  type Tag,
  type DataElement,
  type Dataset,
} from './dicom-dataset.js';
import { LONG_LENGTH_VRS, asArray, encodeValue, type Charset } from './dicom-values.js';

export * from './dicom-dataset.js';
export { formatDS, formatIS } from './dicom-values.js';

const TAG_SPECIFIC_CHARACTER_SET = 0x00080005;
const TAG_ITEM = 0xfffee000;

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
