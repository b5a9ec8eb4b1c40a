// What a host gets from npm: packs the three built packages (as a release
// would) and checks their licence, metadata, READMEs and size, that the
// rendering stack and each codec ship once with no third-party source maps, and
// that the THIRD-PARTY-NOTICES files name every package the builds bundled,
// each with its licence text.
//
// What was bundled is read from .cache/bundle-contents/*.json, which the
// rollup builds write from their module graphs (scripts/rollup/bundle-contents.mjs),
// independently of the notices plugin. Needs `npm run build` first.
//
//   node --test test/node/packages.test.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packPackages } from '../../scripts/lib/pack.mjs';

const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
/**
 * 3.5 MB: 2.4 MB for viewing (the rendering stack with its wasm codecs, once), then the codecs'
 * JavaScript builds for pages whose policy blocks WebAssembly (0.3 MB packed, decision 0014) and the
 * PDF writer for print (0.4 MB, decision 0015). Each is fetched only by a page that needs it.
 */
const ELEMENTS_PACKED_LIMIT = 3_500_000;
/** Packages the rendering stack is known to bundle: the check must not pass on an empty record. */
const EXPECTED_IN_RENDER = [
  '@cornerstonejs/core',
  '@cornerstonejs/dicom-image-loader',
  '@cornerstonejs/tools',
  '@cornerstonejs/codec-charls',
  '@cornerstonejs/codec-libjpeg-turbo-8bit',
  '@cornerstonejs/codec-openjpeg',
  '@cornerstonejs/codec-openjph',
  '@cornerstonejs/codec-libjxl',
  '@kitware/vtk.js',
  'dicom-parser',
  'comlink',
];

/** The package (name, version) a bundled file belongs to: the nearest package.json naming one. @param {string} file */
function owner(file) {
  for (let dir = dirname(join(ROOT, file)); dir.startsWith(ROOT) && dir !== ROOT; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8'));
    if (pkg.name && pkg.version) return { name: pkg.name, version: pkg.version };
  }
  throw new Error(`no package owns ${file}`);
}

/** Third-party packages in a build's record (files under node_modules, rendered modules and copied assets). @param {string} build */
function bundled(build) {
  const file = join(ROOT, '.cache/bundle-contents', `${build}.json`);
  assert.ok(existsSync(file), `${file} is missing: build first (npm run build)`);
  /** @type {{ chunks: Record<string, string[]>, assets: string[] }} */
  const record = JSON.parse(readFileSync(file, 'utf8'));
  const paths = [...Object.values(record.chunks).flat(), ...record.assets].filter((p) => p.includes('node_modules/'));
  /** @type {Map<string, { name: string, version: string }>} */
  const out = new Map();
  for (const p of paths) {
    const o = owner(p);
    out.set(`${o.name}@${o.version}`, o);
  }
  return { packages: [...out.values()], chunks: Object.keys(record.chunks) };
}

describe('the npm tarballs', () => {
  /** @type {string} */
  let dir;
  /** @type {ReturnType<typeof packPackages>} */
  let tarballs;
  const licence = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  const fileOf = (/** @type {string} */ pkg, /** @type {string} */ name) =>
    tarballs.find((t) => t.name === pkg)?.files.find((f) => f.name === `package/${name}`);

  before(() => {
    for (const p of ['core', 'elements', 'react']) {
      assert.ok(existsSync(join(ROOT, 'packages', p, 'dist/index.js')), `packages/${p}/dist: build first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'fovea-packages-'));
    tarballs = packPackages(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('each carries the MIT licence, complete metadata and a README that works on npm', () => {
    assert.match(licence, /^MIT License\n\nCopyright \(c\) \d{4} Fovea contributors\n/);
    for (const t of tarballs) {
      assert.equal(fileOf(t.name, 'LICENSE')?.data.toString('utf8'), licence, `${t.name}: LICENSE`);
      const manifest = fileOf(t.name, 'package.json');
      assert.ok(manifest, `${t.name}: package.json`);
      const pkg = JSON.parse(manifest.data.toString('utf8'));
      assert.equal(pkg.license, 'MIT');
      for (const field of ['description', 'repository', 'homepage', 'bugs', 'keywords', 'author', 'engines', 'files'])
        assert.ok(pkg[field], `${t.name}: package.json has no ${field}`);
      assert.ok('sideEffects' in pkg, `${t.name}: sideEffects`);
      assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/.+\.git$/);
      assert.equal(pkg.repository.directory, `packages/${t.name.split('/')[1]}`);
      assert.ok(!JSON.stringify(pkg).includes('workspace:'), `${t.name}: workspace: ranges left in package.json`);
      const readme = fileOf(t.name, 'README.md')?.data.toString('utf8') ?? '';
      assert.ok(readme.length > 200, `${t.name}: README`);
      // npm shows the README outside the repository: relative links to files outside the package break.
      const relative = [...readme.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((m) => m[1]);
      assert.deepEqual(relative, [], `${t.name}: README links npm cannot follow`);
    }
  });

  it('@fovea-dicom/elements is under 3.5 MB packed, with the rendering stack and each codec once', () => {
    const elements = tarballs.find((t) => t.name === '@fovea-dicom/elements');
    assert.ok(elements);
    const unpacked = elements.files.reduce((sum, f) => sum + f.size, 0);
    console.log(`elements: ${elements.packed} bytes packed, ${unpacked} unpacked, ${elements.files.length} files`);
    assert.ok(elements.packed < ELEMENTS_PACKED_LIMIT, `${elements.packed} bytes packed`);
    const names = elements.files.map((f) => f.name);
    const unhashed = (/** @type {string} */ n) => basename(n).replace(/-[\w-]{8}(\.\w+)$/, '$1');
    const once = (/** @type {string} */ what, /** @type {(f: { name: string, size: number }) => boolean} */ test) => {
      const found = elements.files.filter(test).map((f) => unhashed(f.name));
      assert.ok(found.length > 0, `no ${what} in the tarball`);
      assert.equal(new Set(found).size, found.length, `${what} more than once: ${found.join(', ')}`);
    };
    once('wasm codec', (f) => f.name.endsWith('.wasm'));
    // The JavaScript builds the decode worker imports where wasm may not be compiled (codec-builds.ts).
    const jsCodec = /\/(charlsjs|openjpegjs|libjpegturbojs)_decode-[\w-]{8}\.js$/;
    once('JavaScript codec build', (f) => jsCodec.test(f.name));
    const jsCodecs = elements.files.filter((f) => jsCodec.test(f.name));
    console.log(`JavaScript codec builds: ${jsCodecs.map((f) => `${unhashed(f.name)} ${f.size}`).join(', ')}`);
    assert.equal(jsCodecs.length, 3, 'JPEG-LS, JPEG 2000 and JPEG baseline JavaScript builds');
    // The worker is a small entry that imports its module: the module (decoders) once.
    once('decode worker module', (f) => /\/decodeImageFrameWorker-[\w-]{8}\.js$/.test(f.name) && f.size > 10_000);
    once('Cornerstone core chunk', (f) => /\/Settings-[\w-]{8}\.js$/.test(f.name));
    assert.equal(names.filter((n) => n.endsWith('/fovea-render.js')).length, 1, 'one rendering stack entry');
    // The PDF writer (jsPDF) is the pdf build's, shared by the package entries and the standalone bundle.
    once('jsPDF chunk', (f) => /\/jspdf[\w.]*-[\w-]{8}\.js$/.test(f.name));
    assert.equal(names.filter((n) => n.endsWith('/fovea-pdf.js')).length, 1, 'one PDF writer entry');
    // Source maps of our own code only.
    for (const f of elements.files.filter((x) => x.name.endsWith('.js.map'))) {
      const map = JSON.parse(f.data.toString('utf8'));
      const foreign = map.sources.filter((/** @type {string} */ s) => s.includes('node_modules'));
      assert.deepEqual(foreign, [], `${f.name} maps third-party sources`);
    }
  });

  for (const [build, notices] of [
    ['render', 'dist/standalone/render/THIRD-PARTY-NOTICES.txt'],
    ['pdf', 'dist/standalone/pdf/THIRD-PARTY-NOTICES.txt'],
    ['standalone', 'dist/standalone/THIRD-PARTY-NOTICES.txt'],
    ['elements', 'dist/THIRD-PARTY-NOTICES.txt'],
  ]) {
    it(`${notices} names every package the ${build} build bundled, with its licence text`, () => {
      const { packages, chunks } = bundled(build);
      const outDir = dirname(notices);
      // The record is this build's: its chunks are the ones in the tarball.
      for (const chunk of chunks)
        assert.ok(fileOf('@fovea-dicom/elements', `${outDir}/${chunk}`), `${chunk} not shipped`);
      const text = fileOf('@fovea-dicom/elements', notices)?.data.toString('utf8');
      assert.ok(text, `${notices} is not in the tarball`);
      if (build === 'render') {
        for (const name of EXPECTED_IN_RENDER)
          assert.ok(
            packages.some((p) => p.name === name),
            `${name} not in the render build's record`,
          );
      } else if (build === 'pdf') assert.ok(packages.some((p) => p.name === 'jspdf'));
      else if (build === 'standalone') assert.ok(packages.some((p) => p.name === 'lit-html'));
      const sections = text.split(/^={80}$/m).slice(1);
      for (const { name, version } of packages) {
        const section = sections.find((s) => s.startsWith(`\n${name} ${version}\n`));
        assert.ok(section, `${notices} does not name ${name} ${version}`);
        assert.match(section, /^Licence: \S+/m, `${name}: no licence named`);
        const body = section.split('\n\n').slice(1).join('\n\n');
        assert.ok(body.trim().length > 200, `${name}: no licence text`);
      }
      console.log(`${notices}: ${packages.length} bundled packages, all named with their licence text`);
    });
  }

  it('the package build leaves lit and the rendering stack out (hosts share lit; the stack is the render build)', () => {
    const names = bundled('elements').packages.map((p) => p.name);
    assert.deepEqual(
      names.filter((n) => /^(lit|lit-html|lit-element|@lit\/|@cornerstonejs\/|@kitware\/|dicom-parser|dcmjs)/.test(n)),
      [],
    );
  });

  it('jsPDF is in the pdf build only', () => {
    for (const build of ['elements', 'standalone', 'render'])
      assert.deepEqual(
        bundled(build).packages.filter((p) => p.name === 'jspdf'),
        [],
        `${build} bundles jsPDF`,
      );
  });
});
