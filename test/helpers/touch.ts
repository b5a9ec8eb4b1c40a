// Real touch input from a test page: asks the test runner's fovea-touch command
// (scripts/lib/touch-plugin.mjs) to dispatch it through the DevTools protocol,
// so the browser makes its own TouchEvents with all fingers in `touches`.

/** A finger: page viewport coordinates in CSS pixels and a stable id per finger. */
export interface Finger {
  x: number;
  y: number;
  id: number;
}

interface WtrSocket {
  sendMessageWaitForResponse(message: unknown): Promise<{ executed?: boolean; result?: unknown }>;
}

async function touch(type: 'touchStart' | 'touchMove' | 'touchEnd', points: Finger[] = []): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  if (!sessionId) throw new Error('touch needs a page run by web-test-runner');
  const socket = '/__web-dev-server__web-socket.js';
  const { sendMessageWaitForResponse } = (await import(/* @vite-ignore */ socket)) as WtrSocket;
  const response = await sendMessageWaitForResponse({
    type: 'wtr-command',
    sessionId,
    command: 'fovea-touch',
    payload: { type, points },
  });
  if (!response.executed) throw new Error('fovea-touch: the touch plugin is not in the test runner config');
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
