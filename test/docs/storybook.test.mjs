// Walks every story and docs page of the static Storybook in headless Chromium
// and fails on any console error, page error or failed request; checks that
// each viewport story reaches the state it shows (an image with pixels on the
// canvas, unless tagged state-idle / state-loading / state-error).
//
//   node --test test/docs/storybook.test.mjs
//
// Builds storybook-static first (about 20 s) unless FOVEA_STORYBOOK_PREBUILT=1.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../../scripts/lib/chromium.mjs';

const root = new URL('../../', import.meta.url).pathname;
const dir = join(root, 'storybook-static');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

if (process.env.FOVEA_STORYBOOK_PREBUILT !== '1' || !existsSync(join(dir, 'index.json'))) {
  const built = spawnSync('npm', ['run', 'build-storybook'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  assert.equal(built.status, 0, 'npm run build-storybook failed');
}
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
const entries = Object.values(index.entries);

let server;
let browser;
let origin;

before(async () => {
  server = createServer((req, res) => {
    // The browser's own favicon request: not the page's, and no Storybook asset.
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  const executablePath = findChromium();
  assert.ok(executablePath, 'Chromium not found (apt-get install chromium, or set CHROME_PATH)');
  browser = await puppeteer.launch({ executablePath, args: chromiumArgs('webgl'), headless: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** What the page's viewports show: state per viewport and, when ready, how many grey levels the canvas has. */
function viewportStates() {
  return [...document.querySelectorAll('fovea-viewport')].map((el) => {
    const status = el.shadowRoot?.querySelector('[part="status"]');
    if (status) return { state: status.getAttribute('data-kind') };
    const canvas = el.canvas;
    if (!canvas) return { state: 'no-canvas' };
    const { width, height } = canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx || width === 0 || height === 0) return { state: 'ready', levels: 0 };
    const data = ctx.getImageData(0, 0, width, height).data;
    const levels = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) levels.add(data[i]);
    return { state: 'ready', levels: levels.size };
  });
}

async function visit(entry) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()} ${m.location()?.url ?? ''}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  try {
    await page.setViewport({ width: 1000, height: 800 });
    const viewMode = entry.type === 'docs' ? 'docs' : 'story';
    await page.goto(`${origin}/iframe.html?id=${entry.id}&viewMode=${viewMode}`, { waitUntil: 'load' });
    const expected = entry.tags.find((t) => t.startsWith('state-'))?.slice('state-'.length) ?? 'ready';
    if (entry.type === 'story') {
      // Wait until every viewport has left "loading" (or, for the loading story, stayed there a while).
      const settle = expected === 'loading' ? 1500 : 30_000;
      const deadline = Date.now() + settle;
      let states = [];
      for (;;) {
        states = await page.evaluate(viewportStates);
        // "ready" comes a frame or two before the first pixels: wait for those too.
        const pending =
          states.length === 0 ||
          states.some(
            (s) => s.state === 'loading' || s.state === 'no-canvas' || (expected === 'ready' && s.levels <= 8),
          );
        if (!pending || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      if (states.length > 0) {
        for (const s of states) {
          assert.equal(s.state, expected, `${entry.id}: viewport shows ${JSON.stringify(s)}, expected ${expected}`);
          if (expected === 'ready') assert.ok(s.levels > 8, `${entry.id}: canvas looks empty (${s.levels} levels)`);
        }
      }
    } else {
      await page.waitForSelector('#storybook-docs .sbdocs', { timeout: 30_000 });
      // Let the inline stories load their images.
      await page.waitForNetworkIdle({ idleTime: 1000, timeout: 60_000 });
    }
    // Late errors (decode, rendering) surface after the first image.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(problems, [], `${entry.id}: errors in the page`);
  } finally {
    await page.close();
  }
}

test('the static Storybook has stories', () => {
  assert.ok(entries.filter((e) => e.type === 'story').length >= 10, 'fewer stories than expected');
});

for (const entry of entries) {
  test(`${entry.type} ${entry.id} renders without errors`, { timeout: 120_000 }, () => visit(entry));
}
