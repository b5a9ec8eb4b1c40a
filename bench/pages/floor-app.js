// The floor: the least work any viewer must do to show this series. One series
// metadata request (every viewer needs the instance list and the window), then
// the frames with plain fetch, `CONCURRENCY` at a time, outward from the middle
// slice, as stored (transfer-syntax=*); explicit little endian is used as is,
// JPEG-LS is decoded by the same CharLS wasm build Cornerstone uses, in one
// worker (the decode-worker count Fovea and Cornerstone pick on 2 cores)
// started, like theirs, when the first compressed frame arrives;
// images are drawn with a window LUT and putImageData inside an animation frame.
const params = new URLSearchParams(location.search);
const CONCURRENCY = Number(params.get('concurrency') ?? 4);
const ROOT = '/dicom-web';
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);

const first = (ds, tag) => ds[tag]?.Value?.[0];
const num = (ds, tag, dflt) => {
  const v = first(ds, tag);
  return v === undefined || v === null || v === '' ? dflt : Number(v);
};

/** A decode worker with the CharLS wasm codec; started on demand. */
class Decoder {
  #worker;
  #next = 1;
  #pending = new Map();
  start() {
    if (this.#worker) return;
    this.#worker = new Worker(new URL('./floor-worker.js', import.meta.url), { type: 'module' });
    this.#worker.onmessage = ({ data }) => {
      const p = this.#pending.get(data.id);
      this.#pending.delete(data.id);
      if (data.error) p.reject(new Error(data.error));
      else p.resolve(data.pixels);
    };
  }
  decode(bytes, signed) {
    this.start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, bytes, signed }, [bytes.buffer]);
    });
  }
  stop() {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const p of this.#pending.values()) p.reject(new Error('stopped'));
    this.#pending.clear();
  }
}

function findBytes(hay, needle, from) {
  outer: for (
    let i = hay.indexOf(needle[0], from);
    i !== -1 && i <= hay.length - needle.length;
    i = hay.indexOf(needle[0], i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The one part of a single-frame multipart/related answer: its transfer syntax and bytes. */
function onePart(buffer, contentType) {
  const bytes = new Uint8Array(buffer);
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('no boundary');
  const enc = new TextEncoder();
  const headerEnd = findBytes(bytes, enc.encode('\r\n\r\n'), 0);
  const headers = new TextDecoder().decode(bytes.subarray(0, headerEnd));
  const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '';
  const ts = /transfer-syntax=([0-9.]+)/i.exec(partType)?.[1] ?? EXPLICIT_LE;
  const delimiter = enc.encode(`\r\n--${boundary}`);
  const end = findBytes(bytes, delimiter, Math.max(headerEnd + 4, bytes.length - delimiter.length - 8));
  return { ts, body: bytes.subarray(headerEnd + 4, end < 0 ? bytes.length : end) };
}

let state;

function newState(host) {
  const canvas = document.createElement('canvas');
  canvas.width = 512;
  canvas.height = 512;
  canvas.style.cssText = 'width:512px;height:512px;display:block;background:#000';
  host.append(canvas);
  return {
    canvas,
    ctx: canvas.getContext('2d'),
    decoder: new Decoder(),
    images: [],
    loaded: 0,
    total: 0,
    listeners: new Set(),
    abort: new AbortController(),
    marks: {},
  };
}

function buildLut(inst) {
  const slope = num(inst, '00281053', 1);
  const intercept = num(inst, '00281052', 0);
  const center = num(inst, '00281050', 40);
  const width = Math.max(1, num(inst, '00281051', 400));
  const signed = num(inst, '00280103', 0) === 1;
  const lut = new Uint32Array(65536);
  const lo = center - 0.5 - (width - 1) / 2;
  const hi = center - 0.5 + (width - 1) / 2;
  for (let s = 0; s < 65536; s++) {
    const stored = signed && s >= 32768 ? s - 65536 : s;
    const v = stored * slope + intercept;
    const g = v <= lo ? 0 : v > hi ? 255 : Math.round(((v - (center - 0.5)) / (width - 1) + 0.5) * 255);
    lut[s] = 0xff000000 | (g << 16) | (g << 8) | g;
  }
  return lut;
}

function draw(s, index) {
  const img = s.images[index];
  if (!img) return false;
  const { pixels, rows, columns } = img;
  const imageData = s.imageData ?? (s.imageData = s.ctx.createImageData(columns, rows));
  const out = new Uint32Array(imageData.data.buffer);
  const lut = s.lut;
  const u16 = new Uint16Array(pixels.buffer, pixels.byteOffset, pixels.length);
  for (let i = 0; i < u16.length; i++) out[i] = lut[u16[i]];
  s.ctx.putImageData(imageData, 0, 0);
  for (const cb of s.listeners) cb(index);
  return true;
}

window.benchApp = {
  async prepare(host) {
    state = newState(host);
  },

  async show({ studyUid, seriesUid }) {
    const s = state;
    const { signal } = s.abort;
    const t0 = performance.now();
    const metaRes = await fetch(`${ROOT}/studies/${studyUid}/series/${seriesUid}/metadata`, {
      headers: { accept: 'application/dicom+json' },
      signal,
    });
    const instances = (await metaRes.json()).sort((a, b) => num(a, '00200013', 0) - num(b, '00200013', 0));
    s.marks.metadataMs = performance.now() - t0;
    s.total = instances.length;
    s.lut = buildLut(instances[0]);
    const mid = Math.floor((instances.length - 1) / 2);
    const order = [mid];
    for (let d = 1; order.length < instances.length; d++) {
      if (mid + d < instances.length) order.push(mid + d);
      if (mid - d >= 0) order.push(mid - d);
    }
    let next = 0;
    const one = async (index) => {
      const inst = instances[index];
      const sop = first(inst, '00080018');
      const res = await fetch(`${ROOT}/studies/${studyUid}/series/${seriesUid}/instances/${sop}/frames/1`, {
        headers: { accept: FRAME_ACCEPT },
        signal,
      });
      if (!res.ok) throw new Error(`frame ${index}: HTTP ${res.status}`);
      const { ts, body } = onePart(await res.arrayBuffer(), res.headers.get('content-type') ?? '');
      if (index === mid) s.marks.firstFrameMs = performance.now() - t0;
      const signed = num(inst, '00280103', 0) === 1;
      let pixels;
      if (ts === EXPLICIT_LE || ts === IMPLICIT_LE) {
        // The bytes are the pixels; copy only when the part is not 2-byte aligned.
        pixels =
          body.byteOffset % 2 === 0
            ? new (signed ? Int16Array : Uint16Array)(body.buffer, body.byteOffset, body.byteLength / 2)
            : new (signed ? Int16Array : Uint16Array)(body.slice().buffer);
      } else if (JPEG_LS.has(ts)) {
        pixels = await s.decoder.decode(body.slice(), signed);
      } else {
        throw new Error(`floor page decodes explicit LE and JPEG-LS only, not ${ts}`);
      }
      if (signal.aborted) return;
      s.images[index] = { pixels, rows: num(inst, '00280010', 512), columns: num(inst, '00280011', 512) };
      s.loaded++;
      if (index === mid) {
        s.marks.firstDecodedMs = performance.now() - t0;
        s.current = mid;
        requestAnimationFrame(() => {
          draw(s, mid);
          s.marks.drawnMs = performance.now() - t0;
        });
      }
      if (s.loaded === s.total) s.resolveStack?.();
    };
    const workers = [];
    for (let k = 0; k < CONCURRENCY; k++) {
      workers.push(
        (async () => {
          while (next < order.length && !signal.aborted) await one(order[next++]);
        })(),
      );
    }
    await Promise.all(workers);
  },

  canvas: () => state?.canvas,
  count: () => state?.total ?? 0,
  loaded: () => state?.loaded ?? 0,
  whenStackLoaded() {
    const s = state;
    if (s.total && s.loaded === s.total) return Promise.resolve();
    return new Promise((resolve) => (s.resolveStack = resolve));
  },
  setIndex(i) {
    state.current = i;
    draw(state, i);
  },
  onRendered(cb) {
    const s = state;
    s.listeners.add(cb);
    return () => s.listeners.delete(cb);
  },
  cacheBytes() {
    return state ? state.images.reduce((n, img) => n + (img ? img.pixels.byteLength : 0), 0) : 0;
  },
  unmount() {
    const s = state;
    if (!s) return;
    s.abort.abort();
    s.decoder.stop();
    s.canvas.remove();
    state = undefined;
  },
  marks: () => state?.marks,
};
