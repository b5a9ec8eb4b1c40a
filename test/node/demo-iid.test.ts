// The demo's IHE Invoke Image Display endpoint, end to end: the embedded dev
// DICOMweb server over the sample studies, the standalone bundle, Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { FoveaStudyList, FoveaViewer } from '@fovea-dicom/elements';
import { chromiumArgs, findChromium } from '../../scripts/lib/chromium.mjs';
import { startDemoServer } from '@fovea-dicom/demo/server/demo-server.js';
import { writeSamples } from '@fovea-dicom/demo/sample/make-samples.js';
import { uids } from '@fovea-dicom/demo/sample/instances.js';
import { STUDIES } from '@fovea-dicom/demo/sample/studies.js';

let samples = '';
let demo: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;

before(async () => {
  samples = mkdtempSync(join(tmpdir(), 'fovea-iid-'));
  writeSamples(samples, { small: true });
  demo = await startDemoServer({ port: 0, samplesDir: samples });
  browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: chromiumArgs('webgl') });
});

after(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(samples, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL(path, demo.url).href);
  await page.waitForFunction(
    () =>
      document
        .querySelector('fovea-viewer')
        ?.shadowRoot?.querySelector('fovea-viewport')
        ?.getAttribute('aria-label')
        ?.startsWith('Image'),
    { timeout: 30_000 },
  );
  assert.deepEqual(errors, []);
  return page;
}

/** What the viewer shows: the modality of its active viewport, and the study. */
const shown = (page: Page) =>
  page.$eval('fovea-viewer', (el) => {
    const viewer = el as FoveaViewer;
    return { modality: viewer.activeViewport?.modality, studyUid: viewer.shownStudyUid };
  });

describe('demo IHE IID endpoint', () => {
  it('opens the requested study and removes the patient parameters from the address', async () => {
    const mr = STUDIES.find((s) => s.series.some((se) => se.kind === 'mr'))!;
    const page = await open(`/iid?requestType=STUDY&studyUID=${uids.study(mr)}&viewerType=IHE_BIR`);
    assert.deepEqual(await shown(page), { modality: 'MR', studyUid: uids.study(mr) });
    const selected = await page.$eval('fovea-study-list', (list) => (list as FoveaStudyList).selectedStudyUid);
    assert.equal(selected, uids.study(mr), 'the study list marks the launched study');
    const address = new URL(page.url());
    assert.equal(address.pathname, '/iid');
    assert.equal(address.searchParams.get('studyUID'), null, 'studyUID stripped');
    assert.equal(address.searchParams.get('requestType'), 'STUDY', 'non-patient parameters stay');
    await page.close();
  });

  it('opens the chart of the requested patient', async () => {
    const page = await open('/iid?requestType=PATIENT&patientID=FOVEA-0002');
    assert.match(await page.$eval('#patient-name', (h) => h.textContent ?? ''), /Yamada/);
    assert.equal(new URL(page.url()).searchParams.get('patientID'), null, 'patientID stripped');
    await page.close();
  });

  it('lists only the most recent studies a PATIENT launch asks for (mostRecentResults)', async () => {
    const yamada = STUDIES.filter((s) => s.patient.id === 'FOVEA-0002');
    assert.ok(yamada.length > 1, 'the sample patient has several studies');
    const newest = [...yamada].sort((a, b) => b.date.localeCompare(a.date))[0]!;
    const page = await open('/iid?requestType=PATIENT&patientID=FOVEA-0002&mostRecentResults=1');
    await page.waitForFunction(
      () =>
        document
          .querySelector('fovea-study-list')
          ?.shadowRoot?.querySelector('[part="status"]')
          ?.getAttribute('data-kind') === 'ready',
      { timeout: 30_000 },
    );
    const listed = await page.$eval('fovea-study-list', (list) =>
      (list as FoveaStudyList).studies.map((s) => s.accessionNumber),
    );
    assert.deepEqual(listed, [newest.accessionNumber]);
    assert.equal(new URL(page.url()).searchParams.get('mostRecentResults'), '1', 'not a patient parameter: it stays');
    await page.close();
  });

  it('says so when the launch request is not valid', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('/iid?requestType=STUDY', demo.url).href);
    await page.waitForFunction(() => document.getElementById('list-status')?.textContent !== '', { timeout: 15_000 });
    assert.equal(await page.$eval('#list-status', (p) => p.textContent), 'The launch request is not valid.');
    await page.close();
  });
});
