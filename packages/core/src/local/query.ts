/**
 * QIDO-RS matching (PS3.4 C.2.2.2) over DICOM JSON in memory, for a source
 * that has no server: single value, UID list, wildcard (`*`, `?`, PN case
 * insensitive), date / time range, and multi-valued attributes matching when
 * any value does.
 */
import { getStrings, type DicomJsonDataset } from '../model/json.js';
import { formatDateMatch, type DateMatch } from '../dicomweb/qido.js';

const KEYWORDS: Record<string, string> = {
  PatientID: '00100020',
  PatientName: '00100010',
  PatientBirthDate: '00100030',
  IssuerOfPatientID: '00100021',
  StudyDate: '00080020',
  StudyTime: '00080030',
  AccessionNumber: '00080050',
  ModalitiesInStudy: '00080061',
  StudyInstanceUID: '0020000D',
  ReferringPhysicianName: '00080090',
  StudyDescription: '00081030',
  SeriesInstanceUID: '0020000E',
  Modality: '00080060',
  SeriesNumber: '00200011',
  SeriesDescription: '0008103E',
  SOPInstanceUID: '00080018',
  SOPClassUID: '00080016',
  InstanceNumber: '00200013',
};

function valuesOf(dataset: DicomJsonDataset, tag: string): string[] {
  const attribute = dataset[tag];
  if (attribute?.vr === 'PN') {
    return (attribute.Value ?? []).flatMap((v) =>
      v && typeof v === 'object' && 'Alphabetic' in v ? [String(v.Alphabetic ?? '')] : [],
    );
  }
  return getStrings(dataset, tag);
}

function wildcard(pattern: string, caseless: boolean): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseless ? 'i' : '');
}

function inRange(value: string, range: string): boolean {
  const [from = '', to = ''] = range.split('-');
  return (from === '' || value >= from) && (to === '' || value <= to.padEnd(value.length, '9'));
}

/** Whether `dataset` matches one query key's value. */
function matchesKey(dataset: DicomJsonDataset, key: string, raw: unknown): boolean {
  const tag = KEYWORDS[key] ?? (/^[0-9A-F]{8}$/i.test(key) ? key.toUpperCase() : undefined);
  if (!tag || raw === undefined || raw === null || raw === '') return true;
  const have = valuesOf(dataset, tag);
  if (Array.isArray(raw)) return raw.some((r) => have.includes(String(r)));
  const isDate = key.endsWith('Date');
  const wanted = isDate && typeof raw === 'object' ? formatDateMatch(raw as DateMatch) : String(raw);
  if (tag.endsWith('0018') || tag === '0020000D' || tag === '0020000E') {
    const uids = wanted.split(/[,\\]/);
    return have.some((h) => uids.includes(h));
  }
  if ((isDate || key.endsWith('Time')) && wanted.includes('-')) return have.some((h) => inRange(h, wanted));
  if (/[*?]/.test(wanted)) {
    const pattern = wildcard(wanted, dataset[tag]?.vr === 'PN');
    return have.some((h) => pattern.test(h));
  }
  if (dataset[tag]?.vr === 'PN') return have.some((h) => h.toLowerCase() === wanted.toLowerCase());
  return have.some((h) => h === wanted);
}

/** Whether `dataset` matches every key of `query`. */
export function matchesQuery(dataset: DicomJsonDataset, query: object): boolean {
  return Object.entries(query).every(([key, value]) => matchesKey(dataset, key, value));
}

/** `limit` / `offset` as QIDO-RS applies them. */
export function page<T>(items: readonly T[], options: { limit?: number; offset?: number }): T[] {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = options.limit === undefined ? items.length : Math.max(0, Math.floor(options.limit));
  return items.slice(offset, offset + limit);
}
