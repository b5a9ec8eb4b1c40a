// Mouse input on a fitted viewport, by image pixel: events dispatched inside
// the shadow root as a browser's own would be (Cornerstone follows drags on
// `document`). As in test/e2e/tools.test.ts.
import type { FoveaViewport } from '@fovea-dicom/elements';
import { frames } from './viewport.js';

const BUTTONS = { 0: 1, 1: 4, 2: 2 } as const;

/** Client coordinates of the centre of image pixel (x, y) on a viewport fitted to an image of `size` pixels. */
export function at(el: FoveaViewport, x: number, y: number, size = 512): { clientX: number; clientY: number } {
  const r = el.canvas!.getBoundingClientRect();
  return { clientX: r.left + ((x + 0.5) * r.width) / size, clientY: r.top + ((y + 0.5) * r.height) / size };
}

/** A left-button drag from image pixel `from` to `to` (of an image of `size` pixels). */
export async function drag(
  el: FoveaViewport,
  from: [number, number],
  to: [number, number],
  steps = 8,
  size = 512,
): Promise<void> {
  const init = { bubbles: true, composed: true, cancelable: true, button: 0, view: window };
  const target = el.canvas!;
  target.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: BUTTONS[0], ...at(el, ...from, size) }));
  for (let i = 1; i <= steps; i++) {
    const p: [number, number] = [from[0] + ((to[0] - from[0]) * i) / steps, from[1] + ((to[1] - from[1]) * i) / steps];
    target.dispatchEvent(new MouseEvent('mousemove', { ...init, buttons: BUTTONS[0], ...at(el, ...p, size) }));
    await frames(1);
  }
  // Cornerstone throttles drag moves: settle on the end point before letting go.
  await new Promise((r) => setTimeout(r, 60));
  target.dispatchEvent(new MouseEvent('mousemove', { ...init, buttons: BUTTONS[0], ...at(el, ...to, size) }));
  await new Promise((r) => setTimeout(r, 60));
  await frames(1);
  target.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0, ...at(el, ...to, size) }));
  await frames(2);
}

/** Moves the mouse without a button over image pixel `p`. */
export async function hover(el: FoveaViewport, p: [number, number]): Promise<void> {
  const init = { bubbles: true, composed: true, cancelable: true, button: 0, buttons: 0, view: window };
  el.canvas!.dispatchEvent(new MouseEvent('mousemove', { ...init, ...at(el, ...p) }));
  await frames(1);
}

/** A left click on image pixel `p`. */
export async function click(el: FoveaViewport, p: [number, number]): Promise<void> {
  const init = { bubbles: true, composed: true, cancelable: true, button: 0, view: window, ...at(el, ...p) };
  el.canvas!.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1 }));
  await frames(1);
  el.canvas!.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0 }));
  el.canvas!.dispatchEvent(new MouseEvent('click', { ...init, buttons: 0 }));
  await frames(2);
}
