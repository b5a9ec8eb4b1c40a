// Scrolling a loaded stack as a cine or a host's animation loop does: every
// image asked for is drawn in the frame it was asked for, and quick changes of
// the index end on the last one asked for, its pixels and its overlay text,
// never on a stale image.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { FoveaViewport } from '@fovea-dicom/elements';
import { CT_SPHERE } from '@fovea-dicom/demo/sample/phantom.js';
import { findSeries } from '../helpers/corpus.js';
import { until } from '../helpers/wait.js';
import { frames, greyAt, mountViewport, nextImage } from '../helpers/viewport.js';

const client = createDicomWebClient({ root: '/dicom-web' });
/** A slice through the sphere's centre (lesion, bright) and one far from it (soft tissue). */
const THROUGH_SPHERE = 59;
const OFF_SPHERE = 10;

const part = (el: FoveaViewport, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const sphereGrey = (el: FoveaViewport) => greyAt(el, CT_SPHERE.cx, CT_SPHERE.cy, 512);

/** The CT stack, every slice loaded. */
async function loadedCt(): Promise<FoveaViewport> {
  const series = await findSeries(
    (s) => s.phantom === 'ct' && s.transferSyntaxUid === '1.2.840.10008.1.2.1',
    'explicit LE CT',
  );
  const el = mountViewport(512);
  el.client = client;
  el.studyUid = series.studyInstanceUid;
  el.seriesUid = series.seriesInstanceUid;
  await nextImage(el);
  await until('the whole stack loaded', () => el.imageCount > 0 && el.loadedImageCount === el.imageCount, 60_000);
  await frames();
  return el;
}

/** Shows `index` and waits until it is settled on screen. */
async function settle(el: FoveaViewport, index: number): Promise<void> {
  if (el.imageIndex !== index) {
    const shown = nextImage(el);
    el.imageIndex = index;
    await shown;
  }
  await frames();
  await el.updateComplete;
}

/** Runs `f` in the next animation frame callback. */
const inFrame = <T>(f: () => T): Promise<T> => new Promise((resolve) => requestAnimationFrame(() => resolve(f())));

describe('<fovea-viewport> scrolling a loaded stack', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  it('draws a cached image in the animation frame it is asked for', async () => {
    const el = await loadedCt();
    await settle(el, THROUGH_SPHERE);
    const bright = sphereGrey(el);
    await settle(el, OFF_SPHERE);
    const dark = sphereGrey(el);
    expect(bright - dark, 'the sphere shows on one slice and not on the other').to.be.greaterThan(25);

    for (let step = 0; step < 8; step++) {
      const index = step % 2 === 0 ? THROUGH_SPHERE : OFF_SPHERE;
      const expected = index === THROUGH_SPHERE ? bright : dark;
      // Asked for inside an animation frame callback, as cine does; read back in
      // a task queued from that callback, before the next frame: drawn already.
      const grey = await inFrame(() => {
        el.imageIndex = index;
        return new Promise<number>((resolve) => setTimeout(() => resolve(sphereGrey(el))));
      });
      expect(grey, `image ${index} on the canvas in its own frame (step ${step})`).to.be.closeTo(expected, 8);
      await el.updateComplete;
      expect(part(el, 'bottom-left')?.textContent).to.contain(`Im ${index + 1}/${el.imageCount}`);
      expect(el.getAttribute('aria-label')).to.equal(`Image ${index + 1} of ${el.imageCount}`);
    }
  });

  it('ends rapid index changes on the last index asked for, with its pixels and overlay text', async () => {
    const el = await loadedCt();
    await settle(el, OFF_SPHERE);
    const dark = sphereGrey(el);
    const darkText = part(el, 'bottom-left')?.textContent ?? '';
    expect(darkText).to.contain(`Im ${OFF_SPHERE + 1}/${el.imageCount}`);
    expect(darkText, 'with its slice location').to.match(/Loc -?[\d.]+ mm/);
    await settle(el, THROUGH_SPHERE);
    const bright = sphereGrey(el);
    expect(part(el, 'bottom-left')?.textContent).to.not.equal(darkText);
    const shown: number[] = [];
    el.addEventListener('fovea-image-change', (e) => shown.push(e.detail.index));

    // Several changes in one task, in one frame, and across frames, as a
    // spinning wheel, key repeat or cine would ask for them.
    for (let i = 0; i < 5; i++) el.imageIndex = 40 + i;
    await inFrame(() => {
      el.imageIndex = 30;
      el.imageIndex = 31;
    });
    for (let i = 0; i < 20; i++) {
      await inFrame(() => (el.imageIndex = 30 - i));
      if (i % 3 === 0) el.imageIndex = 70 + i;
    }
    el.imageIndex = 25;
    el.imageIndex = OFF_SPHERE;
    const asked = shown.length;
    // Every image is cached: the last one asked for shows within frames; a stray late one would follow it.
    await until('the last image asked for shown', () => shown.at(-1) === OFF_SPHERE);
    await frames(4);
    await el.updateComplete;

    expect(el.imageIndex).to.equal(OFF_SPHERE);
    expect(shown.at(-1), 'the last image shown is the last asked for').to.equal(OFF_SPHERE);
    expect(
      shown.slice(asked).every((index) => index === OFF_SPHERE),
      `no stale image after the last request: ${shown.slice(asked).join(', ')}`,
    ).to.equal(true);
    expect(sphereGrey(el), 'its pixels').to.be.closeTo(dark, 8);
    expect(Math.abs(sphereGrey(el) - bright)).to.be.greaterThan(25);
    expect(part(el, 'bottom-left')?.textContent, 'its overlay text').to.equal(darkText);
    expect(el.getAttribute('aria-label')).to.equal(`Image ${OFF_SPHERE + 1} of ${el.imageCount}`);
  });
});
