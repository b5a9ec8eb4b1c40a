/**
 * What every document Fovea writes shares: the patient and study of the images
 * it refers to (copied from their headers, never typed in), the equipment, the
 * dates, value formatting within the VR rules, and content-item builders.
 */
import type { DicomJsonDataset, Instance } from '@fovea-dicom/core';
import { CODES, ENGLISH, type Code } from './codes.js';
import type { Dataset } from './dicom-file.js';
import { IMPLEMENTATION_CLASS_UID, newUid } from './uid.js';

/** Patient and General Study module attributes, by keyword and tag: copied from a referenced image. */
const PATIENT_STUDY: readonly (readonly [keyword: string, tag: string, type2: boolean])[] = [
  ['PatientName', '00100010', true],
  ['PatientID', '00100020', true],
  ['IssuerOfPatientID', '00100021', false],
  ['PatientBirthDate', '00100030', true],
  ['PatientSex', '00100040', true],
  ['StudyInstanceUID', '0020000D', false],
  ['StudyDate', '00080020', true],
  ['StudyTime', '00080030', true],
  ['ReferringPhysicianName', '00080090', true],
  ['StudyID', '00200010', true],
  ['AccessionNumber', '00080050', true],
  ['StudyDescription', '00081030', false],
];

/** The attribute's value as dcmjs writes it: one value, a list, or '' for an empty type 2 attribute. */
function valueOf(json: DicomJsonDataset, tag: string): unknown {
  const value = json[tag]?.Value?.filter((v) => v !== null);
  if (!value || value.length === 0) return undefined;
  return value.length === 1 ? value[0] : value;
}

/** The Patient and General Study attributes of `instance` (type 2 attributes present, empty when unknown). */
export function patientAndStudy(instance: Instance): Dataset {
  const out: Dataset = {};
  for (const [keyword, tag, type2] of PATIENT_STUDY) {
    const value = valueOf(instance.dataset, tag);
    if (value !== undefined) out[keyword] = value;
    else if (type2) out[keyword] = '';
  }
  return out;
}

/** General Equipment: who wrote the document. */
export const EQUIPMENT: Dataset = {
  Manufacturer: 'Fovea',
  ManufacturerModelName: 'Fovea DICOM viewer',
  SoftwareVersions: '0.1.0',
};

/** DICOM DA, TM and the UTC offset of a moment, in local time. */
export function dicomDateTime(at: Date): { date: string; time: string; offset: string } {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const minutes = -at.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return {
    date: `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`,
    time: `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`,
    offset: `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`,
  };
}

/** The UIDs and the creation moment of a new document. */
export interface NewDocument {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** DA, TM and UTC offset of the moment it is made. */
  date: string;
  time: string;
  offset: string;
}

/** New series and instance UIDs for a document made at `now`. */
export function newDocument(now: Date): NewDocument {
  const { date, time, offset } = dicomDateTime(now);
  const seriesInstanceUid = newUid();
  const sopInstanceUid = newUid();
  return { seriesInstanceUid, sopInstanceUid, date, time, offset };
}

/** The new series a document opens. */
export interface DocumentSeries {
  modality: string;
  number: number;
  description: string;
}

/**
 * The SOP Common, Patient, General Study, General Series, General Equipment
 * attributes and Instance Number of a structured document (SR or KOS) in the
 * study of `context`, an image whose header gives the patient and study.
 */
export function documentHeader(
  doc: NewDocument,
  sopClassUid: string,
  context: Instance,
  series: DocumentSeries,
): Dataset {
  return {
    SOPClassUID: sopClassUid,
    SOPInstanceUID: doc.sopInstanceUid,
    InstanceCreationDate: doc.date,
    InstanceCreationTime: doc.time,
    TimezoneOffsetFromUTC: doc.offset,
    ...patientAndStudy(context),
    Modality: series.modality,
    SeriesInstanceUID: doc.seriesInstanceUid,
    SeriesNumber: String(series.number),
    SeriesDescription: fit(series.description, 64),
    SeriesDate: doc.date,
    SeriesTime: doc.time,
    ReferencedPerformedProcedureStepSequence: [],
    ...EQUIPMENT,
    InstanceNumber: '1',
  };
}

/** The UID and dataset of a new document. */
export interface BuiltDocument {
  dataset: Dataset;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
}

/** The built document: `dataset` declares UTF-8 when some string of it is not ASCII. */
export function builtDocument(
  dataset: Dataset,
  studyInstanceUid: string,
  doc: NewDocument,
  sopClassUid: string,
): BuiltDocument {
  if (needsUtf8(dataset)) dataset['SpecificCharacterSet'] = 'ISO_IR 192';
  return {
    dataset,
    studyInstanceUid,
    seriesInstanceUid: doc.seriesInstanceUid,
    sopInstanceUid: doc.sopInstanceUid,
    sopClassUid,
  };
}

/** A DS value: the closest decimal string of at most 16 characters (PS3.5 6.2). */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError('DS cannot hold a value that is not finite');
  // The most significant digits that fit, written plainly or with an exponent.
  for (let digits = 16; digits >= 1; digits--) {
    const rounded = Number(value.toPrecision(digits));
    const plain = String(rounded);
    if (plain.length <= 16) return plain;
    const exponent = rounded.toExponential(digits - 1).replace('e+', 'e');
    if (exponent.length <= 16) return exponent;
  }
  return '0';
}

/** `text` cut to `max` characters (LO 64, SH 16, …) without splitting a surrogate pair. */
export function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** True when some string value of `dataset` (at any depth) is not ASCII: the file then declares UTF-8. */
export function needsUtf8(dataset: unknown): boolean {
  if (typeof dataset === 'string') return /[^\x20-\x7e\r\n\t\f]/.test(dataset);
  if (Array.isArray(dataset)) return dataset.some(needsUtf8);
  if (dataset && typeof dataset === 'object' && !ArrayBuffer.isView(dataset) && !(dataset instanceof ArrayBuffer)) {
    return Object.values(dataset).some(needsUtf8);
  }
  return false;
}

/** A code sequence item. */
export function codeItem(code: Code): Dataset {
  return { CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: fit(code.meaning, 64) };
}

/** A content item of `valueType` named `name` (SR Document Content module). */
export function contentItem(
  relationship: string | undefined,
  valueType: string,
  name: Code | undefined,
  values: Dataset = {},
  children: readonly Dataset[] = [],
): Dataset {
  return {
    ...(relationship ? { RelationshipType: relationship } : {}),
    ValueType: valueType,
    ...(name ? { ConceptNameCodeSequence: [codeItem(name)] } : {}),
    ...values,
    ...(children.length ? { ContentSequence: [...children] } : {}),
  };
}

/** Language of Content Item and Descendants: English. */
export function languageItem(): Dataset {
  return contentItem('HAS CONCEPT MOD', 'CODE', CODES.languageOfContent, { ConceptCodeSequence: [codeItem(ENGLISH)] });
}

/** Observer Context of Fovea as the device observer: observer type, device UID and name. */
export function deviceObserverItems(): Dataset[] {
  return [
    contentItem('HAS OBS CONTEXT', 'CODE', CODES.observerType, { ConceptCodeSequence: [codeItem(CODES.device)] }),
    contentItem('HAS OBS CONTEXT', 'UIDREF', CODES.deviceObserverUid, { UID: IMPLEMENTATION_CLASS_UID }),
    contentItem('HAS OBS CONTEXT', 'TEXT', CODES.deviceObserverName, { TextValue: 'Fovea' }),
  ];
}

/** An image a document refers to. `frame` is set for a frame of a multi-frame instance only. */
export interface ImageRef {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  frame?: number | undefined;
}

/** An image by its header and 1-based frame (the frame is kept for multi-frame instances only). */
export interface ReferencedImage {
  instance: Instance;
  frame: number;
}

/** The reference to an image known by its header. */
export function imageRef({ instance, frame }: ReferencedImage): ImageRef {
  return {
    studyInstanceUid: instance.studyInstanceUid,
    seriesInstanceUid: instance.seriesInstanceUid,
    sopInstanceUid: instance.sopInstanceUid,
    sopClassUid: instance.sopClassUid,
    ...(instance.isMultiframe ? { frame } : {}),
  };
}

/** A Referenced SOP Sequence item for an image (the frame only for multi-frame instances). */
export function referencedSop(ref: ImageRef): Dataset {
  return {
    ReferencedSOPClassUID: ref.sopClassUid,
    ReferencedSOPInstanceUID: ref.sopInstanceUid,
    ...(ref.frame !== undefined ? { ReferencedFrameNumber: String(ref.frame) } : {}),
  };
}

/**
 * Current Requested Procedure Evidence (images of the document's study) and
 * Pertinent Other Evidence (of other studies): study > series > instance.
 */
export function evidence(
  studyInstanceUid: string,
  images: readonly ImageRef[],
): { CurrentRequestedProcedureEvidenceSequence?: Dataset[]; PertinentOtherEvidenceSequence?: Dataset[] } {
  const studies = new Map<string, Map<string, Map<string, string>>>();
  for (const image of images) {
    const series = studies.get(image.studyInstanceUid) ?? new Map<string, Map<string, string>>();
    studies.set(image.studyInstanceUid, series);
    const sops = series.get(image.seriesInstanceUid) ?? new Map<string, string>();
    series.set(image.seriesInstanceUid, sops);
    sops.set(image.sopInstanceUid, image.sopClassUid);
  }
  const items = (study: string) => ({
    StudyInstanceUID: study,
    ReferencedSeriesSequence: [...studies.get(study)!].map(([series, sops]) => ({
      SeriesInstanceUID: series,
      ReferencedSOPSequence: [...sops].map(([sop, sopClass]) => ({
        ReferencedSOPClassUID: sopClass,
        ReferencedSOPInstanceUID: sop,
      })),
    })),
  });
  const current = [...studies.keys()].filter((s) => s === studyInstanceUid).map(items);
  const other = [...studies.keys()].filter((s) => s !== studyInstanceUid).map(items);
  return {
    ...(current.length ? { CurrentRequestedProcedureEvidenceSequence: current } : {}),
    ...(other.length ? { PertinentOtherEvidenceSequence: other } : {}),
  };
}
