/**
 * Input that reaches a viewport before its tools are attached. The first
 * image is reported as soon as it is drawn, and Cornerstone's tools (a chunk
 * of their own) attach afterwards: a gesture begun in between (a press, a
 * touch, a wheel turn on the viewport, and the moves and releases that follow
 * it anywhere on the page) is held back from the page and replayed to the
 * tools once they listen, with its timing kept (Cornerstone throttles some
 * drag handlers), so that it does what it would have done a moment later.
 * The first sign of a person (the pointer over the viewport, focus in it, a
 * gesture begun) is told, so that the tools can be made ready for them.
 */

/** Events that begin a gesture on the viewport. */
const STARTS = ['mousedown', 'wheel', 'touchstart', 'dblclick', 'contextmenu'] as const;
/** Events that tell a person is coming to the viewport (not held). */
const COMING = ['pointerover', 'focusin'] as const;
/** Events that continue it, wherever on the page they land. */
const FOLLOWS = ['mousemove', 'mouseup', 'touchmove', 'touchend', 'touchcancel'] as const;

interface Held {
  readonly event: Event;
  readonly target: EventTarget;
  readonly at: number;
}

/** A copy of `event` to dispatch again (an event is dispatched once). */
function copyOf(event: Event): Event {
  const base = { bubbles: event.bubbles, cancelable: event.cancelable, composed: event.composed };
  if (typeof TouchEvent !== 'undefined' && event instanceof TouchEvent) {
    return new TouchEvent(event.type, {
      ...base,
      touches: [...event.touches],
      targetTouches: [...event.targetTouches],
      changedTouches: [...event.changedTouches],
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      shiftKey: event.shiftKey,
      view: event.view,
    });
  }
  if (event instanceof MouseEvent) {
    const mouse: MouseEventInit = {
      ...base,
      button: event.button,
      buttons: event.buttons,
      clientX: event.clientX,
      clientY: event.clientY,
      screenX: event.screenX,
      screenY: event.screenY,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      shiftKey: event.shiftKey,
      detail: event.detail,
      view: event.view,
      relatedTarget: event.relatedTarget,
    };
    if (event instanceof WheelEvent) {
      return new WheelEvent(event.type, {
        ...mouse,
        deltaX: event.deltaX,
        deltaY: event.deltaY,
        deltaZ: event.deltaZ,
        deltaMode: event.deltaMode,
      });
    }
    return new MouseEvent(event.type, mouse);
  }
  return new Event(event.type, base);
}

export class InputQueue {
  readonly #element: HTMLElement;
  readonly #held: Held[] = [];
  /** A gesture began on the viewport: what follows it on the page is held too. */
  #open = false;
  #holding = true;
  #replaying = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #coming: (() => void) | undefined;

  /**
   * Holds the input of `element` from now until {@link release} or {@link drop}.
   * `coming` is called once, at the first sign of a person: the pointer over
   * `element`, focus in it, or a gesture begun on it.
   */
  constructor(element: HTMLElement, coming?: () => void) {
    this.#element = element;
    this.#coming = coming;
    for (const type of STARTS) element.addEventListener(type, this.#onStart, { capture: true });
    for (const type of FOLLOWS) window.addEventListener(type, this.#onFollow, { capture: true });
    for (const type of COMING) element.addEventListener(type, this.#onComing, { capture: true });
  }

  #onComing = (): void => {
    const coming = this.#coming;
    this.#forgetComing();
    coming?.();
  };

  #forgetComing(): void {
    this.#coming = undefined;
    for (const type of COMING) this.#element.removeEventListener(type, this.#onComing, { capture: true });
  }

  #hold(event: Event): void {
    this.#held.push({ event: copyOf(event), target: event.composedPath()[0] ?? this.#element, at: event.timeStamp });
    event.stopImmediatePropagation();
    if (event.cancelable && event.type !== 'touchmove' && event.type !== 'touchstart') event.preventDefault();
  }

  #onStart = (event: Event): void => {
    if (!this.#holding && !this.#replaying) return;
    if (!event.isTrusted && this.#replaying && this.#isReplayed(event)) return;
    this.#open = true;
    this.#hold(event);
    this.#onComing();
  };

  #onFollow = (event: Event): void => {
    if (!this.#open || (!this.#holding && !this.#replaying)) return;
    if (!event.isTrusted && this.#replaying && this.#isReplayed(event)) return;
    this.#hold(event);
  };

  #current: Event | undefined;
  #isReplayed(event: Event): boolean {
    return event === this.#current;
  }

  /** The tools listen now: replays what was held, in order and with its timing, then lets input through. */
  release(): void {
    if (!this.#holding) return;
    this.#holding = false;
    this.#replaying = true;
    this.#next(undefined);
  }

  #next(previousAt: number | undefined): void {
    const item = this.#held.shift();
    if (!item) {
      this.#replaying = false;
      this.#stop();
      return;
    }
    const wait = previousAt === undefined ? 0 : Math.max(0, item.at - previousAt);
    const play = (): void => {
      this.#timer = undefined;
      this.#current = item.event;
      try {
        item.target.dispatchEvent(item.event);
      } finally {
        this.#current = undefined;
      }
      this.#next(item.at);
    };
    if (wait === 0) play();
    else this.#timer = setTimeout(play, wait);
  }

  /** Stops holding and forgets what was held (the tools did not load, or the viewport went away). */
  drop(): void {
    this.#holding = false;
    this.#replaying = false;
    this.#held.length = 0;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#stop();
  }

  #stop(): void {
    this.#forgetComing();
    for (const type of STARTS) this.#element.removeEventListener(type, this.#onStart, { capture: true });
    for (const type of FOLLOWS) window.removeEventListener(type, this.#onFollow, { capture: true });
  }
}
