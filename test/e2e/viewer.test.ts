// <fovea-viewer> against the real Orthanc: Basic Image Review's default view,
// thumbnails to viewports (click and drop), accession-number lookup, layouts
// with synchronised scroll, window and pan / zoom, configuration through
// context, themes, full screen, the HTML-payload study, and axe.
import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '../helpers/commands.js';
import '@fovea-dicom/elements';
import type {
  FoveaErrorEvent,
  FoveaLayoutChangeEvent,
  FoveaSeriesBrowser,
  FoveaToolbar,
  FoveaViewer,
  FoveaViewport,
} from '@fovea-dicom/elements';
import { SERIES_DRAG_TYPE } from '@fovea-dicom/elements/fovea-series-browser.js';
import { corpus, findSeries } from '../helpers/corpus.js';
import { recordingClient } from '../helpers/clients.js';
import { afterBrokenImage, until } from '../helpers/wait.js';
import { frames } from '../helpers/viewport.js';

function mount(attributes: Record<string, string> = {}): FoveaViewer {
  const el = document.createElement('fovea-viewer');
  el.style.width = '780px';
  el.style.height = '580px';
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

const shadow = (el: Element): ShadowRoot => el.shadowRoot!;
const browserOf = (el: FoveaViewer): FoveaSeriesBrowser => shadow(el).querySelector('fovea-series-browser')!;
const toolbarOf = (el: FoveaViewer): FoveaToolbar => shadow(el).querySelector('fovea-toolbar')!;
const button = (el: FoveaViewer, selector: string): HTMLButtonElement => shadow(el).querySelector(selector)!;

/** Waits until every viewport of the layout shows an image. */
async function shown(el: FoveaViewer, count: number): Promise<FoveaViewport[]> {
  await until(`${count} viewports with images`, () => {
    const vps = el.viewports;
    return (
      vps.length === count &&
      vps.every((v) => v.canvas && v.imageIndex >= 0 && v.getAttribute('aria-label')?.startsWith('Image'))
    );
  });
  return el.viewports;
}

/** The centre of an element in viewport coordinates, for real mouse input. */
function centre(node: Element): [number, number] {
  const r = node.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

/** Position of the image on screen along the stack's normal (mm). */
function depth(vp: FoveaViewport): number {
  const plane = vp.imagePlane()!;
  const [p, n] = [plane.position, plane.normal];
  return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
}

/** The series a viewer fills viewports with: every one but the SR and PDF extras. */
const imageSeries = (el: FoveaViewer) => el.studySeries.filter((s) => !['SR', 'DOC'].includes(s.modality ?? ''));

/** The index of the image of `vp` nearest to `d` along the normal. */
function nearestTo(vp: FoveaViewport, d: number): number {
  let best = 0;
  for (let i = 0; i < vp.imageCount; i++) {
    const plane = vp.imagePlane(i)!;
    const di = plane.position.reduce((sum, p, k) => sum + p * plane.normal[k]!, 0);
    const db = vp.imagePlane(best)!.position.reduce((sum, p, k) => sum + p * plane.normal[k]!, 0);
    if (Math.abs(di - d) < Math.abs(db - d)) best = i;
  }
  return best;
}

const ctStudy = async () => (await findSeries((s) => s.seriesKey === 'ct', 'CT series')).studyInstanceUid;

describe('<fovea-viewer>', () => {
  afterEach(async () => {
    if (document.fullscreenElement) await document.exitFullscreen();
    document.querySelectorAll('fovea-viewer').forEach((el) => el.remove());
  });

  it('opens a study in Basic Image Review’s default view', async () => {
    const studyUid = await ctStudy();
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': studyUid });
    const [vp] = await shown(el, 1);
    const series = imageSeries(el);
    const expected = (await corpus()).series.filter((s) => s.studyInstanceUid === studyUid);
    expect(series.map((s) => s.seriesInstanceUid)).to.have.members(expected.map((s) => s.seriesInstanceUid));
    expect(el.studySeries.length, 'and the report and PDF').to.equal(series.length + 2);
    // The first series in display order, its middle slice (cross-sectional), fitted, overlays on.
    expect(vp!.seriesUid).to.equal(series[0]!.seriesInstanceUid);
    expect(vp!.imageIndex).to.equal(Math.floor((vp!.imageCount - 1) / 2));
    // Fitted: zoom 1 in both modes (measured from the camera, not Cornerstone's CPU zoom).
    expect(vp!.currentPresentation?.zoom).to.be.closeTo(1, 1e-3);
    expect(shadow(vp!).querySelectorAll('[part~="corner"]').length).to.be.greaterThan(0);
    // The scroll tool is active, and the toolbar says so.
    expect(vp!.activeTools.primary).to.equal('stackScroll');
    const toolbar = toolbarOf(el);
    await until('toolbar bound', () => toolbar.viewport === vp);
    const scroll = shadow(toolbar).querySelector('[data-item="stackScroll"]');
    expect(scroll?.getAttribute('aria-pressed')).to.equal('true');
    // The thumbnail of the shown series is selected.
    expect(browserOf(el).selectedSeriesUid).to.equal(series[0]!.seriesInstanceUid);
    await expect(el).to.be.accessible();
  });

  it('lays out whatever display the host gives it: the viewports keep their size and pixels', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy(), layout: '1x2' });
    await shown(el, 2);
    const size = (node: Element) => node.getBoundingClientRect();
    const sized = (what: string) => {
      const browser = size(browserOf(el));
      for (const vp of el.viewports) {
        const box = size(vp);
        expect(box.width, `${what}: viewport width`).to.be.greaterThan(200);
        expect(box.height, `${what}: viewport height`).to.be.greaterThan(150);
        expect(box.left, `${what}: beside the thumbnails`).to.be.at.least(browser.right - 1);
        expect(vp.canvas?.width, `${what}: canvas`).to.be.greaterThan(0);
      }
      expect(browser.height, `${what}: thumbnails`).to.be.greaterThan(150);
    };
    sized('default');
    // The habit of the viewport guide, and what a page's layout may impose.
    for (const display of ['block', 'inline-block', 'flex', 'grid', 'inline', 'contents']) {
      el.style.display = display;
      await frames(2);
      sized(display);
    }
  });

  it('shows a chosen thumbnail in the active viewport, and a dropped one where it is dropped', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy(), layout: '1x2' });
    const [, second] = await shown(el, 2);
    const series = el.studySeries;
    const images = imageSeries(el);
    expect(second!.seriesUid).to.equal(images[1]!.seriesInstanceUid);
    // Click the first viewport (real input): it becomes active; then click the 4th thumbnail.
    await sendMouse({ type: 'click', position: centre(el.viewports[0]!) });
    expect(el.activeViewport).to.equal(el.viewports[0]);
    const browser = browserOf(el);
    const fourth = shadow(browser).querySelector<HTMLElement>('[data-index="3"]')!;
    fourth.scrollIntoView({ block: 'nearest' });
    await sendMouse({ type: 'click', position: centre(fourth) });
    await until('4th series in viewport 1', () => el.viewports[0]!.seriesUid === series[3]!.seriesInstanceUid);
    await shown(el, 2);
    expect(browser.selectedSeriesUid).to.equal(series[3]!.seriesInstanceUid);
    // Drag the 5th thumbnail onto the second viewport.
    const fifth = shadow(browser).querySelector<HTMLElement>('[data-index="4"]')!;
    const data = new DataTransfer();
    fifth.dispatchEvent(new DragEvent('dragstart', { dataTransfer: data, bubbles: true, composed: true }));
    expect(data.types).to.include(SERIES_DRAG_TYPE);
    const cell = shadow(el).querySelector('[part~="cell"][data-index="1"]')!;
    const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true });
    cell.dispatchEvent(over);
    expect(over.defaultPrevented, 'the cell accepts the series').to.equal(true);
    cell.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await until('5th series in viewport 2', () => el.viewports[1]!.seriesUid === series[4]!.seriesInstanceUid);
    expect(el.activeViewport).to.equal(el.viewports[1]);
    await shown(el, 2);
  });

  it('makes a viewport active from the API, and the toolbar and thumbnails follow it', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy(), layout: '1x2' });
    const vps = await shown(el, 2);
    const toolbar = toolbarOf(el);
    expect(el.activeViewport).to.equal(vps[0]);
    el.activate(1);
    await el.updateComplete;
    expect(el.activeViewport).to.equal(vps[1]);
    await until('toolbar bound to the second viewport', () => toolbar.viewport === vps[1]);
    const cells = shadow(el).querySelectorAll('[part~="cell"]');
    expect(cells[1]!.getAttribute('part')).to.include('active');
    expect(cells[0]!.getAttribute('part')).to.not.include('active');
    // Out of range: nothing changes.
    el.activate(2);
    el.activate(-1);
    await el.updateComplete;
    expect(el.activeViewport).to.equal(vps[1]);
    // A chosen thumbnail goes to the viewport made active.
    const third = el.studySeries[2]!.seriesInstanceUid;
    el.showSeries(third);
    await until('3rd series in viewport 2', () => el.viewports[1]!.seriesUid === third);
    expect(el.viewports[0]!.seriesUid, 'the first viewport keeps its series').to.equal(
      imageSeries(el)[0]!.seriesInstanceUid,
    );
  });

  it('finds the study by accession number, and says when none matches', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'accession-number': 'ACC-1001' });
    await shown(el, 1);
    expect(el.shownStudyUid).to.equal(await ctStudy());
    el.remove();
    const missing = mount({ 'dicomweb-root': '/dicom-web', 'accession-number': 'NO-SUCH-ACC' });
    const error = await new Promise<FoveaErrorEvent>((resolve) =>
      missing.addEventListener('fovea-error', resolve, { once: true }),
    );
    expect(error.detail.code).to.equal('not-found');
    expect(error.detail.message).not.to.include('NO-SUCH-ACC');
    await missing.updateComplete;
    const status = shadow(missing).querySelector('[part="status"]')!;
    expect(status.getAttribute('role')).to.equal('alert');
    expect(status.textContent!.trim()).to.equal('No study has this accession number.');
    expect(missing.viewports).to.have.length(0);
  });

  it('keeps slice positions aligned in a 2x2 layout with synchronised scroll', async () => {
    // Two 120-slice CT series and two 3-slice ones (slices from the middle), one frame of reference.
    const ct = (syntax: string) => findSeries((s) => s.phantom === 'ct' && s.syntax === syntax, `${syntax} CT`);
    const series = await Promise.all(['explicit-le', 'jpegls-lossless', 'rle', 'j2k-lossless'].map(ct));
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': series[0]!.studyInstanceUid, layout: '2x2' });
    await shown(el, 4);
    series.forEach((s, i) => el.showSeries(s.seriesInstanceUid, i));
    await until('chosen series shown', () =>
      el.viewports.every((v, i) => v.seriesUid === series[i]!.seriesInstanceUid),
    );
    const vps = await shown(el, 4);
    expect(vps.map((v) => v.imageCount)).to.deep.equal([120, 120, 3, 3]);
    const sync = button(el, '[data-sync="scroll"]');
    expect(sync.getAttribute('aria-pressed')).to.equal('false');
    await sendMouse({ type: 'click', position: centre(sync) });
    await el.updateComplete;
    expect(sync.getAttribute('aria-pressed')).to.equal('true');
    expect(el.sync).to.deep.equal(['scroll']);
    // A person works in the first viewport: click it, then scroll with real key presses.
    await sendMouse({ type: 'click', position: centre(vps[0]!) });
    await sendKeys({ press: 'Home' });
    await until('leader at the first slice', () => vps[0]!.imageIndex === 0);
    await until('second 120-slice series at its first slice', () => vps[1]!.imageIndex === 0);
    // The short series show their slice nearest to the leader's.
    for (const vp of vps.slice(2)) expect(vp.imageIndex).to.equal(nearestTo(vp, depth(vps[0]!)));
    // Into the short series' range: everyone at the same position.
    await sendKeys({ press: 'End' });
    await until('leader at the end', () => vps[0]!.imageIndex === 119);
    const middle = vps[2]!.imagePlane(1)!;
    const target = vps[0]!.nearestImageIndex(middle)!;
    for (let i = 119; i > target; i--) await sendKeys({ press: 'ArrowUp' });
    await until('leader in the middle', () => vps[0]!.imageIndex === target);
    await until('all at the leader’s slice', () => vps.every((v) => Math.abs(depth(v) - depth(vps[0]!)) < 1e-3));
    // Off: the others stay where they are.
    await sendMouse({ type: 'click', position: centre(sync) });
    await sendMouse({ type: 'click', position: centre(vps[0]!) });
    // The viewer follows the leader inside the dispatch of its fovea-image-change: once that has fired, the
    // others would have moved.
    const atStart = new Promise<void>((resolve) =>
      vps[0]!.addEventListener('fovea-image-change', (e) => e.detail.index === 0 && resolve()),
    );
    await sendKeys({ press: 'Home' });
    await atStart;
    expect(vps[1]!.imageIndex).to.equal(target);
  });

  it('follows the active viewport’s window and pan / zoom when those are synchronised', async () => {
    const el = mount({
      'dicomweb-root': '/dicom-web',
      'study-uid': await ctStudy(),
      layout: '1x2',
      sync: 'voi pan-zoom',
    });
    const [a, b] = await shown(el, 2);
    await sendMouse({ type: 'click', position: centre(a!) });
    a!.windowCenter = 300;
    a!.windowWidth = 1500;
    await until('window copied', () => b!.currentVoi?.center === 300 && b!.currentVoi?.width === 1500);
    a!.zoom = 2;
    a!.pan = [40, -20];
    await until('zoom copied', () => Math.abs((b!.currentPresentation?.zoom ?? 0) - 2) < 1e-3);
    expect(b!.currentPresentation!.pan[0]).to.be.closeTo(40, 0.5);
    expect(b!.currentPresentation!.pan[1]).to.be.closeTo(-20, 0.5);
    // The follower's own changes do not lead: b is not the viewport a person touched.
    // The viewer follows inside the dispatch of b's fovea-voi-change: once that has fired, a would have moved.
    const bWindowed = new Promise<void>((resolve) =>
      b!.addEventListener('fovea-voi-change', (e) => e.detail.center === 40 && resolve()),
    );
    b!.windowCenter = 40;
    b!.windowWidth = 400;
    await bWindowed;
    await until('b windowed', () => b!.currentVoi?.center === 40);
    expect(a!.currentVoi).to.deep.include({ center: 300, width: 1500 });
  });

  it('gives its client, locale and messages to every inner element through context', async () => {
    const { client, paths } = recordingClient();
    const el = mount({ 'study-uid': await ctStudy() });
    el.client = client;
    el.messages = { 'seriesBrowser.label': 'Serien', 'viewer.layout': 'Layout {layout}' };
    el.locale = 'de-DE';
    await shown(el, 1);
    const browser = browserOf(el);
    expect(browser.activeClient).to.equal(client);
    expect(el.viewports[0]!.activeClient).to.equal(client);
    expect(
      paths.some((p) => /\/series$/.test(p)),
      'series search',
    ).to.equal(true);
    expect(
      paths.some((p) => /\/frames\/1$/.test(p)),
      'frames',
    ).to.equal(true);
    expect(
      paths.some((p) => /\/(thumbnail|rendered)$/.test(p)),
      'thumbnails',
    ).to.equal(true);
    expect(shadow(browser).querySelector('[aria-label="Serien"]'), 'message override reaches the browser').to.not.equal(
      null,
    );
    expect(el.viewports[0]!.effectiveLocale).to.equal('de-DE');
  });

  it('switches layouts, keeping what each viewport shows', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy() });
    const [first] = await shown(el, 1);
    const shownSeries = first!.seriesUid;
    const changes: string[] = [];
    el.addEventListener('fovea-layout-change', (e: FoveaLayoutChangeEvent) => changes.push(e.detail.layout));
    await sendMouse({ type: 'click', position: centre(button(el, '[data-layout="2x1"]')) });
    const vps = await shown(el, 2);
    expect(vps[0]).to.equal(first);
    expect(vps[0]!.seriesUid).to.equal(shownSeries);
    expect(vps[1]!.seriesUid).to.equal(imageSeries(el)[1]!.seriesInstanceUid);
    // Two rows: the second viewport is below the first.
    expect(vps[1]!.getBoundingClientRect().top).to.be.greaterThan(vps[0]!.getBoundingClientRect().bottom - 4);
    el.layout = '1x1';
    await shown(el, 1);
    expect(changes).to.deep.equal(['2x1', '1x1']);
    expect(button(el, '[data-sync="scroll"]').disabled, 'nothing to synchronise in 1x1').to.equal(true);
  });

  it('finds the series itself when the thumbnails are hidden', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy(), 'hide-series': '' });
    const [vp] = await shown(el, 1);
    expect(browserOf(el)).to.equal(null);
    expect(vp!.seriesUid).to.equal(imageSeries(el)[0]!.seriesInstanceUid);
    expect(vp!.getBoundingClientRect().left - el.getBoundingClientRect().left, 'no thumbnail column').to.be.below(4);
  });

  it('has light and dark themes through --fovea-* tokens', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy(), theme: 'dark' });
    await shown(el, 1);
    const bg = (node: Element) => getComputedStyle(node).backgroundColor;
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const browser = browserOf(el);
    expect(luminance(bg(el))).to.be.lessThan(60);
    expect(luminance(bg(browser))).to.be.lessThan(60);
    await expect(el).to.be.accessible();
    el.theme = 'light';
    await el.updateComplete;
    expect(luminance(bg(el))).to.be.greaterThan(200);
    expect(luminance(bg(browser)), 'inner elements follow').to.be.greaterThan(200);
    expect(getComputedStyle(el).colorScheme).to.equal('light');
    // The page's own token wins.
    await expect(el).to.be.accessible();
    el.style.setProperty('--fovea-color-surface', 'rgb(10, 20, 30)');
    expect(bg(browser)).to.equal('rgb(10, 20, 30)');
  });

  it('follows the page’s colour scheme with theme="auto" (the default)', async () => {
    const luminance = (node: Element) => {
      const [r, g, b] = getComputedStyle(node).backgroundColor.match(/\d+/g)!.map(Number);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    try {
      await emulateMedia({ colorScheme: 'dark' });
      const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy() });
      await shown(el, 1);
      expect(el.theme).to.equal('auto');
      expect(luminance(el), 'dark page').to.be.lessThan(60);
      expect(luminance(browserOf(el))).to.be.lessThan(60);
      await emulateMedia({ colorScheme: 'light' });
      await until('light with the page', () => luminance(el) > 200);
      expect(luminance(browserOf(el))).to.be.greaterThan(200);
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'no-preference' });
    }
  });

  it('enters and leaves full screen from its button', async () => {
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': await ctStudy() });
    await shown(el, 1);
    const full = button(el, '[part~="fullscreen-button"]');
    await sendMouse({ type: 'click', position: centre(full) });
    await until('full screen', () => document.fullscreenElement === el);
    await until('pressed', () => full.getAttribute('aria-pressed') === 'true');
    expect(el.getBoundingClientRect().width).to.equal(window.innerWidth);
    await sendMouse({ type: 'click', position: centre(full) });
    await until('not full screen', () => document.fullscreenElement === null);
    await until('not pressed', () => full.getAttribute('aria-pressed') === 'false');
    expect(el.getBoundingClientRect().width).to.equal(780);
  });

  it('shows the HTML-payload study’s strings as literal text and runs no script', async () => {
    const w = window as unknown as { __foveaXss?: unknown };
    delete w.__foveaXss;
    const xss = await findSeries((s) => s.phantom === 'palette' && s.syntax === 'explicit-le', 'palette series');
    const el = mount({ 'dicomweb-root': '/dicom-web', 'study-uid': xss.studyInstanceUid });
    const [vp] = await shown(el, 1);
    expect(el.shownStudyUid).to.equal(xss.studyInstanceUid);
    const browser = browserOf(el);
    const description = shadow(browser).querySelector('[part~="description"]')!;
    expect(description.textContent).to.include('<img src=x onerror=alert(1)>');
    const overlay = shadow(vp!).querySelector('[part~="overlay"]')!;
    expect(overlay.textContent).to.include('<img src');
    for (const root of [shadow(el), shadow(browser), shadow(vp!)]) {
      expect(root.querySelectorAll('img:not([part~="thumbnail"]), script, iframe, i, b').length).to.equal(0);
      expect(root.querySelectorAll('[onerror], [onload]').length).to.equal(0);
    }
    await afterBrokenImage();
    expect(w.__foveaXss).to.equal(undefined);
  });
});
