// Where a bench page spends its main thread: a CDP CPU profile of one stack
// load or one scroll, self time per function, source-mapped through the bundles'
// maps (Fovea's snapshot and the bench pages). Start the pages first with
// `node bench/run.mjs --serve`, then:
//
//   node bench/profile.mjs URL PAGE [explicit-le|jpegls-lossless] [first|stack|scroll]
//                          [webgl|webgl-sw-compositing|no-webgl] [QUERY]
//
// e.g. node bench/profile.mjs http://127.0.0.1:PORT fovea jpegls-lossless stack
//      node bench/profile.mjs http://127.0.0.1:PORT fovea explicit-le scroll webgl '?overlays=0'
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../scripts/lib/chromium.mjs';
import { OUT } from './build.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const [url, name, syntax = 'explicit-le', phase = 'stack', mode = 'webgl', query = ''] = process.argv.slice(2);
if (!url || !name) {
  console.error('usage: node bench/profile.mjs URL PAGE [syntax] [first|stack|scroll] [chromium mode] [query]');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(BENCH, '../.data/corpus/manifest.json'), 'utf8'));
const s = manifest.series.find((x) => x.syntax === syntax && x.seriesKey === 'ct');
const series = { studyUid: s.studyInstanceUid, seriesUid: s.seriesInstanceUid };
const args =
  mode === 'no-webgl'
    ? chromiumArgs('no-webgl')
    : mode === 'webgl-sw-compositing'
      ? [...chromiumArgs('webgl'), '--disable-gpu-compositing']
      : chromiumArgs('webgl');

const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args });
let profile;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
  await page.goto(`${url}/${name}.html${query}`, { waitUntil: 'load' });
  await page.waitForFunction('window.benchHarnessReady === true && window.benchApp !== undefined');
  await page.evaluate(() => window.bench.prepare());
  await page.evaluate(() => window.bench.settle());
  const cdp = await page.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  if (phase === 'first') {
    await cdp.send('Profiler.start');
    console.log(await page.evaluate((x) => window.bench.show(x), series));
  } else if (phase === 'stack') {
    await cdp.send('Profiler.start');
    console.log(await page.evaluate((x) => window.bench.show(x), series));
    console.log(await page.evaluate(() => window.bench.waitStack()));
  } else {
    await page.evaluate((x) => window.bench.show(x), series);
    await page.evaluate(() => window.bench.waitStack());
    await new Promise((r) => setTimeout(r, 500));
    await cdp.send('Profiler.start');
    const r = await page.evaluate(() => window.bench.scroll(1));
    const sorted = r.intervals.sort((a, b) => a - b);
    console.log({
      drawn: r.rendered,
      medianMs: sorted[sorted.length >> 1],
      p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))],
    });
  }
  ({ profile } = await cdp.send('Profiler.stop'));
} finally {
  await browser.close();
}

const selfTime = new Map();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const maps = new Map();
function sourceMap(scriptUrl) {
  if (!maps.has(scriptUrl)) {
    let map = null;
    try {
      const path = new URL(scriptUrl).pathname;
      const file = path.startsWith('/fovea/standalone/')
        ? join(OUT, 'fovea-snapshot', path.slice('/fovea/standalone/'.length))
        : path.startsWith('/build/')
          ? join(OUT, path.slice('/build/'.length))
          : undefined;
      if (file && existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(scriptUrl, map);
  }
  return maps.get(scriptUrl);
}
function label(node) {
  const cf = node.callFrame;
  const entry = cf.url ? sourceMap(cf.url)?.findEntry(cf.lineNumber, cf.columnNumber) : undefined;
  if (entry?.originalSource) {
    const source = entry.originalSource.replace(/.*node_modules\//, '').replace(/.*packages\//, 'packages/');
    return `${entry.name ?? cf.functionName ?? '(anon)'} ${source}:${entry.originalLine + 1}`;
  }
  return `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}`;
}
const byLabel = new Map();
let total = 0;
let idle = 0;
for (const node of profile.nodes) {
  const t = selfTime.get(node.id) ?? 0;
  total += t;
  if (node.callFrame.functionName === '(idle)') idle += t;
  if (t) byLabel.set(label(node), (byLabel.get(label(node)) ?? 0) + t);
}
console.log(`profiled ${(total / 1000).toFixed(0)} ms, main thread busy ${((total - idle) / 1000).toFixed(0)} ms`);
for (const [k, v] of [...byLabel].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}
