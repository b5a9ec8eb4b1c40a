/**
 * From a decoder's output to the values PS3.5 and PS3.3 say a frame holds,
 * the same way for every encoding: stored values masked to Bits Stored and,
 * when Pixel Representation says so, sign-extended from it (the dataset wins
 * over what a codestream declared); colour interleaved as R, G, B with YBR
 * converted where no codec did; PALETTE COLOR through its tables; the linear
 * modality transform (Rescale Slope / Intercept). And what a renderer draws.
 */
import { ImageError } from './image-error.js';
import type { PixelFormat } from './format.js';

/** Integer samples as a decoder or a native frame gives them. */
export type Samples = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** Arrays a renderer takes as scalar data (no 32-bit integers). */
export type DisplayArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array;

/** One colour lookup table of a PALETTE COLOR image, with its descriptor. */
export interface PaletteTable {
  /** Input value mapped to the first entry. */
  firstMapped: number;
  entries: number;
  /** Bits per entry: 8 or 16 (16-bit entries are reduced to their high byte). */
  bits: number;
  data: ArrayLike<number>;
}

/** How to read a decoder's colour output. */
export interface ColourInput {
  /** The samples are still YBR_FULL / YBR_FULL_422 (native, RLE, JPEG-LS…): convert them to RGB. */
  convertYbr: boolean;
  /** The samples follow Planar Configuration (native and RLE frames); codecs give them interleaved. */
  planar: boolean;
}

/** A frame's values and what to draw. */
export interface NormalisedFrame {
  samplesPerPixel: 1 | 3;
  /**
   * Greyscale: stored values, or modality values when `modalityLutApplied`.
   * Colour: interleaved R, G, B (8 bits, or Bits Stored when more).
   */
  values: Samples | Float32Array;
  modalityLutApplied: boolean;
  /** What the renderer draws: greyscale as `values` where the type allows, colour as 8-bit RGB. */
  display: DisplayArray;
  /** Smallest and largest value of `display`. */
  min: number;
  max: number;
}

type IntArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor;

function storedType(bits: number, signed: boolean): IntArrayConstructor {
  if (signed) return bits <= 8 ? Int8Array : bits <= 16 ? Int16Array : Int32Array;
  return bits <= 8 ? Uint8Array : bits <= 16 ? Uint16Array : Uint32Array;
}

const TYPE_BITS = new Map<unknown, number>([
  [Int8Array, 8],
  [Uint8Array, 8],
  [Int16Array, 16],
  [Uint16Array, 16],
  [Int32Array, 32],
  [Uint32Array, 32],
]);

const isSigned = (raw: Samples) => raw instanceof Int8Array || raw instanceof Int16Array || raw instanceof Int32Array;

/**
 * Stored values of greyscale or palette-index samples.
 *
 * Native and RLE frames (`decoded` false) hold the sample words themselves:
 * the stored value is the bits from High Bit down Bits Stored (the rest may be
 * overlay bits), unsigned, or two's complement when Pixel Representation is 1.
 *
 * A codec's output (`decoded` true) holds numbers, which lossy codecs may take
 * past Bits Stored (a 12-bit image reconstructed as 4099; GDCM keeps it, and
 * masking would wrap it to 3: white drawn black). Only the sign is the
 * dataset's to decide: where Pixel Representation is 1 and the codec gave
 * unsigned numbers (a JPEG 2000 codestream declared unsigned: 63536 for -2000
 * at 13 bits stored), they are sign-extended from Bits Stored; where it is 0
 * and the codec gave negative numbers, those are read as their Bits Stored
 * pattern.
 */
export function storedValues(format: PixelFormat, raw: Samples, decoded = false): Samples {
  const { bitsStored: bits, highBit, pixelRepresentation } = format;
  const signed = pixelRepresentation === 1;
  if (decoded && signed === isSigned(raw)) return raw;
  const shift = decoded ? 0 : highBit + 1 - bits;
  const Type = storedType(decoded && !signed ? Math.max(bits, TYPE_BITS.get(raw.constructor)!) : bits, signed);
  if (raw instanceof Type && shift === 0 && TYPE_BITS.get(Type) === bits) return raw;
  const out = new Type(raw.length);
  if (bits === 32) {
    for (let i = 0; i < raw.length; i++) out[i] = signed ? raw[i]! | 0 : raw[i]! >>> 0;
    return out;
  }
  const mask = 2 ** bits - 1;
  if (signed) {
    const s = 32 - bits;
    for (let i = 0; i < raw.length; i++) out[i] = (((raw[i]! >>> shift) & mask) << s) >> s;
  } else if (decoded) {
    for (let i = 0; i < raw.length; i++) out[i] = raw[i]! < 0 ? raw[i]! & mask : raw[i]!;
  } else {
    for (let i = 0; i < raw.length; i++) out[i] = (raw[i]! >>> shift) & mask;
  }
  return out;
}

const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** YBR_FULL to RGB (PS3.3 C.7.6.3.1.2, the inverse of its RGB to YBR_FULL), 8-bit. */
function ybrToRgb(y: number, cb: number, cr: number, out: Uint8Array, at: number): void {
  out[at] = clamp8(y + 1.402 * (cr - 128));
  out[at + 1] = clamp8(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
  out[at + 2] = clamp8(y + 1.772 * (cb - 128));
}

/** Interleaved R, G, B of a colour frame (see {@link ColourInput}), masked to Bits Stored. */
export function rgbValues(format: PixelFormat, raw: Samples, input: ColourInput): Uint8Array | Uint16Array {
  const pixels = format.rows * format.columns;
  const ybr = format.photometricInterpretation === 'YBR_FULL' || format.photometricInterpretation === 'YBR_FULL_422';
  const convert = input.convertYbr && ybr;
  if (convert && format.bitsStored > 8) {
    throw new ImageError('bits', 'YBR colour with more than 8 bits stored is not supported');
  }
  const mask = 2 ** format.bitsStored - 1;
  // Native YBR_FULL_422: Y1 Y2 Cb Cr for each pair of pixels along a row (PS3.3 C.7.6.3.1.2).
  if (convert && format.photometricInterpretation === 'YBR_FULL_422' && raw.length === pixels * 2) {
    if (format.columns % 2 !== 0) throw new ImageError('geometry', 'YBR_FULL_422 needs an even number of columns');
    const out = new Uint8Array(pixels * 3);
    for (let p = 0, i = 0; p < pixels; p += 2, i += 4) {
      const cb = raw[i + 2]! & mask;
      const cr = raw[i + 3]! & mask;
      ybrToRgb(raw[i]! & mask, cb, cr, out, p * 3);
      ybrToRgb(raw[i + 1]! & mask, cb, cr, out, p * 3 + 3);
    }
    return out;
  }
  const components = raw.length / pixels;
  if (components !== 3 && components !== 4) {
    throw new ImageError('decoded-size', 'the decoded colour image does not match Rows x Columns x 3');
  }
  const planar = input.planar && format.planarConfiguration === 1 && components === 3;
  const at = (p: number, s: number) => (planar ? s * pixels + p : p * components + s);
  const out = format.bitsStored > 8 ? new Uint16Array(pixels * 3) : new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const a = raw[at(p, 0)]! & mask;
    const b = raw[at(p, 1)]! & mask;
    const c = raw[at(p, 2)]! & mask;
    if (convert) {
      ybrToRgb(a, b, c, out as Uint8Array, p * 3);
    } else {
      out[p * 3] = a;
      out[p * 3 + 1] = b;
      out[p * 3 + 2] = c;
    }
  }
  return out;
}

/** The RGB of PALETTE COLOR indices through the red, green and blue tables, 8 bits per sample. */
export function paletteRgb(indices: Samples, tables: readonly [PaletteTable, PaletteTable, PaletteTable]): Uint8Array {
  for (const table of tables) {
    if (!(table.entries > 0) || table.data.length < table.entries || (table.bits !== 8 && table.bits !== 16)) {
      throw new ImageError('palette', 'a palette lookup table is shorter than its descriptor or not 8 or 16 bits');
    }
  }
  const out = new Uint8Array(indices.length * 3);
  for (let c = 0; c < 3; c++) {
    const { firstMapped, entries, bits, data } = tables[c]!;
    const last = entries - 1;
    const shift = bits === 16 ? 8 : 0;
    for (let p = 0; p < indices.length; p++) {
      const k = indices[p]! - firstMapped;
      out[p * 3 + c] = (data[k < 0 ? 0 : k > last ? last : k]! >> shift) & 0xff;
    }
  }
  return out;
}

function range(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length ? { min, max } : { min: 0, max: 0 };
}

type SmallIntArrayConstructor =
  Uint8ArrayConstructor | Int8ArrayConstructor | Uint16ArrayConstructor | Int16ArrayConstructor;

function fitsIn(min: number, max: number): SmallIntArrayConstructor | undefined {
  if (min >= 0 && max <= 255) return Uint8Array;
  if (min >= -128 && max <= 127) return Int8Array;
  if (min >= 0 && max <= 65535) return Uint16Array;
  if (min >= -32768 && max <= 32767) return Int16Array;
  return undefined;
}

/**
 * Greyscale values after the linear modality transform, with their smallest
 * and largest value. Integer slope and intercept keep integers where they fit
 * 16 bits; otherwise 32-bit floats. One pass over the stored values for their
 * range and one to transform them: the transform is monotonic, so the range of
 * the output follows from that of the input (rounded to float32 where the
 * output is float32, as each value is). With `reuse`, `stored` is the
 * caller's own array and the values are written into it where they fit its
 * type (a CT's signed 16 bits with an integer intercept): no second array.
 */
export function modalityValues(
  stored: Samples,
  slope: number,
  intercept: number,
  reuse = false,
): { values: Samples | Float32Array; applied: boolean; min: number; max: number } {
  const { min, max } = range(stored);
  if (slope === 1 && intercept === 0) return { values: stored, applied: false, min, max };
  const a = slope * min + intercept;
  const b = slope * max + intercept;
  const Type =
    Number.isInteger(slope) && Number.isInteger(intercept) ? fitsIn(Math.min(a, b), Math.max(a, b)) : undefined;
  const out = Type
    ? reuse && stored.constructor === Type
      ? stored
      : new Type(stored.length)
    : new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = stored[i]! * slope + intercept;
  if (stored.length === 0) return { values: out, applied: true, min: 0, max: 0 };
  const round = Type ? (v: number) => v : Math.fround;
  return { values: out, applied: true, min: round(Math.min(a, b)), max: round(Math.max(a, b)) };
}

/** Greyscale values as an array a renderer takes: as they are, else as 32-bit floats (32-bit integers). */
function greyDisplay(values: Samples | Float32Array): DisplayArray {
  if (values instanceof Int32Array || values instanceof Uint32Array) return Float32Array.from(values);
  return values;
}

/** Colour values as 8-bit RGB for display: more than 8 bits stored keep their top 8. */
function rgbDisplay(values: Uint8Array | Uint16Array, bitsStored: number): Uint8Array {
  if (values instanceof Uint8Array) return values;
  const shift = bitsStored - 8;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! >> shift;
  return out;
}

/** Options of {@link normaliseFrame}. */
export interface NormaliseOptions extends ColourInput {
  /** The samples are a codec's output (numbers), not native or RLE sample words: see {@link storedValues}. */
  decoded: boolean;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The red, green and blue tables of a PALETTE COLOR image. */
  palette?: readonly [PaletteTable, PaletteTable, PaletteTable] | undefined;
  /**
   * `raw` is the caller's own array, kept nowhere else: the modality values may
   * be written into it (see {@link modalityValues}), saving an array per frame.
   */
  reuse?: boolean | undefined;
}

/**
 * The values and the display data of one decoded frame. `raw` is what the
 * decoder gave (or the native samples); an output that does not match the
 * header's Rows x Columns x Samples is an {@link ImageError} (`decoded-size`).
 */
export function normaliseFrame(format: PixelFormat, raw: Samples, options: NormaliseOptions): NormalisedFrame {
  const pixels = format.rows * format.columns;
  if (format.samplesPerPixel === 3) {
    const expected = [
      pixels * 3,
      pixels * 4,
      ...(format.photometricInterpretation === 'YBR_FULL_422' ? [pixels * 2] : []),
    ];
    if (!expected.includes(raw.length)) {
      throw new ImageError('decoded-size', 'the decoded image does not match Rows x Columns x 3');
    }
    const values = rgbValues(format, raw, options);
    const display = rgbDisplay(values, format.bitsStored);
    return { samplesPerPixel: 3, values, modalityLutApplied: false, display, ...range(display) };
  }
  if (raw.length !== pixels) {
    throw new ImageError('decoded-size', 'the decoded image does not match Rows x Columns');
  }
  const stored = storedValues(format, raw, options.decoded);
  if (format.photometricInterpretation === 'PALETTE COLOR') {
    if (!options.palette) throw new ImageError('palette', 'PALETTE COLOR without its lookup tables');
    const values = paletteRgb(stored, options.palette);
    return { samplesPerPixel: 3, values, modalityLutApplied: false, display: values, ...range(values) };
  }
  // An array storedValues made is this function's own to write into.
  const reuse = options.reuse === true || stored !== raw;
  const { values, applied, min, max } = modalityValues(stored, options.rescaleSlope, options.rescaleIntercept, reuse);
  const display = greyDisplay(values);
  // 32-bit integers are shown as float32: their range is that of the rounded values.
  const extent = (display as ArrayLike<number>) === values ? { min, max } : range(display);
  return { samplesPerPixel: 1, values, modalityLutApplied: applied, display, ...extent };
}

/**
 * The samples of a native frame (uncompressed, little or big endian) as a
 * typed array over a copy of exactly the frame's bytes (so that 16- and 32-bit
 * views are aligned whatever the frame's offset in its buffer), 1-bit frames
 * unpacked to one value per pixel. Too few bytes is an ImageError (`truncated`),
 * more than the frame and its padding byte one too (`decoded-size`).
 */
export function nativeSamples(bytes: Uint8Array, format: PixelFormat, frameBytes: number, bigEndian: boolean): Samples {
  if (bytes.byteLength < frameBytes) {
    throw new ImageError('truncated', 'the frame has fewer bytes than Rows x Columns x Bits Allocated');
  }
  // Pixel Data has an even length: one byte of padding after an odd frame. More than that, and the
  // header does not describe these bytes (16-bit data under Bits Allocated 1, a wrong Rows).
  if (bytes.byteLength > frameBytes + (frameBytes % 2)) {
    throw new ImageError('decoded-size', 'the frame has more bytes than Rows x Columns x Bits Allocated');
  }
  const copy = bytes.slice(0, frameBytes);
  if (format.bitsAllocated === 1) {
    const pixels = format.rows * format.columns;
    const out = new Uint8Array(pixels);
    // PS3.5 8.1.1: the first pixel in the least significant bit of the first byte.
    for (let p = 0; p < pixels; p++) out[p] = (copy[p >> 3]! >> (p & 7)) & 1;
    return out;
  }
  if (format.bitsAllocated === 8) return copy;
  if (bigEndian) {
    const width = format.bitsAllocated / 8;
    for (let i = 0; i < copy.length; i += width) copy.subarray(i, i + width).reverse();
  }
  return format.bitsAllocated === 16 ? new Uint16Array(copy.buffer) : new Uint32Array(copy.buffer);
}
