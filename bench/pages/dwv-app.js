// The peer: DWV, as its README shows (App, AppOptions with one ViewConfig),
// loading the series over DICOMweb: QIDO-RS for the instance list, then
// `loadURLs` of the WADO-RS instances with a multipart Accept (DWV's multipart
// loader), as stored. DWV parses whole instances on the main thread; it has no
// JPEG-LS decoder (its supported transfer syntaxes are native, JPEG baseline
// and lossless, JPEG 2000 and RLE), so that series fails here, as it would for
// a user.
import { App, AppOptions, Index, ViewConfig } from 'dwv';

const ROOT = '/dicom-web';
let state;
let nextId = 1;

window.benchApp = {
  async prepare(host) {
    const div = document.createElement('div');
    div.id = `dwv-layer-${nextId++}`;
    div.style.cssText = 'width:512px;height:512px;position:relative';
    host.append(div);
    const app = new App();
    app.init(new AppOptions({ '*': [new ViewConfig(div.id)] }));
    state = { app, div, total: 0, loaded: 0, marks: {} };
  },

  async show({ studyUid, seriesUid }) {
    const s = state;
    const t0 = performance.now();
    const res = await fetch(`${ROOT}/studies/${studyUid}/series/${seriesUid}/instances`, {
      headers: { accept: 'application/dicom+json' },
    });
    const list = await res.json();
    s.marks.qidoMs = performance.now() - t0;
    s.total = list.length;
    const urls = list.map(
      (i) =>
        `/wado?requestType=WADO&studyUID=${studyUid}&seriesUID=${seriesUid}&objectUID=${i['00080018'].Value[0]}&contentType=application/dicom`,
    );
    // Resolves when the whole series is loaded, rejects on DWV's first error
    // (the harness watches the canvas for the first image meanwhile).
    s.stack = new Promise((resolve, reject) => {
      s.app.addEventListener('loaditem', () => s.loaded++);
      s.app.addEventListener('load', () => resolve());
      s.app.addEventListener('error', (e) => {
        const error = e.error instanceof Error ? e.error : new Error(String(e.error ?? e.message ?? 'dwv error'));
        reject(error);
      });
    });
    s.app.loadURLs(urls);
    await s.stack;
  },

  canvas: () => state?.div.querySelector('canvas') ?? undefined,
  count: () => state?.total ?? 0,
  loaded: () => state?.loaded ?? 0,
  whenStackLoaded: () => state.stack,
  setIndex(i) {
    const s = state;
    const vc = s.app.getActiveLayerGroup()?.getActiveViewLayer()?.getViewController();
    if (!vc) return;
    const values = vc.getCurrentIndex().getValues();
    values[2] = i;
    vc.setCurrentIndex(new Index(values));
  },
  onRendered(cb) {
    // DWV's view layers fire renderstart / renderend around each draw (on
    // load and on a position change, synchronously).
    const { app } = state;
    app.addEventListener('renderend', cb);
    return () => app.removeEventListener('renderend', cb);
  },
  cacheBytes() {
    const s = state;
    if (!s) return 0;
    let bytes = 0;
    for (const id of s.app.getDataIds()) bytes += s.app.getData(id)?.image?.getBuffer()?.byteLength ?? 0;
    return bytes;
  },
  unmount() {
    const s = state;
    if (!s) return;
    s.app.abortAllLoads();
    s.app.reset();
    s.div.remove();
    state = undefined;
  },
  marks: () => state?.marks,
};
