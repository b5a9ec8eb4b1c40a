// What the viewport decodes equals what an independent decoder decodes, for
// every series of the corpus (every transfer syntax and photometric
// interpretation): the values of `pixelValues()` against dcmtk / gdcm
// (scripts/corpus/make-references.ts writes .data/corpus/reference/), and the
// picture on the canvas at the header's window against dcmtk's dcm2pnm.
//
// Lossless syntaxes must match exactly, every pixel of the frame (by hash) and
// every sample. Lossy ones within a tolerance per syntax, see LOSSY below.
import { expect } from '@open-wc/testing';
import { createDicomWebClient, imageReferences, type DicomWebClient, type ImageReference } from '@fovea-dicom/core';
import type { FoveaViewport } from '@fovea-dicom/elements';
import { corpus, type CorpusSeries } from '../helpers/corpus.js';
import { frames, nextImage } from '../helpers/viewport.js';
import { compareSamples, LOSSY, MEAN_TOLERANCE, stats, storedValues } from '../helpers/oracle.js';

/** One reference decoding (see make-references.ts for how each field is made). */
interface Reference {
  path: string;
  syntax: string;
  phantom: string;
  transferSyntaxUid: string;
  lossy: boolean;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  photometricInterpretation: string;
  decoder: string;
  values: 'stored' | 'palette-rgb';
  rows: number;
  columns: number;
  samplesPerPixel: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  jpegLsNear: number | null;
  stats: { min: number; max: number; mean: number; fnv1a: number };
  samples: { positions: number[]; values: number[] };
  original: { path: string; maxError: number; rmsError: number; values: number[] } | null;
  display: {
    tool: string;
    window: { center: number; width: number } | null;
    channels: number;
    x: number[];
    y: number[];
    centre: number[];
    min: number[];
    max: number[];
  };
}

interface ReferenceIndex {
  series: { seriesInstanceUid: string; sopInstanceUid: string; file: string }[];
}

/**
 * Largest allowed |canvas - dcm2pnm| at a grid point, in 8-bit display
 * levels: the two linear window formulas differ by under one level (PS3.3
 * C.11.2.1.2's c - 0.5 and w - 1 against Cornerstone's plain lower..upper
 * range) and each renderer rounds once. Lossy syntaxes add their value
 * tolerance through the window's slope (255 / width levels per unit).
 */
const DISPLAY_TOLERANCE = 2;

const ROOT = '/.data/corpus/reference';
const client = createDicomWebClient({ root: '/dicom-web' });

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status} (run scripts/corpus/make-corpus.sh, or make-references.ts)`);
  }
  return (await response.json()) as T;
}

/** The reference instance's frame 1 alone, as the viewport's stack. */
async function referenceOf(c: DicomWebClient, ref: Reference): Promise<ImageReference> {
  const metadata = await c.retrieveSeriesMetadata(ref.studyInstanceUid, ref.seriesInstanceUid);
  const found = imageReferences(c, metadata).filter((r) => r.sopInstanceUid === ref.sopInstanceUid && r.frame === 1);
  if (found.length !== 1) throw new Error(`${ref.path}: ${found.length} references to frame 1 of the instance`);
  return found[0]!;
}

async function show(ref: Reference, reference: ImageReference): Promise<FoveaViewport> {
  const el = document.createElement('fovea-viewport');
  // One CSS pixel per image pixel: the fitted image fills the canvas exactly.
  el.style.width = `${ref.columns}px`;
  el.style.height = `${ref.rows}px`;
  el.overlays = false;
  el.client = client;
  document.body.append(el);
  // An exception inside Cornerstone's createImage leaves its promise pending
  // for ever (the viewport shows "loading" and fires nothing): it surfaces
  // only as an unhandled rejection. Fail at once with it instead of timing out.
  let onRejection: ((event: PromiseRejectionEvent) => void) | undefined;
  const escaped = new Promise<never>((_, reject) => {
    onRejection = (event) => {
      const reason = event.reason instanceof Error ? event.reason.message : String(event.reason);
      reject(new Error(`no image: the decoder threw outside the load promise, which never settles: ${reason}`));
    };
    addEventListener('unhandledrejection', onRejection);
  });
  try {
    const shown = nextImage(el, 25_000);
    el.references = [reference];
    await Promise.race([shown, escaped]);
  } finally {
    removeEventListener('unhandledrejection', onRejection!);
  }
  await frames(3);
  return el;
}

/**
 * The canvas at the reference's grid against dcm2pnm: the largest difference
 * from dcm2pnm's value at the same pixel, and (to tell a misplaced image from
 * wrong values) the largest distance outside dcm2pnm's 3 x 3 neighbourhood.
 */
function compareDisplay(el: FoveaViewport, ref: Reference): { maxDiff: number; maxOutside: number; worst: string } {
  const canvas = el.canvas;
  if (!canvas) throw new Error('viewport has no canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('canvas is not 2D');
  // Fitted to a viewport of its own size, the image covers the canvas: canvas / image pixels per pixel.
  const [sx, sy] = [canvas.width / ref.columns, canvas.height / ref.rows];
  expect(sx, 'canvas scale x = y').to.be.closeTo(sy, 1e-6);
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const d = ref.display;
  const result = { maxDiff: 0, maxOutside: 0, worst: '' };
  let k = 0;
  for (const y of d.y) {
    for (const x of d.x) {
      const at = (Math.floor((y + 0.5) * sy) * canvas.width + Math.floor((x + 0.5) * sx)) * 4;
      for (let c = 0; c < d.channels; c++, k++) {
        const shown = d.channels === 1 ? (pixels[at]! + pixels[at + 1]! + pixels[at + 2]!) / 3 : pixels[at + c]!;
        const diff = Math.abs(shown - d.centre[k]!);
        result.maxOutside = Math.max(result.maxOutside, d.min[k]! - shown, shown - d.max[k]!);
        if (diff > result.maxDiff) {
          result.maxDiff = diff;
          result.worst = `(${x}, ${y}) channel ${c}: ${shown.toFixed(1)} against ${d.centre[k]}`;
        }
      }
    }
  }
  return result;
}

const manifest = await corpus().catch((error: unknown) => error as Error);
const index = await getJson<ReferenceIndex>(`${ROOT}/index.json`).catch((error: unknown) => error as Error);

describe('every transfer syntax decodes as dcmtk / gdcm decode it', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  if (manifest instanceof Error || index instanceof Error) {
    it('has the corpus manifest and the reference decodings', () => {
      throw manifest instanceof Error ? manifest : index;
    });
    return;
  }

  it('has a reference decoding of every series, covering every syntax and photometric interpretation', () => {
    const referenced = new Set(index.series.map((s) => s.seriesInstanceUid));
    const missing = manifest.series.filter((s) => !referenced.has(s.seriesInstanceUid));
    expect(missing.map((s) => `${s.syntax} ${s.phantom}`)).to.deep.equal([]);
    const syntaxes = new Set(manifest.series.map((s) => s.transferSyntaxUid));
    const photometrics = new Set(manifest.series.map((s) => s.photometricInterpretation));
    expect(syntaxes.size, 'transfer syntaxes').to.be.greaterThanOrEqual(12);
    expect([...photometrics]).to.include.members([
      'MONOCHROME1',
      'MONOCHROME2',
      'PALETTE COLOR',
      'RGB',
      'YBR_FULL_422',
    ]);
  });

  for (const series of manifest.series) {
    it(`${series.syntax} ${series.phantom} (${series.photometricInterpretation})`, async function () {
      this.timeout(40_000);
      await check(series, index);
    });
  }
});

async function check(series: CorpusSeries, index: ReferenceIndex): Promise<void> {
  const t0 = performance.now();
  const entry = index.series.find((s) => s.seriesInstanceUid === series.seriesInstanceUid);
  if (!entry) throw new Error(`no reference decoding of ${series.syntax} ${series.phantom}`);
  const ref = await getJson<Reference>(`${ROOT}/${entry.file}`);
  const reference = await referenceOf(client, ref);
  const el = await show(ref, reference);
  const tShown = performance.now();
  // What the server sent: Orthanc 1.10 cannot send big endian or deflated
  // frames as stored, and the client falls back to explicit VR little endian.
  const [frame] = await client.retrieveFrames(reference, [1]);
  const served = frame!.transferSyntaxUid;

  const values = el.pixelValues();
  if (!values) throw new Error('pixelValues() is undefined with the image on screen');
  expect([values.rows, values.columns, values.samplesPerPixel], 'rows, columns, samples').to.deep.equal([
    ref.rows,
    ref.columns,
    ref.samplesPerPixel,
  ]);
  expect(values.data.length).to.equal(ref.rows * ref.columns * ref.samplesPerPixel);
  if (values.modalityLutApplied) {
    expect([values.rescaleSlope, values.rescaleIntercept], 'rescale').to.deep.equal([
      ref.rescaleSlope,
      ref.rescaleIntercept,
    ]);
  }
  const ours = storedValues(values);
  const whole = stats(ours);
  const samples = compareSamples(ours, ref, ref.samples.values);
  const source = ref.original ? compareSamples(ours, ref, ref.original.values) : undefined;
  const display = compareDisplay(el, ref);
  const lossy = ref.lossy ? LOSSY[ref.transferSyntaxUid] : { tolerance: 0, why: 'lossless' };
  const tolerance = lossy?.tolerance;
  const window = ref.display.window;
  // A value error of t moves the display by t * 255 / width levels.
  const displayTolerance = DISPLAY_TOLERANCE + (window && tolerance ? (tolerance * 255) / window.width : 0);

  console.log(
    `[transfer-syntaxes] ${el.renderingMode} ${ref.syntax} ${ref.phantom} ${ref.photometricInterpretation}: ` +
      `served as ${served}, ${values.samplesPerPixel === 3 ? 'RGB' : values.modalityLutApplied ? 'modality' : 'stored'} values; ` +
      `samples ${samples.compared - samples.differing}/${samples.compared} equal, max diff ${samples.maxDiff}, ` +
      `bias ${samples.bias.toFixed(3)}; frame ${whole.fnv1a === ref.stats.fnv1a ? 'identical' : `differs, mean ${whole.mean.toFixed(3)} against ${ref.stats.mean.toFixed(3)}`}; ` +
      `display max diff ${display.maxDiff.toFixed(1)} (outside 3x3 ${display.maxOutside.toFixed(1)})` +
      (source
        ? `; against the source: ours max ${source.maxDiff} bias ${source.bias.toFixed(2)}, reference max ${ref.original!.maxError}`
        : '') +
      (ref.lossy && ref.jpegLsNear !== null ? ` (NEAR ${ref.jpegLsNear})` : '') +
      `; shown in ${Math.round(tShown - t0)} ms, total ${Math.round(performance.now() - t0)} ms`,
  );

  if (tolerance === undefined) throw new Error(`no tolerance for lossy transfer syntax ${ref.transferSyntaxUid}`);
  const against = `against ${ref.decoder} (tolerance ${tolerance}: ${lossy!.why})`;
  expect(samples.maxDiff, `sampled values ${against}: worst ${samples.worst}`).to.be.at.most(tolerance);
  if (tolerance === 0) {
    expect(whole, `every value of frame 1 (min, max, mean, FNV-1a) ${against}`).to.deep.equal(ref.stats);
  } else {
    expect(whole.mean, `frame mean ${against} (bias)`).to.be.closeTo(ref.stats.mean, MEAN_TOLERANCE);
    expect(whole.min, `frame minimum ${against}`).to.be.closeTo(ref.stats.min, tolerance);
    expect(whole.max, `frame maximum ${against}`).to.be.closeTo(ref.stats.max, tolerance);
  }
  if (ref.lossy && ref.jpegLsNear !== null && source) {
    expect(source.maxDiff, `JPEG-LS: within NEAR of the lossless source: worst ${source.worst}`).to.be.at.most(
      ref.jpegLsNear,
    );
  }
  expect(display.maxDiff, `display ${against} and ${ref.display.tool}: worst ${display.worst}`).to.be.at.most(
    displayTolerance,
  );
}
