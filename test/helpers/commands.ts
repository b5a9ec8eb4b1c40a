// Real input through the test runner's commands (Chrome DevTools Protocol),
// not synthetic events: what a person's keyboard and mouse would produce.
// @web/test-runner registers the send-keys and send-mouse plugins by default;
// this talks to them over its web socket without another dependency.

interface Answer {
  executed: boolean;
  result?: unknown;
}

/** Runs a test-runner command (its plugins: send-keys, send-mouse, scripts/lib/cdp-plugin.mjs) for this page. */
export async function command(command: string, payload?: unknown): Promise<void> {
  await commandResult(command, payload);
}

/** {@link command}, returning what the command's plugin answered. */
export async function commandResult(command: string, payload?: unknown): Promise<unknown> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  if (!sessionId) throw new Error(`${command} needs a page run by web-test-runner`);
  const socket = '/__web-dev-server__web-socket.js';
  const { sendMessageWaitForResponse } = (await import(socket)) as {
    sendMessageWaitForResponse: (m: unknown) => Promise<Answer>;
  };
  const answer = await sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command, payload });
  if (!answer.executed) throw new Error(`${command} not available`);
  return answer.result;
}

/** Presses (`press`), types (`type`), holds (`down`) or releases (`up`) keys. */
export function sendKeys(
  payload: { press: string } | { type: string } | { down: string } | { up: string },
): Promise<void> {
  return command('send-keys', payload);
}

/** Moves the mouse to, or clicks / presses / releases a button at, a position in CSS pixels of the page. */
export function sendMouse(
  payload:
    | { type: 'move'; position: [number, number] }
    | { type: 'click'; position: [number, number]; button?: 'left' | 'middle' | 'right' }
    | { type: 'down' | 'up'; button?: 'left' | 'middle' | 'right' },
): Promise<void> {
  return command('send-mouse', payload);
}

/** Resizes the page's viewport; `deviceScaleFactor` 2 emulates a high-DPI screen. */
export function setViewport(payload: { width: number; height: number; deviceScaleFactor?: number }): Promise<void> {
  return command('set-viewport', payload);
}

/**
 * Empties the browser's HTTP cache (scripts/lib/cdp-plugin.mjs): every test
 * file runs in a new page of one browser, so without this a chunk or codec
 * fetched by an earlier file never reaches the server again.
 */
export function clearBrowserCache(): Promise<void> {
  return command('fovea-clear-browser-cache');
}

/** Emulates media features for the page, e.g. `{ colorScheme: 'dark' }` (the test runner's emulate-media command). */
export function emulateMedia(payload: { colorScheme?: 'light' | 'dark' | 'no-preference' }): Promise<void> {
  return command('emulate-media', payload);
}
