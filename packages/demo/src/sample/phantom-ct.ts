/** The CT phantom of phantom.ts: 512 x 512, signed 16-bit, HU = stored - 1024. */
import {
  createLcg,
  noise,
  forEllipse,
  forRect,
  drawCentredText,
  makeRuler,
  drawRuler,
  type Ruler,
} from './phantom-draw.js';

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
  drawCentredText(w, h, label, CT_LABEL.cx, CT_LABEL.y, CT_LABEL.scale, (i) => (px[i] = s(CT_LABEL.hu)));
  return px;
}
