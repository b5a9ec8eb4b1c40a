// <fovea-study-list> paging through a few hundred studies on the real Orthanc:
// the test stores 240 small studies for one patient (STOW-RS through the core
// client), pages through them with limit / offset to the last, and deletes
// them again through Orthanc's REST API so that other tests see the corpus only.
import { expect } from '@open-wc/testing';
import { createDicomWebClient, type DicomWebClient } from '@fovea-dicom/core';
import '@fovea-dicom/elements';
import type { FoveaStudyList } from '@fovea-dicom/elements';
import { dataset, writeDicomFile } from '@fovea-dicom/demo/sample/dicom-writer.js';
import { sendKeys } from '../helpers/commands.js';
import { until } from '../helpers/wait.js';

const PATIENT = 'FOVEA-PAGING';
const COUNT = 240;
const ROOT = '2.25.318000000000000000000000000000';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

/** A 2x2 secondary-capture image in study `i` (accession PAGE-0001 … in study order). */
function study(i: number): Uint8Array {
  const n = String(i + 1).padStart(4, '0');
  const sop = `${ROOT}3${i}`;
  return writeDicomFile(
    dataset([
      [0x00080016, 'UI', SECONDARY_CAPTURE],
      [0x00080018, 'UI', sop],
      [0x00080020, 'DA', '20200101'],
      [0x00080030, 'TM', String(100000 + i)],
      [0x00080050, 'SH', `PAGE-${n}`],
      [0x00080060, 'CS', 'OT'],
      [0x00081030, 'LO', `Paging study ${n}`],
      [0x00100010, 'PN', 'Paging^Test'],
      [0x00100020, 'LO', PATIENT],
      [0x0020000d, 'UI', `${ROOT}1${i}`],
      [0x0020000e, 'UI', `${ROOT}2${i}`],
      [0x00200013, 'IS', 1],
      [0x00280002, 'US', 1],
      [0x00280004, 'CS', 'MONOCHROME2'],
      [0x00280010, 'US', 2],
      [0x00280011, 'US', 2],
      [0x00280100, 'US', 8],
      [0x00280101, 'US', 8],
      [0x00280102, 'US', 7],
      [0x00280103, 'US', 0],
      [0x7fe00010, 'OB', new Uint8Array([0, 85, 170, 255])],
    ]),
  );
}

async function removePatient(): Promise<void> {
  const found = await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: PATIENT });
  if (!found.ok) throw new Error(`Orthanc lookup: HTTP ${found.status}`);
  for (const { Type, ID } of (await found.json()) as { Type: string; ID: string }[]) {
    if (Type === 'Patient') await fetch(`/__fovea/orthanc/patients/${ID}`, { method: 'DELETE' });
  }
}

function recordingClient(): { client: DicomWebClient; offsets: number[] } {
  const offsets: number[] = [];
  const client = createDicomWebClient({
    root: '/dicom-web',
    fetch: (input, init) => {
      const url = new URL(String(input), location.href);
      if (url.pathname.endsWith('/studies')) offsets.push(Number(url.searchParams.get('offset')));
      return fetch(input, init);
    },
  });
  return { client, offsets };
}

const shadow = (el: FoveaStudyList) => el.shadowRoot!;

describe('<fovea-study-list> paging on Orthanc', () => {
  before(async function () {
    this.timeout(180_000);
    await removePatient();
    const files = Array.from({ length: COUNT }, (_, i) => study(i));
    const result = await createDicomWebClient({ root: '/dicom-web' }).storeInstances(files, { batchSize: 60 });
    expect(result.failed, 'every study stored').to.have.length(0);
  });

  after(async () => {
    document.querySelectorAll('fovea-study-list').forEach((el) => el.remove());
    await removePatient();
  });

  it('pages with limit and offset to the last of 240 studies', async () => {
    const { client, offsets } = recordingClient();
    const el = document.createElement('fovea-study-list');
    el.style.height = '400px';
    el.style.width = '760px';
    el.setAttribute('patient-id', PATIENT);
    el.setAttribute('page-size', '50');
    el.setAttribute('columns', 'accession description study-date');
    el.client = client;
    document.body.append(el);
    await until('first page', () => el.studies.length === 50);
    expect(el.complete).to.equal(false);
    // Keyboard only: focus the first cell, then End until every page is in.
    shadow(el).querySelector<HTMLElement>('[role="gridcell"]')!.focus();
    const focusedRow = () => shadow(el).activeElement?.closest('[role="row"]')?.getAttribute('aria-rowindex');
    await sendKeys({ press: 'End' });
    await until('the last study focused', () => focusedRow() === String(COUNT + 1), 60_000);
    expect(el.complete).to.equal(true);
    expect(el.studies).to.have.length(COUNT);
    expect(new Set(el.studies.map((s) => s.studyInstanceUid)).size, 'no study twice').to.equal(COUNT);
    expect([...new Set(offsets)]).to.deep.equal([0, 50, 100, 150, 200]);
    const accessions = el.studies.map((s) => s.accessionNumber).sort();
    expect(accessions[0]).to.equal('PAGE-0001');
    expect(accessions.at(-1)).to.equal(`PAGE-0${COUNT}`);
    const status = shadow(el).querySelector('[part="status"]')!;
    expect(status.textContent).to.equal(`${COUNT} studies`);
  });
});
