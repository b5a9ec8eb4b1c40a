/**
 * The drawing helpers of the sample phantoms (phantom.ts): a seeded LCG and
 * its noise, ellipse and rectangle fills, a 5x7 bitmap font and rulers. Pure,
 * no Node APIs.
 */
/** A seeded 32-bit LCG (Numerical Recipes constants). Returns a function giving uint32 values. */
export function createLcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

/** Integer noise in `[-amplitude, amplitude]` from an LCG (uses the high bits, which are the good ones). */
export function noise(next: () => number, amplitude: number): number {
  return ((next() >>> 16) % (2 * amplitude + 1)) - amplitude;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Calls `fn(index, x, y)` for every pixel of a `width` x `height` image inside the ellipse. */
export function forEllipse(
  width: number,
  height: number,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  fn: (i: number, x: number, y: number) => void,
): void {
  if (rx <= 0 || ry <= 0) return;
  const y0 = Math.max(0, Math.ceil(cy - ry));
  const y1 = Math.min(height - 1, Math.floor(cy + ry));
  const x0 = Math.max(0, Math.ceil(cx - rx));
  const x1 = Math.min(width - 1, Math.floor(cx + rx));
  for (let y = y0; y <= y1; y++) {
    const dy = (y - cy) / ry;
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const dx = (x - cx) / rx;
      if (dx * dx + dy * dy <= 1) fn(row + x, x, y);
    }
  }
}

/** Calls `fn(index, x, y)` for every pixel of the inclusive rectangle, clipped to the image. */
export function forRect(
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  fn: (i: number, x: number, y: number) => void,
): void {
  for (let y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) {
    for (let x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) fn(y * width + x, x, y);
  }
}

/** A 5x7 bitmap font: digits and the few letters the phantoms print. */
const FONT: Readonly<Record<string, readonly string[]>> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  F: ['11111', '10000', '10000', '11110', '10000', '10000', '10000'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};

/** Width in pixels of `text` drawn by {@link drawText} at `scale` (5 columns + 1 space per glyph). */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * 6 - 1) * scale;
}

/** Draws `text` with its top-left corner at (x, y); `set(index)` is called for each lit pixel. */
export function drawText(
  width: number,
  height: number,
  text: string,
  x: number,
  y: number,
  scale: number,
  set: (i: number) => void,
): void {
  [...text].forEach((ch, n) => {
    const glyph = FONT[ch];
    if (!glyph) throw new Error(`no glyph for ${JSON.stringify(ch)}`);
    glyph.forEach((bits, gy) => {
      for (let gx = 0; gx < 5; gx++) {
        if (bits[gx] !== '1') continue;
        forRect(
          width,
          height,
          x + (n * 6 + gx) * scale,
          y + gy * scale,
          x + (n * 6 + gx + 1) * scale - 1,
          y + (gy + 1) * scale - 1,
          set,
        );
      }
    });
  });
}

/** Draws `text` centred on column `cx` with its top at row `y` (see {@link drawText}). */
export function drawCentredText(
  width: number,
  height: number,
  text: string,
  cx: number,
  y: number,
  scale: number,
  set: (i: number) => void,
): void {
  drawText(width, height, text, cx - Math.floor(textWidth(text, scale) / 2), y, scale, set);
}

/** A straight ruler: a horizontal line from (x0, y) to (x1, y) with ticks every `tickSpacingMm`. */
export interface Ruler {
  /** Row of the ruler line's centre. */
  readonly y: number;
  /** Column of the first tick (the 0 mm mark). */
  readonly x0: number;
  /** Column of the last tick (the `lengthMm` mark). */
  readonly x1: number;
  /** Distance between the first and last tick in millimetres. */
  readonly lengthMm: number;
  readonly tickSpacingMm: number;
  /** Columns of all ticks, first to last. */
  readonly tickXs: readonly number[];
  /** Half thickness of the line and the ticks in pixels (0: one pixel wide). */
  readonly halfThickness: number;
  /** Half height of a minor tick / of a major tick (every 50 mm) in pixels. */
  readonly minorTickHalfHeight: number;
  readonly majorTickHalfHeight: number;
}

export function makeRuler(
  y: number,
  x0: number,
  pixelSpacingMm: number,
  lengthMm: number,
  tickSpacingMm: number,
  halfThickness: number,
  minor: number,
  major: number,
): Ruler {
  const pxPerTick = tickSpacingMm / pixelSpacingMm;
  if (!Number.isInteger(pxPerTick)) throw new Error('ruler ticks must fall on whole pixels');
  const ticks = lengthMm / tickSpacingMm;
  const tickXs = Array.from({ length: ticks + 1 }, (_, k) => x0 + k * pxPerTick);
  return {
    y,
    x0,
    x1: tickXs[ticks]!,
    lengthMm,
    tickSpacingMm,
    tickXs,
    halfThickness,
    minorTickHalfHeight: minor,
    majorTickHalfHeight: major,
  };
}

export function drawRuler(width: number, height: number, r: Ruler, set: (i: number) => void): void {
  const t = r.halfThickness;
  forRect(width, height, r.x0, r.y - t, r.x1, r.y + t, set);
  r.tickXs.forEach((x, k) => {
    const h = (k * r.tickSpacingMm) % 50 === 0 ? r.majorTickHalfHeight : r.minorTickHalfHeight;
    forRect(width, height, x - t, r.y - h, x + t, r.y + h, set);
  });
}

/** Reduces unsigned samples of `bitsStored` bits to 8 bits by dropping the low bits. */
export function to8Bit(pixels: Uint16Array, bitsStored: number): Uint8Array {
  const shift = bitsStored - 8;
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = clamp(pixels[i]! >> shift, 0, 255);
  return out;
}
