/**
 * The public vocabulary of what a viewport shows: rendering mode, window,
 * presentation (rotation, flips, zoom, pan), screen axes, pixel values and
 * the rendering stack's figures.
 */

/** How a viewport draws: WebGL, the CPU, or whatever the page supports. */
export type RenderingMode = 'auto' | 'gpu' | 'cpu';

/**
 * Why a viewport's rendering path changed while it was on screen.
 * `context-lost`: the browser took its WebGL context away (a GPU or driver
 * reset, or too many WebGL contexts on the page); the page draws on the CPU
 * from then on.
 */
export type RenderingChangeReason = 'context-lost';

/** A window: centre and width in modality units (HU for CT). */
export interface Voi {
  center: number;
  width: number;
}

/** How the image sits on screen. Rotation is clockwise in degrees; zoom 1 fits the image. */
export interface Presentation {
  rotation: number;
  flipHorizontal: boolean;
  flipVertical: boolean;
  zoom: number;
  /** Pan in CSS pixels from the fitted position. */
  pan: readonly [number, number];
}

/** Screen directions in patient coordinates (LPS), for orientation markers. */
export interface ScreenAxes {
  right: readonly [number, number, number];
  up: readonly [number, number, number];
}

/**
 * The decoded pixel values of the image on screen (frame on screen of a
 * multi-frame instance), row-major from the top-left pixel.
 *
 * - Greyscale (`samplesPerPixel` 1): the stored values (the bits High Bit down
 *   Bits Stored), sign-extended when Pixel Representation is 1 whatever the
 *   codestream declared. When Rescale Slope / Intercept are not 1 / 0 (the
 *   frame's, for enhanced multi-frame objects), the linear modality transform
 *   is applied: `modalityLutApplied` is true and each value is
 *   `stored * rescaleSlope + rescaleIntercept` (HU for CT): the stored value is
 *   `(value - rescaleIntercept) / rescaleSlope`. A Modality LUT Sequence is never
 *   applied to these values.
 * - Colour (`samplesPerPixel` 3): interleaved R, G, B whatever the planar
 *   configuration, masked to Bits Stored (8 bits, or up to 16 for 16-bit RGB,
 *   which is drawn from its top 8 bits). YBR_FULL and YBR_FULL_422 arrive
 *   converted to RGB (by the JPEG decoder for JPEG, by Fovea otherwise, PS3.3
 *   C.7.6.3.1.2), YBR_ICT / YBR_RCT by the JPEG 2000 decoder; PALETTE COLOR
 *   arrives as the palette's RGB, each 16-bit entry reduced to its high byte,
 *   not as the stored indices. `modalityLutApplied` is false.
 *
 * No window, inversion (MONOCHROME1), presentation or display transform is
 * applied. `data` may be the renderer's own buffer: treat it as read-only.
 */
export interface PixelValues {
  rows: number;
  columns: number;
  samplesPerPixel: 1 | 3;
  /** `rows * columns * samplesPerPixel` values. */
  data: ArrayLike<number>;
  /** True when `data` holds modality values (Rescale Slope and Intercept applied), not stored values. */
  modalityLutApplied: boolean;
  /** Rescale Slope of the header (1 when absent). */
  rescaleSlope: number;
  /** Rescale Intercept of the header (0 when absent). */
  rescaleIntercept: number;
}

/** Page-wide figures of the rendering stack, for hosts that watch memory. */
export interface RenderingStats {
  /** Rendering engines alive (one shared by all viewports, or none). */
  engines: number;
  /** Viewports using the engine. */
  viewports: number;
  /** Bytes of decoded images in the cache. */
  cachedBytes: number;
  /** Image ids some viewport on screen still refers to. */
  registeredImages: number;
}

/** True when both windows are the same (or both absent). */
export function sameVoi(a: Voi | undefined, b: Voi | undefined): boolean {
  return a?.center === b?.center && a?.width === b?.width;
}

/** True when both presentations are the same (or both absent). */
export function samePresentation(a: Presentation | undefined, b: Presentation | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.rotation === b.rotation &&
    a.flipHorizontal === b.flipHorizontal &&
    a.flipVertical === b.flipVertical &&
    a.zoom === b.zoom &&
    a.pan[0] === b.pan[0] &&
    a.pan[1] === b.pan[1]
  );
}

/** True when both screen axes are the same (or both absent). */
export function sameAxes(a: ScreenAxes | undefined, b: ScreenAxes | undefined): boolean {
  if (!a || !b) return a === b;
  return a.right.every((v, i) => v === b.right[i]) && a.up.every((v, i) => v === b.up[i]);
}
