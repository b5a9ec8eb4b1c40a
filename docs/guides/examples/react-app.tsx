// docs/guides/react.md: a React component showing one series, with typed events.
import { useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { FoveaViewport, type FoveaImageChangeEvent } from '@fovea/react';
import type { FoveaViewport as FoveaViewportElement } from '@fovea/elements';

interface Props {
  studyUid: string;
  seriesUid: string;
  getToken: (forceRefresh: boolean) => Promise<string>;
}

export function SeriesViewer({ studyUid, seriesUid, getToken }: Props) {
  const viewport = useRef<FoveaViewportElement>(null);
  const [position, setPosition] = useState('');
  const [error, setError] = useState<string>();
  return (
    <section>
      <FoveaViewport
        ref={viewport}
        style={{ display: 'block', height: 480 }}
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

const host = document.getElementById('root');
if (host) {
  createRoot(host).render(
    <SeriesViewer studyUid="1.2.3" seriesUid="1.2.3.4" getToken={async () => sessionStorage.getItem('token') ?? ''} />,
  );
}
