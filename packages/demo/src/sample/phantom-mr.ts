/** The MR phantom of phantom.ts: 256 x 256, unsigned, 12 bits stored. */
import { createLcg, noise, clamp, forEllipse, drawCentredText } from './phantom-draw.js';

/** Image and series geometry of the MR phantom. The series is an oblique axial stack. */
export const MR = {
  rows: 256,
  columns: 256,
  pixelSpacingMm: 0.9375,
  sliceThicknessMm: 5,
  sliceSpacingMm: 6,
  sliceCount: 20,
  bitsAllocated: 16,
  bitsStored: 12,
  highBit: 11,
  pixelRepresentation: 0,
  maxValue: 4095,
  /** Rotation of the slice plane about the patient's left-right axis, degrees. */
  obliqueAngleDeg: 15,
  window: [1600, 3200] as const,
} as const;

/** The head at its largest (middle slice); each slice scales it by {@link mrHeadScale}. */
export const MR_HEAD = {
  cx: 128,
  cy: 128,
  rx: 96,
  ry: 112,
  scalp: 3000,
  skull: 200,
  greyMatter: 1400,
  whiteMatter: 2000,
  csf: 450,
} as const;
/** Calibration vials in the corners, exact values (no noise): 500, 1500, 2500 and 4095 (the 12-bit maximum). */
export const MR_VIALS = [
  { cx: 20, cy: 20, radius: 12, value: 500 },
  { cx: 235, cy: 20, radius: 12, value: 1500 },
  { cx: 20, cy: 235, radius: 12, value: 2500 },
  { cx: 235, cy: 235, radius: 12, value: 4095 },
] as const;
/** MR pixels outside the vials and label vary by at most this much (background: 0..this). */
export const MR_NOISE = 25;
export const MR_LABEL = { cx: 128, y: 4, scale: 1, value: 3500 } as const;

/** Scale of the head outline on a slice: 1 in the middle of the stack, smaller towards both ends. */
export function mrHeadScale(sliceIndex: number, sliceCount: number = MR.sliceCount): number {
  return 0.7 + 0.3 * Math.sin((Math.PI * (sliceIndex + 0.5)) / sliceCount);
}

/** Stored values (0..4095) of MR slice `sliceIndex` of a stack of `sliceCount`. */
export function mrSlice(sliceIndex: number, sliceCount: number = MR.sliceCount): Uint16Array {
  const { rows: h, columns: w } = MR;
  const px = new Uint16Array(w * h);
  const k = mrHeadScale(sliceIndex, sliceCount);
  const H = MR_HEAD;
  const layers: [number, number][] = [
    [0, H.scalp],
    [5, H.skull],
    [12, H.greyMatter],
  ];
  for (const [inset, value] of layers) {
    forEllipse(w, h, H.cx, H.cy, H.rx * k - inset, H.ry * k - inset, (i) => (px[i] = value));
  }
  forEllipse(w, h, H.cx, H.cy + 4, H.rx * k * 0.62, H.ry * k * 0.66, (i) => (px[i] = H.whiteMatter));
  // Lateral ventricles: their width follows the slice too.
  const vr = 3 + 9 * Math.sin((Math.PI * (sliceIndex + 0.5)) / sliceCount);
  for (const dx of [-13, 13]) forEllipse(w, h, H.cx + dx, H.cy - 2, vr, 24 * k, (i) => (px[i] = H.csf));
  const next = createLcg(0x4d520000 + sliceIndex);
  for (let i = 0; i < px.length; i++) {
    const n = noise(next, MR_NOISE);
    px[i] = px[i] === 0 ? Math.abs(n) : clamp(px[i]! + n, 0, MR.maxValue);
  }
  for (const v of MR_VIALS) forEllipse(w, h, v.cx, v.cy, v.radius, v.radius, (i) => (px[i] = v.value));
  const label = String(sliceIndex + 1);
  drawCentredText(w, h, label, MR_LABEL.cx, MR_LABEL.y, MR_LABEL.scale, (i) => (px[i] = MR_LABEL.value));
  return px;
}
