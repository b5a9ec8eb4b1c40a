// Hostile strings in every element that shows DICOM text: the study list, the
// series browser and the viewport's overlay. Payloads must appear as text,
// never as markup: no element, attribute or script of theirs may reach the
// page; nothing may hang; no identifier of these studies may reach the
// console or a fovea-error message.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { FoveaSeriesBrowser, FoveaStudyList, FoveaViewport } from '@fovea-dicom/elements';
import { clearFaults, setFaults, type FaultRule } from '../helpers/faults.js';
import { CANARY, hostileStudies } from '../helpers/hostile-objects.js';
import { explain, loadOutcome } from '../helpers/outcome.js';
import { mountViewport } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';
import { PageWatch } from '../helpers/watch.js';

const client = createDicomWebClient({ root: '/dicom-web', quirks: { noPercentDecoding: true } });
const studies = hostileStudies();
let watch: PageWatch;
const identifiers = studies.flatMap((s) => s.identifiers);

/** Every element and shadow root under `root`, depth first. */
function* deep(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** What a payload would have put into the page: scripts, frames, event-handler attributes, javascript: URLs. */
function injected(): string[] {
  const found: string[] = [];
  const fovea = [...document.querySelectorAll('*')].filter((el) => el.tagName.toLowerCase().startsWith('fovea-'));
  for (const el of fovea.flatMap((f) => [f, ...deep(f), ...(f.shadowRoot ? deep(f.shadowRoot) : [])])) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'frame'].includes(tag))
      found.push(`<${tag}> inside ${fovea[0]?.tagName}`);
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (/^\s*javascript:/i.test(attr.value)) found.push(`${tag}[${attr.name}=javascript:…]`);
    }
  }
  return found;
}

/** The text of an element and of every shadow root inside it. */
function text(root: Element): string {
  const roots: (Element | ShadowRoot)[] = [root, ...(root.shadowRoot ? [root.shadowRoot] : [])];
  for (const el of deep(root.shadowRoot ?? root)) if (el.shadowRoot) roots.push(el.shadowRoot);
  return roots.map((r) => r.textContent ?? '').join('\n');
}

/** One rule taking every rewrite of `rules` (the proxy applies the first matching rule to a request). */
function combined(rules: readonly FaultRule[]): FaultRule[] {
  if (rules.length === 0) return [];
  return [
    {
      path: rules.map((r) => r.path).join('|'),
      method: 'GET',
      accept: 'json',
      rewrite: {
        jsonSet: rules.flatMap((r) => r.rewrite?.jsonSet ?? []),
        replace: rules.flatMap((r) => r.rewrite?.replace ?? []),
      },
    },
  ];
}

/** Every problem at once: injection, pollution, and what the page did besides. */
async function verdict(problems: string[]): Promise<void> {
  const canary = (window as unknown as Record<string, unknown>)[CANARY];
  if (canary !== undefined) problems.push(`an injected script ran (${CANARY} = ${String(canary)})`);
  problems.push(...injected().map((i) => `injected markup: ${i}`));
  if ((Object.prototype as Record<string, unknown>).polluted !== undefined) problems.push('Object.prototype polluted');
  try {
    await watch.expectClean({ identifiers });
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

async function removeStudies(): Promise<void> {
  for (const s of studies) {
    const found = await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: s.studyUid });
    if (!found.ok) continue;
    for (const { Type, ID } of (await found.json()) as { Type: string; ID: string }[])
      if (Type === 'Study') await fetch(`/__fovea/orthanc/studies/${ID}`, { method: 'DELETE' });
  }
}

describe('robustness: hostile strings in every element', () => {
  before(async function () {
    this.timeout(60_000);
    watch = await PageWatch.start();
    await removeStudies();
    const refused: string[] = [];
    for (const s of studies) {
      const result = await client.storeInstances([s.file]).catch((e: unknown) => e as Error);
      if (result instanceof Error || result.failed.length) refused.push(s.key);
    }
    expect(refused, 'hostile studies Orthanc refused').to.deep.equal([]);
  });
  beforeEach(async () => {
    await clearFaults();
    await watch.reset();
  });
  afterEach(async () => {
    document.querySelectorAll('fovea-study-list, fovea-series-browser, fovea-viewport').forEach((el) => el.remove());
    await clearFaults();
  });
  after(async () => {
    await removeStudies();
    watch.stop();
  });

  it('the study list shows every hostile study as text, rows at their height', async () => {
    await setFaults(combined(studies.flatMap((s) => s.rules)));
    const el = document.createElement('fovea-study-list') as FoveaStudyList;
    el.style.height = '900px';
    el.style.width = '1200px';
    el.client = client;
    document.body.append(el);
    const problems: string[] = [];
    const named = studies.filter((s) => s.nameShown);
    const missing = () => named.filter((s) => !text(el).includes(s.nameShown!)).map((s) => s.key);
    await until('every hostile study listed', () => missing().length === 0, 20_000).catch(() =>
      problems.push(`the study list does not show these names as text: ${missing().join(', ')}`),
    );
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="row"]')].filter((r) =>
      r.closest('[part~="body"]'),
    );
    for (const row of rows) {
      const h = row.getBoundingClientRect().height;
      if (Math.abs(h - el.rowHeight) > 1) problems.push(`a row is ${h} px high, not ${el.rowHeight}`);
    }
    if (el.getBoundingClientRect().width > 1201) problems.push('the list grew wider than its box');
    await verdict(problems);
  });

  for (const s of studies) {
    it(`${s.key}: the series browser and the viewport overlay show it as text`, async () => {
      await setFaults(s.rules);
      const problems: string[] = [];
      const browser = document.createElement('fovea-series-browser') as FoveaSeriesBrowser;
      browser.style.height = '400px';
      browser.style.width = '160px';
      browser.client = client;
      browser.studyUid = s.studyUid;
      document.body.append(browser);
      const series = await Promise.race([
        browser.seriesComplete,
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000)),
      ]);
      if (!series) problems.push('the series browser did not finish within 15 s');
      else if (series.length !== 1) problems.push(`the series browser lists ${series.length} series`);
      await browser.updateComplete;
      if (s.seriesShown && !text(browser).includes(s.seriesShown))
        problems.push(`the series browser does not show ${JSON.stringify(s.seriesShown.slice(0, 30))} as text`);
      if (browser.getBoundingClientRect().width > 161) problems.push('the series browser grew wider than its box');

      const viewport: FoveaViewport = mountViewport(256);
      const pending = loadOutcome(viewport);
      viewport.client = client;
      viewport.studyUid = s.studyUid;
      viewport.seriesUid = s.seriesUid;
      const outcome = await pending;
      if (outcome.kind !== 'image') problems.push(`the viewport did not show the image: ${explain(outcome)}`);
      await viewport.updateComplete;
      const overlay = text(viewport.shadowRoot!.querySelector('[part="overlay"]') ?? viewport);
      if (s.nameShown && !overlay.includes(s.nameShown))
        problems.push(`the overlay does not show ${JSON.stringify(s.nameShown.slice(0, 30))} as text`);
      const box = viewport.getBoundingClientRect();
      if (box.width > 257 || box.height > 257) problems.push(`the viewport grew to ${box.width} x ${box.height}`);
      await verdict(problems);
    });
  }
});
