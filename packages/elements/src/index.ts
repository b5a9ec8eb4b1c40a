/**
 * `@fovea-dicom/elements`: Fovea's custom elements. Importing this module registers them all.
 *
 * @packageDocumentation
 */
export * from './fovea-viewport.js';
export * from './fovea-toolbar.js';
export * from './fovea-study-list.js';
export * from './fovea-series-browser.js';
export * from './fovea-viewer.js';
export * from './fovea-import.js';
export * from './events.js';
export { DEFAULT_CACHE_BYTES, renderingStats } from './viewport/viewport.js';
export type { ImagePlane } from './model/image-plane.js';
export type { Vec3 } from './model/orientation.js';
export type { FoveaConfig } from './internal/config.js';
export type { ReportedError } from './internal/source.js';
export type {
  PixelValues,
  Presentation,
  RenderingChangeReason,
  RenderingMode,
  RenderingStats,
  Voi,
} from './model/presentation.js';
export { defaultMessages, type Messages, type MessageId } from './internal/messages.js';
export {
  DEFAULT_TOOLBAR_ITEMS,
  TOOLBAR_SHORTCUTS,
  type MenuPreset,
  type ToolbarAction,
  type ToolbarItem,
} from './toolbar/toolbar.js';
export {
  DEFAULT_TOOL_BINDINGS,
  MOUSE_BUTTONS,
  TOOL_NAMES,
  TOOLS,
  MEASUREMENT_KINDS,
  type ToolDescriptor,
  type MouseButton,
  type ToolBindings,
  type ToolName,
} from './model/tools.js';
export { CT_WINDOW_PRESETS, windowPresetsFor, type NamedWindowPreset } from './model/presets.js';
export {
  MEASUREMENTS_FORMAT,
  type Measurement,
  type MeasurementImage,
  type MeasurementKind,
  type MeasurementPoint,
  type MeasurementUnit,
  type MeasurementsJson,
  type RegionStats,
  type SpacingSource,
} from './model/measurements.js';
export { ReportError, type ReportErrorReason } from './results/report-error.js';
export type { MeasurementReportsMode, ReportSummary } from './results/report-types.js';
export type { StoredObject } from './results/study-documents.js';
export type { KeyImage, KeyImageSelection } from './results/key-images.js';
export type { ImageRef } from './results/composite.js';
export type { KeyImagesOptions } from './results/kos.js';
export type { MeasurementReportOptions, ReportObserver } from './results/sr-write.js';
export type { EncapsulatedPdfOptions } from './results/encapsulated-pdf.js';
export type { PrintHeader, PrintOptions } from './results/print/document.js';
export type { PaperOrientation, PaperSize } from './results/print/layout.js';
export { STUDY_COLUMNS, type StudyColumn, type StudySort, type SortDirection } from './study-list/columns.js';
export { STUDY_FILTER_FIELDS, DEFAULT_MODALITIES, type StudyFilterField } from './study-list/filters.js';
export { DATE_PRESETS, type DatePreset, type StudyFilters } from './study-list/query.js';
export { sortSeries } from './series-browser/series-browser.js';
