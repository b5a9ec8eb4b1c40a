/**
 * The stack renderer of one `<fovea-viewport>`: a stack viewport of the
 * page's shared rendering engine, its first image drawn or failed within a
 * bound, the prefetch of the rest, the tools bound once the image is up, and
 * the view (VOI in voi-state.ts, camera maths in camera.ts).
 *
 * Over 400 lines for a stated reason: one class implements the StackRenderer
 * interface (about 25 members) around the Cornerstone viewport it owns; its
 * parts that stand alone already live beside it.
 */
import {
  cache,
  Enums,
  eventTarget,
  getShouldUseCPURendering,
  utilities as csUtilities,
  type RenderingEngine,
  type Types,
} from '@cornerstonejs/core';
import { FoveaError, ImageError, type DicomSource, type Frame, type ImageReference } from '@fovea-dicom/core';
import type { Measurement, MeasurementImage } from '../../model/measurements.js';
import type { PixelValues, Presentation, ScreenAxes, Voi } from '../../model/presentation.js';
import type { RendererEvents, RendererOptions, StackRenderer } from '../types.js';
import type { ToolBindings } from '../../model/tools.js';
import {
  fitMmPerCssPixel,
  focalForPan,
  mmPerCssPixel,
  normalisedRotation,
  panOf,
  parallelScaleFor,
  screenAxesOf,
} from './camera.js';
import { ChangeReports } from './change-reports.js';
import { isStack, RENDER_ERROR, settlesAfterLoad, type DrawNowEngine } from './draw.js';
import { valuesOf } from './frame-decoder.js';
import { InputQueue } from './input-queue.js';
import { prefetchOutward } from './prefetch.js';
import type { RenderingStack, ToolsModule } from './rendering-stack.js';
import type { ViewportTools } from './tools.js';
import { annotationLayerSvg } from './svg-layer.js';
import { VoiState } from './voi-state.js';

/** A `<fovea-viewport>`'s renderer: one stack viewport of the page's shared engine. */
export class CornerstoneStackRenderer implements StackRenderer {
  #mode: 'gpu' | 'cpu' = 'gpu';
  readonly #stack: RenderingStack;
  readonly #element: HTMLDivElement;
  readonly #events: RendererEvents;
  readonly #viewportId: string;
  #engine: RenderingEngine | undefined;
  #imageIds: string[] = [];
  #generation = 0;
  /** The camera focal point of the fitted image (pan 0), in world coordinates. */
  #fitFocal: Types.Point3 | undefined;
  #prefetch: AbortController | undefined;
  readonly #voi: VoiState;
  readonly #listeners: [EventTarget, string, EventListener][] = [];
  #tools: ViewportTools | undefined;
  #toolsReady: Promise<void> | undefined;
  #bindings: ToolBindings | undefined;
  /**
   * Input held until the tools attach: the first image is reported when it is drawn, the tools
   * chunk attaches afterwards (see {@link #showFirst}), and a gesture begun in between is
   * replayed to them.
   */
  #input: InputQueue | undefined;
  /** Measurements set before the tools attached (those on this stack's images): set on them then. */
  #pendingMeasurements: readonly Measurement[] | undefined;
  /** A stack's first image is being set up: reported when it is drawn (#heldImage), not before. */
  #firstDraw = false;
  #heldImage: number | undefined;
  #destroyed = false;
  /** The animation frame (document.timeline time) of the last image drawn at once by setImageIndex. */
  #drawnNowInFrame: CSSNumberish | null | undefined;
  #canvasSize: readonly [number, number] | undefined;
  /** A camera change is waiting to be reported (several come with every new image: reported once). */
  #cameraPending = false;
  /** The window and view last reported: Cornerstone reports them again with every image. */
  readonly #changes = new ChangeReports();
  /** Failures already reported by `fovea-error` (each failure once, whether found by the prefetch or on screen). */
  readonly #reported = new WeakSet<object>();
  /** False for an off-screen render (print): no tools are attached, so no annotation is touched. */
  readonly #withTools: boolean;
  /** The viewport being made again after a lost WebGL context; calls meanwhile wait in `#deferred`. */
  #recovering: Promise<void> | undefined;
  readonly #deferred: (() => void)[] = [];
  /** The setStack in progress, if any. */
  #settingStack: Promise<void> | undefined;

  constructor(
    renderingStack: RenderingStack,
    element: HTMLDivElement,
    events: RendererEvents,
    options: RendererOptions = {},
  ) {
    this.#withTools = options.tools !== false;
    this.#stack = renderingStack;
    this.#element = element;
    this.#events = events;
    this.#viewportId = `fovea-viewport-${renderingStack.nextViewportId++}`;
    this.#enable();
    renderingStack.renderers.add(this);
    // The mode is read at each use: a lost WebGL context moves the viewport to the CPU.
    const host = { viewport: () => this.#viewport(), mode: () => this.#mode };
    this.#voi = new VoiState(
      {
        get mode() {
          return host.mode();
        },
        viewport: host.viewport,
      },
      renderingStack,
      (voi, lut) => {
        if (this.#changes.voiChanged(voi, lut)) events.voiChanged(voi, lut);
      },
    );
    this.#listen(element, Enums.Events.STACK_NEW_IMAGE, (event) => {
      const detail = (event as CustomEvent<{ imageIdIndex: number; imageId?: string }>).detail;
      // A late image of the stack before (same index, another image id) is not this stack's.
      if (detail.imageId !== undefined && this.#imageIds[detail.imageIdIndex] !== detail.imageId) return;
      // After Cornerstone has set the image up (the CPU path replaces its
      // display settings right after this event), before it is drawn.
      queueMicrotask(() => this.#voi.sync());
      if (this.#firstDraw) this.#heldImage = detail.imageIdIndex;
      else this.#events.imageRendered(detail.imageIdIndex);
    });
    this.#listen(element, Enums.Events.VOI_MODIFIED, (event) => {
      const range = (event as CustomEvent<{ range?: { lower: number; upper: number } }>).detail.range;
      if (range) this.#voi.modified(range);
    });
    // A draw that threw (patch 6): the image on screen is not what the viewport shows.
    this.#listen(element, RENDER_ERROR, (event) => {
      const index = this.#viewport()?.getCurrentImageIdIndex();
      const cause = (event as CustomEvent<unknown>).detail;
      if (index !== undefined)
        this.#showFailure(index, new ImageError('draw', 'the image could not be drawn', { cause }));
    });
    // An image Cornerstone asked for (a tool scrolled, or setImageIdIndex) failed to load.
    this.#listen(eventTarget, Enums.Events.IMAGE_LOAD_ERROR, (event) => {
      const detail = (event as CustomEvent<{ imageId?: string; error?: unknown }>).detail;
      const index = this.#viewport()?.getCurrentImageIdIndex();
      if (index === undefined || !detail?.imageId || this.#imageIds[index] !== detail.imageId) return;
      this.#showFailure(index, this.#stack.failures.get(detail.imageId) ?? detail.error);
    });
    this.#listen(element, Enums.Events.CAMERA_MODIFIED, () => {
      if (this.#cameraPending) return;
      this.#cameraPending = true;
      queueMicrotask(() => {
        this.#cameraPending = false;
        const presentation = this.#destroyed ? undefined : this.presentation();
        if (presentation && this.#changes.viewChanged(presentation)) this.#events.presentationChanged(presentation);
      });
    });
  }

  get mode(): 'gpu' | 'cpu' {
    return this.#mode;
  }

  /** The engine this viewport is enabled on. */
  get engine(): RenderingEngine | undefined {
    return this.#engine;
  }

  /** Enables this viewport's element on the page's current engine (a new one after a lost WebGL context). */
  #enable(): void {
    this.#engine = this.#stack.acquireEngine();
    this.#engine.enableElement({
      viewportId: this.#viewportId,
      type: Enums.ViewportType.STACK,
      element: this.#element,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
    this.#mode = getShouldUseCPURendering() ? 'cpu' : 'gpu';
  }

  /** Runs `call` now, or once the viewport is made again when a lost WebGL context is being recovered from. */
  #whenUsable(call: () => void): boolean {
    if (!this.#recovering) return false;
    this.#deferred.push(call);
    return true;
  }

  /**
   * The WebGL context under this viewport was lost, and the page now draws on
   * the CPU: the viewport is enabled on the new engine and shows what it
   * showed (image, window or VOI LUT, inversion, camera, tools and
   * measurements). Decoded images stay in the cache: nothing is fetched again.
   * The element hears `renderingChanged` at once and `imageRendered` when the
   * image is back; if it cannot be drawn, the image fails ('draw').
   */
  async fallBack(): Promise<void> {
    if (this.#destroyed || this.#recovering) return;
    let recovered!: () => void;
    this.#recovering = new Promise<void>((resolve) => (recovered = resolve));
    let index: number | undefined;
    try {
      // A first image on its way is shown (or fails) first; then it is moved with the rest.
      await this.#settingStack?.catch(() => undefined);
      if (this.#destroyed) return;
      index = this.#viewport()?.getCurrentImageIdIndex();
      await this.#enableAgain();
    } catch (error) {
      if (index !== undefined && this.#imageIds[index]) {
        this.#showFailure(index, new ImageError('draw', 'the image could not be drawn again', { cause: error }));
      } else if (!this.#destroyed) {
        this.#events.error(error, undefined);
      }
    } finally {
      this.#recovering = undefined;
      recovered();
      for (const call of this.#deferred.splice(0)) call();
    }
  }

  async #enableAgain(): Promise<void> {
    const old = this.#viewport();
    const index = old?.getCornerstoneImage() ? old.getCurrentImageIdIndex() : undefined;
    // A LUT is shown again by the VOI state's sync; a window is put back here.
    const voiRange = this.#voi.lutShown ? undefined : old?.getProperties().voiRange;
    const presentation = this.presentation();
    const measurements = this.#tools?.measurements() ?? [];
    this.#tools?.destroy();
    this.#tools = undefined;
    this.#toolsReady = undefined;
    const lost = this.#engine;
    try {
      lost?.disableElement(this.#viewportId);
    } catch {
      // Freeing GPU resources of a lost context may fail: the engine goes away below.
    }
    if (lost) this.#stack.releaseEngine(lost);
    this.#voi.viewportReplaced();
    this.#canvasSize = undefined;
    this.#enable();
    this.#events.renderingChanged(this.#mode, 'context-lost');
    const viewport = this.#viewport();
    const imageId = index === undefined ? undefined : this.#imageIds[index];
    if (!viewport || index === undefined || imageId === undefined) return;
    this.#firstDraw = true;
    try {
      await settlesAfterLoad(viewport.setStack(this.#imageIds, index), imageId);
      if (this.#destroyed) return;
      // The window, inversion and view go back before the first draw: the image is never drawn
      // (and reported) with the header's window in between.
      this.#fitFocal = [...viewport.getCamera().focalPoint!] as Types.Point3;
      if (voiRange) viewport.setProperties({ voiRange });
      this.#voi.applyInvert(viewport);
      if (presentation) this.#present(viewport, presentation);
      this.#drawNow(viewport);
      this.#reportDrawn();
    } finally {
      this.#firstDraw = false;
      this.#heldImage = undefined;
    }
    await this.#attachTools();
    // (Read through a method: TypeScript keeps #tools narrowed to undefined across the await.)
    if (measurements.length > 0) this.#currentTools()?.setMeasurements(measurements);
  }

  /** The first image of a stack is on the canvas: reported now (the tools attach afterwards). */
  #reportDrawn(): void {
    const held = this.#heldImage;
    this.#heldImage = undefined;
    this.#firstDraw = false;
    if (this.#destroyed) return;
    // From now on a person can point at the image: what they do before the tools listen is held,
    // and the first sign of them (the pointer over the image, focus, a gesture) attaches the tools.
    if (this.#withTools && !this.#tools) this.#input ??= new InputQueue(this.#element, () => void this.#attachTools());
    if (held !== undefined) this.#events.imageRendered(held);
  }

  #currentTools(): ViewportTools | undefined {
    return this.#tools;
  }

  /**
   * Loads the tools (once) and binds them to this viewport; a failure leaves the image usable without them.
   * An attach overtaken by a newer one (a lost context replaced the viewport meanwhile) binds nothing.
   */
  #attachTools(): Promise<void> {
    if (!this.#withTools) return Promise.resolve();
    if (this.#toolsReady) return this.#toolsReady;
    const attempt: Promise<void> = this.#stack.loadTools().then(
      (module) => {
        if (this.#destroyed || this.#toolsReady !== attempt || this.#tools) return;
        const tools = this.#createTools(module);
        this.#tools = tools;
        if (this.#bindings) tools.setBindings(this.#bindings);
        const pending = this.#pendingMeasurements;
        this.#pendingMeasurements = undefined;
        if (pending) tools.setMeasurements(pending);
        this.#input?.release();
        this.#input = undefined;
      },
      (error: unknown) => {
        if (this.#toolsReady !== attempt) return;
        this.#toolsReady = undefined;
        // Without tools, held input has nothing to go to (a later attach holds anew).
        this.#input?.drop();
        this.#input = undefined;
        if (!this.#destroyed) this.#events.error(error, undefined);
      },
    );
    this.#toolsReady = attempt;
    return this.#toolsReady;
  }

  #createTools(module: ToolsModule): ViewportTools {
    const events = this.#events;
    const imageOf = (imageId: string) => {
      const reference = this.#imageIds.includes(imageId) ? this.#stack.sources.get(imageId)?.reference : undefined;
      if (!reference) return undefined;
      const image: MeasurementImage = {
        studyInstanceUid: reference.studyInstanceUid,
        seriesInstanceUid: reference.seriesInstanceUid,
        sopInstanceUid: reference.sopInstanceUid,
        frame: reference.frame,
      };
      return { reference, image };
    };
    return new module.ViewportTools(this.#viewportId, this.#engine!.id, this.#element, {
      imageOf,
      imageIdOf: (image) =>
        this.#imageIds.find((id) => {
          const r = this.#stack.sources.get(id)?.reference;
          return r?.sopInstanceUid === image.sopInstanceUid && r.frame === image.frame;
        }),
      arrowText: () => events.arrowText(),
      added: (m) => events.measurementAdded(m),
      changed: (m) => events.measurementChanged(m),
      removed: (m) => events.measurementRemoved(m),
    });
  }

  setTools(bindings: ToolBindings): void {
    this.#bindings = bindings;
    this.#tools?.setBindings(bindings);
  }

  measurements(): Measurement[] {
    return this.#tools?.measurements() ?? [...(this.#pendingMeasurements ?? [])];
  }

  setMeasurements(measurements: readonly Measurement[]): Measurement[] {
    if (this.#tools) return this.#tools.setMeasurements(measurements);
    // The image is on screen and the tools are attaching: set once they are (as they would:
    // those whose image is not in the stack are returned and not kept).
    const inStack = (m: Measurement) =>
      this.#imageIds.some((id) => {
        const r = this.#stack.sources.get(id)?.reference;
        return r?.sopInstanceUid === m.image.sopInstanceUid && r.frame === m.image.frame;
      });
    this.#pendingMeasurements = measurements.filter(inStack);
    void this.#attachTools();
    return measurements.filter((m) => !inStack(m));
  }

  annotationsSvg(): string | undefined {
    return this.#tools?.svg() ?? annotationLayerSvg(this.#element);
  }

  imageToCanvas(point: readonly [number, number]): [number, number] | undefined {
    const viewport = this.#viewport();
    const imageId = viewport?.getCurrentImageId();
    if (!viewport || !imageId) return undefined;
    try {
      const world = csUtilities.imageToWorldCoords(imageId, [point[0], point[1]]);
      const [x, y] = viewport.worldToCanvas(world as Types.Point3);
      return [x, y];
    } catch {
      return undefined;
    }
  }

  /** Reports `error` of image `index` by `fovea-error`, once per failure. */
  #reportFailure(index: number, error: unknown): void {
    if (this.#destroyed) return;
    const key = typeof error === 'object' && error !== null ? error : undefined;
    if (key && this.#reported.has(key)) return;
    if (key) this.#reported.add(key);
    this.#events.error(error, index);
  }

  /** Image `index`, asked to be on screen, failed: reported, and shown as failed in place of a picture. */
  #showFailure(index: number, error: unknown): void {
    if (this.#destroyed) return;
    // Set up but not drawn: not to be announced as shown once the tools are in.
    if (this.#heldImage === index) this.#heldImage = undefined;
    this.#reportFailure(index, error);
    this.#events.imageFailed(index, error);
  }

  /**
   * Draws the flagged viewports now (patch 5), so that a draw that throws is
   * caught here (patch 6 turns it into RENDER_ERROR, dispatched while this
   * runs). Without the patches (Storybook) Cornerstone draws in its next frame.
   */
  #drawNow(viewport: Types.IStackViewport): void {
    let failure: unknown;
    const onError = (event: Event) => (failure = (event as CustomEvent<unknown>).detail ?? new Error('draw failed'));
    this.#element.addEventListener(RENDER_ERROR, onError);
    try {
      viewport.render();
      (this.#engine as DrawNowEngine | undefined)?.renderFlaggedViewportsNow?.();
    } finally {
      this.#element.removeEventListener(RENDER_ERROR, onError);
    }
    if (failure !== undefined) throw new ImageError('draw', 'the image could not be drawn', { cause: failure });
  }

  #listen(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener);
    this.#listeners.push([target, type, listener]);
  }

  #viewport(): Types.IStackViewport | undefined {
    const viewport = this.#engine?.getViewport(this.#viewportId);
    return isStack(viewport) ? viewport : undefined;
  }

  async setStack(
    client: DicomSource,
    references: readonly ImageReference[],
    index: number,
    signal: AbortSignal,
    firstFrame?: Promise<Frame>,
  ): Promise<void> {
    await this.#recovering;
    const setting = this.#setStack(client, references, index, signal, firstFrame);
    this.#settingStack = setting;
    try {
      await setting;
    } finally {
      if (this.#settingStack === setting) this.#settingStack = undefined;
    }
  }

  async #setStack(
    client: DicomSource,
    references: readonly ImageReference[],
    index: number,
    signal: AbortSignal,
    firstFrame?: Promise<Frame>,
  ): Promise<void> {
    const generation = ++this.#generation;
    this.#prefetch?.abort();
    const viewport = this.#viewport();
    if (!viewport) throw new Error('viewport destroyed');
    // Annotations belong to the stack they were drawn on.
    this.#tools?.clear();
    this.#pendingMeasurements = undefined;
    this.#voi.newStack();
    this.#changes.newStack();
    this.#stack.release(this.#imageIds);
    this.#imageIds = references.map((r) => this.#stack.register(client, r));
    signal.throwIfAborted();
    const first = this.#imageIds[index];
    if (firstFrame && first && !cache.getImageLoadObject(first) && !cache.getImage(first)) {
      // The frame already on its way goes straight into its image's load, which Cornerstone's
      // setStack below finds in its cache (synchronously: putImageLoadObject sets the entry
      // before it first awaits). A failure is the viewport's to report (IMAGE_LOAD_ERROR and
      // the loader's record), as for a load Cornerstone starts itself.
      cache.putImageLoadObject(first, this.#stack.loadImage(first, { foveaFrame: firstFrame })).catch(() => undefined);
    }
    // Cornerstone requests the first image synchronously in setStack. The
    // prefetch asks for the other frames once it is drawn or failed.
    let drawnOrFailed!: () => void;
    const firstDrawn = new Promise<void>((resolve) => (drawnOrFailed = resolve));
    this.#firstDraw = true;
    this.#heldImage = undefined;
    const shown = viewport.setStack(this.#imageIds, index);
    const prefetch = new AbortController();
    this.#prefetch = prefetch;
    const ids = this.#imageIds;
    const firstLoaded = prefetchOutward(this.#stack, ids, index, prefetch.signal, firstDrawn, {
      live: () => generation === this.#generation,
      progress: (loaded, total) => {
        this.#events.loadProgress(loaded, total);
        if (loaded === total) void this.#attachTools();
      },
      failed: (failedIndex, error) => {
        if (this.#viewport()?.getCurrentImageIdIndex() === failedIndex) this.#showFailure(failedIndex, error);
        else this.#reportFailure(failedIndex, error);
      },
    });
    try {
      await this.#showFirst(viewport, shown, first, index, generation, signal);
    } finally {
      drawnOrFailed();
      if (generation === this.#generation) {
        // Not drawn (failed, or abandoned): nothing held is reported.
        this.#firstDraw = false;
        this.#heldImage = undefined;
      }
    }
    firstLoaded();
  }

  /** The second half of setStack: waits for the first image, draws it or shows its failure. */
  async #showFirst(
    viewport: Types.IStackViewport,
    shown: Promise<unknown>,
    first: string | undefined,
    index: number,
    generation: number,
    signal: AbortSignal,
  ): Promise<void> {
    // The CPU path rejects when the image fails, the WebGL path resolves all
    // the same (it reports IMAGE_LOAD_ERROR): the loader's record decides.
    let rejected: unknown;
    try {
      await settlesAfterLoad(shown, first);
    } catch (error) {
      rejected = error;
    }
    if (generation !== this.#generation || signal.aborted) return;
    let failure = first ? this.#stack.failures.get(first) : undefined;
    if (failure === undefined && rejected !== undefined) {
      if (!(rejected instanceof FoveaError)) {
        this.#prefetch?.abort();
        throw rejected;
      }
      failure = rejected;
    }
    if (failure === undefined) {
      try {
        this.#drawNow(viewport);
        this.#fitFocal = [...viewport.getCamera().focalPoint!] as Types.Point3;
      } catch (error) {
        failure = error;
      }
    }
    // The pixels are on the canvas (drawn at once, patch 5): the element is told now, and turns
    // 'ready'; the tools attach below, input meanwhile held for them (#input).
    if (failure === undefined) this.#reportDrawn();
    if (failure !== undefined) {
      // The stack stays set: its other images can still be shown, with the tools.
      this.#showFailure(index, failure);
      void this.#attachTools();
      return;
    }
    // The tools attach when a person first comes to the image (#input) or once the whole stack is
    // in (the prefetch's progress), whichever is first: loaded with the stack, their chunk's
    // compilation and start-up took 40-60 ms of CPU from it, and the whole stack came about 8%
    // later on a 2-core machine (docs/performance.md, sixth round).
  }

  /**
   * Shows image `index`. A cached image is drawn before this resolves, in the
   * frame it was asked for (Cornerstone would draw it in an animation frame of
   * its own, the next one when asked from inside one, such as cine's); at most
   * one such draw per frame, further ones in the same frame leave the newest
   * image to Cornerstone's next frame. An image still loading is drawn when it
   * arrives, unless a newer one was asked for meanwhile (Cornerstone drops it).
   */
  async setImageIndex(index: number): Promise<void> {
    if (this.#whenUsable(() => void this.setImageIndex(index))) return;
    const viewport = this.#viewport();
    if (!viewport || index < 0 || index >= this.#imageIds.length) return;
    const imageId = this.#imageIds[index]!;
    // A failure that asking again may mend is forgotten, and the image loaded again.
    this.#stack.failure(imageId);
    const cached = cache.isLoaded(imageId);
    try {
      await viewport.setImageIdIndex(index);
    } catch {
      // The CPU path rejects for a failed image: IMAGE_LOAD_ERROR shows it.
    }
    if (this.#destroyed || viewport.getCurrentImageIdIndex() !== index) return;
    const failure = this.#stack.failures.get(imageId);
    if (failure !== undefined) {
      this.#showFailure(index, failure);
      return;
    }
    if (!cached) return;
    const frame = document.timeline.currentTime;
    if (frame !== null && frame === this.#drawnNowInFrame) return;
    this.#drawnNowInFrame = frame;
    // Absent where Cornerstone is used unpatched (Storybook runs the sources through Vite without
    // our rollup plugins): Cornerstone then draws in its own next frame, as it always did.
    (this.#engine as DrawNowEngine | undefined)?.renderFlaggedViewportsNow?.();
  }

  setVoi(voi: Voi | undefined): void {
    if (this.#whenUsable(() => this.setVoi(voi))) return;
    this.#voi.setVoi(voi);
  }

  setVoiLut(index: number): void {
    if (this.#whenUsable(() => this.setVoiLut(index))) return;
    this.#voi.setVoiLut(index);
  }

  voiLut(): number | undefined {
    return this.#voi.voiLut();
  }

  setInvert(invert: boolean): void {
    if (this.#whenUsable(() => this.setInvert(invert))) return;
    this.#voi.setInvert(invert);
  }

  setPresentation(presentation: Partial<Presentation>): void {
    if (this.#whenUsable(() => this.setPresentation(presentation))) return;
    const viewport = this.#viewport();
    if (viewport) this.#present(viewport, presentation);
  }

  #present(viewport: Types.IStackViewport, presentation: Partial<Presentation>): void {
    const { pan, zoom, ...rest } = presentation;
    // Pass the current display area: leaving it out makes Cornerstone reset it,
    // which moves non-square images off centre.
    viewport.setViewPresentation({ displayArea: viewport.getDisplayArea(), ...rest });
    if (zoom !== undefined) this.#setZoom(viewport, zoom);
    if (pan) this.#setPan(viewport, pan);
    viewport.render();
  }

  /** Millimetres per CSS pixel at which the whole image fits the viewport (zoom 1), as it is rotated now. */
  #fitMmPerCssPixel(viewport: Types.IStackViewport): number | undefined {
    const image = viewport.getCornerstoneImage();
    if (!image) return undefined;
    return fitMmPerCssPixel(image, viewport.getViewPresentation().rotation ?? 0, this.#cssSize(viewport));
  }

  /** Zoom relative to the fitted image, from the camera (both rendering modes measured alike). */
  #zoom(viewport: Types.IStackViewport): number | undefined {
    const fit = this.#fitMmPerCssPixel(viewport);
    const current = this.#mmPerCssPixel(viewport);
    return fit && current ? fit / current : undefined;
  }

  /**
   * The canvas's size in CSS pixels, read once per resize: reading it lays the
   * page out, and the view is computed several times for every image shown.
   */
  #cssSize(viewport: Types.IStackViewport): readonly [number, number] {
    if (!this.#canvasSize?.[0] || !this.#canvasSize[1]) {
      this.#canvasSize = [viewport.canvas.clientWidth, viewport.canvas.clientHeight];
    }
    return this.#canvasSize;
  }

  #setZoom(viewport: Types.IStackViewport, zoom: number): void {
    const fit = this.#fitMmPerCssPixel(viewport);
    if (!fit || !(zoom > 0)) return;
    const current = this.#zoom(viewport);
    if (current !== undefined && Math.abs(current - zoom) < 1e-4) return;
    viewport.setCamera({ parallelScale: parallelScaleFor(fit, zoom, this.#cssSize(viewport)[1]) });
  }

  #mmPerCssPixel(viewport: Types.IStackViewport): number | undefined {
    return mmPerCssPixel(viewport.getCamera().parallelScale, this.#cssSize(viewport)[1]);
  }

  /** Pan in CSS pixels from the fitted position, right and down positive. */
  #pan(viewport: Types.IStackViewport): [number, number] {
    const focal = viewport.getCamera().focalPoint;
    const axes = this.screenAxes();
    const mm = this.#mmPerCssPixel(viewport);
    if (!this.#fitFocal || !focal || !axes || !mm) return [0, 0];
    return panOf(this.#fitFocal, focal, axes, mm);
  }

  #setPan(viewport: Types.IStackViewport, target: readonly [number, number]): void {
    const camera = viewport.getCamera();
    const focal = camera.focalPoint;
    const axes = this.screenAxes();
    const mm = this.#mmPerCssPixel(viewport);
    if (!this.#fitFocal || !focal || !axes || !mm) return;
    const current = this.#pan(viewport);
    if (Math.abs(target[0] - current[0]) < 0.01 && Math.abs(target[1] - current[1]) < 0.01) return;
    const next = focalForPan(this.#fitFocal, target, axes, mm);
    const position = camera.position;
    viewport.setCamera({
      focalPoint: next,
      ...(position ? { position: [0, 1, 2].map((i) => position[i]! + next[i]! - focal[i]!) as Types.Point3 } : {}),
    });
  }

  presentation(): Presentation | undefined {
    const viewport = this.#viewport();
    if (!viewport?.getCurrentImageId()) return undefined;
    const p = viewport.getViewPresentation();
    const pan = this.#pan(viewport);
    return {
      rotation: normalisedRotation(p.rotation ?? 0),
      flipHorizontal: p.flipHorizontal ?? false,
      flipVertical: p.flipVertical ?? false,
      zoom: this.#zoom(viewport) ?? p.zoom ?? 1,
      pan: [pan[0], pan[1]],
    };
  }

  voi(): Voi | undefined {
    return this.#voi.voi();
  }

  screenAxes(): ScreenAxes | undefined {
    const camera = this.#viewport()?.getCamera();
    const up = camera?.viewUp;
    const normal = camera?.viewPlaneNormal;
    return up && normal ? screenAxesOf(up, normal) : undefined;
  }

  cssPixelsPerMm(): number | undefined {
    const viewport = this.#viewport();
    const mm = viewport ? this.#mmPerCssPixel(viewport) : undefined;
    return mm ? 1 / mm : undefined;
  }

  resize(): void {
    this.#canvasSize = undefined;
    this.#engine?.resize(true, true);
  }

  reset(): void {
    if (this.#whenUsable(() => this.reset())) return;
    const viewport = this.#viewport();
    if (!viewport) return;
    this.#voi.clearInvert();
    viewport.resetCamera();
    this.#fitFocal = [...viewport.getCamera().focalPoint!] as Types.Point3;
    this.#voi.reset(viewport);
    viewport.render();
  }

  canvas(): HTMLCanvasElement | undefined {
    return this.#element.querySelector('canvas') ?? undefined;
  }

  pixelValues(): PixelValues | undefined {
    return valuesOf(this.#viewport()?.getCornerstoneImage());
  }

  destroy(): void {
    this.#destroyed = true;
    this.#generation++;
    this.#prefetch?.abort();
    for (const [target, type, listener] of this.#listeners) target.removeEventListener(type, listener);
    this.#tools?.destroy();
    this.#tools = undefined;
    this.#input?.drop();
    this.#input = undefined;
    this.#stack.renderers.delete(this);
    const engine = this.#engine;
    this.#engine = undefined;
    try {
      engine?.disableElement(this.#viewportId);
    } finally {
      this.#stack.release(this.#imageIds);
      this.#imageIds = [];
      if (engine) this.#stack.releaseEngine(engine);
    }
  }
}
