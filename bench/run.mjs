// `npm run bench`: Fovea against the physical floor and its peers, side by side,
// in one run, on the real parts (Orthanc on loopback, Debian's Chromium with
// WebGL on SwiftShader). Method and targets: docs/performance.md.
//
//   node bench/run.mjs [--runs N] [--stack-runs N] [--syntax explicit-le,jpegls-lossless]
//                      [--pages floor,cornerstone,dwv,fovea] [--cycles N]
//                      [--floor-concurrency N] [--build] [--rebuild-pages]
//                      [--no-memory] [--no-scroll] [--out FILE]
//                      [--chromium webgl|webgl-sw-compositing|no-webgl] [--baseline DIR]
//                      [--throttle MBITS,LATENCY_MS]
//   node bench/run.mjs --serve     only serve the pages (Orthanc + server) until Ctrl-C
//
// --build rebuilds Fovea's dist (core + standalone) even when it exists;
// without it a missing dist is built and a stale one is only reported.
// --chromium: 'webgl' (default) is scripts/lib/chromium.mjs's WebGL flags
// (WebGL and the compositor on SwiftShader, as the browser tests run);
// 'webgl-sw-compositing' adds --disable-gpu-compositing (WebGL on SwiftShader,
// compositing in software, as Chrome does on a machine without a usable GPU);
// 'no-webgl' is chromium.mjs's no-WebGL flags (Cornerstone renders on the CPU).
// --baseline DIR adds the page 'fovea-base': the fovea page on another
// standalone build (DIR holds its fovea.js, e.g. a copy of
// packages/elements/dist/standalone made before a change), interleaved with
// the others, so that a change is measured against what it changes in one run.
// --syntax takes the corpus's CT syntaxes and 'explicit-le-200', a 200-slice
// explicit-LE CT that bench/series.mjs makes from the corpus's (issue 18).
// --throttle 30,20 throttles every page's network (CDP, from navigation on) to
// 30 Mbit/s down and up with 20 ms added latency: the time to first image and
// the whole stack under a slower network, for every page alike.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../scripts/lib/chromium.mjs';
import { loadStudies, startOrthanc } from '../scripts/lib/orthanc.mjs';
import { buildPages, OUT as PAGES_OUT } from './build.mjs';
import { ensureLongSeries } from './series.mjs';
import { evaluateTargets, printReport } from './lib/report.mjs';
import { startBenchServer } from './lib/server.mjs';
import { measureTarballs } from './tarballs.mjs';
import { heapUsed } from './lib/heap-used.mjs';
import { summary } from './lib/stats.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const CORPUS = join(ROOT, '.data/corpus');
const STANDALONE = join(ROOT, 'packages/elements/dist/standalone/fovea.js');
const CORE_DIST = join(ROOT, 'packages/core/dist/index.js');

// ---------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = {
    runs: 10,
    stackRuns: 5,
    syntaxes: ['explicit-le', 'jpegls-lossless'],
    pages: ['floor', 'cornerstone', 'dwv', 'fovea'],
    cycles: 30,
    floorConcurrency: 4,
    build: false,
    rebuildPages: false,
    memory: true,
    scroll: true,
    out: join(BENCH, 'results/latest.json'),
    serve: false,
    chromium: 'webgl',
    baseline: undefined,
    throttle: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') opts.runs = Math.max(1, Number(value()));
    else if (a === '--stack-runs') opts.stackRuns = Math.max(1, Number(value()));
    else if (a === '--syntax') opts.syntaxes = value().split(',');
    else if (a === '--pages') opts.pages = value().split(',');
    else if (a === '--cycles') opts.cycles = Math.max(0, Number(value()));
    else if (a === '--floor-concurrency') opts.floorConcurrency = Math.max(1, Number(value()));
    else if (a === '--build') opts.build = true;
    else if (a === '--rebuild-pages') opts.rebuildPages = true;
    else if (a === '--no-memory') opts.memory = false;
    else if (a === '--no-scroll') opts.scroll = false;
    else if (a === '--out') opts.out = value();
    else if (a === '--serve') opts.serve = true;
    else if (a === '--chromium') opts.chromium = value();
    else if (a === '--baseline') opts.baseline = value();
    else if (a === '--throttle') {
      const [mbits, latencyMs] = value().split(',').map(Number);
      if (!(mbits > 0) || !(latencyMs >= 0)) throw new Error('--throttle needs MBITS,LATENCY_MS, e.g. 30,20');
      opts.throttle = { mbits, latencyMs };
    } else if (a === '--help' || a === '-h') {
      const text = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
      console.log(
        text
          .slice(
            0,
            text.findIndex((l) => !l.startsWith('//')),
          )
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (opts.baseline !== undefined) {
    if (!existsSync(join(opts.baseline, 'fovea.js'))) throw new Error(`--baseline ${opts.baseline} has no fovea.js`);
    if (!opts.pages.includes('fovea-base')) opts.pages.push('fovea-base');
  }
  if (!['webgl', 'webgl-sw-compositing', 'no-webgl'].includes(opts.chromium)) {
    throw new Error(`--chromium must be webgl, webgl-sw-compositing or no-webgl, not ${opts.chromium}`);
  }
  return opts;
}

function browserArgs(mode) {
  if (mode === 'no-webgl') return chromiumArgs('no-webgl');
  if (mode === 'webgl-sw-compositing') return [...chromiumArgs('webgl'), '--disable-gpu-compositing'];
  return chromiumArgs('webgl');
}

const log = (line) => console.log(`[bench] ${line}`);

// ---------------------------------------------------------------------------
// Fovea's build

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.endsWith('.test.ts')) continue;
    const p = join(e.parentPath ?? e.path, e.name);
    newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function git(args) {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  // trimEnd: `status --porcelain` lines start with a space that is part of the status.
  return r.status === 0 ? r.stdout.trimEnd() : undefined;
}

const SNAPSHOT = join(PAGES_OUT, 'fovea-snapshot');
/** The --baseline build, copied like the snapshot. */
const BASE_SNAPSHOT = join(PAGES_OUT, 'fovea-base-snapshot');

/** Every emitted file a module of the standalone build refers to exists (a build in progress leaves gaps). */
function snapshotComplete(dir) {
  if (!existsSync(join(dir, 'fovea.js'))) return false;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.js')) continue;
    const file = join(e.parentPath ?? e.path, e.name);
    const code = readFileSync(file, 'utf8');
    // Files rollup emitted: their names end in an 8-character hash.
    for (const m of code.matchAll(/["'`](\.{1,2}\/[\w./-]+-[\w-]{8}\.(?:js|wasm))["'`]/g)) {
      if (!existsSync(join(dirname(file), m[1]))) return false;
    }
  }
  return true;
}

/**
 * Makes sure Fovea's standalone build exists (building it with the repo's own
 * rollup config when missing or with --build), then copies it to
 * bench/.build/dist/fovea-snapshot so that a rebuild by someone else during the
 * run cannot change what is measured. Reports whether it is older than its
 * sources and whether it is minified.
 */
async function ensureFoveaBuild(opts) {
  const missing = !existsSync(STANDALONE) || !existsSync(CORE_DIST);
  if (missing || opts.build) {
    log(
      `${missing ? 'Fovea dist missing' : '--build'}: FOVEA_BUILD=core,standalone npx rollup -c rollup.config.mjs (about a minute)`,
    );
    const r = spawnSync('npx', ['rollup', '-c', 'rollup.config.mjs'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, FOVEA_BUILD: 'core,standalone' },
    });
    if (r.status !== 0 || !existsSync(STANDALONE)) {
      throw new Error(
        'building Fovea failed; build by hand with: FOVEA_BUILD=core,elements,standalone npx rollup -c rollup.config.mjs',
      );
    }
  }
  for (let attempt = 1; ; attempt++) {
    rmSync(SNAPSHOT, { recursive: true, force: true });
    cpSync(dirname(STANDALONE), SNAPSHOT, { recursive: true });
    if (snapshotComplete(SNAPSHOT)) break;
    if (attempt === 4) throw new Error(`${dirname(STANDALONE)} is incomplete (a build in progress?); try again`);
    log('Fovea standalone build looks incomplete (being rebuilt?); waiting 15 s');
    await new Promise((r) => setTimeout(r, 15_000));
  }
  const built = statSync(join(SNAPSHOT, 'fovea.js')).mtimeMs;
  const sources = Math.max(
    newestMtime(join(ROOT, 'packages/elements/src')),
    newestMtime(join(ROOT, 'packages/core/src')),
  );
  const stale = sources > built;
  if (stale) {
    log(
      'WARNING: packages/elements/dist/standalone is older than the sources; measuring it as built. Rebuild with --build (or FOVEA_BUILD=core,elements,standalone npx rollup -c rollup.config.mjs).',
    );
  }
  // Minified output has long lines; an unminified build (FOVEA_MINIFY=0) would overstate the bundle figures.
  let bytes = 0;
  let lines = 0;
  for (const e of readdirSync(SNAPSHOT, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.js')) continue;
    const text = readFileSync(join(e.parentPath ?? e.path, e.name), 'utf8');
    bytes += text.length;
    lines += text.split('\n').length;
  }
  const minified = bytes / Math.max(1, lines) > 400;
  if (!minified)
    log(
      'WARNING: the standalone build is not minified (FOVEA_MINIFY=0?); bundle figures overstate. Rebuild with --build.',
    );
  const dirty = git([
    'status',
    '--porcelain',
    '--',
    'packages/core/src',
    'packages/elements/src',
    'rollup.config.mjs',
    'scripts/rollup',
  ]);
  return {
    standalone: 'packages/elements/dist/standalone/fovea.js',
    builtAt: new Date(built).toISOString(),
    sourcesNewerThanBuild: stale,
    minified,
    commit: git(['rev-parse', '--short', 'HEAD']),
    sourcesDirty: Boolean(dirty),
    dirtyFiles: dirty ? dirty.split('\n').map((l) => l.slice(3)) : [],
  };
}

// ---------------------------------------------------------------------------
// Machine

function machine(browserVersion, gl) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim();
  return {
    nproc: Number(nproc) || cpus().length,
    cpuModel: model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((v) => Number(v.toFixed(2))),
    node: process.version,
    chromium: browserVersion,
    webgl: gl,
  };
}

// ---------------------------------------------------------------------------
// Pages

const PAGE_INFO = {
  floor: { title: 'floor', bundle: '/build/floor/floor-app.js' },
  cornerstone: { title: 'cornerstone', bundle: '/build/cornerstone/cornerstone-app.js' },
  dwv: { title: 'dwv', bundle: '/build/dwv/dwv-app.js' },
  fovea: { title: 'fovea', bundle: '/build/fovea/fovea-app.js' },
  // The same page on the --baseline build: an import map sends the glue's import there.
  'fovea-base': { title: 'fovea-base', bundle: '/build/fovea/fovea-app.js' },
};

function pageHtml(name) {
  const { bundle } = PAGE_INFO[name];
  const base = name === 'fovea-base';
  const standalone = base ? '/fovea-base/standalone/fovea.js' : '/fovea/standalone/fovea.js';
  const importMap = base
    ? `<script type="importmap">${JSON.stringify({ imports: { '/fovea/standalone/fovea.js': standalone } })}</script>\n`
    : '';
  const fovea = name.startsWith('fovea') ? `<script type="module" src="${standalone}"></script>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench: ${name}</title>
${importMap}
<style>html,body{margin:0;background:#000;color:#fff}#host{width:512px;height:512px;overflow:hidden}</style>
</head><body><div id="host"></div>
<script type="module" src="/harness/harness.js"></script>
${fovea}<script type="module" src="${bundle}"></script>
</body></html>`;
}

const STUDY_LIST_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench: study list</title></head><body>
<script type="module" src="/build/study-list/study-list-app.js"></script>
</body></html>`;

/**
 * Sums a request log into JS and wasm bytes (raw and gzip; each file once: the
 * loader's decoder module is fetched by the page and again by its worker, which
 * a browser with its cache on serves from the cache) and data bytes.
 * `seen` carries the files counted in earlier phases of the same page load.
 */
function bytesOf(records, seen = new Set()) {
  const out = {
    jsGzip: 0,
    jsRaw: 0,
    jsFiles: [],
    wasmGzip: 0,
    wasmRaw: 0,
    wasmFiles: [],
    dataBytes: 0,
    dataRequests: 0,
    connections: 0,
  };
  for (const r of records) {
    if (r.kind === 'connection') {
      out.connections++;
      continue;
    }
    if (r.kind === 'data') {
      out.dataBytes += r.bytes;
      out.dataRequests++;
      continue;
    }
    if ((r.kind !== 'js' && r.kind !== 'wasm') || seen.has(r.path)) continue;
    seen.add(r.path);
    out[`${r.kind}Gzip`] += r.gzip;
    out[`${r.kind}Raw`] += r.bytes;
    out[`${r.kind}Files`].push(r.path);
  }
  return out;
}

/** The requests up to the first image, in ms from the first request after the series was set. */
function timelineOf(records) {
  const t0 = records.find((r) => r.kind !== 'connection')?.t ?? 0;
  return records
    .filter((r) => r.kind !== 'connection')
    .map((r) => ({
      t: Math.round(r.t - t0),
      kind: r.kind,
      path: r.path.replace(/\/studies\/[^/]+\/series\/[^/]+/, '/…').replace(/instances\/[^/]+/, 'instances/…'),
    }));
}

// ---------------------------------------------------------------------------
// Browser

async function newPage(browser, pageErrors) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setCacheEnabled(false);
  await page.setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => pageErrors.push(String(e?.message ?? e).slice(0, 300)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text().slice(0, 300));
  });
  return { context, page };
}

async function openBenchPage(browser, server, name, opts, pageErrors) {
  const { context, page } = await newPage(browser, pageErrors);
  if (opts.throttle) {
    // Bytes per second both ways; the latency is added to each request.
    const bytesPerSecond = (opts.throttle.mbits * 1e6) / 8;
    await page.emulateNetworkConditions({
      download: bytesPerSecond,
      upload: bytesPerSecond,
      latency: opts.throttle.latencyMs,
    });
  }
  const query = name === 'floor' ? `?concurrency=${opts.floorConcurrency}` : '';
  await page.goto(`${server.url}/${name}.html${query}`, { waitUntil: 'load' });
  await page.waitForFunction('window.benchHarnessReady === true && window.benchApp !== undefined', {
    timeout: 60_000,
  });
  return { context, page };
}

/** One cold run: new context, cache off, page load, prepare, show, and (if `withStack`) the whole stack. */
async function coldRun(browser, server, name, series, opts, pageErrors, withStack) {
  server.takeLog();
  const { context, page } = await openBenchPage(browser, server, name, opts, pageErrors);
  try {
    const prepared = await page.evaluate(() => window.bench.prepare());
    const settleMs = await page.evaluate(() => window.bench.settle());
    const beforeImage = server.takeLog();
    const shown = await page.evaluate((s) => window.bench.show(s), series);
    const firstImage = server.takeLog();
    const stack = withStack ? await page.evaluate(() => window.bench.waitStack()) : undefined;
    const stackLog = withStack ? server.takeLog() : [];
    return {
      ttfiMs: shown.ttfiMs,
      readyMs: shown.readyMs,
      // Navigation start to a prepared page, plus the time to first image (the settle wait left out).
      fromNavigationMs: prepared.atMs + shown.ttfiMs,
      prepareMs: prepared.prepareMs,
      settleMs,
      marks: shown.marks,
      detectedBy: shown.detectedBy,
      stackMs: stack?.stackMs,
      images: stack?.count,
      imagesPerSecond: stack ? (stack.count / stack.stackMs) * 1000 : undefined,
      bytes: (() => {
        const seen = new Set();
        return {
          beforeImage: bytesOf(beforeImage, seen),
          firstImage: bytesOf(firstImage, seen),
          stack: bytesOf(stackLog, seen),
        };
      })(),
      timeline: timelineOf(firstImage),
    };
  } finally {
    await context.close().catch(() => {});
  }
}

/** Warm session: load the stack, memory, scroll, mount/unmount cycles, memory again. */
async function warmSession(browser, server, name, series, opts, pageErrors) {
  const { context, page } = await openBenchPage(browser, server, name, opts, pageErrors);
  const out = {};
  try {
    await page.evaluate(() => window.bench.prepare());
    await page.evaluate(() => window.bench.settle());
    out.heapBeforeShow = await heapUsed(page);
    await page.evaluate((s) => window.bench.show(s), series);
    await page.evaluate(() => window.bench.waitStack());
    // Let trailing renders and events settle before measuring.
    await new Promise((r) => setTimeout(r, 300));
    out.heapAfterLoad = await heapUsed(page);
    out.cacheAfterLoad = await page.evaluate(() => window.bench.cacheBytes());
    if (opts.scroll) {
      const s = await page.evaluate(() => window.bench.scroll(1));
      out.scroll = {
        requested: s.requested,
        rendered: s.rendered,
        totalMs: s.totalMs,
        interval: summary(s.intervals),
        latency: summary(s.latencies),
      };
    }
    if (opts.memory && opts.cycles > 0) {
      await page.evaluate(() => window.bench.unmount());
      const first = await page.evaluate((s) => window.bench.cycles(s, 1), series);
      out.heapAfterFirstCycle = await heapUsed(page);
      const rest = await page.evaluate((s, n) => window.bench.cycles(s, n), series, opts.cycles - 1);
      const times = [...first.times, ...rest.times];
      out.cycles = { n: times.length, ttfi: summary(times) };
      await new Promise((r) => setTimeout(r, 300));
      out.heapAfterCycles = await heapUsed(page);
      out.cacheAfterCycles = await page.evaluate(() => window.bench.cacheBytes());
      if (opts.cycles > 1) out.heapGrowthPerCycle = (out.heapAfterCycles - out.heapAfterFirstCycle) / (opts.cycles - 1);
    }
  } finally {
    await context.close().catch(() => {});
  }
  return out;
}

async function studyListRun(browser, server, pageErrors) {
  server.takeLog();
  const { context, page } = await newPage(browser, pageErrors);
  try {
    await page.goto(`${server.url}/study-list.html`, { waitUntil: 'load' });
    await page.waitForFunction('typeof window.benchStudyList === "function"');
    const rows = await page.evaluate(() => window.benchStudyList());
    return { rows, ...bytesOf(server.takeLog()) };
  } finally {
    await context.close().catch(() => {});
  }
}

async function webglInfo(browser) {
  const { context, page } = await newPage(browser, []);
  try {
    return await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return { webgl2: false };
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      return {
        webgl2: true,
        renderer: ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
        vendor: ext ? gl.getParameter(ext.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR),
      };
    });
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const manifestFile = join(CORPUS, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(
      'No corpus in .data/corpus: run `npm run corpus` (needs dcmtk and GDCM; `npm test` installs them).',
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const seriesList = opts.syntaxes.map((syntax) => {
    const long = /^explicit-le-(\d+)$/.exec(syntax);
    if (long) return ensureLongSeries(CORPUS, manifest, { slices: Number(long[1]), log });
    const s = manifest.series.find((x) => x.syntax === syntax && x.seriesKey === 'ct');
    if (!s) throw new Error(`corpus has no CT series in ${syntax}`);
    return s;
  });
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROME_PATH)');

  const fovea = await ensureFoveaBuild(opts);
  if (opts.baseline) {
    rmSync(BASE_SNAPSHOT, { recursive: true, force: true });
    cpSync(opts.baseline, BASE_SNAPSHOT, { recursive: true });
    if (!snapshotComplete(BASE_SNAPSHOT)) throw new Error(`--baseline ${opts.baseline} is incomplete`);
    fovea.baseline = opts.baseline;
  }
  await buildPages({ force: opts.rebuildPages, log });

  log('starting Orthanc and loading the CT series');
  const orthanc = await startOrthanc({ port: 0, log: (l) => log(`orthanc: ${l}`) });
  /** @type {Awaited<ReturnType<typeof startBenchServer>> | undefined} */
  let server;
  let browser;
  try {
    for (const s of seriesList) {
      const r = await loadStudies(orthanc, resolve(CORPUS, s.directory)); // bench/series.mjs's are absolute
      log(`loaded ${s.syntax}/ct: ${r.uploaded} uploaded, ${r.skipped} already there, ${r.ms} ms`);
    }
    server = await startBenchServer({
      proxies: { '/dicom-web': orthanc.dicomWebRoot, '/wado': `${orthanc.url}/wado` },
      // /fovea/standalone/ serves the snapshot of packages/elements/dist/standalone.
      mounts: {
        '/build/': PAGES_OUT,
        '/fovea/standalone/': SNAPSHOT,
        ...(opts.baseline ? { '/fovea-base/standalone/': BASE_SNAPSHOT } : {}),
        '/harness/': join(BENCH, 'pages'),
      },
      harnessPrefix: '/harness/',
      pages: {
        ...Object.fromEntries(Object.keys(PAGE_INFO).map((n) => [`/${n}.html`, pageHtml(n)])),
        '/study-list.html': STUDY_LIST_HTML,
      },
    });
    if (opts.serve) {
      for (const n of [...Object.keys(PAGE_INFO), 'study-list']) log(`${server.url}/${n}.html`);
      for (const s of seriesList) log(`${s.syntax}: study ${s.studyInstanceUid} series ${s.seriesInstanceUid}`);
      log(`dicom-web: ${orthanc.dicomWebRoot} (proxied at ${server.url}/dicom-web); Ctrl-C stops`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
      return;
    }
    browser = await puppeteer.launch({ executablePath, headless: true, args: browserArgs(opts.chromium) });
    const env = machine(await browser.version(), await webglInfo(browser));
    log(`${env.cpuModel}, ${env.nproc} cores; ${env.chromium}; WebGL: ${env.webgl.renderer ?? 'none'}`);

    // What a host downloads from npm (issue 15: @fovea-dicom/elements under 3 MB packed).
    let tarballs;
    try {
      tarballs = measureTarballs();
    } catch (error) {
      log(`tarballs not measured: ${error instanceof Error ? error.message : error}`);
    }
    const results = {
      date: new Date().toISOString(),
      machine: env,
      fovea,
      tarballs,
      options: { ...opts, out: undefined },
      series: {},
      studyList: undefined,
      orthancRestarts: 0,
      pageErrors: {},
      durationS: 0,
    };

    for (const s of seriesList) {
      const series = { studyUid: s.studyInstanceUid, seriesUid: s.seriesInstanceUid };
      const perPage = Object.fromEntries(opts.pages.map((p) => [p, { runs: [], errors: [] }]));
      results.series[s.syntax] = {
        transferSyntaxUid: s.transferSyntaxUid,
        instances: s.instances,
        pages: perPage,
      };
      // One warm-up run per page (discarded: the browser's GPU process, Orthanc
      // and the OS caches start cold), then the cold runs, interleaved across
      // pages so that drift of the machine hits all alike.
      for (let run = -1; run < opts.runs; run++) {
        for (const name of opts.pages) {
          const p = perPage[name];
          if (p.unsupported) continue;
          const errors = (results.pageErrors[`${s.syntax}/${name}`] ??= []);
          try {
            const r = await coldRun(browser, server, name, series, opts, errors, run >= 0 && run < opts.stackRuns);
            if (run >= 0) p.runs.push(r);
          } catch (error) {
            const message = String(error?.message ?? error)
              .split('\n')[0]
              .slice(0, 300);
            p.errors.push(message);
            if (p.runs.length === 0 && run <= 0) {
              // Fails on the first tries: the page cannot show this series at all.
              p.unsupported = message;
              log(`${s.syntax} ${name}: cannot show this series: ${message}`);
            } else log(`${s.syntax} ${name} run ${run + 1}: ${message}`);
            await orthanc.ensureAlive().catch(() => {});
          }
        }
        if (run < 0) continue;
        log(
          `${s.syntax} cold run ${run + 1}/${opts.runs} (${elapsed()}): ${opts.pages
            .map((n) => {
              const last = perPage[n].runs.at(-1);
              return perPage[n].unsupported ? `${n} n/a` : `${n} ${last ? Math.round(last.ttfiMs) : '?'} ms`;
            })
            .join(', ')}`,
        );
      }
      for (const name of opts.pages) {
        const p = perPage[name];
        if (p.unsupported || p.runs.length === 0) continue;
        if (opts.memory || opts.scroll) {
          try {
            p.warm = await warmSession(browser, server, name, series, opts, results.pageErrors[`${s.syntax}/${name}`]);
            log(
              `${s.syntax} ${name} (${elapsed()}): scroll p95 ${p.warm.scroll?.interval?.p95?.toFixed(1) ?? '-'} ms/image, heap ${((p.warm.heapAfterLoad ?? 0) / 2 ** 20).toFixed(1)} MiB after load`,
            );
          } catch (error) {
            p.warmError = String(error?.message ?? error).split('\n')[0];
            log(`${s.syntax} ${name} warm session: ${p.warmError}`);
          }
        }
        p.summary = {
          ttfi: summary(p.runs.map((r) => r.ttfiMs)),
          ready: summary(p.runs.map((r) => r.readyMs)),
          fromNavigation: summary(p.runs.map((r) => r.fromNavigationMs)),
          stack: summary(p.runs.map((r) => r.stackMs).filter((v) => v !== undefined)),
          imagesPerSecond: summary(p.runs.map((r) => r.imagesPerSecond).filter((v) => v !== undefined)),
          // When the first frame (or instance) request left, from the first request after the series was set.
          firstFrameRequest: summary(
            p.runs.map((r) => r.timeline.find((e) => e.kind === 'data' && /frames|wado/.test(e.path))?.t),
          ),
          bundle: p.runs[0].bytes,
        };
      }
    }
    results.studyList = await studyListRun(browser, server, (results.pageErrors['study-list'] ??= []));
    results.orthancRestarts = orthanc.restarts;
    results.machine.loadAverageAtEnd = loadavg().map((v) => Number(v.toFixed(2)));
    results.durationS = Math.round((Date.now() - started) / 1000);
    for (const [k, v] of Object.entries(results.pageErrors)) if (v.length === 0) delete results.pageErrors[k];
    results.targets = evaluateTargets(results);

    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
    printReport(results);
    log(`wrote ${opts.out} (${results.durationS} s)`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
    await orthanc.stop();
  }
}

main().catch((error) => {
  console.error(`[bench] failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
