// Records the DICOMweb answers the stories need (series metadata and every
// frame of the sample series) from the development DICOMweb server, through
// @fovea/core's own client, into .cache/storybook/dicomweb-snapshot: files plus
// a manifest of path -> { file, status, contentType }. The static Storybook
// serves them and stories/support/sources.ts replays them. Run before
// `storybook build` (npm run build-storybook does).
//
//   pnpm exec tsx .storybook/snapshot.ts
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDicomWebClient, imageReferences } from '../packages/core/src/index.ts';
import { createDevDicomWebServer } from '../packages/demo/src/dev-dicomweb/index.ts';
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

try {
  const client = createDicomWebClient({ root, fetch: recordingFetch });
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
