// Builds every package as ESM with declarations, and the standalone bundle.
//
//  - @fovea-dicom/core: one module per source file, no dependencies.
//  - render (packages/elements/dist/standalone/render/): the rendering stack
//    (our Cornerstone adapter, Cornerstone3D, vtk.js, the decode worker and wasm
//    codecs), built once, minified, self-contained (no bare imports), loaded
//    lazily when a viewport first connects. Both builds below import it by a
//    relative path, so each chunk and codec ships once (docs/decisions/0010).
//  - pdf (packages/elements/dist/standalone/pdf/): the PDF writer (print/pdf.ts
//    and jsPDF), built the same way, once, for both builds below (print to PDF
//    is rare; jsPDF is 360 KB minified).
//  - @fovea-dicom/elements: entry modules per element; lit and @fovea-dicom/core stay
//    external (hosts dedupe them); the rendering stack is the render build's,
//    which a host's bundler carries along like any relative import: no host
//    needs bundler configuration.
//  - standalone (packages/elements/dist/standalone/fovea.js): elements, core
//    and lit in, minified, for a plain <script type="module">.
//
// Each build that bundles third-party code writes THIRD-PARTY-NOTICES.txt into
// its output folder; source maps cover our own code only.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { elementEntries } from './scripts/lib/element-entries.mjs';
import { bundleContents } from './scripts/rollup/bundle-contents.mjs';
import { codecBuilds } from './scripts/rollup/codec-builds.mjs';
import { cornerstoneAssets } from './scripts/rollup/cornerstone-assets.mjs';
import { cornerstonePatches } from './scripts/rollup/cornerstone-patches.mjs';
import { ownSourceMaps } from './scripts/rollup/own-source-maps.mjs';
import { thirdPartyNotices } from './scripts/rollup/third-party-notices.mjs';

const only = process.env.FOVEA_BUILD?.split(',');

/** Empties an output folder (keeping `keep`) so stale hashed chunks never ship. */
function clean(dir, keep = []) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir))
    if (!keep.includes(name)) rmSync(`${dir}/${name}`, { recursive: true, force: true });
}
const want = (name) => !only || only.includes(name);
const ROOT = resolve('.');
const ELEMENTS = resolve('packages/elements');
const STANDALONE_DIR = 'packages/elements/dist/standalone';
const RENDER_DIR = `${STANDALONE_DIR}/render`;
/** The render build's entry, which the elements and standalone builds import lazily. */
const RENDER_ENTRY = resolve(RENDER_DIR, 'fovea-render.js');
const PDF_DIR = `${STANDALONE_DIR}/pdf`;
/** The pdf build's entry, which the results code of the elements and standalone builds imports lazily. */
const PDF_ENTRY = resolve(PDF_DIR, 'fovea-pdf.js');
/** The elements' TypeScript for a self-contained bundle into `outDir` (no declarations: the package build writes them). */
const bundledElements = (outDir) =>
  typescript({
    tsconfig: 'packages/elements/tsconfig.json',
    declaration: false,
    declarationMap: false,
    composite: false,
    incremental: false,
    outDir,
  });
const minify = () =>
  process.env.FOVEA_MINIFY === '0' ? [] : [terser({ ecma: 2022, module: true, compress: { passes: 1 } })];

/**
 * In the elements and standalone builds: the rendering loader's lazy import of
 * the adapter points at the render build's entry, and the results code's lazy
 * import of the PDF writer at the pdf build's, by a path relative to each
 * chunk that holds it; nothing else may pull Cornerstone or jsPDF in.
 * @returns {import('rollup').Plugin}
 */
function renderStackExternal() {
  let seen = false;
  let seenPdf = false;
  /**
   * dicom-parser and dcmjs when core's local-files entry imports them, and dcmjs when the elements'
   * results code does (the standalone bundle; the modular build keeps dcmjs external): a copy of
   * their own there, allowed by name (the CommonJS plugin loads a module while it resolves it).
   */
  const local = new Set();
  return {
    name: 'fovea-render-external',
    buildStart() {
      seen = false;
      seenPdf = false;
      local.clear();
    },
    resolveId(source, importer) {
      if (/^(dicom-parser|dcmjs)$/.test(source) && /[\\/]core[\\/](src|dist)[\\/]local[\\/]/.test(importer ?? '')) {
        local.add(source);
        return null;
      }
      if (source === 'dcmjs' && /[\\/]elements[\\/]src[\\/]results[\\/]/.test(importer ?? '')) {
        local.add(source);
        return null;
      }
      if (source === './cornerstone/adapter.js' && importer?.endsWith('/rendering/loader.ts')) {
        seen = true;
        // Kept absolute by rollup, then made relative to the chunk in renderChunk (rollup's own relative
        // path is computed from the source layout, which is one level off for the standalone output).
        return { id: RENDER_ENTRY, external: 'absolute' };
      }
      if (source === './print/pdf.js' && importer?.endsWith('/results/viewport-results.ts')) {
        seenPdf = true;
        return { id: PDF_ENTRY, external: 'absolute' };
      }
      return null;
    },
    renderChunk(code, chunk, options) {
      if (!options.dir || (!code.includes(RENDER_ENTRY) && !code.includes(PDF_ENTRY))) return null;
      const from = dirname(resolve(options.dir, chunk.fileName));
      const to = (/** @type {string} */ entry) => {
        const path = relative(from, entry);
        return path.startsWith('.') ? path : `./${path}`;
      };
      return { code: code.replaceAll(RENDER_ENTRY, to(RENDER_ENTRY)).replaceAll(PDF_ENTRY, to(PDF_ENTRY)), map: null };
    },
    transform(_code, id) {
      const name = /node_modules\/(dicom-parser|dcmjs)\//.exec(id)?.[1];
      if (name && local.has(name)) return null;
      if (
        /node_modules\/(@cornerstonejs|@kitware|dicom-parser|dcmjs)\//.test(id) ||
        id.includes('/rendering/cornerstone/')
      )
        this.error(`${id} would be bundled a second time: only the render build may include the rendering stack`);
      if (/node_modules\/jspdf\//.test(id) || id.endsWith('/results/print/pdf.ts'))
        this.error(`${id} would be bundled a second time: only the pdf build may include the PDF writer`);
      return null;
    },
    buildEnd(error) {
      if (!error && !seen)
        this.error('rendering/loader.ts no longer imports ./cornerstone/adapter.js: update rollup.config.mjs');
      if (!error && !seenPdf)
        this.error('results/viewport-results.ts no longer imports ./print/pdf.js: update rollup.config.mjs');
    },
  };
}

/**
 * Code that only vtk.js mesh readers use, never reached by a stack viewport;
 * and jsPDF's optional HTML and SVG renderers (html2canvas, DOMPurify, canvg:
 * its html() and addSvgAsImage(), which Fovea does not call), so they ship as no chunks.
 */
const JSPDF_OPTIONAL = ['html2canvas', 'dompurify', 'canvg'];
const nodeOnlyStubs = {
  name: 'fovea-node-only-stubs',
  resolveId(id) {
    if (id === 'zlib' || id === 'xmlbuilder2' || id === 'fs' || id === 'path' || id === 'events') {
      return id === 'events' ? null : `\0stub:${id}`;
    }
    if (JSPDF_OPTIONAL.includes(id)) return `\0stub:${id}`;
    return null;
  },
  load(id) {
    // Named imports resolve to properties of the (empty) default export.
    return id.startsWith('\0stub:') ? { code: 'export default {};', syntheticNamedExports: true } : null;
  },
};

const onwarn = (warning, warn) => {
  // Third-party code (vtk.js, emscripten glue) uses `this` at top level and eval; not ours to fix.
  if (['THIS_IS_UNDEFINED', 'EVAL', 'CIRCULAR_DEPENDENCY', 'SOURCEMAP_ERROR'].includes(warning.code)) return;
  if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
  warn(warning);
};

const browserPlugins = (assets = cornerstoneAssets()) => [
  nodeOnlyStubs,
  // Before nodeResolve: it replaces the loader's codec imports, which nodeResolve would resolve first.
  codecBuilds(),
  nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'], preferBuiltins: false }),
  commonjs({ strictRequires: false, ignoreDynamicRequires: true, transformMixedEsModules: true }),
  assets,
  cornerstonePatches(),
];

/** What a build bundles: notices beside its output, and a record for the tests (.cache/bundle-contents). */
const accounting = (name, dir, assets) => [
  thirdPartyNotices({
    file: resolve(dir, 'THIRD-PARTY-NOTICES.txt'),
    cwd: ELEMENTS,
    title: `Third-party software in @fovea-dicom/elements ${dir.replace('packages/elements/', '')}/`,
    assetFiles: () => assets?.api.files() ?? [],
  }),
  bundleContents({ file: resolve(`.cache/bundle-contents/${name}.json`), root: ROOT }),
];

const configs = [];

if (want('core')) {
  clean('packages/core/dist');
  configs.push({
    input: ['packages/core/src/index.ts', 'packages/core/src/local/index.ts'],
    // The local source's parser, zip reader and DICOM writer are dependencies, not bundled
    // (only @fovea-dicom/core/local imports them).
    external: (id) => /^(dicom-parser|fflate|dcmjs)(\/|$)/.test(id),
    output: {
      dir: 'packages/core/dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'packages/core/src',
      sourcemap: true,
    },
    plugins: [
      typescript({
        tsconfig: 'packages/core/tsconfig.json',
        outDir: 'packages/core/dist',
        declarationDir: 'packages/core/dist',
        composite: false,
        incremental: false,
      }),
    ],
    onwarn,
  });
}

if (want('render') || want('elements') || want('standalone')) {
  clean(RENDER_DIR);
  const assets = cornerstoneAssets();
  configs.push({
    input: { 'fovea-render': 'packages/elements/src/rendering/cornerstone/adapter.ts' },
    output: {
      dir: RENDER_DIR,
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
      plugins: minify(),
    },
    plugins: [
      bundledElements(RENDER_DIR),
      ...browserPlugins(assets),
      ownSourceMaps({ tsSources: resolve('packages/elements/src') }),
      ...accounting('render', RENDER_DIR, assets),
    ],
    onwarn,
  });
}

if (want('pdf') || want('elements') || want('standalone')) {
  clean(PDF_DIR);
  configs.push({
    input: { 'fovea-pdf': 'packages/elements/src/results/print/pdf.ts' },
    output: {
      dir: PDF_DIR,
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      plugins: minify(),
    },
    plugins: [
      bundledElements(PDF_DIR),
      ...browserPlugins(),
      ownSourceMaps({ tsSources: resolve('packages/elements/src') }),
      ...accounting('pdf', PDF_DIR),
    ],
    onwarn,
  });
}

if (want('elements')) {
  clean('packages/elements/dist', ['standalone']);
  configs.push({
    // The index and one entry per registration module (scripts/lib/element-entries.mjs).
    input: {
      index: 'packages/elements/src/index.ts',
      ...Object.fromEntries(elementEntries().map((name) => [name, `packages/elements/src/${name}.ts`])),
    },
    // Every @lit/* package (task, context, ...) as well as lit itself: a host
    // that uses them too must get one copy. dcmjs (SR and KOS, loaded on first use) is core's
    // dependency too: one copy for both.
    external: (id) => /^(lit|lit-html|lit-element|@lit\/[^/]+|@fovea-dicom\/core|dcmjs)(\/|$)/.test(id),
    output: {
      dir: 'packages/elements/dist',
      format: 'es',
      sourcemap: true,
      chunkFileNames: 'chunks/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
    },
    plugins: [
      renderStackExternal(),
      typescript({
        tsconfig: 'packages/elements/tsconfig.json',
        outDir: 'packages/elements/dist',
        declarationDir: 'packages/elements/dist',
        composite: false,
        incremental: false,
      }),
      ...browserPlugins(),
      ownSourceMaps({ tsSources: resolve('packages/elements/src') }),
      // lit and core are external, the rendering stack is the render build's: only TypeScript's helpers (tslib).
      ...accounting('elements', 'packages/elements/dist'),
    ],
    onwarn,
  });
}

if (want('standalone')) {
  clean(STANDALONE_DIR, ['render', 'pdf']);
  configs.push({
    input: { fovea: 'packages/elements/src/standalone.ts' },
    output: {
      dir: STANDALONE_DIR,
      format: 'es',
      sourcemap: true,
      chunkFileNames: 'chunks/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
      plugins: minify(),
    },
    plugins: [
      renderStackExternal(),
      bundledElements(STANDALONE_DIR),
      ...browserPlugins(),
      ownSourceMaps({ tsSources: resolve('packages/elements/src') }),
      ...accounting('standalone', STANDALONE_DIR),
    ],
    onwarn,
  });
}

// @fovea-dicom/react: React wrappers; react, @lit/react and the Fovea packages stay external.
if (want('react')) {
  clean('packages/react/dist');
  configs.push({
    // One entry per generated module (scripts/wrappers.mjs): the index, each component, the JSX typings.
    input: Object.fromEntries(
      readdirSync('packages/react/src')
        .filter((name) => /^[a-z-]+\.ts$/.test(name))
        .map((name) => [name.slice(0, -3), `packages/react/src/${name}`]),
    ),
    external: (id) => /^(react|@lit\/react|@fovea-dicom\/)/.test(id),
    output: { dir: 'packages/react/dist', format: 'es', sourcemap: true },
    // jsx.js is empty on purpose: the entry exists for its declarations (JSX typings).
    onwarn: (warning, warn) =>
      warning.code === 'EMPTY_BUNDLE' && warning.names?.includes('jsx') ? undefined : onwarn(warning, warn),
    plugins: [
      typescript({
        tsconfig: 'packages/react/tsconfig.json',
        outDir: 'packages/react/dist',
        declarationDir: 'packages/react/dist',
        composite: false,
        incremental: false,
      }),
    ],
  });
}

export default configs;
