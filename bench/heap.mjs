// `npm run bench:heap`: what a page keeps per mount cycle, by kind. The main
// bench (`npm run bench`) reports the JS heap's growth per mount/unmount cycle
// (CDP JSHeapUsedSize); this says what that growth is made of, from two heap
// snapshots: JavaScript objects a page retains (a leak would show here),
// compiled code and its type feedback (V8 warming up: it levels off), object
// shapes, and the browser's own records (resource timing entries, capped by the
// browser; DevTools' per-request data while a client listens). It also counts
// the requests each cycle makes. Method: docs/performance.md, "Memory".
//
//   node bench/heap.mjs [--pages fovea,cornerstone] [--cycles N] [--warm N]
//                       [--chromium webgl|no-webgl]
//
// It starts `node bench/run.mjs --serve` (Orthanc, the bench pages) and stops
// it at the end; the CT series is explicit VR little endian, 512 x 512.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../scripts/lib/chromium.mjs';
import { heapUsed } from './lib/heap-used.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const opts = { pages: ['fovea', 'cornerstone'], cycles: 60, warm: 5, chromium: 'no-webgl' };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? '';
    if (argv[i] === '--pages') opts.pages = value().split(',').filter(Boolean);
    else if (argv[i] === '--cycles') opts.cycles = Math.max(2, Number(value()));
    else if (argv[i] === '--warm') opts.warm = Math.max(1, Number(value()));
    else if (argv[i] === '--chromium') opts.chromium = value();
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return opts;
}

/** Starts the bench pages; resolves with their URL and a stop function, once they are served. */
function servePages() {
  const child = spawn(process.execPath, [join(BENCH, 'run.mjs'), '--serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      const url = /(http:\/\/127\.0\.0\.1:\d+)\/fovea\.html/.exec(log)?.[1];
      if (url && log.includes('Ctrl-C stops')) {
        resolve({
          url,
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGINT');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}):\n${log}`)));
  });
}

/** Node kinds of a heap snapshot, grouped as this report counts them. */
const GROUPS = {
  'JS objects': new Set([
    'object',
    'closure',
    'array',
    'string',
    'concatenated string',
    'sliced string',
    'number',
    'regexp',
    'bigint',
    'symbol',
  ]),
  'compiled code': new Set(['code']),
  'object shapes': new Set(['object shape']),
  'browser records': new Set(['native']),
};

/** Bytes per group, and the count of the browser's resource timing entries, in one snapshot. */
function readSnapshot(text) {
  const snapshot = JSON.parse(text);
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const bytes = Object.fromEntries(Object.keys(GROUPS).map((g) => [g, 0]));
  bytes.other = 0;
  let resourceEntries = 0;
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = types[nodes[i + type]];
    const group = Object.keys(GROUPS).find((g) => GROUPS[g].has(kind)) ?? 'other';
    bytes[group] += nodes[i + size];
    if (kind === 'native' && snapshot.strings[nodes[i + name]] === 'PerformanceResourceTiming') resourceEntries++;
  }
  return { bytes, resourceEntries };
}

/** A heap snapshot of the page, read by kind, and the JS heap as the main bench measures it. */
async function snapshot(page, cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return { ...readSnapshot(chunks.join('')), heap: await heapUsed(page) };
}

async function measure(browser, url, name, series, opts) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  try {
    await page.goto(`${url}/${name}.html`, { waitUntil: 'load' });
    await page.waitForFunction('window.benchHarnessReady === true && window.benchApp !== undefined');
    await page.evaluate(() => window.bench.prepare());
    await page.evaluate(() => window.bench.settle());
    const cdp = await page.createCDPSession();
    const cycles = (n) => page.evaluate((x) => window.bench.cycles(x.series, x.n), { series, n });
    await cycles(opts.warm);
    const before = await snapshot(page, cdp);
    let requests = 0;
    page.on('request', () => requests++);
    await cycles(opts.cycles);
    page.removeAllListeners('request');
    const after = await snapshot(page, cdp);
    const per = (a, b) => (b - a) / opts.cycles;
    return {
      heapPerCycle: per(before.heap, after.heap),
      groups: Object.fromEntries(Object.keys(after.bytes).map((g) => [g, per(before.bytes[g], after.bytes[g])])),
      resourceEntriesPerCycle: per(before.resourceEntries, after.resourceEntries),
      requestsPerCycle: requests / opts.cycles,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

const opts = parseArgs(process.argv.slice(2));
const manifest = JSON.parse(readFileSync(join(BENCH, '../.data/corpus/manifest.json'), 'utf8'));
const s = manifest.series.find((x) => x.syntax === 'explicit-le' && x.seriesKey === 'ct');
const series = { studyUid: s.studyInstanceUid, seriesUid: s.seriesInstanceUid };
const server = await servePages();
const browser = await puppeteer.launch({
  executablePath: findChromium(),
  headless: true,
  args: chromiumArgs(opts.chromium === 'no-webgl' ? 'no-webgl' : 'webgl'),
});
try {
  const results = {};
  for (const name of opts.pages) results[name] = await measure(browser, server.url, name, series, opts);
  const kB = (v) => (v / 1024).toFixed(2);
  const rows = [
    ['JSHeapUsedSize growth (kB)', (r) => kB(r.heapPerCycle)],
    ...[...Object.keys(GROUPS), 'other'].map((g) => [`  ${g} (kB)`, (r) => kB(r.groups[g])]),
    ['requests', (r) => r.requestsPerCycle.toFixed(1)],
    ['resource timing entries', (r) => r.resourceEntriesPerCycle.toFixed(1)],
  ];
  console.log(
    `\nPer mount cycle, ${opts.cycles} cycles after ${opts.warm} to warm up (${opts.chromium}):\n` +
      `| figure | ${opts.pages.join(' | ')} |\n|---|${opts.pages.map(() => '---').join('|')}|`,
  );
  for (const [label, value] of rows)
    console.log(`| ${label} | ${opts.pages.map((n) => value(results[n])).join(' | ')} |`);
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
