/**
 * Typed measurements: what a host stores and restores. No rendering library
 * here: the Cornerstone tools are converted to and from these objects in
 * `cornerstone/tools.ts`, so a stored measurement survives a change of renderer.
 *
 * Geometric values (length, angle, area) are computed here from image
 * coordinates and the header's spacing, so that the unit and its source are
 * explicit; intensity statistics come from the renderer's decoded pixels.
 */
import type { ImageReference } from '@fovea-dicom/core';
import { frameAttributesOf } from './frame-attributes.js';
import { MEASUREMENT_KINDS, measurementPoints, type MeasurementKind } from './tools.js';

/** The kinds of measurement and annotation the tools make (the tools of model/tools.ts with points). */
export type { MeasurementKind };

/** Where the millimetres came from: PixelSpacing, ImagerPixelSpacing (at the detector), or none (pixels). */
export type SpacingSource = 'PixelSpacing' | 'ImagerPixelSpacing' | 'none';

/** Unit of a measurement's `value`. */
export type MeasurementUnit = 'mm' | 'px' | 'deg' | 'mm²' | 'px²' | 'HU' | '';

/** The image a measurement was made on. */
export interface MeasurementImage {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based frame number. */
  frame: number;
}

/**
 * A point: image coordinates (column, row) as in DICOM SR SCOORD, where (0, 0)
 * is the top-left corner of the top-left pixel (its centre is (0.5, 0.5));
 * and patient coordinates (LPS, mm) when the header has an image plane.
 */
export interface MeasurementPoint {
  image: [number, number];
  patient?: [number, number, number];
}

/** Intensity statistics of a region, in `unit` (HU for CT; '' for values without a unit). */
export interface RegionStats {
  mean: number;
  stdDev: number;
  min: number;
  max: number;
  unit: string;
}

/** A measurement or annotation as a host sees it. JSON-safe. */
export interface Measurement {
  /** Stable id (survives get / set). */
  id: string;
  kind: MeasurementKind;
  image: MeasurementImage;
  /** Handles: 2 for length, rectangle (corners) and arrow (tip first); 3 for angle (vertex in the middle); 1 for probe; ellipse: bounding box corners. */
  points: MeasurementPoint[];
  /** Length, angle, area, or the probed value; undefined for an arrow or before the value is known. */
  value?: number;
  unit: MeasurementUnit;
  /** Which header attribute gave millimetres. */
  spacing: SpacingSource;
  /** Region statistics (rectangle, ellipse). */
  stats?: RegionStats;
  /** Label (arrow). */
  text?: string;
}

/** Version tag of the JSON that `getMeasurements` produces. */
export const MEASUREMENTS_FORMAT = 'fovea-measurements@1';

/** The serialised form: `JSON.stringify` of this is what hosts store. */
export interface MeasurementsJson {
  format: typeof MEASUREMENTS_FORMAT;
  measurements: Measurement[];
}

/** Column and row spacing in mm and where they came from. */
export interface Spacing {
  source: SpacingSource;
  /** mm per pixel along a row (between columns). */
  column: number;
  /** mm per pixel along a column (between rows). */
  row: number;
}

/**
 * The frame's PixelSpacing (in its functional groups for an enhanced
 * multi-frame object), else ImagerPixelSpacing, else 1 px (`none`). DICOM
 * lists row spacing first.
 */
export function spacingOf(reference: ImageReference | undefined): Spacing {
  const pixel = reference && frameAttributesOf(reference).pixelSpacing;
  if (pixel) return { source: 'PixelSpacing', row: pixel[0], column: pixel[1] };
  const imager = reference?.instance.imagerPixelSpacing;
  if (imager && imager[0] > 0 && imager[1] > 0)
    return { source: 'ImagerPixelSpacing', row: imager[0], column: imager[1] };
  return { source: 'none', row: 1, column: 1 };
}

/** Patient coordinates of an image point from the frame's plane, or undefined without one. */
export function imageToPatient(
  reference: ImageReference | undefined,
  [x, y]: readonly [number, number],
): [number, number, number] | undefined {
  const f = reference && frameAttributesOf(reference);
  const origin = f?.imagePositionPatient;
  const o = f?.imageOrientationPatient;
  const spacing = f?.pixelSpacing;
  if (!origin || !o || !spacing) return undefined;
  const [row, column] = spacing;
  // ImagePositionPatient is the centre of the first pixel, at (0.5, 0.5).
  return [0, 1, 2].map((i) => origin[i]! + (x - 0.5) * column * o[i]! + (y - 0.5) * row * o[i + 3]!) as [
    number,
    number,
    number,
  ];
}

/** The geometric value of a shape, in mm (or px without spacing), degrees for an angle. */
export function geometryOf(
  kind: MeasurementKind,
  points: readonly (readonly [number, number])[],
  spacing: Spacing,
): { value: number | undefined; unit: MeasurementUnit } {
  const mm = spacing.source !== 'none';
  const d = (a: readonly [number, number], b: readonly [number, number]) =>
    [(b[0] - a[0]) * spacing.column, (b[1] - a[1]) * spacing.row] as const;
  const [a, b, c] = points;
  switch (kind) {
    case 'length': {
      if (!a || !b) return { value: undefined, unit: mm ? 'mm' : 'px' };
      const [dx, dy] = d(a, b);
      return { value: Math.hypot(dx, dy), unit: mm ? 'mm' : 'px' };
    }
    case 'angle': {
      if (!a || !b || !c) return { value: undefined, unit: 'deg' };
      const [ux, uy] = d(b, a);
      const [vx, vy] = d(b, c);
      const cos = (ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy));
      return { value: (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI, unit: 'deg' };
    }
    case 'rectangle':
    case 'ellipse': {
      if (!a || !b) return { value: undefined, unit: mm ? 'mm²' : 'px²' };
      const [w, h] = d(a, b).map(Math.abs) as [number, number];
      const area = kind === 'rectangle' ? w * h : (Math.PI * w * h) / 4;
      return { value: area, unit: mm ? 'mm²' : 'px²' };
    }
    default:
      return { value: undefined, unit: '' };
  }
}

const isPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n));

/** Parses stored measurements (a JSON string or the parsed object); throws a TypeError naming what is wrong. */
export function parseMeasurements(json: string | MeasurementsJson): Measurement[] {
  const data: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const list = (data as Partial<MeasurementsJson> | null)?.measurements;
  if ((data as Partial<MeasurementsJson> | null)?.format !== MEASUREMENTS_FORMAT || !Array.isArray(list)) {
    throw new TypeError(`measurements: expected { format: "${MEASUREMENTS_FORMAT}", measurements: [...] }`);
  }
  return list.map((m: Partial<Measurement>, i) => {
    const where = `measurements[${i}]`;
    if (!m || typeof m.id !== 'string' || !MEASUREMENT_KINDS.includes(m.kind as MeasurementKind)) {
      throw new TypeError(`${where}: id or kind missing`);
    }
    const image = m.image;
    if (!image || typeof image.sopInstanceUid !== 'string' || typeof image.frame !== 'number') {
      throw new TypeError(`${where}: image missing`);
    }
    if (
      !Array.isArray(m.points) ||
      m.points.length !== measurementPoints(m.kind!) ||
      !m.points.every((p) => isPair(p?.image))
    ) {
      throw new TypeError(`${where}: ${m.kind} needs ${measurementPoints(m.kind!)} image points`);
    }
    return m as Measurement;
  });
}

/** The JSON object for `measurements`. */
export function measurementsJson(measurements: readonly Measurement[]): MeasurementsJson {
  return { format: MEASUREMENTS_FORMAT, measurements: [...measurements] };
}
