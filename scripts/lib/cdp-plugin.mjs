// web-test-runner commands that reach the browser through the Chrome DevTools
// protocol, for what @web/test-runner-commands (mouse and keys) does not do.
// Browser side: test/helpers/commands.ts and test/helpers/touch.ts.
//
// fovea-touch: real touch input (Input.dispatchTouchEvent), so that tests
//   exercise the browser's own touch events (several fingers at once) rather
//   than synthetic TouchEvent objects. Payload:
//     { type: 'touchStart' | 'touchMove' | 'touchEnd', points: [{ x, y, id }] }
//   with x, y in CSS pixels of the page's viewport; touchEnd lifts every finger.
// fovea-clear-browser-cache: empties the browser's HTTP cache
//   (Network.clearBrowserCache), so that a test can see what a page downloads
//   when (every test file runs in a new page of the same browser, whose cache
//   would otherwise serve chunks and codecs another file fetched first).
// fovea-console: what the browser itself printed for the page and its
//   workers (puppeteer's console events, which include Blink's own messages
//   such as WebGL errors, and uncaught page errors). Payload { take: true }
//   returns the messages since the last take and clears them; the first call
//   starts recording. Browser side: test/helpers/watch.ts.

const TOUCH_TYPES = new Set(['touchStart', 'touchMove', 'touchEnd', 'touchCancel']);

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function cdpPlugin() {
  /** One CDP session per page. */
  const sessions = new WeakMap();
  /** Console messages per page, since the last take. */
  const consoles = new WeakMap();
  function recordConsole(page) {
    let record = consoles.get(page);
    if (record) return record;
    record = [];
    consoles.set(page, record);
    const push = (entry) => {
      record.push(entry);
      if (record.length > 2000) record.splice(0, record.length - 2000);
    };
    page.on('console', (message) =>
      push({ type: message.type(), text: message.text(), url: message.location()?.url ?? '' }),
    );
    page.on('pageerror', (error) =>
      push({
        type: 'pageerror',
        text: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        url: '',
      }),
    );
    page.on('workercreated', (worker) =>
      worker.on?.('console', (message) => push({ type: message.type(), text: message.text(), url: worker.url() })),
    );
    return record;
  }
  async function cdpOf(session, command) {
    if (session.browser.type !== 'puppeteer')
      throw new Error(`${command}: needs Chrome (puppeteer), not ${session.browser.type}`);
    const page = session.browser.getPage(session.id);
    let cdp = sessions.get(page);
    if (!cdp) {
      cdp = await page.createCDPSession();
      sessions.set(page, cdp);
    }
    return cdp;
  }
  return {
    name: 'fovea-cdp',
    async executeCommand({ command, payload, session }) {
      if (command === 'fovea-clear-browser-cache') {
        const cdp = await cdpOf(session, command);
        await cdp.send('Network.clearBrowserCache');
        return true;
      }
      if (command === 'fovea-console') {
        if (session.browser.type !== 'puppeteer') throw new Error(`${command}: needs Chrome (puppeteer)`);
        const record = recordConsole(session.browser.getPage(session.id));
        return payload?.take ? record.splice(0, record.length) : [];
      }
      if (command !== 'fovea-touch') return undefined;
      const { type, points = [] } = payload ?? {};
      if (!TOUCH_TYPES.has(type) || !Array.isArray(points))
        throw new Error(`fovea-touch: bad payload ${JSON.stringify(payload)}`);
      const cdp = await cdpOf(session, command);
      await cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints:
          type === 'touchEnd' || type === 'touchCancel'
            ? []
            : points.map((p) => ({ x: p.x, y: p.y, id: p.id, radiusX: 4, radiusY: 4, force: 1 })),
      });
      return true;
    },
  };
}
