import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Plays a stack as cine: advances the image index at a frame rate, driven by
 * requestAnimationFrame so it never outruns the display, looping at the end.
 * Stops when the host disconnects.
 */
export class CineController implements ReactiveController {
  readonly #setIndex: (index: number) => void;
  #frame = 0;
  #playing = false;

  constructor(host: ReactiveControllerHost, setIndex: (index: number) => void) {
    this.#setIndex = setIndex;
    host.addController(this);
  }

  get playing(): boolean {
    return this.#playing;
  }

  start(fps: number, current: () => number, total: number): void {
    this.stop();
    if (total < 2 || !(fps > 0)) return;
    this.#playing = true;
    const interval = 1000 / fps;
    let last = performance.now();
    const tick = (now: number) => {
      if (!this.#playing) return;
      if (now - last >= interval) {
        // Skip frames rather than drift when the page is slow.
        const steps = Math.floor((now - last) / interval);
        last += steps * interval;
        this.#setIndex((current() + steps) % total);
      }
      this.#frame = requestAnimationFrame(tick);
    };
    this.#frame = requestAnimationFrame(tick);
  }

  stop(): void {
    this.#playing = false;
    cancelAnimationFrame(this.#frame);
  }

  hostDisconnected(): void {
    this.stop();
  }
}
