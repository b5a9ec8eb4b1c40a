// What the study list sends to QIDO-RS: the person's filters, narrowed to the
// chart's patient when the host gives IHE IID patient parameters. Pure
// functions, so the queries are tested without a server.
import {
  formatDicomDate,
  iidToQueries,
  parseIidRequest,
  type IidPatientRequest,
  toLocalDate,
  type Study,
  type StudyQuery,
} from '@fovea-dicom/core';

/** Relative date ranges offered next to a custom range. */
export type DatePreset = 'any' | 'today' | 'yesterday' | 'last-7-days' | 'last-30-days' | 'last-year' | 'custom';

/** Every preset, in the order the date filter lists them. */
export const DATE_PRESETS: readonly DatePreset[] = [
  'any',
  'today',
  'yesterday',
  'last-7-days',
  'last-30-days',
  'last-year',
  'custom',
];

/** What a person filters the list on. Text values match as prefixes unless they hold `*` or `?`. */
export interface StudyFilters {
  /** Patient name; `Family, Given` is sent as `Family^Given`. */
  patientName?: string;
  patientId?: string;
  /** A relative range; `custom` uses `dateFrom` / `dateTo`. Default `any`. */
  datePreset?: DatePreset;
  /** First study date of a custom range, `YYYY-MM-DD` (as `<input type="date">` gives it). */
  dateFrom?: string;
  /** Last study date of a custom range, `YYYY-MM-DD`. */
  dateTo?: string;
  /** One modality (ModalitiesInStudy), e.g. `CT`. */
  modality?: string;
  accessionNumber?: string;
}

/** The IHE IID patient parameters (RAD-106) a host restricts the list with; see the element's attributes. */
export interface PatientRestriction {
  /** HL7 CX: an identifier, optionally `^^^` and the assigning authority. */
  patientId?: string;
  /** Sent as IssuerOfPatientID; overrides the CX assigning authority. */
  issuerOfPatientId?: string;
  /** HL7 XPN order (`family^given^middle^suffix^prefix`), as IID carries it. */
  patientName?: string;
  /** `YYYYMMDD` or `YYYY-MM-DD`. */
  patientBirthDate?: string;
  /** ISO 8601 date or date-time; without a zone, local time. */
  lowerDateTime?: string;
  /** ISO 8601 date or date-time; a date alone means the end of that day. */
  upperDateTime?: string;
  /** IID `mostRecentResults`: only the n most recent studies. */
  mostRecentResults?: number;
}

/** A QIDO-RS study query plus the exact time bounds QIDO's day-level date matching cannot express. */
export interface PlannedQuery {
  query: StudyQuery;
  lower?: Date;
  upper?: Date;
  /** Keep the n most recent studies only (QIDO-RS cannot sort: every page is loaded first). */
  mostRecent?: number;
}

const WILDCARD = /[*?]/;

/** A typed text filter as a QIDO value: trimmed, and a prefix match unless it already holds a wildcard. */
export function textMatch(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  return WILDCARD.test(trimmed) ? trimmed : `${trimmed}*`;
}

/** A typed patient name as a PN match: `Family, Given` becomes `Family^Given*`. */
export function nameMatch(value: string | undefined): string | undefined {
  return textMatch(value?.replace(/\s*,\s*/g, '^'));
}

const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
const fromInput = (value: string | undefined) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return m ? `${m[1]}${m[2]}${m[3]}` : undefined;
};

/** The study-date range of the filters as DA values (`YYYYMMDD`), open ends undefined; `now` sets "today". */
export function dateRange(filters: StudyFilters, now: Date = new Date()): { from?: string; to?: string } {
  const today = formatDicomDate(now);
  switch (filters.datePreset ?? 'any') {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = formatDicomDate(addDays(now, -1));
      return { from: day, to: day };
    }
    case 'last-7-days':
      return { from: formatDicomDate(addDays(now, -6)), to: today };
    case 'last-30-days':
      return { from: formatDicomDate(addDays(now, -29)), to: today };
    case 'last-year':
      return { from: formatDicomDate(new Date(now.getFullYear() - 1, now.getMonth(), now.getDate() + 1)), to: today };
    case 'custom': {
      const from = fromInput(filters.dateFrom);
      const to = fromInput(filters.dateTo);
      return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }
    default:
      return {};
  }
}

const later = (a: string | undefined, b: string | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));
const earlier = (a: string | undefined, b: string | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));
const daOf = (value: unknown) =>
  value instanceof Date ? formatDicomDate(value) : typeof value === 'string' ? value : undefined;

/**
 * The QIDO-RS query for `filters`, restricted to the chart's patient when
 * `restriction.patientId` is set (the other patient parameters apply only with
 * it, as in IID). Name and ID filters are ignored under a restriction; date
 * ranges are intersected.
 *
 * @throws {@link IidRequestError} when a patient parameter is malformed
 *   (a wildcard in the patient ID would widen the list to other patients).
 */
export function planQuery(
  filters: StudyFilters,
  restriction: PatientRestriction = {},
  now: Date = new Date(),
): PlannedQuery {
  const { from, to } = dateRange(filters, now);
  const modality = filters.modality?.trim().toUpperCase();
  const user: StudyQuery = {};
  const accession = textMatch(filters.accessionNumber);
  if (accession) user.AccessionNumber = accession;
  if (modality) user.ModalitiesInStudy = modality;

  if (!restriction.patientId?.trim()) {
    const name = nameMatch(filters.patientName);
    const id = textMatch(filters.patientId);
    const query: StudyQuery = { ...user };
    if (name) query.PatientName = name;
    if (id) query.PatientID = id;
    if (from || to) query.StudyDate = from === to ? from! : { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    return { query };
  }

  const params = new URLSearchParams({ requestType: 'PATIENT', patientID: restriction.patientId });
  if (restriction.patientName) params.set('patientName', restriction.patientName);
  if (restriction.patientBirthDate) params.set('patientBirthDate', restriction.patientBirthDate);
  if (restriction.lowerDateTime) params.set('lowerDateTime', restriction.lowerDateTime);
  if (restriction.upperDateTime) params.set('upperDateTime', restriction.upperDateTime);
  if (restriction.mostRecentResults !== undefined)
    params.set('mostRecentResults', String(restriction.mostRecentResults));
  const request = parseIidRequest(params) as IidPatientRequest;
  const [base = {}] = iidToQueries(request);
  const query: StudyQuery = { ...base, ...user };
  const issuer = restriction.issuerOfPatientId?.trim();
  if (issuer) query.IssuerOfPatientID = issuer;
  const restricted = base.StudyDate as { from?: Date; to?: Date } | undefined;
  const start = later(daOf(restricted?.from), from);
  const end = earlier(daOf(restricted?.to), to);
  if (start || end) query.StudyDate = { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
  else delete query.StudyDate;
  return {
    query,
    ...(request.lowerDateTime ? { lower: request.lowerDateTime } : {}),
    ...(request.upperDateTime ? { upper: request.upperDateTime } : {}),
    ...(request.mostRecentResults ? { mostRecent: request.mostRecentResults } : {}),
  };
}

/** Whether a study lies within the exact bounds of a plan; undated studies are kept, as IID asks. */
export function withinBounds(study: Study, plan: PlannedQuery): boolean {
  if (!plan.lower && !plan.upper) return true;
  const moment = toLocalDate(study.studyDate, study.studyTime);
  return !moment || ((!plan.lower || moment >= plan.lower) && (!plan.upper || moment <= plan.upper));
}
