/**
 * A PDF as an Encapsulated PDF instance (PS3.3 A.45.1), for the archive: in
 * the study of the images it shows, naming them as its source instances.
 */
import type { Instance } from '@fovea-dicom/core';
import {
  builtDocument,
  EQUIPMENT,
  fit,
  newDocument,
  patientAndStudy,
  type BuiltDocument,
  type ImageRef,
} from './composite.js';
import type { Dataset } from './dicom-file.js';

/** SOP Class UID of Encapsulated PDF Storage. */
export const ENCAPSULATED_PDF = '1.2.840.10008.5.1.4.1.1.104.1';

/** Options of an Encapsulated PDF. */
export interface EncapsulatedPdfOptions {
  /** Document Title (default `Images`). */
  title?: string;
  /** Series Description of the document's new series (default `Printed images`). */
  seriesDescription?: string;
  /** Series Number of the new series (default 9902). */
  seriesNumber?: number;
}

/**
 * An Encapsulated PDF of `pdf`, in the study of `context` (an image whose
 * header gives the patient and study), whose pages show `images`.
 */
export function encapsulatedPdf(
  pdf: Uint8Array,
  context: Instance,
  images: readonly ImageRef[],
  options: EncapsulatedPdfOptions = {},
  now = new Date(),
): BuiltDocument {
  const doc = newDocument(now);
  const { date, time, offset, seriesInstanceUid, sopInstanceUid } = doc;
  // OB values have an even length: one padding byte after an odd-length document.
  const padded = pdf.byteLength % 2 === 0 ? pdf : new Uint8Array([...pdf, 0]);
  const sources = new Map<string, ImageRef>();
  for (const image of images) sources.set(image.sopInstanceUid, image);
  const dataset: Dataset = {
    SOPClassUID: ENCAPSULATED_PDF,
    SOPInstanceUID: sopInstanceUid,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    TimezoneOffsetFromUTC: offset,
    ...patientAndStudy(context),
    Modality: 'DOC',
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: String(options.seriesNumber ?? 9902),
    SeriesDescription: fit(options.seriesDescription ?? 'Printed images', 64),
    ...EQUIPMENT,
    ConversionType: 'WSD',
    InstanceNumber: '1',
    ContentDate: date,
    ContentTime: time,
    AcquisitionDateTime: `${date}${time}${offset}`,
    BurnedInAnnotation: 'YES',
    DocumentTitle: fit(options.title ?? 'Images', 64),
    ConceptNameCodeSequence: [],
    SourceInstanceSequence: [...sources.values()].map((image) => ({
      ReferencedSOPClassUID: image.sopClassUid,
      ReferencedSOPInstanceUID: image.sopInstanceUid,
    })),
    MIMETypeOfEncapsulatedDocument: 'application/pdf',
    // dcmjs takes binary values as a list of buffers.
    EncapsulatedDocument: [padded.slice().buffer],
    EncapsulatedDocumentLength: pdf.byteLength,
  };
  return builtDocument(dataset, context.studyInstanceUid, doc, ENCAPSULATED_PDF);
}
