/**
 * DICOM JSON (PS3.18 F.2): the data model DICOMweb speaks.
 *
 * A server's JSON is read defensively: a value of the wrong shape (a Value
 * that is not an array, an item that is not an object) reads as absent, and
 * binary data that cannot be decoded is a {@link DicomParseError}; nothing
 * here throws anything else.
 */
import { DicomParseError } from '../errors.js';

/** A PN value in DICOM JSON: one object per name with up to three component groups. */
export interface PersonNameJson {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

/** One attribute of a DICOM JSON dataset. */
export interface DicomJsonAttribute {
  vr: string;
  Value?: (string | number | PersonNameJson | DicomJsonDataset | null)[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** A DICOM JSON dataset: attributes keyed by 8-digit upper-case hex tag (`00100010`). */
export type DicomJsonDataset = Record<string, DicomJsonAttribute | undefined>;

/** All values of an attribute, or an empty array. */
export function values(dataset: DicomJsonDataset, tag: string): NonNullable<DicomJsonAttribute['Value']> {
  const attribute: unknown = dataset[tag];
  const value =
    typeof attribute === 'object' && attribute !== null ? (attribute as DicomJsonAttribute).Value : undefined;
  return Array.isArray(value) ? value : [];
}

/** Whether a parsed JSON value can be a data set (an object, not an array nor null). */
export function isDataset(value: unknown): value is DicomJsonDataset {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** First value as a string (numbers are converted), or undefined. */
export function getString(dataset: DicomJsonDataset, tag: string): string | undefined {
  const first = values(dataset, tag)[0];
  if (typeof first === 'string') return first;
  if (typeof first === 'number') return String(first);
  return undefined;
}

/** All values as strings. */
export function getStrings(dataset: DicomJsonDataset, tag: string): string[] {
  return values(dataset, tag).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : []));
}

/**
 * First value as a number. IS / DS arrive as numbers in conforming JSON but as
 * strings from some servers; both are accepted.
 */
export function getNumber(dataset: DicomJsonDataset, tag: string, index = 0): number | undefined {
  const v = values(dataset, tag)[index];
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** All values as numbers (non-numeric values skipped). */
export function getNumbers(dataset: DicomJsonDataset, tag: string): number[] {
  const out: number[] = [];
  const all = values(dataset, tag);
  for (let i = 0; i < all.length; i++) {
    const n = getNumber(dataset, tag, i);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** Items of a sequence attribute. */
export function getItems(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return values(dataset, tag).filter(
    (v): v is DicomJsonDataset => isDataset(v) && !('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v),
  );
}

/** Where an attribute's binary value lives. */
export type BinaryValue = { kind: 'inline'; bytes: Uint8Array } | { kind: 'bulkdata'; uri: string } | { kind: 'none' };

function base64ToBytes(base64: string, tag: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(base64.replace(/\s+/g, ''));
  } catch (cause) {
    throw new DicomParseError(`InlineBinary of ${tag} is not base64`, { tag, cause });
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Reads an OB / OW / UN / … attribute: inline bytes, or the URI to fetch them
 * from. Throws {@link DicomParseError} when either is not a string, or the
 * inline bytes are not base64.
 */
export function getBinary(dataset: DicomJsonDataset, tag: string): BinaryValue {
  const attribute: unknown = dataset[tag];
  if (!isDataset(attribute)) return { kind: 'none' };
  const { InlineBinary: inline, BulkDataURI: uri } = attribute as Partial<DicomJsonAttribute>;
  if (inline !== undefined) {
    if (typeof inline !== 'string') throw new DicomParseError(`InlineBinary of ${tag} is not a string`, { tag });
    return { kind: 'inline', bytes: base64ToBytes(inline, tag) };
  }
  if (uri !== undefined) {
    if (typeof uri !== 'string') throw new DicomParseError(`BulkDataURI of ${tag} is not a string`, { tag });
    return { kind: 'bulkdata', uri };
  }
  return { kind: 'none' };
}
