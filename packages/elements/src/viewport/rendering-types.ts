import type { DicomSource, Frame, ImageReference } from '@fovea-dicom/core';
import type { Measurement } from './measurements.js';
import type { ToolBindings } from './tool-types.js';

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

/** What the renderer reports to its element. */
export interface RendererEvents {
  imageRendered(index: number): void;
  /**
   * The VOI changed: a window, or the header's VOI LUT `voiLut` (its index in
   * the VOI LUT Sequence), whose input range `voi` then spans.
   */
  voiChanged(voi: Voi, voiLut: number | undefined): void;
  presentationChanged(presentation: Presentation): void;
  loadProgress(loaded: number, total: number): void;
  /** Something failed: image `index` (once per failure, whether on screen or prefetched), or the tools. */
  error(error: unknown, index: number | undefined): void;
  /**
   * Image `index`, asked to be on screen, failed (reported by `error` already):
   * the element shows the failure instead of the canvas, which may still hold
   * the image before. The next `imageRendered` replaces it.
   */
  imageFailed(index: number, error: unknown): void;
  /**
   * The renderer now draws on `mode`: it was made again on that path (a lost
   * WebGL context), and `imageRendered` follows once the image is back.
   */
  renderingChanged(mode: 'gpu' | 'cpu', reason: RenderingChangeReason): void;
  /** A measurement was completed on screen. */
  measurementAdded(measurement: Measurement): void;
  /** A measurement was moved, resized or got its statistics. */
  measurementChanged(measurement: Measurement): void;
  /** A measurement was deleted on screen. */
  measurementRemoved(measurement: Measurement): void;
  /** The label of a new arrow annotation; undefined or '' cancels the arrow. */
  arrowText(): Promise<string | undefined>;
}

/** The stack renderer the element drives; Cornerstone lives behind it. */
export interface StackRenderer {
  /** The effective mode after the page decided; `cpu` after a lost WebGL context. */
  readonly mode: 'gpu' | 'cpu';
  /**
   * Shows a new stack; resolves when `index` is on screen, or has failed
   * (`imageFailed`; the stack stays set and its other images can be shown).
   * Rejects on abort.
   * `firstFrame`: the frame of `index`, already requested through `client`
   * (it is not requested again).
   */
  setStack(
    client: DicomSource,
    references: readonly ImageReference[],
    index: number,
    signal: AbortSignal,
    firstFrame?: Promise<Frame>,
  ): Promise<void>;
  setImageIndex(index: number): Promise<void>;
  /** Shows a window; undefined shows the image's default VOI (its first VOI LUT, else its first window). */
  setVoi(voi: Voi | undefined): void;
  /** Shows the header's VOI LUT `index` (of the VOI LUT Sequence) instead of a window, on this and later images. */
  setVoiLut(index: number): void;
  /** The index of the VOI LUT on screen, undefined while a window applies. */
  voiLut(): number | undefined;
  setInvert(invert: boolean): void;
  setPresentation(presentation: Partial<Presentation>): void;
  presentation(): Presentation | undefined;
  /** The window in use, or undefined before the first image. */
  voi(): Voi | undefined;
  screenAxes(): ScreenAxes | undefined;
  /** CSS pixels per millimetre of the image plane at the current zoom. */
  cssPixelsPerMm(): number | undefined;
  resize(): void;
  reset(): void;
  /** The canvas Cornerstone draws to (a 2D canvas in both modes). */
  canvas(): HTMLCanvasElement | undefined;
  /** The decoded values of the image on screen, or undefined before the first image. */
  pixelValues(): PixelValues | undefined;
  /** Binds the reading tools to mouse buttons. */
  setTools(bindings: ToolBindings): void;
  /** The measurements on this stack's images. */
  measurements(): Measurement[];
  /** Replaces the stack's measurements; returns those whose image is not in the stack. */
  setMeasurements(measurements: readonly Measurement[]): Measurement[];
  /** The annotations alone as an SVG document the size of the canvas on screen. */
  annotationsSvg(): string | undefined;
  destroy(): void;
}

/** Options the first viewport's settings give the page-wide rendering stack. */
export interface RenderingInit {
  mode: RenderingMode;
  /** Cap of the decoded-image cache in bytes. */
  cacheBytes: number;
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

/** The lazily loaded rendering module. */
export interface RenderingModule {
  createStackRenderer(element: HTMLDivElement, init: RenderingInit, events: RendererEvents): Promise<StackRenderer>;
  stats(): RenderingStats | undefined;
  /**
   * Fetches and decodes one frame outside any viewport (client-side thumbnails):
   * its values, copied, with the image released from the cache afterwards.
   */
  decodeImage(
    client: DicomSource,
    reference: ImageReference,
    init: RenderingInit,
    signal: AbortSignal,
  ): Promise<PixelValues>;
}
