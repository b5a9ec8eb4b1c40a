/**
 * The image on a viewport, rendered again for print: a renderer of its own
 * (without tools: it never touches the viewport's annotations) in an
 * off-screen element of the print size, showing the same frame with the same
 * window, inversion, zoom, pan, rotation and flips. Cornerstone draws it at
 * that resolution, so print is not a screenshot scaled up.
 */
import type { DicomSource, ImageReference } from '@fovea-dicom/core';
import { loadRendering } from '../../rendering/loader.js';
import type { Presentation, Voi } from '../../model/presentation.js';
import type { RendererEvents, RenderingInit } from '../../rendering/types.js';
import type { RenderedImage } from './document.js';

/** How an image is shown on screen: what a print render reproduces. */
export interface ViewState {
  client: DicomSource;
  reference: ImageReference;
  /** The window; undefined: the image's own default. */
  voi: Voi | undefined;
  /** The header VOI LUT shown instead of a window (its index in the VOI LUT Sequence). */
  voiLutIndex: number | undefined;
  invert: boolean;
  presentation: Presentation | undefined;
  /** The on-screen canvas size in CSS pixels (pan is in these). */
  cssSize: readonly [number, number];
  init: RenderingInit;
}

const noop = () => undefined;
const EVENTS: RendererEvents = {
  imageRendered: noop,
  voiChanged: noop,
  presentationChanged: noop,
  loadProgress: noop,
  error: noop,
  imageFailed: noop,
  renderingChanged: noop,
  measurementAdded: noop,
  measurementChanged: noop,
  measurementRemoved: noop,
  arrowText: async () => undefined,
};

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Renders `view` at `width` x `height` device pixels, in an element placed
 * off screen inside `parent` (the viewport's shadow root) for the duration.
 * A failed image rejects, as on screen.
 */
export async function renderView(
  view: ViewState,
  width: number,
  height: number,
  parent: ShadowRoot | HTMLElement,
  signal?: AbortSignal,
): Promise<RenderedImage> {
  const ratio = globalThis.devicePixelRatio || 1;
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  Object.assign(host.style, {
    position: 'fixed',
    left: '-100000px',
    top: '0',
    width: `${width / ratio}px`,
    height: `${height / ratio}px`,
    pointerEvents: 'none',
  });
  parent.append(host);
  let failure: unknown;
  const events: RendererEvents = { ...EVENTS, imageFailed: (_, error) => (failure = error) };
  let release = () => host.remove();
  try {
    const module = await loadRendering();
    const renderer = await module.createStackRenderer(host, view.init, events, { tools: false });
    release = () => {
      renderer.destroy();
      host.remove();
    };
    await renderer.setStack(view.client, [view.reference], 0, signal ?? new AbortController().signal);
    if (failure !== undefined) throw failure;
    if (view.voiLutIndex !== undefined) renderer.setVoiLut(view.voiLutIndex);
    else if (view.voi) renderer.setVoi(view.voi);
    renderer.setInvert(view.invert);
    const p = view.presentation;
    if (p) {
      // Pan is in CSS pixels: scaled with the render; zoom is relative to the fitted image, which scales by itself.
      const k = host.clientWidth / Math.max(1, view.cssSize[0]);
      renderer.setPresentation({ ...p, pan: [p.pan[0] * k, p.pan[1] * k] });
    }
    // Cornerstone draws what changed in its next animation frame.
    await frame();
    await frame();
    signal?.throwIfAborted();
    const drawn = renderer.canvas();
    if (!drawn) throw new Error('the print render has no canvas');
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas unavailable');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(drawn, 0, 0, width, height);
    const [cssWidth, cssHeight] = [host.clientWidth, host.clientHeight];
    return {
      canvas,
      toBox(point) {
        const at = renderer.imageToCanvas(point);
        return at ? [at[0] / cssWidth, at[1] / cssHeight] : undefined;
      },
      release: () => release(),
    };
  } catch (error) {
    release();
    throw error;
  }
}
