/**
 * The camera maths of a stack viewport, as pure functions of plain numbers:
 * zoom relative to the fitted image, pan in CSS pixels, screen axes. Measured
 * from the camera itself rather than with Cornerstone's zoom and pan getters,
 * whose CPU versions use other references (a fitted image reads 0.75 in a
 * wide viewport; setPanCPU takes world coordinates, getPanCPU returns its
 * translation). Tested in Node (camera.node.test.ts).
 */
import { cross, type Vec3 } from '../../model/orientation.js';
import type { ScreenAxes } from '../../model/presentation.js';

export type { Vec3 };

/** What the fitted size of an image depends on. */
export interface ImageExtent {
  columns: number;
  rows: number;
  /** Millimetres between columns (0 or absent: 1, the image measured in pixels). */
  columnPixelSpacing?: number;
  rowPixelSpacing?: number;
}

/** Rotation in whole degrees, in [0, 360). */
export function normalisedRotation(rotation: number): number {
  return Math.round(((rotation % 360) + 360) % 360);
}

/**
 * Millimetres per CSS pixel at which the whole image fits a viewport of
 * `cssSize` (zoom 1), rotated by `rotation` degrees.
 */
export function fitMmPerCssPixel(
  image: ImageExtent,
  rotation: number,
  cssSize: readonly [number, number],
): number | undefined {
  const [clientWidth, clientHeight] = cssSize;
  if (!clientWidth || !clientHeight) return undefined;
  const width = image.columns * (image.columnPixelSpacing || 1);
  const height = image.rows * (image.rowPixelSpacing || 1);
  const quarter = Math.round(((rotation % 180) + 180) % 180) === 90;
  const [w, h] = quarter ? [height, width] : [width, height];
  return Math.max(w / clientWidth, h / clientHeight);
}

/**
 * Millimetres per CSS pixel of the image plane: the camera's parallel scale
 * is half the viewport's height in world units, in both rendering modes.
 * (worldToCanvas is not used for lengths: after a device-pixel-ratio change
 * it can be off by that ratio.)
 */
export function mmPerCssPixel(parallelScale: number | undefined, cssHeight: number): number | undefined {
  return parallelScale && cssHeight ? (2 * parallelScale) / cssHeight : undefined;
}

/** The parallel scale that shows the image at `zoom` (1: fitted). */
export function parallelScaleFor(fitMm: number, zoom: number, cssHeight: number): number {
  return ((fitMm / zoom) * cssHeight) / 2;
}

/** Screen right and up in world coordinates: right = viewUp × viewPlaneNormal (the normal points towards the viewer). */
export function screenAxesOf(up: Vec3, normal: Vec3): ScreenAxes {
  return { right: cross(up, normal), up: [up[0], up[1], up[2]] };
}

/**
 * Pan in CSS pixels: how far the fitted image's centre (`fitFocal`, the focal
 * point at pan 0) has moved on screen from `focal`, right and down positive.
 */
export function panOf(fitFocal: Vec3, focal: Vec3, axes: ScreenAxes, mmPerPixel: number): [number, number] {
  const d = [fitFocal[0] - focal[0], fitFocal[1] - focal[1], fitFocal[2] - focal[2]] as const;
  const dot = (v: Vec3) => d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
  return [dot(axes.right) / mmPerPixel, -dot(axes.up) / mmPerPixel];
}

/** The focal point that shows the image panned by `pan` CSS pixels: the inverse of {@link panOf}. */
export function focalForPan(
  fitFocal: Vec3,
  pan: readonly [number, number],
  axes: ScreenAxes,
  mmPerPixel: number,
): [number, number, number] {
  const [x, y] = [pan[0] * mmPerPixel, pan[1] * mmPerPixel];
  const at = (i: 0 | 1 | 2) => fitFocal[i] - x * axes.right[i] + y * axes.up[i];
  return [at(0), at(1), at(2)];
}
