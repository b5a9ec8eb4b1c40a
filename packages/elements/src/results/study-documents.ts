/**
 * Documents in a study: finding the SR and KO instances and reading one (Part
 * 10, as stored) from any source (an archive, or files on the reader's
 * computer), and storing a new one (STOW-RS) through the element's client, so
 * that the host's authentication and origin apply.
 */
import type { DicomSource, InstanceRef } from '@fovea-dicom/core';
import type { DocumentArchive } from './archive.js';
import { readPart10, writePart10, type Dataset } from './dicom-file.js';
import { ReportError } from './report-error.js';
import type { BuiltDocument } from './composite.js';

/** A DICOM object in a study: its UIDs. */
export interface StoredObject {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
}

/** At most this many documents of a kind are read from a study (the newest series first). */
export const MAX_DOCUMENTS = 50;

/** The instances of the study's series of `modality` (SR, KO), newest series (highest number) first. */
export async function findDocuments(
  client: DicomSource,
  studyInstanceUid: string,
  modality: 'SR' | 'KO',
  signal?: AbortSignal,
): Promise<StoredObject[]> {
  const series = await client.searchSeries({ StudyInstanceUID: studyInstanceUid, Modality: modality }, { signal });
  series.sort((a, b) => (b.seriesNumber ?? 0) - (a.seriesNumber ?? 0));
  const found: StoredObject[] = [];
  for (const s of series) {
    if (found.length >= MAX_DOCUMENTS) break;
    const instances = await client.searchInstances(
      { StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: s.seriesInstanceUid },
      { signal, includefield: ['SOPClassUID'] },
    );
    for (const i of instances) {
      if (!i.sopInstanceUid || found.length >= MAX_DOCUMENTS) continue;
      found.push({
        studyInstanceUid,
        seriesInstanceUid: s.seriesInstanceUid,
        sopInstanceUid: i.sopInstanceUid,
        sopClassUid: i.sopClassUid,
      });
    }
  }
  return found;
}

/** The dataset of a document on the server (a {@link DicomParseError} when it is not readable DICOM). */
export async function readDocument(client: DicomSource, ref: InstanceRef, signal?: AbortSignal): Promise<Dataset> {
  return readPart10(await client.retrieveInstance(ref, { signal }));
}

/**
 * Stores a document in its study (STOW-RS). A server that lists it as failed,
 * or answers without it among several stored, ends as {@link ReportError} `refused`.
 */
export async function storeDocument(
  client: DocumentArchive,
  document: BuiltDocument,
  signal?: AbortSignal,
): Promise<StoredObject> {
  const bytes = await writePart10(document.dataset);
  const result = await client.storeInstances([bytes], { studyInstanceUid: document.studyInstanceUid, signal });
  const failed = result.failed.find((f) => !f.sopInstanceUid || f.sopInstanceUid === document.sopInstanceUid);
  const storedOthers =
    result.stored.length > 0 && !result.stored.some((s) => s.sopInstanceUid === document.sopInstanceUid);
  if (failed || storedOthers) {
    const reason = failed?.reason !== undefined ? ` (reason 0x${failed.reason.toString(16).toUpperCase()})` : '';
    throw new ReportError('refused', `the server did not store the document${reason}`);
  }
  return {
    studyInstanceUid: document.studyInstanceUid,
    seriesInstanceUid: document.seriesInstanceUid,
    sopInstanceUid: document.sopInstanceUid,
    sopClassUid: document.sopClassUid,
  };
}
