// Client-side thumbnails from decoded values: windowing, rescale, MONOCHROME1,
// colour, and fitting into the box with the aspect ratio kept.
import { expect } from '@open-wc/testing';
import type { PixelValues } from '../model/presentation.js';
import { thumbnailCanvas } from './render-thumbnail.js';

function grey(canvas: HTMLCanvasElement, x: number, y: number): number[] {
  return [...canvas.getContext('2d')!.getImageData(x, y, 1, 1).data];
}

/** A 4 x 2 image of stored values. */
const values = (data: number[], extra: Partial<PixelValues> = {}): PixelValues => ({
  rows: 2,
  columns: 4,
  samplesPerPixel: 1,
  data,
  modalityLutApplied: false,
  rescaleSlope: 1,
  rescaleIntercept: 0,
  ...extra,
});

describe('thumbnailCanvas', () => {
  it('windows modality values with the header window, rescaling stored values', () => {
    // Stored 0..3000 with intercept -1024: modality -1024 .. 1976; window 40 / 400 -> -160 .. 240.
    const canvas = thumbnailCanvas(
      values([0, 864, 1064, 3000, 0, 864, 1064, 3000], { rescaleIntercept: -1024 }),
      { window: { center: 40, width: 400 } },
      64,
    );
    expect([canvas.width, canvas.height]).to.deep.equal([4, 2]);
    expect(grey(canvas, 0, 0)[0]).to.equal(0); // air below the window
    expect(grey(canvas, 1, 0)[0]).to.be.within(0, 3); // -160 at the bottom edge
    expect(grey(canvas, 2, 0)[0]).to.be.within(126, 130); // 40: the centre
    expect(grey(canvas, 3, 0)).to.deep.equal([255, 255, 255, 255]);
  });

  it('stretches the value range without a window and inverts MONOCHROME1', () => {
    const canvas = thumbnailCanvas(values([10, 20, 30, 40, 10, 20, 30, 40]), { invert: true }, 64);
    expect(grey(canvas, 0, 0)[0]).to.equal(255);
    expect(grey(canvas, 3, 1)[0]).to.equal(0);
  });

  it('draws colour as it is and fits large images into the box keeping the aspect ratio', () => {
    const rows = 100;
    const columns = 400;
    const data = new Uint8Array(rows * columns * 3);
    for (let p = 0; p < rows * columns; p++) data.set([200, 30, 60], p * 3);
    const canvas = thumbnailCanvas(
      { rows, columns, samplesPerPixel: 3, data, modalityLutApplied: false, rescaleSlope: 1, rescaleIntercept: 0 },
      {},
      96,
    );
    expect([canvas.width, canvas.height]).to.deep.equal([96, 24]);
    expect(grey(canvas, 48, 12)).to.deep.equal([200, 30, 60, 255]);
  });
});
