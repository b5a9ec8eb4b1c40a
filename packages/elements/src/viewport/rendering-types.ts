import type { DicomWebClient, ImageReference } from '@fovea/core';

/** How a viewport draws: WebGL, the CPU, or whatever the page supports. */
export type RenderingMode = 'auto' | 'gpu' | 'cpu';

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

/** What the renderer reports to its element. */
export interface RendererEvents {
  imageRendered(index: number): void;
  voiChanged(voi: Voi): void;
  presentationChanged(presentation: Presentation): void;
  loadProgress(loaded: number, total: number): void;
  error(error: unknown, index: number | undefined): void;
}

/** The stack renderer the element drives; Cornerstone lives behind it. */
export interface StackRenderer {
  /** The effective mode after the page decided. */
  readonly mode: 'gpu' | 'cpu';
  /** Shows a new stack; resolves when `index` is on screen. Rejects on abort. */
  setStack(
    client: DicomWebClient,
    references: readonly ImageReference[],
    index: number,
    signal: AbortSignal,
  ): Promise<void>;
  setImageIndex(index: number): Promise<void>;
  setVoi(voi: Voi | undefined): void;
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
}
