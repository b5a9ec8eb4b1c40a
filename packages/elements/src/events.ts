import type { FoveaError, ImageErrorReason } from '@fovea-dicom/core';
import type { Measurement, MeasurementImage } from './model/measurements.js';
import type { ToolBindings } from './model/tools.js';
import type { Presentation, RenderingChangeReason } from './model/presentation.js';
import type { KeyImage } from './results/key-images.js';
import type { ReportErrorReason } from './results/report-error.js';
import type { StoredObject } from './results/study-documents.js';
import type { ReportSummary } from './results/report-types.js';
import type { Series, Study, VoiLutPreset } from '@fovea-dicom/core';

/** Detail of `fovea-image-change`: the image now on screen. */
export interface ImageChangeDetail {
  /** 0-based index in the stack. */
  index: number;
  /** Images in the stack. */
  total: number;
}

/**
 * Detail of `fovea-voi-change`: the window now applied, or the header VOI LUT
 * (`voiLut`), whose input range `center` and `width` then describe.
 */
export interface VoiChangeDetail {
  center: number;
  width: number;
  /** The header VOI LUT now applied; undefined while a linear window applies. */
  voiLut?: VoiLutPreset | undefined;
}

/** Detail of `fovea-load-progress`. */
export interface LoadProgressDetail {
  loaded: number;
  total: number;
}

/**
 * Detail of `fovea-rendering-change`: a viewport on screen moved to another
 * rendering path (`renderingMode` now reads `mode`) and shows its image again
 * there, with its image index, window and view; `fovea-image-change` follows
 * once the image is back. Not a failure: nothing is lost but speed on
 * machines with a working GPU.
 */
export interface RenderingChangeDetail {
  mode: 'gpu' | 'cpu';
  reason: RenderingChangeReason;
}

/** Detail of `fovea-error`. `message` is safe to show and log: no patient data. */
export interface ErrorDetail {
  error: FoveaError | Error;
  /** Stable code for localised messages (a `FoveaErrorCode`, or `unknown`). */
  code: string;
  /**
   * For `decode` errors ({@link ImageError}): why the image cannot be shown; for
   * documents (`ReportError`: measurement reports, key images): why the document
   * cannot be shown or stored.
   */
  reason?: ImageErrorReason | ReportErrorReason | undefined;
  message: string;
  /**
   * The image that failed, when the error is about one image of a viewport's
   * stack: its index and what it is. UIDs are here, never in `message` or in
   * `error.message`.
   */
  image?: FailedImage | undefined;
  /** The series a failed thumbnail is of (series browser). */
  series?: { studyInstanceUid: string; seriesInstanceUid: string } | undefined;
}

/** An image a `fovea-error` is about. */
export interface FailedImage {
  /** 0-based index in the stack. */
  index: number;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based frame number within the instance. */
  frame: number;
}

/** Detail of `fovea-study-select`: the study a person chose in a study list. */
export interface StudySelectDetail {
  study: Study;
}

/** Detail of `fovea-series-select`: the series a person chose in a series browser. */
export interface SeriesSelectDetail {
  series: Series;
}

/** Detail of `fovea-series-load`. */
export interface SeriesLoadDetail {
  /** The study whose series these are. */
  studyInstanceUid: string;
  /** The series found, in display order. */
  series: readonly Series[];
}

/** Detail of `fovea-layout-change`. */
export interface LayoutChangeDetail {
  /** Rows and columns, e.g. `1x2` (one row of two viewports). */
  layout: string;
}

/** Detail of `fovea-measurement-add`, `-change` and `-remove`. */
export interface MeasurementDetail {
  measurement: Measurement;
}

/** Detail of `fovea-tool-change`: the tools now on the mouse buttons. */
export interface ToolChangeDetail {
  tools: ToolBindings;
}

/**
 * Detail of `fovea-store`: a document Fovea wrote is stored in the archive.
 * `object` holds the new instance's UIDs (and its new series').
 */
export type StoreDetail =
  | { kind: 'measurement-report'; object: StoredObject; measurements: Measurement[] }
  | { kind: 'key-images'; object: StoredObject; images: KeyImage[] }
  | { kind: 'encapsulated-pdf'; object: StoredObject; pages: number };

/** Detail of `fovea-reports-found`: measurement reports (TID 1500) on the images of the series shown, newest first. */
export interface ReportsFoundDetail {
  reports: ReportSummary[];
}

/** Detail of `fovea-report-load`: a report's measurements are drawn (as the viewport measures them on its images). */
export interface ReportLoadDetail {
  report: ReportSummary;
  measurements: Measurement[];
  /** Shapes of the report Fovea cannot draw (3D coordinates, free-hand outlines, other images). */
  skipped: number;
}

/** Detail of `fovea-key-image-change`: an image was flagged or unflagged as a key image. */
export interface KeyImageChangeDetail {
  image: MeasurementImage;
  /** Whether it is now a key image. */
  key: boolean;
}

/** Every event Fovea elements fire, by name. */
export interface FoveaEventMap {
  'fovea-image-change': ImageChangeDetail;
  'fovea-voi-change': VoiChangeDetail;
  'fovea-view-change': Presentation;
  'fovea-load-progress': LoadProgressDetail;
  'fovea-rendering-change': RenderingChangeDetail;
  'fovea-error': ErrorDetail;
  'fovea-measurement-add': MeasurementDetail;
  'fovea-measurement-change': MeasurementDetail;
  'fovea-measurement-remove': MeasurementDetail;
  'fovea-tool-change': ToolChangeDetail;
  'fovea-study-select': StudySelectDetail;
  'fovea-series-select': SeriesSelectDetail;
  'fovea-series-load': SeriesLoadDetail;
  'fovea-layout-change': LayoutChangeDetail;
  'fovea-store': StoreDetail;
  'fovea-reports-found': ReportsFoundDetail;
  'fovea-report-load': ReportLoadDetail;
  'fovea-key-image-change': KeyImageChangeDetail;
}

/** The event named `K`, with its typed detail: `FoveaEvent<'fovea-image-change'>`. */
export type FoveaEvent<K extends keyof FoveaEventMap> = CustomEvent<FoveaEventMap[K]>;

export type FoveaImageChangeEvent = CustomEvent<ImageChangeDetail>;
export type FoveaVoiChangeEvent = CustomEvent<VoiChangeDetail>;
export type FoveaViewChangeEvent = CustomEvent<Presentation>;
export type FoveaLoadProgressEvent = CustomEvent<LoadProgressDetail>;
export type FoveaRenderingChangeEvent = CustomEvent<RenderingChangeDetail>;
export type FoveaErrorEvent = CustomEvent<ErrorDetail>;
export type FoveaMeasurementEvent = CustomEvent<MeasurementDetail>;
export type FoveaToolChangeEvent = CustomEvent<ToolChangeDetail>;
export type FoveaStudySelectEvent = CustomEvent<StudySelectDetail>;
export type FoveaSeriesSelectEvent = CustomEvent<SeriesSelectDetail>;
export type FoveaSeriesLoadEvent = CustomEvent<SeriesLoadDetail>;
export type FoveaLayoutChangeEvent = CustomEvent<LayoutChangeDetail>;
export type FoveaStoreEvent = CustomEvent<StoreDetail>;
export type FoveaReportsFoundEvent = CustomEvent<ReportsFoundDetail>;
export type FoveaReportLoadEvent = CustomEvent<ReportLoadDetail>;
export type FoveaKeyImageChangeEvent = CustomEvent<KeyImageChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'fovea-image-change': FoveaImageChangeEvent;
    'fovea-voi-change': FoveaVoiChangeEvent;
    'fovea-view-change': FoveaViewChangeEvent;
    'fovea-load-progress': FoveaLoadProgressEvent;
    'fovea-rendering-change': FoveaRenderingChangeEvent;
    'fovea-error': FoveaErrorEvent;
    'fovea-measurement-add': FoveaMeasurementEvent;
    'fovea-measurement-change': FoveaMeasurementEvent;
    'fovea-measurement-remove': FoveaMeasurementEvent;
    'fovea-tool-change': FoveaToolChangeEvent;
    'fovea-study-select': FoveaStudySelectEvent;
    'fovea-series-select': FoveaSeriesSelectEvent;
    'fovea-series-load': FoveaSeriesLoadEvent;
    'fovea-layout-change': FoveaLayoutChangeEvent;
    'fovea-store': FoveaStoreEvent;
    'fovea-reports-found': FoveaReportsFoundEvent;
    'fovea-report-load': FoveaReportLoadEvent;
    'fovea-key-image-change': FoveaKeyImageChangeEvent;
  }
}

/** Dispatches a typed, bubbling, composed Fovea event; a wrong detail does not compile. */
export function emit<K extends keyof FoveaEventMap>(target: EventTarget, type: K, detail: FoveaEventMap[K]): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
