// The floor's decode worker: CharLS (the wasm build dicom-image-loader uses) and
// nothing else. The wasm file sits next to this bundle (bench/build.mjs).
import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';

const wasmUrl = new URL('./charlswasm_decode.wasm', import.meta.url).href;
let decoderPromise;
function decoder() {
  decoderPromise ??= charlsFactory({ locateFile: (f) => (f.endsWith('.wasm') ? wasmUrl : f) }).then(
    (codec) => new codec.JpegLSDecoder(),
  );
  return decoderPromise;
}

self.onmessage = async ({ data }) => {
  try {
    const d = await decoder();
    d.getEncodedBuffer(data.bytes.length).set(data.bytes);
    d.decode();
    const decoded = d.getDecodedBuffer();
    // The decoder reuses its buffer: copy out, as the loader does.
    const copy = decoded.slice();
    const pixels = data.signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
    self.postMessage({ id: data.id, pixels }, [pixels.buffer]);
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
