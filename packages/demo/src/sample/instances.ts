/**
 * Builds the DICOM data sets of the sample series: header attributes from
 * studies.ts, pixels from phantom.ts, UIDs from uid.ts.
 *
 * A series can be built as the base series (what make-samples writes) or as a
 * variant (what the corpus transcodes): a variant is its own series in the same
 * study, with its own Series / SOP Instance UIDs derived from the variant key,
 * a SeriesDescription that names it, optionally fewer instances and, for the
 * JPEG baseline sources, pixels reduced to 8 bits (as Secondary Capture).
 */
// The header every instance shares is built in instance-header.ts, the CT and
// MR slices in instance-slices.ts, the other images in instance-images.ts.
import type { Dataset } from './dicom-writer.js';
import { uids, type VariantSpec } from './instance-header.js';
import { buildPalette, buildRadiograph, buildUltrasound } from './instance-images.js';
import { buildSlice } from './instance-slices.js';
import { CT, MR, US } from './phantom.js';
import { type SeriesSpec, type StudySpec } from './studies.js';

export { SOP_CLASS, uids, type VariantSpec } from './instance-header.js';
export { slicePlane } from './instance-slices.js';

/** Options of a base series build. */
export interface BuildOptions {
  /** Fewer slices / frames (for quick tests). The phantom geometry does not change. */
  readonly small?: boolean;
  readonly variant?: VariantSpec;
}

/** One instance to write: its relative file name inside the series directory and its data set. */
export interface SampleInstance {
  readonly fileName: string;
  readonly instanceNumber: number;
  readonly frames: number;
  readonly dataset: Dataset;
}

/** How many images (slices, or frames of the one US instance) a series has. */
export function imageCount(series: SeriesSpec, small = false): number {
  switch (series.kind) {
    case 'ct':
      return small ? 12 : CT.sliceCount;
    case 'mr':
      return small ? 6 : MR.sliceCount;
    case 'us':
      return small ? 10 : US.frameCount;
    default:
      return 1;
  }
}

/** Indices of the instances a variant keeps: the middle `max` ones, contiguous. */
export function keptIndices(count: number, max: number | undefined): number[] {
  if (max === undefined || max >= count) return Array.from({ length: count }, (_, i) => i);
  const first = Math.floor((count - max) / 2);
  return Array.from({ length: max }, (_, i) => first + i);
}

/**
 * The instances of a series (base or variant), built lazily one at a time so
 * that a 120-slice series never sits in memory at once.
 */
export function* buildSeries(
  study: StudySpec,
  series: SeriesSpec,
  options: BuildOptions = {},
): Generator<SampleInstance> {
  const { variant } = options;
  const count = imageCount(series, options.small);
  const bits8 = variant?.bits8 === true;
  if (bits8 && series.kind !== 'mr' && series.kind !== 'cr' && series.kind !== 'dx') {
    throw new Error(`an 8-bit variant is only defined for MR and CR/DX, not ${series.kind}`);
  }
  const forUid = uids.frameOfReference(study, series);
  const instanceIndices = series.kind === 'us' ? [0] : keptIndices(count, variant?.maxInstances);
  for (const k of instanceIndices) {
    const ds: Dataset = new Map();
    let frames = 1;
    const c = { study, series, variant, k, count, bits8, forUid, ds };
    switch (series.kind) {
      case 'ct':
      case 'mr':
        buildSlice(series.kind, c);
        break;
      case 'cr':
      case 'dx':
        buildRadiograph(series.kind, c);
        break;
      case 'us':
        frames = buildUltrasound(c);
        break;
      case 'palette':
        buildPalette(c);
        break;
    }
    yield { fileName: `${String(k + 1).padStart(4, '0')}.dcm`, instanceNumber: k + 1, frames, dataset: ds };
  }
}
