// Development aid: opens a URL in headless Chromium (as the tests launch it),
// prints console messages, page errors and failed requests, optionally
// evaluates an expression, and saves a screenshot.
//   node scripts/dev/screenshot.mjs URL [out.png] [waitMs] [webgl|no-webgl] [expression]
import puppeteer from 'puppeteer-core';
import { chromiumArgs, findChromium } from '../lib/chromium.mjs';

const [url, out = '/tmp/shot.png', waitMs = '8000', mode = 'webgl', expression] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: chromiumArgs(mode) });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  page.on('console', (m) => console.log(`console.${m.type()}`, m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on('requestfailed', (r) => console.log('requestfailed', r.url(), r.failure()?.errorText));
  page.on('response', (r) => r.status() >= 400 && console.log('HTTP', r.status(), r.url()));
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, Number(waitMs)));
  if (expression) console.log('eval:', JSON.stringify(await page.evaluate(expression), null, 1));
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
