// What the study list sends to QIDO-RS: the person's filters. Narrowing them to
// the chart's patient (IHE IID patient parameters) is in patient-query.ts, loaded
// only when a host gives them. Pure functions, so the queries are tested
// without a server.
import { formatDicomDate, toLocalDate, type Study, type StudyQuery } from '@fovea-dicom/core';

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

/** A QIDO-RS study query plus the exact time bounds QIDO's day-level date matching cannot express. */
export interface PlannedQuery {
  query: StudyQuery;
  lower?: Date;
  upper?: Date;
  /**
   * Keep the `n` most recent studies only (QIDO-RS cannot sort: every page is
   * loaded first), picked by `select` (IID's rule, from the patient planner).
   */
  mostRecent?: { n: number; select: (studies: readonly Study[]) => Study[] };
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

/** The QIDO-RS query for `filters` alone (no patient restriction; `planQuery` in patient-query.ts adds one). */
export function planUserQuery(filters: StudyFilters, now: Date = new Date()): PlannedQuery {
  const { from, to } = dateRange(filters, now);
  const query = userQuery(filters);
  const name = nameMatch(filters.patientName);
  const id = textMatch(filters.patientId);
  if (name) query.PatientName = name;
  if (id) query.PatientID = id;
  if (from || to) query.StudyDate = from === to ? from! : { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  return { query };
}

/** The keys of `filters` that apply with or without a patient restriction: accession number and modality. */
export function userQuery(filters: StudyFilters): StudyQuery {
  const modality = filters.modality?.trim().toUpperCase();
  const query: StudyQuery = {};
  const accession = textMatch(filters.accessionNumber);
  if (accession) query.AccessionNumber = accession;
  if (modality) query.ModalitiesInStudy = modality;
  return query;
}

/** Whether a study lies within the exact bounds of a plan; undated studies are kept, as IID asks. */
export function withinBounds(study: Study, plan: PlannedQuery): boolean {
  if (!plan.lower && !plan.upper) return true;
  const moment = toLocalDate(study.studyDate, study.studyTime);
  return !moment || ((!plan.lower || moment >= plan.lower) && (!plan.upper || moment <= plan.upper));
}
