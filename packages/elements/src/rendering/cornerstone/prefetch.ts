/**
 * Loads the rest of a stack outward from the image on screen, a few requests
 * at a time, once that image is drawn: until then it has the machine to
 * itself (its frame, its codec's start-up, its decode and draw).
 */
import { cache } from '@cornerstonejs/core';
import { PREFETCH_AHEAD, PREFETCH_REQUESTS, type RenderingStack } from './rendering-stack.js';

export interface PrefetchHooks {
  /** Whether this prefetch still serves the stack on screen. */
  live(): boolean;
  /** `loaded` of `total` images are in (or failed). */
  progress(loaded: number, total: number): void;
  /** Image `index` failed: reported now, shown as failed when scrolled to. */
  failed(index: number, error: unknown): void;
}

/**
 * Prefetches the images of `ids` outward from `start`; `signal` cancels.
 * The frames are requested once the image at `start` is drawn or failed
 * (`firstDrawn`). Requested as soon as its bytes were in, five frame requests
 * competed with its codec's start-up (the wasm fetch waited behind them) and
 * its decode for the network and the two cores: the first JPEG-LS image came
 * 25-35 ms later on the bench's machine (docs/performance.md). Returns what
 * counts that image itself as loaded.
 */
export function prefetchOutward(
  stack: RenderingStack,
  ids: readonly string[],
  start: number,
  signal: AbortSignal,
  firstDrawn: Promise<unknown>,
  hooks: PrefetchHooks,
): () => void {
  const order: number[] = [];
  for (let d = 1; order.length < ids.length - 1; d++) {
    if (start + d < ids.length) order.push(start + d);
    if (start - d >= 0) order.push(start - d);
  }
  let loaded = 0;
  let next = 0;
  const total = ids.length;
  const count = () => {
    loaded++;
    if (!signal.aborted) hooks.progress(loaded, total);
  };
  const live = () => !signal.aborted && hooks.live();
  const inFlight = new Set<Promise<void>>();
  const worker = async () => {
    while (next < order.length && live()) {
      if (inFlight.size >= PREFETCH_AHEAD) {
        await Promise.race(inFlight);
        continue;
      }
      const index = order[next++]!;
      const id = ids[index]!;
      if (cache.getImageLoadObject(id) || cache.getImage(id)) {
        count();
        continue;
      }
      let fetched!: () => void;
      const frameIn = new Promise<void>((resolve) => (fetched = resolve));
      // Loaded outside Cornerstone's loader pipeline and cached only on
      // success, so that a cancelled prefetch leaves nothing behind.
      const done: Promise<void> = stack
        .loadImage(id, { foveaSignal: signal, foveaPrefetch: true, foveaFetched: fetched })
        .promise.then(
          (image) => {
            if (!signal.aborted && !cache.getImageLoadObject(id) && !cache.getImage(id)) cache.putImageSync(id, image);
          },
          (error: unknown) => {
            if (!signal.aborted) hooks.failed(index, error);
          },
        )
        .finally(() => {
          inFlight.delete(done);
          count();
        });
      inFlight.add(done);
      // The request slot is free once the bytes are in; decoding goes on.
      await Promise.race([frameIn, done]);
    }
  };
  void firstDrawn.then(() => {
    for (let i = 0; i < PREFETCH_REQUESTS; i++) void worker();
  });
  return count;
}
