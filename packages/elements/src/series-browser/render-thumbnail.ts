// A client-side thumbnail: decoded pixel values windowed and drawn into a
// small canvas, for servers with neither /thumbnail nor /rendered. No
// Cornerstone here: the values come from the rendering module's decoder.
import type { PixelValues } from '../model/presentation.js';

/** How to map values to grey: a window in modality units, and MONOCHROME1's inversion. */
export interface ThumbnailLook {
  window?: { center: number; width: number } | undefined;
  /** True for MONOCHROME1 (low values white). */
  invert?: boolean;
}

/**
 * Windows `values` (the header's window, else the range of the values),
 * applying Rescale Slope / Intercept when the decoder did not, and draws them
 * fitted into a `size` x `size` box, keeping the aspect ratio.
 */
export function thumbnailCanvas(values: PixelValues, look: ThumbnailLook, size: number): HTMLCanvasElement {
  const { rows, columns, data, samplesPerPixel } = values;
  const pixels = rows * columns;
  const rgba = new Uint8ClampedArray(pixels * 4);
  if (samplesPerPixel === 3) {
    for (let p = 0; p < pixels; p++) {
      rgba[p * 4] = data[p * 3]!;
      rgba[p * 4 + 1] = data[p * 3 + 1]!;
      rgba[p * 4 + 2] = data[p * 3 + 2]!;
      rgba[p * 4 + 3] = 255;
    }
  } else {
    const slope = values.modalityLutApplied ? 1 : values.rescaleSlope;
    const intercept = values.modalityLutApplied ? 0 : values.rescaleIntercept;
    let low: number;
    let high: number;
    if (look.window && look.window.width > 0) {
      // PS3.3 C.11.2.1.2.1, linear: the window's ends, with its half-value offsets.
      low = look.window.center - 0.5 - (look.window.width - 1) / 2;
      high = look.window.center - 0.5 + (look.window.width - 1) / 2;
    } else {
      low = Infinity;
      high = -Infinity;
      for (let p = 0; p < pixels; p++) {
        const v = data[p]! * slope + intercept;
        if (v < low) low = v;
        if (v > high) high = v;
      }
    }
    const span = Math.max(high - low, 1e-6);
    for (let p = 0; p < pixels; p++) {
      const v = data[p]! * slope + intercept;
      let grey = v <= low ? 0 : v > high ? 255 : ((v - low) / span) * 255;
      if (look.invert) grey = 255 - grey;
      rgba[p * 4] = rgba[p * 4 + 1] = rgba[p * 4 + 2] = grey;
      rgba[p * 4 + 3] = 255;
    }
  }
  const full = document.createElement('canvas');
  full.width = columns;
  full.height = rows;
  full.getContext('2d')!.putImageData(new ImageData(rgba, columns, rows), 0, 0);
  const scale = Math.min(1, size / Math.max(rows, columns));
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(columns * scale));
  out.height = Math.max(1, Math.round(rows * scale));
  const ctx = out.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(full, 0, 0, out.width, out.height);
  return out;
}

/** The canvas as a PNG blob. */
export function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('thumbnail could not be encoded'))), 'image/png'),
  );
}
