/**
 * Import reconciliation (IHE RAD TF IRWF.b) and de-identification of the
 * copies that are uploaded. Only the header is rewritten, with dcmjs: the
 * bytes from the Pixel Data element to the end of the file are copied as they
 * are, so the pixel data can never change.
 */
import type DcmjsModule from 'dcmjs';
import { FoveaError } from '../errors.js';
import type { Instance } from '../model/views.js';

type Dcmjs = typeof DcmjsModule;
let loaded: Promise<Dcmjs> | undefined;
/** dcmjs (about 1 MB) is loaded the first time a copy is rewritten, never for viewing. */
function loadDcmjs(): Promise<Dcmjs> {
  loaded ??= import('dcmjs').then((m) => m.default);
  return loaded;
}

/** The local patient's identity, from the hospital's own records (e.g. its patient index). */
export interface PatientIdentity {
  patientId: string;
  /** Issuer of Patient ID (0010,0021): the hospital's assigning authority. */
  issuerOfPatientId?: string | undefined;
  /** DICOM PN, `Family^Given^Middle^Prefix^Suffix`. */
  patientName?: string | undefined;
  /** DA, `YYYYMMDD`. */
  patientBirthDate?: string | undefined;
  patientSex?: 'M' | 'F' | 'O' | undefined;
}

/** De-identification of the uploaded copies (PS3.15 Basic Application Level Confidentiality Profile). */
export interface DeidentifyOptions {
  /**
   * A secret kept with the import (and its journal): new UIDs are derived
   * from it and the original UIDs, so that a resumed upload gives the same
   * instance the same new UID and the server never gets it twice.
   */
  salt: string;
  /** The pseudonym to put in Patient ID. */
  patientId: string;
  /** The pseudonym to put in Patient Name (default: the Patient ID pseudonym). */
  patientName?: string | undefined;
}

/** What to change in the uploaded copies. */
export interface RewriteOptions {
  /** Reconciliation: the local identity; the originals go to Other Patient IDs Sequence. */
  patient?: PatientIdentity | undefined;
  /** The local Accession Number (replaces the one on the medium). */
  accessionNumber?: string | undefined;
  deidentify?: DeidentifyOptions | undefined;
}

/** Why a copy could not be made. */
export class RewriteError extends FoveaError {
  readonly reason: 'deflated' | 'burned-in' | 'unreadable';
  constructor(reason: RewriteError['reason'], message: string, options?: { cause?: unknown }) {
    super('unsupported', message, options);
    this.name = 'RewriteError';
    this.reason = reason;
  }
}

type Dict = Record<string, { vr: string; Value?: unknown[] }>;

/** The deflated transfer syntax UID in the file meta (never a prefix of another UID there). */
const DEFLATED = /1\.2\.840\.10008\.1\.2\.1\.99(?![0-9.])/;

function text(dict: Dict, tag: string): string | undefined {
  const value = dict[tag]?.Value?.[0];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Alphabetic' in value)
    return String((value as { Alphabetic: unknown }).Alphabetic);
  return undefined;
}

function set(dict: Dict, tag: string, vr: string, value: unknown): void {
  dict[tag] = value === undefined || value === '' ? { vr, Value: [] } : { vr, Value: [value] };
}

/** IRWF.b: the local identity in, the medium's identity kept in Other Patient IDs Sequence (0010,1002). */
function reconcile(dict: Dict, patient: PatientIdentity | undefined, accessionNumber: string | undefined): void {
  if (patient) {
    const originalId = text(dict, '00100020');
    const originalIssuer = text(dict, '00100021');
    const originalName = text(dict, '00100010');
    const idChanges = originalId !== patient.patientId || (originalIssuer ?? '') !== (patient.issuerOfPatientId ?? '');
    if (originalId && idChanges) {
      const others = (dict['00101002']?.Value ?? []) as Dict[];
      const item: Dict = { '00100020': { vr: 'LO', Value: [originalId] }, '00100022': { vr: 'CS', Value: ['TEXT'] } };
      if (originalIssuer) item['00100021'] = { vr: 'LO', Value: [originalIssuer] };
      dict['00101002'] = { vr: 'SQ', Value: [...others, item] };
    }
    if (originalName && patient.patientName !== undefined && originalName !== patient.patientName) {
      const names = (dict['00101001']?.Value ?? []) as unknown[];
      dict['00101001'] = { vr: 'PN', Value: [...names, { Alphabetic: originalName }] };
    }
    set(dict, '00100020', 'LO', patient.patientId);
    set(dict, '00100021', 'LO', patient.issuerOfPatientId);
    if (patient.patientName !== undefined) set(dict, '00100010', 'PN', { Alphabetic: patient.patientName });
    if (patient.patientBirthDate !== undefined) set(dict, '00100030', 'DA', patient.patientBirthDate);
    if (patient.patientSex !== undefined) set(dict, '00100040', 'CS', patient.patientSex);
  }
  if (accessionNumber !== undefined) set(dict, '00080050', 'SH', accessionNumber);
}

/** Basic Profile actions for the attributes that name or locate a person (PS3.15 table E.1-1): Z empties, X removes. */
const EMPTY = ['00080020', '00080030', '00080050', '00080090', '00100030', '00100040', '00200010'];
const REMOVE = [
  '00080012',
  '00080013',
  '00080021',
  '00080022',
  '00080023',
  '00080031',
  '00080032',
  '00080033',
  '00080080',
  '00080081',
  '00080092',
  '00080094',
  '00081010',
  '00081030',
  '0008103E',
  '00081040',
  '00081048',
  '00081050',
  '00081060',
  '00081070',
  '00100021',
  '00101000',
  '00101001',
  '00101002',
  '00101005',
  '00101010',
  '00101020',
  '00101030',
  '00101040',
  '00101060',
  '00102154',
  '00102160',
  '00102180',
  '001021B0',
  '00104000',
  '00181000',
  '00204000',
  '00321032',
  '00321060',
  '00324000',
  '00380010',
  '00400244',
  '00400245',
  '00400253',
  '00400254',
  '00400275',
  '0040A730',
];

async function newUid(salt: string, uid: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}|${uid}`)));
  let n = 0n;
  for (const byte of digest.subarray(0, 16)) n = (n << 8n) | BigInt(byte);
  return `2.25.${n.toString()}`;
}

async function deidentifyDict(dict: Dict, salt: string, uids: Map<string, string>): Promise<void> {
  for (const tag of Object.keys(dict)) {
    const attribute = dict[tag]!;
    // Private attributes (odd groups) are removed.
    if (parseInt(tag.slice(0, 4), 16) % 2 === 1 || REMOVE.includes(tag)) {
      delete dict[tag];
      continue;
    }
    if (EMPTY.includes(tag)) attribute.Value = [];
    else if (attribute.vr === 'UI') {
      // Every UID except the standard's own (classes, transfer syntaxes, codes) is replaced, the same way everywhere.
      attribute.Value = await Promise.all(
        (attribute.Value ?? []).map(async (v) => {
          if (typeof v !== 'string' || v.startsWith('1.2.840.10008.')) return v;
          let mapped = uids.get(v);
          if (!mapped) uids.set(v, (mapped = await newUid(salt, v)));
          return mapped;
        }),
      );
    } else if (attribute.vr === 'SQ') {
      for (const item of (attribute.Value ?? []) as Dict[]) await deidentifyDict(item, salt, uids);
    }
  }
}

async function deidentify(meta: Dict, dict: Dict, options: DeidentifyOptions): Promise<void> {
  if (text(dict, '00280301')?.trim().toUpperCase() === 'YES') {
    throw new RewriteError('burned-in', 'the image has patient data burned into its pixels');
  }
  const uids = new Map<string, string>();
  await deidentifyDict(dict, options.salt, uids);
  set(dict, '00100020', 'LO', options.patientId);
  set(dict, '00100010', 'PN', { Alphabetic: options.patientName ?? options.patientId });
  set(dict, '00120062', 'CS', 'YES');
  set(dict, '00120063', 'LO', 'PS3.15 Basic Application Level Confidentiality Profile');
  dict['00120064'] = {
    vr: 'SQ',
    Value: [
      {
        '00080100': { vr: 'SH', Value: ['113100'] },
        '00080102': { vr: 'SH', Value: ['DCM'] },
        '00080104': { vr: 'LO', Value: ['Basic Application Confidentiality Profile'] },
      },
    ],
  };
  const sop = text(dict, '00080018');
  if (sop) set(meta, '00020003', 'UI', sop);
}

/**
 * A copy of the Part 10 file `bytes` with the header rewritten as `options`
 * ask; `pixelDataOffset` is where the Pixel Data element starts (undefined
 * when the file has none). Everything from there on is copied unchanged.
 */
export async function rewriteInstance(
  bytes: Uint8Array,
  pixelDataOffset: number | undefined,
  options: RewriteOptions,
): Promise<Uint8Array> {
  const dcmjs = await loadDcmjs();
  // dcmjs reports attributes it coerces on the console; nothing here for a person to act on.
  dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');
  const meta = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.byteLength, 2048)));
  if (DEFLATED.test(meta)) {
    throw new RewriteError('deflated', 'a deflated file cannot be rewritten here');
  }
  const end = pixelDataOffset ?? bytes.byteLength;
  const head = bytes.slice(0, end).buffer;
  let file: InstanceType<Dcmjs['data']['DicomDict']>;
  try {
    file = dcmjs.data.DicomMessage.readFile(head);
  } catch (cause) {
    throw new RewriteError('unreadable', 'the header could not be read for rewriting', { cause });
  }
  const dict = file.dict as Dict;
  // readFile stops at the end of the bytes it was given: no Pixel Data element is in it.
  delete dict['7FE00010'];
  reconcile(dict, options.patient, options.accessionNumber);
  if (options.deidentify) await deidentify(file.meta as Dict, dict, options.deidentify);
  const written = new Uint8Array(file.write());
  const out = new Uint8Array(written.byteLength + bytes.byteLength - end);
  out.set(written);
  out.set(bytes.subarray(end), written.byteLength);
  return out;
}

/** The UIDs an instance will have on the archive: its own, or the de-identified ones. */
export async function targetUids(
  instance: Instance,
  options: RewriteOptions,
): Promise<{ studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string }> {
  const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = instance;
  const salt = options.deidentify?.salt;
  if (salt === undefined) return { studyInstanceUid, seriesInstanceUid, sopInstanceUid };
  const map = (uid: string) => (uid.startsWith('1.2.840.10008.') ? uid : newUid(salt, uid));
  return {
    studyInstanceUid: await map(studyInstanceUid),
    seriesInstanceUid: await map(seriesInstanceUid),
    sopInstanceUid: await map(sopInstanceUid),
  };
}
