// The input held between the first image and the tools: a gesture begun on
// the viewport is kept from the page, then replayed in order, with its
// coordinates and buttons, to what listens once the tools are there.
import { expect } from '@open-wc/testing';
import { InputQueue } from './input-queue.js';

interface Seen {
  type: string;
  x: number;
  y: number;
  buttons: number;
  deltaY?: number;
}

function setUp(): { element: HTMLDivElement; inner: HTMLCanvasElement; seen: Seen[]; done: () => void } {
  const element = document.createElement('div');
  const inner = document.createElement('canvas');
  element.append(inner);
  document.body.append(element);
  const seen: Seen[] = [];
  const record = (e: Event) => {
    const m = e as MouseEvent;
    seen.push({
      type: e.type,
      x: m.clientX,
      y: m.clientY,
      buttons: m.buttons,
      ...(e instanceof WheelEvent ? { deltaY: e.deltaY } : {}),
    });
  };
  // Where Cornerstone listens: presses and wheel on the element, moves and releases on the document.
  element.addEventListener('mousedown', record);
  element.addEventListener('wheel', record);
  document.addEventListener('mousemove', record);
  document.addEventListener('mouseup', record);
  return {
    element,
    inner,
    seen,
    done: () => {
      document.removeEventListener('mousemove', record);
      document.removeEventListener('mouseup', record);
      element.remove();
    },
  };
}

const init = { bubbles: true, composed: true, cancelable: true };
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('InputQueue', () => {
  it('holds a drag begun before release and replays it in order', async () => {
    const { element, inner, seen, done } = setUp();
    try {
      const queue = new InputQueue(element);
      inner.dispatchEvent(new MouseEvent('mousedown', { ...init, clientX: 10, clientY: 20, buttons: 1 }));
      document.body.dispatchEvent(new MouseEvent('mousemove', { ...init, clientX: 30, clientY: 40, buttons: 1 }));
      document.body.dispatchEvent(new MouseEvent('mouseup', { ...init, clientX: 30, clientY: 40, buttons: 0 }));
      inner.dispatchEvent(new WheelEvent('wheel', { ...init, clientX: 5, clientY: 5, deltaY: 100 }));
      expect(seen).to.deep.equal([]);
      queue.release();
      const expected: Seen[] = [
        { type: 'mousedown', x: 10, y: 20, buttons: 1 },
        { type: 'mousemove', x: 30, y: 40, buttons: 1 },
        { type: 'mouseup', x: 30, y: 40, buttons: 0 },
        { type: 'wheel', x: 5, y: 5, buttons: 0, deltaY: 100 },
      ];
      const t0 = performance.now();
      while (seen.length < expected.length && performance.now() - t0 < 5000) await settle(10);
      expect(seen).to.deep.equal(expected);
      // Released: input goes straight through.
      inner.dispatchEvent(new MouseEvent('mousedown', { ...init, clientX: 1, clientY: 2, buttons: 1 }));
      expect(seen.at(-1)).to.deep.equal({ type: 'mousedown', x: 1, y: 2, buttons: 1 });
    } finally {
      done();
    }
  });

  it('lets the pointer hover through before a gesture begins, and forgets what it held when dropped', () => {
    const { element, inner, seen, done } = setUp();
    try {
      const queue = new InputQueue(element);
      document.body.dispatchEvent(new MouseEvent('mousemove', { ...init, clientX: 7, clientY: 8 }));
      expect(seen).to.deep.equal([{ type: 'mousemove', x: 7, y: 8, buttons: 0 }]);
      inner.dispatchEvent(new MouseEvent('mousedown', { ...init, clientX: 10, clientY: 20, buttons: 1 }));
      queue.drop();
      // A release after the drop (the tools arriving late) has nothing left to replay: the one held
      // event would have played at once, so no wait is needed to see that it did not.
      queue.release();
      expect(seen).to.have.length(1);
      inner.dispatchEvent(new MouseEvent('mousedown', { ...init, clientX: 3, clientY: 4, buttons: 1 }));
      expect(seen.at(-1)).to.deep.equal({ type: 'mousedown', x: 3, y: 4, buttons: 1 });
    } finally {
      done();
    }
  });

  it('tells once of a person coming: the pointer over the viewport, focus, or a gesture begun', () => {
    for (const first of ['pointerover', 'focusin', 'mousedown'] as const) {
      const { element, inner, done } = setUp();
      try {
        let told = 0;
        const queue = new InputQueue(element, () => told++);
        // A move elsewhere on the page is not the viewport.
        document.body.dispatchEvent(new MouseEvent('mousemove', { ...init, clientX: 7, clientY: 8 }));
        expect(told, 'before').to.equal(0);
        const event =
          first === 'pointerover'
            ? new PointerEvent('pointerover', init)
            : first === 'focusin'
              ? new FocusEvent('focusin', init)
              : new MouseEvent('mousedown', { ...init, buttons: 1 });
        inner.dispatchEvent(event);
        expect(told, `after ${first}`).to.equal(1);
        inner.dispatchEvent(new PointerEvent('pointerover', init));
        inner.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1 }));
        expect(told, `once, after ${first}`).to.equal(1);
        queue.drop();
      } finally {
        done();
      }
    }
  });

  it('tells nothing once released or dropped', () => {
    for (const end of ['release', 'drop'] as const) {
      const { element, inner, done } = setUp();
      try {
        let told = 0;
        const queue = new InputQueue(element, () => told++);
        queue[end]();
        inner.dispatchEvent(new PointerEvent('pointerover', init));
        inner.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1 }));
        expect(told, end).to.equal(0);
      } finally {
        done();
      }
    }
  });
});
