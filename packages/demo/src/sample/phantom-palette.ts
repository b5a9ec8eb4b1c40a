/** The PALETTE COLOR phantom of phantom.ts: 256 x 256, 8-bit indices, 256-entry 16-bit palette. */
import { forEllipse, forRect } from './phantom-draw.js';

export const PALETTE = {
  rows: 256,
  columns: 256,
  /** Entries of each palette LUT, first mapped value 0, 16 bits per entry: descriptor [256, 0, 16]. */
  lutEntries: 256,
  lutBits: 16,
} as const;
/** A disc whose index rises with the distance from its centre: index = min(255, round(r * 255 / radius)). */
export const PALETTE_DISC = { cx: 128, cy: 108, radius: 100 } as const;
/** A colour bar along the bottom: on rows y0..y1, index = column. Rows between the disc area and the bar are 0. */
export const PALETTE_BAR = { y0: 224, y1: 255 } as const;

/** The palette: 0 is black, 255 white, 1..254 run from blue through green to red. 16-bit entries. */
export function paletteLut(): { red: Uint16Array; green: Uint16Array; blue: Uint16Array } {
  const red = new Uint16Array(256);
  const green = new Uint16Array(256);
  const blue = new Uint16Array(256);
  for (let i = 1; i < 255; i++) {
    const hue = 240 * (1 - (i - 1) / 253); // degrees: 240 blue .. 0 red
    const c = (n: number): number => {
      const k = (n + hue / 60) % 6;
      return 1 - Math.max(0, Math.min(k, 4 - k, 1));
    };
    red[i] = Math.round(c(5) * 65535);
    green[i] = Math.round(c(3) * 65535);
    blue[i] = Math.round(c(1) * 65535);
  }
  red[255] = green[255] = blue[255] = 65535;
  return { red, green, blue };
}

/** Palette indices of the image. */
export function paletteImage(): Uint8Array {
  const { rows: h, columns: w } = PALETTE;
  const px = new Uint8Array(w * h);
  const D = PALETTE_DISC;
  forEllipse(w, h, D.cx, D.cy, D.radius, D.radius, (i, x, y) => {
    px[i] = Math.min(255, Math.round((Math.hypot(x - D.cx, y - D.cy) * 255) / D.radius));
  });
  forRect(w, h, 0, PALETTE_BAR.y0, w - 1, PALETTE_BAR.y1, (i, x) => (px[i] = x));
  return px;
}
