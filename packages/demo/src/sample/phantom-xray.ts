/** The projection radiograph phantom (CR / DX) of phantom.ts: 2000 x 2500, unsigned, 12 bits stored. */
import {
  createLcg,
  noise,
  clamp,
  forEllipse,
  forRect,
  drawText,
  makeRuler,
  drawRuler,
  type Ruler,
} from './phantom-draw.js';

/** Geometry of the chest radiograph phantom. Values below are "MONOCHROME2 sense": high = bright. */
export const XRAY = {
  rows: 2500,
  columns: 2000,
  /** ImagerPixelSpacing (row, column), mm: 10 mm = 50 pixels. No PixelSpacing is written. */
  imagerPixelSpacingMm: 0.2,
  bitsAllocated: 16,
  bitsStored: 12,
  highBit: 11,
  pixelRepresentation: 0,
  maxValue: 4095,
  window: [2048, 4096] as const,
} as const;

export const XRAY_BODY = { cx: 1000, cy: 1450, rx: 860, ry: 1300, value: 1700 } as const;
export const XRAY_LUNGS = [
  { cx: 660, cy: 1100, rx: 300, ry: 700, value: 800 },
  { cx: 1340, cy: 1100, rx: 300, ry: 700, value: 800 },
] as const;
export const XRAY_HEART = { cx: 1120, cy: 1480, rx: 320, ry: 300, value: 2100 } as const;
export const XRAY_SPINE = { x0: 925, x1: 1075, value: 2700 } as const;
export const XRAY_BACKGROUND = 250;
export const XRAY_NOISE = 20;
/**
 * A 12-step wedge at the left edge, exact values: step i covers rows
 * y0 + i*stepHeight .. y0 + (i+1)*stepHeight - 1, columns x0..x1, value round(4095 * i / 11).
 */
export const XRAY_STEP_WEDGE = {
  x0: 60,
  x1: 159,
  y0: 200,
  stepHeight: 100,
  values: Array.from({ length: 12 }, (_, i) => Math.round((4095 * i) / 11)),
} as const;
/**
 * A lead ruler above the body (value 4095 in MONOCHROME2 sense, exact): 100 mm from
 * (750, 80) to (1250, 80), a tick every 10 mm (50 px), 3 pixels thick.
 */
export const XRAY_RULER: Ruler = makeRuler(80, 750, XRAY.imagerPixelSpacingMm, 100, 10, 1, 15, 30);
export const XRAY_RULER_VALUE = 4095;
/** The "R" side marker: top-left corner, scale (pixels per font dot), value 4095. */
export const XRAY_MARKER = { text: 'R', x: 200, y: 40, scale: 10, value: 4095 } as const;

/**
 * Stored values of the chest radiograph. `MONOCHROME2` stores the values above;
 * `MONOCHROME1` stores `4095 - value`, so both display the same picture.
 */
export function xrayImage(photometric: 'MONOCHROME1' | 'MONOCHROME2'): Uint16Array {
  const { rows: h, columns: w } = XRAY;
  const px = new Uint16Array(w * h).fill(XRAY_BACKGROUND);
  const B = XRAY_BODY;
  forEllipse(w, h, B.cx, B.cy, B.rx, B.ry, (i) => (px[i] = B.value));
  for (const l of XRAY_LUNGS) {
    forEllipse(w, h, l.cx, l.cy, l.rx, l.ry, (i, x, y) => {
      const rib = (y + 0.00035 * (x - 1000) ** 2) % 150 < 26;
      px[i] = l.value + (rib ? 420 : 0);
    });
  }
  // Abdomen below the diaphragm dome.
  forEllipse(w, h, B.cx, B.cy, B.rx, B.ry, (i, x, y) => {
    if (y > 1800 + 0.0002 * (x - 1000) ** 2) px[i] = 2000;
  });
  const Hh = XRAY_HEART;
  forEllipse(w, h, Hh.cx, Hh.cy, Hh.rx, Hh.ry, (i) => (px[i] = Hh.value));
  forEllipse(w, h, B.cx, B.cy, B.rx, B.ry, (i, x, y) => {
    if (x >= XRAY_SPINE.x0 && x <= XRAY_SPINE.x1) px[i] = y % 140 < 18 ? XRAY_SPINE.value - 400 : XRAY_SPINE.value;
  });
  const next = createLcg(0x58524159);
  for (let i = 0; i < px.length; i++) px[i] = clamp(px[i]! + noise(next, XRAY_NOISE), 0, XRAY.maxValue);
  const W = XRAY_STEP_WEDGE;
  W.values.forEach((v, k) =>
    forRect(w, h, W.x0, W.y0 + k * W.stepHeight, W.x1, W.y0 + (k + 1) * W.stepHeight - 1, (i) => (px[i] = v)),
  );
  drawRuler(w, h, XRAY_RULER, (i) => (px[i] = XRAY_RULER_VALUE));
  const M = XRAY_MARKER;
  drawText(w, h, M.text, M.x, M.y, M.scale, (i) => (px[i] = M.value));
  if (photometric === 'MONOCHROME1') for (let i = 0; i < px.length; i++) px[i] = XRAY.maxValue - px[i]!;
  return px;
}
