// Results back to the record, through the real Orthanc, in both rendering
// modes (the e2e-webgl and e2e-cpu groups run this file): measurements stored
// as a TID 1500 SR and drawn again by a fresh page at the same image
// coordinates with the same values; dcmtk reading what was stored; an SR of
// another template refused with a clear message; key images stored as a KOS
// and read back as a flag and a filter in the series browser; print and PDF
// rendered by poppler and measured on the page (the image, the header, the
// scale bar's length in millimetres). What a test stores, it deletes.
import { expect } from '@open-wc/testing';
import {
  createDicomWebClient,
  formatPersonName,
  type DicomSource,
  type DicomWebClient,
  type Instance,
} from '@fovea-dicom/core';
import '@fovea-dicom/elements';
import {
  defaultMessages,
  type FoveaErrorEvent,
  type FoveaSeriesBrowser,
  type FoveaStoreEvent,
  type FoveaViewer,
  type FoveaViewport,
  type Measurement,
  type StoreDetail,
} from '@fovea-dicom/elements';
import { CT, CT_FAT_DISC, CT_RULER, CT_WATER_DISC } from '@fovea-dicom/demo/sample/phantom.js';
// The SR "another tool" wrote (not TID 1500) is built with the results' own Part 10 writer, which the
// package does not export: the one place a test reaches into the elements' sources.
// eslint-disable-next-line no-restricted-imports
import { writePart10 } from '../../packages/elements/src/results/dicom-file.js';
// eslint-disable-next-line no-restricted-imports
import { patientAndStudy } from '../../packages/elements/src/results/composite.js';
import { findSeries, type CorpusSeries } from '../helpers/corpus.js';
import { click, drag, hover } from '../helpers/draw.js';
import { greyOf, longestRun, printPage, renderPdf, runsOf, runTool } from '../helpers/files.js';
import { frames, greyAt, mountViewport, nextImage } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';
const ENCAPSULATED_PDF = '1.2.840.10008.5.1.4.1.1.104.1';
const client = createDicomWebClient({ root: '/dicom-web' });
/** dsrdump's one note on UTF-8 files (the phantom's patient name is not ASCII). */
const UTF8_NOTE = 'W: The VR checker does not support this Specific Character Set: ISO_IR 192';

/** The real client, but no archive: what a `LocalDicomSource` is to the elements (it cannot store). */
function readOnly(source: DicomWebClient): DicomSource {
  return new Proxy(source, {
    get(target, key) {
      if (key === 'storeInstances') return undefined;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

let ct: CorpusSeries;
const stored: string[] = [];

/** Deletes what a test stored (its series goes with its last instance). */
async function cleanUp(): Promise<void> {
  for (const uid of stored.splice(0)) {
    const found = await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: uid });
    for (const { Type, ID } of (await found.json()) as { Type: string; ID: string }[]) {
      if (Type === 'Instance') await fetch(`/__fovea/orthanc/instances/${ID}`, { method: 'DELETE' });
    }
  }
}

async function showCt(attributes: Record<string, string> = {}): Promise<FoveaViewport> {
  const el = mountViewport(512, attributes);
  el.client = client;
  el.studyUid = ct.studyInstanceUid;
  el.seriesUid = ct.seriesInstanceUid;
  await nextImage(el);
  await frames();
  return el;
}

/** The study's RLE CT series (3 images): one a viewer's viewport can show and then leave. */
const rleSeries = () =>
  findSeries(
    (s) => s.studyInstanceUid === ct.studyInstanceUid && s.transferSyntaxUid === '1.2.840.10008.1.2.5',
    'the RLE CT series of the same study',
  );

/** A one-viewport viewer on the CT study through `source`, once its viewport shows an image. */
async function viewerOnCt(source: DicomSource): Promise<{ viewer: FoveaViewer; viewport: FoveaViewport }> {
  const viewer = document.createElement('fovea-viewer') as FoveaViewer;
  viewer.style.width = '700px';
  viewer.style.height = '520px';
  viewer.client = source;
  viewer.studyUid = ct.studyInstanceUid;
  document.body.append(viewer);
  try {
    await until('a viewport with an image', () => viewer.viewports[0]?.currentImage !== undefined, 60_000);
  } catch (error) {
    viewer.remove();
    throw error;
  }
  return { viewer, viewport: viewer.viewports[0]! };
}

/** Shows `series` in the viewer's first viewport (at image `index` when given) and waits for it. */
async function showInViewer(viewer: FoveaViewer, series: CorpusSeries, index?: number): Promise<void> {
  const viewport = viewer.viewports[0]!;
  viewer.showSeries(series.seriesInstanceUid, 0);
  await until(
    `series ${series.seriesKey} (${series.syntax}) shown`,
    () => viewport.currentImage?.seriesInstanceUid === series.seriesInstanceUid,
    60_000,
  );
  if (index === undefined) return;
  viewport.imageIndex = index;
  await until(
    `image ${index + 1} shown`,
    () => viewport.currentImage?.seriesInstanceUid === series.seriesInstanceUid && viewport.imageIndex === index,
    60_000,
  );
}

/** Resolves with the next event `type` on `el`. */
function next<K extends keyof HTMLElementEventMap>(el: EventTarget, type: K): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) =>
    el.addEventListener(type, (e) => resolve(e as HTMLElementEventMap[K]), { once: true }),
  );
}

/** True once a measurement has every value its kind gets (ROI statistics, the probe's value). */
const complete = (m: Measurement) =>
  m.kind === 'rectangle' || m.kind === 'ellipse'
    ? m.stats !== undefined
    : m.kind === 'probe'
      ? m.value !== undefined
      : m.kind === 'arrow'
        ? m.text !== undefined
        : m.value !== undefined;

/**
 * Draws one of each, apart so that no input lands on another's handles or
 * text: length on the ruler, rectangle and ellipse ROIs, probe, labelled
 * arrow, angle. Each is waited for: Cornerstone takes a click only once its
 * double-click window has passed, and a new input before then cancels it.
 */
async function drawAll(el: FoveaViewport): Promise<Measurement[]> {
  const count = () => el.getMeasurements().measurements.length;
  const step = async (tool: Parameters<FoveaViewport['setTool']>[0], input: () => Promise<void>) => {
    const before = count();
    el.setTool(tool);
    await el.updateComplete;
    await input();
    await until(`the ${tool} drawn`, () => count() === before + 1);
  };
  el.annotationText = () => 'Cyst';
  await step('length', () => drag(el, [CT_RULER.x0, CT_RULER.y], [CT_RULER.x1, CT_RULER.y]));
  await step('rectangle', () =>
    drag(el, [CT_WATER_DISC.cx - 15, CT_WATER_DISC.cy - 12], [CT_WATER_DISC.cx + 13, CT_WATER_DISC.cy + 14]),
  );
  await step('ellipse', () => drag(el, [CT_FAT_DISC.cx, CT_FAT_DISC.cy], [CT_FAT_DISC.cx + 20, CT_FAT_DISC.cy + 14]));
  await step('probe', () => click(el, [186, 310]));
  await step('arrow', () => drag(el, [356, 330], [400, 380]));
  await step('angle', async () => {
    await drag(el, [200, 60], [100, 100]);
    await hover(el, [140, 130]);
    await hover(el, [180, 160]);
    await click(el, [180, 160]);
  });
  await until('every measurement with its values', () => el.getMeasurements().measurements.every(complete));
  const all = el.getMeasurements().measurements;
  expect(all.map((m) => m.kind)).to.deep.equal(['length', 'rectangle', 'ellipse', 'probe', 'arrow', 'angle']);
  return all;
}

/** Opens the series in a viewport on a fresh page (an iframe: a new document and a new Cornerstone). */
async function freshPage(series: { study: string; series: string }, reports: string): Promise<FoveaViewport> {
  const frame = document.createElement('iframe');
  frame.style.width = '540px';
  frame.style.height = '540px';
  frame.style.border = '0';
  const query = new URLSearchParams({ study: series.study, series: series.series, reports });
  // The test page's rendering choice (the e2e-webgl group's page says gpu), as a page of the same site would.
  const rendering = document.querySelector('meta[name="fovea-rendering"]')?.getAttribute('content');
  if (rendering) query.set('rendering', rendering);
  frame.src = `/test/e2e/pages/fresh-viewport.html?${query}`;
  const loaded = next(frame, 'load');
  document.body.append(frame);
  await loaded;
  const viewport = frame.contentDocument!.querySelector('fovea-viewport')!;
  expect(viewport, 'the fresh page has its viewport').to.not.equal(null);
  return viewport;
}

/** Compares measurements read back with those drawn: ids, kinds, images, points within `tolerance` px, values. */
function expectSame(read: readonly Measurement[], drawn: readonly Measurement[], tolerance: number): number {
  expect(read.map((m) => m.id)).to.deep.equal(drawn.map((m) => m.id));
  let worst = 0;
  read.forEach((m, i) => {
    const o = drawn[i]!;
    expect(m.kind).to.equal(o.kind);
    expect(m.image).to.deep.equal(o.image);
    m.points.forEach((p, j) => {
      const dx = Math.abs(p.image[0] - o.points[j]!.image[0]);
      const dy = Math.abs(p.image[1] - o.points[j]!.image[1]);
      worst = Math.max(worst, dx, dy);
      expect(dx, `${m.kind} point ${j} x`).to.be.at.most(tolerance);
      expect(dy, `${m.kind} point ${j} y`).to.be.at.most(tolerance);
    });
    expect(m.unit, m.kind).to.equal(o.unit);
    if (o.value !== undefined)
      expect(m.value, `${m.kind} value`).to.be.closeTo(o.value, Math.abs(o.value) * 1e-5 + 1e-6);
    if (o.stats) {
      expect(m.stats?.unit, `${m.kind} unit`).to.equal(o.stats.unit);
      for (const k of ['mean', 'stdDev', 'min', 'max'] as const) {
        expect(m.stats![k], `${m.kind} ${k}`).to.be.closeTo(o.stats[k], 1e-3);
      }
    }
    if (o.text !== undefined) expect(m.text).to.equal(o.text);
  });
  return worst;
}

describe('results: measurement reports, key images, print', function () {
  this.timeout(240_000);

  before(async () => {
    ct = await findSeries((s) => s.phantom === 'ct' && s.transferSyntaxUid === EXPLICIT_LE, 'ct');
  });

  afterEach(async () => {
    document.querySelectorAll('fovea-viewport, fovea-series-browser, iframe').forEach((el) => el.remove());
    await cleanUp();
  });

  it('stores the measurements as a TID 1500 SR that a fresh page draws at the same coordinates with the same values', async () => {
    const el = await showCt();
    const mode = el.renderingMode;
    const drawn = await drawAll(el);
    const announced = next(el, 'fovea-store');
    const object = await el.storeMeasurementReport();
    stored.push(object.sopInstanceUid);
    const detail = (await announced).detail as Extract<StoreDetail, { kind: 'measurement-report' }>;
    expect(detail.kind).to.equal('measurement-report');
    expect(detail.object).to.deep.equal(object);
    expect(detail.measurements.map((m) => m.id)).to.deep.equal(drawn.map((m) => m.id));
    expect(object.studyInstanceUid, 'in the study of the images').to.equal(ct.studyInstanceUid);
    expect(object.seriesInstanceUid, 'in a series of its own').to.not.equal(ct.seriesInstanceUid);
    expect(object.sopClassUid).to.equal(COMPREHENSIVE_SR);
    expect(el.shadowRoot!.querySelector('[part="results"]')?.textContent).to.contain(
      defaultMessages['results.stored.measurement-report'],
    );

    // What the archive holds, dcmtk reads without a warning (strict defaults: IOD constraints, VR, VM).
    const bytes = await client.retrieveInstance(object);
    const dump = await runTool('dsrdump', ['-v', '+Pt', 'sr.dcm'], { 'sr.dcm': bytes });
    // The phantom's patient is Müller^Jürgen: the report is UTF-8, which dcmtk's VR checker says it does not check.
    expect(dump.messages, 'dsrdump warnings and errors').to.deep.equal([UTF8_NOTE]);
    expect(dump.code).to.equal(0);
    expect(dump.stdout).to.contain('"Imaging Measurement Report"').and.contain('TID 1500 (DCMR)');
    // dsr2xml in its strict default too (relationship constraints, item values), with the same note.
    const xml = await runTool('dsr2xml', ['sr.dcm', 'sr.xml'], { 'sr.dcm': bytes });
    expect(xml.code, xml.messages.join('\n')).to.equal(0);
    expect(xml.messages, 'dsr2xml warnings and errors').to.deep.equal([UTF8_NOTE]);
    expect(new TextDecoder().decode(xml.outputs['sr.xml'])).to.contain('<sopclass uid="1.2.840.10008.5.1.4.1.1.88.33"');

    // Reloaded: a new page shows the series and draws the report's measurements.
    el.remove();
    const fresh = await freshPage({ study: ct.studyInstanceUid, series: ct.seriesInstanceUid }, 'show');
    await until(
      'the report drawn on the fresh page, with its values',
      () => {
        const all = fresh.getMeasurements().measurements;
        return all.length === drawn.length && all.every(complete);
      },
      120_000,
    );
    expect(fresh.renderingMode, 'the same rendering mode').to.equal(mode);
    expect(fresh.foundReports.map((r) => r.sopInstanceUid)).to.deep.equal([object.sopInstanceUid]);
    const worst = expectSame(fresh.getMeasurements().measurements, drawn, 0.5);
    expect(worst, 'image coordinates back within float32 precision').to.be.below(1e-3);
    // Let it finish loading its stack before the page goes (requests cut short read as 404s in the log).
    await until('the fresh page loaded', () => fresh.loadedImageCount === fresh.imageCount, 120_000);
  });

  it('offers the reports of the series shown, and draws the one a person chooses', async () => {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    await drag(el, [CT_RULER.x0, CT_RULER.y], [CT_RULER.x1, CT_RULER.y]);
    const [drawn] = el.getMeasurements().measurements;
    const object = await el.storeMeasurementReport({ observer: { personName: 'Doe^Jane' } });
    stored.push(object.sopInstanceUid);
    el.remove();

    const again = mountViewport(512);
    const toolbar = document.createElement('fovea-toolbar');
    toolbar.viewport = again;
    document.body.append(toolbar);
    const found = next(again, 'fovea-reports-found');
    again.client = client;
    again.studyUid = ct.studyInstanceUid;
    again.seriesUid = ct.seriesInstanceUid;
    const { reports } = (await found).detail;
    expect(reports.map((r) => [r.sopInstanceUid, r.measurementCount, r.skipped])).to.deep.equal([
      [object.sopInstanceUid, 1, 0],
    ]);
    expect(again.getMeasurements().measurements, 'offered, not drawn').to.have.length(0);
    await until('the offer', () => again.shadowRoot!.querySelector('[part="results"][data-kind="offer"]') !== null);
    expect(again.shadowRoot!.querySelector('[part="results"]')!.getAttribute('role')).to.equal('status');
    await expect(again).to.be.accessible();
    // The toolbar's report button shows it (a viewport is one image: no controls inside it).
    await toolbar.updateComplete;
    const show = toolbar.shadowRoot!.querySelector<HTMLButtonElement>('button[data-item="report"]')!;
    expect(show.getAttribute('aria-disabled'), 'enabled once a report is found').to.equal(null);
    const loaded = next(again, 'fovea-report-load');
    show.click();
    const detail = (await loaded).detail;
    toolbar.remove();
    expect(detail.report.sopInstanceUid).to.equal(object.sopInstanceUid);
    expect(detail.skipped).to.equal(0);
    expectSame(detail.measurements, [drawn!], 0.5);
    expect(detail.measurements[0]!.value).to.be.closeTo(100, CT.pixelSpacingMm);
  });

  it('reads each report of the study once, however many of its series are shown', async () => {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    await drag(el, [CT_RULER.x0, CT_RULER.y], [CT_RULER.x1, CT_RULER.y]);
    const object = await el.storeMeasurementReport();
    stored.push(object.sopInstanceUid);
    el.remove();

    let reads = 0;
    const counting = createDicomWebClient({
      root: '/dicom-web',
      fetch: (input, init) => {
        if (new URL(String(input), location.href).pathname.endsWith(`/instances/${object.sopInstanceUid}`)) reads++;
        return fetch(input, init);
      },
    });
    const other = (await client.searchSeries({ StudyInstanceUID: ct.studyInstanceUid })).find(
      (s) => s.seriesInstanceUid !== ct.seriesInstanceUid && !['SR', 'KO', 'DOC'].includes(s.modality ?? ''),
    );
    expect(other, 'another image series in the study').to.not.equal(undefined);
    const viewport = mountViewport(512);
    const found = () => next(viewport, 'fovea-reports-found');
    let offered = found();
    viewport.client = counting;
    viewport.studyUid = ct.studyInstanceUid;
    viewport.seriesUid = ct.seriesInstanceUid;
    expect((await offered).detail.reports.map((r) => r.sopInstanceUid)).to.deep.equal([object.sopInstanceUid]);
    expect(reads, 'read once to see what it measures').to.equal(1);
    // Another series of the study (the report measures none of its images), then the CT again.
    viewport.seriesUid = other!.seriesInstanceUid;
    await until(
      'the other series shown',
      () => viewport.currentImage?.seriesInstanceUid === other!.seriesInstanceUid,
      60_000,
    );
    expect(viewport.foundReports).to.have.length(0);
    offered = found();
    viewport.seriesUid = ct.seriesInstanceUid;
    expect((await offered).detail.reports.map((r) => r.sopInstanceUid)).to.deep.equal([object.sopInstanceUid]);
    expect(reads, 'not read again').to.equal(1);
    await until('the CT loaded', () => viewport.loadedImageCount === viewport.imageCount, 120_000);
  });

  it('opens an SR series: its measurements on the series they are on; another template says it cannot', async () => {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    await drag(el, [CT_RULER.x0, CT_RULER.y], [CT_RULER.x1, CT_RULER.y]);
    const object = await el.storeMeasurementReport();
    stored.push(object.sopInstanceUid);
    el.remove();

    const opened = mountViewport(512, { 'measurement-reports': 'off' });
    opened.client = client;
    opened.studyUid = ct.studyInstanceUid;
    opened.seriesUid = object.seriesInstanceUid;
    await until('the report drawn on its images', () => opened.getMeasurements().measurements.length === 1, 60_000);
    expect(opened.seriesUid, 'shows the measured series').to.equal(ct.seriesInstanceUid);
    opened.remove();

    // A Basic Text SR (a diagnostic report, not TID 1500) in the same study.
    const [header] = await client.retrieveSeriesMetadata(ct.studyInstanceUid, ct.seriesInstanceUid);
    const sop = `2.25.${BigInt(`0x${crypto.randomUUID().replace(/-/g, '')}`)}`;
    const series = `2.25.${BigInt(`0x${crypto.randomUUID().replace(/-/g, '')}`)}`;
    const other = await writePart10({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.11',
      SOPInstanceUID: sop,
      ...patientAndStudy(header as Instance),
      Modality: 'SR',
      SeriesInstanceUID: series,
      SeriesNumber: '9950',
      Manufacturer: 'another tool',
      InstanceNumber: '1',
      CompletionFlag: 'COMPLETE',
      VerificationFlag: 'UNVERIFIED',
      ContentDate: '20240102',
      ContentTime: '120000',
      ReferencedPerformedProcedureStepSequence: [],
      PerformedProcedureCodeSequence: [],
      ValueType: 'CONTAINER',
      ConceptNameCodeSequence: [
        { CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic Imaging Report' },
      ],
      ContinuityOfContent: 'SEPARATE',
      ContentSequence: [
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'TEXT',
          ConceptNameCodeSequence: [{ CodeValue: '121071', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Finding' }],
          TextValue: 'No abnormality.',
        },
      ],
    });
    const result = await client.storeInstances([other], { studyInstanceUid: ct.studyInstanceUid });
    expect(result.failed).to.have.length(0);
    stored.push(sop);

    const refused = mountViewport(512);
    const failed = next(refused, 'fovea-error');
    refused.client = client;
    refused.studyUid = ct.studyInstanceUid;
    refused.seriesUid = series;
    const error = (await failed) as FoveaErrorEvent;
    expect(error.detail.code).to.equal('unsupported');
    expect(error.detail.reason).to.equal('template');
    expect(error.detail.message).to.equal(defaultMessages['error.report.template']);
    await refused.updateComplete;
    const status = refused.shadowRoot!.querySelector('[part="status"]')!;
    expect(status.getAttribute('role')).to.equal('alert');
    expect(status.textContent!.trim()).to.equal(defaultMessages['error.report.template']);
    expect(refused.seriesUid, 'stays on the SR').to.equal(series);
  });

  it('stores key images as a KOS, shown as a flag and a filter in the series browser', async () => {
    const el = await showCt();
    const toolbar = document.createElement('fovea-toolbar');
    toolbar.viewport = el;
    document.body.append(toolbar);
    try {
      const first = el.imageIndex;
      const changed = next(el, 'fovea-key-image-change');
      expect(el.toggleKeyImage()).to.equal(true);
      expect((await changed).detail.key).to.equal(true);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="key-image"]'), 'the flag on the image').to.not.equal(null);
      // The second through the toolbar's toggle, on the next image.
      el.imageIndex = first + 10;
      await nextImage(el);
      await toolbar.updateComplete;
      const toggle = toolbar.shadowRoot!.querySelector<HTMLButtonElement>('button[data-item="keyImage"]')!;
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      toggle.click();
      await toolbar.updateComplete;
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(el.isKeyImage(first) && el.isKeyImage(first + 10) && !el.isKeyImage(first + 1)).to.equal(true);

      const announced = next(el, 'fovea-store');
      const object = await el.storeKeyImages({ description: 'For the tumour board' });
      stored.push(object.sopInstanceUid);
      const detail = (await announced).detail as Extract<StoreDetail, { kind: 'key-images' }>;
      expect(detail.kind).to.equal('key-images');
      expect(detail.images).to.have.length(2);
      expect(object.sopClassUid).to.equal(KEY_OBJECT_SELECTION);
      const dump = await runTool('dsrdump', ['-v', 'ko.dcm'], { 'ko.dcm': await client.retrieveInstance(object) });
      expect(dump.code).to.equal(0);
      expect(dump.messages, 'dcmtk has no TID 2010 checker and says so').to.deep.equal([
        UTF8_NOTE,
        'W: Check for template constraints not yet supported',
      ]);
      expect(dump.stdout).to.contain('"Of Interest"').and.contain('For the tumour board');
    } finally {
      toolbar.remove();
      el.remove();
    }

    // Read back by elements that know nothing of the above.
    const browser = document.createElement('fovea-series-browser') as FoveaSeriesBrowser;
    browser.style.height = '600px';
    browser.client = client;
    browser.studyUid = ct.studyInstanceUid;
    document.body.append(browser);
    await browser.seriesComplete;
    const flagOf = () =>
      browser.shadowRoot!.querySelector(`[data-series-uid="${ct.seriesInstanceUid}"] [part~="key-images"]`);
    await until('the key image flag', () => flagOf() !== null);
    expect(flagOf()!.textContent!.trim()).to.equal('★ 2');
    expect(flagOf()!.getAttribute('aria-label')).to.equal('2 key images');
    await expect(browser).to.be.accessible();
    const items = () => [...browser.shadowRoot!.querySelectorAll<HTMLElement>('[part~="item"]')];
    const all = items().length;
    expect(all, 'every series listed').to.be.greaterThan(2);
    expect(
      items().filter((i) => i.querySelector('[part~="key-images"]')),
      'one series flagged',
    ).to.have.length(1);
    const filter = browser.shadowRoot!.querySelector<HTMLButtonElement>('[part~="key-filter"]')!;
    filter.click();
    await browser.updateComplete;
    expect(filter.getAttribute('aria-pressed')).to.equal('true');
    expect(browser.hasAttribute('key-images-only')).to.equal(true);
    expect(items().map((i) => i.dataset['seriesUid'])).to.deep.equal([ct.seriesInstanceUid]);
    await expect(browser).to.be.accessible();
    filter.click();
    await browser.updateComplete;
    expect(items()).to.have.length(all);

    const viewport = await showCt();
    await until('the stored key images read', () => viewport.keyImages.length === 2);
    expect(viewport.isKeyImage(), 'the image shown first is a key image').to.equal(true);
    await viewport.updateComplete;
    expect(viewport.shadowRoot!.querySelector('[part="key-image"]')).to.not.equal(null);
    await expect(viewport).to.be.accessible();
  });

  it("reports a viewer's failed key image read once, and reads again to store", async () => {
    // The study's KO series search fails (a fault injected on purpose) until `failing` is false.
    let failing = true;
    let searches = 0;
    const faulty = createDicomWebClient({
      root: '/dicom-web',
      fetch: (input, init) => {
        if (!String(input).includes('Modality=KO')) return fetch(input, init);
        searches++;
        return failing ? Promise.resolve(new Response('injected', { status: 400 })) : fetch(input, init);
      },
    });
    const viewer = document.createElement('fovea-viewer') as FoveaViewer;
    viewer.style.width = '900px';
    viewer.style.height = '520px';
    viewer.client = faulty;
    viewer.studyUid = ct.studyInstanceUid;
    viewer.setAttribute('layout', '1x2');
    const errors: FoveaErrorEvent[] = [];
    viewer.addEventListener('fovea-error', (e) => errors.push(e));
    document.body.append(viewer);
    try {
      await until(
        'two viewports with images',
        () => viewer.viewports.length === 2 && viewer.viewports.every((v) => v.currentImage !== undefined),
        60_000,
      );
      const browser = viewer.shadowRoot!.querySelector('fovea-series-browser')!;
      await browser.seriesComplete;
      await frames(2);
      // The series browser and both viewports share the selection: one read, one failure, one report.
      expect(searches, 'the key images searched for once').to.equal(1);
      expect(errors.map((e) => [e.detail.code, e.detail.message])).to.deep.equal([
        ['http', defaultMessages['error.http']],
      ]);

      failing = false;
      const [first] = viewer.viewports;
      viewer.showSeries(ct.seriesInstanceUid, 0);
      await until(
        'the CT in the first viewport',
        () => first!.currentImage?.seriesInstanceUid === ct.seriesInstanceUid,
        60_000,
      );
      expect(first!.toggleKeyImage()).to.equal(true);
      const object = await viewer.storeKeyImages();
      expect(searches, 'read again before storing').to.equal(2);
      stored.push(object.sopInstanceUid);
      expect(object.sopClassUid).to.equal(KEY_OBJECT_SELECTION);
      const flag = () =>
        browser.shadowRoot!.querySelector(`[data-series-uid="${ct.seriesInstanceUid}"] [part~="key-images"]`);
      await until('the flag in the series browser', () => flag() !== null);
      expect(flag()!.textContent!.trim()).to.equal('★ 1');
      expect(errors, 'no further failure').to.have.length(1);
    } finally {
      viewer.remove();
    }
  });

  it('stores nothing where the images are not in an archive, and says so', async () => {
    const el = mountViewport(512);
    el.client = readOnly(client);
    el.studyUid = ct.studyInstanceUid;
    el.seriesUid = ct.seriesInstanceUid;
    await nextImage(el);
    el.setTool('length');
    await el.updateComplete;
    await drag(el, [CT_RULER.x0, CT_RULER.y], [CT_RULER.x1, CT_RULER.y]);
    await until('the length drawn', () => el.getMeasurements().measurements.length === 1);
    for (const store of [() => el.storeMeasurementReport(), () => el.storeKeyImages(), () => el.storePdf()]) {
      const failed = next(el, 'fovea-error');
      const error = await store().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'a ReportError').to.have.property('reason', 'read-only');
      const detail = (await failed).detail;
      expect(detail.code).to.equal('unsupported');
      expect(detail.message).to.equal(defaultMessages['error.report.read-only']);
    }
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="results"][role="alert"]')?.textContent?.trim()).to.equal(
      defaultMessages['error.report.read-only'],
    );
  });

  it('a print with nothing to print rejects and says so', async () => {
    const viewer = document.createElement('fovea-viewer') as FoveaViewer;
    viewer.style.width = '400px';
    viewer.style.height = '300px';
    viewer.setAttribute('hide-series', '');
    document.body.append(viewer);
    try {
      // No study: no viewport, so the viewer itself reports.
      expect(viewer.viewports).to.have.length(0);
      const failed = next(viewer, 'fovea-error');
      const error = await viewer.toPdf().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'a ReportError').to.have.property('reason', 'nothing');
      expect((await failed).detail.message).to.equal(defaultMessages['error.report.nothing']);
    } finally {
      viewer.remove();
    }
  });

  /**
   * Finds the image on a printed page and measures it: the image box (black
   * on white paper), the phantom's 100 mm ruler in the image, the scale bar
   * under it, in millimetres on the page.
   */
  function measurePage(page: ImageData, dpi: number) {
    const mm = (px: number) => (px * 25.4) / dpi;
    const dark = (g: number) => g < 40;
    // Down the page's middle column, below the header: the image's top edge (air and padding print black).
    const middle = Math.round(page.width / 2);
    let top = Math.round((30 * dpi) / 25.4);
    while (top < page.height && !dark(greyOf(page, middle, top))) top++;
    // Its first rows are black from edge to edge.
    const row = longestRun(page, top + 3, dark);
    const left = row.start;
    const width = row.length;
    let bottom = top;
    while (bottom < page.height - 1 && dark(greyOf(page, left + 2, bottom + 1))) bottom++;
    const height = bottom - top + 1;
    // The ruler: a bright line on the image rows around the ruler's row.
    const rulerRow = top + ((CT_RULER.y + 0.5) / CT.rows) * height;
    let ruler = { start: -1, length: 0 };
    for (let y = Math.floor(rulerRow) - 3; y <= Math.ceil(rulerRow) + 3; y++) {
      const run = longestRun(page, y, (g) => g > 150, left, left + width - 1);
      if (run.length > ruler.length) ruler = run;
    }
    // The scale bar: the longest dark run in the strip under the image, from its left edge; its
    // length is between the centres of the ticks at its ends (the line's own caps are not part of it).
    let bar = { start: -1, length: 0, y: -1 };
    for (let y = bottom + 2; y < bottom + Math.round((9 * dpi) / 25.4); y++) {
      const run = longestRun(page, y, (g) => g < 100, left - 2, left + width);
      if (run.length > bar.length) bar = { ...run, y };
    }
    const ticks = runsOf(
      page,
      bar.y - Math.round((0.8 * dpi) / 25.4),
      (g) => g < 100,
      bar.start - 4,
      bar.start + bar.length + 4,
    );
    expect(ticks, 'a tick at each end of the scale bar').to.have.length(2);
    const centre = (r: { start: number; length: number }) => r.start + (r.length - 1) / 2;
    const barLength = centre(ticks[1]!) - centre(ticks[0]!);
    return {
      boxMm: { width: mm(width), height: mm(height), left: mm(left), top: mm(top) },
      box: { left, top, width, height },
      rulerMm: mm(ruler.length),
      barMm: mm(barLength),
      barStart: bar.start,
    };
  }

  /** Checks a printed CT page: header text, the image on screen, annotations, a scale bar true on paper. */
  async function checkPrintedPage(pdf: Uint8Array, header: Instance, screen: number[]) {
    const dpi = 200;
    const { pages, text, info } = await renderPdf(pdf, dpi);
    expect(pages, 'one page').to.have.length(1);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    expect(Number(size?.[1]), 'A4 width').to.be.closeTo(595.28, 1);
    expect(Number(size?.[2]), 'A4 height').to.be.closeTo(841.89, 1);
    // The header.
    expect(text).to.contain('Fovea print test');
    expect(text).to.contain(formatPersonName(header.patientName));
    expect(text).to.contain(`ID ${header.patientId}`);
    const page = pages[0]!;
    const m = measurePage(page, dpi);
    // The image, fitted: square, as wide as the page allows (190 mm between 10 mm margins).
    expect(m.boxMm.width).to.be.closeTo(190, 0.5);
    expect(m.boxMm.height).to.be.closeTo(m.boxMm.width, 0.5);
    // It is the image on screen: the phantom's discs and ring as grey as on the canvas.
    const spots = [CT_WATER_DISC, CT_FAT_DISC].map(({ cx, cy }) => [cx, cy] as const);
    spots.forEach(([x, y], i) => {
      const printed = greyOf(
        page,
        m.box.left + ((x + 0.5) / CT.columns) * m.box.width,
        m.box.top + ((y + 0.5) / CT.rows) * m.box.height,
      );
      expect(printed, `grey at (${x}, ${y})`).to.be.closeTo(screen[i]!, 12);
    });
    // Paper mm per mm of the patient: the 512-pixel image is 320 mm wide.
    const scale = m.boxMm.width / (CT.columns * CT.pixelSpacingMm);
    const rulerTrue = (CT_RULER.x1 - CT_RULER.x0 + 1) * CT.pixelSpacingMm;
    expect(m.rulerMm, 'the ruler printed at the image scale').to.be.closeTo(rulerTrue * scale, 0.5);
    // The scale bar: as long on paper as the patient length it is labelled with, at the image's scale.
    const label = Math.round(m.barMm / scale);
    expect([10, 20, 25, 50, 100, 200]).to.include(label);
    expect(text).to.match(new RegExp(`\\b${label} mm\\b`));
    expect(m.barMm, `the ${label} mm bar`).to.be.closeTo(label * scale, 0.3);
    expect(m.barMm / label, 'bar and ruler agree').to.be.closeTo(
      m.rulerMm / rulerTrue,
      0.015 * (m.rulerMm / rulerTrue),
    );
    // The annotation: a yellow line where the length was drawn.
    let yellow = 0;
    const y = Math.round(m.box.top + ((CT_RULER.y - 40 + 0.5) / CT.rows) * m.box.height);
    for (let dy = -2; dy <= 2; dy++) {
      for (let x = m.box.left; x < m.box.left + m.box.width; x++) {
        const i = ((y + dy) * page.width + x) * 4;
        if (page.data[i]! > 200 && page.data[i + 1]! > 150 && page.data[i + 2]! < 90) yellow++;
      }
    }
    expect(yellow, 'the measurement drawn on the print').to.be.greaterThan(100);
    return m;
  }

  async function printable(): Promise<{ el: FoveaViewport; header: Instance; screen: number[] }> {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    await drag(el, [CT_RULER.x0, CT_RULER.y - 40], [CT_RULER.x1, CT_RULER.y - 40]);
    const [header] = await client.retrieveSeriesMetadata(ct.studyInstanceUid, ct.seriesInstanceUid);
    const screen = [CT_WATER_DISC, CT_FAT_DISC].map(({ cx, cy }) => greyAt(el, cx, cy, CT.columns));
    return { el, header: header!, screen };
  }

  it('makes a PDF of the image: the image, the header and a scale bar true in millimetres on the page', async () => {
    const { el, header, screen } = await printable();
    const blob = await el.toPdf({ header: { title: 'Fovea print test' } });
    expect(blob.type).to.equal('application/pdf');
    await checkPrintedPage(new Uint8Array(await blob.arrayBuffer()), header, screen);
  });

  it('prints through the browser: the print sheet as Chromium prints it measures the same', async () => {
    const { el, header, screen } = await printable();
    const original = window.print;
    let asked = 0;
    window.print = () => void asked++;
    try {
      await el.print({ header: { title: 'Fovea print test' } });
      expect(asked, 'the print dialog asked for').to.equal(1);
      expect(document.querySelector('[data-fovea-print-sheet]'), 'the sheet, until printed').to.not.equal(null);
      const pdf = await printPage();
      await checkPrintedPage(pdf, header, screen);
    } finally {
      window.print = original;
      dispatchEvent(new Event('afterprint'));
    }
    expect(document.querySelector('[data-fovea-print-sheet]'), 'the sheet gone after printing').to.equal(null);
  });

  it('stores the PDF as an Encapsulated PDF in the study', async () => {
    const { el } = await printable();
    const announced = next(el, 'fovea-store') as Promise<FoveaStoreEvent>;
    const object = await el.storePdf({ header: { title: 'Fovea print test' }, title: 'Printed CT' });
    stored.push(object.sopInstanceUid);
    const detail = (await announced).detail;
    expect(detail.kind).to.equal('encapsulated-pdf');
    expect(object.sopClassUid).to.equal(ENCAPSULATED_PDF);
    expect(object.studyInstanceUid).to.equal(ct.studyInstanceUid);
    const extracted = await runTool('dcm2pdf', ['doc.dcm', 'out.pdf'], {
      'doc.dcm': await client.retrieveInstance(object),
    });
    expect(extracted.code, extracted.messages.join('\n')).to.equal(0);
    const pdf = extracted.outputs['out.pdf']!;
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).to.equal('%PDF-');
    const { text } = await renderPdf(pdf, 50);
    expect(text).to.contain('Fovea print test');
  });

  it('prints the key images of the stack, one cell each', async () => {
    const el = await showCt();
    const first = el.imageIndex;
    el.toggleKeyImage(first, true);
    el.toggleKeyImage(first + 20, true);
    const blob = await el.toPdf({ images: 'key-images' });
    const { pages, text } = await renderPdf(new Uint8Array(await blob.arrayBuffer()), 100);
    expect(pages).to.have.length(1);
    expect(text)
      .to.contain(`Im ${first + 1}/${el.imageCount}`)
      .and.contain(`Im ${first + 21}/${el.imageCount}`);
  });

  it("prints a viewer's key images of every series, shown in a viewport or not", async () => {
    const other = await rleSeries();
    const { viewer, viewport } = await viewerOnCt(client);
    try {
      // Flag the second image of the RLE series, then leave it for the CT: no viewport shows it when printing.
      await showInViewer(viewer, other, 1);
      expect(viewport.toggleKeyImage()).to.equal(true);
      await showInViewer(viewer, ct, 4);
      expect(viewport.toggleKeyImage()).to.equal(true);

      const blob = await viewer.toPdf({ header: { title: 'Fovea key images' }, images: 'key-images' });
      const { pages, text } = await renderPdf(new Uint8Array(await blob.arrayBuffer()), 100);
      expect(pages).to.have.length(1);
      expect(text).to.contain('Fovea key images').and.contain(`Im 5/${viewport.imageCount}`).and.contain('Im 2/3');
      // Portrait, two images: one above the other, each its phantom at the centre of a black box.
      const page = pages[0]!;
      const boxRows = (from: number, to: number) => {
        const rows: { y: number; start: number; length: number }[] = [];
        for (let y = Math.round(from); y < to; y++) {
          const run = runsOf(page, y, (g) => g < 40).find((r) => r.length > page.width * 0.3);
          if (run) rows.push({ y, ...run });
        }
        return rows;
      };
      for (const [from, to] of [
        [0, page.height / 2],
        [page.height / 2, page.height],
      ] as const) {
        const rows = boxRows(from, to);
        expect(rows.length, 'an image box in each half of the page').to.be.greaterThan(50);
        const top = rows[0]!.y;
        const bottom = rows[rows.length - 1]!.y;
        const left = Math.min(...rows.map((r) => r.start));
        const right = Math.max(...rows.map((r) => r.start + r.length));
        let sum = 0;
        let n = 0;
        for (let y = top + (bottom - top) * 0.4; y < top + (bottom - top) * 0.6; y++) {
          for (let x = left + (right - left) * 0.4; x < left + (right - left) * 0.6; x++) {
            sum += greyOf(page, x, y);
            n++;
          }
        }
        expect(sum / n, 'the phantom drawn in the box').to.be.greaterThan(30);
      }
    } finally {
      viewer.remove();
    }
  });

  it("reports a viewer's key image print that cannot read another series, and prints nothing", async () => {
    const other = await rleSeries();
    // The other series' metadata fails (a fault injected on purpose) once `failing` is set.
    let failing = false;
    const faulty = createDicomWebClient({
      root: '/dicom-web',
      fetch: (input, init) =>
        failing && String(input).includes(`${other.seriesInstanceUid}/metadata`)
          ? Promise.resolve(new Response('injected', { status: 500 }))
          : fetch(input, init),
    });
    const { viewer, viewport } = await viewerOnCt(faulty);
    try {
      await showInViewer(viewer, other);
      expect(viewport.toggleKeyImage()).to.equal(true);
      await showInViewer(viewer, ct);
      failing = true;
      const reported = next(viewport, 'fovea-error');
      const error = await viewer.toPdf({ images: 'key-images' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'the PDF refused').to.not.equal(undefined);
      const detail = (await reported).detail;
      expect(detail.code).to.equal('http');
      expect(detail.message).to.equal(defaultMessages['error.http']);
    } finally {
      viewer.remove();
    }
  });

  it("prints a viewer's layout: each viewport in its cell, from the print button or the API", async () => {
    const viewer = document.createElement('fovea-viewer');
    viewer.style.width = '900px';
    viewer.style.height = '520px';
    viewer.setAttribute('dicomweb-root', '/dicom-web');
    viewer.setAttribute('study-uid', ct.studyInstanceUid);
    viewer.setAttribute('layout', '1x2');
    viewer.setAttribute('hide-series', '');
    document.body.append(viewer);
    try {
      await until(
        'two viewports with images',
        () => viewer.viewports.length === 2 && viewer.viewports.every((v) => v.currentImage !== undefined),
        60_000,
      );
      await frames(4);
      const button = viewer.shadowRoot!.querySelector<HTMLButtonElement>('[part~="print-button"]')!;
      expect(button.getAttribute('aria-label')).to.equal(defaultMessages['viewer.print']);
      const blob = await viewer.toPdf({ orientation: 'landscape', header: { title: 'Fovea layout test' } });
      const { pages, text } = await renderPdf(new Uint8Array(await blob.arrayBuffer()), 100);
      expect(pages).to.have.length(1);
      expect(text).to.contain('Fovea layout test');
      for (const v of viewer.viewports) expect(text).to.contain(`Im ${v.imageIndex + 1}/${v.imageCount}`);
      const page = pages[0]!;
      expect(page.width, 'landscape').to.be.greaterThan(page.height);
      // Two images side by side: down the page to the first row crossing a box (air and padding print
      // black from edge to edge at the top of the CT), then the boxes along a row just below it.
      const wide = (y: number) => runsOf(page, y, (g) => g < 40).filter((r) => r.length > page.width * 0.3);
      let top = Math.round(page.height * 0.1);
      while (top < page.height * 0.9 && wide(top).length === 0) top++;
      const boxes = wide(top + 3);
      expect(boxes, 'two image boxes').to.have.length(2);
      expect(boxes[0]!.length, 'the same size').to.be.closeTo(boxes[1]!.length, 2);
      // The print button opens the browser's print dialog with the same layout.
      const original = window.print;
      let asked = 0;
      window.print = () => void asked++;
      try {
        button.click();
        await until('the print dialog asked for', () => asked === 1);
        expect(document.querySelector('[data-fovea-print-sheet]')).to.not.equal(null);
      } finally {
        window.print = original;
        dispatchEvent(new Event('afterprint'));
      }
      await expect(viewer).to.be.accessible();
    } finally {
      viewer.remove();
    }
  });
});
