// The fail-loud contract (decision 0009), stage by stage: a throw injected at
// the metadata, bulk-data, decode and draw stages of a load ends in a typed
// fovea-error and a visible error state within a bound, in the running
// rendering mode (this file runs in e2e-webgl and e2e-cpu), for viewports and
// for the series browser's client-side thumbnails; never in an unhandled
// rejection, and the element then shows a good series.
//
// The faults are injected on purpose around real parts: the real Orthanc and
// the built bundle, with a client whose fetch corrupts or refuses answers, a
// metadata object whose reads throw, and a canvas whose drawImage throws.
import { expect } from '@open-wc/testing';
import {
  createDicomWebClient,
  imageReferences,
  Instance,
  type DicomJsonDataset,
  type DicomWebClient,
} from '@fovea-dicom/core';
import '@fovea-dicom/elements';
import type { ErrorDetail, FoveaErrorEvent, FoveaSeriesBrowser, FoveaViewport } from '@fovea-dicom/elements';
import { findSeries, type CorpusSeries } from '../helpers/corpus.js';
import { mountViewport, nextImage } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';

/**
 * The faults here are found at once, not by the contract's timers (30 s to
 * decode, 20 s to set up a drawn image): this allows for the rendering stack's
 * start-up on a loaded machine.
 */
const BOUND_MS = 30_000;
const JPEG_LS = '1.2.840.10008.1.2.4.80';

const good = createDicomWebClient({ root: '/dicom-web' });

type Fault = (path: string, pass: () => Promise<Response>) => Promise<Response>;

/** A client on the real Orthanc whose fetch goes through `fault` (a fault injected on purpose). */
function faulty(fault: Fault): DicomWebClient {
  return createDicomWebClient({
    root: '/dicom-web',
    fetch: (input, init) => fault(new URL(String(input), location.href).pathname, () => fetch(input, init)),
  });
}

/** A one-part multipart answer holding `bytes` as a JPEG-LS frame. */
function jpegLsAnswer(bytes: Uint8Array): Response {
  const head = new TextEncoder().encode(
    `--fault\r\nContent-Type: application/octet-stream; transfer-syntax=${JPEG_LS}\r\n\r\n`,
  );
  const tail = new TextEncoder().encode('\r\n--fault--\r\n');
  const body = new Uint8Array(head.length + bytes.length + tail.length);
  body.set(head);
  body.set(bytes, head.length);
  body.set(tail, head.length + bytes.length);
  return new Response(body, {
    headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=fault' },
  });
}

/**
 * A JPEG-LS start of image, bytes no codec accepts and an end of image (which
 * the adapter checks for before decoding): the codec itself must reject it.
 */
function garbageJpegLs(): Uint8Array {
  const bytes = new Uint8Array(4096);
  let seed = 7;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  bytes.set([0xff, 0xd8, 0xff, 0xf7], 0);
  bytes.set([0xff, 0xd9], bytes.length - 2);
  return bytes;
}

const faults: Record<'bulk data' | 'decode', Fault> = {
  'bulk data': (path, pass) => (/\/bulk/.test(path) ? Promise.resolve(new Response('', { status: 500 })) : pass()),
  decode: (path, pass) => (/\/frames\//.test(path) ? Promise.resolve(jpegLsAnswer(garbageJpegLs())) : pass()),
};

/** Records what a test must never see: unhandled rejections and uncaught errors. */
const escaped: unknown[] = [];
window.addEventListener('unhandledrejection', (e) => escaped.push(e.reason));
window.addEventListener('error', (e) => escaped.push(e.error ?? e.message));

/** The first fovea-error on `el`, within the bound. */
function firstError(el: HTMLElement): Promise<ErrorDetail> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no fovea-error within ${BOUND_MS} ms`)), BOUND_MS);
    el.addEventListener(
      'fovea-error',
      (e: FoveaErrorEvent) => {
        clearTimeout(timer);
        resolve(e.detail);
      },
      { once: true },
    );
  });
}

function statusOf(el: FoveaViewport): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>('[part="status"]');
}

/** The viewport shows an error, in words, as an alert, and no canvas. */
async function expectErrorState(el: FoveaViewport): Promise<void> {
  await until('the error state', () => statusOf(el)?.getAttribute('role') === 'alert', BOUND_MS);
  const status = statusOf(el)!;
  expect(status.dataset.kind).to.equal('error');
  expect(status.textContent!.trim().length, 'a message in words').to.be.greaterThan(10);
  const canvas = el.shadowRoot!.querySelector<HTMLElement>('[part="canvas"]')!;
  expect(canvas.hidden || getComputedStyle(canvas).visibility === 'hidden', 'no canvas on show').to.equal(true);
  expect(el.pixelValues()).to.equal(undefined);
}

/** The viewport is still usable: a good series shows. */
async function expectRecovers(el: FoveaViewport, series: CorpusSeries): Promise<void> {
  const shown = nextImage(el, 60_000);
  el.references = undefined;
  el.client = good;
  el.studyUid = series.studyInstanceUid;
  el.seriesUid = series.seriesInstanceUid;
  await shown;
  expect(el.pixelValues(), 'values of the good series').to.not.equal(undefined);
}

const single = (syntax: string, phantom: string) =>
  findSeries((s) => s.syntax === syntax && s.phantom === phantom && s.instances === 1, `one ${syntax} ${phantom}`);

/** Instances whose metadata reads throw at `tag` (the metadata stage fails). */
async function throwingMetadata(series: CorpusSeries, tag: string): Promise<Instance[]> {
  const instances = await good.retrieveSeriesMetadata(series.studyInstanceUid, series.seriesInstanceUid);
  return instances.map(
    (i) =>
      new Instance(
        new Proxy(i.dataset, {
          get(target, key, receiver) {
            if (key === tag) throw new Error('injected metadata fault');
            return Reflect.get(target, key, receiver) as unknown;
          },
        }) as DicomJsonDataset,
      ),
  );
}

describe('fail-loud contract: a fault at each stage ends in fovea-error and an error state', () => {
  let el: FoveaViewport | undefined;
  let restore: (() => void) | undefined;

  beforeEach(() => {
    escaped.length = 0;
  });

  afterEach(() => {
    restore?.();
    restore = undefined;
    el?.remove();
    el = undefined;
    expect(escaped.map(String), 'unhandled rejections or uncaught errors').to.deep.equal([]);
  });

  it('metadata: a header whose reads throw', async () => {
    const dx = await single('explicit-le', 'dx');
    // Pixel Spacing: read only by the rendering stage here (no scale bar, no overlay).
    const instances = await throwingMetadata(dx, '00280030');
    el = mountViewport(256, { 'scale-bar': 'false' });
    el.scaleBar = false;
    el.overlays = false;
    const failed = firstError(el);
    el.client = good;
    el.references = imageReferences(good, instances);
    const detail = await failed;
    expect(detail.code).to.be.a('string');
    await expectErrorState(el);
    await expectRecovers(el, dx);
  });

  it('bulk data: palette tables the server fails to send', async () => {
    const palette = await single('explicit-le', 'palette');
    el = mountViewport(256);
    const failed = firstError(el);
    el.client = faulty(faults['bulk data']);
    el.studyUid = palette.studyInstanceUid;
    el.seriesUid = palette.seriesInstanceUid;
    const detail = await failed;
    expect(detail.code).to.equal('http');
    expect(detail.message).to.not.match(/\d+\.\d+\.\d+\.\d+/);
    await expectErrorState(el);
    await expectRecovers(el, palette);
  });

  it('decode: bytes the codec rejects', async () => {
    const ct = await single('jpegls-lossless', 'dx');
    el = mountViewport(256);
    const failed = firstError(el);
    el.client = faulty(faults.decode);
    el.studyUid = ct.studyInstanceUid;
    el.seriesUid = ct.seriesInstanceUid;
    const detail = await failed;
    expect([detail.code, detail.reason]).to.deep.equal(['decode', 'codec']);
    expect(detail.image?.sopInstanceUid, 'the image as a field').to.be.a('string');
    expect(detail.message).to.not.include(detail.image!.sopInstanceUid);
    await expectErrorState(el);
    await expectRecovers(el, ct);
  });

  it('draw: a canvas that throws when the image is drawn', async () => {
    const dx = await single('explicit-le', 'dx');
    el = mountViewport(256);
    const drawImage = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function () {
      throw new Error('injected draw fault');
    };
    restore = () => (CanvasRenderingContext2D.prototype.drawImage = drawImage);
    const failed = firstError(el);
    el.client = good;
    el.studyUid = dx.studyInstanceUid;
    el.seriesUid = dx.seriesInstanceUid;
    const detail = await failed;
    expect([detail.code, detail.reason]).to.deep.equal(['decode', 'draw']);
    await expectErrorState(el);
    restore();
    restore = undefined;
    await expectRecovers(el, await single('explicit-le', 'cr'));
  });
});

describe('a frame that fails while the stack loads fails that image, not the series', () => {
  let el: FoveaViewport | undefined;

  afterEach(() => {
    el?.remove();
    el = undefined;
    expect(escaped.map(String), 'unhandled rejections or uncaught errors').to.deep.equal([]);
  });

  it('reports the image, shows it as failed when scrolled to, and the others as they are', async () => {
    escaped.length = 0;
    const mr = await findSeries((s) => s.syntax === 'explicit-le' && s.phantom === 'mr', 'an explicit-le MR');
    const references = imageReferences(
      good,
      await good.retrieveSeriesMetadata(mr.studyInstanceUid, mr.seriesInstanceUid),
    );
    const broken = references.length - 2;
    // The frame and the whole instance (asked for when frames are refused) both fail.
    const brokenPath = new URL(references[broken]!.url, location.href).pathname.replace(/\/frames\/\d+$/, '');
    el = mountViewport(256);
    el.imageIndex = 0;
    const errors: ErrorDetail[] = [];
    el.addEventListener('fovea-error', (e: FoveaErrorEvent) => errors.push(e.detail));
    const shown = nextImage(el, 60_000);
    el.client = faulty((path, pass) =>
      path.startsWith(brokenPath) ? Promise.resolve(new Response('', { status: 500 })) : pass(),
    );
    el.studyUid = mr.studyInstanceUid;
    el.seriesUid = mr.seriesInstanceUid;
    await shown;
    await until('the failed image reported', () => errors.length > 0, BOUND_MS);
    expect(errors.map((e) => [e.code, e.image?.index])).to.deep.equal([['http', broken]]);
    expect(errors[0]!.image!.sopInstanceUid).to.equal(references[broken]!.sopInstanceUid);
    await until('the rest of the stack loaded', () => el!.loadedImageCount === references.length, 60_000);
    // Scrolled to: the failure in place of the picture (not the image before), no second report.
    el.imageIndex = broken;
    await expectErrorState(el);
    expect(el.getAttribute('aria-label')).to.include(`${broken + 1}`);
    // Scrolled on: the next image, drawn.
    const next = nextImage(el);
    el.imageIndex = broken + 1;
    expect((await next).index).to.equal(broken + 1);
    expect(statusOf(el)).to.equal(null);
    expect(el.pixelValues()).to.not.equal(undefined);
    expect(errors).to.have.length(1);
  });
});

describe('a server that cannot send frames', () => {
  for (const syntax of ['explicit-le', 'rle', 'jpegls-lossless']) {
    it(`gets the ${syntax} frame out of the whole instance, the same values`, async () => {
      escaped.length = 0;
      const dx = await single(syntax, 'dx');
      const show = async (client: DicomWebClient) => {
        const el = mountViewport(128);
        const shown = nextImage(el, 60_000);
        el.client = client;
        el.studyUid = dx.studyInstanceUid;
        el.seriesUid = dx.seriesInstanceUid;
        await shown;
        const values = Array.from(el.pixelValues()!.data);
        el.remove();
        return values;
      };
      const paths: string[] = [];
      // Every frame request refused, as Orthanc refuses frames it would have to transcode.
      const refusing = faulty((path, pass) => {
        paths.push(path);
        return /\/frames\//.test(path) ? Promise.resolve(new Response('', { status: 400 })) : pass();
      });
      const values = await show(refusing);
      expect(
        paths.some((p) => /\/instances\/[^/]+$/.test(p)),
        'the whole instance asked for',
      ).to.equal(true);
      expect(values).to.deep.equal(await show(good));
      expect(escaped.map(String)).to.deep.equal([]);
    });
  }
});

describe('fail-loud contract for thumbnails made in the page', () => {
  let el: FoveaSeriesBrowser | undefined;
  let restore: (() => void) | undefined;

  beforeEach(() => {
    escaped.length = 0;
  });

  afterEach(() => {
    restore?.();
    restore = undefined;
    el?.remove();
    el = undefined;
    expect(escaped.map(String), 'unhandled rejections or uncaught errors').to.deep.equal([]);
  });

  /** A browser on `series`' study whose server renders no thumbnails, through `fault`. */
  function browse(series: CorpusSeries, fault: Fault): FoveaSeriesBrowser {
    const browser = document.createElement('fovea-series-browser');
    // Tall enough that every series of the study is in view (thumbnails load in view).
    browser.style.cssText = 'display:block;width:200px;height:8000px';
    browser.client = faulty((path, pass) =>
      /\/(thumbnail|rendered)$/.test(path) ? Promise.resolve(new Response('', { status: 404 })) : fault(path, pass),
    );
    browser.studyUid = series.studyInstanceUid;
    document.body.append(browser);
    return browser;
  }

  /** Waits for a fovea-error about `series`, then its marked placeholder. */
  async function expectThumbnailError(browser: FoveaSeriesBrowser, series: CorpusSeries): Promise<ErrorDetail> {
    const errors: ErrorDetail[] = [];
    browser.addEventListener('fovea-error', (e: FoveaErrorEvent) => errors.push(e.detail));
    await until(
      'a fovea-error about the series',
      () => errors.some((e) => e.series?.seriesInstanceUid === series.seriesInstanceUid),
      BOUND_MS,
    );
    const item = browser.shadowRoot!.querySelector(`[data-series-uid="${series.seriesInstanceUid}"]`)!;
    const mark = item.querySelector('[part~="thumbnail-error"]');
    expect(mark, 'the failed thumbnail is marked').to.not.equal(null);
    expect(mark!.getAttribute('role')).to.equal('img');
    expect(mark!.getAttribute('aria-label')!.length).to.be.greaterThan(10);
    return errors.find((e) => e.series?.seriesInstanceUid === series.seriesInstanceUid)!;
  }

  it('metadata: a header that cannot describe an image (no Rows)', async () => {
    const dx = await single('explicit-le', 'dx');
    el = browse(dx, async (path, pass) => {
      const response = await pass();
      if (!path.endsWith(`/series/${dx.seriesInstanceUid}/metadata`)) return response;
      const instances = (await response.json()) as DicomJsonDataset[];
      for (const instance of instances) delete instance['00280010'];
      return new Response(JSON.stringify(instances), { headers: { 'Content-Type': 'application/dicom+json' } });
    });
    const detail = await expectThumbnailError(el, dx);
    expect([detail.code, detail.reason]).to.deep.equal(['decode', 'geometry']);
  });

  it('bulk data: palette tables the server fails to send', async () => {
    const palette = await single('explicit-le', 'palette');
    el = browse(palette, faults['bulk data']);
    expect((await expectThumbnailError(el, palette)).code).to.equal('http');
  });

  it('decode: bytes the codec rejects', async () => {
    const dx = await single('jpegls-lossless', 'dx');
    el = browse(dx, faults.decode);
    const detail = await expectThumbnailError(el, dx);
    expect([detail.code, detail.reason]).to.deep.equal(['decode', 'codec']);
  });

  it('draw: a canvas that throws when the thumbnail is drawn', async () => {
    const dx = await single('explicit-le', 'dx');
    const drawImage = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function () {
      throw new Error('injected draw fault');
    };
    restore = () => (CanvasRenderingContext2D.prototype.drawImage = drawImage);
    el = browse(dx, (_path, pass) => pass());
    await expectThumbnailError(el, dx);
  });
});
