// A page under a strict Content-Security-Policy (no inline script, style or
// eval): it loads the standalone bundle, mounts every element and shows one
// series of every transfer syntax of the corpus, then reports to its parent
// what showed, what failed, and every policy violation and unhandled rejection.
const violations = [];
const rejections = [];
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
    directive: e.effectiveDirective,
    blocked: e.blockedURI || '(inline)',
    source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
    sample: e.sample,
    element: describeTarget(e),
  }),
);
window.addEventListener('unhandledrejection', (e) => rejections.push(String(e.reason?.message ?? e.reason)));

const BUNDLE = '../../packages/elements/dist/standalone/fovea.js';

/** Resolves with 'image' or the fovea-error's code, or 'timeout'. */
function outcome(el, ms = 30_000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
    el.addEventListener('fovea-image-change', () => {
      clearTimeout(timer);
      resolve({ kind: 'image' });
    });
    el.addEventListener('fovea-error', (e) => {
      clearTimeout(timer);
      resolve({ kind: 'error', code: e.detail.code, message: e.detail.error?.message ?? '' });
    });
  });
}

async function run() {
  const fovea = await import(BUNDLE);
  const client = fovea.createDicomWebClient({ root: '/dicom-web' });
  const manifest = await (await fetch('/__fovea/corpus-manifest.json')).json();
  const bySyntax = new Map();
  for (const s of manifest.series) {
    const known = bySyntax.get(s.syntax);
    // One series per syntax; the colour one where there is one (JPEG baseline colour decodes its own way).
    if (!known || (s.phantom === 'us' && known.phantom !== 'us')) bySyntax.set(s.syntax, s);
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
  return results;
}

run().then(
  (results) => parent.postMessage({ fovea: 'csp', results, violations, rejections }, location.origin),
  (error) =>
    parent.postMessage(
      { fovea: 'csp', results: [], violations, rejections, failed: String(error?.stack ?? error) },
      location.origin,
    ),
);
