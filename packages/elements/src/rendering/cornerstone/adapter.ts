/**
 * The one entry into Cornerstone3D (the render build's entry, loaded by
 * rendering/loader.ts). Cornerstone keeps global state (init, cache,
 * metadata providers, image loaders, workers): rendering-stack.ts owns it for
 * the page, and each `<fovea-viewport>` gets a {@link StackRenderer}
 * (stack-renderer.ts) over a shared rendering engine, so that the number of
 * WebGL contexts stays bounded however many viewports a page has.
 *
 * Loaded with a dynamic import once the page is idle after the first
 * viewport connects, or sooner when it has a series to show (decision 0007).
 * Cornerstone's tools (about a quarter of the code) are a further chunk,
 * loaded once the first image is drawn: the image never waits for them, and
 * their compilation does not compete with its decoding and drawing.
 */
import { ImageError } from '@fovea-dicom/core';
import type { RenderingModule } from '../types.js';
import { valuesOf } from './frame-decoder.js';
import { RenderingStack } from './rendering-stack.js';
import { CornerstoneStackRenderer } from './stack-renderer.js';

export { DECODE_BOUND_MS, DRAW_BOUND_MS } from './rendering-stack.js';

let stack: RenderingStack | undefined;

/** Creates a renderer in `element`; the first call initialises Cornerstone for the page. */
export const rendering: RenderingModule = {
  async createStackRenderer(element, init, events, options) {
    stack ??= new RenderingStack(init);
    return new CornerstoneStackRenderer(stack, element, events, options);
  },
  stats() {
    return stack?.stats();
  },
  async decodeImage(client, reference, init, signal) {
    stack ??= new RenderingStack(init);
    const imageId = stack.register(client, reference);
    try {
      const image = await stack.loadImage(imageId, { foveaSignal: signal }).promise;
      const values = valuesOf(image);
      if (!values) throw new ImageError('codec', 'the decoder gave no pixels');
      // A copy: releasing the image id below drops the decoded image from the cache.
      const data = values.data as ArrayLike<number> & { slice?: () => ArrayLike<number> };
      return { ...values, data: data.slice ? data.slice() : Array.from(data) };
    } finally {
      stack.release([imageId]);
    }
  },
};
