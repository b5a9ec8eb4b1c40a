// Walks every story and docs page of the static Storybook in headless Chromium
// and fails on any console error, page error or failed request; checks that
// each story reaches the state it shows: every Fovea element ready and every
// viewport with pixels on its canvas, unless tagged state-<kind> (idle,
// loading, empty, not-found, error: some element shows that state).
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

/** Every event the elements fire, from the manifest the Storybook was built with. */
const manifest = JSON.parse(readFileSync(join(root, 'packages/elements/custom-elements.json'), 'utf8'));
const EVENTS = [
  ...new Set(
    manifest.modules.flatMap((m) => (m.declarations ?? []).flatMap((d) => (d.events ?? []).map((e) => e.name))),
  ),
];
/** Event names that fired in any story, and whether the Actions panel got each. */
const firedAnywhere = new Set();

/**
 * Runs in each page before Storybook: records every Fovea event that fires
 * (capture on window: composed events from any shadow root), and every action
 * the Actions addon sends to its panel (by wrapping the channel's emit).
 */
function recordEvents(names) {
  const w = window;
  w.__foveaFired = [];
  w.__foveaLogged = [];
  for (const name of names) w.addEventListener(name, () => w.__foveaFired.push(name), true);
  let channel;
  Object.defineProperty(w, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(next) {
      channel = next;
      if (!next || next.__foveaRecorded) return;
      const emit = next.emit.bind(next);
      next.emit = (type, ...args) => {
        if (type === 'storybook/actions/action-event') w.__foveaLogged.push(args[0]?.data?.name);
        return emit(type, ...args);
      };
      next.__foveaRecorded = true;
    },
  });
}

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

/**
 * What the page's Fovea elements show, shadow roots included (a viewer's
 * viewports, thumbnails and toolbar): one state per element, and for a ready
 * viewport how many grey levels its canvas has.
 */
function elementStates() {
  const elements = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName.startsWith('fovea-')) elements.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const statusOf = (el) => el.shadowRoot?.querySelector('[part="status"]')?.getAttribute('data-kind');
  const viewport = (el) => {
    const status = statusOf(el);
    if (status) return { state: status };
    const canvas = el.canvas;
    if (!canvas) return { state: 'no-canvas' };
    const { width, height } = canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx || width === 0 || height === 0) return { state: 'ready', levels: 0 };
    const data = ctx.getImageData(0, 0, width, height).data;
    const levels = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) levels.add(data[i]);
    return { state: 'ready', levels: levels.size };
  };
  const list = (el, item) => {
    const status = statusOf(el);
    const items = el.shadowRoot?.querySelectorAll(item).length ?? 0;
    // The study list keeps a status line (count) under its rows; the series browser shows one instead of items.
    if (status && status !== 'ready') return { state: status };
    return { state: items > 0 ? 'ready' : 'no-items' };
  };
  return elements.flatMap((el) => {
    const name = el.localName;
    if (name === 'fovea-viewport') return [{ name, ...viewport(el) }];
    if (name === 'fovea-study-list') return [{ name, ...list(el, '[part~="row"]') }];
    if (name === 'fovea-series-browser') return [{ name, ...list(el, '[part~="item"]') }];
    if (name === 'fovea-viewer') return [{ name, state: statusOf(el) ?? 'ready' }];
    if (name === 'fovea-import') {
      const busy = el.status === 'scanning' || el.status === 'uploading';
      return [{ name, state: el.status === 'empty' ? 'idle' : busy ? 'loading' : 'ready' }];
    }
    return []; // the toolbar has no state of its own
  });
}

/**
 * Whether a story shows what its tag says: `ready` (no tag) needs every
 * element ready, each viewport with pixels; any other state needs some
 * element in it and none still loading (a viewer whose thumbnails failed has
 * an empty viewport beside them).
 */
function shows(states, expected) {
  if (expected === 'ready') return states.every((s) => s.state === 'ready' && (s.levels === undefined || s.levels > 8));
  return (
    states.some((s) => s.state === expected) && (expected === 'loading' || !states.some((s) => s.state === 'loading'))
  );
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
    await page.evaluateOnNewDocument(recordEvents, EVENTS);
    await page.setViewport({ width: 1000, height: 800 });
    const viewMode = entry.type === 'docs' ? 'docs' : 'story';
    await page.goto(`${origin}/iframe.html?id=${entry.id}&viewMode=${viewMode}`, { waitUntil: 'load' });
    const expected = entry.tags.find((t) => t.startsWith('state-'))?.slice('state-'.length) ?? 'ready';
    if (entry.type === 'story') {
      // Wait until the elements show the state expected (for the loading stories, a while in it).
      const settle = expected === 'loading' ? 1500 : 30_000;
      const deadline = Date.now() + settle;
      let states = [];
      for (;;) {
        states = await page.evaluate(elementStates);
        if ((states.length > 0 && expected !== 'loading' && shows(states, expected)) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(states.length > 0, `${entry.id}: no Fovea element on the page`);
      assert.ok(shows(states, expected), `${entry.id}: expected ${expected}, the page shows ${JSON.stringify(states)}`);
      // Every event that fired is in the Actions panel.
      const { fired, logged } = await page.evaluate(() => ({
        fired: window.__foveaFired,
        logged: window.__foveaLogged,
      }));
      const missing = [...new Set(fired)].filter((name) => !logged.includes(name));
      assert.deepEqual(missing, [], `${entry.id}: events not logged in Actions`);
      for (const name of fired) firedAnywhere.add(name);
    } else {
      await page.waitForSelector('#storybook-docs .sbdocs', { timeout: 30_000 });
      // Let the inline stories load their images.
      await page.waitForNetworkIdle({ idleTime: 1000, timeout: 60_000 });
      // TSDoc links in the manifest's descriptions read as names, not as raw markup.
      const raw = await page.$eval('#storybook-docs', (docs) => docs.innerText.match(/\{@link[^}]*\}/g) ?? []);
      assert.deepEqual(raw, [], `${entry.id}: raw {@link} in the docs`);
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

test('the stories fired the elements’ events (so the Actions check above had something to check)', () => {
  for (const name of ['fovea-image-change', 'fovea-voi-change', 'fovea-series-load', 'fovea-error']) {
    assert.ok(firedAnywhere.has(name), `${name} never fired: ${[...firedAnywhere]}`);
  }
});
