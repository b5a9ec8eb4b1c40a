// <fovea-study-list> against the real Orthanc (filters, rows, XSS payloads,
// keyboard) and against a synthetic QIDO server for volume (10,000 studies),
// cancellation and failures. Only the study list's registration module is
// imported: the page must never load the viewport or Cornerstone.
import { expect } from '@open-wc/testing';
import { createDicomWebClient, type DicomJsonDataset, type DicomWebClient } from '@fovea-dicom/core';
import '@fovea-dicom/elements/fovea-study-list.js';
import type { FoveaErrorEvent, FoveaStudyList, FoveaStudySelectEvent } from '@fovea-dicom/elements';
import { sendKeys } from '../helpers/commands.js';
import { afterBrokenImage } from '../helpers/wait.js';

const ORTHANC_QUIRKS = { noPercentDecoding: true };

/** A client for Orthanc through the test server's proxy that records the query of every request. */
function recordingClient(): { client: DicomWebClient; queries: URLSearchParams[] } {
  const queries: URLSearchParams[] = [];
  const client = createDicomWebClient({
    root: '/dicom-web',
    quirks: ORTHANC_QUIRKS,
    fetch: (input, init) => {
      queries.push(new URL(String(input), location.href).searchParams);
      return fetch(input, init);
    },
  });
  return { client, queries };
}

function syntheticStudy(i: number): DicomJsonDataset {
  return {
    '0020000D': { vr: 'UI', Value: [`1.2.826.0.1.3680043.10.1.${i}`] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: `Synthetic^Patient${i}` }] },
    '00100020': { vr: 'LO', Value: [`SYN-${String(i).padStart(5, '0')}`] },
    '00080020': { vr: 'DA', Value: ['20240101'] },
    '00080061': { vr: 'CS', Value: ['CT'] },
    '00201206': { vr: 'IS', Value: [1] },
    '00201208': { vr: 'IS', Value: [100] },
  };
}

/** A client whose server holds `total` synthetic studies and answers limit / offset pages, after `delayMs`. */
function syntheticClient(total: number, options: { delayMs?: number; status?: () => number } = {}) {
  const requests: { query: URLSearchParams; signal: AbortSignal | undefined }[] = [];
  const client = createDicomWebClient({
    root: 'https://pacs.invalid/dicom-web',
    retry: { retries: 0 },
    fetch: async (input, init) => {
      const query = new URL(String(input)).searchParams;
      const signal = init?.signal ?? undefined;
      requests.push({ query, signal });
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      signal?.throwIfAborted();
      const status = options.status?.() ?? 200;
      if (status !== 200) return new Response('failed', { status });
      const limit = Number(query.get('limit') ?? total);
      const offset = Number(query.get('offset') ?? 0);
      const page: DicomJsonDataset[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) page.push(syntheticStudy(i));
      return new Response(JSON.stringify(page), { headers: { 'Content-Type': 'application/dicom+json' } });
    },
  });
  return { client, requests };
}

function mount(attributes: Record<string, string> = {}): FoveaStudyList {
  const el = document.createElement('fovea-study-list');
  el.style.height = '400px';
  el.style.width = '1000px';
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

async function until(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const shadow = (el: FoveaStudyList) => el.shadowRoot!;
const status = (el: FoveaStudyList) => shadow(el).querySelector<HTMLElement>('[part="status"]');
const rowElements = (el: FoveaStudyList) =>
  [...shadow(el).querySelectorAll<HTMLElement>('[role="row"][part~="row"]')].sort(
    (a, b) => Number(a.dataset['row']) - Number(b.dataset['row']),
  );
const rowTexts = (el: FoveaStudyList) =>
  rowElements(el).map((row) => [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent!.trim()));
const column = (el: FoveaStudyList, index: number) => rowTexts(el).map((r) => r[index]);
const settled = async (el: FoveaStudyList) => {
  await el.updateComplete;
  await until('search to settle', () => ['ready', 'empty', 'error'].includes(status(el)?.dataset['kind'] ?? ''));
};
const lastQuery = (queries: URLSearchParams[]) => queries.at(-1)!;

describe('<fovea-study-list>', () => {
  afterEach(() => {
    document.querySelectorAll('fovea-study-list, button.before').forEach((el) => el.remove());
  });

  it('lists the server’s studies in the host’s columns, asking for one page', async () => {
    const { client, queries } = recordingClient();
    const el = mount({
      columns: 'patient-id patient-name study-date modalities description accession series instances',
    });
    el.client = client;
    await settled(el);
    const headers = [...shadow(el).querySelectorAll('[role="columnheader"]')].map((h) => h.textContent!.trim());
    expect(headers).to.deep.equal([
      'Patient ID',
      'Patient',
      'Study date',
      'Modalities',
      'Description',
      'Accession',
      'Series',
      'Images',
    ]);
    const ids = column(el, 0);
    expect(ids).to.include.members(['FOVEA-0001', 'FOVEA-0002', 'FOVEA-0003']);
    const mueller = rowTexts(el).find((r) => r[5] === 'ACC-1002')!;
    expect(mueller[1]).to.equal('Müller, Jürgen');
    expect(mueller[3]).to.equal('CR, DX');
    expect(mueller[4]).to.equal('Röntgen Thorax p.a.');
    const chest = el.studies.find((s) => s.accessionNumber === 'ACC-1002')!;
    expect(chest.numberOfSeries).to.be.greaterThan(0);
    expect(mueller[6]).to.equal(String(chest.numberOfSeries));
    expect(queries).to.have.length(1);
    expect(queries[0]!.get('limit')).to.equal('100');
    expect(queries[0]!.get('offset')).to.equal('0');
    expect(queries[0]!.getAll('includefield')).to.include('StudyDescription');
    const grid = shadow(el).querySelector('[role="grid"]')!;
    expect(grid.getAttribute('aria-rowcount')).to.equal(String(ids.length + 1));
    expect(status(el)!.textContent).to.equal(`${ids.length} studies`);
    await expect(el).to.be.accessible();
  });

  it('sends typed filters after a pause, once, and shows the matching rows', async () => {
    const { client, queries } = recordingClient();
    const el = mount();
    el.client = client;
    await settled(el);
    const before = queries.length;
    const input = shadow(el).querySelector<HTMLInputElement>('[part~="filter-patient-id"] input')!;
    input.focus();
    await sendKeys({ type: 'FOVEA-0002' });
    await el.updateComplete;
    expect(queries.length, 'no request while typing').to.equal(before);
    await until('a search for the typed ID', () => queries.length > before);
    await settled(el);
    expect(queries.length, 'one request for the whole word').to.equal(before + 1);
    expect(lastQuery(queries).get('PatientID')).to.equal('FOVEA-0002*');
    expect(new Set(column(el, 1))).to.deep.equal(new Set(['FOVEA-0002']));
    expect(rowTexts(el)).to.have.length(2);
  });

  it('finds Müller on Orthanc without a quirk set by hand, and says the name filter was widened', async () => {
    // Only dicomweb-root: the element's client probes Orthanc once the filter needs a percent escape.
    const el = mount({ 'dicomweb-root': '/dicom-web', columns: 'patient-id patient-name' });
    await settled(el);
    expect(shadow(el).querySelector('[part="notice"]'), 'no notice without a filter').to.equal(null);

    el.filters = { patientName: 'Müller' };
    await settled(el);
    expect(new Set(column(el, 0))).to.deep.equal(new Set(['FOVEA-0001']));
    expect(
      (el.activeClient as DicomWebClient | undefined)?.quirks.noPercentDecoding,
      'found out by the client',
    ).to.equal(true);
    const notice = shadow(el).querySelector('[part="notice"]');
    expect(notice?.textContent).to.equal(
      'This server cannot match some characters of the Patient name filter exactly: the list may include near matches.',
    );
    expect(notice?.closest('[role="status"]'), 'announced with the count').to.not.equal(null);
    await expect(el).to.be.accessible();

    el.filters = { patientName: 'Doe' };
    await settled(el);
    expect(shadow(el).querySelector('[part="notice"]'), 'an ASCII filter is applied as given').to.equal(null);
  });

  it('maps name, modality, accession and date filters to QIDO matching keys', async () => {
    const { client, queries } = recordingClient();
    const el = mount();
    el.client = client;
    await settled(el);

    el.filters = { patientName: 'Müller, J' };
    await settled(el);
    // Orthanc 1.10 does not percent-decode: the quirk turns ü into a wildcard.
    expect(lastQuery(queries).get('PatientName')).to.equal('M*ller^J*');
    expect(new Set(column(el, 1))).to.deep.equal(new Set(['FOVEA-0001']));

    el.filters = { modality: 'MR' };
    await settled(el);
    expect(lastQuery(queries).get('ModalitiesInStudy')).to.equal('MR');
    expect(column(el, 1)).to.deep.equal(['FOVEA-0002']);

    el.filters = { accessionNumber: 'ACC-1002' };
    await settled(el);
    expect(lastQuery(queries).get('AccessionNumber')).to.equal('ACC-1002*');
    expect(column(el, 6)).to.deep.equal(['ACC-1002']);

    el.filters = { datePreset: 'custom', dateFrom: '2024-03-16', dateTo: '2024-04-02' };
    await settled(el);
    expect(lastQuery(queries).get('StudyDate')).to.equal('20240316-20240402');
    expect(new Set(column(el, 1))).to.deep.equal(new Set(['FOVEA-0001', 'FOVEA-0002']));
    expect(rowTexts(el)).to.have.length(2);

    // The modality select applies at once (no pause) and the form shows the custom range fields.
    const select = shadow(el).querySelector<HTMLSelectElement>('[part~="filter-modality"] select')!;
    select.value = 'CR';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await settled(el);
    expect(lastQuery(queries).get('ModalitiesInStudy')).to.equal('CR');
    expect(lastQuery(queries).get('StudyDate')).to.equal('20240316-20240402');
    expect(shadow(el).querySelectorAll('input[type="date"]')).to.have.length(2);
    expect(column(el, 6)).to.deep.equal(['ACC-1002']);
    await expect(el).to.be.accessible();
  });

  it('turns date presets into study date ranges relative to today', async () => {
    const { client, requests } = syntheticClient(0);
    const el = mount();
    el.client = client;
    await settled(el);
    const da = (d: Date) =>
      `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
    const now = new Date();
    const daysAgo = (n: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - n);
    const cases: [NonNullable<FoveaStudyList['filters']['datePreset']>, string][] = [
      ['today', da(now)],
      ['yesterday', da(daysAgo(1))],
      ['last-7-days', `${da(daysAgo(6))}-${da(now)}`],
      ['last-30-days', `${da(daysAgo(29))}-${da(now)}`],
    ];
    for (const [datePreset, expected] of cases) {
      el.filters = { datePreset };
      await settled(el);
      expect(requests.at(-1)!.query.get('StudyDate'), datePreset).to.equal(expected);
    }
    el.filters = {};
    await settled(el);
    expect(requests.at(-1)!.query.has('StudyDate')).to.equal(false);
  });

  it('cancels the previous search when the filters change', async () => {
    const { client, requests } = syntheticClient(30, { delayMs: 300 });
    const el = mount();
    el.client = client;
    await until('first request', () => requests.length === 1);
    el.filters = { patientId: 'SYN-0001' };
    await settled(el);
    expect(requests).to.have.length(2);
    expect(requests[0]!.signal?.aborted, 'first search aborted').to.equal(true);
    expect(requests[1]!.signal?.aborted).to.equal(false);
    expect(requests[1]!.query.get('PatientID')).to.equal('SYN-0001*');
  });

  it('shows the HTML-payload patient’s values as literal text and runs no script', async () => {
    const w = window as unknown as { __foveaXss?: unknown; alert: (m?: unknown) => void };
    delete w.__foveaXss;
    let alerted = false;
    const originalAlert = w.alert;
    w.alert = () => (alerted = true);
    try {
      const { client, queries } = recordingClient();
      const el = mount({ 'patient-id': 'FOVEA-0003', columns: 'patient-name patient-id description accession' });
      el.client = client;
      await settled(el);
      expect(lastQuery(queries).get('PatientID'), 'exact match, no wildcard').to.equal('FOVEA-0003');
      const [row] = rowTexts(el);
      // Orthanc splits the name at "=" into PN groups; the alphabetic group is shown.
      expect(row![0]).to.equal('<img src');
      expect(row![2]).to.equal('<script>window.__foveaXss=1</script>');
      expect(row![3]).to.equal('<i>ACC</i>');
      const body = shadow(el).querySelector('[part="body"]')!;
      expect(body.querySelectorAll('img, script, svg, iframe, i, b')).to.have.length(0);
      expect(shadow(el).querySelector('[part~="filter-patient-id"]'), 'no ID filter for a fixed patient').to.equal(
        null,
      );
      await afterBrokenImage();
      expect(w.__foveaXss).to.equal(undefined);
      expect(alerted).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      w.alert = originalAlert;
    }
  });

  it('restricts to the chart’s patient with the IID parameters', async () => {
    const { client, queries } = recordingClient();
    const el = mount({
      'patient-id': 'FOVEA-0001',
      'patient-birth-date': '1958-07-23',
      'lower-date-time': '2024-03-16T00:00:00',
      columns: 'patient-id accession',
    });
    el.client = client;
    await settled(el);
    const query = lastQuery(queries);
    expect(query.get('PatientID')).to.equal('FOVEA-0001');
    expect(query.get('PatientBirthDate')).to.equal('19580723');
    expect(query.get('StudyDate')).to.equal('20240316-');
    expect(rowTexts(el)).to.deep.equal([['FOVEA-0001', 'ACC-1002']]);

    // The user's date range narrows the chart's further; an issuer is sent as IssuerOfPatientID.
    el.issuerOfPatientId = 'HOSP';
    el.filters = { datePreset: 'custom', dateTo: '2024-03-20' };
    await settled(el);
    expect(lastQuery(queries).get('StudyDate')).to.equal('20240316-20240320');
    expect(lastQuery(queries).get('IssuerOfPatientID')).to.equal('HOSP');
  });

  it('shows only the n most recent studies with IID mostRecentResults', async () => {
    const { client } = recordingClient();
    const el = mount({ 'patient-id': 'FOVEA-0001', 'most-recent-results': '1', columns: 'patient-id accession' });
    el.client = client;
    await settled(el);
    // FOVEA-0001 has ACC-1001 (2024-03-15) and ACC-1002 (2024-03-16).
    expect(rowTexts(el)).to.deep.equal([['FOVEA-0001', 'ACC-1002']]);
    expect(status(el)!.textContent).to.equal('1 study');
    el.mostRecentResults = undefined;
    await settled(el);
    expect(column(el, 1).sort()).to.deep.equal(['ACC-1001', 'ACC-1002']);

    // Every page is read before choosing (QIDO-RS cannot sort).
    const synthetic = syntheticClient(250);
    const paged = mount({ 'patient-id': 'SYN-1', 'most-recent-results': '2', 'page-size': '100' });
    paged.client = synthetic.client;
    await settled(paged);
    expect(synthetic.requests.map((r) => r.query.get('offset'))).to.deep.equal(['0', '100', '200']);
    expect(paged.studies).to.have.length(2);
    expect(paged.complete).to.equal(true);
  });

  it('refuses a wildcard patient ID with an error instead of listing other patients', async () => {
    const { client, requests } = syntheticClient(10);
    const el = mount({ 'patient-id': 'FOVEA-*' });
    const errored = new Promise<FoveaErrorEvent>((resolve) =>
      el.addEventListener('fovea-error', resolve, { once: true }),
    );
    el.client = client;
    const event = await errored;
    await el.updateComplete;
    expect(event.detail.code).to.equal('parse');
    expect(requests).to.have.length(0);
    expect(status(el)!.getAttribute('role')).to.equal('alert');
    expect(status(el)!.textContent).to.contain('The patient identifier given to the study list is not valid.');
  });

  it('selects a study with the keyboard only', async () => {
    const { client } = recordingClient();
    const before = document.createElement('button');
    before.className = 'before';
    before.textContent = 'before';
    document.body.append(before);
    const el = mount({ 'filter-fields': '', columns: 'patient-id accession' });
    el.client = client;
    await settled(el);
    el.sort = { column: 'accession', direction: 'ascending' };
    await el.updateComplete;
    const expected = el.studies[1]!;
    before.focus();
    // Tab past the two sort buttons into the grid's single tab stop.
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'Tab' });
    const active = () => shadow(el).activeElement as HTMLElement | null;
    expect(active()?.getAttribute('role')).to.equal('gridcell');
    expect(active()?.closest('[role="row"]')?.getAttribute('aria-rowindex')).to.equal('2');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowRight' });
    expect(active()?.closest('[role="row"]')?.getAttribute('aria-rowindex')).to.equal('3');
    expect(active()?.dataset['column']).to.equal('1');
    const selected = new Promise<FoveaStudySelectEvent>((resolve) =>
      el.addEventListener('fovea-study-select', resolve, { once: true }),
    );
    await sendKeys({ press: 'Enter' });
    const event = await selected;
    expect(event.detail.study.studyInstanceUid).to.equal(expected.studyInstanceUid);
    expect(el.selectedStudyUid).to.equal(expected.studyInstanceUid);
    expect(el.getAttribute('selected-study-uid')).to.equal(expected.studyInstanceUid);
    await el.updateComplete;
    const row = active()!.closest('[role="row"]')!;
    expect(row.getAttribute('aria-selected')).to.equal('true');
    expect(row.getAttribute('part')).to.contain('row-selected');
    await expect(el).to.be.accessible();
  });

  it('sorts the loaded rows by a column header, both ways', async () => {
    const { client } = recordingClient();
    const el = mount({ columns: 'accession study-date' });
    el.client = client;
    await settled(el);
    const button = () => shadow(el).querySelector<HTMLButtonElement>('[part~="column-header-study-date"] button')!;
    const header = () => shadow(el).querySelector('[part~="column-header-study-date"]')!;
    const uids = () => el.studies.map((s) => s.studyDate);
    const key = (d: { year: number; month: number; day: number } | undefined) =>
      d ? d.year * 10_000 + d.month * 100 + d.day : Infinity;
    button().click();
    await el.updateComplete;
    expect(header().getAttribute('aria-sort')).to.equal('ascending');
    const ascending = uids().map(key);
    expect(ascending).to.deep.equal([...ascending].sort((a, b) => a - b));
    button().click();
    await el.updateComplete;
    expect(header().getAttribute('aria-sort')).to.equal('descending');
    const descending = uids().map(key).filter(Number.isFinite);
    expect(descending).to.deep.equal([...descending].sort((a, b) => b - a));
    button().click();
    await el.updateComplete;
    expect(header().hasAttribute('aria-sort')).to.equal(false);
  });

  it('formats dates for its locale and uses the host’s messages', async () => {
    const { client } = recordingClient();
    const el = mount({
      locale: 'de-DE',
      columns: 'patient-name birth-date study-date accession',
      'patient-id': 'FOVEA-0001',
    });
    el.messages = { 'studyList.column.patient-name': 'Patient:in', 'studyList.count.other': '{count} Studien' };
    el.client = client;
    await settled(el);
    const row = rowTexts(el).find((r) => r[3] === 'ACC-1002')!;
    const date = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium' });
    const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' });
    expect(row[1]).to.equal(date.format(new Date(1958, 6, 23)));
    expect(row[2]).to.equal(dateTime.format(new Date(2024, 2, 16, 14, 15, 0)));
    expect(shadow(el).querySelector('[role="columnheader"]')!.textContent!.trim()).to.equal('Patient:in');
    expect(status(el)!.textContent).to.equal(`${rowTexts(el).length} Studien`);
  });

  it('renders a bounded number of rows for 10,000 studies and reaches the last with End', async () => {
    const { client, requests } = syntheticClient(10_000);
    const el = mount({ columns: 'patient-id patient-name study-date' });
    el.client = client;
    await settled(el);
    expect(requests, 'one page at first').to.have.length(1);
    expect(el.studies).to.have.length(100);
    const rendered = () => rowElements(el).length;
    expect(rendered()).to.be.within(10, 40);

    const grid = shadow(el).querySelector<HTMLElement>('[role="grid"]')!;
    grid.scrollTop = 90 * 32;
    await until('the next page on scroll', () => el.studies.length > 100);
    await el.updateComplete;
    expect(rendered()).to.be.within(10, 40);
    // The rows around the scroll position, plus the active (focusable) row 0 kept for focus.
    const indices = rowElements(el).map((r) => Number(r.dataset['row']));
    expect(indices).to.include(0);
    expect(Math.min(...indices.filter((i) => i !== 0))).to.be.greaterThan(60);
    expect(Math.max(...indices)).to.be.greaterThan(95);

    // Focusing the kept active row scrolls back to it; re-rendering must not move it and drop focus.
    rowElements(el)[0]!.querySelector<HTMLElement>('[role="gridcell"]')!.focus();
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect(shadow(el).activeElement?.getAttribute('title')).to.equal('SYN-00000');
    const started = performance.now();
    await sendKeys({ press: 'End' });
    await until(
      'the last row focused',
      () => {
        const cell = shadow(el).activeElement;
        return cell?.closest('[role="row"]')?.getAttribute('aria-rowindex') === '10001';
      },
      60_000,
    );
    console.log(`End through 10,000 studies: ${Math.round(performance.now() - started)} ms`);
    expect(el.complete).to.equal(true);
    expect(el.studies).to.have.length(10_000);
    expect(grid.getAttribute('aria-rowcount')).to.equal('10001');
    const focusedRow = shadow(el).activeElement!.closest<HTMLElement>('[role="row"]')!;
    expect(focusedRow.querySelector('[role="gridcell"]')!.textContent!.trim()).to.equal('SYN-09999');
    const bounds = focusedRow.getBoundingClientRect();
    const view = grid.getBoundingClientRect();
    expect(bounds.bottom, 'last row scrolled into view').to.be.at.most(view.bottom + 1);
    expect(rendered()).to.be.within(10, 40);
    const offsets = requests.map((r) => Number(r.query.get('offset')));
    expect(offsets).to.deep.equal(Array.from({ length: 101 }, (_, i) => i * 100));

    await sendKeys({ press: 'Home' });
    await until(
      'the first row focused',
      () => shadow(el).activeElement?.closest('[role="row"]')?.getAttribute('aria-rowindex') === '2',
    );
    expect(grid.scrollTop).to.equal(0);
    expect(rendered()).to.be.within(10, 40);
    await expect(el).to.be.accessible();
  });

  it('shows an empty state', async () => {
    const { client } = recordingClient();
    const el = mount();
    el.client = client;
    el.filters = { patientId: 'NOBODY-HERE' };
    await settled(el);
    expect(status(el)!.dataset['kind']).to.equal('empty');
    expect(status(el)!.textContent).to.equal('No studies match the filters.');
    expect(rowElements(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('shows a loading state, then an error state with a typed fovea-error and a retry', async () => {
    let answer = 500;
    const { client } = syntheticClient(3, { delayMs: 200, status: () => answer });
    const el = mount();
    const errored = new Promise<FoveaErrorEvent>((resolve) =>
      el.addEventListener('fovea-error', resolve, { once: true }),
    );
    el.client = client;
    await el.updateComplete;
    expect(status(el)!.dataset['kind']).to.equal('loading');
    expect(status(el)!.textContent).to.equal('Loading studies…');
    expect(shadow(el).querySelector('[role="grid"]')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    const event = await errored;
    await el.updateComplete;
    expect(event.detail.code).to.equal('http');
    expect(event.detail.message).to.equal('The image server answered with an error.');
    expect(status(el)!.getAttribute('role')).to.equal('alert');
    expect(status(el)!.textContent).to.contain('The image server answered with an error.');
    await expect(el).to.be.accessible();
    answer = 200;
    shadow(el).querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await settled(el);
    expect(rowElements(el)).to.have.length(3);
  });

  it('says no server is configured, and makes its own client from dicomweb-root', async () => {
    const el = mount();
    await el.updateComplete;
    expect(status(el)!.textContent).to.equal('No image server is configured.');
    await expect(el).to.be.accessible();
    el.quirks = ORTHANC_QUIRKS;
    el.dicomwebRoot = '/dicom-web';
    await settled(el);
    expect(rowElements(el).length).to.be.greaterThan(2);
  });

  it('keeps the viewport and Cornerstone off the page', () => {
    expect(customElements.get('fovea-viewport')).to.equal(undefined);
    const loaded = performance.getEntriesByType('resource').map((e) => e.name);
    expect(loaded.filter((name) => /viewport|adapter|cornerstone|decodeImageFrame/i.test(name))).to.deep.equal([]);
    expect(loaded.some((name) => /fovea-study-list/.test(name))).to.equal(true);
  });
});
