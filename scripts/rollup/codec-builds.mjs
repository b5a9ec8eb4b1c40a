// Rollup plugin: the dicom-image-loader's codecs, wasm or JavaScript at run time.
//
// The loader's decoders (dist/esm/shared/decoders/decodeJPEGLS.js,
// decodeJPEG2000.js, decodeJPEGBaseline8Bit.js, decodeHTJ2K.js,
// decodeJPEGXL.js) each import one codec's emscripten factory for its wasm
// build (`@cornerstonejs/codec-…/decodewasmjs`, `codec-openjph/wasmjs`).
// A page or worker whose Content-Security-Policy lacks 'wasm-unsafe-eval'
// cannot compile those. This plugin resolves exactly those five imports, when
// made by the loader's decoders, to Fovea's factories
// (packages/elements/src/rendering/cornerstone/codecs/codec-builds.ts), which
// use the wasm build where wasm compiles and otherwise the codec's JavaScript
// build (emscripten wasm2js), imported lazily as a chunk of its own. No text
// of the loader changes.
//
// Checked: the build fails when a decoder no longer makes one of these
// imports (the loader changed: re-check how it loads codecs), and when the
// codec package Fovea imports the JavaScript build from is not the very
// package the loader takes the wasm build from (the two builds must be the
// same codec version).
import { fileURLToPath } from 'node:url';

const BUILDS = fileURLToPath(
  new URL('../../packages/elements/src/rendering/cornerstone/codecs/codec-builds.ts', import.meta.url),
);
const DECODERS = /dicom-image-loader\/dist\/esm\/shared\/decoders\/[^/]+\.js$/;
/** The loader's import → the export of codec-builds.ts that replaces it. */
const FACTORIES = {
  '@cornerstonejs/codec-charls/decodewasmjs': 'charls',
  '@cornerstonejs/codec-openjpeg/decodewasmjs': 'openjpeg',
  '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs': 'libjpegTurbo',
  '@cornerstonejs/codec-openjph/wasmjs': 'openjph',
  '@cornerstonejs/codec-libjxl/decodewasmjs': 'libjxl',
};
const PREFIX = '\0fovea-codec:';

/** @returns {import('rollup').Plugin} */
export function codecBuilds() {
  /** Each replaced import → the loader's decoder that made it. */
  const seen = new Map();
  return {
    name: 'fovea-codec-builds',
    buildStart() {
      seen.clear();
    },
    async resolveId(source, importer) {
      const name = FACTORIES[source];
      if (!name || !importer || !DECODERS.test(importer.replace(/\\/g, '/'))) return null;
      const loaders = await this.resolve(source, importer, { skipSelf: true });
      const ours = await this.resolve(source, BUILDS, { skipSelf: true });
      if (!loaders || !ours || loaders.id !== ours.id)
        this.error(
          `${source}: Fovea's codecs resolve to ${ours?.id}, the loader's to ${loaders?.id}: ` +
            `give packages/elements the loader's codec versions`,
        );
      seen.set(source, importer);
      return `${PREFIX}${name}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      return `export { ${id.slice(PREFIX.length)} as default } from ${JSON.stringify(BUILDS)};`;
    },
    buildEnd(error) {
      if (error || seen.size === 0) return;
      // Only builds that bundle the loader's decoders must have replaced every factory.
      const missing = Object.keys(FACTORIES).filter((source) => !seen.has(source));
      if (missing.length > 0)
        this.error(
          `the loader's decoders no longer import ${missing.join(', ')}: update scripts/rollup/codec-builds.mjs`,
        );
    },
  };
}
