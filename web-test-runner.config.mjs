// Browser tests in Debian's Chromium, headless.
//
// Groups:
//   unit        element tests from source (no Orthanc), WebGL on SwiftShader
//   e2e-webgl   end-to-end through Orthanc, WebGL (SwiftShader)
//   e2e-cpu     the same tests with WebGL off: Cornerstone falls back to CPU
// The e2e groups need FOVEA_DICOMWEB_UPSTREAM (scripts/test.mjs starts
// Orthanc and sets it); /dicom-web on the test server proxies to it, so pages
// and images share one origin as in a real deployment.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { readFile } from 'node:fs/promises';
import { chromiumArgs, findChromium } from './scripts/lib/chromium.mjs';
import { proxyMiddleware } from '@fovea-dicom/demo/proxy';
import { createFaultProxy } from './scripts/lib/fault-proxy.mjs';
import { cdpPlugin } from './scripts/lib/cdp-plugin.mjs';
import { filesPlugin } from './scripts/lib/files-plugin.mjs';
import { resultsPlugin } from './scripts/lib/results-plugin.mjs';

// @fovea-dicom/core's sources (served as they are) import dicom-parser, which ships only a UMD build
// that requires Node's zlib (for deflated files; Fovea hands it an inflater instead): an empty stub.
const commonjs = fromRollup(rollupCommonjs);
const zlibStub = fromRollup(() => ({
  name: 'fovea-zlib-stub',
  resolveId: (id) => (id === 'zlib' ? '\0zlib-stub' : null),
  load: (id) => (id === '\0zlib-stub' ? 'export default {};' : null),
}));

const executablePath = findChromium();
if (!executablePath) throw new Error('Chromium not found: run `npm test` (installs it) or apt-get install chromium');

const launcher = (mode) =>
  chromeLauncher({ launchOptions: { executablePath, headless: true, args: chromiumArgs(mode) } });

const upstream = process.env.FOVEA_DICOMWEB_UPSTREAM;
const orthancUrl = process.env.FOVEA_ORTHANC_URL;
/** FOVEA_TEST_FILES=a.test.ts,b.test.ts narrows every group to those files (scripts/dev/browser-tests.mjs). */
const only = process.env.FOVEA_TEST_FILES?.split(',').filter(Boolean);

/** Serves the corpus manifest so tests find series by what they show, not by hard-coded UIDs. */
const corpusManifest = async (ctx, next) => {
  if (ctx.path !== '/__fovea/corpus-manifest.json') return next();
  ctx.type = 'application/json';
  ctx.body = await readFile(new URL('./.data/corpus/manifest.json', import.meta.url));
};

/**
 * Records the paths the test pages request (workers included, which a page's
 * own performance timeline does not show), for tests of what gets downloaded
 * when: GET /__fovea/requests lists them, DELETE clears the list.
 */
const requested = [];
const requestLog = async (ctx, next) => {
  if (ctx.path === '/__fovea/requests') {
    if (ctx.method === 'DELETE') requested.length = 0;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(requested);
    return;
  }
  requested.push(ctx.path);
  if (requested.length > 5000) requested.splice(0, requested.length - 5000);
  await next();
  // Codecs must reach the server each time a page needs them, so that tests
  // can see when they are fetched (the browser cache would hide it).
  if (ctx.path.endsWith('.wasm')) ctx.set('Cache-Control', 'no-store');
};

/**
 * /__fovea/auth/dicom-web: the same Orthanc behind a gate that demands a bearer
 * token, as a hospital's reverse proxy does (401 without it). Each request is
 * recorded (path, whether it carried the token, the answer) for tests of what
 * leaves before a host sets its callback: GET /__fovea/auth-log lists, DELETE clears.
 */
const AUTH_PREFIX = '/__fovea/auth/dicom-web';
const AUTH_TOKEN = 'Bearer fovea-test-token';
const authLog = [];
const authProxy = upstream ? proxyMiddleware({ prefix: AUTH_PREFIX, target: upstream }) : undefined;
const authGate = async (ctx, next) => {
  if (ctx.path === '/__fovea/auth-log') {
    if (ctx.method === 'DELETE') authLog.length = 0;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(authLog);
    return;
  }
  if (!authProxy || (ctx.path !== AUTH_PREFIX && !ctx.path.startsWith(`${AUTH_PREFIX}/`))) return next();
  const authorization = ctx.get('Authorization');
  const entry = { path: ctx.path.slice(AUTH_PREFIX.length), authorization: authorization || null, status: null };
  authLog.push(entry);
  if (authorization !== AUTH_TOKEN) {
    entry.status = 401;
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer');
    ctx.body = '';
    return;
  }
  await authProxy(ctx, next);
  entry.status = ctx.res.statusCode;
};

/**
 * Test pages under a Content-Security-Policy: /__fovea/csp/<policy>/<path> serves <path> with that
 * policy as a header, and so does everything the page loads relative to it (the bundle, its
 * worker and codecs), so that workers run under the policy too. test/e2e/robustness-csp.test.ts.
 *
 * A dedicated worker's violations fire in the worker, where the page cannot listen: each worker
 * script served here (Sec-Fetch-Dest: worker) gets test/csp/worker-watch.js imported first, which
 * forwards them to the page on a BroadcastChannel.
 */
export const CSP_POLICIES = {
  strict: "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'",
  'strict-style': "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' blob:",
  // No 'wasm-unsafe-eval': the decode worker uses the codecs' JavaScript builds.
  'no-wasm': "script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' blob:",
};
/** The text of a response body as the dev server left it (string, buffer or stream). */
async function bodyText(body) {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body && typeof body.pipe === 'function') {
    const chunks = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  throw new Error('a worker script with a body of unknown kind');
}
const cspPages = async (ctx, next) => {
  const match = /^\/__fovea\/csp\/([a-z-]+)(\/.*)$/.exec(ctx.path);
  const policy = match && CSP_POLICIES[match[1]];
  if (!policy) return next();
  ctx.url = `${match[2]}${ctx.querystring ? `?${ctx.querystring}` : ''}`;
  await next();
  ctx.set('Content-Security-Policy', policy);
  ctx.set('Cache-Control', 'no-store');
  if (ctx.get('Sec-Fetch-Dest') === 'worker' && ctx.status === 200) {
    const watch = `/__fovea/csp/${match[1]}/test/csp/worker-watch.js`;
    ctx.body = `import ${JSON.stringify(watch)};\n${await bodyText(ctx.body)}`;
  }
};

export default {
  nodeResolve: { exportConditions: ['fovea-source', 'browser', 'import'] },
  rootDir: '.',
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 10 * 60_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 60_000 } },
  middleware: [
    requestLog,
    corpusManifest,
    authGate,
    cspPages,
    // /dicom-web forwards to Orthanc; tests inject faults through /__fovea/faults (scripts/lib/fault-proxy.mjs).
    ...(upstream ? [createFaultProxy({ prefix: '/dicom-web', target: upstream }).middleware] : []),
    // Orthanc's own REST API, for tests that clean up what they stored (never used by Fovea itself).
    ...(orthancUrl ? [proxyMiddleware({ prefix: '/__fovea/orthanc', target: orthancUrl })] : []),
  ],
  plugins: [
    zlibStub(),
    commonjs({ include: ['**/dicom-parser/dist/**'], strictRequires: false }),
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    cdpPlugin(),
    filesPlugin(),
    resultsPlugin(),
  ],
  groups: narrow([
    {
      name: 'unit',
      files: ['packages/*/src/**/*.browser.test.ts', 'packages/elements/src/**/*.test.ts', '!**/*.node.test.ts'],
      browsers: [launcher('webgl')],
    },
    {
      name: 'e2e-webgl',
      files: ['test/e2e/**/*.test.ts'],
      browsers: [launcher('webgl')],
      // WebGL here is SwiftShader, where rendering="auto" chooses the CPU path: the page asks for WebGL.
      testRunnerHtml: (testFramework) =>
        `<html><head><meta name="fovea-rendering" content="gpu"></head><body><script type="module" src="${testFramework}"></script></body></html>`,
    },
    {
      name: 'e2e-cpu',
      // Without WebGL there is no context to lose.
      files: ['test/e2e/**/*.test.ts', '!test/e2e/viewport-context-loss.test.ts'],
      browsers: [launcher('no-webgl')],
    },
  ]),
};

function narrow(groups) {
  if (!only) return groups;
  const unit = only.filter((f) => f.startsWith('packages/'));
  const e2e = only.filter((f) => !f.startsWith('packages/'));
  const excluded = (g) => g.files.filter((f) => f.startsWith('!'));
  return groups
    .map((g) => ({ ...g, files: g.name === 'unit' ? unit : e2e.filter((f) => !excluded(g).includes(`!${f}`)) }))
    .filter((g) => g.files.length);
}
