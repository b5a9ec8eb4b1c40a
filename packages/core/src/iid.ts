/**
 * IHE Invoke Image Display (IID), transaction RAD-106: the HTTP GET an EHR
 * sends to open a viewer on a patient's or a study's images.
 *
 * Source: IHE RAD Technical Framework Supplement "Invoke Image Display (IID)"
 * (https://www.ihe.net/uploadedFiles/Documents/Radiology/IHE_RAD_Suppl_IID.pdf),
 * section 4.106, tables of patient-based and study-based request parameters.
 *
 * The request carries patient identifiers in the URL, so nothing here puts a
 * parameter value into an error message, and {@link IID_PATIENT_PARAMS} names
 * what a host should remove from the address bar once it has read them.
 */
import { FoveaError } from './errors.js';
import type { StudyQuery } from './dicomweb/qido.js';
import { parseDate, toLocalDate, type DicomDate } from './model/values.js';
import type { Study } from './model/views.js';

/** Every parameter name IID defines, spelled as the profile spells them (names are case-sensitive). */
export const IID_PARAMS = [
  'requestType',
  'patientID',
  'patientName',
  'patientBirthDate',
  'lowerDateTime',
  'upperDateTime',
  'mostRecentResults',
  'modalitiesInStudy',
  'studyUID',
  'accessionNumber',
  'viewerType',
  'diagnosticQuality',
  'keyImagesOnly',
] as const;

/** An IID parameter name. */
export type IidParameter = (typeof IID_PARAMS)[number];

/**
 * The parameters that identify a patient or a study. Read the request, then
 * replace the address (`history.replaceState`) without them: see {@link stripIidParams}.
 */
export const IID_PATIENT_PARAMS: readonly IidParameter[] = [
  'patientID',
  'patientName',
  'patientBirthDate',
  'studyUID',
  'accessionNumber',
];

/** An HL7 v2 HD (hierarchic designator): the authority that assigned a patient identifier. */
export interface AssigningAuthority {
  namespaceId?: string;
  universalId?: string;
  /** e.g. `ISO` for an OID, `DNS`, `URI`. */
  universalIdType?: string;
}

/** A patient identifier from an HL7 v2 CX value (`id^^^namespace&universalId&ISO`). */
export interface PatientIdentifier {
  id: string;
  assigningAuthority?: AssigningAuthority;
}

/** Display options both request types share. */
export interface IidCommon {
  /** `IHE_BIR` (Basic Image Review) is the profile's well-known value; others are vendor-defined. */
  viewerType?: 'IHE_BIR' | (string & Record<never, never>);
  diagnosticQuality?: boolean;
  keyImagesOnly?: boolean;
}

/** `requestType=PATIENT`: the studies of one patient, optionally narrowed. */
export interface IidPatientRequest extends IidCommon {
  requestType: 'PATIENT';
  patientId: PatientIdentifier;
  /** In DICOM PN component order (family^given^middle^prefix^suffix). */
  patientName?: string;
  patientBirthDate?: DicomDate;
  lowerDateTime?: Date;
  upperDateTime?: Date;
  /** Show only the N most recent studies: see {@link selectMostRecent}. */
  mostRecentResults?: number;
  modalitiesInStudy?: string[];
}

/** `requestType=STUDY`: studies by Study Instance UID and / or Accession Number. */
export interface IidStudyRequest extends IidCommon {
  requestType: 'STUDY';
  studyUids: string[];
  accessionNumbers: string[];
}

/** A validated IID request. */
export type IidRequest = IidPatientRequest | IidStudyRequest;

/**
 * An IID request that cannot be honoured. The message names the parameter,
 * never its value. Code `unsupported` for an unknown `requestType`, `parse`
 * otherwise; the profile answers both with HTTP 400.
 */
export class IidRequestError extends FoveaError {
  static override readonly kind: string = 'IidRequestError';
  /** The offending parameter. */
  readonly parameter: IidParameter;

  constructor(parameter: IidParameter, problem: string, code: 'parse' | 'unsupported' = 'parse') {
    super(code, `IID parameter ${parameter} ${problem}`);
    this.name = 'IidRequestError';
    this.parameter = parameter;
  }
}

const HL7_ESCAPES: Record<string, string> = { F: '|', S: '^', T: '&', R: '~', E: '\\' };

/** Decodes the HL7 v2 delimiter escapes `\F\ \S\ \T\ \R\ \E\`; other escapes stay as written. */
export function decodeHl7Escapes(value: string): string {
  return value.replace(/\\([FSTRE])\\/g, (_m, c: string) => HL7_ESCAPES[c]!);
}

// Escaped delimiters never appear raw, so split first and decode each piece.
const pieces = (value: string, separator: string) => value.split(separator).map((p) => decodeHl7Escapes(p).trim());

/** Parses an HL7 v2 CX value into the identifier and its assigning authority (component 4). */
export function parseHl7Cx(value: string): PatientIdentifier {
  if (value.includes('~')) throw new IidRequestError('patientID', 'holds more than one identifier');
  const components = value.split('^');
  const id = decodeHl7Escapes(components[0] ?? '').trim();
  if (!id) throw new IidRequestError('patientID', 'has no identifier (CX component 1)');
  // `*`, `?` and `\` would widen a QIDO match to other patients.
  if (/[*?\\]/.test(id) || id.length > 64) throw new IidRequestError('patientID', 'is not a valid patient identifier');
  const [namespaceId, universalId, universalIdType] = pieces(components[3] ?? '', '&');
  const authority: AssigningAuthority = {};
  if (namespaceId) authority.namespaceId = namespaceId;
  if (universalId) authority.universalId = universalId;
  if (universalIdType) authority.universalIdType = universalIdType;
  return Object.keys(authority).length ? { id, assigningAuthority: authority } : { id };
}

/** An HL7 XPN name (family^given^middle^suffix^prefix) in DICOM PN order (family^given^middle^prefix^suffix). */
function xpnToPn(value: string): string {
  const [family = '', given = '', middle = '', suffix = '', prefix = ''] = value
    .split('^')
    .map((c) => pieces(c, '&')[0] ?? '');
  return [family, given, middle, prefix, suffix].join('^').replace(/\^+$/, '');
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses the profile's `YYYY-MM-DDThh:mm:ss` with an optional zone (seconds,
 * time and zone may be left out). Without a zone the value is local time, as
 * DICOM study dates are. A date alone means the start of that day, or its end
 * when `endOfDay` is set (an upper bound).
 */
function parseIsoDateTime(raw: string, parameter: IidParameter, endOfDay: boolean): Date {
  // An unencoded `+02:00` arrives as ` 02:00` after form decoding.
  const m = ISO_DATE_TIME.exec(raw.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1'));
  const fail = () => new IidRequestError(parameter, 'is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss)');
  if (!m) throw fail();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const timeGiven = m[4] !== undefined;
  if (!timeGiven && m[8]) throw fail();
  const h = timeGiven ? Number(m[4]) : endOfDay ? 23 : 0;
  const mi = timeGiven ? Number(m[5]) : endOfDay ? 59 : 0;
  const s = m[6] !== undefined ? Number(m[6]) : !timeGiven && endOfDay ? 59 : 0;
  const ms = m[7] !== undefined ? Math.floor(Number(`0.${m[7]}`) * 1000) : !timeGiven && endOfDay ? 999 : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59)
    throw fail();
  const zone = m[8];
  if (!zone) return new Date(y, mo - 1, d, h, mi, s, ms);
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  const offset = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0)) : 0;
  if (z && (Number(z[2]) > 23 || Number(z[3] ?? 0) > 59)) throw fail();
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000);
}

/** The query part of a URL or query string, with an unencoded `&` inside patientID put back. */
function toParams(query: URLSearchParams | string): URLSearchParams {
  if (typeof query !== 'string') return query;
  let text = query.split('#')[0]!;
  const q = text.indexOf('?');
  if (q >= 0) text = text.slice(q + 1);
  // `patientID=1^^^&1.2.3&ISO` unencoded splits into `1.2.3` and `ISO`. A segment
  // without `=` right after a patientID that is inside its assigning authority
  // (CX component 4, fewer than three subcomponents) is such a piece: rejoin it.
  const segments: string[] = [];
  for (const segment of text.split('&')) {
    const last = segments.at(-1);
    const id = last?.startsWith('patientID=') ? new URLSearchParams(last).get('patientID') : null;
    const components = id?.split('^');
    if (!segment.includes('=') && components?.length === 4 && components[3]!.split('&').length < 3) {
      segments[segments.length - 1] += `%26${segment}`;
    } else segments.push(segment);
  }
  return new URLSearchParams(segments.join('&'));
}

function single(params: URLSearchParams, name: IidParameter): string | undefined {
  const all = params.getAll(name);
  // Two values could be read differently by two components: refuse rather than pick one.
  if (all.length > 1) throw new IidRequestError(name, 'is given more than once');
  const value = all[0]?.trim();
  return value ? value : undefined;
}

function list(params: URLSearchParams, name: IidParameter): string[] {
  const values = params.getAll(name).flatMap((v) => v.split(',').map((s) => s.trim()));
  return [...new Set(values.filter(Boolean))];
}

function bool(params: URLSearchParams, name: IidParameter): boolean | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new IidRequestError(name, 'is not true or false');
  return value === 'true';
}

const UID = /^\d+(\.\d+)*$/;

/**
 * Reads and validates an IID request from a query string, a whole URL or
 * `URLSearchParams`. Unknown parameters are ignored.
 *
 * @throws {@link IidRequestError} naming the parameter that is missing or malformed.
 */
export function parseIidRequest(query: URLSearchParams | string): IidRequest {
  const params = toParams(query);
  const common: IidCommon = {};
  const viewerType = single(params, 'viewerType');
  if (viewerType) common.viewerType = viewerType;
  const diagnosticQuality = bool(params, 'diagnosticQuality');
  if (diagnosticQuality !== undefined) common.diagnosticQuality = diagnosticQuality;
  const keyImagesOnly = bool(params, 'keyImagesOnly');
  if (keyImagesOnly !== undefined) common.keyImagesOnly = keyImagesOnly;

  const requestType = single(params, 'requestType');
  if (!requestType) throw new IidRequestError('requestType', 'is missing');
  if (requestType === 'STUDY') {
    const studyUids = list(params, 'studyUID');
    for (const uid of studyUids)
      if (uid.length > 64 || !UID.test(uid)) throw new IidRequestError('studyUID', 'holds a malformed UID');
    const accessionNumbers = list(params, 'accessionNumber');
    for (const a of accessionNumbers)
      if (/[*?\\]/.test(a) || a.length > 64) throw new IidRequestError('accessionNumber', 'holds a malformed value');
    if (!studyUids.length && !accessionNumbers.length)
      throw new IidRequestError('studyUID', 'or accessionNumber is required for requestType STUDY');
    return { requestType, studyUids, accessionNumbers, ...common };
  }
  if (requestType !== 'PATIENT') throw new IidRequestError('requestType', 'is not PATIENT or STUDY', 'unsupported');

  const rawId = single(params, 'patientID');
  if (!rawId) throw new IidRequestError('patientID', 'is required for requestType PATIENT');
  const request: IidPatientRequest = { requestType, patientId: parseHl7Cx(rawId), ...common };
  const name = single(params, 'patientName');
  if (name) {
    const pn = xpnToPn(name);
    if (pn) request.patientName = pn;
  }
  const birth = single(params, 'patientBirthDate');
  if (birth) {
    const date = parseDate(/^\d{4}-\d{2}-\d{2}$/.test(birth) ? birth.replaceAll('-', '') : birth);
    if (!date || toLocalDate(date)?.getDate() !== date.day)
      throw new IidRequestError('patientBirthDate', 'is not a date (YYYYMMDD)');
    request.patientBirthDate = date;
  }
  const lower = single(params, 'lowerDateTime');
  if (lower) request.lowerDateTime = parseIsoDateTime(lower, 'lowerDateTime', false);
  const upper = single(params, 'upperDateTime');
  if (upper) request.upperDateTime = parseIsoDateTime(upper, 'upperDateTime', true);
  if (request.lowerDateTime && request.upperDateTime && request.lowerDateTime > request.upperDateTime)
    throw new IidRequestError('upperDateTime', 'is before lowerDateTime');
  const recent = single(params, 'mostRecentResults');
  if (recent) {
    const n = Number(recent);
    if (!/^\d+$/.test(recent) || !Number.isSafeInteger(n) || n < 1)
      throw new IidRequestError('mostRecentResults', 'is not a positive integer');
    request.mostRecentResults = n;
  }
  const modalities = list(params, 'modalitiesInStudy').map((m) => m.toUpperCase());
  for (const m of modalities)
    if (!/^[A-Z0-9_ ]{1,16}$/.test(m)) throw new IidRequestError('modalitiesInStudy', 'holds a malformed modality');
  if (modalities.length) request.modalitiesInStudy = modalities;
  return request;
}

/** How {@link iidToQueries} shapes QIDO-RS queries for a server's abilities. */
export interface IidQueryOptions {
  /**
   * Send IssuerOfPatientID (the namespace ID, else the universal ID) when the
   * request names an assigning authority. Default true; Azure DICOM service
   * answers 400 to it unless it is an extended query tag.
   */
  issuerOfPatientId?: boolean;
  /** Send PatientName and PatientBirthDate as matching keys. Default true. */
  demographics?: boolean;
  /**
   * Send several Study Instance UIDs or modalities as one comma-separated value
   * (UID list and multi-value matching). Default true; set false for servers
   * that match single values only (Azure DICOM service): one query each.
   */
  multiValueMatching?: boolean;
}

/**
 * QIDO-RS study queries that together find what an IID request asks for. A
 * server cannot OR accession numbers, so each gets its own query. Run them
 * all, then pass the merged results to {@link selectIidStudies}.
 */
export function iidToQueries(request: IidRequest, options: IidQueryOptions = {}): StudyQuery[] {
  const multi = options.multiValueMatching ?? true;
  if (request.requestType === 'STUDY') {
    const queries: StudyQuery[] = [];
    if (request.studyUids.length) {
      if (multi) queries.push({ StudyInstanceUID: [...request.studyUids] });
      else for (const uid of request.studyUids) queries.push({ StudyInstanceUID: uid });
    }
    for (const accession of request.accessionNumbers) queries.push({ AccessionNumber: accession });
    return queries;
  }
  const base: StudyQuery = { PatientID: request.patientId.id };
  const authority = request.patientId.assigningAuthority;
  const issuer = authority?.namespaceId ?? authority?.universalId;
  if (issuer && (options.issuerOfPatientId ?? true)) base.IssuerOfPatientID = issuer;
  if (options.demographics ?? true) {
    if (request.patientName) base.PatientName = request.patientName;
    if (request.patientBirthDate) base.PatientBirthDate = request.patientBirthDate;
  }
  if (request.lowerDateTime || request.upperDateTime) {
    // DA matching is per day; selectIidStudies applies the exact times.
    base.StudyDate = {
      ...(request.lowerDateTime ? { from: request.lowerDateTime } : {}),
      ...(request.upperDateTime ? { to: request.upperDateTime } : {}),
    };
  }
  const modalities = request.modalitiesInStudy ?? [];
  if (modalities.length <= 1 || multi) {
    if (modalities.length) base.ModalitiesInStudy = modalities.length === 1 ? modalities[0]! : [...modalities];
    return [base];
  }
  return modalities.map((m) => ({ ...base, ModalitiesInStudy: m }));
}

function studyMoment(study: Study): Date | undefined {
  return toLocalDate(study.studyDate, study.studyTime);
}

/**
 * The `n` most recent studies by StudyDate and StudyTime, newest first, each
 * study once (merged query results repeat studies). Studies without a date
 * come last. Without `n`, all of them, sorted.
 */
export function selectMostRecent(studies: readonly Study[], n?: number): Study[] {
  const seen = new Set<string>();
  const unique = studies.filter((s) => {
    const key = s.studyInstanceUid;
    if (key && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const time = (s: Study) => studyMoment(s)?.getTime() ?? -Infinity;
  const sorted = unique.map((s, i) => ({ s, i, t: time(s) })).sort((a, b) => b.t - a.t || a.i - b.i);
  return sorted.slice(0, n ?? sorted.length).map((x) => x.s);
}

/**
 * What the viewer should show for a request, from the merged results of its
 * queries: exact lower / upper date-time bounds (the query matched whole
 * days; undated studies are kept), then `mostRecentResults`.
 */
export function selectIidStudies(studies: readonly Study[], request: IidRequest): Study[] {
  if (request.requestType === 'STUDY') return selectMostRecent(studies);
  const { lowerDateTime: lower, upperDateTime: upper } = request;
  const inRange = studies.filter((s) => {
    const t = studyMoment(s);
    return !t || ((!lower || t >= lower) && (!upper || t <= upper));
  });
  return selectMostRecent(inRange, request.mostRecentResults);
}

/** A URL without the named IID parameters (by default those that identify a patient), for `history.replaceState`. */
export function stripIidParams(url: string | URL, names: readonly string[] = IID_PATIENT_PARAMS): string {
  const u = new URL(url);
  for (const name of names) u.searchParams.delete(name);
  return u.toString();
}
