// Fovea: `<fovea-viewport>` from the built standalone bundle
// (packages/elements/dist/standalone/fovea.js, served at /fovea/standalone/),
// as the README embeds it: one tag with `dicomweb-root`, then the series set
// on it. Everything else is the element's defaults (overlays, orientation
// markers, scale bar, rendering 'auto', 512 MiB cache). prepare() waits for
// the renderer the element starts by itself when connected.
import { createDicomWebClient, renderingStats } from '/fovea/standalone/fovea.js';

// Diagnostics only (not used by run.mjs): ?overlays=0 turns off the overlay
// text, orientation markers and scale bar; ?shared-client=1 gives every
// mounted viewport the same DicomWebClient instead of one per element;
// ?rendering=cpu|gpu sets the element's `rendering` instead of 'auto'.
const params = new URLSearchParams(location.search);
const bare = params.get('overlays') === '0';
const rendering = params.get('rendering');
const sharedClient = params.get('shared-client') === '1' ? createDicomWebClient({ root: '/dicom-web' }) : undefined;
let state;

window.benchApp = {
  // The bench's "ready": the first fovea-image-change, when a host is told the image is there.
  readyOnShow: true,
  async prepare(host) {
    await customElements.whenDefined('fovea-viewport');
    const el = document.createElement('fovea-viewport');
    el.setAttribute('dicomweb-root', '/dicom-web');
    if (bare) Object.assign(el, { overlays: false, orientationMarkers: false, scaleBar: false });
    if (sharedClient) el.client = sharedClient;
    if (rendering) el.rendering = rendering;
    el.style.cssText = 'width:512px;height:512px;display:block';
    host.append(el);
    await el.updateComplete;
    // The element starts its renderer (rendering chunk, Cornerstone and the
    // loader, the decode worker) once the page is idle after connect, as the
    // hand-rolled page does in its prepare: wait for it, so that setting the
    // series does not pay for it and 'from navigation' does. Its canvas
    // exists once the renderer does.
    const t0 = performance.now();
    while (!el.canvas) {
      if (performance.now() - t0 > 30_000) throw new Error('renderer not started within 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    state = { el };
  },

  /** Resolves at the first fovea-image-change, rejects on fovea-error. */
  show({ studyUid, seriesUid }) {
    const { el } = state;
    const shown = new Promise((resolve, reject) => {
      // The moment the host is told, taken in the listener: what runs after it in the same task
      // (the element's own render, the harness's read-back) is not the host's wait.
      const onImage = () => {
        state.readyAt = performance.now();
        finish(resolve);
      };
      const onError = (e) => finish(() => reject(e.detail.error));
      const finish = (f) => {
        el.removeEventListener('fovea-image-change', onImage);
        el.removeEventListener('fovea-error', onError);
        f();
      };
      el.addEventListener('fovea-image-change', onImage);
      el.addEventListener('fovea-error', onError);
    });
    el.studyUid = studyUid;
    el.seriesUid = seriesUid;
    return shown;
  },

  readyAt: () => state?.readyAt,
  canvas: () => state?.el.canvas,
  count: () => state?.el.imageCount ?? 0,
  loaded: () => state?.el.loadedImageCount ?? 0,
  whenStackLoaded() {
    const { el } = state;
    const done = () => el.imageCount > 0 && el.loadedImageCount >= el.imageCount;
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onProgress = () => done() && finish(resolve);
      const onError = (e) => finish(() => reject(e.detail.error));
      const finish = (f) => {
        el.removeEventListener('fovea-load-progress', onProgress);
        el.removeEventListener('fovea-error', onError);
        f();
      };
      el.addEventListener('fovea-load-progress', onProgress);
      el.addEventListener('fovea-error', onError);
    });
  },
  setIndex(i) {
    state.el.imageIndex = i;
  },
  onRendered(cb) {
    // Pixels are on the canvas at Cornerstone's IMAGE_RENDERED on the element
    // inside the shadow root; the public fovea-image-change comes earlier
    // (when the new image is set, before it is drawn).
    const inner = state.el.shadowRoot.querySelector('[part="canvas"]');
    inner.addEventListener('CORNERSTONE_IMAGE_RENDERED', cb);
    return () => inner.removeEventListener('CORNERSTONE_IMAGE_RENDERED', cb);
  },
  async cacheBytes() {
    return (await renderingStats())?.cachedBytes ?? null;
  },
  unmount() {
    state?.el.remove();
    state = undefined;
  },
};
