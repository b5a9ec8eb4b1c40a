// Builds every package as ESM with declarations, and the standalone bundle.
//
//  - @fovea-dicom/core: one module per source file, no dependencies.
//  - @fovea-dicom/elements: entry modules per element; lit and @fovea-dicom/core stay
//    external (hosts dedupe them); the Cornerstone rendering stack, its decode
//    worker and wasm codecs are bundled as lazily loaded chunks and assets so
//    that no host needs bundler configuration.
//  - standalone (packages/elements/dist/standalone/fovea.js): everything in,
//    minified, for a plain <script type="module">; the rendering stack is
//    still a separate chunk loaded when a viewport first connects.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cornerstoneAssets } from './scripts/rollup/cornerstone-assets.mjs';
import { cornerstonePatches } from './scripts/rollup/cornerstone-patches.mjs';

const only = process.env.FOVEA_BUILD?.split(',');

/** Empties an output folder (keeping `keep`) so stale hashed chunks never ship. */
function clean(dir, keep = []) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir))
    if (!keep.includes(name)) rmSync(`${dir}/${name}`, { recursive: true, force: true });
}
const want = (name) => !only || only.includes(name);

/** Code that only vtk.js mesh readers use; never reached by a stack viewport. */
const nodeOnlyStubs = {
  name: 'fovea-node-only-stubs',
  resolveId(id) {
    if (id === 'zlib' || id === 'xmlbuilder2' || id === 'fs' || id === 'path' || id === 'events') {
      return id === 'events' ? null : `\0stub:${id}`;
    }
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

const browserPlugins = () => [
  nodeOnlyStubs,
  nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'], preferBuiltins: false }),
  commonjs({ strictRequires: false, ignoreDynamicRequires: true, transformMixedEsModules: true }),
  cornerstoneAssets(),
  cornerstonePatches(),
];

const configs = [];

if (want('core')) {
  clean('packages/core/dist');
  configs.push({
    input: ['packages/core/src/index.ts', 'packages/core/src/local/index.ts'],
    // The local source's zip reader and DICOM writer (ES modules) stay dependencies; dicom-parser
    // ships only a UMD build, which a host's bundler without a CommonJS plugin cannot link: it is
    // bundled here (local/ only; the main entry imports none of them).
    external: (id) => /^(fflate|dcmjs)(\/|$)/.test(id),
    output: {
      dir: 'packages/core/dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'packages/core/src',
      // Bundled third-party modules go to vendor/ (npm leaves any node_modules folder out of a package).
      entryFileNames: (chunk) =>
        chunk.name.includes('node_modules') ? `vendor/${chunk.name.split('/').pop()}.js` : '[name].js',
      sourcemap: true,
    },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'], preferBuiltins: false }),
      commonjs({ strictRequires: false, ignore: ['zlib'] }),
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

if (want('elements')) {
  clean('packages/elements/dist', ['standalone']);
  configs.push({
    input: {
      index: 'packages/elements/src/index.ts',
      'fovea-viewport': 'packages/elements/src/fovea-viewport.ts',
      'fovea-study-list': 'packages/elements/src/fovea-study-list.ts',
      'fovea-series-browser': 'packages/elements/src/fovea-series-browser.ts',
      'fovea-toolbar': 'packages/elements/src/fovea-toolbar.ts',
      'fovea-viewer': 'packages/elements/src/fovea-viewer.ts',
      'fovea-import': 'packages/elements/src/fovea-import.ts',
    },
    // Every @lit/* package (task, context, ...) as well as lit itself: a host
    // that uses them too must get one copy.
    external: (id) => /^(lit|lit-html|lit-element|@lit\/[^/]+|@fovea-dicom\/core)(\/|$)/.test(id),
    output: {
      dir: 'packages/elements/dist',
      format: 'es',
      sourcemap: true,
      chunkFileNames: 'chunks/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
    },
    plugins: [
      typescript({
        tsconfig: 'packages/elements/tsconfig.json',
        outDir: 'packages/elements/dist',
        declarationDir: 'packages/elements/dist',
        composite: false,
        incremental: false,
      }),
      ...browserPlugins(),
    ],
    onwarn,
  });
}

if (want('standalone')) {
  clean('packages/elements/dist/standalone');
  configs.push({
    input: { fovea: 'packages/elements/src/standalone.ts' },
    output: {
      dir: 'packages/elements/dist/standalone',
      format: 'es',
      sourcemap: true,
      chunkFileNames: 'chunks/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
      plugins: process.env.FOVEA_MINIFY === '0' ? [] : [terser({ ecma: 2022, module: true, compress: { passes: 1 } })],
    },
    plugins: [
      typescript({
        tsconfig: 'packages/elements/tsconfig.json',
        declaration: false,
        declarationMap: false,
        composite: false,
        incremental: false,
        outDir: 'packages/elements/dist/standalone',
      }),
      ...browserPlugins(),
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
