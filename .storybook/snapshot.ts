// Records the DICOMweb answers the stories need (the study list's searches,
// each sample study's series, series metadata and every frame of the sample
// series) from the development DICOMweb server, through @fovea-dicom/core's own
// client and the elements' own query code, into
// .cache/storybook/dicomweb-snapshot: files plus
// a manifest of path -> { file, status, contentType }. The static Storybook
// serves them and stories/support/sources.ts replays them. Run before
// `storybook build` (npm run build-storybook does).
//
//   npx tsx --conditions=fovea-source .storybook/snapshot.ts
//
// (`fovea-source`: the element modules import @fovea-dicom/core by name; take its
// TypeScript sources, as Storybook's Vite config does, so no build is needed.)
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReactiveControllerHost } from 'lit';
import { createDicomWebClient, imageReferences, type DicomWebClient } from '@fovea-dicom/core';
import { createDevDicomWebServer } from '@fovea-dicom/demo/dev-dicomweb';
import { searchStudySeries } from '../packages/elements/src/series-browser/search.ts';
import { findDocuments } from '../packages/elements/src/results/study-documents.ts';
import { StudyPager } from '../packages/elements/src/study-list/pager.ts';
import { planQuery } from '../packages/elements/src/study-list/patient-query.ts';
import { STUDY_LIST_SEARCHES, type StudyListSearch } from '../stories/support/searches.ts';
import { sampleSeries, samplesDir, snapshotDir } from './samples.ts';

const series = sampleSeries();
const dev = await createDevDicomWebServer({ dir: samplesDir, log: () => {} });
const server = createServer((req, res) => {
  void dev.handle(req, res, (req.url ?? '/').slice('/dicom-web'.length) || '/');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;

rmSync(snapshotDir, { recursive: true, force: true });
mkdirSync(snapshotDir, { recursive: true });
const manifest: Record<string, { file: string; status: number; contentType: string }> = {};
let bytes = 0;

const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const body = new Uint8Array(await response.clone().arrayBuffer());
  const path = url.slice(root.length);
  const file = `${createHash('sha1').update(path).digest('hex')}.bin`;
  writeFileSync(join(snapshotDir, file), body);
  manifest[path] = { file, status: response.status, contentType: response.headers.get('Content-Type') ?? '' };
  bytes += body.byteLength;
  return response;
};

/** Every page of a study-list search, as the element's pager asks for them. */
async function recordStudySearch(client: DicomWebClient, search: StudyListSearch) {
  const host: ReactiveControllerHost = {
    addController: () => {},
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
  };
  const pager = new StudyPager(host, () => {});
  const plan = planQuery(search.filters, {
    patientId: search.patientId,
    issuerOfPatientId: '',
    patientName: '',
    patientBirthDate: '',
    lowerDateTime: '',
    upperDateTime: '',
  });
  await pager.start(client, plan, search.pageSize);
  await pager.all();
  if (pager.status !== 'ready') throw new Error(`study search failed: ${String(pager.error)}`);
}

try {
  const client = createDicomWebClient({ root, fetch: recordingFetch });
  for (const search of Object.values(STUDY_LIST_SEARCHES)) await recordStudySearch(client, search);
  for (const studyUid of new Set(series.map((s) => s.studyInstanceUid))) {
    await searchStudySeries(client, studyUid);
    // What a viewport and the series browser look for: measurement reports and key image documents.
    await findDocuments(client, studyUid, 'SR');
    await findDocuments(client, studyUid, 'KO');
  }
  for (const s of series) {
    const instances = await client.retrieveSeriesMetadata(s.studyInstanceUid, s.seriesInstanceUid);
    for (const reference of imageReferences(client, instances))
      await client.retrieveFrames(reference, [reference.frame]);
  }
  writeFileSync(join(snapshotDir, 'manifest.json'), JSON.stringify(manifest));
  process.stdout.write(
    `snapshot: ${Object.keys(manifest).length} answers (${(bytes / 2 ** 20).toFixed(1)} MiB) of ${series.length} series in ${snapshotDir}\n`,
  );
} finally {
  server.close();
  await dev.close();
}
