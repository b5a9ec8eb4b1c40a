/**
 * Deterministic pixel generators for Fovea's sample and test images.
 *
 * Everything here is pure: the same arguments give the same pixels, on any
 * machine. The only "noise" comes from a fixed-seed linear congruential
 * generator, and only where tests do not assert exact values. The geometry of
 * every phantom is exported so that tests can check what a viewer shows and
 * measures (pixel coordinates are column `x`, row `y`, pixel centres at integers;
 * a pixel is inside a disc when `(x - cx)^2 + (y - cy)^2 <= r^2`).
 *
 * No Node APIs: usable in a page or a worker.
 */

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/** A seeded 32-bit LCG (Numerical Recipes constants). Returns a function giving uint32 values. */
export function createLcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

/** Integer noise in `[-amplitude, amplitude]` from an LCG (uses the high bits, which are the good ones). */
function noise(next: () => number, amplitude: number): number {
  return ((next() >>> 16) % (2 * amplitude + 1)) - amplitude;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Calls `fn(index, x, y)` for every pixel of a `width` x `height` image inside the ellipse. */
function forEllipse(
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
function forRect(
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
function drawText(
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

function makeRuler(
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

function drawRuler(width: number, height: number, r: Ruler, set: (i: number) => void): void {
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

// ---------------------------------------------------------------------------
// CT phantom: 512 x 512, signed 16-bit, HU = stored - 1024
// ---------------------------------------------------------------------------

/** Image and series geometry of the CT phantom. */
export const CT = {
  rows: 512,
  columns: 512,
  /** Row and column spacing (PixelSpacing), mm. 10 mm = 16 pixels exactly. */
  pixelSpacingMm: 0.625,
  sliceThicknessMm: 2,
  /** Distance between slice centres (SpacingBetweenSlices), mm. */
  sliceSpacingMm: 2,
  /** Slices of the full series. */
  sliceCount: 120,
  bitsAllocated: 16,
  bitsStored: 16,
  highBit: 15,
  pixelRepresentation: 1,
  rescaleSlope: 1,
  rescaleIntercept: -1024,
  /** Stored value outside the reconstruction circle; also written as PixelPaddingValue. */
  paddingStored: -2000,
  /** Window presets written to the header: [centre, width, explanation]. */
  windows: [
    [40, 400, 'SOFT TISSUE'],
    [-600, 1500, 'LUNG'],
    [400, 1800, 'BONE'],
  ] as const,
} as const;

/** Hounsfield values of the CT materials. */
export const CT_HU = {
  /** Outside the reconstruction circle (stored {@link CT.paddingStored}). */
  padding: CT.paddingStored * CT.rescaleSlope + CT.rescaleIntercept,
  air: -1000,
  /** Mean of the body's soft tissue; each pixel is 40 +/- {@link CT_SOFT_TISSUE_NOISE}. */
  softTissue: 40,
  water: 0,
  fat: -100,
  bone: 1000,
  lung: -800,
  lesion: 120,
  ruler: 2000,
  label: 1000,
} as const;

/** Soft-tissue pixels vary by at most this many HU around {@link CT_HU.softTissue}. Nothing else has noise. */
export const CT_SOFT_TISSUE_NOISE = 4;

/** The reconstruction circle; pixels outside it hold {@link CT.paddingStored}. */
export const CT_FOV = { cx: 255.5, cy: 255.5, radius: 256 } as const;
/** The body ellipse (soft tissue). */
export const CT_BODY = { cx: 256, cy: 250, rx: 220, ry: 165 } as const;
/** Discs of exact HU. */
export const CT_WATER_DISC = { cx: 156, cy: 190, radius: 36, hu: CT_HU.water } as const;
export const CT_FAT_DISC = { cx: 356, cy: 190, radius: 36, hu: CT_HU.fat } as const;
/** A ring of bone: pixels with inner < distance <= outer are bone; soft tissue inside. */
export const CT_BONE_RING = { cx: 156, cy: 310, innerRadius: 26, outerRadius: 36, hu: CT_HU.bone } as const;
/** A lung-like ellipse of uniform -800 HU. */
export const CT_LUNG = { cx: 356, cy: 310, rx: 44, ry: 52, hu: CT_HU.lung } as const;
/**
 * A horizontal ramp: columns x0..x1, rows y0..y1 (inclusive); HU rises linearly
 * from huMin at x0 to huMax at x1 (see {@link ctWedgeHu}).
 */
export const CT_WEDGE = { x0: 176, x1: 335, y0: 118, y1: 141, huMin: -1000, huMax: 1000 } as const;
/**
 * A sphere of {@link CT_HU.lesion} centred on the body axis at the middle of the
 * series; its cross-section changes from slice to slice (see {@link ctSphereRadiusPx}).
 */
export const CT_SPHERE = { cx: 256, cy: 250, radiusMm: 45, hu: CT_HU.lesion } as const;
/**
 * The ruler, in air below the body: 100 mm from (176, 450) to (336, 450), a tick
 * every 10 mm (16 px), major ticks at 0, 50 and 100 mm. 1 pixel wide.
 */
export const CT_RULER: Ruler = makeRuler(450, 176, CT.pixelSpacingMm, 100, 10, 0, 4, 8);
/** The slice label (InstanceNumber, i.e. slice index + 1) is printed centred on this column, top at this row. */
export const CT_LABEL = { cx: 256, y: 44, scale: 3, hu: CT_HU.label } as const;

/** Stored CT value of a Hounsfield value. */
export function huToStored(hu: number): number {
  return (hu - CT.rescaleIntercept) / CT.rescaleSlope;
}

/** Hounsfield value of a stored CT value. */
export function storedToHu(stored: number): number {
  return stored * CT.rescaleSlope + CT.rescaleIntercept;
}

/** HU of the wedge at column x (x0 <= x <= x1). */
export function ctWedgeHu(x: number): number {
  const { x0, x1, huMin, huMax } = CT_WEDGE;
  return Math.round(huMin + ((huMax - huMin) * (x - x0)) / (x1 - x0));
}

/** Index of the slice through the sphere's centre (may be half-way between two slices). */
export function ctSphereCenterIndex(sliceCount: number = CT.sliceCount): number {
  return (sliceCount - 1) / 2;
}

/** Radius in pixels of the sphere's cross-section on a slice, 0 where the slice misses it. */
export function ctSphereRadiusPx(sliceIndex: number, sliceCount: number = CT.sliceCount): number {
  const dz = (sliceIndex - ctSphereCenterIndex(sliceCount)) * CT.sliceSpacingMm;
  const r2 = CT_SPHERE.radiusMm ** 2 - dz * dz;
  return r2 > 0 ? Math.sqrt(r2) / CT.pixelSpacingMm : 0;
}

/**
 * Stored values (HU + 1024, signed) of CT slice `sliceIndex` (0-based) of a
 * series of `sliceCount` slices, rows top to bottom.
 */
export function ctSlice(sliceIndex: number, sliceCount: number = CT.sliceCount): Int16Array {
  const { rows: h, columns: w } = CT;
  const px = new Int16Array(w * h);
  const s = huToStored;
  px.fill(s(CT_HU.air));
  const fr2 = CT_FOV.radius ** 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if ((x - CT_FOV.cx) ** 2 + (y - CT_FOV.cy) ** 2 > fr2) px[y * w + x] = CT.paddingStored;
    }
  }
  const next = createLcg(0x5eed0000 + sliceIndex);
  const soft = s(CT_HU.softTissue);
  forEllipse(w, h, CT_BODY.cx, CT_BODY.cy, CT_BODY.rx, CT_BODY.ry, (i) => {
    px[i] = soft + noise(next, CT_SOFT_TISSUE_NOISE);
  });
  forEllipse(w, h, CT_LUNG.cx, CT_LUNG.cy, CT_LUNG.rx, CT_LUNG.ry, (i) => (px[i] = s(CT_LUNG.hu)));
  for (const d of [CT_WATER_DISC, CT_FAT_DISC])
    forEllipse(w, h, d.cx, d.cy, d.radius, d.radius, (i) => (px[i] = s(d.hu)));
  const ring = CT_BONE_RING;
  forEllipse(w, h, ring.cx, ring.cy, ring.outerRadius, ring.outerRadius, (i, x, y) => {
    if ((x - ring.cx) ** 2 + (y - ring.cy) ** 2 > ring.innerRadius ** 2) px[i] = s(ring.hu);
  });
  const r = ctSphereRadiusPx(sliceIndex, sliceCount);
  forEllipse(w, h, CT_SPHERE.cx, CT_SPHERE.cy, r, r, (i) => (px[i] = s(CT_SPHERE.hu)));
  forRect(w, h, CT_WEDGE.x0, CT_WEDGE.y0, CT_WEDGE.x1, CT_WEDGE.y1, (i, x) => (px[i] = s(ctWedgeHu(x))));
  drawRuler(w, h, CT_RULER, (i) => (px[i] = s(CT_HU.ruler)));
  const label = String(sliceIndex + 1);
  drawText(
    w,
    h,
    label,
    CT_LABEL.cx - Math.floor(textWidth(label, CT_LABEL.scale) / 2),
    CT_LABEL.y,
    CT_LABEL.scale,
    (i) => (px[i] = s(CT_LABEL.hu)),
  );
  return px;
}

// ---------------------------------------------------------------------------
// MR phantom: 256 x 256, unsigned, 12 bits stored
// ---------------------------------------------------------------------------

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
  drawText(
    w,
    h,
    label,
    MR_LABEL.cx - Math.floor(textWidth(label, MR_LABEL.scale) / 2),
    MR_LABEL.y,
    MR_LABEL.scale,
    (i) => (px[i] = MR_LABEL.value),
  );
  return px;
}

// ---------------------------------------------------------------------------
// Projection radiograph (CR / DX): 2000 x 2500, unsigned, 12 bits stored
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Ultrasound cine: 640 x 480 RGB, 8 bits, 30 frames
// ---------------------------------------------------------------------------

/** Geometry and timing of the ultrasound cine. */
export const US = {
  rows: 480,
  columns: 640,
  frameCount: 30,
  /** Frames per second (CineRate, RecommendedDisplayFrameRate). */
  cineRate: 30,
  /** FrameTime, ms. */
  frameTimeMs: 1000 / 30,
  /** PhysicalDeltaX / Y of the region (0018,602C / 602E), cm per pixel: 1 cm = 40 pixels. */
  physicalDeltaCm: 0.025,
} as const;

/** The imaging sector (a fan) with its apex at the top; it is also the calibrated US region. */
export const US_SECTOR = { apexX: 320, apexY: 40, innerRadius: 20, outerRadius: 420, halfAngleDeg: 38 } as const;
/** The calibrated region's bounding box (RegionLocationMinX0 ... MaxY1). */
export const US_REGION = { x0: 60, y0: 40, x1: 579, y1: 460 } as const;
/** A dark chamber in the sector and the bright disc that moves across it. */
export const US_CHAMBER = { cx: 320, cy: 250, rx: 150, ry: 80 } as const;
export const US_TARGET = { cy: 250, radius: 26, amplitude: 110, gray: 235 } as const;
/** Depth scale on the right: a white tick every 1 cm (40 px) from the apex row down. */
export const US_DEPTH_TICKS = { x0: 600, x1: 611, y0: 40, stepPx: 40, count: 11 } as const;
/** The Doppler box: red while the target moves right, blue while it moves left. */
export const US_DOPPLER_BOX = { x0: 250, x1: 390, y0: 120, y1: 160 } as const;

/** Centre column of the moving disc on `frame` (0-based). */
export function usTargetX(frame: number, frameCount: number = US.frameCount): number {
  return 320 + US_TARGET.amplitude * Math.sin((2 * Math.PI * frame) / frameCount);
}

function speckle(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) & 0xff;
}

/** One RGB frame (interleaved R, G, B; PlanarConfiguration 0) of the cine. */
export function usFrame(frame: number, frameCount: number = US.frameCount): Uint8Array {
  const { rows: h, columns: w } = US;
  const rgb = new Uint8Array(w * h * 3);
  const set = (i: number, r: number, g: number, b: number): void => {
    rgb[i * 3] = r;
    rgb[i * 3 + 1] = g;
    rgb[i * 3 + 2] = b;
  };
  const S = US_SECTOR;
  const tanHalf = Math.tan((S.halfAngleDeg * Math.PI) / 180);
  const tx = usTargetX(frame, frameCount);
  const C = US_CHAMBER;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - S.apexX;
      const dy = y - S.apexY;
      const r = Math.hypot(dx, dy);
      if (dy <= 0 || r < S.innerRadius || r > S.outerRadius || Math.abs(dx) > dy * tanHalf) continue;
      const atten = 1 - (0.5 * r) / S.outerRadius;
      let g = (40 + (speckle(x, y) % 110)) * atten;
      if (((x - C.cx) / C.rx) ** 2 + ((y - C.cy) / C.ry) ** 2 <= 1) g = 8 + (speckle(x, y) % 12);
      if ((x - tx) ** 2 + (y - US_TARGET.cy) ** 2 <= US_TARGET.radius ** 2) g = US_TARGET.gray;
      const v = Math.round(g);
      set(y * w + x, v, v, v);
    }
  }
  // Colour Doppler: the sign of the target's velocity picks red or blue.
  const velocity = Math.cos((2 * Math.PI * frame) / frameCount);
  const D = US_DOPPLER_BOX;
  forRect(w, h, D.x0, D.y0, D.x1, D.y1, (i, x, y) => {
    const onEdge = x === D.x0 || x === D.x1 || y === D.y0 || y === D.y1;
    if (onEdge) return set(i, 200, 200, 200);
    const s = speckle(x + frame * 7, y);
    if (s < 140) return;
    const a = Math.round(Math.abs(velocity) * (100 + (s - 140)));
    if (velocity >= 0) set(i, a, 0, 0);
    else set(i, 0, 0, a);
  });
  const T = US_DEPTH_TICKS;
  for (let k = 0; k < T.count; k++)
    forRect(w, h, T.x0, T.y0 + k * T.stepPx, k % 5 === 0 ? T.x1 : T.x0 + 5, T.y0 + k * T.stepPx, (i) =>
      set(i, 255, 255, 255),
    );
  // ECG trace with a cursor at the current frame.
  const ecgY = 455;
  const ecg = (x: number): number => {
    const phase = ((x - 40) % 140) / 140;
    return (
      ecgY +
      (phase > 0.3 && phase < 0.34
        ? -22
        : phase > 0.34 && phase < 0.37
          ? 10
          : Math.round(-4 * Math.sin(phase * 2 * Math.PI)))
    );
  };
  for (let x = 40; x < 600; x++) {
    const a = ecg(x);
    const b = x > 40 ? ecg(x - 1) : a;
    forRect(w, h, x, Math.min(a, b), x, Math.max(a, b), (i) => set(i, 0, 220, 0));
  }
  const cursor = 40 + Math.round((560 * frame) / frameCount);
  forRect(w, h, cursor, ecgY - 24, cursor, ecgY + 12, (i) => set(i, 255, 255, 0));
  const label = String(frame + 1);
  drawText(w, h, `F ${label}`, 16, 12, 2, (i) => set(i, 255, 220, 0));
  return rgb;
}

// ---------------------------------------------------------------------------
// PALETTE COLOR: 256 x 256, 8-bit indices, 256-entry 16-bit palette
// ---------------------------------------------------------------------------

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
