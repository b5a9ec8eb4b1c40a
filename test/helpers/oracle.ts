// Comparing what a viewport decodes with an independent decoder's values
// (scripts/corpus/oracle.ts): shared by transfer-syntaxes.test.ts and
// realworld.test.ts.
import type { PixelValues } from '@fovea-dicom/elements';

export interface ValueStats {
  min: number;
  max: number;
  mean: number;
  fnv1a: number;
}

/**
 * Largest allowed |viewport - reference| of a decoded value, in stored units,
 * per lossy transfer syntax, and why. Beyond it, the mean of the whole frame
 * must agree within MEAN_TOLERANCE: rounding differences between two correct
 * decoders go both ways, an offset is a bug.
 */
export const LOSSY: Record<string, { tolerance: number; why: string }> = {
  // ISO 14495-1 reconstructs with integer arithmetic only: any two conforming
  // decoders give the same values. Separately, every value must be within the
  // scan's NEAR of the lossless source.
  '1.2.840.10008.1.2.4.81': { tolerance: 0, why: 'JPEG-LS reconstruction is exact integer arithmetic' },
  // ISO 10918 leaves the IDCT to the implementation within an accuracy bound
  // (ISO 10918-2, IEEE 1180): one level either way per sample. Greyscale goes
  // through libjpeg-turbo, whose islow IDCT is IJG's (seen: identical); colour
  // through Chromium's own decoder, whose YCbCr -> RGB and chroma upsampling
  // round differently on the GPU path (seen: 1 level, on 2.5% of samples).
  '1.2.840.10008.1.2.4.50': { tolerance: 1, why: 'IDCT accuracy bound of ISO 10918-2, one level' },
  // 12-bit DCT: the same bound, IJG's 12-bit islow IDCT against Cornerstone's
  // JavaScript decoder (codecs/jpeg.js). Seen failing: that decoder adds 15 to
  // every value (it scales the 8-bit level shift and rounding, 128 * 16 + 8,
  // by 4095 / 255 instead of using 2048 * 16 + 8).
  '1.2.840.10008.1.2.4.51': { tolerance: 1, why: 'IDCT accuracy bound of ISO 10918-2, one level' },
  // The 9/7 irreversible wavelet is floating point: OpenJPEG native (gdcm) and
  // OpenJPEG in WebAssembly (Cornerstone) may round a value at .5 differently
  // (seen: identical).
  '1.2.840.10008.1.2.4.91': { tolerance: 1, why: 'floating-point 9/7 inverse wavelet, native against WebAssembly' },
};
export const MEAN_TOLERANCE = 0.5;

/** 32-bit FNV-1a over the values as 32-bit integers (as in scripts/corpus/oracle.ts). */
export function fnv1a32(values: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) h = Math.imul(h ^ (values[i]! | 0), 0x01000193);
  return h >>> 0;
}

/**
 * The viewport's values in the reference's terms: stored values (modality
 * transform undone). Float64 so that unsigned 32-bit values keep their sign.
 */
export function storedValues(values: PixelValues): Float64Array {
  const out = new Float64Array(values.data.length);
  const { data, modalityLutApplied, rescaleSlope, rescaleIntercept } = values;
  for (let i = 0; i < out.length; i++) {
    out[i] = modalityLutApplied ? Math.round((data[i]! - rescaleIntercept) / rescaleSlope) : data[i]!;
  }
  return out;
}

export function stats(values: ArrayLike<number>): ValueStats {
  let [min, max, sum] = [Infinity, -Infinity, 0];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / values.length, fnv1a: fnv1a32(values) };
}

export interface Comparison {
  compared: number;
  differing: number;
  maxDiff: number;
  /** Mean of (ours - expected). */
  bias: number;
  worst: string;
}

/** Our values at the reference's sampled pixel positions against its values there. */
export function compareSamples(
  ours: ArrayLike<number>,
  ref: { samplesPerPixel: number; columns: number; samples: { positions: readonly number[] } },
  expected: readonly number[],
): Comparison {
  const spp = ref.samplesPerPixel;
  const result: Comparison = { compared: 0, differing: 0, maxDiff: 0, bias: 0, worst: '' };
  let sum = 0;
  ref.samples.positions.forEach((p, k) => {
    for (let s = 0; s < spp; s++) {
      const [a, b] = [ours[p * spp + s]!, expected[k * spp + s]!];
      const diff = Math.abs(a - b);
      sum += a - b;
      result.compared++;
      if (diff > 0) result.differing++;
      if (diff > result.maxDiff) {
        result.maxDiff = diff;
        result.worst = `(${p % ref.columns}, ${Math.floor(p / ref.columns)}) sample ${s}: ${a} against ${b}`;
      }
    }
  });
  result.bias = sum / result.compared;
  return result;
}
