// When the reading tools (Cornerstone's tools, a chunk of their own) load: not
// with the first image, which then shows sooner and leaves the main thread to
// the rest of the stack, but when a person first comes to the image or, with
// nobody there, once the whole stack is in (decision 0007). A drag begun
// before is held and replayed (tools.test.ts); the hover and focus reports are
// the input queue's unit tests.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import { findSeries } from '../helpers/corpus.js';
import { clearFaults, faultLog, literal, setFaults } from '../helpers/faults.js';
import { mountViewport, nextImage } from '../helpers/viewport.js';
import { until, untilAsync } from '../helpers/wait.js';

const client = createDicomWebClient({ root: '/dicom-web' });

/** The paths the test server was asked for, since the last clear. */
async function requested(method: 'GET' | 'DELETE' = 'GET'): Promise<string[]> {
  return (await (await fetch('/__fovea/requests', { method })).json()) as string[];
}

/** The tools chunk of the render build (packages/elements/dist/standalone/render/tools-<hash>.js). */
const isToolsChunk = (path: string) => /\/render\/tools-[^/]*\.js$/.test(path);

/**
 * Whether this page has asked for the tools chunk: the server saw the request, or the page's
 * resource timing holds it (an earlier test file's page left it in the browser's cache, which
 * answers without the server).
 */
// A stack's frames alone would fill the default buffer of 250 entries, and later ones are dropped.
performance.setResourceTimingBufferSize(10_000);

async function toolsAskedFor(): Promise<boolean> {
  const timed = performance.getEntriesByType('resource').some((e) => isToolsChunk(new URL(e.name).pathname));
  return timed || (await requested()).some(isToolsChunk);
}

describe('<fovea-viewport> tools, with nobody at the viewport', () => {
  afterEach(async () => {
    document.querySelectorAll('fovea-viewport').forEach((el) => el.remove());
    await clearFaults();
  });

  it('are not loaded with the first image, and are once the whole stack is in', async function () {
    this.timeout(60_000);
    // This file's page has not loaded the tools: the first request for their chunk is this viewport's.
    await requested('DELETE');
    expect(await toolsAskedFor(), 'the tools chunk asked for before').to.equal(false);
    const series = await findSeries(
      (s) => s.phantom === 'ct' && s.transferSyntaxUid === '1.2.840.10008.1.2.1',
      'explicit LE CT',
    );
    // Every frame but the first waits at a gate this test opens.
    const framesOfSeries = `${literal(series.seriesInstanceUid)}.*/frames/`;
    await setFaults([{ path: framesOfSeries, after: 1, hold: true }]);
    const el = mountViewport(512);
    let loaded = 0;
    let total = -1;
    el.addEventListener('fovea-load-progress', (e) => ({ loaded, total } = e.detail));
    el.client = client;
    el.studyUid = series.studyInstanceUid;
    el.seriesUid = series.seriesInstanceUid;
    await nextImage(el);
    // The prefetch has begun after the first image (its requests wait at the gate); the tools,
    // asked for right after the first draw before, are not.
    const held = async () => (await faultLog()).log.filter((e) => e.rule !== null && e.status === 0).length;
    await untilAsync('the prefetch at the gate', async () => (await held()) >= 2, 20_000);
    expect(loaded, 'the rest of the stack still on its way').to.be.lessThan(total);
    expect(await toolsAskedFor(), 'the tools asked for with the first image').to.equal(false);

    await clearFaults(); // opens the gate
    await until('the whole stack in', () => total > 1 && loaded === total, 40_000);
    await untilAsync('the tools chunk asked for', toolsAskedFor, 20_000);
  });
});
