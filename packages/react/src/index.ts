/**
 * `@fovea/react`: React components for Fovea's custom elements, made with
 * `@lit/react`. Properties are typed from the element classes, and each
 * `fovea-*` event is an `on…` prop with its typed `CustomEvent`. Importing this
 * module registers the elements.
 *
 * @packageDocumentation
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import {
  FoveaViewport as FoveaViewportElement,
  type FoveaErrorEvent,
  type FoveaImageChangeEvent,
  type FoveaLoadProgressEvent,
  type FoveaVoiChangeEvent,
} from '@fovea/elements';

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

export type {
  FoveaErrorEvent,
  FoveaImageChangeEvent,
  FoveaLoadProgressEvent,
  FoveaVoiChangeEvent,
} from '@fovea/elements';
