// Real touch input from a test page: asks the test runner's fovea-touch command
// (scripts/lib/cdp-plugin.mjs) to dispatch it through the DevTools protocol,
// so the browser makes its own TouchEvents with all fingers in `touches`.
import { command } from './commands.js';

/** A finger: page viewport coordinates in CSS pixels and a stable id per finger. */
export interface Finger {
  x: number;
  y: number;
  id: number;
}

function touch(type: 'touchStart' | 'touchMove' | 'touchEnd', points: Finger[] = []): Promise<void> {
  return command('fovea-touch', { type, points });
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const lerp = (a: Finger, b: Finger, t: number): Finger => ({
  id: a.id,
  x: a.x + (b.x - a.x) * t,
  y: a.y + (b.y - a.y) * t,
});

/**
 * Puts the fingers down at `from`, moves them together in `steps` to `to`
 * (same order and ids), and lifts them: a drag with one finger, a pinch or a
 * spread with two.
 */
export async function touchGesture(from: Finger[], to: Finger[], steps = 10): Promise<void> {
  await touch('touchStart', from);
  await nextFrame();
  for (let i = 1; i <= steps; i++) {
    await touch(
      'touchMove',
      from.map((f, k) => lerp(f, to[k]!, i / steps)),
    );
    await nextFrame();
  }
  // Cornerstone throttles some drag handlers: rest on the end point before lifting.
  await new Promise((r) => setTimeout(r, 60));
  await touch('touchMove', to);
  await new Promise((r) => setTimeout(r, 60));
  await touch('touchEnd');
  await nextFrame();
}
