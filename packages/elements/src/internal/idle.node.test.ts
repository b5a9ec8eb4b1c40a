// whenIdle: requestIdleCallback with a deadline where the browser has it, and
// a plain timer where it has not (Safari; Node here has none either).
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { whenIdle } from './idle.js';

describe('whenIdle', () => {
  it('without requestIdleCallback, runs after the fallback time, unless cancelled', () => {
    assert.equal(typeof (globalThis as { requestIdleCallback?: unknown }).requestIdleCallback, 'undefined');
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let ran = 0;
      whenIdle(() => ran++, 2000, 250);
      const cancel = whenIdle(() => ran++, 2000, 250);
      mock.timers.tick(249);
      assert.equal(ran, 0, 'not before the fallback time');
      cancel();
      mock.timers.tick(1);
      assert.equal(ran, 1, 'the one not cancelled, at the fallback time');
      mock.timers.tick(5000);
      assert.equal(ran, 1, 'the cancelled one never');
    } finally {
      mock.timers.reset();
    }
  });

  it('with requestIdleCallback, asks for idle time with the deadline, and cancels it', () => {
    const g = globalThis as {
      requestIdleCallback?: (cb: () => void, options: { timeout: number }) => number;
      cancelIdleCallback?: (handle: number) => void;
    };
    const asked: { cb: () => void; timeout: number }[] = [];
    const cancelled: number[] = [];
    g.requestIdleCallback = (cb, options) => asked.push({ cb, timeout: options.timeout });
    g.cancelIdleCallback = (handle) => cancelled.push(handle);
    try {
      let ran = 0;
      const cancel = whenIdle(() => ran++, 2000, 250);
      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.timeout, 2000);
      asked[0]!.cb();
      assert.equal(ran, 1);
      cancel();
      assert.deepEqual(cancelled, [1]);
    } finally {
      delete g.requestIdleCallback;
      delete g.cancelIdleCallback;
    }
  });
});
