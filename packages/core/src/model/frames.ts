import { getItems, getNumber, getNumbers, getString, getStrings, type DicomJsonDataset } from './json.js';
import { Tag } from './tags.js';
import type { Instance, WindowPreset } from './views.js';

/**
 * What one frame of an instance says about its geometry, modality transform
 * and windows. An enhanced multi-frame object (Enhanced CT, MR, …) keeps them
 * in functional groups (PS3.3 C.7.6.16): the frame's item of the Per-Frame
 * Functional Groups Sequence, else the Shared Functional Groups Sequence;
 * every other object at the top level, for all its frames.
 */
export interface FrameAttributes {
  imagePositionPatient: [number, number, number] | undefined;
  imageOrientationPatient: [number, number, number, number, number, number] | undefined;
  /** Row and column spacing in mm (PixelSpacing: row spacing first). */
  pixelSpacing: [number, number] | undefined;
  sliceThickness: number | undefined;
  /** Rescale Slope (1 when absent). */
  rescaleSlope: number;
  /** Rescale Intercept (0 when absent). */
  rescaleIntercept: number;
  rescaleType: string | undefined;
  /** The header's windows, paired by index. */
  windows: WindowPreset[];
  /** VOI LUT Function (LINEAR when absent). */
  voiLutFunction: string | undefined;
}

/**
 * The dataset that holds functional group macro `macro` (a sequence tag) for
 * `frame` (1-based): its item in the frame's per-frame group, else in the
 * shared group; undefined for objects without functional groups.
 */
function macroItem(dataset: DicomJsonDataset, frame: number, macro: string): DicomJsonDataset | undefined {
  const perFrame = getItems(dataset, Tag.PerFrameFunctionalGroupsSequence)[frame - 1];
  const fromFrame = perFrame && getItems(perFrame, macro)[0];
  if (fromFrame) return fromFrame;
  const shared = getItems(dataset, Tag.SharedFunctionalGroupsSequence)[0];
  return shared && getItems(shared, macro)[0];
}

/** `tag` of `frame` from functional group `macro`, else from the top level. */
function source(dataset: DicomJsonDataset, frame: number, macro: string, tag: string): DicomJsonDataset {
  const item = macroItem(dataset, frame, macro);
  return item && item[tag] !== undefined ? item : dataset;
}

function triple(v: number[]): [number, number, number] | undefined {
  return v.length === 3 ? [v[0]!, v[1]!, v[2]!] : undefined;
}

/** The attributes of `frame` (1-based) of `instance`; see {@link FrameAttributes}. */
export function frameAttributes(instance: Instance, frame: number): FrameAttributes {
  const { dataset } = instance;
  const at = (macro: string, tag: string) => source(dataset, frame, macro, tag);
  const orientation = getNumbers(
    at(Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient),
    Tag.ImageOrientationPatient,
  );
  const spacing = getNumbers(at(Tag.PixelMeasuresSequence, Tag.PixelSpacing), Tag.PixelSpacing);
  const transform = (tag: string) => at(Tag.PixelValueTransformationSequence, tag);
  const voi = (tag: string) => at(Tag.FrameVOILUTSequence, tag);
  const centers = getNumbers(voi(Tag.WindowCenter), Tag.WindowCenter);
  const widths = getNumbers(voi(Tag.WindowWidth), Tag.WindowWidth);
  const explanations = getStrings(voi(Tag.WindowCenterWidthExplanation), Tag.WindowCenterWidthExplanation);
  const slope = getNumber(transform(Tag.RescaleSlope), Tag.RescaleSlope);
  return {
    imagePositionPatient: triple(
      getNumbers(at(Tag.PlanePositionSequence, Tag.ImagePositionPatient), Tag.ImagePositionPatient),
    ),
    imageOrientationPatient:
      orientation.length === 6
        ? [orientation[0]!, orientation[1]!, orientation[2]!, orientation[3]!, orientation[4]!, orientation[5]!]
        : undefined,
    pixelSpacing: spacing.length === 2 && spacing[0]! > 0 && spacing[1]! > 0 ? [spacing[0]!, spacing[1]!] : undefined,
    sliceThickness: getNumber(at(Tag.PixelMeasuresSequence, Tag.SliceThickness), Tag.SliceThickness),
    // A slope of 0 would map every value to the intercept: no writer means that.
    rescaleSlope: slope === undefined || slope === 0 ? 1 : slope,
    rescaleIntercept: getNumber(transform(Tag.RescaleIntercept), Tag.RescaleIntercept) ?? 0,
    rescaleType: getString(transform(Tag.RescaleType), Tag.RescaleType),
    windows: centers
      .slice(0, widths.length)
      .flatMap((center, i) => (widths[i]! > 0 ? [{ center, width: widths[i]!, explanation: explanations[i] }] : [])),
    voiLutFunction: getString(voi(Tag.VOILUTFunction), Tag.VOILUTFunction),
  };
}
