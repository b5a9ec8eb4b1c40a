// Server faults through the fault-injecting proxy in front of the real Orthanc
// (scripts/lib/fault-proxy.mjs): each must end in a typed fovea-error and a
// visible error state within the bound, or in the image when the fault is
// one the client rides out (Retry-After, slow answers), with no unhandled
// rejection, no WebGL error and no identifier in any message.
import { expect } from '@open-wc/testing';
import { createDicomWebClient, imageReferences, type ImageReference } from '@fovea-dicom/core';
import type { FoveaViewport } from '@fovea-dicom/elements';
import { findSeries, type CorpusSeries } from '../helpers/corpus.js';
import { clearFaults, faultLog, literal, requestsSettled, setFaults, type FaultRule } from '../helpers/faults.js';
import { identifiersOf } from '../helpers/identifiers.js';
import { errorStateText, explain, loadOutcome, subjectOf, type Outcome } from '../helpers/outcome.js';
import { mountViewport } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';
import { PageWatch } from '../helpers/watch.js';

const client = createDicomWebClient({ root: '/dicom-web' });
let watch: PageWatch;
let small: CorpusSeries;
let twenty: CorpusSeries;
let identifiers: string[];

async function show(series: CorpusSeries, rules: FaultRule[]): Promise<{ el: FoveaViewport; outcome: Outcome }> {
  await setFaults(rules);
  const el = mountViewport(256);
  const pending = loadOutcome(el);
  el.client = client;
  el.studyUid = series.studyInstanceUid;
  el.seriesUid = series.seriesInstanceUid;
  return { el, outcome: await pending };
}

/**
 * Fails with every problem at once: how the load ended, and what the page did besides, once the
 * viewport is gone and every request it made has settled.
 */
async function verdict(problems: string[]): Promise<void> {
  document.querySelectorAll('fovea-viewport').forEach((el) => el.remove());
  await requestsSettled().catch((error: Error) => problems.push(error.message));
  try {
    await watch.expectClean({ identifiers });
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

async function expectError(series: CorpusSeries, rules: FaultRule[], code: string): Promise<FoveaViewport> {
  const { el, outcome } = await show(series, rules);
  const problems: string[] = [];
  if (outcome.kind !== 'error') problems.push(`expected a fovea-error and an error state: ${explain(outcome)}`);
  if (outcome.errors[0]?.code !== code) problems.push(`expected code ${code}: ${explain(outcome)}`);
  if (!(await faultLog()).rules.every((r) => r.hits > 0)) problems.push('the fault was never met');
  await verdict(problems);
  return el;
}

async function expectImage(series: CorpusSeries, rules: FaultRule[]): Promise<FoveaViewport> {
  const { el, outcome } = await show(series, rules);
  const problems: string[] = [];
  if (outcome.kind !== 'image') problems.push(`expected the image: ${explain(outcome)}`);
  if (!(await faultLog()).rules.every((r) => r.hits > 0)) problems.push('the fault was never met');
  await verdict(problems);
  return el;
}

const framesOf = (s: CorpusSeries) => `${literal(s.seriesInstanceUid)}/instances/[^/]+/frames/`;
/**
 * Frames and whole instances: a server that refuses or fails frames (400, 406, 415, 500) is asked
 * for the whole instance before anything is reported (decision 0009); a 500 fault must cover both.
 */
const instancesOf = (s: CorpusSeries) => `${literal(s.seriesInstanceUid)}/instances/[^/]+(/frames/[^/]+)?$`;
const metadataOf = (s: CorpusSeries) => `${literal(s.seriesInstanceUid)}/metadata`;

describe('robustness: server faults (fault-injecting proxy before Orthanc)', () => {
  before(async () => {
    watch = await PageWatch.start();
    small = await findSeries((s) => s.syntax === 'jpeg-lossless-sv1' && s.phantom === 'mr', 'jpeg lossless mr');
    twenty = await findSeries(
      (s) => s.syntax === 'explicit-le' && s.phantom === 'mr' && s.instances === 20,
      'mr of 20',
    );
    identifiers = [
      ...(await identifiersOf(client, small.studyInstanceUid, small.seriesInstanceUid)),
      ...(await identifiersOf(client, twenty.studyInstanceUid, twenty.seriesInstanceUid)),
    ];
  });
  beforeEach(async () => {
    await clearFaults();
    await watch.reset();
  });
  afterEach(async () => {
    document.querySelectorAll('fovea-viewport').forEach((el) => el.remove());
    await clearFaults();
  });
  after(() => watch.stop());

  it('every frame and instance 500: an http error', async () => {
    await expectError(
      small,
      [{ path: instancesOf(small), status: 500, contentType: 'text/plain', body: 'boom' }],
      'http',
    );
  });

  it('every frame 500, the whole instance served: the image, cut from the instance', async () => {
    await expectImage(small, [{ path: framesOf(small), status: 500, contentType: 'text/plain', body: 'boom' }]);
  });

  it('every frame reset: a network error', async () => {
    await expectError(small, [{ path: framesOf(small), reset: true }], 'network');
  });

  it('frames answered 200 with an HTML page: bad-response, never drawn', async () => {
    await expectError(
      small,
      [{ path: framesOf(small), status: 200, contentType: 'text/html', body: '<html><body>Sign in</body></html>' }],
      'bad-response',
    );
  });

  it('frames answered 200 with JSON: bad-response, never drawn', async () => {
    await expectError(
      small,
      [{ path: framesOf(small), status: 200, contentType: 'application/json', body: '{"error":"quota"}' }],
      'bad-response',
    );
  });

  it('frames cut short with the full Content-Length announced: a network error', async () => {
    await expectError(small, [{ path: framesOf(small), truncateAt: 0.5, truncateMode: 'reset' }], 'network');
  });

  it('a multipart frames answer cut before its closing delimiter: a parse error', async () => {
    await expectError(small, [{ path: framesOf(small), truncateAt: 0.5 }], 'parse');
  });

  it('frames answered multipart without a boundary parameter: read from the body, the image', async () => {
    await expectImage(small, [
      {
        path: framesOf(small),
        answerHeaders: { 'Content-Type': 'multipart/related; type="application/octet-stream"' },
      },
    ]);
  });

  it('frames answered multipart without a boundary, the body not framed: a parse error', async () => {
    await expectError(
      small,
      [
        {
          path: framesOf(small),
          answerHeaders: { 'Content-Type': 'multipart/related; type="application/octet-stream"' },
          rewrite: { encoding: 'latin1', replace: [['^--', '', 'XX']] },
        },
      ],
      'parse',
    );
  });

  it('frames 503 with Retry-After, twice: the image after the wait', async () => {
    await expectImage(small, [{ path: framesOf(small), status: 503, headers: { 'Retry-After': '1' }, times: 2 }]);
  });

  it('frames 429 with Retry-After once: the image after the wait', async () => {
    await expectImage(small, [{ path: framesOf(small), status: 429, headers: { 'Retry-After': '1' }, times: 1 }]);
  });

  it('slow frames (2 s each): the image, late', async () => {
    await expectImage(small, [{ path: framesOf(small), delayMs: 2000 }]);
  });

  it('metadata 500: an http error', async () => {
    await expectError(small, [{ path: metadataOf(small), status: 500 }], 'http');
  });

  it('metadata answered 200 with an HTML page: bad-response', async () => {
    await expectError(
      small,
      [{ path: metadataOf(small), status: 200, contentType: 'text/html', body: '<!doctype html><p>Maintenance</p>' }],
      'bad-response',
    );
  });

  it('metadata cut in the middle of its JSON: a parse error', async () => {
    await expectError(small, [{ path: metadataOf(small), truncateAt: 0.5 }], 'parse');
  });

  it('metadata connection reset: a network error', async () => {
    await expectError(small, [{ path: metadataOf(small), reset: true }], 'network');
  });

  it('metadata 429 with Retry-After: the image after the wait', async () => {
    await expectImage(small, [{ path: metadataOf(small), status: 429, headers: { 'Retry-After': '1' }, times: 1 }]);
  });

  it('metadata 403: an unauthorized error', async () => {
    await expectError(small, [{ path: metadataOf(small), status: 403 }], 'unauthorized');
  });

  it('one frame of twenty answering 500: a fovea-error naming that image, the others shown', async () => {
    const references: ImageReference[] = imageReferences(
      client,
      await client.retrieveSeriesMetadata(twenty.studyInstanceUid, twenty.seriesInstanceUid),
    );
    expect(references).to.have.length(20);
    const failing = 6;
    const uid = references[failing]!.sopInstanceUid;
    const { el, outcome } = await show(twenty, [
      { path: `${literal(uid)}(/frames/[^/]+)?$`, status: 500, contentType: 'text/plain', body: 'boom' },
    ]);
    expect(outcome.kind, `the first image shows: ${explain(outcome)}`).to.equal('image');
    // Every image is fetched (prefetch); the failing one must be reported, naming it.
    const named = () => [...outcome.errors].some((e) => subjectOf(e)?.sopInstanceUid === uid);
    const errors = outcome.errors;
    el.addEventListener('fovea-error', (e) => errors.push(e.detail));
    await until('a fovea-error naming the failing image', named, 20_000).catch(() => {
      throw new Error(
        `no fovea-error named image ${failing + 1} of 20; errors: ${errors.map((e) => `${e.code} ${JSON.stringify(subjectOf(e) ?? null)}`).join(', ') || 'none'}; loaded ${el.loadedImageCount}/${el.imageCount}`,
      );
    });
    // Scrolled to it, the viewport says it failed; scrolled away, images again.
    el.imageIndex = failing;
    await until('an error state on the failing image', () => errorStateText(el) !== undefined, 10_000);
    el.imageIndex = failing + 1;
    await until('the next image, no error state', () => errorStateText(el) === undefined, 10_000);
    await verdict([]);
  });
});
