/**
 * What a viewport says about its series: idle, loading, ready or failed (and
 * why), how many of its images are loaded, and which image asked to be on
 * screen failed. Each change asks the host to render again; load progress at
 * most once per frame.
 */
import type { MessageId } from '../internal/messages.js';

export type Status = 'idle' | 'loading' | 'ready' | 'error';

/** An image asked to be on screen that failed, and the message explaining it. */
export interface FailedImage {
  index: number;
  messageId: MessageId;
}

/** The parts that change together. */
export interface SeriesChange {
  status?: Status;
  errorId?: MessageId | undefined;
  total?: number;
  loaded?: number;
  failedImage?: FailedImage | undefined;
}

export class SeriesState {
  readonly #changed: () => void;
  #status: Status = 'idle';
  #errorId: MessageId | undefined;
  #total = 0;
  /** Images loaded so far; `loaded` (what is drawn) follows it at most once per frame. */
  #loadedNow = 0;
  #loaded = 0;
  #progressFrame = 0;
  /** The image asked to be on screen that failed; cleared by the next image shown. */
  #failedImage: FailedImage | undefined;

  /** `changed`: the host renders again. */
  constructor(changed: () => void) {
    this.#changed = changed;
  }

  get status(): Status {
    return this.#status;
  }
  /** Why the series cannot be shown (status `error`). */
  get errorId(): MessageId | undefined {
    return this.#errorId;
  }
  /** Images in the stack. */
  get total(): number {
    return this.#total;
  }
  /** Images loaded, as the progress bar draws them (at most once per frame). */
  get loaded(): number {
    return this.#loaded;
  }
  /** Images loaded so far. */
  get loadedNow(): number {
    return this.#loadedNow;
  }
  get failedImage(): FailedImage | undefined {
    return this.#failedImage;
  }

  set(change: SeriesChange): void {
    if (change.status !== undefined) this.#status = change.status;
    if ('errorId' in change) this.#errorId = change.errorId;
    if (change.total !== undefined) this.#total = change.total;
    if (change.loaded !== undefined) this.#loaded = this.#loadedNow = change.loaded;
    if ('failedImage' in change) this.#failedImage = change.failedImage;
    this.#changed();
  }

  /**
   * `loaded` images are in. Rendered at most once per frame: every render also
   * rebuilds the overlay, and a cached stack reports dozens of images a second.
   */
  progress(loaded: number): void {
    this.#loadedNow = loaded;
    if (this.#progressFrame) return;
    this.#progressFrame = requestAnimationFrame(() => {
      this.#progressFrame = 0;
      this.#loaded = this.#loadedNow;
      this.#changed();
    });
  }

  /** The host left the page: no progress is drawn any more. */
  stop(): void {
    cancelAnimationFrame(this.#progressFrame);
    this.#progressFrame = 0;
  }
}
