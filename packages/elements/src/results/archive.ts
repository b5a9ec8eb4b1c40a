/**
 * Where documents can be stored: a source that also answers STOW-RS. Reports
 * and key images are read from any {@link DicomSource} (an archive, or files
 * on the reader's computer); storing needs an archive. A module of its own,
 * so that the check stays out of the lazy documents chunk.
 */
import type { DicomSource, DicomWebClient } from '@fovea-dicom/core';
import { ReportError } from './report-error.js';

/** A source that can also store: an archive reached through a {@link DicomWebClient}. */
export type DocumentArchive = DicomSource & Pick<DicomWebClient, 'storeInstances'>;

/** True when `source` can store documents (a `LocalDicomSource` cannot). */
export const canStore = (source: DicomSource): source is DocumentArchive =>
  typeof (source as Partial<DocumentArchive>).storeInstances === 'function';

/** `source` as an archive, or a {@link ReportError} `read-only`. */
export function archiveOf(source: DicomSource): DocumentArchive {
  if (!canStore(source)) throw new ReportError('read-only', 'the images are not in an archive that can store');
  return source;
}
