// The study list narrowed to the chart's patient when a host gives IHE IID
// patient parameters (`patient-id` and the attributes that go with it). A
// module of its own, imported by the list only then: the IID parser it uses is
// the biggest part of @fovea-dicom/core a plain study list would otherwise carry.
import {
  formatDicomDate,
  iidToQueries,
  parseIidRequest,
  selectMostRecent,
  type IidPatientRequest,
  type Study,
  type StudyQuery,
} from '@fovea-dicom/core';
import { dateRange, planUserQuery, userQuery, type PlannedQuery, type StudyFilters } from './query.js';

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
  if (!restriction.patientId?.trim()) return planUserQuery(filters, now);
  const { from, to } = dateRange(filters, now);
  const params = new URLSearchParams({ requestType: 'PATIENT', patientID: restriction.patientId });
  if (restriction.patientName) params.set('patientName', restriction.patientName);
  if (restriction.patientBirthDate) params.set('patientBirthDate', restriction.patientBirthDate);
  if (restriction.lowerDateTime) params.set('lowerDateTime', restriction.lowerDateTime);
  if (restriction.upperDateTime) params.set('upperDateTime', restriction.upperDateTime);
  if (restriction.mostRecentResults !== undefined)
    params.set('mostRecentResults', String(restriction.mostRecentResults));
  const request = parseIidRequest(params) as IidPatientRequest;
  const [base = {}] = iidToQueries(request);
  const query: StudyQuery = { ...base, ...userQuery(filters) };
  const issuer = restriction.issuerOfPatientId?.trim();
  if (issuer) query.IssuerOfPatientID = issuer;
  const restricted = base.StudyDate as { from?: Date; to?: Date } | undefined;
  const start = later(daOf(restricted?.from), from);
  const end = earlier(daOf(restricted?.to), to);
  if (start || end) query.StudyDate = { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
  else delete query.StudyDate;
  const n = request.mostRecentResults;
  return {
    query,
    ...(request.lowerDateTime ? { lower: request.lowerDateTime } : {}),
    ...(request.upperDateTime ? { upper: request.upperDateTime } : {}),
    ...(n ? { mostRecent: { n, select: (studies: readonly Study[]) => selectMostRecent(studies, n) } } : {}),
  };
}
