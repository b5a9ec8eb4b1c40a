/**
 * The decoded values of a Cornerstone image as {@link PixelValues}. Structural
 * (no Cornerstone import): it reads the fields of Cornerstone's `IImage` that
 * say what the decoder and the loader did to the stored values.
 */
import type { PixelValues } from '../rendering-types.js';

/** The part of Cornerstone's `IImage` this module reads. */
export interface DecodedImage {
  rows: number;
  columns: number;
  color: boolean;
  slope: number;
  intercept: number;
  isPreScaled?: boolean;
  preScale?: { scaled?: boolean; scalingParameters?: { rescaleSlope?: number; rescaleIntercept?: number } };
  voxelManager?: { getScalarData(): ArrayLike<number> };
  getPixelData(): ArrayLike<number>;
}

/**
 * What the loader made of the stored values: greyscale values as decoded
 * (rescaled when the loader pre-scaled them), colour as interleaved RGB. A view
 * of the image's own buffer, except for RGBA (CPU rendering), which is copied
 * to RGB.
 */
export function pixelValuesOf(image: DecodedImage | undefined): PixelValues | undefined {
  if (!image) return undefined;
  const { rows, columns } = image;
  // The voxel manager keeps the decoded array; `getPixelData()` can be swapped
  // for an RGBA copy once a colour image has been drawn on the CPU path.
  const data = image.voxelManager?.getScalarData() ?? image.getPixelData();
  const pixels = rows * columns;
  const components = pixels > 0 ? data.length / pixels : 0;
  const scaled = image.preScale?.scaled === true || image.isPreScaled === true;
  const parameters = image.preScale?.scalingParameters;
  const rescale = {
    modalityLutApplied: scaled,
    rescaleSlope: (scaled ? parameters?.rescaleSlope : undefined) ?? image.slope ?? 1,
    rescaleIntercept: (scaled ? parameters?.rescaleIntercept : undefined) ?? image.intercept ?? 0,
  };
  if (!image.color && components === 1) return { rows, columns, samplesPerPixel: 1, data, ...rescale };
  if (image.color && components === 3) return { rows, columns, samplesPerPixel: 3, data, ...rescale };
  if (image.color && components === 4) {
    const rgb = new Uint8ClampedArray(pixels * 3);
    for (let p = 0; p < pixels; p++) {
      rgb[p * 3] = data[p * 4]!;
      rgb[p * 3 + 1] = data[p * 4 + 1]!;
      rgb[p * 3 + 2] = data[p * 4 + 2]!;
    }
    return { rows, columns, samplesPerPixel: 3, data: rgb, ...rescale };
  }
  throw new Error(`decoded image has ${data.length} values for ${rows} x ${columns} pixels`);
}
