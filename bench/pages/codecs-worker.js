/* global importScripts */
// Classic worker for bench/codecs.mjs: loads one codec's wasm build and its
// JavaScript build (emscripten wasm2js) side by side, as the decode worker
// would (the same package files), and times each on the same frames.
//
// Message in: { codec, frames: ArrayBuffer[], runs, warmup }. Message out: per
// build, the start-up time (script and module loaded, compiled and ready), the
// first decode (cold), every timed decode per frame after `warmup` untimed
// rounds (the JavaScript build reaches V8's optimising tier after a few), and
// whether both builds gave the same bytes for every frame.
const CODECS = {
  charls: {
    wasm: 'charlswasm_decode.js',
    js: 'charlsjs_decode.js',
    global: ['CharLSWASM', 'CharLS'],
    decoder: 'JpegLSDecoder',
  },
  openjpeg: {
    wasm: 'openjpegwasm_decode.js',
    js: 'openjpegjs_decode.js',
    global: ['OpenJPEGWASM', 'OpenJPEGJS'],
    decoder: 'J2KDecoder',
  },
  libjpegturbo: {
    wasm: 'libjpegturbowasm_decode.js',
    js: 'libjpegturbojs_decode.js',
    global: ['libjpegturbowasm_decode', 'libjpegturbojs_decode'],
    decoder: 'JPEGDecoder',
  },
};

function decode(decoder, bytes) {
  decoder.getEncodedBuffer(bytes.length).set(bytes);
  decoder.decode();
  // Copied out, as the loader does: the decoder reuses its buffer.
  return decoder.getDecodedBuffer().slice();
}

function same(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

self.onmessage = async ({ data }) => {
  try {
    const spec = CODECS[data.codec];
    const frames = data.frames.map((b) => new Uint8Array(b));
    const builds = {};
    for (const [i, build] of ['wasm', 'js'].entries()) {
      const t0 = performance.now();
      importScripts(`/codecs/${data.codec}/${spec[build]}`);
      const factory = self[spec.global[i]];
      const wasmUrl = `/codecs/${data.codec}/${spec.wasm.replace(/\.js$/, '.wasm')}`;
      const module = await factory({ locateFile: (f) => (f.endsWith('.wasm') ? wasmUrl : f) });
      const decoder = new module[spec.decoder]();
      const ready = performance.now();
      const first = decode(decoder, frames[0]);
      builds[build] = { decoder, startMs: ready - t0, firstDecodeMs: performance.now() - ready, first, times: [] };
    }
    // Same bytes out of both builds, for every frame.
    let identical = same(builds.wasm.first, builds.js.first);
    for (const f of frames.slice(1)) identical &&= same(decode(builds.wasm.decoder, f), decode(builds.js.decoder, f));
    for (let run = 0; run < data.warmup; run++)
      for (const f of frames) for (const build of ['wasm', 'js']) decode(builds[build].decoder, f);
    for (let run = 0; run < data.runs; run++) {
      // Alternate which build goes first, so that neither always meets a warmer cache.
      const order = run % 2 ? ['js', 'wasm'] : ['wasm', 'js'];
      for (let i = 0; i < frames.length; i++) {
        for (const build of order) {
          const t = performance.now();
          decode(builds[build].decoder, frames[i]);
          builds[build].times.push({ frame: i, ms: performance.now() - t });
        }
      }
    }
    const out = {};
    for (const [build, b] of Object.entries(builds))
      out[build] = { startMs: b.startMs, firstDecodeMs: b.firstDecodeMs, times: b.times };
    self.postMessage({ ok: true, identical, ...out });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
};
