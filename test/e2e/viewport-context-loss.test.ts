// A lost WebGL context (a GPU or driver reset, or the browser reclaiming the
// context for another one on the page): the viewport moves to the CPU path,
// shows its image again with its index, window and view, and tells the host
// with `fovea-rendering-change`. WebGL only: the e2e-cpu group has no context
// to lose, and web-test-runner.config.mjs leaves this file out of it.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import { renderingStats, type FoveaViewport, type RenderingChangeDetail } from '@fovea-dicom/elements';
import { CT_SPHERE } from '@fovea-dicom/demo/sample/phantom.js';
import { findSeries } from '../helpers/corpus.js';
import { frames, mountViewport, nextImage } from '../helpers/viewport.js';

/** Every WebGL context the page makes, so that the test can take them away as the browser does. */
const contexts: WebGLRenderingContext[] = [];
const getContext = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: unknown[]) {
  const context: unknown = Reflect.apply(getContext, this, args);
  if (context instanceof WebGLRenderingContext || context instanceof WebGL2RenderingContext) {
    contexts.push(context as WebGLRenderingContext);
  }
  return context;
} as typeof getContext;

const client = createDicomWebClient({ root: '/dicom-web' });
/** A slice through the sphere's centre (lesion, bright) and one far from it (soft tissue). */
const THROUGH_SPHERE = 59;
const OFF_SPHERE = 10;
const ZOOM = 1.5;
const SIZE = 512;

/**
 * The grey (mean of R, G, B over 5 x 5 pixels) on the canvas where image pixel
 * (x, y) of a 512 x 512 image is shown, fitted to the square viewport and
 * zoomed by ZOOM about its centre.
 */
function greyOf(el: FoveaViewport, x: number, y: number): number {
  const canvas = el.canvas;
  const ctx = canvas?.getContext('2d', { willReadFrequently: true });
  if (!canvas || !ctx) throw new Error('no 2D canvas');
  const scale = canvas.width / SIZE;
  const at = (v: number) => Math.round((SIZE / 2 + ZOOM * (v + 0.5 - SIZE / 2)) * scale - 0.5);
  const data = ctx.getImageData(at(x) - 2, at(y) - 2, 5, 5).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
  return sum / (data.length / 4);
}

const sphereGrey = (el: FoveaViewport) => greyOf(el, CT_SPHERE.cx, CT_SPHERE.cy);

async function show(el: FoveaViewport, index: number): Promise<void> {
  const shown = nextImage(el);
  el.imageIndex = index;
  await shown;
  await frames();
}

describe('<fovea-viewport> after its WebGL context is lost', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  it('draws the same image, window and view on the CPU, and tells the host', async () => {
    const series = await findSeries(
      (s) => s.phantom === 'ct' && s.transferSyntaxUid === '1.2.840.10008.1.2.1',
      'explicit LE CT',
    );
    const el = mountViewport(SIZE);
    const errors: unknown[] = [];
    el.addEventListener('fovea-error', (e) => errors.push(e.detail.error));
    el.client = client;
    el.imageIndex = OFF_SPHERE;
    el.studyUid = series.studyInstanceUid;
    el.seriesUid = series.seriesInstanceUid;
    await nextImage(el);
    expect(el.renderingMode, 'the test page asks for WebGL').to.equal('gpu');
    el.windowCenter = 60;
    el.windowWidth = 300;
    el.zoom = ZOOM;
    await el.updateComplete;
    await frames();
    const dark = sphereGrey(el);
    await show(el, THROUGH_SPHERE);
    const bright = sphereGrey(el);
    expect(bright - dark, 'the sphere shows on one slice and not on the other (WebGL)').to.be.greaterThan(25);
    expect(contexts.length, 'WebGL contexts made by the viewport').to.be.greaterThan(0);

    const changed = new Promise<RenderingChangeDetail>((resolve) =>
      el.addEventListener('fovea-rendering-change', (e) => resolve(e.detail), { once: true }),
    );
    const redrawn = nextImage(el);
    for (const context of contexts) context.getExtension('WEBGL_lose_context')?.loseContext();

    expect(await changed).to.deep.equal({ mode: 'cpu', reason: 'context-lost' });
    expect((await redrawn).index, 'the same image is shown again').to.equal(THROUGH_SPHERE);
    await frames();
    expect(el.renderingMode).to.equal('cpu');
    expect(el.imageIndex).to.equal(THROUGH_SPHERE);
    expect(el.currentVoi).to.deep.equal({ center: 60, width: 300 });
    expect(el.currentPresentation?.zoom).to.be.closeTo(ZOOM, 1e-3);
    expect(el.currentPresentation?.pan[0]).to.be.closeTo(0, 0.5);
    expect(el.currentPresentation?.pan[1]).to.be.closeTo(0, 0.5);
    expect(sphereGrey(el), 'the sphere is on the canvas again, at the same grey').to.be.closeTo(bright, 12);
    expect(el.getAttribute('aria-label')).to.equal(`Image ${THROUGH_SPHERE + 1} of ${el.imageCount}`);

    // It still answers: another slice, drawn on the CPU with the same window and view.
    await show(el, OFF_SPHERE);
    expect(sphereGrey(el), 'the slice without the sphere').to.be.closeTo(dark, 12);
    expect(errors, 'a recovered context is not an error').to.deep.equal([]);
    // The engine of the lost context is gone.
    expect((await renderingStats())?.engines).to.equal(1);
  });
});
