// Where the stories' images come from. `npm run storybook`: the development
// DICOMweb server under /dicom-web (Vite middleware, .storybook/main.ts). The
// static build: a recorded snapshot of the same answers (.storybook/snapshot.ts)
// replayed through the client's `fetch` option, because a static host cannot
// send multipart frames with their Content-Type.
import { createDicomWebClient, type DicomWebClient } from '@fovea-dicom/core';
import samples from 'virtual:fovea-samples';

export const DEV_ROOT = '/dicom-web';

/** UIDs of one sample series by key (`ct`, `cr`, `dx`, `mr`, `us`). */
export function sample(key: string): { studyUid: string; seriesUid: string; description: string } {
  const found = samples.find((s) => s.key === key);
  if (!found) throw new Error(`no sample series ${key}`);
  return { studyUid: found.studyInstanceUid, seriesUid: found.seriesInstanceUid, description: found.description };
}

interface SnapshotEntry {
  file: string;
  status: number;
  contentType: string;
}

let manifest: Promise<Record<string, SnapshotEntry>> | undefined;
const snapshotBase = new URL('dicomweb-snapshot/', document.baseURI);
const snapshotRoot = new URL('dicom-web', document.baseURI).href;

const snapshotFetch: typeof fetch = async (input, init) => {
  manifest ??= fetch(new URL('manifest.json', snapshotBase)).then(
    (r) => r.json() as Promise<Record<string, SnapshotEntry>>,
  );
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const entry = (await manifest)[url.slice(snapshotRoot.length)];
  init?.signal?.throwIfAborted();
  if (!entry) return new Response('{"error":"not in the snapshot"}', { status: 404 });
  const body = await fetch(new URL(entry.file, snapshotBase), { signal: init?.signal ?? null });
  return new Response(body.body, { status: entry.status, headers: { 'Content-Type': entry.contentType } });
};

let staticClient: DicomWebClient | undefined;

/**
 * The sample server as viewport properties: `dicomwebRoot` in dev mode, a
 * `client` over the snapshot in the static build.
 */
export function sampleServer(): { dicomwebRoot: string; client: DicomWebClient | undefined } {
  if (import.meta.env.DEV) return { dicomwebRoot: DEV_ROOT, client: undefined };
  staticClient ??= createDicomWebClient({ root: snapshotRoot, fetch: snapshotFetch });
  return { dicomwebRoot: '', client: staticClient };
}

/** A client whose server answers every request with `status` (no network, so no console noise). */
export function failingClient(status: number): DicomWebClient {
  return createDicomWebClient({
    root: 'https://pacs.example/dicom-web',
    retry: { retries: 0 },
    fetch: async () =>
      new Response(JSON.stringify({ error: `status ${status}` }), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  });
}

/** A client whose server never answers (until the request is aborted): the loading state. */
export function stalledClient(): DicomWebClient {
  return createDicomWebClient({
    root: 'https://pacs.example/dicom-web',
    timeoutMs: 2_147_000_000,
    fetch: (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      }),
  });
}

/** A client whose server has nothing: every search answers `200 []` (the empty state). */
export function emptyClient(): DicomWebClient {
  return createDicomWebClient({
    root: 'https://pacs.example/dicom-web',
    fetch: async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/dicom+json' } }),
  });
}
