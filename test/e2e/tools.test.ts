// The reading tools on the CT phantom through Orthanc, driven by mouse events
// dispatched inside the viewport's shadow root: Cornerstone's tools take the
// mousedown on the viewport element and follow the drag with listeners on
// `document`, so these tests prove those listeners work across the shadow boundary.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { FoveaMeasurementEvent, FoveaViewport, FoveaVoiChangeEvent, Measurement } from '@fovea-dicom/elements';
import { CT, CT_FAT_DISC, CT_RULER, CT_WATER_DISC } from '@fovea-dicom/demo/sample/phantom.js';
import { setViewport } from '../helpers/commands.js';
import { findSeries } from '../helpers/corpus.js';
import { clearFaults, literal, setFaults } from '../helpers/faults.js';
import { touchGesture, type Finger } from '../helpers/touch.js';
import { frames, mountViewport, nextImage } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const client = createDicomWebClient({ root: '/dicom-web' });

async function showCt(): Promise<FoveaViewport> {
  const series = await findSeries((s) => s.phantom === 'ct' && s.transferSyntaxUid === EXPLICIT_LE, 'ct');
  const el = mountViewport(512);
  el.client = client;
  let loaded = 0;
  let total = -1;
  el.addEventListener('fovea-load-progress', (e) => ({ loaded, total } = e.detail));
  el.studyUid = series.studyInstanceUid;
  el.seriesUid = series.seriesInstanceUid;
  await nextImage(el);
  // The whole stack in: the tools attach then, without waiting for a person (see the test of a drag
  // begun before).
  await until('the whole stack loaded', () => loaded === total, 20_000);
  await frames();
  return el;
}

/** Client coordinates of the centre of image pixel (x, y) on a fitted 512 x 512 viewport. */
function at(el: FoveaViewport, x: number, y: number): { clientX: number; clientY: number } {
  const r = el.canvas!.getBoundingClientRect();
  return { clientX: r.left + ((x + 0.5) * r.width) / CT.columns, clientY: r.top + ((y + 0.5) * r.height) / CT.rows };
}

const BUTTONS = { 0: 1, 1: 4, 2: 2 } as const;

/**
 * A drag from image pixel `from` to `to`: mousedown on the canvas inside the
 * shadow root, moves and mouseup on `moveTarget` (the canvas, or somewhere
 * outside the shadow root), composed like a browser's own events.
 */
async function drag(
  el: FoveaViewport,
  from: [number, number],
  to: [number, number],
  { button = 0 as 0 | 1 | 2, steps = 8, moveTarget = el.canvas as EventTarget } = {},
): Promise<void> {
  const init = { bubbles: true, composed: true, cancelable: true, button, view: window };
  el.canvas!.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: BUTTONS[button], ...at(el, ...from) }));
  for (let i = 1; i <= steps; i++) {
    const p: [number, number] = [from[0] + ((to[0] - from[0]) * i) / steps, from[1] + ((to[1] - from[1]) * i) / steps];
    moveTarget.dispatchEvent(new MouseEvent('mousemove', { ...init, buttons: BUTTONS[button], ...at(el, ...p) }));
    await frames(1);
  }
  // Cornerstone throttles drag moves: settle on the end point before letting go,
  // so a slow machine cannot leave the handle at an intermediate position.
  await new Promise((r) => setTimeout(r, 60));
  moveTarget.dispatchEvent(new MouseEvent('mousemove', { ...init, buttons: BUTTONS[button], ...at(el, ...to) }));
  await new Promise((r) => setTimeout(r, 60));
  await frames(1);
  moveTarget.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0, ...at(el, ...to) }));
  await frames(2);
}

/** Moves the mouse without a button over image pixel `p` (as between the clicks of an angle). */
async function hover(el: FoveaViewport, p: [number, number]): Promise<void> {
  const init = { bubbles: true, composed: true, cancelable: true, button: 0, buttons: 0, view: window };
  el.canvas!.dispatchEvent(new MouseEvent('mousemove', { ...init, ...at(el, ...p) }));
  await frames(1);
}

/** A left click on image pixel `p`. */
async function click(el: FoveaViewport, p: [number, number]): Promise<void> {
  const init = { bubbles: true, composed: true, cancelable: true, button: 0, view: window, ...at(el, ...p) };
  el.canvas!.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1 }));
  await frames(1);
  el.canvas!.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0 }));
  el.canvas!.dispatchEvent(new MouseEvent('click', { ...init, buttons: 0 }));
  await frames(2);
}

/** The first measurement reported (added or changed) that passes `test`, or undefined after `ms`. */
function reported(el: FoveaViewport, test: (m: Measurement) => boolean, ms = 5000): Promise<Measurement | undefined> {
  return new Promise((resolve) => {
    const types = ['fovea-measurement-add', 'fovea-measurement-change'] as const;
    const done = (m: Measurement | undefined) => {
      clearTimeout(timer);
      types.forEach((t) => el.removeEventListener(t, listener));
      resolve(m);
    };
    const listener = (e: FoveaMeasurementEvent) => {
      if (test(e.detail.measurement)) done(e.detail.measurement);
    };
    const timer = setTimeout(() => done(undefined), ms);
    types.forEach((t) => el.addEventListener(t, listener));
  });
}

function once<K extends 'fovea-measurement-add' | 'fovea-measurement-change'>(
  el: FoveaViewport,
  type: K,
): Promise<Measurement> {
  return new Promise((resolve) =>
    el.addEventListener(type, (e: FoveaMeasurementEvent) => resolve(e.detail.measurement), { once: true }),
  );
}

describe('reading tools', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  it('measures the phantom ruler as 100 mm within a pixel, from PixelSpacing', async () => {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    const added = once(el, 'fovea-measurement-add');
    const { y, x0, x1 } = { y: CT_RULER.y, x0: CT_RULER.x0, x1: CT_RULER.x1 };
    await drag(el, [x0, y], [x1, y]);
    const m = await added;
    expect(m.kind).to.equal('length');
    expect(m.unit).to.equal('mm');
    expect(m.spacing).to.equal('PixelSpacing');
    expect(m.value).to.be.closeTo(100, CT.pixelSpacingMm);
    expect(m.points[0]!.image[0]).to.be.closeTo(x0 + 0.5, 1);
    expect(m.points[1]!.image[1]).to.be.closeTo(y + 0.5, 1);
    expect(m.points[0]!.patient, 'patient coordinates').to.have.length(3);
    expect(m.image.sopInstanceUid).to.have.length.greaterThan(0);
    expect(el.getMeasurements().measurements).to.have.length(1);
  });

  it('measures the ruler right on a high-DPI screen too (device pixel ratio 2)', async () => {
    await setViewport({ width: 800, height: 600, deviceScaleFactor: 2 });
    try {
      const el = await showCt();
      expect(el.canvas!.width, 'drawn in device pixels').to.equal(1024);
      el.setTool('length');
      await el.updateComplete;
      const added = once(el, 'fovea-measurement-add');
      await drag(el, [CT_RULER.x0, CT_RULER.y], [CT_RULER.x1, CT_RULER.y]);
      const m = await added;
      expect(m.value).to.be.closeTo(100, CT.pixelSpacingMm);
      expect(m.points[0]!.image[0]).to.be.closeTo(CT_RULER.x0 + 0.5, 1);
    } finally {
      await setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
    }
  });

  it('follows a drag that leaves the shadow root (document-level listeners)', async () => {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    const added = once(el, 'fovea-measurement-add');
    // Moves and mouseup land on <html>, outside the viewport's shadow root.
    await drag(el, [CT_RULER.x0, 300], [CT_RULER.x1, 300], { moveTarget: document.documentElement });
    expect((await added).value).to.be.closeTo(100, CT.pixelSpacingMm);
  });

  it('reports the mean of an ellipse inside the water disc as 0 HU', async () => {
    const el = await showCt();
    el.setTool('ellipse');
    await el.updateComplete;
    const { cx, cy } = CT_WATER_DISC;
    await drag(el, [cx, cy], [cx + 18, cy + 18]);
    await frames(4);
    const [m] = el.getMeasurements().measurements;
    expect(m?.kind).to.equal('ellipse');
    expect(m?.stats?.unit).to.equal('HU');
    expect(m!.stats!.mean).to.be.closeTo(CT_WATER_DISC.hu, 1);
    expect(m!.stats!.stdDev).to.be.lessThan(1);
    expect(m?.unit).to.equal('mm²');
    expect(m!.value).to.be.greaterThan(0);
  });

  it('changes the window by the drag times Cornerstone’s dynamic-range multiplier', async () => {
    const el = await showCt();
    for (let i = 0; i < 50 && !el.currentVoi; i++) await frames(2);
    const before = el.currentVoi!;
    expect(before, 'a window is applied').to.not.equal(undefined);
    const values = el.pixelValues()!;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.data.length; i++) {
      min = Math.min(min, values.data[i]!);
      max = Math.max(max, values.data[i]!);
    }
    const ratio = (max - min) / 1024;
    const multiplier = ratio > 1 ? Math.round(ratio) : ratio;
    let last: FoveaVoiChangeEvent['detail'] | undefined;
    el.addEventListener('fovea-voi-change', (e) => (last = e.detail));
    await drag(el, [200, 200], [240, 220]); // primary button: window / level by default
    expect(last, 'fovea-voi-change fired').to.not.equal(undefined);
    expect(last!.width - before.width).to.be.closeTo(40 * multiplier, multiplier);
    expect(last!.center - before.center).to.be.closeTo(20 * multiplier, multiplier);
  });

  it('a drag begun while the rest of the stack is still on its way changes the window (the tools attach for it)', async function () {
    // The tools attach when a person first comes to the image or once the whole stack is in: here
    // every frame but the first is held back, so only the drag itself can bring them.
    this.timeout(30_000);
    const series = await findSeries((s) => s.phantom === 'ct' && s.transferSyntaxUid === EXPLICIT_LE, 'ct');
    // Held until the rules change (clearFaults below).
    await setFaults([{ path: `${literal(series.seriesInstanceUid)}.*/frames/`, after: 1, hold: true }]);
    try {
      const el = mountViewport(512);
      el.client = client;
      let loaded = 0;
      let total = 0;
      el.addEventListener('fovea-load-progress', (e) => ({ loaded, total } = e.detail));
      el.studyUid = series.studyInstanceUid;
      el.seriesUid = series.seriesInstanceUid;
      await nextImage(el);
      await until('a window applied', () => el.currentVoi !== undefined, 10_000);
      const before = el.currentVoi!;
      let last: FoveaVoiChangeEvent['detail'] | undefined;
      el.addEventListener('fovea-voi-change', (e) => (last = e.detail));
      await drag(el, [200, 200], [240, 220]);
      await until(
        'the held drag replayed to the tools',
        () => last !== undefined && last.width !== before.width,
        10_000,
      );
      expect(last!.width, 'wider').to.be.greaterThan(before.width);
      expect(total, 'a multi-image stack').to.be.greaterThan(1);
      expect(loaded, 'the rest of the stack still on its way').to.be.lessThan(total);
    } finally {
      document.querySelectorAll('fovea-viewport').forEach((el) => el.remove());
      await clearFaults();
    }
  });

  it('round-trips measurements through get / set', async () => {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    await drag(el, [CT_RULER.x0, CT_RULER.y], [CT_RULER.x1, CT_RULER.y]);
    el.setTool('rectangle');
    await el.updateComplete;
    await drag(el, [140, 175], [170, 205]);
    await frames(4);
    const stored = JSON.stringify(el.getMeasurements());
    const original = JSON.parse(stored).measurements as Measurement[];
    expect(original.map((m) => m.kind)).to.deep.equal(['length', 'rectangle']);

    el.setMeasurements({ format: 'fovea-measurements@1', measurements: [] });
    expect(el.getMeasurements().measurements).to.have.length(0);
    const skipped = el.setMeasurements(stored);
    expect(skipped).to.have.length(0);
    await frames(4);
    const restored = el.getMeasurements().measurements;
    expect(restored.map((m) => m.id)).to.deep.equal(original.map((m) => m.id));
    restored.forEach((m, i) => {
      const o = original[i]!;
      expect(m.kind).to.equal(o.kind);
      expect(m.value).to.be.closeTo(o.value!, 1e-6);
      m.points.forEach((p, j) => {
        expect(p.image[0]).to.be.closeTo(o.points[j]!.image[0], 1e-6);
        expect(p.image[1]).to.be.closeTo(o.points[j]!.image[1], 1e-6);
      });
    });
    expect(() => el.setMeasurements('{"format":"other"}')).to.throw(TypeError);
  });

  it('gives restored rectangle and ellipse ROIs their statistics without interaction', async () => {
    const el = await showCt();
    const { cx, cy } = CT_WATER_DISC;
    el.setTool('rectangle');
    await el.updateComplete;
    await drag(el, [cx - 12, cy - 12], [cx + 12, cy + 12]);
    el.setTool('ellipse');
    await el.updateComplete;
    await drag(el, [cx, cy], [cx + 18, cy + 18]); // the ellipse grows from its centre
    await frames(4);
    const drawn = el.getMeasurements().measurements;
    // A host stores what it got, perhaps without the statistics: setMeasurements must not rely on them.
    const stored = drawn.map(({ stats: _, ...m }) => m);
    expect(stored.map((m) => m.kind)).to.deep.equal(['rectangle', 'ellipse']);
    el.setMeasurements({ format: 'fovea-measurements@1', measurements: [] });
    await frames(2);

    const withStats = new Map<string, Measurement>();
    const got = new Promise<void>((resolve) =>
      el.addEventListener('fovea-measurement-change', (e) => {
        if (e.detail.measurement.stats) withStats.set(e.detail.measurement.id, e.detail.measurement);
        if (withStats.size === 2) resolve();
      }),
    );
    el.setMeasurements({ format: 'fovea-measurements@1', measurements: stored });
    await Promise.race([
      got,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('no stats for both measurements within 5 s')), 5000),
      ),
    ]);
    expect([...withStats.keys()].sort(), 'fovea-measurement-change with stats').to.deep.equal(
      stored.map((m) => m.id).sort(),
    );
    for (const m of [...withStats.values(), ...el.getMeasurements().measurements]) {
      const before = drawn.find((d) => d.id === m.id)!.stats!;
      expect(m.stats?.unit, m.kind).to.equal('HU');
      expect(m.stats!.mean, m.kind).to.be.closeTo(CT_WATER_DISC.hu, 1);
      expect(m.stats!.mean, `${m.kind} as drawn`).to.be.closeTo(before.mean, 1e-6);
      expect(m.stats!.max, `${m.kind} as drawn`).to.equal(before.max);
    }
    // and they are on screen: the text boxes show the mean.
    await frames(2);
    expect(el.toSvg().match(/Mean/gi), 'mean in the drawing').to.have.length(2);
  });

  it('gives a measurement restored on another slice its statistics when that slice is shown', async () => {
    const el = await showCt();
    const middle = el.imageIndex;
    const { cx, cy } = CT_WATER_DISC;
    el.setTool('rectangle');
    await el.updateComplete;
    await drag(el, [cx - 12, cy - 12], [cx + 12, cy + 12]);
    await frames(4);
    const stored = el.getMeasurements().measurements.map(({ stats: _, ...m }) => m);
    expect(stored).to.have.length(1);

    el.imageIndex = 0;
    await nextImage(el);
    const early = reported(el, (m) => m.stats !== undefined, 1000);
    expect(el.setMeasurements({ format: 'fovea-measurements@1', measurements: stored })).to.have.length(0);
    expect(await early, 'no statistics while the slice is not shown').to.equal(undefined);

    const shown = reported(el, (m) => m.stats !== undefined);
    el.imageIndex = middle;
    const m = await shown;
    expect(m?.id).to.equal(stored[0]!.id);
    expect(m!.stats!.mean).to.be.closeTo(CT_WATER_DISC.hu, 1);
  });

  it('labels an arrow with the text from annotationText, tip where the drag starts', async () => {
    const el = await showCt();
    const asked: string[] = [];
    el.annotationText = async () => {
      asked.push('label');
      return 'Water phantom';
    };
    el.setTool('arrow');
    await el.updateComplete;
    const added = once(el, 'fovea-measurement-add');
    const { cx, cy } = CT_WATER_DISC;
    await drag(el, [cx, cy], [cx + 60, cy - 60]);
    const m = await added;
    expect(asked).to.have.length(1);
    expect(m.kind).to.equal('arrow');
    expect(m.text).to.equal('Water phantom');
    expect(m.points[0]!.image[0], 'tip x').to.be.closeTo(cx + 0.5, 1);
    expect(m.points[0]!.image[1], 'tip y').to.be.closeTo(cy + 0.5, 1);
    expect(m.points[1]!.image[0], 'tail x').to.be.closeTo(cx + 60.5, 1);
    await frames(2);
    expect(el.toSvg(), 'the label on screen').to.contain('Water phantom');

    // An empty answer cancels the arrow: nothing is added.
    el.annotationText = () => '';
    let extra = 0;
    el.addEventListener('fovea-measurement-add', () => extra++);
    await drag(el, [cx, cy + 100], [cx + 40, cy + 60]);
    await frames(4);
    expect(extra).to.equal(0);
    expect(el.getMeasurements().measurements.map((a) => a.text)).to.deep.equal(['Water phantom']);
  });

  it('measures the angle between the ruler and the line to the fat disc from the phantom geometry', async () => {
    const el = await showCt();
    el.setTool('angle');
    await el.updateComplete;
    const added = once(el, 'fovea-measurement-add');
    const vertex: [number, number] = [CT_RULER.x0, CT_RULER.y]; // the 0 mm tick
    const end: [number, number] = [CT_RULER.x1, CT_RULER.y]; // the 100 mm tick
    const disc: [number, number] = [CT_FAT_DISC.cx, CT_FAT_DISC.cy];
    // Cornerstone's angle: drag the first arm (end to vertex), then move to the third point and click.
    await drag(el, end, vertex);
    await hover(el, [(vertex[0] + disc[0]) / 2, (vertex[1] + disc[1]) / 2]);
    await hover(el, disc);
    await click(el, disc);
    const m = await added;
    const expected =
      (Math.abs(Math.atan2(disc[1] - vertex[1], disc[0] - vertex[0]) - Math.atan2(0, end[0] - vertex[0])) * 180) /
      Math.PI;
    expect(m.kind).to.equal('angle');
    expect(m.unit).to.equal('deg');
    expect(m.points).to.have.length(3);
    expect(m.points[1]!.image[0], 'vertex in the middle').to.be.closeTo(vertex[0] + 0.5, 1);
    // Half a pixel off at the end of the shorter (160 px) arm is under 0.2 degrees.
    expect(m.value).to.be.closeTo(expected, 0.5);
    await frames(2);
    expect(el.toSvg(), 'the angle on screen').to.match(new RegExp(`${Math.floor(expected)}(\\.\\d+)?\\s*°`));
  });

  it('probes the HU of the fat disc, also after a restore', async () => {
    const el = await showCt();
    el.setTool('probe');
    await el.updateComplete;
    const valued = reported(el, (m) => m.kind === 'probe' && m.value !== undefined);
    await click(el, [CT_FAT_DISC.cx + 5, CT_FAT_DISC.cy - 7]);
    const m = await valued;
    expect(m, 'a probe with a value').to.not.equal(undefined);
    expect(m!.value).to.equal(CT_FAT_DISC.hu);
    expect(m!.unit).to.equal('HU');
    expect(m!.points[0]!.image[0]).to.be.closeTo(CT_FAT_DISC.cx + 5.5, 1);
    await frames(2);
    expect(el.toSvg(), 'the value on screen').to.match(/-100(\.0+)? HU/);

    const stored = el.getMeasurements().measurements.map(({ value: _, ...p }) => p);
    el.setMeasurements({ format: 'fovea-measurements@1', measurements: [] });
    const again = reported(el, (p) => p.kind === 'probe' && p.value !== undefined);
    el.setMeasurements({ format: 'fovea-measurements@1', measurements: stored });
    expect((await again)?.value, 'restored probe').to.equal(CT_FAT_DISC.hu);
  });

  describe('touch (real touch events through the DevTools protocol)', () => {
    // Cornerstone drops a touch that comes within 2 s of a mouse event on a viewport,
    // and a mouse event within 2 s of a touch (its guard against the browser's
    // compatibility mouse events): keep the mouse tests around these out of that window. A fixed
    // wait on purpose: the window is Cornerstone's own clock, with nothing to observe.
    const antiGhostClick = () => new Promise((r) => setTimeout(r, 2100));
    before(antiGhostClick);
    after(antiGhostClick);

    const finger = (el: FoveaViewport, p: [number, number], id = 0): Finger => {
      const { clientX, clientY } = at(el, ...p);
      return { x: clientX, y: clientY, id };
    };
    const zoomText = (el: FoveaViewport) =>
      Number(/Zoom (\d+\.\d+)/.exec(el.shadowRoot!.querySelector('[part~="bottom-right"]')?.textContent ?? '')?.[1]);
    /** Share of the canvas that is (nearly) black: air, padding and lung at the CT's default window. */
    const darkShare = (el: FoveaViewport) => {
      const c = el.canvas!;
      const data = c.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 30) dark++;
      return dark / (data.length / 4);
    };

    it('one finger follows the primary tool: window / level, then length', async () => {
      const el = await showCt();
      for (let i = 0; i < 50 && !el.currentVoi; i++) await frames(2);
      const before = el.currentVoi!;
      let voi: FoveaVoiChangeEvent['detail'] | undefined;
      el.addEventListener('fovea-voi-change', (e) => (voi = e.detail));
      await touchGesture([finger(el, [200, 200])], [finger(el, [260, 230])]);
      expect(voi, 'window / level by one finger').to.not.equal(undefined);
      expect(voi!.width).to.be.greaterThan(before.width);
      expect(voi!.center).to.be.greaterThan(before.center);

      el.setTool('length');
      await el.updateComplete;
      const added = once(el, 'fovea-measurement-add');
      await touchGesture([finger(el, [CT_RULER.x0, CT_RULER.y])], [finger(el, [CT_RULER.x1, CT_RULER.y])]);
      const m = await added;
      expect(m.kind).to.equal('length');
      expect(m.value).to.be.closeTo(CT_RULER.lengthMm, CT.pixelSpacingMm);
    });

    it('two fingers spread to zoom in and pinch to zoom out', async () => {
      const el = await showCt();
      await frames(2);
      expect(zoomText(el), 'fitted').to.be.closeTo(1, 0.005);
      const dark = darkShare(el);
      const voi = el.currentVoi;
      const c: [number, number] = [255.5, 255.5];
      const spread = (d: number) => [finger(el, [c[0] - d, c[1]], 1), finger(el, [c[0] + d, c[1]], 2)];
      await touchGesture(spread(30), spread(120));
      await el.updateComplete;
      await frames(2);
      const zoomed = zoomText(el);
      expect(zoomed, 'zoom after spreading').to.be.greaterThan(1.5);
      // What the reader sees: the body fills more of the view, so less of it is black.
      expect(darkShare(el), 'dark share after zooming in').to.be.lessThan(dark * 0.6);
      // The one-finger tool (window / level) did not run.
      expect(el.currentVoi, 'window unchanged by a pinch').to.deep.equal(voi);

      await touchGesture(spread(120), spread(60));
      await el.updateComplete;
      await frames(2);
      expect(zoomText(el), 'zoom after pinching').to.be.lessThan(zoomed - 0.2);
    });
  });

  it('exports the drawing as SVG and over the image as PNG', async () => {
    const el = await showCt();
    el.setTool('length');
    await el.updateComplete;
    await drag(el, [CT_RULER.x0, 100], [CT_RULER.x1, 100]);
    const svgText = el.toSvg();
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).to.equal(null);
    expect(doc.documentElement.localName).to.equal('svg');
    expect(doc.querySelector('line, path, polyline'), 'the line').to.not.equal(null);
    expect(doc.documentElement.textContent).to.match(/100(\.\d+)? mm/);

    const plain = await createImageBitmap(await el.toPng());
    const annotated = await createImageBitmap(await el.toPng({ annotations: true }));
    const pixels = (bitmap: ImageBitmap) => {
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    };
    const [a, b] = [pixels(plain), pixels(annotated)];
    // Along the line (image row 100 at this scale), the annotated PNG has coloured pixels the plain one lacks.
    const scale = a.width / CT.columns;
    const row = Math.round(100.5 * scale);
    let coloured = 0;
    for (let x = Math.round(200 * scale); x < Math.round(300 * scale); x++) {
      for (let dy = -2; dy <= 2; dy++) {
        const i = ((row + dy) * a.width + x) * 4;
        const saturated =
          Math.max(b.data[i]!, b.data[i + 1]!, b.data[i + 2]!) - Math.min(b.data[i]!, b.data[i + 1]!, b.data[i + 2]!);
        if (saturated > 60 && b.data[i] !== a.data[i]) {
          coloured++;
          break;
        }
      }
    }
    expect(coloured, 'line pixels in the PNG').to.be.greaterThan(80 * scale);
  });

  it('applies window presets from the toolbar, by shortcut and by menu', async () => {
    const el = await showCt();
    el.id = 'ct-view';
    const toolbar = document.createElement('fovea-toolbar');
    toolbar.setAttribute('for', 'ct-view');
    document.body.prepend(toolbar);
    await toolbar.updateComplete;
    await frames();
    expect(el.modality).to.equal('CT');
    el.focus();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true, composed: true }));
    await el.updateComplete;
    await frames();
    expect(el.currentVoi!.center, 'lung').to.be.closeTo(-600, 0.5);
    expect(el.currentVoi!.width).to.be.closeTo(1500, 1);

    const menuButton = toolbar.shadowRoot!.querySelector<HTMLButtonElement>('[data-item="presets"]')!;
    menuButton.click();
    await toolbar.updateComplete;
    const items = [...toolbar.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
    const bone = items.find((i) => i.textContent!.includes('Bone'))!;
    bone.click();
    await el.updateComplete;
    await frames();
    expect(el.currentVoi!.center, 'bone').to.be.closeTo(400, 0.5);
    expect(el.currentVoi!.width).to.be.closeTo(1800, 1);
    toolbar.remove();
  });
});
