// Several viewports on one page, and what a viewport leaves behind when it goes.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import { renderingStats } from '@fovea-dicom/elements';
import { CT_WATER_DISC } from '@fovea-dicom/demo/sample/phantom.js';
import { findSeries } from '../helpers/corpus.js';
import { frames, greyAt, mountViewport, nextImage } from '../helpers/viewport.js';
import { until, untilAsync } from '../helpers/wait.js';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const client = createDicomWebClient({ root: '/dicom-web' });

describe('<fovea-viewport> lifecycle', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  // First in this file: nothing has loaded the rendering chunk on this page yet.
  it('starts an empty viewport’s renderer once idle, unseen, and leaves nothing of one removed before it is ready', async () => {
    expect(await renderingStats(), 'no rendering stack before a viewport connects').to.equal(undefined);
    // Removed before the page went idle: its renderer never starts.
    const early = mountViewport(128);
    await early.updateComplete;
    early.remove();
    // Removed once its start is under way (its idle callback was queued before this one), while the chunk loads.
    const starting = mountViewport(128);
    await new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 0)));
    starting.remove();
    const kept = mountViewport(128);
    await until('the empty viewport’s renderer', () => kept.canvas !== undefined);
    const canvasHost = kept.shadowRoot!.querySelector<HTMLElement>('[part="canvas"]')!;
    expect(getComputedStyle(canvasHost).visibility, 'an empty viewport shows its own background').to.equal('hidden');
    expect(kept.getAttribute('aria-label')).to.equal('No series selected');
    const stats = await renderingStats();
    expect(stats?.viewports, 'only the connected viewport holds a renderer').to.equal(1);
    expect(stats?.engines).to.equal(1);
    kept.remove();
    const after = await renderingStats();
    expect(after!.viewports).to.equal(0);
    expect(after!.engines, 'engine and its WebGL contexts destroyed').to.equal(0);
  });

  it('shows two series side by side on one rendering engine', async () => {
    const ct = await findSeries((s) => s.phantom === 'ct' && s.transferSyntaxUid === EXPLICIT_LE, 'ct');
    const mr = await findSeries((s) => s.phantom === 'mr' && s.transferSyntaxUid === EXPLICIT_LE, 'mr');
    const a = mountViewport(256);
    const b = mountViewport(256);
    for (const [el, s] of [
      [a, ct],
      [b, mr],
    ] as const) {
      el.client = client;
      el.studyUid = s.studyInstanceUid;
      el.seriesUid = s.seriesInstanceUid;
    }
    await Promise.all([nextImage(a), nextImage(b)]);
    await frames();
    expect(a.imageCount).to.equal(ct.instances);
    expect(b.imageCount).to.equal(mr.instances);
    expect(greyAt(a, CT_WATER_DISC.cx / 2, CT_WATER_DISC.cy / 2, 256), 'CT water disc visible').to.be.greaterThan(60);
    expect(greyAt(b, 128, 128, 256), 'MR head visible').to.be.greaterThan(20);
    const stats = await renderingStats();
    expect(stats?.engines).to.equal(1);
    expect(stats?.viewports).to.equal(2);
  });

  it('releases the engine and the cache after 30 mounts and unmounts', async () => {
    const ct = await findSeries(
      (s) => s.phantom === 'ct' && s.syntax !== 'explicit-le' && s.instances <= 3,
      'small ct',
    );
    for (let i = 0; i < 30; i++) {
      const el = mountViewport(128);
      el.client = client;
      el.studyUid = ct.studyInstanceUid;
      el.seriesUid = ct.seriesInstanceUid;
      if (i % 3 === 0) await nextImage(el);
      else await new Promise((r) => setTimeout(r, 20));
      el.remove();
    }
    await untilAsync('the engine and cache released', async () => {
      const s = await renderingStats();
      return s !== undefined && s.viewports === 0 && s.engines === 0 && s.registeredImages === 0 && s.cachedBytes === 0;
    });
    const stats = await renderingStats();
    expect(stats, 'rendering loaded').to.not.equal(undefined);
    expect(stats!.viewports).to.equal(0);
    expect(stats!.engines, 'engine and its WebGL contexts destroyed').to.equal(0);
    expect(stats!.registeredImages).to.equal(0);
    expect(stats!.cachedBytes, 'decoded images released').to.equal(0);
  });
});
