import type { MeasurementImage } from '../model/measurements.js';
import type { Dataset } from './dicom-file.js';
import { items, numbers, text } from './natural.js';

/** Where each referenced SOP instance lives, from a document's evidence sequences. */
export function evidenceIndex(dataset: Dataset): Map<string, { studyInstanceUid: string; seriesInstanceUid: string }> {
  const index = new Map<string, { studyInstanceUid: string; seriesInstanceUid: string }>();
  for (const keyword of ['CurrentRequestedProcedureEvidenceSequence', 'PertinentOtherEvidenceSequence']) {
    for (const study of items(dataset, keyword)) {
      const studyInstanceUid = text(study, 'StudyInstanceUID') ?? '';
      for (const series of items(study, 'ReferencedSeriesSequence')) {
        const seriesInstanceUid = text(series, 'SeriesInstanceUID') ?? '';
        for (const sop of items(series, 'ReferencedSOPSequence')) {
          const uid = text(sop, 'ReferencedSOPInstanceUID');
          if (uid) index.set(uid, { studyInstanceUid, seriesInstanceUid });
        }
      }
    }
  }
  return index;
}

/** The Series Instance UIDs a document's evidence names. */
export function evidenceSeries(dataset: Dataset): string[] {
  return [...new Set([...evidenceIndex(dataset).values()].map((e) => e.seriesInstanceUid))].filter(Boolean);
}

/** An image a document refers to; `frame` is undefined when the reference names no frame (every frame, or a single-frame instance). */
export interface ReferencedFrame extends Omit<MeasurementImage, 'frame'> {
  frame: number | undefined;
  /** Referenced SOP Class UID ('' when the reference leaves it out). */
  sopClassUid: string;
}

/** The images an IMAGE content item (or a SELECTED FROM item) refers to, one per frame listed. */
export function imagesOf(
  item: Dataset,
  evidence: ReadonlyMap<string, { studyInstanceUid: string; seriesInstanceUid: string }>,
): ReferencedFrame[] {
  return items(item, 'ReferencedSOPSequence').flatMap((sop) => {
    const sopInstanceUid = text(sop, 'ReferencedSOPInstanceUID');
    if (!sopInstanceUid) return [];
    const where = evidence.get(sopInstanceUid);
    const listed = (numbers(sop, 'ReferencedFrameNumber') ?? []).filter((f) => Number.isInteger(f) && f >= 1);
    const frames = listed.length ? listed : [undefined];
    return frames.map((frame) => ({
      studyInstanceUid: where?.studyInstanceUid ?? '',
      seriesInstanceUid: where?.seriesInstanceUid ?? '',
      sopInstanceUid,
      sopClassUid: text(sop, 'ReferencedSOPClassUID') ?? '',
      frame,
    }));
  });
}
