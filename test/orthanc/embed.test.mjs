// Issues 7 and 15's check: a newcomer embeds a viewer from the guides alone,
// against Orthanc. Packs the built packages, then in fresh scratch folders follows
//   docs/guides/getting-started.md (a plain HTML page with the standalone bundle,
//     served by the guide's own development proxy command),
//   docs/guides/react.md (a new React app built with Vite),
//   docs/guides/vue.md (a new Vue app built with Vite) and
//   docs/guides/angular.md (a new Angular CLI app, built with its builder)
// by running the guides' own code blocks (npm install with the tarballs in
// place of the registry names, the study and series UIDs filled in, Orthanc's
// address in place of 127.0.0.1:8042), serves each built app behind a
// same-origin /dicom-web proxy to a private Orthanc and looks at the page in
// Chromium as a person would. Each guide prints how long it took.
//
//   node --import tsx --test test/orthanc/embed.test.mjs
//
// Needs the packages built (`npm run build`, or the build phase of `npm test`)
// and the corpus (.data/corpus). Uses npm and the registry (vite, react), with
// npm's default cache. FOVEA_KEEP_SCRATCH=1 keeps the scratch folders.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../../scripts/lib/chromium.mjs';
import { loadStudies, startOrthanc } from '../../scripts/lib/orthanc.mjs';
import { proxyRequest } from '@fovea-dicom/demo/proxy';
import { pnpmCommand } from '../../scripts/lib/run.mjs';
import { serveStatic } from '@fovea-dicom/demo/server/static.js';

const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const GUIDES = join(ROOT, 'docs/guides');
const CORPUS = join(ROOT, '.data/corpus');
const KEEP = process.env.FOVEA_KEEP_SCRATCH === '1';
const PACKAGES = ['core', 'elements', 'react'];
/** The Fovea packages each one depends on. @type {Record<string, string[]>} */
const FOVEA_DEPENDENCIES = {
  '@fovea-dicom/core': [],
  '@fovea-dicom/elements': ['@fovea-dicom/core'],
  '@fovea-dicom/react': ['@fovea-dicom/core', '@fovea-dicom/elements'],
};
/** The smallest uncompressed series of the corpus (2.6 MB of MR). */
const SERIES = { syntax: 'explicit-le', seriesKey: 'mr' };
const NPM_TIMEOUT_MS = 240_000;
const PAGE_TIMEOUT_MS = 60_000;

/** Runs `name`, printing how long it took. @template T @param {string} name @param {() => Promise<T>} fn */
async function timed(name, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`embed: ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

/**
 * Runs a command; rejects with its output on a non-zero exit or after `timeoutMs`.
 * @param {string} cmd @param {string[]} args @param {{ cwd: string, timeoutMs?: number, env?: NodeJS.ProcessEnv }} opts
 */
function exec(cmd, args, { cwd, timeoutMs = NPM_TIMEOUT_MS, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${signal ?? `exit ${code}`}\n${output}`));
    });
  });
}

/** The fenced code blocks of a markdown file, in order. @param {string} file */
function codeBlocks(file) {
  const text = readFileSync(join(GUIDES, file), 'utf8');
  return [...text.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], code: m[2] }));
}

/** The one block of `lang` whose code matches `re`. @param {string} file @param {string} lang @param {RegExp} re */
function block(file, lang, re) {
  const found = codeBlocks(file).filter((b) => b.lang === lang && re.test(b.code));
  assert.equal(found.length, 1, `${file}: expected one \`\`\`${lang} block matching ${re}, found ${found.length}`);
  return found[0].code;
}

/**
 * Runs a guide's shell block line by line in `cwd`, as a newcomer types it:
 * `npm install` gets the packed tarballs in place of the @fovea-dicom names (they
 * are not published); other lines run as written.
 * @param {string} code @param {string} cwd @param {Record<string, string>} tarballs
 */
async function runShellBlock(code, cwd, tarballs) {
  for (const line of code.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const words = line.split(/\s+/);
    if (words[0] === 'cd' && words.length === 2) {
      cwd = join(cwd, words[1]);
    } else if (words[0] === 'npm' && (words[1] === 'install' || words[1] === 'i')) {
      const args = words.slice(2).map((w) => tarballs[w] ?? w);
      // The Fovea packages depend on each other by exact version: those a named one needs go
      // in the same command so npm never asks the registry for them.
      for (const name of new Set(words.flatMap((w) => FOVEA_DEPENDENCIES[w] ?? []))) {
        if (!words.includes(name)) args.push(tarballs[name]);
      }
      await timed(`${line} (${cwd.split('/').pop()})`, () =>
        exec('npm', ['install', '--no-audit', '--no-fund', ...args], { cwd }),
      );
    } else if (words[0] === 'npx') {
      await timed(`${line.slice(0, 60)}… (${cwd.split('/').pop()})`, () => exec('sh', ['-c', line], { cwd }));
    } else {
      await exec('sh', ['-c', line], { cwd, timeoutMs: 60_000 });
    }
  }
  return cwd;
}

/**
 * Writes the blocks of a guide whose first line names a file (`// vite.config.mjs`,
 * `<!-- index.html -->`) into `dir`; returns the names.
 * @param {string} file @param {string} dir
 */
async function writeFileBlocks(file, dir) {
  const names = [];
  for (const { code } of codeBlocks(file)) {
    const m = /^(?:\/\/|<!--)\s*([\w./-]+\.\w+)\s*(?:-->)?\n/.exec(code);
    if (!m) continue;
    await mkdir(join(dir, m[1], '..'), { recursive: true });
    await writeFile(join(dir, m[1]), code);
    names.push(m[1]);
  }
  return names;
}

/**
 * Serves `dir` (the demo's static file handler) and forwards /dicom-web to
 * Orthanc, as the guides' same-origin reverse proxy. Paths with no file answer
 * 404 and are listed in `failed`.
 * @param {string} dir @param {string} dicomWebRoot
 * @returns {Promise<{ url: string, close: () => Promise<void>, failed: string[] }>}
 */
function serve(dir, dicomWebRoot) {
  /** @type {string[]} */
  const failed = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/dicom-web' || path.startsWith('/dicom-web/')) {
      proxyRequest(req, res, { prefix: '/dicom-web', target: dicomWebRoot });
      return;
    }
    void serveStatic(req, res, '/', dir).then((served) => {
      if (served) return;
      failed.push(path);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        failed,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r(undefined));
          }),
      });
    });
  });
}

/** Every file under `dir`. @param {string} dir @returns {Promise<string[]>} */
async function filesUnder(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** A TCP port nothing listens on now. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const addr = probe.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a guide's long-running shell command in `cwd` and waits until
 * http://127.0.0.1:`port`/ answers; `close()` ends it (its whole process group).
 * @param {string} command @param {string} cwd @param {number} port
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
async function background(command, cwd, port) {
  const child = spawn('sh', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  const close = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    await gone;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + NPM_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`${command} exited:\n${output}`);
    const ok = await fetch(`${url}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, close };
    if (Date.now() > deadline) {
      await close();
      throw new Error(`${command} did not answer within ${NPM_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Opens `url` and waits for what a person sees: the viewport labelled
 * "Image …" with a canvas that is not black in its middle; then makes a PDF
 * of it (the PDF writer loads through the host's bundle). Fails on page
 * errors, console errors and failed requests. Returns the text of `status`
 * (a selector) once it is not empty.
 * @param {import('puppeteer-core').Browser} browser @param {string} url @param {string} status
 */
async function expectImage(browser, url, status) {
  const page = await browser.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e instanceof Error ? e.message : e}`));
  // Chromium asks for /favicon.ico by itself: not the page's doing.
  const ours = (/** @type {string} */ u) => !u.endsWith('/favicon.ico');
  page.on('console', (m) => {
    if (m.type() === 'error' && ours(m.location().url ?? ''))
      problems.push(`console error: ${m.text()} (${m.location().url ?? ''})`);
  });
  // ERR_ABORTED: the viewport cancelled a frame request it no longer needs.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && ours(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  try {
    await page.setViewport({ width: 800, height: 700 });
    await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    const state = await page
      .waitForFunction(
        () => {
          const el = /** @type {(HTMLElement & { canvas?: HTMLCanvasElement }) | null} */ (
            document.querySelector('fovea-viewport')
          );
          const label = el?.getAttribute('aria-label') ?? '';
          if (!label.startsWith('Image') || !el.canvas) return false;
          /** @type {HTMLCanvasElement} */
          const canvas = el.canvas;
          const ctx = canvas.getContext('2d', { willReadFrequently: true });
          if (!ctx || !canvas.width) return false;
          const w = Math.max(1, Math.floor(canvas.width / 4));
          const h = Math.max(1, Math.floor(canvas.height / 4));
          const data = ctx.getImageData(
            Math.floor(canvas.width / 2 - w / 2),
            Math.floor(canvas.height / 2 - h / 2),
            w,
            h,
          ).data;
          let lit = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 30) lit++;
          return lit > (w * h) / 20 ? { label, lit, of: w * h, size: [canvas.width, canvas.height] } : false;
        },
        { timeout: PAGE_TIMEOUT_MS, polling: 250 },
      )
      .then((h) => h.jsonValue())
      .catch(async (error) => {
        const label = await page.$eval('fovea-viewport', (el) => el.getAttribute('aria-label')).catch(() => '(none)');
        throw new Error(
          `no image on ${url} (viewport aria-label: ${label}); ${problems.join('; ') || 'no errors'}: ${error.message}`,
        );
      });
    console.log(`embed: ${url}: ${JSON.stringify(state)}`);
    // Print to PDF loads the PDF writer, a chunk of its own (dist/standalone/pdf/), through the host's bundle.
    const pdf = await page.evaluate(async () => {
      const el = /** @type {(HTMLElement & { toPdf(): Promise<Blob> }) | null} */ (
        document.querySelector('fovea-viewport')
      );
      if (!el) return undefined;
      const blob = await el.toPdf();
      return { type: blob.type, head: new TextDecoder().decode(await blob.slice(0, 5).arrayBuffer()), size: blob.size };
    });
    assert.equal(pdf?.type, 'application/pdf', `a PDF from ${url}`);
    assert.equal(pdf.head, '%PDF-');
    assert.ok(pdf.size > 10_000, `a PDF with an image from ${url} (${pdf.size} bytes)`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim(), { timeout: 10_000 }, status);
    const text = await page.$eval(status, (el) => el.textContent?.trim() ?? '');
    assert.deepEqual(problems, [], `problems on ${url}`);
    return text;
  } finally {
    await page.close();
  }
}

describe('embedding a viewer from the guides alone, against Orthanc', { timeout: 1_200_000 }, () => {
  /** @type {string} */
  let scratch;
  /** @type {Record<string, string>} package name -> tarball */
  const tarballs = {};
  /** @type {import('../../scripts/lib/orthanc.mjs').OrthancHandle | undefined} */
  let orthanc;
  /** @type {import('puppeteer-core').Browser | undefined} */
  let browser;
  /** @type {{ close: () => Promise<void> }[]} */
  const servers = [];
  /** @type {{ studyInstanceUid: string, seriesInstanceUid: string, directory: string }} */
  let series;
  /** @type {Promise<unknown>} */
  let orthancReady;

  before(async () => {
    for (const p of PACKAGES) {
      const dist = join(ROOT, 'packages', p, 'dist/index.js');
      assert.ok(existsSync(dist), `${dist} is missing: build the packages first (npm run build)`);
    }
    assert.ok(
      existsSync(join(ROOT, 'packages/elements/dist/standalone/fovea.js')),
      'packages/elements/dist/standalone/fovea.js is missing: build the standalone bundle first (npm run build)',
    );
    const manifest = JSON.parse(await readFile(join(CORPUS, 'manifest.json'), 'utf8'));
    series = manifest.series.find(
      (/** @type {{ syntax: string, seriesKey: string }} */ s) =>
        s.syntax === SERIES.syntax && s.seriesKey === SERIES.seriesKey,
    );
    assert.ok(series, `no ${SERIES.syntax}/${SERIES.seriesKey} series in ${CORPUS}/manifest.json`);
    scratch = await mkdtemp(join(tmpdir(), 'fovea-embed-'));
    // Orthanc starts and loads while npm works.
    orthancReady = timed('Orthanc started and loaded', async () => {
      orthanc = await startOrthanc({ port: 0 });
      return loadStudies(orthanc, join(CORPUS, series.directory));
    });
    orthancReady.catch(() => {});
    await timed('pnpm pack', async () => {
      await mkdir(join(scratch, 'packs'));
      // A fresh machine has no global pnpm: the same pnpm the scripts install with.
      const pnpm = pnpmCommand();
      for (const p of PACKAGES) {
        const out = await exec(pnpm.cmd, [...pnpm.pre, 'pack', '--pack-destination', join(scratch, 'packs')], {
          cwd: join(ROOT, 'packages', p),
          timeoutMs: 120_000,
        });
        const file = out.trim().split('\n').pop()?.trim() ?? '';
        assert.ok(file.endsWith('.tgz') && existsSync(file), `pnpm pack in packages/${p} gave no tarball:\n${out}`);
        tarballs[`@fovea-dicom/${p}`] = file;
      }
    });
    const chromium = findChromium();
    assert.ok(chromium, 'Chromium not found (apt-get install -y chromium, or set CHROME_PATH)');
    browser = await puppeteer.launch({ executablePath: chromium, args: chromiumArgs('webgl'), headless: true });
  });

  after(async () => {
    await Promise.allSettled(servers.map((s) => s.close()));
    await browser?.close().catch(() => {});
    await orthancReady?.catch(() => {});
    await orthanc?.stop();
    if (scratch && !KEEP) await rm(scratch, { recursive: true, force: true });
    else if (scratch) console.log(`embed: scratch folders kept in ${scratch}`);
  });

  /** UIDs in place of the guides' placeholders 1.2.3 / 1.2.3.4. @param {string} code */
  function withUids(code) {
    const out = code
      .replace(/(study-uid="|studyUid="|studyUid = ')1\.2\.3(["'])/g, `$1${series.studyInstanceUid}$2`)
      .replace(/(series-uid="|seriesUid="|seriesUid = ')1\.2\.3\.4(["'])/g, `$1${series.seriesInstanceUid}$2`);
    assert.ok(
      out.includes(series.studyInstanceUid) && out.includes(series.seriesInstanceUid),
      'placeholders not found',
    );
    return out;
  }

  it('a plain HTML page (getting-started.md)', async () => {
    const guide = 'getting-started.md';
    const dir = join(scratch, 'html');
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), '{ "name": "html-page", "private": true }\n');
    await runShellBlock(block(guide, 'sh', /npm install/), dir, tarballs);
    await writeFile(join(dir, 'public/index.html'), withUids(block(guide, 'html', /<fovea-viewport/)));
    // What the copy holds: the bundle, the rendering stack once, notices; no third-party source maps.
    const copied = await filesUnder(join(dir, 'public/fovea'));
    const bytes = copied.reduce((sum, f) => sum + statSync(f).size, 0);
    console.log(`embed: public/fovea holds ${copied.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
    // 8.2 MB since the codecs' JavaScript builds (1.1 MB, fetched only where a page's policy blocks wasm: decision 0014).
    assert.ok(bytes < 9e6, `the copied standalone folder is ${(bytes / 1e6).toFixed(1)} MB`);
    assert.ok(
      copied.some((f) => f.endsWith('/THIRD-PARTY-NOTICES.txt')),
      'notices travel with the copy',
    );
    await orthancReady;
    assert.ok(orthanc);
    // The guide's development server, with a free port and Orthanc's address.
    const port = await freePort();
    const command = block(guide, 'sh', /http-server/)
      .trim()
      .replace('-p 8080', `-p ${port}`)
      .replace('http://127.0.0.1:8042', orthanc.url);
    assert.ok(command.includes(String(port)) && command.includes(orthanc.url), `unexpected command: ${command}`);
    const site = await timed(`${command.split(' --proxy')[0]} started`, () => background(command, dir, port));
    servers.push(site);
    const where = await timed('HTML page shows an image', () =>
      expectImage(/** @type {import('puppeteer-core').Browser} */ (browser), `${site.url}/`, '#where'),
    );
    assert.match(where, /^image \d+ of \d+$/);
  });

  it('a new React app built with Vite (react.md)', async () => {
    const guide = 'react.md';
    const dir = await runShellBlock(block(guide, 'sh', /npm init/), scratch, tarballs);
    const written = await writeFileBlocks(guide, dir);
    assert.deepEqual(written.sort(), ['index.html', 'vite.config.mjs']);
    assert.match(
      readFileSync(join(GUIDES, guide), 'utf8'),
      /\[`examples\/react-app\.tsx`\]\(examples\/react-app\.tsx\), as `src\/main\.tsx`/,
    );
    await mkdir(join(dir, 'src'));
    await writeFile(
      join(dir, 'src/main.tsx'),
      withUids(await readFile(join(GUIDES, 'examples/react-app.tsx'), 'utf8')),
    );
    await timed('npx vite build', () => exec('npx', ['vite', 'build'], { cwd: dir }));
    await orthancReady;
    assert.ok(orthanc);
    const site = await serve(join(dir, 'dist'), orthanc.dicomWebRoot);
    servers.push(site);
    const position = await timed('React app shows an image', () =>
      expectImage(/** @type {import('puppeteer-core').Browser} */ (browser), `${site.url}/`, 'section > p'),
    );
    assert.match(position, /^\d+ \/ \d+$/);
  });

  it('a new Vue app built with Vite (vue.md)', async () => {
    const guide = 'vue.md';
    await mkdir(join(scratch, 'vue'));
    const dir = await runShellBlock(block(guide, 'sh', /npm init/), join(scratch, 'vue'), tarballs);
    const written = await writeFileBlocks(guide, dir);
    assert.deepEqual(written.sort(), ['index.html', 'src/App.vue', 'src/main.js', 'vite.config.mjs']);
    await writeFile(join(dir, 'src/App.vue'), withUids(await readFile(join(dir, 'src/App.vue'), 'utf8')));
    await timed('npx vite build (Vue)', () => exec('npx', ['vite', 'build'], { cwd: dir }));
    await orthancReady;
    assert.ok(orthanc);
    const site = await serve(join(dir, 'dist'), orthanc.dicomWebRoot);
    servers.push(site);
    const position = await timed('Vue app shows an image', () =>
      expectImage(/** @type {import('puppeteer-core').Browser} */ (browser), `${site.url}/`, 'section > p'),
    );
    assert.match(position, /^\d+ \/ \d+$/);
  });

  it('a new Angular CLI app (angular.md)', async () => {
    const guide = 'angular.md';
    await mkdir(join(scratch, 'angular'));
    const dir = await runShellBlock(block(guide, 'sh', /@angular\/cli/), join(scratch, 'angular'), tarballs);
    const app = block(guide, 'ts', /CUSTOM_ELEMENTS_SCHEMA/);
    assert.equal(
      app,
      await readFile(join(GUIDES, 'examples/angular-app.ts'), 'utf8'),
      'the guide shows the type-checked example',
    );
    await writeFile(join(dir, 'src/app/app.ts'), withUids(app));
    await timed('npx ng build', () => exec('npx', ['ng', 'build'], { cwd: dir }));
    await orthancReady;
    assert.ok(orthanc);
    const site = await serve(join(dir, 'dist/my-viewer/browser'), orthanc.dicomWebRoot);
    servers.push(site);
    const position = await timed('Angular app shows an image', () =>
      expectImage(/** @type {import('puppeteer-core').Browser} */ (browser), `${site.url}/`, 'section > p'),
    );
    assert.match(position, /^\d+ \/ \d+$/);
  });
});
