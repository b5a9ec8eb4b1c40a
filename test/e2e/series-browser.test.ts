// <fovea-series-browser> against the real Orthanc: the CT study's series with
// server-rendered thumbnails, keyboard selection, the drag payload a viewport
// will accept, progress bars, cleanup of object URLs, and its states.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import { SERIES_DRAG_TYPE } from '@fovea-dicom/elements/fovea-series-browser.js';
import type { FoveaErrorEvent, FoveaSeriesBrowser, FoveaSeriesSelectEvent } from '@fovea-dicom/elements';
import { CT_WATER_DISC } from '@fovea-dicom/demo/sample/phantom.js';
import { findSeries } from '../helpers/corpus.js';
import { sendKeys } from '../helpers/commands.js';
import { recordingClient } from '../helpers/clients.js';
import { afterBrokenImage, until } from '../helpers/wait.js';

function mount(attributes: Record<string, string> = {}, height = 420): FoveaSeriesBrowser {
  const el = document.createElement('fovea-series-browser');
  el.style.height = `${height}px`;
  el.style.width = '140px';
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

const shadow = (el: FoveaSeriesBrowser) => el.shadowRoot!;
const items = (el: FoveaSeriesBrowser) => [...shadow(el).querySelectorAll<HTMLElement>('[role="option"]')];
const part = (item: Element, name: string) => item.querySelector(`[part~="${name}"]`)?.textContent?.trim();
const status = (el: FoveaSeriesBrowser) => shadow(el).querySelector<HTMLElement>('[part="status"]');

const ctSeries = () =>
  findSeries((s) => s.phantom === 'ct' && s.transferSyntaxUid === '1.2.840.10008.1.2.1', 'explicit LE CT');

describe('<fovea-series-browser>', () => {
  afterEach(() => document.querySelectorAll('fovea-series-browser, button.before').forEach((el) => el.remove()));

  it('shows the CT study’s series in number order with thumbnails for those in view', async () => {
    const ct = await ctSeries();
    const { client, paths } = recordingClient();
    const el = mount();
    el.client = client;
    el.studyUid = ct.studyInstanceUid;
    const series = await el.seriesComplete;
    await el.updateComplete;
    expect(series.length).to.be.greaterThan(5);
    const numbers = series.map((s) => s.seriesNumber ?? Infinity);
    expect(numbers).to.deep.equal([...numbers].sort((a, b) => a - b));
    const first = items(el)[0]!;
    expect(series[0]!.seriesInstanceUid).to.equal(ct.seriesInstanceUid);
    expect(part(first, 'modality')).to.equal('CT');
    expect(part(first, 'number')).to.equal(`Series ${ct.seriesNumber}`);
    expect(part(first, 'description')).to.equal('Abdomen 2.0 mm Weichteil');
    expect(part(first, 'count')).to.equal(`${ct.instances} images`);

    await until('the first thumbnail', () => {
      const img = first.querySelector<HTMLImageElement>('img[part="thumbnail"]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(first.querySelector<HTMLImageElement>('img[part="thumbnail"]')!.src).to.match(/^blob:/);
    // Items far below the fold have not been asked for.
    const lastUid = series.at(-1)!.seriesInstanceUid;
    expect(
      paths.some((p) => p.includes(lastUid)),
      'no thumbnail request for an item out of view',
    ).to.equal(false);
    await until('thumbnails of the items in view to settle', () =>
      items(el)
        .slice(0, 3)
        .every((item) => item.querySelector('img[part="thumbnail"]') || item.querySelector('[data-state="failed"]')),
    );
    await expect(el).to.be.accessible();
  });

  it('draws thumbnails in the page when the server renders none, windowed from the header', async () => {
    const ct = await ctSeries();
    // A server without /thumbnail and /rendered (as some cloud services): both answer 404.
    const { client, paths } = recordingClient({ missing: /\/(thumbnail|rendered)$/ });
    const el = mount();
    el.client = client;
    el.studyUid = ct.studyInstanceUid;
    await el.seriesComplete;
    await el.updateComplete;
    const first = items(el)[0]!;
    await until('the first thumbnail', () => {
      const img = first.querySelector<HTMLImageElement>('img[part="thumbnail"]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(paths.some((p) => p.endsWith(`/series/${ct.seriesInstanceUid}/metadata`))).to.equal(true);
    const img = first.querySelector<HTMLImageElement>('img[part="thumbnail"]')!;
    expect([img.naturalWidth, img.naturalHeight]).to.deep.equal([96, 96]);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 96;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const at = (x: number, y: number) =>
      ctx.getImageData(Math.round((x * 96) / 512), Math.round((y * 96) / 512), 1, 1).data[0]!;
    // Water (0 HU) in the header window 40 / 400: (0 - (39.5 - 199.5)) / 399 * 255 = 102.
    expect(at(CT_WATER_DISC.cx, CT_WATER_DISC.cy)).to.be.within(97, 107);
    expect(at(8, 8), 'air').to.be.below(4);
    // The report and the PDF keep their placeholders.
    await until('every thumbnail in view to settle', () =>
      items(el)
        .slice(0, 3)
        .every((item) => item.querySelector('img[part="thumbnail"]') || item.querySelector('[data-state="failed"]')),
    );
  });

  it('keeps placeholders with server-thumbnails-only when the server renders none', async () => {
    const ct = await ctSeries();
    const { client, paths } = recordingClient({ missing: /\/(thumbnail|rendered)$/ });
    const el = mount({ 'server-thumbnails-only': '' });
    el.client = client;
    el.studyUid = ct.studyInstanceUid;
    await el.seriesComplete;
    await until('the placeholder to show the failure', () =>
      Boolean(items(el)[0]!.querySelector('[part="placeholder"][data-state="failed"]')),
    );
    expect(paths.filter((p) => p.endsWith('/metadata'))).to.have.length(0);
  });

  it('moves with arrow keys and selects with Enter, keyboard only', async () => {
    const ct = await ctSeries();
    const before = document.createElement('button');
    before.className = 'before';
    before.textContent = 'before';
    document.body.append(before);
    const el = mount();
    el.client = recordingClient().client;
    el.studyUid = ct.studyInstanceUid;
    const series = await el.seriesComplete;
    await el.updateComplete;
    before.focus();
    await sendKeys({ press: 'Tab' });
    const active = () => shadow(el).activeElement as HTMLElement | null;
    expect(active()?.getAttribute('role')).to.equal('option');
    expect(active()?.dataset['index']).to.equal('0');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(active()?.dataset['index']).to.equal('2');
    const selected = new Promise<FoveaSeriesSelectEvent>((resolve) =>
      el.addEventListener('fovea-series-select', resolve, { once: true }),
    );
    await sendKeys({ press: 'Enter' });
    const event = await selected;
    expect(event.detail.series.seriesInstanceUid).to.equal(series[2]!.seriesInstanceUid);
    await el.updateComplete;
    expect(el.getAttribute('selected-series-uid')).to.equal(series[2]!.seriesInstanceUid);
    expect(active()?.getAttribute('aria-selected')).to.equal('true');
    expect(items(el).filter((i) => i.getAttribute('aria-selected') === 'true')).to.have.length(1);
    await sendKeys({ press: 'End' });
    expect(active()?.dataset['index']).to.equal(String(series.length - 1));
    await sendKeys({ press: 'Home' });
    expect(active()?.dataset['index']).to.equal('0');
    // Only one tab stop in the list.
    expect(items(el).filter((i) => i.tabIndex === 0)).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('follows left and right in a horizontal strip', async () => {
    const ct = await ctSeries();
    const el = mount({ orientation: 'horizontal' }, 180);
    el.style.width = '600px';
    el.client = recordingClient().client;
    el.studyUid = ct.studyInstanceUid;
    await el.seriesComplete;
    await el.updateComplete;
    expect(shadow(el).querySelector('[role="listbox"]')!.getAttribute('aria-orientation')).to.equal('horizontal');
    items(el)[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    expect((shadow(el).activeElement as HTMLElement).dataset['index']).to.equal('1');
    await sendKeys({ press: 'ArrowLeft' });
    expect((shadow(el).activeElement as HTMLElement).dataset['index']).to.equal('0');
    await expect(el).to.be.accessible();
  });

  it('puts the study and series UIDs on a drag', async () => {
    const ct = await ctSeries();
    const el = mount();
    el.client = recordingClient().client;
    el.studyUid = ct.studyInstanceUid;
    await el.seriesComplete;
    await el.updateComplete;
    const item = items(el)[0]!;
    expect(item.getAttribute('draggable')).to.equal('true');
    const dataTransfer = new DataTransfer();
    item.dispatchEvent(new DragEvent('dragstart', { dataTransfer, bubbles: true, composed: true }));
    expect(dataTransfer.types).to.include(SERIES_DRAG_TYPE);
    expect(JSON.parse(dataTransfer.getData(SERIES_DRAG_TYPE))).to.deep.equal({
      studyInstanceUid: ct.studyInstanceUid,
      seriesInstanceUid: ct.seriesInstanceUid,
    });
  });

  it('shows a progress bar per series from the progress map', async () => {
    const ct = await ctSeries();
    const el = mount();
    el.client = recordingClient().client;
    el.studyUid = ct.studyInstanceUid;
    await el.seriesComplete;
    el.progress = new Map([[ct.seriesInstanceUid, 0.4]]);
    await el.updateComplete;
    const first = items(el)[0]!;
    const value = first.querySelector<HTMLElement>('[part="progress-value"]')!;
    expect(value.style.width).to.equal('40%');
    expect(part(first, 'progress-label')).to.equal('40% loaded');
    expect(items(el)[1]!.querySelector('[part="progress"]')).to.equal(null);
    el.progress = { [ct.seriesInstanceUid]: 1 };
    await el.updateComplete;
    expect(first.querySelector('[part="progress"]'), 'no bar once loaded').to.equal(null);
  });

  it('revokes its thumbnail object URLs when it leaves the page', async () => {
    const ct = await ctSeries();
    const created: string[] = [];
    const revoked = new Set<string>();
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      const url = createObjectURL(blob);
      created.push(url);
      return url;
    };
    URL.revokeObjectURL = (url: string) => {
      revoked.add(url);
      revokeObjectURL(url);
    };
    try {
      const el = mount();
      el.client = recordingClient().client;
      el.studyUid = ct.studyInstanceUid;
      await el.seriesComplete;
      await until('a thumbnail', () => created.length > 0);
      el.remove();
      expect(
        created.every((url) => revoked.has(url)),
        'every URL revoked',
      ).to.equal(true);
      let fetched = true;
      try {
        await fetch(created[0]!);
      } catch {
        fetched = false;
      }
      expect(fetched, 'a revoked URL no longer loads').to.equal(false);
    } finally {
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
    }
  });

  it('shows the HTML-payload series description as literal text and runs no script', async () => {
    const xss = await findSeries((s) => s.phantom === 'palette', 'palette (XSS patient)');
    const w = window as unknown as { __foveaXss?: unknown; alert: (m?: unknown) => void };
    delete w.__foveaXss;
    let alerted = false;
    const originalAlert = w.alert;
    w.alert = () => (alerted = true);
    try {
      const el = mount();
      el.client = recordingClient().client;
      el.studyUid = xss.studyInstanceUid;
      await el.seriesComplete;
      await el.updateComplete;
      const item = items(el).find((i) => i.dataset['seriesUid'] === xss.seriesInstanceUid)!;
      expect(part(item, 'description')).to.match(/^<img src=x onerror=alert\(1\)>/);
      await until('the thumbnail to settle', () =>
        Boolean(item.querySelector('img[part="thumbnail"]') || item.querySelector('[data-state="failed"]')),
      );
      const list = shadow(el).querySelector('[role="listbox"]')!;
      expect(list.querySelectorAll('img:not([part="thumbnail"]), script, svg, iframe')).to.have.length(0);
      await afterBrokenImage();
      expect(w.__foveaXss).to.equal(undefined);
      expect(alerted).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      w.alert = originalAlert;
    }
  });

  it('says when no study is selected', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web' });
    await el.updateComplete;
    expect(status(el)?.textContent?.trim()).to.equal('No study selected');
    await expect(el).to.be.accessible();
  });

  it('shows an empty state for a study without series', async () => {
    const el = mount();
    el.client = createDicomWebClient({
      root: 'https://pacs.invalid/dicom-web',
      fetch: async () => new Response('[]', { headers: { 'Content-Type': 'application/dicom+json' } }),
    });
    el.studyUid = '1.2.3';
    await el.seriesComplete;
    await el.updateComplete;
    expect(status(el)?.dataset['kind']).to.equal('empty');
    expect(status(el)?.textContent?.trim()).to.equal('This study has no series.');
    await expect(el).to.be.accessible();
  });

  it('shows an error state with a typed fovea-error and a retry', async () => {
    let answer = 500;
    const el = mount();
    const errored = new Promise<FoveaErrorEvent>((resolve) =>
      el.addEventListener('fovea-error', resolve, { once: true }),
    );
    el.client = createDicomWebClient({
      root: 'https://pacs.invalid/dicom-web',
      retry: { retries: 0 },
      fetch: async (input) => {
        if (answer !== 200) return new Response(null, { status: answer });
        if (String(input).includes('/series?') || String(input).endsWith('/series'))
          return new Response(JSON.stringify([{ '0020000E': { vr: 'UI', Value: ['1.2.3.4'] } }]), {
            headers: { 'Content-Type': 'application/dicom+json' },
          });
        return new Response(null, { status: 404 });
      },
    });
    el.studyUid = '1.2.3';
    await el.updateComplete;
    expect(status(el)?.dataset['kind']).to.equal('loading');
    const event = await errored;
    await el.updateComplete;
    expect(event.detail.code).to.equal('http');
    expect(status(el)?.getAttribute('role')).to.equal('alert');
    expect(status(el)?.textContent).to.contain('The image server answered with an error.');
    await expect(el).to.be.accessible();
    answer = 200;
    const thumbnailError = new Promise<FoveaErrorEvent>((resolve) =>
      el.addEventListener('fovea-error', resolve, { once: true }),
    );
    shadow(el).querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await until('the series after retry', () => items(el).length === 1);
    // A series whose image cannot be fetched (its metadata answers 404) for a thumbnail made in
    // the page: marked as failed, and reported with the series as a field.
    await until('the placeholder to show the failure', () =>
      Boolean(items(el)[0]!.querySelector('[part~="thumbnail-error"][data-state="error"]')),
    );
    const reported = (await thumbnailError).detail;
    expect([reported.code, reported.series?.seriesInstanceUid]).to.deep.equal(['http', '1.2.3.4']);
  });
});
