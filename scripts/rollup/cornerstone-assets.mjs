// Rollup plugin: makes @cornerstonejs/dicom-image-loader bundle-ready.
//
// The loader starts its decode worker with
//   new Worker(new URL('./decodeImageFrameWorker.js', import.meta.url), { type: 'module' })
// and finds each wasm codec with
//   new URL('@cornerstonejs/codec-…/decodewasm', import.meta.url)
// — a bare specifier no bundler rewrites. This plugin emits the worker as its
// own ESM chunk and each codec's .wasm as an asset, and rewrites those
// expressions to the emitted files' URLs. Hosts then need no wasmBasePath and
// no bundler configuration, and a codec's wasm is only fetched when the
// worker first decodes that transfer syntax. The rewritten expressions keep the
// `new URL('./…', import.meta.url)` shape, so that a host's bundler (Vite,
// webpack 5) still sees a worker and assets it must carry along.
//
// @cornerstonejs/tools starts its compute worker (segmentation statistics,
// unused by Fovea) the same way, with a path relative to its own dist; left
// as is, it points at a file the bundle does not have and a host's bundler
// (Vite) stops with "Cannot resolve entry module …/workers/computeWorker.js".
// It is emitted as a chunk too; it is never fetched unless started.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

const URL_PATTERN = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * `api.files()` lists the files copied as assets (for the third-party notices).
 * @returns {import('rollup').Plugin & { api: { files: () => string[] } }}
 */
export function cornerstoneAssets() {
  /** Reference ids of the files this plugin emitted. */
  const ours = new Set();
  /** Paths of the files copied as assets. */
  const copied = new Set();
  return {
    name: 'fovea-cornerstone-assets',
    api: { files: () => [...copied] },
    buildStart() {
      copied.clear();
    },
    // The exact shape a host's bundler recognises, `new URL('./file', import.meta.url)`
    // (Vite bundles `new Worker(new URL('./w.js', import.meta.url))` as a worker and
    // copies `new URL('./x.wasm', import.meta.url)` as an asset): a string literal,
    // not Rollup's default `new URL('…', import.meta.url).href`.
    resolveFileUrl({ referenceId, relativePath }) {
      if (!ours.has(referenceId)) return null;
      const path = relativePath.startsWith('.') ? relativePath : `./${relativePath}`;
      return `new URL(${JSON.stringify(path)}, import.meta.url)`;
    },
    async transform(code, id) {
      // Only the loader's own URLs: the emscripten glue's default wasm URL is
      // overridden by the loader's locateFile and never fetched.
      // (and the import element's header worker, the same way)
      const loader =
        id.includes('dicom-image-loader') ||
        id.endsWith('registerComputeWorker.js') ||
        /[\\/]elements[\\/]src[\\/]import[\\/]import\.ts$/.test(id);
      if (!loader || !code.includes('import.meta.url')) return null;
      const replacements = [];
      for (const match of code.matchAll(URL_PATTERN)) {
        const specifier = match[2];
        const resolved = await this.resolve(specifier, id, { skipSelf: true });
        if (!resolved || resolved.external) {
          this.error(`cannot resolve ${specifier} from ${id}`);
        }
        let ref;
        if (resolved.id.endsWith('.wasm')) {
          ref = this.emitFile({
            type: 'asset',
            name: basename(resolved.id),
            originalFileName: resolved.id,
            source: await readFile(resolved.id),
          });
          copied.add(resolved.id);
        } else {
          ref = this.emitFile({ type: 'chunk', id: resolved.id, name: basename(resolved.id).replace(/\.[jt]s$/, '') });
        }
        ours.add(ref);
        replacements.push([match.index, match[0].length, `import.meta.ROLLUP_FILE_URL_${ref}`]);
      }
      if (replacements.length === 0) return null;
      let out = code;
      for (const [index, length, text] of replacements.reverse()) {
        out = out.slice(0, index) + text + out.slice(index + length);
      }
      return { code: out, map: null };
    },
  };
}
