// docs/guides/react.md: React components over Fovea's elements, with typed events.
import { useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  FoveaSeriesBrowser,
  FoveaStudyList,
  FoveaToolbar,
  FoveaViewer,
  FoveaViewport,
  type FoveaImageChangeEvent,
  type FoveaLayoutChangeEvent,
} from '@fovea-dicom/react';
import type { FoveaViewport as FoveaViewportElement, FoveaViewer as FoveaViewerElement } from '@fovea-dicom/elements';

interface Props {
  studyUid: string;
  seriesUid: string;
  getToken: (forceRefresh: boolean) => Promise<string>;
}

/** One series, with a toolbar and a cine button. */
export function SeriesViewer({ studyUid, seriesUid, getToken }: Props) {
  const viewport = useRef<FoveaViewportElement>(null);
  const [position, setPosition] = useState('');
  const [error, setError] = useState<string>();
  return (
    <section>
      <FoveaToolbar htmlFor="series-viewport" />
      <FoveaViewport
        id="series-viewport"
        ref={viewport}
        style={{ height: 480 }}
        dicomwebRoot="/dicom-web"
        studyUid={studyUid}
        seriesUid={seriesUid}
        getAuthorization={async ({ forceRefresh }) => `Bearer ${await getToken(forceRefresh)}`}
        onImageChange={(e: FoveaImageChangeEvent) => setPosition(`${e.detail.index + 1} / ${e.detail.total}`)}
        onError={(e) => setError(e.detail.message)}
      />
      <p>{error ?? position}</p>
      <button type="button" onClick={() => viewport.current?.play()}>
        Cine
      </button>
    </section>
  );
}

/** A worklist: the study list, and the chosen study in the composed viewer. */
export function Worklist() {
  const viewer = useRef<FoveaViewerElement>(null);
  const [studyUid, setStudyUid] = useState('');
  const [status, setStatus] = useState('');
  return (
    <main style={{ display: 'grid', gridTemplateRows: '240px 1fr', height: '100vh' }}>
      <FoveaStudyList
        dicomwebRoot="/dicom-web"
        filters={{ datePreset: 'last-7-days' }}
        sort={{ column: 'study-date', direction: 'descending' }}
        onStudySelect={(e) => setStudyUid(e.detail.study.studyInstanceUid)}
        onError={(e) => setStatus(e.detail.message)}
      />
      <FoveaViewer
        ref={viewer}
        dicomwebRoot="/dicom-web"
        studyUid={studyUid}
        layout="2x2"
        sync={['scroll', 'voi']}
        theme="dark"
        onLayoutChange={(e: FoveaLayoutChangeEvent) => setStatus(`layout ${e.detail.layout}`)}
        onSeriesSelect={(e) => setStatus(e.detail.series.seriesDescription ?? '')}
        onImageChange={(e) => setStatus(`image ${e.detail.index + 1} of ${e.detail.total}`)}
        onError={(e) => setStatus(e.detail.message)}
      />
      <output>{status}</output>
    </main>
  );
}

/** Thumbnails alone, e.g. beside the host's own viewer. */
export function Thumbnails({ studyUid, onPick }: { studyUid: string; onPick: (seriesUid: string) => void }) {
  const [count, setCount] = useState<number>();
  return (
    <FoveaSeriesBrowser
      dicomwebRoot="/dicom-web"
      studyUid={studyUid}
      orientation="horizontal"
      onSeriesLoad={(e) => setCount(e.detail.series.length)}
      onSeriesSelect={(e) => onPick(e.detail.series.seriesInstanceUid)}
      onError={(e) => console.warn(e.detail.code)}
      title={count === undefined ? undefined : `${count} series`}
    />
  );
}

const host = document.getElementById('root');
if (host) {
  createRoot(host).render(
    <SeriesViewer studyUid="1.2.3" seriesUid="1.2.3.4" getToken={async () => sessionStorage.getItem('token') ?? ''} />,
  );
}
