// The measuring side of every bench page, loaded unbundled and excluded from
// the bundle figures; the driver (bench/run.mjs) calls `window.bench.*`
// through page.evaluate. A page's app module sets `window.benchApp`:
//
//   prepare(host)     mount an empty viewer in `host` (512x512 CSS px); libraries
//                     are initialised here, as an integrator does at page load
//   show(series)      start showing { studyUid, seriesUid }; may reject
//   canvas()          the canvas the image is drawn on (or undefined yet)
//   count(), loaded() images in the stack, images decoded and cached
//   whenStackLoaded() resolves when every image is decoded and cached
//   setIndex(i)       show image i (from the cache)
//   onRendered(cb)    cb() after each image is on the canvas; returns an unsubscribe
//   cacheBytes()      decoded-image bytes held (may be async; null if unknown)
//   unmount()         tear the viewer down as its documentation says
//   marks()           optional: the app's own timings of the last show()
//   readyOnShow       optional: true when show() resolves at the moment the app tells its host the
//                     image is there (Fovea's first fovea-image-change); readyAt() that moment

const host = document.getElementById('host');
const scratch = document.createElement('canvas');
scratch.width = 64;
scratch.height = 64;
const scratchCtx = scratch.getContext('2d', { willReadFrequently: true });

/** Any pixel brighter than near-black in the central 64x64 canvas pixels (where every CT slice has the phantom). */
function nonBlank(canvas) {
  const w = canvas?.width ?? 0;
  const h = canvas?.height ?? 0;
  if (w < 64 || h < 64) return false;
  scratchCtx.clearRect(0, 0, 64, 64);
  scratchCtx.drawImage(canvas, Math.floor(w / 2 - 32), Math.floor(h / 2 - 32), 64, 64, 0, 0, 64, 64);
  const d = scratchCtx.getImageData(0, 0, 64, 64).data;
  for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 24) return true;
  return false;
}

/**
 * Resolves with the time the app's canvas first showed non-blank pixels. The
 * canvas is read back when the app says it drew (onRendered), once the task
 * that drew has run its course, and the time is that of the signal, not after
 * the read-back: reading a GPU canvas back blocks the page for tens of ms on
 * SwiftShader. Only if no signal showed
 * pixels within `fallbackAfterMs` is the canvas polled (for a page whose draws
 * come without a signal; none of the bench pages needs it).
 */
function waitPixels(a, t0, timeoutMs, failed, fallbackAfterMs = 3000, pollMs = 250) {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (f) => {
      if (done) return;
      done = true;
      off();
      clearInterval(timer);
      f();
    };
    const check = (how, t = performance.now()) => {
      if (done) return;
      const canvas = a.canvas();
      if (canvas && nonBlank(canvas)) finish(() => resolve({ t, how }));
    };
    // Read back after the page's own work in the task that drew (a microtask runs once its stack is
    // empty): a read-back inside the signal would hold up what the app does next (Fovea tells its
    // host right after the draw), and its ready moment with it.
    const off = a.onRendered(() => {
      const t = performance.now();
      queueMicrotask(() => check('signal', t));
    });
    const timer = setInterval(() => {
      if (failed.error) return finish(() => reject(failed.error));
      const waited = performance.now() - t0;
      if (waited > timeoutMs) return finish(() => reject(new Error(`no pixels within ${timeoutMs} ms`)));
      if (waited > fallbackAfterMs) check('poll');
    }, pollMs);
  });
}

function app() {
  if (!window.benchApp) throw new Error('page has no benchApp');
  return window.benchApp;
}

let current = { failed: {}, t0: 0 };

window.bench = {
  /** Page start-up: the viewer mounted and empty (libraries initialised as the integrator would at load). */
  async prepare() {
    const t = performance.now();
    await app().prepare(host);
    return { prepareMs: performance.now() - t, atMs: performance.now() };
  },

  /**
   * Waits until the page has produced frames and gone idle, so that the time
   * to first image starts from a displayed, idle page (the user picks a series
   * after the page is up), not from the browser's first frames of a new page.
   */
  async settle(idleMs = 200) {
    const t = performance.now();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await new Promise((r) => setTimeout(r, idleMs));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t;
  },

  /** Sets the series and resolves at its first non-blank pixels. */
  async show(series, timeoutMs = 60_000) {
    const failed = {};
    const t0 = performance.now();
    current = { failed, t0 };
    const pixels = waitPixels(app(), t0, timeoutMs, failed);
    let shownAt;
    const shown = Promise.resolve()
      .then(() => app().show(series))
      .then(() => (shownAt = performance.now()))
      .catch((error) => (failed.error = error instanceof Error ? error : new Error(String(error))));
    const { t, how } = await pixels;
    // Ready: the pixels are there and, for an app whose show() resolves when it tells its host
    // (`readyOnShow`: Fovea's first fovea-image-change), the host has been told. Other apps are
    // ready at their pixels (their show() may resolve with the whole stack).
    if (app().readyOnShow) await shown;
    if (failed.error) throw failed.error;
    const readyAt = app().readyOnShow ? (app().readyAt?.() ?? shownAt) : t;
    const readyMs = Math.max(t, readyAt) - t0;
    return { ttfiMs: t - t0, readyMs, detectedBy: how, marks: app().marks?.() };
  },

  /** Resolves when every slice of the series shown last is decoded and cached (ms since its show()). */
  async waitStack(timeoutMs = 120_000) {
    const { failed, t0 } = current;
    const timer = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`stack not loaded within ${timeoutMs} ms`)), timeoutMs),
    );
    const failure = new Promise((_, reject) => {
      const poll = () => (failed.error ? reject(failed.error) : setTimeout(poll, 50));
      poll();
    });
    await Promise.race([app().whenStackLoaded(), timer, failure]);
    const ms = performance.now() - t0;
    return { stackMs: ms, count: app().count(), loaded: app().loaded() };
  },

  /**
   * Scrolls the cached stack as a scroll wheel or a cine would: the next
   * image is asked for in every animation frame, `passes` times through the
   * stack (alternating direction), without waiting for the previous one. For
   * each image that reaches the canvas (the app's render signal): the
   * frame-aligned time since the previous one (document.timeline, so one
   * 60 Hz frame reads 16.7 ms) and the latency from its request. A viewer that
   * keeps up draws every image one frame apart; one that falls behind draws
   * fewer, further apart (it may skip images it no longer needs).
   */
  scroll(passes = 1, tailMs = 1000) {
    const a = app();
    const n = a.count();
    const order = [];
    for (let p = 0; p < passes; p++) for (let i = 0; i < n; i++) order.push(p % 2 ? n - 1 - i : i);
    const intervals = [];
    const latencies = [];
    const requestedAt = new Map();
    let rendered = 0;
    let last;
    return new Promise((resolve) => {
      const off = a.onRendered(() => {
        const now = performance.now();
        const ft = document.timeline.currentTime;
        rendered++;
        if (last !== undefined) intervals.push(ft - last);
        last = ft;
        // The newest request is the image on screen now (older ones may be skipped).
        let newest;
        for (const [seq, t] of requestedAt) if (newest === undefined || seq > newest[0]) newest = [seq, t];
        if (newest) latencies.push(now - newest[1]);
        requestedAt.clear();
      });
      const t0 = performance.now();
      let next = 0;
      const frame = () => {
        if (next < order.length) {
          requestedAt.set(next, performance.now());
          a.setIndex(order[next++]);
          requestAnimationFrame(frame);
          return;
        }
        // Let the last requests render, then stop.
        setTimeout(() => {
          off();
          resolve({ requested: order.length, rendered, intervals, latencies, totalMs: performance.now() - t0 });
        }, tailMs);
      };
      requestAnimationFrame(frame);
    });
  },

  async cacheBytes() {
    return (await app().cacheBytes()) ?? null;
  },

  async unmount() {
    await app().unmount();
  },

  /** `n` times: mount, set the series, wait for its first pixels, unmount. */
  async cycles(series, n) {
    const times = [];
    for (let i = 0; i < n; i++) {
      await app().prepare(host);
      const r = await this.show(series);
      times.push(r.ttfiMs);
      await app().unmount();
    }
    return { times };
  },
};
window.benchHarnessReady = true;
