/**
 * Page-wide rendering state: Cornerstone's globals (init, cache, metadata
 * provider, image loader, decode workers, the shared rendering engine), owned
 * here and nowhere else, and the loading of one image: its frame through the
 * host's client, bounded decoding, and the record of why an image failed.
 */
import {
  cache,
  Enums,
  eventTarget,
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
  frameEncoding,
  ImageError,
  isAbortError,
  pixelFormat,
  type DicomSource,
  type Frame,
  type ImageReference,
  type PixelFormat,
} from '@fovea-dicom/core';
import type { RenderingStats } from '../../model/presentation.js';
import type { RenderingInit } from '../types.js';
import { decodeFrame } from './frame-decoder.js';
import { InstanceData } from './instance-data.js';
import { checkMetadata, registerMetadataProvider } from './metadata.js';
import { paletteTables } from './palette.js';
import { frameFromPart10 } from './part10-frame.js';
import { resolveRenderingMode } from './rendering-mode.js';
import type * as ToolsExports from './tools.js';
import { resolveVoiLuts } from './voi-lut.js';
import { VoiLutRegistry } from './voi-lut-display.js';

/** Cornerstone's tools as Fovea binds them (a chunk of its own, loaded after the first image). */
export type ToolsModule = typeof ToolsExports;

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
export const PREFETCH_REQUESTS = 5;
/**
 * Prefetched images in flight, fetched or being decoded: fetching runs ahead
 * of decoding, but not far, as an image asked for on screen queues behind
 * the decodes already sent to the worker.
 */
export const PREFETCH_AHEAD = 10;

/** A new task (scheduler.yield where the browser has it): lets drawing and input run first. */
export function nextTask(): Promise<void> {
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
 * The frame of `reference` (`pending`: already asked for while the renderer started): as
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

/** A renderer on screen, as the page-wide state sees it: told when the WebGL context under it is lost. */
export interface EngineUser {
  /** The engine it is enabled on. */
  readonly engine: RenderingEngine | undefined;
  /** Moves it to the page's new (CPU) engine, showing what it showed. */
  fallBack(): Promise<void>;
}

/** Where the frame behind an image id comes from. */
interface FrameSource {
  client: DicomSource;
  reference: ImageReference;
}

/** Page-wide rendering state: Cornerstone's globals, owned here and nowhere else. */
export class RenderingStack {
  readonly sources = new Map<string, FrameSource>();
  /**
   * Image ids by client and frame URL. An image id names no UID (Cornerstone
   * logs image ids): it is an opaque number, the same for every viewport
   * showing that frame from that client, so that they share the decoded image.
   */
  readonly #ids = new Map<string, string>();
  #nextImage = 1;
  #nextEngine = Date.now();
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
  readonly renderers = new Set<EngineUser>();
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
   * CPU engine with what it showed (issue 18, decision 0017).
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
      const [frame, palette] = await Promise.all([
        retrieveFrame(client, reference, controller.signal, options.foveaFrame, format),
        format.photometricInterpretation === 'PALETTE COLOR'
          ? this.palettes.get(client, reference.instance)
          : undefined,
        // A failure fails the image, as a palette's does.
        this.voiLuts.get(client, reference.instance),
      ]);
      options.foveaFetched?.();
      if (options.foveaPrefetch && frameEncoding(frame.transferSyntaxUid) !== 'codec') {
        // Native and RLE frames are decoded on the main thread: one task each, so that drawing and
        // input come between. (A codec's frame only goes to the worker from here.)
        await nextTask();
      }
      controller.signal.throwIfAborted();
      return withBound(
        decodeFrame(imageId, reference, frame, palette, options.foveaPrefetch ? 5 : 0),
        DECODE_BOUND_MS,
        () => new ImageError('stalled', `decoding did not finish within ${DECODE_BOUND_MS / 1000} s`),
      );
    })().finally(() => {
      outer?.removeEventListener('abort', onAbort);
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

export interface LoaderOptions extends Record<string, unknown> {
  foveaSignal?: AbortSignal;
  /** A prefetched image: below an image asked for on screen in the worker queue; a native or RLE one decoded in a task of its own. */
  foveaPrefetch?: boolean;
  /** Called when the frame's bytes are in. */
  foveaFetched?: () => void;
  /** The frame, already requested (the first image's, while the renderer started): not requested again. */
  foveaFrame?: Promise<Frame>;
}
