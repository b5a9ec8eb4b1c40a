import { formatDicomDate, type DicomDate } from '../model/values.js';

/** A date or date range for QIDO-RS matching; open ends are allowed. */
export type DateMatch =
  string | Date | DicomDate | { from?: string | Date | DicomDate; to?: string | Date | DicomDate };

/** Attributes hosts filter studies on (PS3.18 table 10.6.1-5). */
export interface StudyQuery {
  PatientID?: string;
  /** PN matching: `*` and `?` wildcards; see `fuzzymatching`. */
  PatientName?: string;
  PatientBirthDate?: DateMatch;
  StudyDate?: DateMatch;
  /** TM or `HHMM-HHMM` range. */
  StudyTime?: string;
  AccessionNumber?: string;
  ModalitiesInStudy?: string | string[];
  StudyInstanceUID?: string | string[];
  ReferringPhysicianName?: string;
  StudyDescription?: string;
  IssuerOfPatientID?: string;
}

/** Attributes hosts filter series on. */
export interface SeriesQuery {
  StudyInstanceUID?: string;
  SeriesInstanceUID?: string | string[];
  Modality?: string | string[];
  SeriesNumber?: number;
  SeriesDescription?: string;
  PatientID?: string;
}

/** Attributes hosts filter instances on. */
export interface InstanceQuery {
  StudyInstanceUID?: string;
  SeriesInstanceUID?: string;
  SOPInstanceUID?: string | string[];
  SOPClassUID?: string;
  InstanceNumber?: number;
}

/** Options every QIDO-RS search takes. */
export interface SearchOptions {
  /** Extra attributes to return (keywords or tags), or `'all'`. */
  includefield?: readonly string[] | 'all';
  /** Ask the server for fuzzy PN matching. */
  fuzzymatching?: boolean;
  limit?: number;
  offset?: number;
  signal?: AbortSignal;
}

/** How a server's QIDO implementation deviates from the standard. */
export interface QidoQuirks {
  /** The largest `limit` the server accepts or honours (Azure v2: 200; Google: 5,000); larger ones are clamped. */
  maxLimit?: number;
  /**
   * The server does not percent-decode query values (Orthanc 1.10): no
   * `%XX` escape is sent. A character that needs one becomes a wildcard:
   * `?` for an ASCII character (space, `<`, `&`…), `*` for a run of non-ASCII
   * characters (`Müller` is sent as `M*ller`). Matching gets broader, never narrower.
   *
   * Left undefined, the client finds out by itself the first time a query
   * needs an escape (see `DicomWebClient.quirks`); `true` or `false` skips that probe.
   */
  noPercentDecoding?: boolean;
}

function dateString(value: string | Date | DicomDate): string {
  return typeof value === 'string' ? value : formatDicomDate(value);
}

/** Formats a {@link DateMatch} as a DA value or range (`A-B`, `A-`, `-B`). */
export function formatDateMatch(match: DateMatch): string {
  if (typeof match === 'string' || match instanceof Date || 'year' in match) return dateString(match);
  return `${match.from ? dateString(match.from) : ''}-${match.to ? dateString(match.to) : ''}`;
}

function encodeValue(value: string, quirks: QidoQuirks): string {
  // `^` (PN component separator), the wildcards `*` `?` and `,` stay literal: the URL standard
  // leaves them unencoded in queries and some servers do not decode them.
  const encoded = encodeURIComponent(value)
    .replace(/%5E/gi, '^')
    .replace(/%2C/gi, ',')
    .replace(/%2A/gi, '*')
    .replace(/%3F/gi, '?');
  if (!quirks.noPercentDecoding) return encoded;
  // In Orthanc 1.10 `?` never matches a non-ASCII character (`M?ller` and `M??ller`
  // find no `Müller`), `*` does.
  return encoded.replace(/(?:%[89a-f][0-9a-f])+/gi, '*').replace(/%[0-7][0-9a-f]/gi, '?');
}

/** A query value as QIDO text (lists joined by `,`, dates as DA ranges); undefined when empty. */
function queryValue(key: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: string;
  if (Array.isArray(raw)) value = raw.join(',');
  else if (key.endsWith('Date') && typeof raw === 'object') value = formatDateMatch(raw as DateMatch);
  else value = String(raw);
  return value === '' ? undefined : value;
}

/**
 * The keys of `query` whose values `quirks` widen with wildcards: what a
 * server that does not percent-decode cannot match as given (`PatientName`
 * for `Müller`, sent as `M*ller`).
 */
export function broadenedKeys(query: object, quirks: QidoQuirks): string[] {
  if (!quirks.noPercentDecoding) return [];
  return Object.entries(query)
    .filter(([key, raw]) => {
      const value = queryValue(key, raw);
      return value !== undefined && encodeValue(value, quirks) !== encodeValue(value, {});
    })
    .map(([key]) => key);
}

/** Builds a QIDO-RS query string (without `?`). Undefined and empty values are skipped. */
export function buildQuery(
  query: Readonly<Record<string, unknown>>,
  options: SearchOptions,
  quirks: QidoQuirks = {},
): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    const value = queryValue(key, raw);
    if (value !== undefined) parts.push(`${key}=${encodeValue(value, quirks)}`);
  }
  if (options.includefield === 'all') parts.push('includefield=all');
  else for (const field of options.includefield ?? []) parts.push(`includefield=${encodeURIComponent(field)}`);
  if (options.fuzzymatching) parts.push('fuzzymatching=true');
  if (options.limit !== undefined) {
    const limit = Math.min(Math.max(0, Math.floor(options.limit)), quirks.maxLimit ?? Number.POSITIVE_INFINITY);
    parts.push(`limit=${limit}`);
  }
  if (options.offset !== undefined) parts.push(`offset=${Math.max(0, Math.floor(options.offset))}`);
  return parts.join('&');
}
