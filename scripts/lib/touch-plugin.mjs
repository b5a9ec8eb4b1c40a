// A web-test-runner command that sends real touch input through the Chrome
// DevTools protocol (Input.dispatchTouchEvent), so that tests exercise the
// browser's own touch events (several fingers at once) rather than synthetic
// TouchEvent objects. @web/test-runner-commands has mouse and keys, no touch.
//
// Browser side: test/helpers/touch.ts. Payload:
//   { type: 'touchStart' | 'touchMove' | 'touchEnd', points: [{ x, y, id }] }
// with x, y in CSS pixels of the page's viewport; touchEnd lifts every finger.

const TYPES = new Set(['touchStart', 'touchMove', 'touchEnd', 'touchCancel']);

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function touchPlugin() {
  /** One CDP session per page. */
  const sessions = new WeakMap();
  return {
    name: 'fovea-touch',
    async executeCommand({ command, payload, session }) {
      if (command !== 'fovea-touch') return undefined;
      const { type, points = [] } = payload ?? {};
      if (!TYPES.has(type) || !Array.isArray(points))
        throw new Error(`fovea-touch: bad payload ${JSON.stringify(payload)}`);
      if (session.browser.type !== 'puppeteer')
        throw new Error(`fovea-touch: needs Chrome (puppeteer), not ${session.browser.type}`);
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(page);
      if (!cdp) {
        cdp = await page.createCDPSession();
        sessions.set(page, cdp);
      }
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
