import '@fovea-dicom/elements';
import type { FoveaViewport, FoveaImageChangeEvent, FoveaErrorEvent } from '@fovea-dicom/elements';

/** Mounts a viewport of `size` CSS pixels in the document. */
export function mountViewport(size = 512, attributes: Record<string, string> = {}): FoveaViewport {
  const el = document.createElement('fovea-viewport');
  el.style.width = `${size}px`;
  el.style.height = `${size}px`;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

/** Resolves on the next `fovea-image-change`; rejects on `fovea-error` or after `timeoutMs`. */
export function nextImage(el: FoveaViewport, timeoutMs = 30_000): Promise<FoveaImageChangeEvent['detail']> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(() => reject(new Error('no image within timeout'))), timeoutMs);
    const onImage = (e: FoveaImageChangeEvent) => done(() => resolve(e.detail));
    const onError = (e: FoveaErrorEvent) => done(() => reject(e.detail.error));
    const done = (f: () => void) => {
      clearTimeout(timer);
      el.removeEventListener('fovea-image-change', onImage);
      el.removeEventListener('fovea-error', onError);
      f();
    };
    el.addEventListener('fovea-image-change', onImage);
    el.addEventListener('fovea-error', onError);
  });
}

/** Waits two animation frames so the canvas holds what was rendered. */
export function frames(n = 2): Promise<void> {
  return new Promise((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });
}

/**
 * The grey value (mean of R, G, B) of the displayed canvas at image
 * coordinates, assuming the image is fitted to a square viewport of the same
 * size in CSS pixels, averaged over a (2r+1)^2 neighbourhood.
 */
export function greyAt(el: FoveaViewport, x: number, y: number, imageSize: number, r = 2): number {
  const canvas = el.canvas;
  if (!canvas) throw new Error('viewport has no canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('canvas is not 2D');
  const scale = canvas.width / imageSize;
  const cx = Math.round((x + 0.5) * scale - 0.5);
  const cy = Math.round((y + 0.5) * (canvas.height / imageSize) - 0.5);
  const data = ctx.getImageData(cx - r, cy - r, 2 * r + 1, 2 * r + 1).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
  return sum / (data.length / 4);
}
