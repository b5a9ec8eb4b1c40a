/**
 * The one module that imports Cornerstone3D. Cornerstone keeps global state
 * (init, cache, metadata providers, image loaders, workers); this module owns
 * that state for the page and gives each `<fovea-viewport>` a
 * {@link StackRenderer} over a shared rendering engine, so that the number of
 * WebGL contexts stays bounded however many viewports a page has.
 *
 * Loaded with a dynamic import once the page is idle after the first
 * viewport connects, or sooner when it has a series to show (decision 0007).
 * Cornerstone's tools (about a quarter of the code) are a further chunk,
 * loaded once the first image is drawn: the image never waits for them, and
 * their compilation does not compete with its decoding and drawing.
 */
import {
  cache,
  Enums,
  eventTarget,
  getShouldUseCPURendering,
  imageLoader,
  init as initCore,
  RenderingEngine,
  setUseCPURendering,
  type Types,
} from '@cornerstonejs/core';
import { init as initLoader } from '@cornerstonejs/dicom-image-loader';
import {
  DicomWebError,
  FoveaError,
  ImageError,
  isAbortError,
  pixelFormat,
  type DicomSource,
  type Frame,
  type ImageReference,
  type PixelFormat,
} from '@fovea-dicom/core';
import { InstanceData } from './instance-data.js';
import { paletteTables } from './palette.js';
import { resolveVoiLuts, type VoiLut } from './voi-lut.js';
import { hideVoiLut, showVoiLut, voiLutRange, VoiLutRegistry } from './voi-lut-display.js';
import type {
  PixelValues,
  Presentation,
  RendererEvents,
  RenderingStats,
  RenderingInit,
  RenderingModule,
  ScreenAxes,
  StackRenderer,
  Voi,
} from '../rendering-types.js';
import { decodeFrame, valuesOf } from './frame-decoder.js';
import { checkMetadata, registerMetadataProvider } from './metadata.js';
import { resolveRenderingMode } from './rendering-mode.js';
import { frameFromPart10 } from './part10-frame.js';
import type * as ToolsExports from './tools.js';
import type { ViewportTools } from './tools.js';
import type { Measurement, MeasurementImage } from '../measurements.js';
import type { ToolBindings } from '../tool-types.js';

type ToolsModule = typeof ToolsExports;

const SCHEME = 'fovea';
/**
 * The bound on decoding one frame once its bytes are in (the codec's first
 * start-up included): past it the image is reported as failed ('stalled'), so
 * that a decoder that never answers cannot leave a viewport loading for ever.
 * Requests have their own bound in `@fovea-dicom/core`'s transport.
 */
export const DECODE_BOUND_MS = 30_000;
/** The bound on Cornerstone setting up the first image of a stack once it is decoded (SwiftShader on a loaded machine takes seconds). */
export const DRAW_BOUND_MS = 20_000;
/** Frame requests a stack's prefetch keeps in flight (browsers open 6 connections per origin over HTTP/1.1). */
const PREFETCH_REQUESTS = 5;
/**
 * Prefetched images in flight, fetched or being decoded: fetching runs ahead
 * of decoding, but not far, as an image asked for on screen queues behind
 * the decodes already sent to the worker.
 */
const PREFETCH_AHEAD = 10;

/** A new task (scheduler.yield where the browser has it): lets drawing and input run first. */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

function withBound<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** Whether asking again may succeed (a request that timed out or a server that was busy), as opposed to bad data. */
function retryable(error: unknown): boolean {
  if (error instanceof DicomWebError) return error.retryable || error.code === 'network' || error.code === 'timeout';
  return error instanceof ImageError && error.reason === 'stalled';
}

/** Answers with which a server says it cannot send a frame (as stored or transcoded): the whole instance may still come. */
const FRAME_REFUSED = [400, 406, 415, 500];

/**
 * The frame of `reference` (`pending`: already asked for by the element): as
 * stored, else as the client's other frame Accepts get it, else cut out of the
 * whole instance when the server refuses every frame representation.
 */
async function retrieveFrame(
  client: DicomSource,
  reference: ImageReference,
  signal: AbortSignal,
  pending: Promise<Frame> | undefined,
  format: PixelFormat,
): Promise<Frame> {
  // 1-bit frames are not byte-aligned and servers cut them as bytes; nor can the length of the
  // Pixel Data be checked from a frame: the whole instance, always.
  if (format.bitsAllocated === 1) {
    return frameFromPart10(await client.retrieveInstance(reference, { signal }), reference);
  }
  try {
    return await (pending ?? client.retrieveFrames(reference, [reference.frame], { signal }).then(([f]) => f!));
  } catch (error) {
    if (!(error instanceof DicomWebError) || !FRAME_REFUSED.includes(error.status)) throw error;
    const instance = await client.retrieveInstance(reference, { signal });
    return frameFromPart10(instance, reference);
  }
}

/** Where the frame behind an image id comes from. */
interface FrameSource {
  client: DicomSource;
  reference: ImageReference;
}

/** Page-wide rendering state: Cornerstone's globals, owned here and nowhere else. */
class RenderingStack {
  readonly sources = new Map<string, FrameSource>();
  /**
   * Image ids by client and frame URL. An image id names no UID (Cornerstone
   * logs image ids): it is an opaque number, the same for every viewport
   * showing that frame from that client, so that they share the decoded image.
   */
  readonly #ids = new Map<string, string>();
  #nextImage = 1;
  #nextEngine = Date.now();
  /** Frames already requested by the element (the first image's, while Cornerstone started), by image id. */
  readonly pendingFrames = new Map<string, Promise<Frame>>();
  /** Who waits for an image's frame bytes to be in (or its load to end), by image id. */
  readonly #fetchWaiters = new Map<string, (() => void)[]>();
  /** Why an image could not be loaded, by image id, until it is released (or asked for again, when retryable). */
  readonly failures = new Map<string, unknown>();
  /** How many stacks on screen use each image id. */
  readonly users = new Map<string, number>();
  readonly clientIds = new WeakMap<DicomSource, number>();
  nextClientId = 1;
  readonly palettes = new InstanceData(paletteTables);
  /** The VOI LUTs of each instance shown, with their data (known once its first frame loaded). */
  readonly voiLuts = new InstanceData(resolveVoiLuts);
  readonly voiLutRegistry: VoiLutRegistry;
  /** The engine new viewports are enabled on (undefined until one is, and after its WebGL context was lost). */
  engine: RenderingEngine | undefined;
  /** Viewports on each engine alive: one, or two for a moment after a lost WebGL context. */
  readonly #engineUsers = new Map<RenderingEngine, number>();
  /** The renderers on screen, told when the WebGL context under them is lost. */
  readonly renderers = new Set<CornerstoneStackRenderer>();
  nextViewportId = 1;
  #tools: Promise<ToolsModule> | undefined;

  constructor(initOptions: RenderingInit) {
    initCore({
      rendering: { useCPURendering: resolveRenderingMode(initOptions.mode) === 'cpu', webGlContextCount: 2 },
      debug: {},
    });
    // Registers the loader's decode worker (its codecs decode compressed frames).
    initLoader({ maxWebWorkers: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)) });
    registerMetadataProvider((imageId) => this.sources.get(imageId)?.reference);
    imageLoader.registerImageLoader(SCHEME, (imageId, options) => this.loadImage(imageId, options as LoaderOptions));
    cache.setMaxCacheSize(initOptions.cacheBytes);
    this.voiLutRegistry = new VoiLutRegistry();
    // Page-wide for the page's life, as Cornerstone's own listeners are.
    eventTarget.addEventListener(Enums.Events.WEBGL_CONTEXT_LOST, (event: Event) => {
      const engineId = (event as CustomEvent<{ renderingEngineId?: string }>).detail?.renderingEngineId;
      if (engineId !== undefined && engineId === this.engine?.id) this.#contextLost(this.engine);
    });
  }

  get viewports(): number {
    let count = 0;
    for (const users of this.#engineUsers.values()) count += users;
    return count;
  }

  /**
   * A WebGL context of `engine` was lost (the GPU process restarted, a driver
   * reset, the browser reclaimed it for another page's context): the rest of
   * the page draws on the CPU, and each viewport on `engine` moves to a new
   * CPU engine with what it showed (issue 18, decision 0014).
   */
  #contextLost(engine: RenderingEngine): void {
    setUseCPURendering(true, false);
    this.engine = undefined;
    for (const renderer of this.renderers) {
      if (renderer.engine === engine) void renderer.fallBack();
    }
  }

  /** Loads and initialises Cornerstone's tools once per page (again after a failed load). */
  loadTools(): Promise<ToolsModule> {
    this.#tools ??= import('./tools.js').then(
      (module) => {
        module.initTools();
        return module;
      },
      (error: unknown) => {
        this.#tools = undefined;
        throw error;
      },
    );
    return this.#tools;
  }

  imageId(client: DicomSource, reference: ImageReference): string {
    let clientId = this.clientIds.get(client);
    if (clientId === undefined) {
      clientId = this.nextClientId++;
      this.clientIds.set(client, clientId);
    }
    const key = `${clientId}|${reference.url}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = `${SCHEME}:${this.#nextImage++}`;
      this.#ids.set(key, id);
    }
    return id;
  }

  register(client: DicomSource, reference: ImageReference): string {
    const imageId = this.imageId(client, reference);
    if (!this.sources.has(imageId)) this.sources.set(imageId, { client, reference });
    this.users.set(imageId, (this.users.get(imageId) ?? 0) + 1);
    return imageId;
  }

  /** Drops a stack's hold on its images; images no viewport shows leave the cache. */
  release(imageIds: readonly string[]): void {
    for (const imageId of imageIds) {
      const left = (this.users.get(imageId) ?? 1) - 1;
      if (left > 0) {
        this.users.set(imageId, left);
        continue;
      }
      this.users.delete(imageId);
      const source = this.sources.get(imageId);
      if (source) this.#ids.delete(`${this.clientIds.get(source.client)}|${source.reference.url}`);
      this.sources.delete(imageId);
      this.pendingFrames.delete(imageId);
      this.failures.delete(imageId);
      if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
    }
  }

  /**
   * Why image `imageId` failed, if it did. A failure that asking again may
   * mend is forgotten here, so that the next load asks again.
   */
  failure(imageId: string): unknown {
    const error = this.failures.get(imageId);
    if (error !== undefined && retryable(error)) this.failures.delete(imageId);
    return error;
  }

  /** Resolves once image `imageId`'s frame bytes are in, or its load ended, or at once when it is cached. */
  whenFetched(imageId: string): Promise<void> {
    if (cache.getImage(imageId)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.#fetchWaiters.get(imageId) ?? [];
      waiting.push(resolve);
      this.#fetchWaiters.set(imageId, waiting);
    });
  }

  #fetched(imageId: string): void {
    const waiting = this.#fetchWaiters.get(imageId);
    this.#fetchWaiters.delete(imageId);
    for (const resolve of waiting ?? []) resolve();
  }

  stats(): RenderingStats {
    return {
      engines: this.#engineUsers.size,
      viewports: this.viewports,
      cachedBytes: cache.getCacheSize(),
      registeredImages: this.sources.size,
    };
  }

  /**
   * Cornerstone's image loader for Fovea's image ids: the frame through the
   * host's client, then {@link decodeFrame}. Every failure rejects this load's
   * promise (and is remembered for the image); the decode has a bound.
   */
  loadImage(imageId: string, options: LoaderOptions = {}): Types.IImageLoadObject {
    const controller = new AbortController();
    const outer = options.foveaSignal;
    const onAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    let cancelled = false;
    const load = (async () => {
      const source = this.sources.get(imageId);
      if (!source) throw new FoveaError('aborted', 'the image was released');
      // Failed for good already (bad data, not a busy server): fail again at once.
      const known = this.failures.get(imageId);
      if (known !== undefined && !retryable(known)) throw known;
      const { reference, client } = source;
      const { dataset } = reference.instance;
      // A header that cannot describe a displayable image fails before any request.
      const format = pixelFormat(dataset);
      checkMetadata(reference);
      const pending = this.pendingFrames.get(imageId);
      this.pendingFrames.delete(imageId);
      const [frame, palette] = await Promise.all([
        retrieveFrame(client, reference, controller.signal, pending, format),
        format.photometricInterpretation === 'PALETTE COLOR'
          ? this.palettes.get(client, reference.instance)
          : undefined,
        // A failure fails the image, as a palette's does.
        this.voiLuts.get(client, reference.instance),
      ]);
      this.#fetched(imageId);
      options.foveaFetched?.();
      if (options.foveaDecodeAfter) {
        // Decoded after the first image of its stack is drawn: a codec's first use starts it
        // (fetches and compiles its wasm) once per decode in flight, and native frames are
        // decoded on the main thread. One task each, so that drawing and input come between.
        await options.foveaDecodeAfter;
        await nextTask();
      }
      controller.signal.throwIfAborted();
      return withBound(
        decodeFrame(imageId, reference, frame, palette, options.foveaDecodeAfter ? 5 : 0),
        DECODE_BOUND_MS,
        () => new ImageError('stalled', `decoding did not finish within ${DECODE_BOUND_MS / 1000} s`),
      );
    })().finally(() => {
      outer?.removeEventListener('abort', onAbort);
      this.#fetched(imageId);
    });
    load.catch((error: unknown) => {
      if (!cancelled && !controller.signal.aborted && !isAbortError(error) && this.sources.has(imageId)) {
        this.failures.set(imageId, error);
      }
    });
    // Cornerstone cancels through cancelFn when it drops an image from its cache
    // (a viewport went away). Its own promise chains then have no handler, so a
    // rejection would surface as an unhandled error and a late success would
    // render into a destroyed viewport: a cancelled load simply never settles.
    const promise = load.catch((error: unknown) => {
      if (cancelled) return new Promise<never>(() => undefined);
      throw error;
    });
    return {
      promise,
      cancelFn: () => {
        cancelled = true;
        controller.abort();
      },
    } as Types.IImageLoadObject;
  }

  acquireEngine(): RenderingEngine {
    const engine = (this.engine ??= new RenderingEngine(`fovea-engine-${(this.#nextEngine++).toString(36)}`));
    this.#engineUsers.set(engine, (this.#engineUsers.get(engine) ?? 0) + 1);
    return engine;
  }

  releaseEngine(engine: RenderingEngine): void {
    const left = (this.#engineUsers.get(engine) ?? 1) - 1;
    if (left > 0) {
      this.#engineUsers.set(engine, left);
      return;
    }
    this.#engineUsers.delete(engine);
    if (this.engine === engine) this.engine = undefined;
    try {
      engine.destroy();
    } catch {
      // An engine whose WebGL context is lost may fail to free what it had on the GPU: gone anyway.
    }
  }
}

interface LoaderOptions extends Record<string, unknown> {
  foveaSignal?: AbortSignal;
  /** Fetch now, decode once this settles. */
  foveaDecodeAfter?: Promise<unknown>;
  /** Called when the frame's bytes are in. */
  foveaFetched?: () => void;
}

let stack: RenderingStack | undefined;

function isStack(viewport: Types.IViewport | undefined): viewport is Types.IStackViewport {
  return viewport !== undefined && 'setStack' in viewport;
}

/**
 * The engine with the draw-at-once entry point our build adds to Cornerstone
 * (scripts/rollup/cornerstone-patches.mjs, patch 5).
 */
type DrawNowEngine = RenderingEngine & { renderFlaggedViewportsNow?: () => void };

/**
 * `shown` (Cornerstone's setStack), bounded: Cornerstone settles it once the
 * image's load has, unless its own display code throws, when it never does
 * (its CPU path). Then the image fails ('draw') DRAW_BOUND_MS after its load.
 */
async function settlesAfterLoad(shown: Promise<unknown>, imageId: string | undefined): Promise<void> {
  const load = imageId ? cache.getImageLoadObject(imageId)?.promise : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const stalled = new Promise<never>((_, reject) => {
    void Promise.resolve(load)
      .catch(() => undefined)
      .then(() => {
        if (done) return;
        timer = setTimeout(
          () => reject(new ImageError('draw', 'the image was not set up for display in time')),
          DRAW_BOUND_MS,
        );
      });
  });
  try {
    await Promise.race([shown, stalled]);
  } finally {
    done = true;
    clearTimeout(timer);
  }
}

/** The event patch 6 fires on a viewport's element when its draw threw (detail: the error). */
const RENDER_ERROR = 'fovea-render-error';

/** Resolves at the next IMAGE_RENDERED on `element`, or after a moment should none come. */
function nextDraw(element: HTMLElement, ms = 250): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, done);
  });
}

class CornerstoneStackRenderer implements StackRenderer {
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
  #invert = false;
  /**
   * The VOI LUT asked for, by its index in the VOI LUT Sequence: 'default'
   * until a stack's first image decides (its first LUT, if any), undefined
   * while a window applies.
   */
  #lutIndex: number | 'default' | undefined = 'default';
  /** The LUT on screen. */
  #shownLut: VoiLut | undefined;
  /** True while this renderer changes the VOI range itself (not a person dragging). */
  #applyingLut = false;
  readonly #listeners: [EventTarget, string, EventListener][] = [];
  #tools: ViewportTools | undefined;
  #toolsReady: Promise<void> | undefined;
  #bindings: ToolBindings | undefined;
  /** The first image shown before the tools were ready: reported once they are, so that a shown image can be used. */
  #heldImage: number | undefined;
  #destroyed = false;
  /** The animation frame (document.timeline time) of the last image drawn at once by setImageIndex. */
  #drawnNowInFrame: CSSNumberish | null | undefined;
  #canvasSize: readonly [number, number] | undefined;
  /** A camera change is waiting to be reported (several come with every new image: reported once). */
  #cameraPending = false;
  /** Failures already reported by `fovea-error` (each failure once, whether found by the prefetch or on screen). */
  readonly #reported = new WeakSet<object>();
  /** The viewport being made again after a lost WebGL context; calls meanwhile wait in `#deferred`. */
  #recovering: Promise<void> | undefined;
  readonly #deferred: (() => void)[] = [];
  /** The setStack in progress, if any. */
  #settingStack: Promise<void> | undefined;

  constructor(renderingStack: RenderingStack, element: HTMLDivElement, events: RendererEvents) {
    this.#stack = renderingStack;
    this.#element = element;
    this.#events = events;
    this.#viewportId = `fovea-viewport-${renderingStack.nextViewportId++}`;
    this.#enable();
    renderingStack.renderers.add(this);
    this.#listen(element, Enums.Events.STACK_NEW_IMAGE, (event) => {
      const detail = (event as CustomEvent<{ imageIdIndex: number; imageId?: string }>).detail;
      // A late image of the stack before (same index, another image id) is not this stack's.
      if (detail.imageId !== undefined && this.#imageIds[detail.imageIdIndex] !== detail.imageId) return;
      // After Cornerstone has set the image up (the CPU path replaces its
      // display settings right after this event), before it is drawn.
      queueMicrotask(() => this.#syncVoiLut());
      if (this.#tools) this.#events.imageRendered(detail.imageIdIndex);
      else this.#heldImage = detail.imageIdIndex;
    });
    this.#listen(element, Enums.Events.VOI_MODIFIED, (event) => {
      const range = (event as CustomEvent<{ range?: { lower: number; upper: number } }>).detail.range;
      if (!range) return;
      const shown = this.#shownLut;
      if (shown && !this.#applyingLut) {
        const lutRange = voiLutRange(shown);
        // A window dragged or set by a tool: it replaces the LUT.
        if (range.lower !== lutRange.lower || range.upper !== lutRange.upper) {
          this.#lutIndex = undefined;
          this.#hideLut(false);
        }
      }
      this.#events.voiChanged(
        { center: (range.lower + range.upper) / 2, width: range.upper - range.lower },
        this.#shownLut?.index,
      );
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
        if (presentation) this.#events.presentationChanged(presentation);
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
    // A LUT is shown again by #syncVoiLut (#lutIndex); a window is put back here.
    const voiRange = this.#shownLut ? undefined : old?.getProperties().voiRange;
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
    this.#shownLut = undefined;
    this.#canvasSize = undefined;
    this.#enable();
    this.#events.renderingChanged(this.#mode, 'context-lost');
    const viewport = this.#viewport();
    const imageId = index === undefined ? undefined : this.#imageIds[index];
    if (!viewport || index === undefined || imageId === undefined) return;
    await settlesAfterLoad(viewport.setStack(this.#imageIds, index), imageId);
    if (this.#destroyed) return;
    this.#drawNow(viewport);
    this.#fitFocal = [...viewport.getCamera().focalPoint!] as Types.Point3;
    if (voiRange) viewport.setProperties({ voiRange });
    this.#applyInvert(viewport);
    if (presentation) this.#present(viewport, presentation);
    else viewport.render();
    await this.#attachTools();
    // (Read through a method: TypeScript keeps #tools narrowed to undefined across the await.)
    if (measurements.length > 0) this.#currentTools()?.setMeasurements(measurements);
  }

  /** Loads the tools (once) and binds them to this viewport; a failure leaves the image usable without them. */
  #attachTools(): Promise<void> {
    this.#toolsReady ??= this.#stack
      .loadTools()
      .then(
        (module) => {
          if (this.#destroyed) return;
          this.#tools = this.#createTools(module);
          if (this.#bindings) this.#tools.setBindings(this.#bindings);
        },
        (error: unknown) => {
          this.#toolsReady = undefined;
          if (!this.#destroyed) this.#events.error(error, undefined);
        },
      )
      .finally(() => {
        const held = this.#heldImage;
        this.#heldImage = undefined;
        if (held !== undefined && !this.#destroyed) this.#events.imageRendered(held);
      });
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
      return { instance: reference.instance, image };
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

  #currentTools(): ViewportTools | undefined {
    return this.#tools;
  }

  setTools(bindings: ToolBindings): void {
    this.#bindings = bindings;
    this.#tools?.setBindings(bindings);
  }

  measurements(): Measurement[] {
    return this.#tools?.measurements() ?? [];
  }

  setMeasurements(measurements: readonly Measurement[]): Measurement[] {
    // The element calls this only once setStack resolved, which waits for the tools.
    if (!this.#tools) throw new Error('tools not loaded');
    return this.#tools.setMeasurements(measurements);
  }

  annotationsSvg(): string | undefined {
    return this.#tools?.svg();
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
    // A new stack starts from its own default VOI.
    this.#hideLut(false);
    this.#lutIndex = 'default';
    this.#stack.release(this.#imageIds);
    this.#imageIds = references.map((r) => this.#stack.register(client, r));
    signal.throwIfAborted();
    const first = this.#imageIds[index];
    if (firstFrame && first && !cache.getImageLoadObject(first) && !cache.getImage(first)) {
      this.#stack.pendingFrames.set(first, firstFrame);
    }
    // Cornerstone requests the first image synchronously in setStack. The
    // prefetch asks for the other frames once its bytes are in (six requests
    // at once shared the connection: the first frame came in last), and
    // decodes them once it is drawn (decoding native frames takes the main
    // thread, which the first draw needs).
    let drawnOrFailed!: () => void;
    const firstDrawn = new Promise<void>((resolve) => (drawnOrFailed = resolve));
    const firstIn = first ? this.#stack.whenFetched(first) : Promise.resolve();
    const shown = viewport.setStack(this.#imageIds, index);
    const firstLoaded = this.#prefetchOutward(
      index,
      generation,
      Promise.race([firstIn, shown.then(undefined, () => undefined)]),
      firstDrawn,
    );
    try {
      await this.#showFirst(viewport, shown, first, index, generation, signal);
    } finally {
      drawnOrFailed();
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
    const drawn = this.#tools || failure !== undefined ? undefined : nextDraw(this.#element);
    if (failure === undefined) {
      try {
        this.#drawNow(viewport);
        this.#fitFocal = [...viewport.getCamera().focalPoint!] as Types.Point3;
      } catch (error) {
        failure = error;
      }
    }
    if (failure !== undefined) {
      // The stack stays set: its other images can still be shown, with the tools.
      this.#showFailure(index, failure);
      void this.#attachTools();
      return;
    }
    // Loaded once the first image is drawn, so that it does not compete with it for the main thread.
    // Resolve (the element turns 'ready') only when the tools can take input.
    await drawn;
    await this.#attachTools();
  }

  /**
   * Loads the rest of the stack outward from `start`, a few at a time; a new
   * stack cancels it. The frames are fetched at once, decoded once the image
   * at `start` is in (`firstFetched`), decodes them once it is drawn
   * (`firstDrawn`). Returns what counts that image as loaded.
   */
  #prefetchOutward(
    start: number,
    generation: number,
    firstFetched: Promise<unknown>,
    firstDrawn: Promise<unknown>,
  ): () => void {
    const controller = new AbortController();
    this.#prefetch = controller;
    const ids = this.#imageIds;
    const order: number[] = [];
    for (let d = 1; order.length < ids.length - 1; d++) {
      if (start + d < ids.length) order.push(start + d);
      if (start - d >= 0) order.push(start - d);
    }
    let loaded = 0;
    let next = 0;
    const total = ids.length;
    const count = () => {
      loaded++;
      if (!controller.signal.aborted) this.#events.loadProgress(loaded, total);
    };
    const live = () => !controller.signal.aborted && generation === this.#generation;
    const inFlight = new Set<Promise<void>>();
    const worker = async () => {
      while (next < order.length && live()) {
        if (inFlight.size >= PREFETCH_AHEAD) {
          await Promise.race(inFlight);
          continue;
        }
        const id = ids[order[next++]!]!;
        if (cache.getImageLoadObject(id) || cache.getImage(id)) {
          count();
          continue;
        }
        let fetched!: () => void;
        const frameIn = new Promise<void>((resolve) => (fetched = resolve));
        // Loaded outside Cornerstone's loader pipeline and cached only on
        // success, so that a cancelled prefetch leaves nothing behind.
        const done: Promise<void> = this.#stack
          .loadImage(id, { foveaSignal: controller.signal, foveaDecodeAfter: firstDrawn, foveaFetched: fetched })
          .promise.then(
            (image) => {
              if (!controller.signal.aborted && !cache.getImageLoadObject(id) && !cache.getImage(id)) {
                cache.putImageSync(id, image);
              }
            },
            (error: unknown) => {
              if (controller.signal.aborted) return;
              // Reported now (an image of the stack is missing), shown as failed when scrolled to.
              const index = ids.indexOf(id);
              if (this.#viewport()?.getCurrentImageIdIndex() === index) this.#showFailure(index, error);
              else this.#reportFailure(index, error);
            },
          )
          .finally(() => {
            inFlight.delete(done);
            count();
          });
        inFlight.add(done);
        // The request slot is free once the bytes are in; decoding goes on.
        await Promise.race([frameIn, done]);
      }
    };
    void firstFetched.then(() => {
      for (let i = 0; i < PREFETCH_REQUESTS; i++) void worker();
    });
    return count;
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
    const viewport = this.#viewport();
    if (!viewport) return;
    if (voi) {
      this.#lutIndex = undefined;
      this.#hideLut(false);
      viewport.setProperties({ voiRange: { lower: voi.center - voi.width / 2, upper: voi.center + voi.width / 2 } });
    } else {
      this.#resetVoi(viewport);
    }
    viewport.render();
  }

  setVoiLut(index: number): void {
    if (this.#whenUsable(() => this.setVoiLut(index))) return;
    this.#lutIndex = index;
    this.#syncVoiLut();
  }

  voiLut(): number | undefined {
    return this.#shownLut?.index;
  }

  /** The header's default: its first VOI LUT, else its first window (Cornerstone's default). */
  #resetVoi(viewport: Types.IStackViewport): void {
    this.#hideLut(false);
    viewport.resetProperties();
    this.#applyInvert(viewport);
    this.#lutIndex = 'default';
    this.#syncVoiLut();
  }

  /** The current image's VOI LUTs (known once its first frame loaded). */
  #currentLuts(viewport: Types.IStackViewport): VoiLut[] {
    const imageId = viewport.getCurrentImageId();
    const reference = imageId ? this.#stack.sources.get(imageId)?.reference : undefined;
    return (reference && this.#stack.voiLuts.fetched(reference.instance.dataset)) ?? [];
  }

  /** Shows the LUT asked for on the image on screen, or the window when the image has no such LUT. */
  #syncVoiLut(): void {
    const viewport = this.#viewport();
    if (!viewport?.getCornerstoneImage() || this.#lutIndex === undefined) return;
    const luts = this.#currentLuts(viewport);
    if (this.#lutIndex === 'default') this.#lutIndex = luts[0]?.index;
    const lut = luts.find((l) => l.index === this.#lutIndex);
    if (!lut) {
      if (this.#shownLut) this.#hideLut(true);
      return;
    }
    this.#shownLut = lut;
    this.#applyingLut = true;
    try {
      showVoiLut(viewport, this.mode, this.#stack.voiLutRegistry, lut, this.#inverted(viewport));
    } finally {
      this.#applyingLut = false;
    }
    viewport.render();
    const range = voiLutRange(lut);
    this.#events.voiChanged({ center: (range.lower + range.upper) / 2, width: range.upper - range.lower }, lut.index);
  }

  /** Takes the LUT off screen; `resetWindow` shows the header's window instead of the current range. */
  #hideLut(resetWindow: boolean): void {
    const viewport = this.#viewport();
    if (!this.#shownLut || !viewport) return;
    this.#shownLut = undefined;
    this.#applyingLut = true;
    try {
      hideVoiLut(viewport, this.mode, this.#inverted(viewport));
      if (resetWindow) {
        viewport.resetProperties();
        this.#applyInvert(viewport);
      }
    } finally {
      this.#applyingLut = false;
    }
    viewport.render();
  }

  /** `invert` is relative to the standard display: MONOCHROME1 images are already shown inverted. */
  setInvert(invert: boolean): void {
    if (this.#whenUsable(() => this.setInvert(invert))) return;
    const viewport = this.#viewport();
    if (!viewport) return;
    this.#invert = invert;
    this.#applyInvert(viewport);
    viewport.render();
  }

  #applyInvert(viewport: Types.IStackViewport): void {
    viewport.setProperties({ invert: this.#inverted(viewport) });
  }

  #inverted(viewport: Types.IStackViewport): boolean {
    const monochrome1 = viewport.getCornerstoneImage()?.invert === true;
    return monochrome1 !== this.#invert;
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

  /**
   * Millimetres per CSS pixel at which the whole image fits the viewport
   * (zoom 1), for its current size and rotation.
   */
  #fitMmPerCssPixel(viewport: Types.IStackViewport): number | undefined {
    const image = viewport.getCornerstoneImage();
    const [clientWidth, clientHeight] = this.#cssSize(viewport);
    if (!image || !clientWidth || !clientHeight) return undefined;
    const width = image.columns * (image.columnPixelSpacing || 1);
    const height = image.rows * (image.rowPixelSpacing || 1);
    const quarter = Math.round((((viewport.getViewPresentation().rotation ?? 0) % 180) + 180) % 180) === 90;
    const [w, h] = quarter ? [height, width] : [width, height];
    return Math.max(w / clientWidth, h / clientHeight);
  }

  /**
   * Zoom relative to the fitted image, from the camera: Cornerstone's CPU path
   * reports its zoom against another reference (0.75 for a fitted image in a
   * wide viewport), so both modes are measured the same way here.
   */
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
    viewport.setCamera({ parallelScale: ((fit / zoom) * this.#cssSize(viewport)[1]) / 2 });
  }

  /**
   * Millimetres per CSS pixel of the image plane: the camera's parallel scale
   * is half the viewport's height in world units, in both rendering modes.
   * (worldToCanvas is not used for lengths: after a device-pixel-ratio change
   * it can be off by that ratio.)
   */
  #mmPerCssPixel(viewport: Types.IStackViewport): number | undefined {
    const scale = viewport.getCamera().parallelScale;
    const height = this.#cssSize(viewport)[1];
    return scale && height ? (2 * scale) / height : undefined;
  }

  /**
   * Pan in CSS pixels: how far the fitted image's centre has moved on screen
   * (right and down positive). Computed from the camera rather than with
   * Cornerstone's getPan / setPan, whose CPU versions are not inverses of each
   * other (setPanCPU takes world coordinates, getPanCPU returns its translation).
   */
  #pan(viewport: Types.IStackViewport): [number, number] {
    const focal = viewport.getCamera().focalPoint;
    const axes = this.screenAxes();
    const mm = this.#mmPerCssPixel(viewport);
    if (!this.#fitFocal || !focal || !axes || !mm) return [0, 0];
    const d = [this.#fitFocal[0] - focal[0], this.#fitFocal[1] - focal[1], this.#fitFocal[2] - focal[2]] as const;
    const dot = (v: readonly [number, number, number]) => d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
    return [dot(axes.right) / mm, -dot(axes.up) / mm];
  }

  #setPan(viewport: Types.IStackViewport, target: readonly [number, number]): void {
    const camera = viewport.getCamera();
    const focal = camera.focalPoint;
    const axes = this.screenAxes();
    const mm = this.#mmPerCssPixel(viewport);
    if (!this.#fitFocal || !focal || !axes || !mm) return;
    const current = this.#pan(viewport);
    if (Math.abs(target[0] - current[0]) < 0.01 && Math.abs(target[1] - current[1]) < 0.01) return;
    const [x, y] = [target[0] * mm, target[1] * mm];
    const next = [0, 1, 2].map((i) => this.#fitFocal![i]! - x * axes.right[i]! + y * axes.up[i]!) as Types.Point3;
    const position = camera.position;
    viewport.setCamera({
      focalPoint: next,
      ...(position
        ? {
            position: [0, 1, 2].map((i) => position[i]! + next[i]! - focal[i]!) as Types.Point3,
          }
        : {}),
    });
  }

  presentation(): Presentation | undefined {
    const viewport = this.#viewport();
    if (!viewport?.getCurrentImageId()) return undefined;
    const p = viewport.getViewPresentation();
    const pan = this.#pan(viewport);
    return {
      rotation: Math.round((((p.rotation ?? 0) % 360) + 360) % 360),
      flipHorizontal: p.flipHorizontal ?? false,
      flipVertical: p.flipVertical ?? false,
      zoom: this.#zoom(viewport) ?? p.zoom ?? 1,
      pan: [pan[0], pan[1]],
    };
  }

  voi(): Voi | undefined {
    const range = this.#viewport()?.getProperties().voiRange;
    return range ? { center: (range.lower + range.upper) / 2, width: range.upper - range.lower } : undefined;
  }

  screenAxes(): ScreenAxes | undefined {
    const camera = this.#viewport()?.getCamera();
    const up = camera?.viewUp;
    const normal = camera?.viewPlaneNormal;
    if (!up || !normal) return undefined;
    // Screen right = viewUp x viewPlaneNormal (the normal points towards the viewer).
    const right: [number, number, number] = [
      up[1] * normal[2] - up[2] * normal[1],
      up[2] * normal[0] - up[0] * normal[2],
      up[0] * normal[1] - up[1] * normal[0],
    ];
    return { right, up: [up[0], up[1], up[2]] };
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
    this.#invert = false;
    viewport.resetCamera();
    this.#fitFocal = [...viewport.getCamera().focalPoint!] as Types.Point3;
    this.#resetVoi(viewport);
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

/** Creates a renderer in `element`; the first call initialises Cornerstone for the page. */
export const rendering: RenderingModule = {
  async createStackRenderer(element, init, events) {
    stack ??= new RenderingStack(init);
    return new CornerstoneStackRenderer(stack, element, events);
  },
  stats() {
    return stack?.stats();
  },
  async decodeImage(client, reference, init, signal) {
    stack ??= new RenderingStack(init);
    const imageId = stack.register(client, reference);
    try {
      const image = await stack.loadImage(imageId, { foveaSignal: signal }).promise;
      const values = valuesOf(image);
      if (!values) throw new ImageError('codec', 'the decoder gave no pixels');
      // A copy: releasing the image id below drops the decoded image from the cache.
      const data = values.data as ArrayLike<number> & { slice?: () => ArrayLike<number> };
      return { ...values, data: data.slice ? data.slice() : Array.from(data) };
    } finally {
      stack.release([imageId]);
    }
  },
};
