/**
 * Drawing a stack viewport with bounds: Cornerstone's display promise settled
 * or failed within DRAW_BOUND_MS, the next draw awaited, and the event by
 * which our patched Cornerstone reports a draw that threw.
 */
import { cache, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { ImageError } from '@fovea-dicom/core';
import { DRAW_BOUND_MS } from './rendering-stack.js';

export function isStack(viewport: Types.IViewport | undefined): viewport is Types.IStackViewport {
  return viewport !== undefined && 'setStack' in viewport;
}

/**
 * The engine with the draw-at-once entry point our build adds to Cornerstone
 * (scripts/rollup/cornerstone-patches.mjs, patch 5).
 */
export type DrawNowEngine = RenderingEngine & { renderFlaggedViewportsNow?: () => void };

/**
 * `shown` (Cornerstone's setStack), bounded: Cornerstone settles it once the
 * image's load has, unless its own display code throws, when it never does
 * (its CPU path). Then the image fails ('draw') DRAW_BOUND_MS after its load.
 */
export async function settlesAfterLoad(shown: Promise<unknown>, imageId: string | undefined): Promise<void> {
  const load = imageId ? cache.getImageLoadObject(imageId)?.promise : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const stalled = new Promise<never>((_, reject) => {
    void Promise.resolve(load)
      .catch(() => undefined)
      .then(() => {
        if (done) return;
        timer = setTimeout(
          () => reject(new ImageError('draw', 'the image was not set up for display in time')),
          DRAW_BOUND_MS,
        );
      });
  });
  try {
    await Promise.race([shown, stalled]);
  } finally {
    done = true;
    clearTimeout(timer);
  }
}

/** The event patch 6 fires on a viewport's element when its draw threw (detail: the error). */
export const RENDER_ERROR = 'fovea-render-error';
