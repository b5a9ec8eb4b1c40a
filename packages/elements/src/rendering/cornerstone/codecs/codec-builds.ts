/**
 * The dicom-image-loader's codec factories, each choosing at run time between
 * the codec's WebAssembly build and its JavaScript build (emscripten wasm2js:
 * the same C code compiled to plain JavaScript, no WebAssembly, no eval).
 *
 * The loader's decoders import `@cornerstonejs/codec-…/decodewasmjs` (or
 * `codec-openjph/wasmjs`); the render build resolves those imports, and only
 * those, to these factories instead (scripts/rollup/codec-builds.mjs). The
 * loader calls a factory with its `locateFile` and gets the codec's module,
 * whichever build made it.
 *
 * Where WebAssembly may be compiled (wasm-policy.ts), the wasm build is used
 * as before. Where it may not, the JavaScript build is imported: a chunk of
 * its own, fetched only then, so pages allowed to compile wasm never download
 * it. HTJ2K (OpenJPH) and JPEG XL (libjxl) have no JavaScript build: their
 * factories reject with an error named DECODER_BLOCKED, without touching
 * WebAssembly again (which would report a second violation).
 *
 * Speed of the JavaScript builds against the wasm ones: docs/performance.md
 * (bench/codecs.mjs).
 */
import charlsWasm from '@cornerstonejs/codec-charls/decodewasmjs';
import libjxlWasm from '@cornerstonejs/codec-libjxl/decodewasmjs';
import libjpegTurboWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import openjphWasm from '@cornerstonejs/codec-openjph/wasmjs';
import { DECODER_BLOCKED } from './decoder-blocked.js';
import { wasmCompiles } from './wasm-policy.js';

type Factory = (moduleArg?: Record<string, unknown>) => Promise<unknown>;

/** A factory that builds the codec from its wasm build, or from its JavaScript build where wasm is not allowed. */
function chooseBuild(what: string, wasm: Factory, javascript?: () => Promise<{ default: Factory }>): Factory {
  return (moduleArg) => {
    if (wasmCompiles()) return wasm(moduleArg);
    if (javascript) return javascript().then((build) => build.default(moduleArg));
    const error = new Error(
      `the ${what} decoder is WebAssembly only, and this page's Content-Security-Policy does not allow WebAssembly ('wasm-unsafe-eval')`,
    );
    error.name = DECODER_BLOCKED;
    return Promise.reject(error);
  };
}

/** JPEG-LS (CharLS). */
export const charls = chooseBuild('JPEG-LS', charlsWasm, () => import('@cornerstonejs/codec-charls/decode'));
/** JPEG 2000 (OpenJPEG). */
export const openjpeg = chooseBuild('JPEG 2000', openjpegWasm, () => import('@cornerstonejs/codec-openjpeg/decode'));
/** JPEG baseline, 8 bits (libjpeg-turbo). */
export const libjpegTurbo = chooseBuild(
  'JPEG baseline',
  libjpegTurboWasm,
  () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decode'),
);
/** HTJ2K (OpenJPH): WebAssembly only. */
export const openjph = chooseBuild('HTJ2K', openjphWasm);
/** JPEG XL (libjxl): WebAssembly only. */
export const libjxl = chooseBuild('JPEG XL', libjxlWasm);
