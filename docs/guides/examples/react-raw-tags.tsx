// docs/guides/react.md: Fovea's raw tags in React 19 JSX, typed by @fovea-dicom/react/jsx.js, and the
// events an EHR stores (measurements, view, tools) on the wrapper components, imported one by one.
// The @ts-expect-error lines prove the typings reject what the elements do not have.
import { useState } from 'react';
import type {} from '@fovea-dicom/react/jsx.js';
import '@fovea-dicom/elements/fovea-viewport.js';
import { FoveaViewer } from '@fovea-dicom/react/fovea-viewer.js';
import type { Measurement } from '@fovea-dicom/react';

/** A raw `<fovea-viewport>`: attributes as text, properties typed from the class, `onfovea-*` listeners. */
export function RawViewport({ studyUid, seriesUid }: { studyUid: string; seriesUid: string }) {
  const [where, setWhere] = useState('');
  return (
    <>
      <fovea-viewport
        dicomweb-root="/dicom-web"
        study-uid={studyUid}
        series-uid={seriesUid}
        requires-auth
        style={{ display: 'block', height: 400 }}
        activeTools={{ primary: 'length' }}
        onfovea-image-change={(e) => setWhere(`${e.detail.index + 1} / ${e.detail.total}`)}
        onfovea-measurement-add={(e) => console.warn(e.detail.measurement.kind)}
      />
      <p>{where}</p>
      {/* @ts-expect-error: no such tool */}
      <fovea-viewport activeTools={{ primary: 'ruler' }} />
      {/* @ts-expect-error: a boolean attribute (hyphenated names the typings do not know pass unchecked, as data-*) */}
      <fovea-viewport requires-auth="yes" />
      {/* @ts-expect-error: the image-change detail has no `study` */}
      <fovea-viewport onfovea-image-change={(e) => e.detail.study} />
    </>
  );
}

/** The wrapper: every event the viewer passes on, typed; the measurements are what an EHR stores. */
export function StoredMeasurements({ studyUid, store }: { studyUid: string; store: (m: Measurement) => void }) {
  return (
    <FoveaViewer
      dicomwebRoot="/dicom-web"
      studyUid={studyUid}
      requiresAuth
      onMeasurementAdd={(e) => store(e.detail.measurement)}
      onMeasurementChange={(e) => store(e.detail.measurement)}
      onViewChange={(e) => console.warn(e.detail.zoom)}
      onToolChange={(e) => console.warn(e.detail.tools.primary)}
    />
  );
}
