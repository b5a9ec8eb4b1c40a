// `node bench/import.mjs`: a patient's CD of 2,000 files in mixed transfer
// syntaxes, opened in <fovea-import> (the built standalone bundle) in Debian's
// Chromium and uploaded to a private Orthanc on loopback, against a plain curl
// STOW-RS of the same files in the same batches to the same Orthanc.
//
//   node bench/import.mjs [--files 2000] [--runs 3] [--no-upload] [--out bench/results/import.json]
//
// Measured from the drop (a real drag of the folder from the disk, CDP
// Input.dispatchDragEvent): the studies listed (fovea-import-scan), the first
// image of the preview on screen (fovea-image-change), the page's JS heap after
// each, and Chromium's total resident memory; then the upload's throughput.
// Targets (issue 16): listed in <= 5 s, first image in <= 2 s after listing.
//
// The files are the corpus (every syntax but deflate, whose UIDs are inside the
// compressed dataset) copied with their study, series and SOP instance UIDs
// changed in place (same length, last digits), so each copy is new to Orthanc.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../scripts/lib/chromium.mjs';
import { startOrthanc } from '../scripts/lib/orthanc.mjs';
import { proxyRequest } from '@fovea-dicom/demo/proxy';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, '.data/corpus');
const STANDALONE = join(ROOT, 'packages/elements/dist/standalone');
const log = (line) => console.log(`[bench:import] ${line}`);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const FILES = Number(option('--files', '2000'));
const RUNS = Number(option('--runs', '3'));
const UPLOAD = !args.includes('--no-upload');
const OUT = option('--out', join(ROOT, 'bench/results/import.json'));
const MEDIA = join(ROOT, `.data/bench-import/${FILES}`);
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const MAX_BATCH_INSTANCES = 50;
const CONCURRENCY = 2;

function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/** The UIDs of a file's header as dcmdump reads them. */
function uidsOf(file) {
  const out = execFileSync('dcmdump', ['-q', '+P', '0020,000d', '+P', '0020,000e', '+P', '0008,0018', file]).toString();
  return [...out.matchAll(/\[([0-9.]+)\]/g)].map((m) => m[1]);
}

/** `uid` with its last digits replaced by `n` (same length; a UID's last component keeps its first digit). */
function variant(uid, n) {
  const digits = String(n);
  const last = uid.lastIndexOf('.') + 1;
  if (uid.length - last <= digits.length) throw new Error('UID component too short to vary');
  return uid.slice(0, uid.length - digits.length) + digits;
}

/** Writes FILES files: the corpus copied with new UIDs (same length, so no length field changes). */
function prepare() {
  const stamp = `${MEDIA}.stamp`;
  if (existsSync(stamp)) return;
  rmSync(MEDIA, { recursive: true, force: true });
  const sources = walk(CORPUS).filter((p) => p.endsWith('.dcm') && !p.includes('/deflate/') && !p.includes('/extras/'));
  log(`making ${FILES} files from ${sources.length} corpus files in ${MEDIA}`);
  const uids = new Map(sources.map((p) => [p, uidsOf(p)]));
  for (let i = 0; i < FILES; i++) {
    const copy = Math.floor(i / sources.length) + 1;
    const source = sources[i % sources.length];
    const bytes = readFileSync(source);
    let text = bytes.toString('latin1');
    // Only the header: the pixel data is left as it is.
    const headerEnd = Math.min(bytes.length, 64 * 1024);
    let head = text.slice(0, headerEnd);
    for (const uid of uids.get(source)) head = head.split(uid).join(variant(uid, copy * 7919));
    text = head + text.slice(headerEnd);
    const dir = join(MEDIA, 'DICOM', `C${copy}`, source.split('/').slice(-3, -1).join('-').toUpperCase());
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `IM${String(i).padStart(5, '0')}`), Buffer.from(text, 'latin1'));
  }
  writeFileSync(stamp, new Date().toISOString());
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench: import</title></head>
<body style="margin:0;width:1000px">
<fovea-import id="imp" dicomweb-root="/dicom-web" style="--fovea-import-viewer-height: 480px"></fovea-import>
<script type="module">
  import '/fovea/fovea.js';
  const imp = document.getElementById('imp');
  const marks = (window.marks = {});
  // Time spent in STOW requests (from the page's fetch to the answer), to tell the network path from the rest.
  const post = (marks.post = { requests: 0, ms: 0, bytes: 0 });
  const pageFetch = window.fetch;
  window.fetch = async (input, init) => {
    if (init?.method !== 'POST') return pageFetch(input, init);
    const t = performance.now();
    const response = await pageFetch(input, init);
    const answer = await response.clone().arrayBuffer();
    post.requests++;
    post.ms += performance.now() - t;
    post.bytes += init.body?.size ?? init.body?.byteLength ?? 0;
    void answer;
    return response;
  };
  window.addEventListener('drop', () => (marks.drop ??= performance.now()), true);
  imp.addEventListener('fovea-import-scan', (e) => {
    marks.listed = performance.now();
    marks.scan = { instances: e.detail.instances, studies: e.detail.studies.length, series: e.detail.series, skipped: e.detail.skipped };
  });
  imp.addEventListener('fovea-image-change', () => (marks.firstImage ??= performance.now()));
  imp.addEventListener('fovea-error', (e) => (marks.errors ??= []).push(e.detail.code));
  imp.addEventListener('fovea-import-complete', (e) => {
    marks.uploaded = performance.now();
    marks.report = { counts: e.detail.report.counts, bytesSent: e.detail.report.bytesSent };
  });
  await customElements.whenDefined('fovea-import');
  window.ready = true;
</script></body></html>`;

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };

function serve(orthanc) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/dicom-web'))
      return proxyRequest(req, res, { prefix: '/dicom-web', target: orthanc.dicomWebRoot });
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      return;
    }
    const file = join(STANDALONE, path.replace(/^\/fovea\//, ''));
    if (!path.startsWith('/fovea/') || !file.startsWith(STANDALONE) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function emptyArchive(orthanc) {
  const ids = await (await fetch(`${orthanc.url}/studies`)).json();
  for (const id of ids) await fetch(`${orthanc.url}/studies/${id}`, { method: 'DELETE' });
}

/** Resident memory of every Chromium process, in MiB. */
function chromiumRssMiB(pid) {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,rss']).toString().trim().split('\n').slice(1);
  const rows = out.map((l) => l.trim().split(/\s+/).map(Number));
  const family = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [p, pp] of rows) {
      if (family.has(pp) && !family.has(p)) {
        family.add(p);
        grew = true;
      }
    }
  }
  return Math.round(rows.filter(([p]) => family.has(p)).reduce((n, [, , rss]) => n + rss, 0) / 1024);
}

async function heapMiB(page) {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Math.round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20);
  } finally {
    await cdp.detach();
  }
}

async function oneRun(browser, url, orthanc, upload) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1000, height: 1000 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e.message).slice(0, 200)));
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction('window.ready === true', { timeout: 60_000 });
    const box = await page.evaluate(() => {
      const r = document.getElementById('imp').shadowRoot.querySelector('[part="drop-zone"]').getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    });
    const heapBefore = await heapMiB(page);
    const rssBefore = chromiumRssMiB(browser.process().pid);
    const cdp = await page.createCDPSession();
    const data = { items: [], files: [MEDIA], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'])
      await cdp.send('Input.dispatchDragEvent', { type, ...box, data });
    await cdp.detach();
    await page.waitForFunction('window.marks.listed !== undefined', { timeout: 120_000, polling: 50 });
    const heapListed = await heapMiB(page);
    const rssListed = chromiumRssMiB(browser.process().pid);
    await page.waitForFunction('window.marks.firstImage !== undefined', { timeout: 120_000, polling: 50 });
    const heapShown = await heapMiB(page);
    const rssShown = chromiumRssMiB(browser.process().pid);
    const marks = await page.evaluate(() => window.marks);
    const run = {
      listMs: Math.round(marks.listed - marks.drop),
      firstImageAfterListMs: Math.round(marks.firstImage - marks.listed),
      firstImageFromDropMs: Math.round(marks.firstImage - marks.drop),
      scan: marks.scan,
      heapMiB: { before: heapBefore, listed: heapListed, shown: heapShown },
      chromiumRssMiB: { before: rssBefore, listed: rssListed, shown: rssShown },
    };
    if (upload) {
      await emptyArchive(orthanc);
      const started = await page.evaluate(() => performance.now());
      // The corpus holds several patients: confirmed as a person would, with the warning's checkbox.
      await page.evaluate(async (noPreview) => {
        const imp = document.getElementById('imp');
        if (noPreview) imp.previewStudy = '';
        imp.shadowRoot.querySelector('[part="warning"] input')?.click();
        await imp.updateComplete;
        const report = await imp.upload();
        if (!report) throw new Error('the upload did not start');
      }, args.includes('--upload-without-preview'));
      const done = await page.evaluate(() => window.marks);
      run.upload = {
        ms: Math.round(done.uploaded - started),
        counts: done.report.counts,
        post: { requests: done.post.requests, ms: Math.round(done.post.ms), bytes: done.post.bytes },
        bytes: done.report.bytesSent,
        mibPerSecond: Number((done.report.bytesSent / 2 ** 20 / ((done.uploaded - started) / 1000)).toFixed(1)),
        heapMiB: await heapMiB(page),
      };
    }
    run.pageErrors = errors;
    return run;
  } finally {
    await context.close();
  }
}

/** curl: the same files in the same batches (<= 16 MiB, <= 50 instances), two requests at a time. */
async function curlStow(orthanc, target = `${orthanc.dicomWebRoot}/studies`) {
  const files = walk(join(MEDIA, 'DICOM'));
  const batches = [];
  let batch = [];
  let bytes = 0;
  for (const file of files) {
    const size = statSync(file).size;
    if (batch.length && (bytes + size > MAX_BATCH_BYTES || batch.length >= MAX_BATCH_INSTANCES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += size;
  }
  if (batch.length) batches.push(batch);
  const dir = join(MEDIA, '..', 'curl-bodies');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const boundary = 'fovea-bench-boundary';
  const bodies = batches.map((b, i) => {
    const parts = b.flatMap((f) => [
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      readFileSync(f),
      Buffer.from('\r\n'),
    ]);
    const path = join(dir, `${i}.bin`);
    writeFileSync(path, Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]));
    return path;
  });
  const total = files.reduce((n, f) => n + statSync(f).size, 0);
  await emptyArchive(orthanc);
  const queue = [...bodies];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let body = queue.shift(); body; body = queue.shift()) {
        await new Promise((resolve, reject) => {
          const curl = spawn('curl', [
            '-sS',
            '-o',
            '/dev/null',
            '-w',
            '%{http_code}',
            '-X',
            'POST',
            '-H',
            `Content-Type: multipart/related; type="application/dicom"; boundary=${boundary}`,
            '-H',
            'Accept: application/dicom+json',
            // curl waits up to a second for a 100 Continue Orthanc never sends: not part of what is compared.
            '-H',
            'Expect:',
            '--data-binary',
            `@${body}`,
            target,
          ]);
          let code = '';
          curl.stdout.on('data', (d) => (code += d));
          curl.on('close', (status) =>
            status === 0 && code === '200' ? resolve() : reject(new Error(`curl ${status} ${code}`)),
          );
        });
      }
    }),
  );
  const ms = performance.now() - started;
  rmSync(dir, { recursive: true, force: true });
  return {
    ms: Math.round(ms),
    bytes: total,
    requests: bodies.length,
    mibPerSecond: Number((total / 2 ** 20 / (ms / 1000)).toFixed(1)),
  };
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : undefined;
};

if (!existsSync(join(STANDALONE, 'fovea.js'))) {
  throw new Error('no standalone build: FOVEA_BUILD=core,standalone npx rollup -c rollup.config.mjs');
}
prepare();
const files = walk(join(MEDIA, 'DICOM'));
const totalBytes = files.reduce((n, f) => n + statSync(f).size, 0);
log(`${files.length} files, ${(totalBytes / 2 ** 20).toFixed(0)} MiB`);
const orthanc = await startOrthanc({ port: 0, log: false });
const server = await serve(orthanc);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await puppeteer.launch({ executablePath: findChromium(), args: chromiumArgs('webgl'), headless: true });
const results = {
  at: new Date().toISOString(),
  machine: {
    nproc: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    load: loadavg().map((v) => +v.toFixed(2)),
  },
  chromium: await browser.version(),
  files: files.length,
  mib: Math.round(totalBytes / 2 ** 20),
  runs: [],
};
try {
  for (let i = 0; i < RUNS; i++) {
    const run = await oneRun(browser, url, orthanc, UPLOAD && i === RUNS - 1);
    log(JSON.stringify(run));
    results.runs.push(run);
  }
  if (UPLOAD) {
    results.curl = await curlStow(orthanc);
    log(`curl: ${JSON.stringify(results.curl)}`);
    // The page reaches Orthanc through the same-origin proxy: curl through it too, to tell the two apart.
    results.curlViaProxy = await curlStow(orthanc, `${url}dicom-web/studies`);
    log(`curl via the page's proxy: ${JSON.stringify(results.curlViaProxy)}`);
    const fovea = results.runs.at(-1).upload;
    results.uploadRatio = Number((fovea.mibPerSecond / results.curl.mibPerSecond).toFixed(2));
    results.uploadRatioViaProxy = Number((fovea.mibPerSecond / results.curlViaProxy.mibPerSecond).toFixed(2));
  }
  results.summary = {
    listMsMedian: median(results.runs.map((r) => r.listMs)),
    firstImageAfterListMsMedian: median(results.runs.map((r) => r.firstImageAfterListMs)),
    firstImageFromDropMsMedian: median(results.runs.map((r) => r.firstImageFromDropMs)),
    heapMiBShownMax: Math.max(...results.runs.map((r) => r.heapMiB.shown)),
    chromiumRssMiBShownMax: Math.max(...results.runs.map((r) => r.chromiumRssMiB.shown)),
    chromiumRssMiBGrowthMax: Math.max(...results.runs.map((r) => r.chromiumRssMiB.shown - r.chromiumRssMiB.before)),
    uploadRatio: results.uploadRatio,
    uploadRatioViaProxy: results.uploadRatioViaProxy,
  };
  log(`summary: ${JSON.stringify(results.summary)}`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  server.close();
  await orthanc.stop();
}
