// Malformed objects on the real Orthanc (test/helpers/malformed-objects.ts):
// each class is stored, shown in one viewport, and must end in a typed
// fovea-error and an error state within the bound; then the same viewport
// must show a good series; no unhandled rejection, no WebGL error, no
// identifier in any message. Stored objects are deleted afterwards.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { FoveaErrorEvent, FoveaViewport } from '@fovea-dicom/elements';
import { findSeries, type CorpusSeries } from '../helpers/corpus.js';
import { clearFaults, faultLog, requestsSettled, setFaults } from '../helpers/faults.js';
import { identifiersOf } from '../helpers/identifiers.js';
import {
  codestreamOf,
  MALFORMED_PATIENT_ID,
  MALFORMED_PATIENT_NAME,
  MALFORMED_STUDY,
  malformedClasses,
  type MalformedClass,
} from '../helpers/malformed-objects.js';
import { errorStateText, explain, loadOutcome, type Outcome } from '../helpers/outcome.js';
import { until } from '../helpers/wait.js';
import { mountViewport } from '../helpers/viewport.js';
import { PageWatch } from '../helpers/watch.js';

/** A malformed object must be refused quickly: nothing to wait for but the server and a decode. */
const BOUND_MS = 6000;

const client = createDicomWebClient({ root: '/dicom-web' });
let watch: PageWatch;
let el: FoveaViewport;
let good: CorpusSeries[];
let identifiers: string[];
const refusedByServer = new Map<string, string>();

async function removePatient(): Promise<void> {
  const found = await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: MALFORMED_PATIENT_ID });
  if (!found.ok) throw new Error(`Orthanc lookup: HTTP ${found.status}`);
  for (const { Type, ID } of (await found.json()) as { Type: string; ID: string }[]) {
    if (Type === 'Patient') await fetch(`/__fovea/orthanc/patients/${ID}`, { method: 'DELETE' });
  }
}

async function showSeries(studyUid: string, seriesUid: string) {
  const pending = loadOutcome(el, BOUND_MS);
  el.studyUid = studyUid;
  el.seriesUid = seriesUid;
  return pending;
}

/**
 * A multi-frame object whose first frame is whole: that frame on screen, each later frame reported
 * once by a typed fovea-error naming it, and shown as failed when scrolled to.
 */
async function expectFailedFrames(c: MalformedClass, outcome: Outcome, problems: string[]): Promise<void> {
  if (outcome.kind !== 'image') {
    problems.push(`${c.id}: expected the first frame on screen: ${explain(outcome)}`);
    return;
  }
  const errors = [...outcome.errors];
  const onError = (e: FoveaErrorEvent) => errors.push(e.detail);
  el.addEventListener('fovea-error', onError);
  const later = Array.from({ length: el.imageCount - 1 }, (_, i) => i + 1);
  try {
    await until(`a fovea-error for each of frames 2 to ${el.imageCount}`, () =>
      later.every((i) => errors.some((e) => e.image?.index === i)),
    );
    el.imageIndex = 1;
    await until('frame 2 shown as failed', () => errorStateText(el) !== undefined);
  } catch (error) {
    problems.push(
      `${c.id}: ${(error as Error).message}; errors ${errors.map((e) => `${e.code}@${e.image?.index}`).join(', ')}`,
    );
  } finally {
    el.removeEventListener('fovea-error', onError);
  }
}

// The classes are made before the tests are declared (mocha needs one test per class): the
// codestreams come from the corpus series, as stored.
async function makeClasses(): Promise<MalformedClass[]> {
  const find = (syntax: string) => findSeries((s) => s.syntax === syntax && s.phantom === 'mr', `${syntax} mr`);
  const [rle, jpegLossless, jpegLs, j2k, jpegBaseline] = await Promise.all(
    ['rle', 'jpeg-lossless-sv1', 'jpegls-lossless', 'j2k-lossless', 'jpeg-baseline'].map(find),
  );
  return malformedClasses({
    rle: await codestreamOf(client, rle!),
    jpegLossless: await codestreamOf(client, jpegLossless!),
    jpegLs: await codestreamOf(client, jpegLs!),
    j2k: await codestreamOf(client, j2k!),
    jpegBaseline: await codestreamOf(client, jpegBaseline!),
  });
}
const classes = await makeClasses();

describe('robustness: malformed objects (stored in Orthanc)', () => {
  before(async function () {
    this.timeout(120_000);
    watch = await PageWatch.start();
    await removePatient();
    // One at a time: a file the server refuses must not take the others with it.
    for (const c of classes) {
      try {
        const result = await client.storeInstances([c.file]);
        if (result.failed.length) refusedByServer.set(c.id, `failed: ${JSON.stringify(result.failed[0])}`);
      } catch (error) {
        refusedByServer.set(c.id, (error as Error).message);
      }
    }
    good = [
      await findSeries((s) => s.syntax === 'rle' && s.phantom === 'ct', 'rle ct'),
      await findSeries((s) => s.syntax === 'jpeg-lossless-sv1' && s.phantom === 'mr', 'jpeg lossless mr'),
    ];
    identifiers = [
      MALFORMED_STUDY,
      MALFORMED_PATIENT_ID,
      ...MALFORMED_PATIENT_NAME.split('^'),
      ...classes.map((c) => c.seriesUid),
      ...(await identifiersOf(client, good[0]!.studyInstanceUid)),
      ...(await identifiersOf(client, good[1]!.studyInstanceUid)),
    ];
    el = mountViewport(256);
    el.client = client;
  });
  beforeEach(async () => {
    await clearFaults();
    await watch.reset();
  });
  after(async () => {
    el?.remove();
    await clearFaults();
    await removePatient();
    watch.stop();
  });

  it('has at least 40 classes, each stored by the server', () => {
    expect(classes.length).to.be.at.least(40);
    expect(new Set(classes.map((c) => c.id)).size, 'distinct ids').to.equal(classes.length);
    expect(Object.fromEntries(refusedByServer), 'objects Orthanc refused').to.deep.equal({});
  });

  classes.forEach((c, index) => {
    it(`class ${index + 1} ${c.id} (${c.what}): a typed fovea-error and an error state, then a good series`, async () => {
      if (refusedByServer.has(c.id))
        throw new Error(`${c.id}: Orthanc refused the object: ${refusedByServer.get(c.id)}`);
      const problems: string[] = [];
      await setFaults(c.rules);
      const outcome = await showSeries(c.studyUid, c.seriesUid);
      if (c.expect === 'first-frame-then-failed-frames') {
        await expectFailedFrames(c, outcome, problems);
      } else if (outcome.kind !== 'error') {
        problems.push(`${c.id}: expected a fovea-error and an error state: ${explain(outcome)}`);
      }
      if (c.reason !== undefined && !outcome.errors.some((e) => e.reason === c.reason))
        problems.push(`${c.id}: expected a fovea-error with reason ${c.reason}: ${explain(outcome)}`);
      if (outcome.errors.some((e) => e.code === 'unknown'))
        problems.push(`${c.id}: an untyped error: ${explain(outcome)}`);
      if (c.rules.length && !(await faultLog()).rules.every((r) => r.hits > 0))
        problems.push(`${c.id}: the rewrite was never applied`);
      await clearFaults();
      const next = good[index % 2]!;
      const after = await showSeries(next.studyInstanceUid, next.seriesInstanceUid);
      if (after.kind !== 'image') {
        problems.push(`${c.id}: the next, good series did not show: ${explain(after)}`);
        // A fresh viewport for the following classes, so that one broken element does not fail them all.
        el.remove();
        el = mountViewport(256);
        el.client = client;
      }
      await requestsSettled().catch((error: Error) => problems.push(error.message));
      try {
        await watch.expectClean({ identifiers });
      } catch (error) {
        problems.push((error as Error).message);
      }
      if (problems.length) throw new Error(problems.join('\n'));
    });
  });
});
