/**
 * The contract between `<fovea-viewport>` and the lazily loaded rendering
 * module (rendering/cornerstone/adapter.ts): a renderer per viewport, the
 * events it reports, and the page-wide module.
 */
import type { DicomSource, Frame, ImageReference } from '@fovea-dicom/core';
import type { Measurement } from '../model/measurements.js';
import type {
  PixelValues,
  Presentation,
  RenderingChangeReason,
  RenderingMode,
  RenderingStats,
  ScreenAxes,
  Voi,
} from '../model/presentation.js';
import type { ToolBindings } from '../model/tools.js';

/** What the renderer reports to its element. */
export interface RendererEvents {
  imageRendered(index: number): void;
  /**
   * The VOI changed: a window, or the header's VOI LUT `voiLut` (its index in
   * the VOI LUT Sequence), whose input range `voi` then spans. Reported once
   * per change (and once for each new stack's first image).
   */
  voiChanged(voi: Voi, voiLut: number | undefined): void;
  /** Zoom, pan, rotation or flips changed; once per change (and once for each new stack's first image). */
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
   * while the renderer started: its image's load starts from it (it is not
   * requested again).
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
  /**
   * Where an image point (column, row; (0, 0) the top-left corner of the
   * top-left pixel) of the image on screen is on the canvas, in CSS pixels
   * from its top-left corner; undefined before the first image.
   */
  imageToCanvas(point: readonly [number, number]): [number, number] | undefined;
  destroy(): void;
}

/** Options of one renderer. */
export interface RendererOptions {
  /**
   * Reading tools (default true). A renderer without them (an off-screen
   * render for print) takes no input and never adds, draws or clears annotations.
   */
  tools?: boolean;
}

/** Options the first viewport's settings give the page-wide rendering stack. */
export interface RenderingInit {
  mode: RenderingMode;
  /** Cap of the decoded-image cache in bytes. */
  cacheBytes: number;
}

/** The lazily loaded rendering module. */
export interface RenderingModule {
  createStackRenderer(
    element: HTMLDivElement,
    init: RenderingInit,
    events: RendererEvents,
    options?: RendererOptions,
  ): Promise<StackRenderer>;
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
