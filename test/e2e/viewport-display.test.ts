// What a radiologist sees: window, inversion, rotation, orientation markers,
// scale bar, MONOCHROME1, cine and PNG export, on the phantom through Orthanc.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { FoveaViewport } from '@fovea-dicom/elements';
import { CT_WATER_DISC, XRAY_SPINE } from '@fovea-dicom/demo/sample/phantom.js';
import { findSeries } from '../helpers/corpus.js';
import { setViewport } from '../helpers/commands.js';
import { until } from '../helpers/wait.js';
import { frames, greyAt, mountViewport, nextImage } from '../helpers/viewport.js';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const client = createDicomWebClient({ root: '/dicom-web' });

async function show(phantom: string, size = 512, syntax = EXPLICIT_LE): Promise<FoveaViewport> {
  const series = await findSeries(
    (s) => s.phantom === phantom && s.transferSyntaxUid === syntax,
    `${phantom} ${syntax}`,
  );
  const el = mountViewport(size);
  el.client = client;
  el.studyUid = series.studyInstanceUid;
  el.seriesUid = series.seriesInstanceUid;
  await nextImage(el);
  await frames();
  return el;
}

const part = (el: FoveaViewport, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);

describe('<fovea-viewport> display', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  it('marks an axial CT in radiological orientation and shows a scale bar', async () => {
    const el = await show('ct');
    await el.updateComplete;
    expect(part(el, 'orientation-left')?.textContent).to.equal('R');
    expect(part(el, 'orientation-right')?.textContent).to.equal('L');
    expect(part(el, 'orientation-top')?.textContent).to.equal('A');
    expect(part(el, 'orientation-bottom')?.textContent).to.equal('P');
    const label = part(el, 'scale-label')?.textContent ?? '';
    const mm = Number(/(\d+) mm/.exec(label)?.[1]);
    const px = parseFloat((part(el, 'scale-bar') as HTMLElement).style.width);
    // 512 px of 0.625 mm shown in 512 CSS px: 1.6 px per mm.
    expect(px / mm).to.be.closeTo(1.6, 0.05);
    const text = part(el, 'top-left')?.textContent ?? '';
    expect(text).to.contain('Müller, Jürgen');
  });

  it('labels a radiograph from its Patient Orientation, and turns the labels with the image', async () => {
    // The CR and the DX have Patient Orientation L\F but no Image Orientation (Patient): the renderer lays
    // such an image out as an axial slice, whose own labels (A at the top) would be wrong.
    const labels = (el: FoveaViewport) =>
      ['top', 'bottom', 'left', 'right'].map((edge) => part(el, `orientation-${edge}`)?.textContent ?? '-').join(' ');
    for (const phantom of ['cr', 'dx']) {
      const el = await show(phantom, 256);
      await el.updateComplete;
      expect(part(el, 'top-left')?.textContent, `${phantom}: the overlay is on`).to.not.equal('');
      await until(`${phantom}: labels`, () => labels(el) === 'H F R L', 10_000).catch(() => undefined);
      expect(labels(el), `${phantom}: top, bottom, left, right`).to.equal('H F R L');
      el.rotation = 90;
      await until(`${phantom}: the labels turned`, () => labels(el) === 'R L F H', 10_000).catch(() => undefined);
      expect(labels(el), `${phantom}: turned 90 degrees clockwise`).to.equal('R L F H');
      el.remove();
    }
  });

  it('draws at the screen’s device pixel ratio on a high-DPI screen', async () => {
    await setViewport({ width: 800, height: 600, deviceScaleFactor: 2 });
    try {
      expect(window.devicePixelRatio).to.equal(2);
      const el = await show('ct', 256);
      const canvas = el.canvas!;
      // Two device pixels per CSS pixel, so the 512-pixel image is drawn at full resolution in 256 CSS
      // px, with WebGL and on the CPU (Cornerstone's CPU path is patched for it: see cornerstone-patches).
      const scale = 2;
      expect([canvas.width, canvas.height]).to.deep.equal([256 * scale, 256 * scale]);
      expect(canvas.getBoundingClientRect().width).to.equal(256);
      // Same picture as at 1x: water at the header window's grey.
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const at = (v: number) => Math.round((v * scale) / 2);
      const [r] = ctx.getImageData(at(CT_WATER_DISC.cx), at(CT_WATER_DISC.cy), 1, 1).data;
      expect(r).to.be.within(95, 110);
      // The scale bar is in CSS pixels: 256 CSS px for 320 mm (once the engine has settled its resize).
      const ratio = () => {
        const mm = Number(/(\d+) mm/.exec(part(el, 'scale-label')?.textContent ?? '')?.[1]);
        return parseFloat((part(el, 'scale-bar') as HTMLElement).style.width) / mm;
      };
      await until('scale bar at 0.8 px/mm', () => Math.abs(ratio() - 0.8) < 0.03, 2000).catch(() => undefined);
      expect(ratio()).to.be.closeTo(0.8, 0.03);
    } finally {
      await setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
    }
  });

  it('redraws at the new pixel ratio when its window moves to a high-DPI screen', async () => {
    const el = await show('ct', 256);
    const canvas = el.canvas!;
    expect([canvas.width, canvas.height]).to.deep.equal([256, 256]);
    try {
      // Same CSS size of the viewport, twice the device pixels: its ResizeObserver stays quiet, only the
      // resolution media query changes. (Chromium re-evaluates media queries under DevTools emulation
      // only when the page's size changes too, hence 801.)
      await setViewport({ width: 801, height: 600, deviceScaleFactor: 2 });
      await until('canvas at 2x', () => el.canvas?.width === 512 && el.canvas.height === 512, 5000);
      await frames();
      const ctx = el.canvas!.getContext('2d', { willReadFrequently: true })!;
      const [r] = ctx.getImageData(CT_WATER_DISC.cx, CT_WATER_DISC.cy, 1, 1).data;
      expect(r, 'water at the header window, redrawn').to.be.within(95, 110);
      expect(el.canvas!.getBoundingClientRect().width).to.equal(256);
    } finally {
      await setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
    }
  });

  it('applies a window, inversion and rotation', async () => {
    const el = await show('ct');
    el.windowCenter = 0;
    el.windowWidth = 100;
    await el.updateComplete;
    await frames();
    expect(greyAt(el, CT_WATER_DISC.cx, CT_WATER_DISC.cy, 512), 'water at W100 L0').to.be.closeTo(127.5, 8);
    expect(el.currentVoi?.center).to.be.closeTo(0, 1);

    el.invert = true;
    await el.updateComplete;
    await frames();
    expect(greyAt(el, 8, 8, 512), 'air inverted').to.be.greaterThan(250);

    el.invert = false;
    el.rotation = 90;
    await el.updateComplete;
    await frames();
    // Clockwise: image (x, y) lands at (511 - y, x).
    expect(greyAt(el, 511 - CT_WATER_DISC.cy, CT_WATER_DISC.cx, 512), 'water disc after rotation').to.be.closeTo(
      127.5,
      8,
    );
    expect(part(el, 'orientation-top')?.textContent, 'patient right is up after 90° clockwise').to.equal('R');

    el.reset();
    await el.updateComplete;
    await frames();
    expect(greyAt(el, CT_WATER_DISC.cx, CT_WATER_DISC.cy, 512)).to.be.lessThan(120);
  });

  it('offers every header window as a preset', async () => {
    const el = await show('ct');
    expect(el.voiPresets.map((p) => [p.center, p.width])).to.deep.equal([
      [40, 400],
      [-600, 1500],
      [400, 1800],
    ]);
    el.applyVoiPreset(1);
    await el.updateComplete;
    expect(el.windowCenter).to.equal(-600);
    expect(el.windowWidth).to.equal(1500);
  });

  it('shows MONOCHROME1 inverted, as the standard says: like the same picture in MONOCHROME2', async () => {
    // 2000 x 2500 fitted into 500 x 500: 5 image pixels per CSS pixel, 50 px margins left and right.
    const at = (x: number, y: number) => [x / 5 + 50, y / 5] as const;
    const spine = at((XRAY_SPINE.x0 + XRAY_SPINE.x1) / 2, 1450);
    const corner = at(20, 2480);
    const cr = await show('cr', 500);
    const crSpine = greyAt(cr, spine[0], spine[1], 500);
    const crCorner = greyAt(cr, corner[0], corner[1], 500);
    cr.remove();
    const dx = await show('dx', 500);
    const dxSpine = greyAt(dx, spine[0], spine[1], 500);
    expect(crSpine - crCorner, 'bone brighter than background').to.be.greaterThan(80);
    expect(crSpine, 'MONOCHROME1 looks like MONOCHROME2').to.be.closeTo(dxSpine, 25);
  });

  it('plays and pauses an ultrasound cine', async () => {
    const el = await show('us', 320);
    expect(el.imageCount).to.equal(30);
    // Cine of a loaded stack: wait for the prefetch to finish.
    await new Promise<void>((resolve) => {
      if (el.loadedImageCount === el.imageCount) resolve();
      const check = (e: Event) => {
        const { loaded, total } = (e as CustomEvent<{ loaded: number; total: number }>).detail;
        if (loaded === total) resolve();
      };
      el.addEventListener('fovea-load-progress', check);
    });
    const seen = new Set<number>();
    const stepTimes: number[] = [];
    const onChange = (e: Event) => {
      seen.add((e as CustomEvent<{ index: number }>).detail.index);
      stepTimes.push(performance.now());
    };
    el.addEventListener('fovea-image-change', onChange);
    el.play();
    expect(el.playing).to.equal(true);
    await until('cine advanced through more than 5 images', () => seen.size > 5);
    el.pause();
    expect(el.playing).to.equal(false);
    const after = el.imageIndex;
    // Let animation frames go by for twice the longest step seen while playing: cine would have moved.
    const pausedAt = performance.now();
    const interval = Math.max(...stepTimes.slice(1).map((t, i) => t - stepTimes[i]!));
    while (performance.now() - pausedAt < 2 * interval) await frames(1);
    await frames(2);
    expect(el.imageIndex, 'paused').to.equal(after);
    el.removeEventListener('fovea-image-change', onChange);
  });

  it('exports the image as PNG, with and without overlays', async () => {
    const el = await show('ct', 256);
    const plain = await el.toPng();
    const annotated = await el.toPng({ overlays: true });
    for (const blob of [plain, annotated]) {
      expect(blob.type).to.equal('image/png');
      const head = new Uint8Array(await blob.slice(0, 24).arrayBuffer());
      expect([...head.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).to.equal('PNG');
      const width = new DataView(head.buffer).getUint32(16);
      expect(width).to.equal(el.canvas!.width);
    }
    const bitmap = async (b: Blob) => {
      const img = await createImageBitmap(b);
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, img.width, 40).data;
    };
    const [a, b] = await Promise.all([bitmap(plain), bitmap(annotated)]);
    let differ = 0;
    for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) > 40) differ++;
    expect(differ, 'overlay text drawn into the top rows').to.be.greaterThan(50);
  });

  it('never shows a stale series after quick switches', async () => {
    const ct = await findSeries((s) => s.phantom === 'ct' && s.transferSyntaxUid === EXPLICIT_LE, 'ct');
    const cr = await findSeries((s) => s.phantom === 'cr' && s.transferSyntaxUid === EXPLICIT_LE, 'cr');
    // Counts the requests still waiting for an answer, stale ones included.
    let inFlight = 0;
    const counting = createDicomWebClient({
      root: '/dicom-web',
      fetch: (input, init) => {
        inFlight++;
        return fetch(input, init).finally(() => inFlight--);
      },
    });
    const el = mountViewport(256);
    el.client = counting;
    for (let i = 0; i < 50; i++) {
      const s = i % 2 === 0 ? cr : ct;
      el.imageIndex = -1;
      el.studyUid = s.studyInstanceUid;
      el.seriesUid = s.seriesInstanceUid;
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 0 : 15));
    }
    // The last one set is the CT: wait until its whole stack is loaded and every request made
    // on the way (the switched-away series' too) has been answered, so a stale answer had its chance.
    await until(
      'the CT loaded and every request answered',
      () => el.imageCount === ct.instances && el.loadedImageCount === ct.instances && inFlight === 0,
      60_000,
    );
    await frames();
    expect(el.imageCount).to.equal(ct.instances);
    expect(el.getAttribute('aria-label')).to.equal(`Image ${el.imageIndex + 1} of ${ct.instances}`);
    expect(part(el, 'top-right')?.textContent).to.contain('Abdomen');
  });
});
