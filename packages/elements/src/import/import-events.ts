// The import element's events, added to Fovea's typed event map (kept beside
// the element, so that the shared events module stays as it is).
import type { Study } from '@fovea-dicom/core';
import type { ImportReport, SkipReason, UploadProgress } from '@fovea-dicom/core/local';

/** Files skipped for one reason. */
export interface SkippedCount {
  reason: SkipReason;
  count: number;
}

/** Detail of `fovea-import-scan`: what the files hold, once they are all read. */
export interface ImportScanDetail {
  /** The studies found (DICOM JSON views: the host's to show, never put in logs). */
  studies: readonly Study[];
  /** Distinct patients (by Patient ID, issuer and name): more than one needs a person's confirmation before upload. */
  patients: number;
  series: number;
  instances: number;
  skipped: readonly SkippedCount[];
}

/** Detail of `fovea-import-progress`. */
export type ImportProgressDetail = UploadProgress;

/** Detail of `fovea-import-complete`: the upload's report, for the host to store. */
export interface ImportCompleteDetail {
  report: ImportReport;
  /** Files that were not part of the upload (not DICOM, incomplete, …), by reason. */
  skipped: readonly SkippedCount[];
}

export type FoveaImportScanEvent = CustomEvent<ImportScanDetail>;
export type FoveaImportProgressEvent = CustomEvent<ImportProgressDetail>;
export type FoveaImportCompleteEvent = CustomEvent<ImportCompleteDetail>;

declare module '../events.js' {
  interface FoveaEventMap {
    'fovea-import-scan': ImportScanDetail;
    'fovea-import-progress': ImportProgressDetail;
    'fovea-import-complete': ImportCompleteDetail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fovea-import-scan': FoveaImportScanEvent;
    'fovea-import-progress': FoveaImportProgressEvent;
    'fovea-import-complete': FoveaImportCompleteEvent;
  }
}
