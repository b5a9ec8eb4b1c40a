// Series thumbnails for the series browser: fetched only once their item comes
// near the visible area, a few at a time, kept as object URLs that are revoked
// when the study changes or the element leaves the page.
import { FoveaError, isAbortError, type DicomSource } from '@fovea-dicom/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where one thumbnail stands. */
export type ThumbnailState =
  | { status: 'loading' }
  | { status: 'ready'; url: string }
  /** No thumbnail: the server has none and the series has no image (SR, PDF), or the browser could not show it. */
  | { status: 'failed' }
  /** The series' image could not be decoded or fetched: `error` says why (reported by `failed`). */
  | { status: 'error'; error: unknown };

interface Options {
  /** Requests in flight at once. */
  concurrency: number;
  /** Edge length to ask the server for, in device pixels. */
  size: () => number;
  /** The scrolling element items are observed in. */
  root: () => Element | null;
  /** Makes a thumbnail in the page when the server has none; undefined when the series has no image. */
  fallback?: (
    client: DicomSource,
    studyUid: string,
    seriesUid: string,
    size: number,
    signal: AbortSignal,
  ) => Promise<Blob | undefined>;
  /** A thumbnail the page made could not be made (the image failed to load or decode). */
  failed?: (seriesUid: string, error: unknown) => void;
}

/** Loads thumbnails for items that come into view; one instance per element. */
export class ThumbnailController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: Options;
  readonly #states = new Map<string, ThumbnailState>();
  readonly #queue: string[] = [];
  #observed = new WeakSet<Element>();
  #active = 0;
  /** Until one request has settled, one at a time: the client learns from it whether the server has `/thumbnail`. */
  #probed = false;
  #client: DicomSource | undefined;
  #studyUid = '';
  #controller = new AbortController();
  #observer: IntersectionObserver | undefined;
  #root: Element | null = null;

  constructor(host: ReactiveControllerHost, options: Options) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.reset(undefined, '');
  }

  /** Switches to a study's series: cancels pending requests and revokes every URL. */
  reset(client: DicomSource | undefined, studyUid: string): void {
    this.#controller.abort();
    this.#controller = new AbortController();
    for (const state of this.#states.values()) if (state.status === 'ready') URL.revokeObjectURL(state.url);
    this.#states.clear();
    this.#queue.length = 0;
    this.#active = 0;
    this.#probed = false;
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#observed = new WeakSet();
    this.#client = client;
    this.#studyUid = studyUid;
  }

  /** The state of a series' thumbnail, or undefined before it was asked for. */
  state(seriesUid: string): ThumbnailState | undefined {
    return this.#states.get(seriesUid);
  }

  /** Number of object URLs currently held (for tests of cleanup). */
  get urlCount(): number {
    return [...this.#states.values()].filter((s) => s.status === 'ready').length;
  }

  /** Marks a thumbnail failed (the browser could not decode what the server sent). */
  fail(seriesUid: string): void {
    const state = this.#states.get(seriesUid);
    if (state?.status === 'ready') URL.revokeObjectURL(state.url);
    this.#states.set(seriesUid, { status: 'failed' });
    this.#host.requestUpdate();
  }

  /** Watches items (elements with `data-series-uid`); each one's thumbnail loads when it nears the view. */
  observe(items: Iterable<HTMLElement>): void {
    const root = this.#options.root();
    if (this.#observer && root !== this.#root) {
      // The list was rendered anew (after a status): observe within the new one.
      this.#observer.disconnect();
      this.#observer = undefined;
      this.#observed = new WeakSet();
    }
    this.#root = root;
    this.#observer ??= new IntersectionObserver((entries) => this.#onIntersect(entries), { root, rootMargin: '50%' });
    for (const item of items) {
      if (this.#observed.has(item)) continue;
      this.#observed.add(item);
      this.#observer.observe(item);
    }
  }

  #onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      this.#observer?.unobserve(entry.target);
      const uid = (entry.target as HTMLElement).dataset['seriesUid'];
      if (uid && !this.#states.has(uid)) {
        this.#states.set(uid, { status: 'loading' });
        this.#queue.push(uid);
      }
    }
    this.#pump();
    this.#host.requestUpdate();
  }

  #pump(): void {
    const limit = this.#probed ? this.#options.concurrency : 1;
    while (this.#active < limit && this.#queue.length > 0) {
      const uid = this.#queue.shift()!;
      const generation = this.#controller;
      this.#active++;
      void this.#load(uid).finally(() => {
        if (generation !== this.#controller) return; // reset meanwhile: counts started over
        this.#probed = true;
        this.#active--;
        this.#pump();
      });
    }
  }

  async #load(seriesUid: string): Promise<void> {
    const client = this.#client;
    const studyUid = this.#studyUid;
    const { signal } = this.#controller;
    if (!client || !studyUid) return;
    const size = Math.max(16, Math.round(this.#options.size()));
    let made: unknown;
    try {
      let blob: Blob | undefined;
      try {
        // A source without server-made thumbnails (local files) goes straight to the fallback.
        if (!client.retrieveThumbnail) throw new FoveaError('unsupported', 'the source makes no thumbnails');
        blob = await client.retrieveThumbnail(
          { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid },
          { accept: 'image/jpeg', viewport: { width: size, height: size }, signal },
        );
        if (!blob.type.startsWith('image/') || blob.size === 0) throw new Error('thumbnail is not an image');
      } catch (error) {
        if (signal.aborted || isAbortError(error) || !this.#options.fallback) throw error;
        // No server rendering at all: draw the middle image in the page.
        try {
          blob = await this.#options.fallback(client, studyUid, seriesUid, size, signal);
        } catch (failure) {
          made = failure;
          throw failure;
        }
        if (!blob) throw error;
      }
      if (signal.aborted) return;
      this.#states.set(seriesUid, { status: 'ready', url: URL.createObjectURL(blob) });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      if (made !== undefined) {
        // The series' image failed: shown as failed, and reported.
        this.#states.set(seriesUid, { status: 'error', error: made });
        this.#options.failed?.(seriesUid, made);
      } else {
        // A series without pixels (SR, PDF) has no thumbnail: the placeholder stays; no error for the host.
        this.#states.set(seriesUid, { status: 'failed' });
      }
    }
    this.#host.requestUpdate();
  }
}
