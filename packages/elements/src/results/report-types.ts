import type { StoredObject } from './study-documents.js';

/** What a viewport does with the measurement reports of its series: offer them, show the newest, or nothing. */
export type MeasurementReportsMode = 'offer' | 'show' | 'off';

/** A measurement report (TID 1500 SR) found on the images of the series shown. */
export interface ReportSummary extends StoredObject {
  /** Content Date and Time as `YYYY-MM-DDTHH:MM:SS` (local to the writer), when the report has them. */
  contentDateTime: string | undefined;
  /** Series Description of the report's series. */
  seriesDescription: string | undefined;
  /** Measurements it holds on this series' images. */
  measurementCount: number;
  /** Shapes it holds that Fovea cannot draw here (3D coordinates, free-hand outlines, other images). */
  skipped: number;
}
