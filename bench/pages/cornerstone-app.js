// The hand-rolled baseline: the page an integrator writes with Cornerstone3D
// and its dicom-image-loader, as their docs and examples show. Core and loader
// initialised at page load (loader defaults: hardwareConcurrency / 2 workers);
// series metadata fetched once and handed to `wadors.metaDataManager` (what the
// examples' createImageIdsAndCacheMetaData does, without dicomweb-client);
// `wadors:` image ids for frame 1 of each instance; a STACK viewport showing
// the middle slice; then the rest queued on `imageLoadPoolManager` as prefetch
// requests of `loadAndCacheImage` (the docs' request-pool pattern).
import {
  cache,
  Enums,
  imageLoader,
  imageLoadPoolManager,
  init as csRenderInit,
  RenderingEngine,
} from '@cornerstonejs/core';
import { init as dicomImageLoaderInit, wadors } from '@cornerstonejs/dicom-image-loader';

const ROOT = `${location.origin}/dicom-web`;
const VIEWPORT_ID = 'CT_STACK';
let initialised;
let engine;
let state;

const num = (ds, tag, dflt) => {
  const v = ds[tag]?.Value?.[0];
  return v === undefined || v === null || v === '' ? dflt : Number(v);
};

window.benchApp = {
  async prepare(host) {
    initialised ??= (async () => {
      await csRenderInit();
      dicomImageLoaderInit();
    })();
    await initialised;
    const element = document.createElement('div');
    element.style.cssText = 'width:512px;height:512px';
    element.oncontextmenu = (e) => e.preventDefault();
    host.append(element);
    engine ??= new RenderingEngine('bench-engine');
    engine.enableElement({ viewportId: VIEWPORT_ID, type: Enums.ViewportType.STACK, element });
    state = { element, viewport: engine.getViewport(VIEWPORT_ID), imageIds: [], loaded: 0, marks: {} };
  },

  async show({ studyUid, seriesUid }) {
    const s = state;
    const t0 = performance.now();
    const res = await fetch(`${ROOT}/studies/${studyUid}/series/${seriesUid}/metadata`, {
      headers: { accept: 'application/dicom+json' },
    });
    const instances = (await res.json()).sort((a, b) => num(a, '00200013', 0) - num(b, '00200013', 0));
    s.marks.metadataMs = performance.now() - t0;
    const imageIds = instances.map((inst) => {
      const sop = inst['00080018'].Value[0];
      const imageId = `wadors:${ROOT}/studies/${studyUid}/series/${seriesUid}/instances/${sop}/frames/1`;
      wadors.metaDataManager.add(imageId, inst);
      return imageId;
    });
    s.imageIds = imageIds;
    const mid = Math.floor((imageIds.length - 1) / 2);
    await s.viewport.setStack(imageIds, mid);
    s.viewport.render();
    if (state !== s) return;
    s.loaded = 1;
    s.stack = Promise.all(
      imageIds.map((imageId, i) =>
        i === mid
          ? Promise.resolve()
          : new Promise((resolve, reject) => {
              imageLoadPoolManager.addRequest(
                () =>
                  imageLoader
                    .loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch })
                    .then(() => {
                      s.loaded++;
                      resolve();
                    }, reject),
                Enums.RequestType.Prefetch,
                { imageId },
              );
            }),
      ),
    );
    s.resolveStarted?.();
  },

  canvas: () => state?.element.querySelector('canvas') ?? undefined,
  count: () => state?.imageIds.length ?? 0,
  loaded: () => state?.loaded ?? 0,
  async whenStackLoaded() {
    const s = state;
    if (!s.stack) await new Promise((resolve) => (s.resolveStarted = resolve));
    await s.stack;
  },
  setIndex(i) {
    void state.viewport.setImageIdIndex(i);
  },
  onRendered(cb) {
    const el = state.element;
    el.addEventListener(Enums.Events.IMAGE_RENDERED, cb);
    return () => el.removeEventListener(Enums.Events.IMAGE_RENDERED, cb);
  },
  cacheBytes: () => cache.getCacheSize(),
  unmount() {
    const s = state;
    if (!s) return;
    engine.disableElement(VIEWPORT_ID);
    s.element.remove();
    state = undefined;
  },
  marks: () => state?.marks,
};
