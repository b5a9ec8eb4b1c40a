/**
 * Reading dcmjs's naturalized datasets defensively: a document from another
 * tool may hold a single item where a sequence is expected, numbers as
 * strings, or nothing at all. Nothing here throws.
 */
import type { Code } from './codes.js';
import type { Dataset } from './dicom-file.js';

const isDataset = (v: unknown): v is Dataset => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The items of a sequence attribute. */
export function items(dataset: Dataset | undefined, keyword: string): Dataset[] {
  const value = dataset?.[keyword];
  if (Array.isArray(value)) return value.filter(isDataset);
  return isDataset(value) ? [value] : [];
}

/** The first value of an attribute as a string. */
export function text(dataset: Dataset | undefined, keyword: string): string | undefined {
  const value = dataset?.[keyword];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim();
  if (typeof first === 'number' && Number.isFinite(first)) return String(first);
  if (isDataset(first) && typeof first['Alphabetic'] === 'string') return first['Alphabetic'];
  return undefined;
}

/** All values of an attribute as finite numbers (strings parsed); undefined when one is not a number. */
export function numbers(dataset: Dataset | undefined, keyword: string): number[] | undefined {
  const value = dataset?.[keyword];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const out: number[] = [];
  for (const v of ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : list) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) return undefined;
    out.push(n);
  }
  return out;
}

/** The first value of an attribute as a finite number. */
export function number(dataset: Dataset | undefined, keyword: string): number | undefined {
  return numbers(dataset, keyword)?.[0];
}

/** The first item of a code sequence as a code. */
export function code(dataset: Dataset | undefined, keyword: string): Code | undefined {
  const item = items(dataset, keyword)[0];
  const value = text(item, 'CodeValue') ?? text(item, 'LongCodeValue') ?? text(item, 'URNCodeValue');
  const scheme = text(item, 'CodingSchemeDesignator');
  if (!value || scheme === undefined) return undefined;
  return { value, scheme, meaning: text(item, 'CodeMeaning') ?? '' };
}

/** A content item's concept name. */
export const conceptName = (item: Dataset | undefined): Code | undefined => code(item, 'ConceptNameCodeSequence');

/** A content item's children. */
export const children = (item: Dataset | undefined): Dataset[] => items(item, 'ContentSequence');
