/**
 * What a viewport says about its series: idle, loading, ready or failed (and
 * why), how many of its images are loaded, and which image asked to be on
 * screen failed. Each change asks the host to render again; load progress at
 * most every PROGRESS_MS.
 */
import type { MessageId } from '../internal/messages.js';

export type Status = 'idle' | 'loading' | 'ready' | 'error';

/** The load progress bar changes at most this often (ms). */
const PROGRESS_MS = 250;

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
  /** Images loaded so far; `loaded` (what is drawn) follows it at most every PROGRESS_MS. */
  #loadedNow = 0;
  #loaded = 0;
  #progressFrame = 0;
  #progressTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the progress bar last changed (performance.now()). */
  #progressShownAt = 0;
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
  /** Images loaded, as the progress bar draws them (at most every PROGRESS_MS). */
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
   * `loaded` images are in. Rendered at most every PROGRESS_MS, in an
   * animation frame, and at once for the last image: every render also
   * rebuilds the overlay, and each change of the bar is a repaint, which on a
   * machine without a GPU competes with the decoding for the CPU
   * (docs/performance.md).
   */
  progress(loaded: number): void {
    this.#loadedNow = loaded;
    const last = loaded >= this.#total;
    if (last && this.#progressTimer !== undefined) {
      clearTimeout(this.#progressTimer);
      this.#progressTimer = undefined;
    }
    if (this.#progressFrame || this.#progressTimer !== undefined) return;
    const show = () => {
      this.#progressTimer = undefined;
      this.#progressFrame = requestAnimationFrame(() => {
        this.#progressFrame = 0;
        this.#progressShownAt = performance.now();
        this.#loaded = this.#loadedNow;
        this.#changed();
      });
    };
    const wait = last ? 0 : this.#progressShownAt + PROGRESS_MS - performance.now();
    if (wait > 0) this.#progressTimer = setTimeout(show, wait);
    else show();
  }

  /** The host left the page: no progress is drawn any more. */
  stop(): void {
    cancelAnimationFrame(this.#progressFrame);
    this.#progressFrame = 0;
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
  }
}
