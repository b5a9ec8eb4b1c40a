/**
 * Key images as a Key Object Selection document (TID 2010, document title
 * "Of Interest"): the images a person flagged, in one study.
 */
import { CODES, sameCode, type Code } from './codes.js';
import {
  builtDocument,
  contentItem,
  deviceObserverItems,
  documentHeader,
  evidence,
  fit,
  languageItem,
  newDocument,
  referencedSop,
  type BuiltDocument,
  type ImageRef,
} from './composite.js';
import type { Instance } from '@fovea-dicom/core';
import type { Dataset } from './dicom-file.js';
import { evidenceIndex, imagesOf, type ReferencedFrame } from './evidence.js';
import { children, conceptName, text } from './natural.js';
import { ReportError } from './report-error.js';

/** SOP Class UID of Key Object Selection Document. */
export const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';

/** Options of a key image document. */
export interface KeyImagesOptions {
  /** Key Object Description (a short text for the selection). */
  description?: string;
  /** Series Description of the document's new series (default `Key images`). */
  seriesDescription?: string;
  /** Series Number of the new series (default 9901). */
  seriesNumber?: number;
}

/**
 * A KOS "Of Interest" listing `images` (at least one), in the study of
 * `context`, an image whose header gives the patient and study.
 */
export function keyImagesDocument(
  context: Instance,
  images: readonly ImageRef[],
  options: KeyImagesOptions = {},
  now = new Date(),
): BuiltDocument {
  if (images.length === 0) throw new RangeError('no image to list');
  const studyInstanceUid = context.studyInstanceUid;
  const doc = newDocument(now);
  const description = options.description?.trim();
  const dataset: Dataset = {
    ...documentHeader(doc, KEY_OBJECT_SELECTION, context, {
      modality: 'KO',
      number: options.seriesNumber ?? 9901,
      description: options.seriesDescription ?? 'Key images',
    }),
    ContentDate: doc.date,
    ContentTime: doc.time,
    ...evidence(studyInstanceUid, images),
    ...contentItem(
      undefined,
      'CONTAINER',
      CODES.ofInterest,
      {
        ContinuityOfContent: 'SEPARATE',
        ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
      },
      [
        languageItem(),
        ...deviceObserverItems(),
        ...(description
          ? [contentItem('CONTAINS', 'TEXT', CODES.keyObjectDescription, { TextValue: fit(description, 1024) })]
          : []),
        ...images.map((image) =>
          contentItem('CONTAINS', 'IMAGE', undefined, { ReferencedSOPSequence: [referencedSop(image)] }),
        ),
      ],
    ),
  };
  return builtDocument(dataset, studyInstanceUid, doc, KEY_OBJECT_SELECTION);
}

/** What a Key Object Selection document lists. */
export interface ReadKeyObjects {
  /** Its title (CID 7010): "Of Interest" for key images; others (e.g. "Rejected for Quality Reasons") too. */
  title: Code | undefined;
  /** The images (frame undefined: the whole instance). */
  images: ReferencedFrame[];
  /** Content Date and Time as `YYYYMMDDHHMMSS` (for ordering), or ''. */
  contentDateTime: string;
}

/** True when the title is "Of Interest" (key images, as opposed to e.g. rejected images). */
export const isOfInterest = (read: ReadKeyObjects): boolean => sameCode(read.title, CODES.ofInterest);

/** The images a KOS lists; a {@link ReportError} `not-key-objects` for any other object. */
export function readKeyObjects(dataset: Dataset): ReadKeyObjects {
  if (text(dataset, 'SOPClassUID') !== KEY_OBJECT_SELECTION) {
    throw new ReportError('not-key-objects', 'the object is not a key object selection document');
  }
  const index = evidenceIndex(dataset);
  const images = children(dataset)
    .filter((c) => text(c, 'ValueType') === 'IMAGE')
    .flatMap((c) => imagesOf(c, index));
  const date = (text(dataset, 'ContentDate') ?? '').replace(/\D/g, '');
  const time = (text(dataset, 'ContentTime') ?? '').replace(/[^\d]/g, '').slice(0, 6).padEnd(6, '0');
  return { title: conceptName(dataset), images, contentDateTime: date ? `${date}${time}` : '' };
}
