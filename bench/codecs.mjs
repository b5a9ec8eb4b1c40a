// Decode speed of the codecs' JavaScript builds (emscripten wasm2js, what the
// decode worker uses under a Content-Security-Policy without
// 'wasm-unsafe-eval') against their WebAssembly builds, in Debian's Chromium,
// in one run, as ratios. Method and figures: docs/performance.md.
//
//   node bench/codecs.mjs [--runs N] [--warmup N] [--only TEXT] [--out FILE]
//
// --only keeps the frame sets whose label contains TEXT (e.g. 'JPEG 2000').
//
// Frames: the first frame of corpus files (.data/corpus), 512x512 CT (16-bit
// signed) and 256x256 MR (12-bit) where the corpus has them, plus the 640x480
// colour ultrasound and the 2000x2500 CR, per codec: JPEG-LS (CharLS), JPEG
// 2000 (OpenJPEG), JPEG baseline 8-bit (libjpeg-turbo; the corpus has no
// 512x512 frame in it). Each codec runs in a fresh dedicated worker
// (bench/pages/codecs-worker.js) that loads both builds from the very package
// files the render build bundles, checks that they give the same bytes, then
// decodes each frame `warmup` times untimed and `runs` times timed with each
// build, alternating which goes first. Start-up (loading, compiling and
// instantiating a build) and the first, cold decode are reported apart.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../scripts/lib/chromium.mjs';
import { median } from './lib/stats.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const CORPUS = join(ROOT, '.data/corpus');
// The codec packages and dicom-parser as @fovea-dicom/elements resolves them (the render build's).
const require = createRequire(join(ROOT, 'packages/elements/package.json'));
const dicomParser = require('dicom-parser');

const opts = { runs: 15, warmup: 3, only: '', out: join(BENCH, 'results/codecs.json') };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--runs') opts.runs = Number(process.argv[++i]);
  else if (a === '--warmup') opts.warmup = Number(process.argv[++i]);
  else if (a === '--only') opts.only = process.argv[++i];
  else if (a === '--out') opts.out = process.argv[++i];
  else throw new Error(`unknown option ${a}`);
}

const PACKAGES = {
  charls: '@cornerstonejs/codec-charls',
  openjpeg: '@cornerstonejs/codec-openjpeg',
  libjpegturbo: '@cornerstonejs/codec-libjpeg-turbo-8bit',
};
/** [label, codec, corpus folder, number of files]; the 5-megapixel CR frames get a third of the runs. */
const ALL_SETS = [
  ['JPEG-LS lossless, CT 512x512', 'charls', 'jpegls-lossless/ct', 3],
  ['JPEG-LS near-lossless, CT 512x512', 'charls', 'jpegls-near-lossless/ct', 3],
  ['JPEG-LS lossless, MR 256x256', 'charls', 'jpegls-lossless/mr', 3],
  ['JPEG-LS lossless, US 640x480 RGB', 'charls', 'jpegls-lossless/us', 1],
  ['JPEG-LS lossless, CR 2000x2500', 'charls', 'jpegls-lossless/cr', 1],
  ['JPEG 2000 lossless, CT 512x512', 'openjpeg', 'j2k-lossless/ct', 3],
  ['JPEG 2000 lossy, CT 512x512', 'openjpeg', 'j2k-lossy/ct', 3],
  ['JPEG 2000 lossless, MR 256x256', 'openjpeg', 'j2k-lossless/mr', 3],
  ['JPEG 2000 lossless, US 640x480 RGB', 'openjpeg', 'j2k-lossless/us', 1],
  ['JPEG 2000 lossless, CR 2000x2500', 'openjpeg', 'j2k-lossless/cr', 1],
  ['JPEG baseline, MR 256x256', 'libjpegturbo', 'jpeg-baseline/mr', 3],
  ['JPEG baseline, US 640x480 YBR', 'libjpegturbo', 'jpeg-baseline/us', 1],
  ['JPEG baseline, CR 2000x2500', 'libjpegturbo', 'jpeg-baseline/cr', 1],
];
const SETS = ALL_SETS.filter(([label]) => label.includes(opts.only));

/** The first frame of a Part 10 file's encapsulated Pixel Data. */
function firstFrame(file) {
  const bytes = new Uint8Array(readFileSync(file));
  const dataSet = dicomParser.parseDicom(bytes);
  const pixelData = dataSet.elements.x7fe00010;
  const frame = pixelData.basicOffsetTable.length
    ? dicomParser.readEncapsulatedImageFrame(dataSet, pixelData, 0)
    : dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, 0, pixelData.fragments.length);
  return Buffer.from(frame.buffer, frame.byteOffset, frame.length);
}

const frames = new Map();
for (const [label, , folder, count] of SETS) {
  const dir = join(CORPUS, folder);
  const files = readdirSync(dir).sort().slice(0, count);
  frames.set(
    label,
    files.map((f) => firstFrame(join(dir, f))),
  );
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  res.setHeader('Cache-Control', 'no-store');
  let m;
  if (url.pathname === '/') {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>codecs</title>');
  } else if (url.pathname === '/worker.js') {
    res.setHeader('Content-Type', 'text/javascript');
    res.end(readFileSync(join(BENCH, 'pages/codecs-worker.js')));
  } else if ((m = /^\/codecs\/(\w+)\/([\w.]+\.(js|wasm))$/.exec(url.pathname)) && PACKAGES[m[1]]) {
    const dir = dirname(require.resolve(`${PACKAGES[m[1]]}/decode`));
    res.setHeader('Content-Type', m[3] === 'wasm' ? 'application/wasm' : 'text/javascript');
    res.end(readFileSync(join(dir, m[2])));
  } else if ((m = /^\/frames\/(\d+)\/(\d+)$/.exec(url.pathname))) {
    res.setHeader('Content-Type', 'application/octet-stream');
    res.end([...frames.values()][Number(m[1])][Number(m[2])]);
  } else {
    res.statusCode = 404;
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: findChromium(),
  // A JPEG 2000 CR frame takes seconds with the JavaScript build: one set can outlast the default 180 s.
  protocolTimeout: 30 * 60_000,
  headless: true,
  args: chromiumArgs('webgl'),
});
const results = [];
try {
  const page = await browser.newPage();
  await page.goto(origin);
  const chromium = await browser.version();
  const loadAtStart = loadavg()[0];
  console.log(
    `${chromium}, load average ${loadAtStart.toFixed(1)}; ${opts.warmup} untimed + ${opts.runs} timed runs per frame and build (CR: 1 + ${Math.ceil(opts.runs / 3)})`,
  );
  console.log('decode: median per frame, warm; start-up: loading and compiling the build; first: its first decode\n');
  console.log(
    `${'frames'.padEnd(36)} ${'wasm ms'.padStart(8)} ${'js ms'.padStart(8)} ${'js/wasm'.padStart(8)}  ${'start-up wasm / js'.padStart(18)}  ${'first wasm / js'.padStart(16)}  same`,
  );
  for (const [s, [label, codec, , count]] of SETS.entries()) {
    const r = await page.evaluate(
      async (s, count, codec, runs, warmup) => {
        const frames = await Promise.all(
          Array.from({ length: count }, (_, i) => fetch(`/frames/${s}/${i}`).then((x) => x.arrayBuffer())),
        );
        const worker = new Worker('/worker.js');
        const out = await new Promise((resolve) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => resolve({ ok: false, error: e.message });
          worker.postMessage({ codec, frames, runs, warmup }, frames);
        });
        worker.terminate();
        return out;
      },
      s,
      count,
      codec,
      label.includes('CR') ? Math.ceil(opts.runs / 3) : opts.runs,
      label.includes('CR') ? 1 : opts.warmup,
    );
    if (!r.ok) throw new Error(`${label}: ${r.error}`);
    // Per frame: the median of its runs; per set: the median over its frames.
    const perFrame = (build) =>
      median(
        Array.from({ length: count }, (_, i) => median(r[build].times.filter((t) => t.frame === i).map((t) => t.ms))),
      );
    const wasm = perFrame('wasm');
    const js = perFrame('js');
    const row = {
      label,
      codec,
      frames: count,
      wasmMs: wasm,
      jsMs: js,
      ratio: js / wasm,
      startWasmMs: r.wasm.startMs,
      startJsMs: r.js.startMs,
      firstDecodeWasmMs: r.wasm.firstDecodeMs,
      firstDecodeJsMs: r.js.firstDecodeMs,
      identical: r.identical,
      // Every timed decode, in order (frame index and ms), for a look at how a build settles.
      wasmTimes: r.wasm.times,
      jsTimes: r.js.times,
    };
    results.push(row);
    console.log(
      `${label.padEnd(36)} ${wasm.toFixed(1).padStart(8)} ${js.toFixed(1).padStart(8)} ${`${row.ratio.toFixed(2)}x`.padStart(8)}  ${`${row.startWasmMs.toFixed(0)} / ${row.startJsMs.toFixed(0)}`.padStart(18)}  ${`${row.firstDecodeWasmMs.toFixed(0)} / ${row.firstDecodeJsMs.toFixed(0)}`.padStart(16)}  ${row.identical ? 'yes' : 'NO'}`,
    );
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  const record = {
    chromium,
    runs: opts.runs,
    warmup: opts.warmup,
    date: new Date().toISOString(),
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
    results,
  };
  console.log(`load average at the end ${record.loadAverage.end.toFixed(1)}`);
  writeFileSync(opts.out, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\nwritten to ${opts.out}`);
} finally {
  await browser.close();
  server.close();
}
if (results.some((r) => !r.identical)) {
  console.error('a JavaScript build decoded differently from its wasm build');
  process.exitCode = 1;
}
