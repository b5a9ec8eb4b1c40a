/**
 * `@fovea-dicom/react`: React components for Fovea's custom elements, made with
 * `@lit/react`. Properties are typed from the element classes, and each
 * `fovea-*` event is an `on…` prop with its typed `CustomEvent`. Importing this
 * module registers the elements.
 *
 * @packageDocumentation
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import {
  FoveaImport as FoveaImportElement,
  FoveaSeriesBrowser as FoveaSeriesBrowserElement,
  FoveaStudyList as FoveaStudyListElement,
  FoveaToolbar as FoveaToolbarElement,
  FoveaViewer as FoveaViewerElement,
  FoveaViewport as FoveaViewportElement,
  type FoveaErrorEvent,
  type FoveaImageChangeEvent,
  type FoveaImportCompleteEvent,
  type FoveaImportProgressEvent,
  type FoveaImportScanEvent,
  type FoveaLayoutChangeEvent,
  type FoveaLoadProgressEvent,
  type FoveaSeriesLoadEvent,
  type FoveaSeriesSelectEvent,
  type FoveaStudySelectEvent,
  type FoveaVoiChangeEvent,
} from '@fovea-dicom/elements';

/**
 * `<fovea-viewport>` as a React component: one series from a DICOMweb server.
 * Props are the element's properties (`dicomwebRoot`, `studyUid`, `seriesUid`,
 * `getAuthorization`, `client`…); events are `onImageChange`, `onVoiChange`,
 * `onLoadProgress` and `onError`. A `ref` gives the element (`play()`, `toPng()`…).
 */
export const FoveaViewport = createComponent({
  tagName: 'fovea-viewport',
  elementClass: FoveaViewportElement,
  react: React,
  events: {
    onImageChange: 'fovea-image-change' as EventName<FoveaImageChangeEvent>,
    onVoiChange: 'fovea-voi-change' as EventName<FoveaVoiChangeEvent>,
    onLoadProgress: 'fovea-load-progress' as EventName<FoveaLoadProgressEvent>,
    onError: 'fovea-error' as EventName<FoveaErrorEvent>,
  },
  displayName: 'FoveaViewport',
});

/** Props of {@link FoveaViewport}. */
export type FoveaViewportProps = React.ComponentProps<typeof FoveaViewport>;

/**
 * `<fovea-toolbar>` as a React component: reading tools for a viewport, given
 * as `htmlFor` (the viewport's `id`) or `viewport` (the element); children are
 * the host's own buttons. It fires no events of its own: the viewport fires
 * `fovea-tool-change`, `fovea-voi-change`….
 */
export const FoveaToolbar = createComponent({
  tagName: 'fovea-toolbar',
  elementClass: FoveaToolbarElement,
  react: React,
  displayName: 'FoveaToolbar',
});

/** Props of {@link FoveaToolbar}. */
export type FoveaToolbarProps = React.ComponentProps<typeof FoveaToolbar>;

/**
 * `<fovea-study-list>` as a React component: a filterable list of studies.
 * Props are the element's properties (`dicomwebRoot`, `filters`, `patientId`,
 * `columns`, `sort`…); events are `onStudySelect` and `onError`.
 */
export const FoveaStudyList = createComponent({
  tagName: 'fovea-study-list',
  elementClass: FoveaStudyListElement,
  react: React,
  events: {
    onStudySelect: 'fovea-study-select' as EventName<FoveaStudySelectEvent>,
    onError: 'fovea-error' as EventName<FoveaErrorEvent>,
  },
  displayName: 'FoveaStudyList',
});

/** Props of {@link FoveaStudyList}. */
export type FoveaStudyListProps = React.ComponentProps<typeof FoveaStudyList>;

/**
 * `<fovea-series-browser>` as a React component: thumbnails of a study's
 * series. Props are the element's properties (`dicomwebRoot`, `studyUid`,
 * `selectedSeriesUid`, `progress`, `orientation`…); events are
 * `onSeriesSelect`, `onSeriesLoad` and `onError`.
 */
export const FoveaSeriesBrowser = createComponent({
  tagName: 'fovea-series-browser',
  elementClass: FoveaSeriesBrowserElement,
  react: React,
  events: {
    onSeriesSelect: 'fovea-series-select' as EventName<FoveaSeriesSelectEvent>,
    onSeriesLoad: 'fovea-series-load' as EventName<FoveaSeriesLoadEvent>,
    onError: 'fovea-error' as EventName<FoveaErrorEvent>,
  },
  displayName: 'FoveaSeriesBrowser',
});

/** Props of {@link FoveaSeriesBrowser}. */
export type FoveaSeriesBrowserProps = React.ComponentProps<typeof FoveaSeriesBrowser>;

/**
 * `<fovea-viewer>` as a React component: thumbnails, toolbar and a layout of
 * viewports for one study. Props are the element's properties
 * (`dicomwebRoot`, `studyUid` or `accessionNumber`, `layout`, `sync`,
 * `theme`…); events are `onLayoutChange`, `onSeriesSelect`, `onImageChange`
 * (from any of its viewports: `event.target` is the viewer, the viewport is
 * `event.composedPath()[0]`) and `onError` (the viewer's and its inner
 * elements'). A `ref` gives the element (`showSeries()`, `viewports`…).
 */
export const FoveaViewer = createComponent({
  tagName: 'fovea-viewer',
  elementClass: FoveaViewerElement,
  react: React,
  events: {
    onLayoutChange: 'fovea-layout-change' as EventName<FoveaLayoutChangeEvent>,
    onSeriesSelect: 'fovea-series-select' as EventName<FoveaSeriesSelectEvent>,
    onImageChange: 'fovea-image-change' as EventName<FoveaImageChangeEvent>,
    onError: 'fovea-error' as EventName<FoveaErrorEvent>,
  },
  displayName: 'FoveaViewer',
});

/** Props of {@link FoveaViewer}. */
export type FoveaViewerProps = React.ComponentProps<typeof FoveaViewer>;

/**
 * `<fovea-import>` as a React component: a patient's CD, folder or zip opened
 * without a server, previewed, and uploaded to the archive. Props are the
 * element's properties (`dicomwebRoot` or `client`, `patient`,
 * `accessionNumber`, `deidentify`…); events are `onImportScan`,
 * `onImportProgress`, `onImportComplete` (the report to store) and `onError`.
 * (Written by hand, as the other wrappers here.)
 */
export const FoveaImport = createComponent({
  tagName: 'fovea-import',
  elementClass: FoveaImportElement,
  react: React,
  events: {
    onImportScan: 'fovea-import-scan' as EventName<FoveaImportScanEvent>,
    onImportProgress: 'fovea-import-progress' as EventName<FoveaImportProgressEvent>,
    onImportComplete: 'fovea-import-complete' as EventName<FoveaImportCompleteEvent>,
    onError: 'fovea-error' as EventName<FoveaErrorEvent>,
  },
  displayName: 'FoveaImport',
});

/** Props of {@link FoveaImport}. */
export type FoveaImportProps = React.ComponentProps<typeof FoveaImport>;

export type {
  FoveaErrorEvent,
  FoveaImageChangeEvent,
  FoveaImportCompleteEvent,
  FoveaImportProgressEvent,
  FoveaImportScanEvent,
  FoveaLayoutChangeEvent,
  FoveaLoadProgressEvent,
  FoveaSeriesLoadEvent,
  FoveaSeriesSelectEvent,
  FoveaStudySelectEvent,
  FoveaVoiChangeEvent,
} from '@fovea-dicom/elements';
