/**
 * The renderer of one `<fovea-viewport>`: starts it (once the page is idle
 * after connect, or sooner when a series is set), loads the series into it,
 * follows what it reports (the image shown, window, view, load progress,
 * failures), keeps the geometry the overlay needs, and destroys it on
 * disconnect.
 *
 * It owns the image index. The element's `imageIndex` reads it and asks for
 * another image through `show`; the request goes down to the renderer in the
 * host's next update, and the renderer's report of the image on screen is the
 * only other thing that changes it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FoveaError, isAbortError, type DicomSource, type ImageReference, type Instance } from '@fovea-dicom/core';
import { emit } from '../events.js';
import { errorMessageId } from '../internal/errors.js';
import { nearestPlaneIndex, type ImagePlane } from '../model/image-plane.js';
import type { ToolBindings } from '../model/tools.js';
import { loadRendering } from '../rendering/loader.js';
import type { RendererEvents, RenderingInit, StackRenderer } from '../rendering/types.js';
import { fetchFrame, firstImage, planeOf, seriesImages } from './series-images.js';
import { SeriesState, type FailedImage } from './series-state.js';
import { ShownView } from './shown-view.js';
import { whenIdle } from '../internal/idle.js';

/** The viewport's properties, as far as its renderer needs them. */
export interface RendererHost extends ReactiveControllerHost, HTMLElement {
  /** With the property's name and old value: Lit's, which reflects `imageIndex`. */
  requestUpdate(name?: PropertyKey, oldValue?: unknown): void;
  readonly hasUpdated: boolean;
  readonly references: readonly ImageReference[] | undefined;
  readonly studyUid: string;
  seriesUid: string;
  readonly activeClient: DicomSource | undefined;
  readonly windowCenter: number | undefined;
  readonly windowWidth: number | undefined;
  readonly invert: boolean;
  readonly rotation: number;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
  readonly zoom: number;
  readonly pan: readonly [number, number];
  readonly activeTools: ToolBindings;
  readonly annotationText: () => Promise<string | undefined> | string | undefined;
}

/** What the viewport keeps private and its renderer needs. */
export interface RendererAccess {
  /** The element the renderer draws in (there once the host has rendered). */
  canvasHost(): HTMLDivElement;
  renderingInit(): RenderingInit;
  /** Reports `error` (of image `index`) by `fovea-error`; `fatal`: the series cannot be shown. */
  reportError(error: unknown, fatal: boolean, index?: number): void;
  /** A series without images: the series to show instead (a measurement report's), if any. */
  openReportSeries(
    client: DicomSource,
    instances: readonly Instance[],
    signal: AbortSignal,
  ): Promise<string | undefined>;
  /** A new series is about to load (cine stops). */
  loadStarted(): void;
  /** A new series is on screen. */
  seriesShown(): void;
}

/** Which of the host's properties changed in an update. */
export interface RendererChanges {
  series: boolean;
  voi: boolean;
  invert: boolean;
  tools: boolean;
  presentation: boolean;
}

export class RendererController implements ReactiveController {
  readonly #host: RendererHost;
  readonly #access: RendererAccess;
  /** The image on screen, or asked for; -1 picks the default (first, or middle of a cross-sectional stack). */
  #index = -1;
  /** `#index` was asked for and is not yet with the renderer (it is in the host's next update). */
  #asked = false;
  #renderer: StackRenderer | undefined;
  #rendererPromise: Promise<StackRenderer> | undefined;
  /** Counts disconnections: a renderer whose creation spans one is destroyed. */
  #rendererEpoch = 0;
  #load: AbortController | undefined;
  #references: readonly ImageReference[] = [];
  #planes: (ImagePlane | undefined)[] | undefined;
  #loadedClient: DicomSource | undefined;
  /** The VOI LUT chosen with showVoiLut (its index in the VOI LUT Sequence), until a window replaces it. */
  #voiLutChoice: number | undefined;
  #resizeObserver: ResizeObserver | undefined;
  #pixelRatio: MediaQueryList | undefined;
  /** The pending start of the renderer once the page is idle after connect. */
  #preload: (() => void) | undefined;

  /** The series: status, progress and the image that failed. */
  readonly series: SeriesState;
  /** The window, view and geometry on screen. */
  readonly shown: ShownView;

  constructor(host: RendererHost, access: RendererAccess) {
    this.#host = host;
    this.#access = access;
    this.series = new SeriesState(() => host.requestUpdate());
    this.shown = new ShownView(() => host.requestUpdate());
    host.addController(this);
  }

  hostConnected(): void {
    this.#resizeObserver = new ResizeObserver(() => {
      this.#renderer?.resize();
      this.#syncView();
    });
    this.#resizeObserver.observe(this.#host);
    this.#watchPixelRatio();
    this.#schedulePreload();
    // Reconnected after a move: load again.
    if (this.#host.hasUpdated) void this.#loadSeries();
  }

  hostDisconnected(): void {
    this.#resizeObserver?.disconnect();
    this.#pixelRatio?.removeEventListener('change', this.#onPixelRatioChange);
    this.#pixelRatio = undefined;
    this.series.stop();
    this.#preload?.();
    this.#preload = undefined;
    this.#load?.abort();
    this.#renderer?.destroy();
    this.#renderer = undefined;
    this.#rendererPromise = undefined;
    this.#rendererEpoch++;
    this.series.set({ status: 'idle' });
  }

  // ---- what the element reads --------------------------------------------------

  get references(): readonly ImageReference[] {
    return this.#references;
  }
  get renderer(): StackRenderer | undefined {
    return this.#renderer;
  }
  /** The image on screen, or asked for; -1 picks the default. */
  get index(): number {
    return this.#index;
  }
  /** The header of the image on screen (the first before one is). */
  /** The reference of the image on screen, or asked for. */
  get reference(): ImageReference | undefined {
    return this.#references[Math.max(0, this.#index)];
  }
  get instance(): Instance | undefined {
    return this.reference?.instance;
  }
  /** The failed image, while the image asked to be on screen is the one that failed. */
  get failedHere(): FailedImage | undefined {
    const failed = this.series.failedImage;
    return failed && failed.index === Math.max(0, this.#index) ? failed : undefined;
  }

  // ---- what the element asks ---------------------------------------------------

  /** Asks for image `index` (-1: the default); it goes to the renderer in the host's next update. */
  show(index: number): void {
    if (index === this.#index) return;
    this.#index = index;
    this.#asked = true;
  }

  /** Follows the host's properties that changed (called from its `willUpdate`). */
  update(changes: RendererChanges): void {
    if (changes.series || this.#host.activeClient !== this.#loadedClient) {
      void this.#loadSeries();
      return;
    }
    const renderer = this.#renderer;
    if (this.series.status !== 'ready' || !renderer) return;
    if (this.#asked) {
      this.#asked = false;
      if (this.#index >= 0) void renderer.setImageIndex(this.#index);
    }
    if (changes.voi) this.#applyVoi();
    if (changes.invert) renderer.setInvert(this.#host.invert);
    if (changes.tools) renderer.setTools(this.#host.activeTools);
    if (changes.presentation) this.#applyPresentation();
  }

  /** Shows the header's VOI LUT `lut` (its index in the VOI LUT Sequence) until a window is set (after the host cleared its window). */
  showVoiLut(lut: number): void {
    this.#voiLutChoice = lut;
    if (this.series.status === 'ready') this.#applyVoi();
  }

  /** Back to the image's default window and view (after the host reset its properties). */
  reset(): void {
    this.#voiLutChoice = undefined;
    this.#renderer?.reset();
    this.#syncView();
  }

  /** The series cannot be shown: `error` replaces the canvas. */
  fail(error: unknown): void {
    this.series.set({ status: 'error', errorId: errorMessageId(error) });
  }

  /** Where image `index` lies in patient space, from its header; undefined without position and orientation. */
  imagePlane(index: number): ImagePlane | undefined {
    return planeOf(this.#references[index]);
  }

  /** The index of the image nearest to `plane` along its normal (same frame of reference, parallel). */
  nearestImageIndex(plane: ImagePlane): number | undefined {
    this.#planes ??= this.#references.map((_, index) => this.imagePlane(index));
    return nearestPlaneIndex(this.#planes, plane);
  }

  // ---- the renderer ------------------------------------------------------------

  /**
   * Starts the renderer (the rendering chunk, Cornerstone's and the loader's
   * start-up, the decode worker) once the page is idle after connect, so that
   * a series chosen later does not wait for it; a series set first starts it
   * sooner. The page's own load goes first: the idle callback waits for it.
   */
  #schedulePreload(): void {
    this.#preload?.();
    const start = () => {
      this.#preload = undefined;
      if (this.#host.isConnected) this.#ensureRenderer().catch(() => undefined);
    };
    this.#preload = whenIdle(start, 2000, 250);
  }

  async #ensureRenderer(): Promise<StackRenderer> {
    if (this.#rendererPromise) return this.#rendererPromise;
    const epoch = this.#rendererEpoch;
    const creating = (async () => {
      const loading = loadRendering();
      await this.#host.updateComplete;
      const module = await loading;
      const renderer = await module.createStackRenderer(
        this.#access.canvasHost(),
        this.#access.renderingInit(),
        this.#events(),
      );
      // Disconnected while the rendering chunk loaded: this renderer is nobody's.
      if (this.#rendererEpoch !== epoch) {
        renderer.destroy();
        throw new DOMException('viewport disconnected', 'AbortError');
      }
      renderer.setTools(this.#host.activeTools);
      this.#renderer = renderer;
      return renderer;
    })();
    this.#rendererPromise = creating;
    // A failed start (the chunk did not load) is tried again by the next load.
    creating.catch(() => {
      if (this.#rendererPromise === creating) this.#rendererPromise = undefined;
    });
    return creating;
  }

  /** What the renderer reports (each window and view change once). */
  #events(): RendererEvents {
    const host = this.#host;
    return {
      imageRendered: (index) => this.#onImageRendered(index),
      voiChanged: (voi, voiLut) => {
        if (voiLut === undefined) this.#voiLutChoice = undefined;
        this.shown.voiReported(voi, voiLut);
        const preset = voiLut === undefined ? undefined : this.instance?.voiLuts.find((p) => p.index === voiLut);
        emit(host, 'fovea-voi-change', { ...voi, voiLut: preset });
      },
      presentationChanged: (view) => {
        this.shown.viewReported(view, this.#renderer);
        emit(host, 'fovea-view-change', view);
      },
      loadProgress: (loaded, total) => {
        this.series.progress(loaded);
        emit(host, 'fovea-load-progress', { loaded, total });
      },
      renderingChanged: (mode, reason) => {
        host.requestUpdate();
        emit(host, 'fovea-rendering-change', { mode, reason });
      },
      error: (error, index) => this.#access.reportError(error, false, index),
      imageFailed: (index, error) => this.#onImageFailed(index, error),
      measurementAdded: (measurement) => emit(host, 'fovea-measurement-add', { measurement }),
      measurementChanged: (measurement) => emit(host, 'fovea-measurement-change', { measurement }),
      measurementRemoved: (measurement) => emit(host, 'fovea-measurement-remove', { measurement }),
      arrowText: async () => (await host.annotationText()) || undefined,
    };
  }

  async #loadSeries(): Promise<void> {
    const host = this.#host;
    this.#load?.abort();
    this.#access.loadStarted();
    const controller = new AbortController();
    this.#load = controller;
    const client = host.activeClient;
    this.#loadedClient = client;
    const { signal } = controller;
    if (!host.isConnected || !client || (!host.references && !(host.studyUid && host.seriesUid))) {
      this.series.set({ status: 'idle', total: 0 });
      return;
    }
    this.series.set({ status: 'loading', errorId: undefined, failedImage: undefined, loaded: 0 });
    this.#voiLutChoice = undefined;
    // The rendering chunk and Cornerstone's start-up run while the metadata is on its way.
    const rendererReady = this.#ensureRenderer();
    rendererReady.catch(() => undefined); // awaited below, unless the metadata fails first
    try {
      const { references, metadata } = await seriesImages(client, host, signal);
      signal.throwIfAborted();
      if (references.length === 0) {
        // A measurement report's series: its measurements are shown on the series they are on.
        const target = metadata && (await this.#access.openReportSeries(client, metadata, signal));
        if (target && !signal.aborted) {
          host.seriesUid = target;
          return;
        }
        throw new FoveaError('unsupported', 'series has no image');
      }
      this.#references = references;
      this.#planes = undefined;
      this.series.set({ total: references.length });
      const index = firstImage(references, this.#index);
      // Renderer still starting: fetch the first frame meanwhile, and hand it over.
      const firstFrame = this.#renderer ? undefined : fetchFrame(client, references[index]!, signal);
      const renderer = await rendererReady;
      signal.throwIfAborted();
      await renderer.setStack(client, references, index, signal, firstFrame);
      if (signal.aborted) return;
      // A stack of one image that failed is a failed series; in a longer one the
      // other images can still be shown. (Read afresh: the renderer sets it while setStack is awaited.)
      const failed = this.series.failedImage;
      if (failed && references.length === 1) {
        this.series.set({ status: 'error', errorId: failed.messageId });
        return;
      }
      this.series.set({ status: 'ready' });
      this.#access.seriesShown();
      if (host.windowCenter !== undefined || host.windowWidth !== undefined) this.#applyVoi();
      this.shown.voiLutShown(renderer.voiLut());
      renderer.setInvert(host.invert);
      const fitted = host.rotation === 0 && !host.flipHorizontal && !host.flipVertical && host.zoom === 1;
      if (!fitted || host.pan[0] !== 0 || host.pan[1] !== 0) this.#applyPresentation();
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.#access.reportError(error, true);
    }
  }

  /** Image `index`, asked to be on screen, failed: its message replaces the canvas until another image is shown. */
  #onImageFailed(index: number, error: unknown): void {
    this.#asked = false;
    this.#setIndex(index);
    this.series.set({ failedImage: { index, messageId: errorMessageId(error) } });
  }

  #onImageRendered(index: number): void {
    // A newer index asked for is on its way to the renderer: this image is
    // already stale (it will not be drawn), and taking its index would undo
    // the request.
    if (this.series.status === 'ready' && this.#asked && this.#index >= 0 && this.#index !== index) return;
    this.#asked = false;
    this.#setIndex(index);
    this.series.set({ failedImage: undefined, status: 'ready' });
    this.#syncView();
    emit(this.#host, 'fovea-image-change', { index, total: this.series.total });
  }

  #setIndex(index: number): void {
    const old = this.#index;
    if (old === index) return;
    this.#index = index;
    this.#host.requestUpdate('imageIndex', old);
  }

  #applyVoi(): void {
    const { windowCenter: center, windowWidth: width } = this.#host;
    const valid = center !== undefined && width !== undefined && Number.isFinite(center) && width > 0;
    if (valid) this.#voiLutChoice = undefined;
    if (!valid && this.#voiLutChoice !== undefined) this.#renderer?.setVoiLut(this.#voiLutChoice);
    else this.#renderer?.setVoi(valid ? { center, width } : undefined);
  }

  #applyPresentation(): void {
    const host = this.#host;
    this.#renderer?.setPresentation({
      rotation: host.rotation,
      flipHorizontal: host.flipHorizontal,
      flipVertical: host.flipVertical,
      zoom: host.zoom,
      pan: host.pan,
    });
    this.#syncView();
  }

  #syncView(): void {
    this.shown.sync(this.#renderer, this.instance?.windows[0]);
  }

  // A window moved to a screen of another pixel ratio keeps its CSS size (no
  // resize): redraw at the new ratio and recompute the scale bar.
  #watchPixelRatio(): void {
    this.#pixelRatio?.removeEventListener('change', this.#onPixelRatioChange);
    this.#pixelRatio = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.#pixelRatio.addEventListener('change', this.#onPixelRatioChange);
  }

  #onPixelRatioChange = (): void => {
    this.#renderer?.resize();
    this.#syncView();
    this.#watchPixelRatio();
  };
}
