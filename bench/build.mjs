// Bundles the bench pages with rollup into bench/.build/dist/<page>/ (the
// `dist` folder keeps them out of lint and format checks), minified with
// terser like a production build:
//   floor        floor-app.js + floor-worker.js (CharLS glue) + the CharLS wasm
//   cornerstone  Cornerstone3D core + dicom-image-loader, its decode worker and
//                codecs through the repo's scripts/rollup/cornerstone-assets.mjs
//   dwv          DWV with konva, jszip, magic-wand-tool
//   study-list   <fovea-study-list> (built, packages/elements/dist) + @fovea-dicom/core + lit
//   fovea        the glue only; the standalone Fovea bundle stays external
// Skips a page whose inputs did not change (stamp file per page).
//   node bench/build.mjs [--force] [page ...]
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { cornerstoneAssets } from '../scripts/rollup/cornerstone-assets.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
export const OUT = join(BENCH, '.build/dist');
const PAGES = join(BENCH, 'pages');
const require = createRequire(join(ROOT, 'package.json'));

/** Node-only modules that only vtk.js mesh readers import (as in rollup.config.mjs). */
const nodeOnlyStubs = {
  name: 'bench-node-only-stubs',
  resolveId(id) {
    return ['zlib', 'xmlbuilder2', 'fs', 'path'].includes(id) ? `\0stub:${id}` : null;
  },
  load(id) {
    return id.startsWith('\0stub:') ? { code: 'export default {};', syntheticNamedExports: true } : null;
  },
};

const onwarn = (warning, warn) => {
  if (
    ['THIS_IS_UNDEFINED', 'EVAL', 'CIRCULAR_DEPENDENCY', 'SOURCEMAP_ERROR', 'MODULE_LEVEL_DIRECTIVE'].includes(
      warning.code,
    )
  )
    return;
  warn(warning);
};

const browserPlugins = () => [
  nodeOnlyStubs,
  nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'], preferBuiltins: false }),
  commonjs({ strictRequires: false, ignoreDynamicRequires: true, transformMixedEsModules: true }),
];

const minify = () => terser({ ecma: 2022, module: true, compress: { passes: 1 } });

const output = (dir) => ({
  dir,
  format: 'es',
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  assetFileNames: 'assets/[name]-[hash][extname]',
  plugins: [minify()],
});

/** What each page is built from: its inputs and the files whose change forces a rebuild. */
export const PAGE_BUILDS = {
  floor: {
    inputs: { 'floor-app': 'floor-app.js', 'floor-worker': 'floor-worker.js' },
    plugins: browserPlugins,
    after(dir) {
      const wasm = require.resolve('@cornerstonejs/codec-charls/decodewasm');
      copyFileSync(wasm, join(dir, 'charlswasm_decode.wasm'));
    },
  },
  cornerstone: {
    inputs: { 'cornerstone-app': 'cornerstone-app.js' },
    plugins: () => [...browserPlugins(), cornerstoneAssets()],
    extraDeps: [join(ROOT, 'scripts/rollup/cornerstone-assets.mjs')],
  },
  dwv: { inputs: { 'dwv-app': 'dwv-app.js' }, plugins: browserPlugins },
  'study-list': {
    inputs: { 'study-list-app': 'study-list-app.js' },
    plugins: browserPlugins,
    extraDeps: [join(ROOT, 'packages/core/dist/index.js'), join(ROOT, 'packages/elements/dist/fovea-study-list.js')],
  },
  fovea: {
    inputs: { 'fovea-app': 'fovea-app.js' },
    plugins: () => [],
    external: (id) => id.startsWith('/fovea/'),
  },
};

function stampOf(name) {
  const spec = PAGE_BUILDS[name];
  const h = createHash('sha256');
  for (const f of [
    fileURLToPath(import.meta.url),
    join(ROOT, 'pnpm-lock.yaml'),
    ...Object.values(spec.inputs).map((f) => join(PAGES, f)),
    ...(spec.extraDeps ?? []),
  ]) {
    h.update(f);
    h.update(existsSync(f) ? readFileSync(f) : 'missing');
  }
  if (name === 'study-list') {
    for (const f of ['packages/core/dist/index.js', 'packages/elements/dist/fovea-study-list.js']) {
      if (existsSync(join(ROOT, f))) h.update(String(statSync(join(ROOT, f)).mtimeMs));
    }
  }
  return h.digest('hex');
}

/**
 * Builds the named pages (default: all) unless up to date.
 * @param {{ pages?: string[], force?: boolean, log?: (line: string) => void }} [opts]
 */
export async function buildPages({ pages = Object.keys(PAGE_BUILDS), force = false, log = console.log } = {}) {
  for (const name of pages) {
    const spec = PAGE_BUILDS[name];
    if (!spec) throw new Error(`unknown bench page ${name}`);
    const dir = join(OUT, name);
    const stampFile = join(dir, '.stamp');
    const stamp = stampOf(name);
    if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) continue;
    const t0 = Date.now();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const bundle = await rollup({
      input: Object.fromEntries(Object.entries(spec.inputs).map(([k, f]) => [k, join(PAGES, f)])),
      plugins: spec.plugins(),
      external: spec.external,
      onwarn,
    });
    await bundle.write(output(dir));
    await bundle.close();
    spec.after?.(dir);
    writeFileSync(stampFile, stamp);
    log(`bench: built ${name} page in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const pages = args.filter((a) => !a.startsWith('--'));
  await buildPages({ pages: pages.length ? pages : undefined, force });
}
