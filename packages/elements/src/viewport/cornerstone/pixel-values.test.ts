import { expect } from '@open-wc/testing';
import { pixelValuesOf, type DecodedImage } from './pixel-values.js';

const image = (over: Partial<DecodedImage>): DecodedImage => {
  const data = over.getPixelData?.() ?? new Int16Array([0, 1, 2, 3]);
  return { rows: 2, columns: 2, color: false, slope: 1, intercept: 0, getPixelData: () => data, ...over };
};

describe('pixelValuesOf', () => {
  it('is undefined without an image', () => {
    expect(pixelValuesOf(undefined)).to.equal(undefined);
  });

  it('gives greyscale stored values as the decoder left them, without a copy', () => {
    const data = new Uint16Array([4095, 0, 7, 12]);
    const values = pixelValuesOf(image({ getPixelData: () => data }))!;
    expect(values.data).to.equal(data);
    expect(values).to.include({ rows: 2, columns: 2, samplesPerPixel: 1, modalityLutApplied: false });
  });

  it('says when the loader applied Rescale Slope and Intercept, and with which', () => {
    const data = new Int16Array([-1024, -1000, 0, 2000]);
    const values = pixelValuesOf(
      image({
        slope: 1,
        intercept: -1024,
        preScale: { scaled: true, scalingParameters: { rescaleSlope: 1, rescaleIntercept: -1024 } },
        getPixelData: () => data,
      }),
    )!;
    expect(values).to.include({ modalityLutApplied: true, rescaleSlope: 1, rescaleIntercept: -1024 });
    const stored = Array.from(values.data, (v) => (v - values.rescaleIntercept) / values.rescaleSlope);
    expect(stored).to.deep.equal([0, 24, 1024, 3024]);
  });

  it('prefers the voxel manager’s array to getPixelData (which a CPU draw may swap for RGBA)', () => {
    const rgb = new Uint8Array(12).map((_, i) => i);
    const rgba = new Uint8ClampedArray(16);
    const values = pixelValuesOf(
      image({ color: true, voxelManager: { getScalarData: () => rgb }, getPixelData: () => rgba }),
    )!;
    expect(values.samplesPerPixel).to.equal(3);
    expect(values.data).to.equal(rgb);
  });

  it('drops the alpha of RGBA', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10, 11, 12, 255]);
    const values = pixelValuesOf(image({ color: true, getPixelData: () => rgba }))!;
    expect(Array.from(values.data)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('refuses a buffer that does not fit the image', () => {
    expect(() => pixelValuesOf(image({ getPixelData: () => new Uint8Array(5) }))).to.throw(/5 values/);
  });
});
