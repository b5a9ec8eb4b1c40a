// VOI LUT Sequence display on the real Orthanc: the test writes small images
// with VOI LUTs (dicom-writer), STOWs them, checks the canvas against the
// LUTs' outputs in the running rendering mode (e2e-webgl: the colormap path,
// e2e-cpu: Cornerstone's patched VOI LUT path), and deletes them afterwards.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import '@fovea-dicom/elements';
import type { FoveaToolbar, FoveaViewport, FoveaVoiChangeEvent } from '@fovea-dicom/elements';
import {
  BAND,
  expectedGrey,
  file,
  GAMMA,
  IMAGES,
  PATIENT,
  SIZE,
  STEPS,
  STUDY,
  type TestImage,
} from '../helpers/voi-lut-objects.js';
import { until } from '../helpers/wait.js';
import { frames, greyAt, mountViewport, nextImage } from '../helpers/viewport.js';

const client = createDicomWebClient({ root: '/dicom-web' });

async function removePatient(): Promise<void> {
  const found = await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: PATIENT });
  if (!found.ok) throw new Error(`Orthanc lookup: HTTP ${found.status}`);
  for (const { Type, ID } of (await found.json()) as { Type: string; ID: string }[]) {
    if (Type === 'Patient') await fetch(`/__fovea/orthanc/patients/${ID}`, { method: 'DELETE' });
  }
}

async function show(image: TestImage): Promise<FoveaViewport> {
  const el = mountViewport(512);
  el.client = client;
  el.studyUid = STUDY;
  el.seriesUid = image.series;
  await nextImage(el);
  await frames(3);
  return el;
}

/** The grey at the centre of band `b`. */
const band = (el: FoveaViewport, b: number) => greyAt(el, b * BAND + BAND / 2, SIZE / 2, SIZE, 2);

function expectBands(el: FoveaViewport, image: TestImage, grey: (modality: number) => number, what: string): void {
  const shown = image.stored.map((_, b) => Math.round(band(el, b)));
  const expected = image.stored.map((v) => {
    const g = grey(v + image.intercept);
    return Math.round(image.monochrome1 ? 255 - g : g);
  });
  shown.forEach((g, b) =>
    expect(g, `${what}, band ${b} (stored ${image.stored[b]}): ${shown} vs ${expected}`).to.be.closeTo(expected[b]!, 2),
  );
}

async function settled(el: FoveaViewport): Promise<void> {
  await el.updateComplete;
  await frames(3);
}

const overlay = (el: FoveaViewport) => el.shadowRoot!.querySelector('[part~="bottom-right"]')?.textContent ?? '';

describe('<fovea-viewport> VOI LUT Sequence', () => {
  before(async function () {
    this.timeout(60_000);
    await removePatient();
    const result = await client.storeInstances(IMAGES.map(file));
    expect(result.failed, 'every object stored').to.have.length(0);
  });

  after(async () => {
    document.querySelectorAll('fovea-viewport, fovea-toolbar').forEach((el) => el.remove());
    await removePatient();
  });

  afterEach(() => document.querySelectorAll('fovea-viewport, fovea-toolbar').forEach((el) => el.remove()));

  for (const image of IMAGES) {
    it(`shows the first VOI LUT by default: ${image.name}`, async () => {
      const el = await show(image);
      const lut = image.luts[0]!;
      await until('the LUT applied', () => el.currentVoiLut !== undefined, 5000);
      expect(el.voiLutPresets.map((p) => p.explanation)).to.deep.equal(image.luts.map((l) => l.explanation));
      expect(el.voiLutPresets[0]).to.include({ firstMapped: lut.first, entries: lut.data.length, bits: lut.bits });
      await settled(el);
      expectBands(el, image, (v) => expectedGrey(lut, v), 'first LUT');
      expect(overlay(el)).to.contain(`LUT ${lut.explanation ?? 'VOI LUT 1'}`);
      expect(overlay(el)).to.not.match(/W \d+ L/);
    });
  }

  it('offers every window and LUT of the header in the presets menu, and applies each', async () => {
    const image = IMAGES[0]!;
    const el = await show(image);
    const toolbar = document.createElement('fovea-toolbar') as FoveaToolbar;
    toolbar.viewport = el;
    document.body.append(toolbar);
    await toolbar.updateComplete;
    await until('the LUT applied', () => el.currentVoiLut !== undefined, 5000);
    // Through the menu, as a person picks: open it, read the items, click one.
    const items = async () => {
      const open = () => toolbar.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="menuitem"]');
      if (open().length === 0) {
        toolbar.shadowRoot!.querySelector<HTMLButtonElement>('button[data-item="presets"]')!.click();
        await toolbar.updateComplete;
      }
      return [...open()];
    };
    const pick = async (label: string) => {
      const item = (await items()).find((b) => b.textContent?.trim() === label);
      expect(item, `menu item ${label}`).to.not.equal(undefined);
      item!.click();
    };
    expect((await items()).map((b) => b.textContent?.trim())).to.deep.equal(['LINEAR', 'GAMMA', 'STEPS', 'DIM']);
    const events: FoveaVoiChangeEvent['detail'][] = [];
    el.addEventListener('fovea-voi-change', (e) => events.push(e.detail));

    // The window: linear, and the event says no LUT applies.
    await pick('LINEAR');
    await settled(el);
    expect(el.currentVoiLut).to.equal(undefined);
    expect(events.at(-1)).to.include({ center: 2048, width: 4096, voiLut: undefined });
    const linear = (v: number) => Math.min(255, Math.max(0, ((v - 2047.5) / 4095 + 0.5) * 255));
    expectBands(el, image, linear, 'window preset');
    expect(overlay(el)).to.contain('W 4096 L 2048');

    // Each LUT in turn, the steps' edge between 511 and 512 included.
    for (const lut of image.luts) {
      await pick(lut.explanation!);
      await settled(el);
      expect(el.currentVoiLut?.explanation).to.equal(lut.explanation);
      expect(events.at(-1)?.voiLut?.explanation).to.equal(lut.explanation);
      expectBands(el, image, (v) => expectedGrey(lut, v), lut.explanation!);
      expect(overlay(el)).to.contain(`LUT ${lut.explanation}`);
    }
  });

  it('leaves the LUT for a window that is set or dragged, and reset() brings the default back', async () => {
    const image = IMAGES[0]!;
    const el = await show(image);
    await until('the LUT applied', () => el.currentVoiLut !== undefined, 5000);
    el.windowCenter = 1000;
    el.windowWidth = 2000;
    await settled(el);
    expect(el.currentVoiLut).to.equal(undefined);
    expectBands(el, image, (v) => Math.min(255, Math.max(0, ((v - 999.5) / 1999 + 0.5) * 255)), 'window set');

    el.reset();
    await settled(el);
    expect(el.currentVoiLut?.explanation).to.equal('GAMMA');
    expectBands(el, image, (v) => expectedGrey(GAMMA, v), 'after reset');

    // A drag with the window / level tool (primary button by default).
    let last: FoveaVoiChangeEvent['detail'] | undefined;
    el.addEventListener('fovea-voi-change', (e) => (last = e.detail));
    const r = el.canvas!.getBoundingClientRect();
    const init = { bubbles: true, composed: true, cancelable: true, button: 0, view: window };
    const point = (x: number, y: number) => ({ clientX: r.left + x, clientY: r.top + y });
    el.canvas!.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1, ...point(200, 200) }));
    for (let i = 1; i <= 6; i++) {
      el.canvas!.dispatchEvent(new MouseEvent('mousemove', { ...init, buttons: 1, ...point(200 + 10 * i, 200) }));
      await frames(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
    el.canvas!.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0, ...point(260, 200) }));
    await settled(el);
    expect(last, 'fovea-voi-change fired').to.not.equal(undefined);
    expect(last!.voiLut).to.equal(undefined);
    expect(el.currentVoiLut).to.equal(undefined);
    const { center, width } = el.currentVoi!;
    expect(width).to.be.greaterThan(0);
    const dragged = (v: number) => Math.min(255, Math.max(0, ((v - (center - 0.5)) / (width - 1) + 0.5) * 255));
    expectBands(el, image, dragged, 'dragged window');
    expect(overlay(el)).to.match(/W \d+ L -?\d+/);

    // And back to a LUT through the API.
    el.applyVoiLutPreset(1);
    await settled(el);
    expect(el.currentVoiLut?.explanation).to.equal('STEPS');
    expectBands(el, image, (v) => expectedGrey(STEPS, v), 'LUT after drag');
  });

  it('inverts a LUT on request, also for MONOCHROME1', async () => {
    const image = IMAGES[3]!;
    const el = await show(image);
    await until('the LUT applied', () => el.currentVoiLut !== undefined, 5000);
    el.invert = true;
    await settled(el);
    // MONOCHROME1 inverted once more: the LUT's own greys.
    expectBands(el, { ...image, monochrome1: false }, (v) => expectedGrey(GAMMA, v), 'MONOCHROME1 inverted');
  });
});
