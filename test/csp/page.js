// A page under a strict Content-Security-Policy (no inline script, style or
// eval): it loads the standalone bundle, mounts every element and shows one
// series of every transfer syntax of the corpus, then reports to its parent
// what showed (with a hash of each image's values), what failed, and every
// policy violation (the page's and its workers', test/csp/worker-watch.js)
// and unhandled rejection.
//
// With `?relabel=1` it also shows two JPEG 2000 series whose frames the fault
// proxy relabels as HTJ2K and as JPEG XL (transfer syntaxes the corpus tools
// cannot write), for the decoders that exist as WebAssembly only.
const violations = [];
const rejections = [];
/** Decode workers seen (each says hello on the channel), and their violations. */
const workers = new Set();
const watch = new BroadcastChannel('fovea-csp-watch');
const flushed = new Map();
watch.addEventListener('message', (e) => {
  const m = e.data;
  if (m?.type === 'hello') workers.add(m.worker);
  else if (m?.type === 'violation') {
    workers.add(m.worker);
    violations.push({ context: `worker ${m.worker}`, ...m, element: '' });
  } else if (m?.type === 'flushed') flushed.get(m.token)?.add(m.worker);
});
/** Resolves once every worker known now has answered a flush: their earlier violations have arrived. */
async function flushWorkers(ms = 10_000) {
  const token = Math.random().toString(36).slice(2);
  const answered = new Set();
  flushed.set(token, answered);
  const known = [...workers];
  watch.postMessage({ type: 'flush', token });
  const start = performance.now();
  while (!known.every((w) => answered.has(w))) {
    if (performance.now() - start > ms)
      throw new Error(`${known.length - answered.size} worker(s) did not answer a flush`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** The element a violation is about (for inline style attributes), as `tag[part]` inside its host. */
function describeTarget(event) {
  const target = event.composedPath()[0];
  if (!(target instanceof Element)) return '';
  const host = target.getRootNode() instanceof ShadowRoot ? target.getRootNode().host.tagName.toLowerCase() : '';
  const part = target.getAttribute('part');
  return `${host ? `${host} > ` : ''}${target.tagName.toLowerCase()}${part ? `[part="${part}"]` : ''}`;
}
document.addEventListener('securitypolicyviolation', (e) =>
  violations.push({
    context: 'page',
    directive: e.effectiveDirective,
    blocked: e.blockedURI || '(inline)',
    source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
    sample: e.sample,
    element: describeTarget(e),
  }),
);
window.addEventListener('unhandledrejection', (e) => rejections.push(String(e.reason?.message ?? e.reason)));

const BUNDLE = '../../packages/elements/dist/standalone/fovea.js';

/** FNV-1a over an image's values (and its size), to compare what two pages decoded. */
function hashValues(values) {
  if (!values) return 'none';
  let h = 0x811c9dc5;
  const mix = (n) => {
    h ^= n & 0xffff;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= (n >>> 16) & 0xffff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  mix(values.rows);
  mix(values.columns);
  mix(values.samplesPerPixel);
  for (let i = 0; i < values.data.length; i++) mix(Math.round(values.data[i] * 16));
  return h.toString(16);
}

/** The error the viewport shows (its status part in the error state), once it shows one; '' after 10 s. */
async function shownError(el) {
  const start = performance.now();
  for (;;) {
    const status = el.shadowRoot?.querySelector('[part~="status"][data-kind="error"]');
    if (status) return status.textContent.trim();
    if (performance.now() - start > 10_000) return '';
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/**
 * Resolves with 'image' (and the hash of its values) or the fovea-error's code, reason, the
 * message the host receives and the text the viewport shows, or 'timeout'.
 */
function outcome(el, ms = 30_000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
    el.addEventListener('fovea-image-change', () => {
      clearTimeout(timer);
      resolve({ kind: 'image', hash: el.pixelValues ? hashValues(el.pixelValues()) : undefined });
    });
    el.addEventListener('fovea-error', async (e) => {
      clearTimeout(timer);
      resolve({
        kind: 'error',
        code: e.detail.code,
        reason: e.detail.reason,
        message: e.detail.error?.message ?? '',
        shown: await shownError(el),
      });
    });
  });
}

/** Fault-proxy rules that relabel the frames of `series` as `syntax` (the bytes stay JPEG 2000). */
async function relabel(rules) {
  const response = await fetch('/__fovea/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (!response.ok) throw new Error(`fault proxy: HTTP ${response.status}`);
}
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function run() {
  const fovea = await import(BUNDLE);
  const client = fovea.createDicomWebClient({ root: '/dicom-web' });
  const manifest = await (await fetch('/__fovea/corpus-manifest.json')).json();
  // Per syntax, a colour series (JPEG baseline colour decodes its own way) and a grey one (CT where
  // there is one: 16-bit signed), so that each codec runs on both.
  const bySyntax = new Map();
  for (const s of manifest.series) {
    if (s.phantom === 'palette') continue;
    const key = `${s.syntax} ${s.phantom === 'us' ? 'colour' : 'grey'}`;
    if (!bySyntax.has(key)) bySyntax.set(key, s);
  }

  // Every element, so that each one's templates run under the policy.
  const ct = manifest.series.find((s) => s.syntax === 'explicit-le' && s.phantom === 'ct');
  const list = document.createElement('fovea-study-list');
  list.client = client;
  document.body.append(list);
  const viewer = document.createElement('fovea-viewer');
  viewer.client = client;
  viewer.studyUid = ct.studyInstanceUid;
  viewer.layout = '1x2';
  document.body.append(viewer);
  const viewerOutcome = outcome(viewer);
  const toolbar = document.createElement('fovea-toolbar');
  document.body.append(toolbar);

  if (new URLSearchParams(location.search).has('relabel')) {
    // Series no other row shows: the relabelling must not change what the JPEG 2000 rows see.
    const shown = new Set(bySyntax.values());
    const j2k = manifest.series.filter((s) => s.syntax.startsWith('j2k-') && s.phantom === 'mr' && !shown.has(s));
    if (j2k.length < 2) throw new Error('the corpus has fewer than two JPEG 2000 MR series to relabel');
    const targets = [
      ['htj2k (relabelled JPEG 2000)', j2k[0], '1.2.840.10008.1.2.4.201'],
      ['jpeg-xl (relabelled JPEG 2000)', j2k[1], '1.2.840.10008.1.2.4.110'],
    ];
    await relabel(
      targets.map(([, s, uid]) => ({
        path: `${literal(s.seriesInstanceUid)}/instances/[^/]+/frames/`,
        rewrite: { encoding: 'latin1', replace: [['transfer-syntax=[0-9.]+', 'g', `transfer-syntax=${uid}`]] },
      })),
    );
    for (const [label, s] of targets) bySyntax.set(label, s);
  }

  const results = [];
  for (const [syntax, s] of bySyntax) {
    const el = document.createElement('fovea-viewport');
    el.client = client;
    el.studyUid = s.studyInstanceUid;
    el.seriesUid = s.seriesInstanceUid;
    const pending = outcome(el);
    toolbar.viewport = el;
    document.body.append(el);
    results.push({ syntax, series: `${s.phantom} ${s.photometricInterpretation}`, ...(await pending) });
    el.remove();
  }
  results.push({ syntax: 'viewer', series: 'ct', ...(await viewerOutcome) });
  // A frame for the last renders (and any late violation) to land.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await flushWorkers();
  return results;
}

run().then(
  (results) =>
    parent.postMessage({ fovea: 'csp', results, violations, rejections, workers: workers.size }, location.origin),
  (error) =>
    parent.postMessage(
      {
        fovea: 'csp',
        results: [],
        violations,
        rejections,
        workers: workers.size,
        failed: String(error?.stack ?? error),
      },
      location.origin,
    ),
);
