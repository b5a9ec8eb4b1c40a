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
// worker first decodes that transfer syntax.
//
// @cornerstonejs/tools starts its compute worker (segmentation statistics,
// unused by Fovea) the same way, with a path relative to its own dist; left
// as is, it points at a file the bundle does not have and a host's bundler
// (Vite) stops with "Cannot resolve entry module …/workers/computeWorker.js".
// It is emitted as a chunk too; it is never fetched unless started.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

const URL_PATTERN = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** @returns {import('rollup').Plugin} */
export function cornerstoneAssets() {
  return {
    name: 'fovea-cornerstone-assets',
    async transform(code, id) {
      // Only the loader's own URLs: the emscripten glue's default wasm URL is
      // overridden by the loader's locateFile and never fetched.
      const ours = id.includes('dicom-image-loader') || id.endsWith('registerComputeWorker.js');
      if (!ours || !code.includes('import.meta.url')) return null;
      const replacements = [];
      for (const match of code.matchAll(URL_PATTERN)) {
        const specifier = match[2];
        const resolved = await this.resolve(specifier, id, { skipSelf: true });
        if (!resolved || resolved.external) {
          this.error(`cannot resolve ${specifier} from ${id}`);
        }
        let ref;
        if (resolved.id.endsWith('.wasm')) {
          ref = this.emitFile({ type: 'asset', name: basename(resolved.id), source: await readFile(resolved.id) });
        } else {
          ref = this.emitFile({ type: 'chunk', id: resolved.id, name: basename(resolved.id, '.js') });
        }
        replacements.push([match.index, match[0].length, `new URL(import.meta.ROLLUP_FILE_URL_${ref})`]);
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
