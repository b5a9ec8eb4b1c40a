/**
 * RLE Lossless (PS3.5 Annex G) decoding. Cornerstone's loader decodes RLE only
 * for 8 and 16 bits, ignores Samples per Pixel at 16 bits (colour came out as
 * stripes) and does not notice a damaged stream; this decoder handles 8, 16
 * and 32 bits with any number of samples and fails loudly on a stream that
 * does not describe the image.
 */
import { ImageError } from './image-error.js';
import type { PixelFormat } from './format.js';

const HEADER_BYTES = 64;

/** Decodes one PackBits segment into `out` (length = pixels); returns the bytes written. */
function unpackSegment(data: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let i = start;
  let o = 0;
  const size = out.length;
  while (i < end && o < size) {
    const n = data[i++]!;
    if (n < 128) {
      // n + 1 literal bytes.
      const count = Math.min(n + 1, end - i, size - o);
      out.set(data.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 128) {
      // The next byte, 257 - n times.
      if (i >= end) break;
      const value = data[i++]!;
      const count = Math.min(257 - n, size - o);
      out.fill(value, o, o + count);
      o += count;
    }
    // 128: no operation.
  }
  return o;
}

/**
 * The samples of an RLE frame, interleaved (R, G, B per pixel), as unsigned
 * integers of `bitsAllocated` bits: Uint8Array, Uint16Array or Uint32Array.
 * Sign and Bits Stored are applied afterwards, as for every other encoding.
 */
export function decodeRle(frame: Uint8Array, format: PixelFormat): Uint8Array | Uint16Array | Uint32Array {
  const { samplesPerPixel: spp, bitsAllocated } = format;
  if (bitsAllocated === 1) throw new ImageError('bits', 'RLE with 1 bit allocated is not supported');
  const bytesPerSample = bitsAllocated / 8;
  const pixels = format.rows * format.columns;
  if (frame.byteLength < HEADER_BYTES) throw new ImageError('truncated', 'RLE frame shorter than its header');
  const header = new DataView(frame.buffer, frame.byteOffset, HEADER_BYTES);
  const segments = header.getUint32(0, true);
  if (segments !== spp * bytesPerSample) {
    throw new ImageError('codec', 'RLE segment count does not match the header (samples x bytes)');
  }
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(header.getUint32(4 + 4 * s, true));
  for (let s = 0; s < segments; s++) {
    const start = offsets[s]!;
    const end = s + 1 < segments ? offsets[s + 1]! : frame.byteLength;
    if (start < HEADER_BYTES || end > frame.byteLength || end <= start) {
      throw new ImageError('codec', 'RLE segment offsets do not fit the frame');
    }
  }
  const plane = new Uint8Array(pixels);
  const out =
    bytesPerSample === 1
      ? new Uint8Array(pixels * spp)
      : bytesPerSample === 2
        ? new Uint16Array(pixels * spp)
        : new Uint32Array(pixels * spp);
  for (let s = 0; s < segments; s++) {
    const start = offsets[s]!;
    const end = s + 1 < segments ? offsets[s + 1]! : frame.byteLength;
    plane.fill(0);
    if (unpackSegment(frame, start, end, plane) < pixels) {
      throw new ImageError('codec', 'an RLE segment is shorter than the image');
    }
    // Segment order: for each sample, its bytes from the most significant.
    const sample = Math.floor(s / bytesPerSample);
    const shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample));
    if (bytesPerSample === 1) {
      for (let p = 0; p < pixels; p++) out[p * spp + sample] = plane[p]!;
    } else if (bytesPerSample === 2) {
      for (let p = 0; p < pixels; p++) out[p * spp + sample] = out[p * spp + sample]! | (plane[p]! << shift);
    } else {
      // Unsigned 32-bit: `<<` would go negative for the top byte.
      const factor = 2 ** shift;
      for (let p = 0; p < pixels; p++) out[p * spp + sample] = out[p * spp + sample]! + plane[p]! * factor;
    }
  }
  return out;
}
