// Files written by other toolkits (taken from Debian and npm packages) and
// edge cases derived from them (scripts/corpus/make-realworld.sh writes
// .data/realworld/), each stored into the real Orthanc, shown alone in a
// <fovea-viewport> and checked, frame 1 and the last frame of a multi-frame
// object, against what dcmtk or GDCM decode (scripts/corpus/oracle.ts):
//
// - where an oracle decodes the frame: the viewport shows it within BOUND_MS,
//   `pixelValues()` equals the oracle's values (exactly for lossless syntaxes,
//   within the codec's tolerance for lossy ones) and the canvas is not blank;
// - where no oracle decodes it: a `fovea-error` with a code and the element in
//   its error state (part="status", role="alert") within BOUND_MS.
// In both cases no unhandled promise rejection. A viewport still loading after
// the bound, a blank "ready" image or values unlike the oracle's fail.
import { expect } from '@open-wc/testing';
import { createDicomWebClient, imageReferences, type ImageReference } from '@fovea-dicom/core';
import '@fovea-dicom/elements';
import type { FoveaErrorEvent, FoveaImageChangeEvent, FoveaViewport, Measurement } from '@fovea-dicom/elements';
import { compareSamples, LOSSY, MEAN_TOLERANCE, stats, storedValues, type ValueStats } from '../helpers/oracle.js';
import { drag } from '../helpers/draw.js';
import { renderPdf } from '../helpers/files.js';
import { frames } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';

/** Time from asking for a frame to pixels on screen or an error state. */
const BOUND_MS = 25_000;
const ROOT = '/.data/realworld';
/**
 * Uncompressed YBR_FULL / YBR_FULL_422 against dcm2pnm's RGB: PS3.3
 * C.7.6.3.1.2 gives the YCbCr equations but not their rounding, and dcmtk's
 * fixed-point conversion and the viewer's differ (seen: 2 levels).
 */
const YBR_TO_RGB = { tolerance: 2, why: 'YCbCr to RGB rounding is not specified (PS3.3 C.7.6.3.1.2)' };
const client = createDicomWebClient({ root: '/dicom-web' });

/** A file of .data/realworld/manifest.json (see RealworldFile in scripts/corpus/realworld.ts). */
interface RealworldFile {
  id: string;
  file: string;
  what: string;
  source: { registry: string; package: string; version: string } | { derivedFrom: string; recipe: string };
  transferSyntaxUid: string;
  photometricInterpretation: string;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  frames: number;
  lossy: boolean;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  checkFrames: number[];
  reference: string;
}

type FrameReference =
  | {
      frame: number;
      decodable: true;
      decoder: string;
      rows: number;
      columns: number;
      samplesPerPixel: number;
      stats: ValueStats;
      samples: { positions: number[]; values: number[] };
    }
  | { frame: number; decodable: false; reasons: string[] };

const SYNTAX: Record<string, string> = {
  '1.2.840.10008.1.2': 'implicit LE',
  '1.2.840.10008.1.2.1': 'explicit LE',
  '1.2.840.10008.1.2.2': 'explicit BE',
  '1.2.840.10008.1.2.5': 'RLE',
  '1.2.840.10008.1.2.4.50': 'JPEG baseline',
  '1.2.840.10008.1.2.4.57': 'JPEG lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS near-lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
};

function title(f: RealworldFile): string {
  const origin = 'derivedFrom' in f.source ? `${f.source.recipe} of ${f.source.derivedFrom}` : f.source.package;
  return (
    `${f.id} (${origin}): ${SYNTAX[f.transferSyntaxUid] ?? f.transferSyntaxUid}, ${f.photometricInterpretation} ` +
    `${f.bitsAllocated}/${f.bitsStored} ${f.pixelRepresentation ? 'signed' : 'unsigned'}, ` +
    `${f.frames} frame${f.frames > 1 ? 's' : ''}`
  );
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} (run scripts/corpus/make-realworld.sh)`);
  return (await response.json()) as T;
}

/** Deletes the instance from Orthanc (through its REST API; not part of Fovea). */
async function removeInstance(sopInstanceUid: string): Promise<void> {
  const found = await fetch('/__fovea/orthanc/tools/lookup', { method: 'POST', body: sopInstanceUid });
  if (!found.ok) throw new Error(`Orthanc lookup: HTTP ${found.status}`);
  for (const { Type, ID } of (await found.json()) as { Type: string; ID: string }[]) {
    if (Type === 'Instance') await fetch(`/__fovea/orthanc/instances/${ID}`, { method: 'DELETE' });
  }
}

async function store(f: RealworldFile): Promise<ImageReference[]> {
  const response = await fetch(`${ROOT}/${f.file}`);
  if (!response.ok) throw new Error(`${f.file}: HTTP ${response.status}`);
  await removeInstance(f.sopInstanceUid);
  const result = await client.storeInstances([new Uint8Array(await response.arrayBuffer())]);
  if (result.failed.length || result.stored.length !== 1) {
    throw new Error(`Orthanc did not store it: ${JSON.stringify(result)}`);
  }
  const metadata = await client.retrieveSeriesMetadata(f.studyInstanceUid, f.seriesInstanceUid);
  const references = imageReferences(client, metadata)
    .filter((r) => r.sopInstanceUid === f.sopInstanceUid)
    .sort((a, b) => a.frame - b.frame);
  if (references.length !== f.frames) throw new Error(`${references.length} image references for ${f.frames} frames`);
  return references;
}

/** What a person would see: the status text, its kind and role, or the image index. */
function state(el: FoveaViewport): string {
  const status = el.shadowRoot?.querySelector('[part~="status"]');
  return status
    ? `status "${status.textContent?.trim()}" (data-kind=${status.getAttribute('data-kind')}, role=${status.getAttribute('role')})`
    : `no status, image index ${el.imageIndex} of ${el.imageCount}`;
}

type Outcome =
  | { kind: 'image'; ms: number }
  | { kind: 'error'; ms: number; events: FoveaErrorEvent['detail'][] }
  | { kind: 'timeout'; ms: number; events: FoveaErrorEvent['detail'][] };

/**
 * Waits until frame `index` is on screen (its fovea-image-change came and
 * pixelValues() answers) or the element shows its error state (role=alert),
 * at most BOUND_MS.
 */
async function outcome(el: FoveaViewport, index: number, events: FoveaErrorEvent['detail'][]): Promise<Outcome> {
  const t0 = performance.now();
  const first = events.length;
  let shown = false;
  const onImage = (e: FoveaImageChangeEvent) => {
    if (e.detail.index === index) shown = true;
  };
  el.addEventListener('fovea-image-change', onImage);
  try {
    for (;;) {
      const ms = Math.round(performance.now() - t0);
      const alert = el.shadowRoot?.querySelector('[part~="status"][role="alert"]');
      if (alert) return { kind: 'error', ms, events: events.slice(first) };
      if (shown && el.imageIndex === index && el.pixelValues()) return { kind: 'image', ms };
      if (ms > BOUND_MS) return { kind: 'timeout', ms, events: events.slice(first) };
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    el.removeEventListener('fovea-image-change', onImage);
  }
}

/** How many distinct colours the canvas shows (a blank canvas has one). */
function canvasColours(el: FoveaViewport): number {
  const canvas = el.canvas;
  if (!canvas) return 0;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return 0;
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set<number>();
  for (let i = 0; i < data.length && seen.size < 16; i += 4 * 7) {
    seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  }
  return seen.size;
}

const errorText = (events: FoveaErrorEvent['detail'][]) =>
  events.map((e) => `fovea-error ${e.code} "${e.message}" (${e.error.name}: ${e.error.message})`).join('; ') ||
  'no fovea-error';

/** Checks frame `frame` against its reference; returns what failed (empty when all is well). */
function compare(el: FoveaViewport, f: RealworldFile, ref: FrameReference & { decodable: true }): string[] {
  const failures: string[] = [];
  const values = el.pixelValues();
  if (!values) return ['pixelValues() is undefined with the image on screen'];
  const dims = [values.rows, values.columns, values.samplesPerPixel];
  const want = [ref.rows, ref.columns, ref.samplesPerPixel];
  if (dims.join() !== want.join())
    return [`rows, columns, samples ${dims.join(', ')} where the oracle has ${want.join(', ')}`];
  const ours = storedValues(values);
  const whole = stats(ours);
  const samples = compareSamples(ours, ref, ref.samples.values);
  const lossy = f.lossy
    ? LOSSY[f.transferSyntaxUid]
    : f.photometricInterpretation.startsWith('YBR_')
      ? YBR_TO_RGB
      : { tolerance: 0, why: 'lossless' };
  if (!lossy) return [`no tolerance for lossy transfer syntax ${f.transferSyntaxUid}`];
  const against = `against ${ref.decoder} (tolerance ${lossy.tolerance}: ${lossy.why})`;
  const described = `min ${whole.min}, max ${whole.max}, mean ${whole.mean.toFixed(3)}, FNV-1a ${whole.fnv1a}`;
  const expected = `min ${ref.stats.min}, max ${ref.stats.max}, mean ${ref.stats.mean.toFixed(3)}, FNV-1a ${ref.stats.fnv1a}`;
  if (samples.maxDiff > lossy.tolerance) {
    failures.push(
      `sampled values ${against}: ${samples.differing} of ${samples.compared} differ, max ${samples.maxDiff}, ` +
        `worst ${samples.worst}; frame ${described}, oracle ${expected}` +
        (values.modalityLutApplied
          ? ` (modality values, rescale ${values.rescaleSlope} / ${values.rescaleIntercept})`
          : ''),
    );
  } else if (lossy.tolerance === 0 && whole.fnv1a !== ref.stats.fnv1a) {
    failures.push(`every value of the frame ${against}: ${described}, oracle ${expected}`);
  } else if (lossy.tolerance > 0 && Math.abs(whole.mean - ref.stats.mean) > MEAN_TOLERANCE) {
    failures.push(`frame mean ${against}: ${described}, oracle ${expected}`);
  }
  if (ref.stats.min !== ref.stats.max && canvasColours(el) < 2) {
    failures.push(`the canvas is blank (one colour) while the image has values ${ref.stats.min}..${ref.stats.max}`);
  }
  return failures;
}

const manifest = await getJson<{ files: RealworldFile[] }>(`${ROOT}/manifest.json`).catch(
  (error: unknown) => error as Error,
);

describe('files written by other toolkits, in <fovea-viewport>, against dcmtk / GDCM', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  if (manifest instanceof Error) {
    it('has the real-world corpus', () => {
      throw manifest;
    });
    return;
  }

  it('covers files from both registries and every failure class of issue 13', () => {
    const recipes = new Set(manifest.files.flatMap((f) => ('recipe' in f.source ? [f.source.recipe] : [])));
    const registries = new Set(manifest.files.flatMap((f) => ('registry' in f.source ? [f.source.registry] : [])));
    expect([...registries].sort()).to.deep.equal(['debian', 'npm']);
    expect([...recipes]).to.include.members([
      'j2k-sign-mismatch',
      'rgb16',
      'dose32',
      'odd-multiframe',
      'palette',
      'remove',
      'ybr',
    ]);
  });

  // One file at a time, even when the runner ends a test early (it does on an
  // uncaught error): each check waits for the one before to finish.
  let running = Promise.resolve();
  for (const f of manifest.files) {
    it(title(f), async function () {
      this.timeout(2 * BOUND_MS * Math.max(...manifest.files.map((m) => m.checkFrames.length)) + 60_000);
      const previous = running;
      let finished = () => {};
      running = new Promise((resolve) => (finished = resolve));
      try {
        await previous;
        await check(f);
      } finally {
        finished();
      }
    });
  }
});

/**
 * An Enhanced MR keeps Pixel Spacing and Image Orientation (Patient) only in
 * its functional groups (Pixel Measures, Plane Orientation), none at the top
 * level: a viewer that reads the top level shows and prints it without a
 * scale bar (and measures it in pixels).
 */
describe('an enhanced multi-frame object: scale bar and orientation from its functional groups', () => {
  const id = 'nibabel-philips-enhanced-mr';
  const part = (el: FoveaViewport, name: string) => el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  const labels = (el: FoveaViewport) =>
    ['top', 'bottom', 'left', 'right'].map((edge) => part(el, `orientation-${edge}`)?.textContent ?? '-').join(' ');
  let el: FoveaViewport | undefined;
  afterEach(async () => {
    el?.remove();
    await removeInstance(
      manifest instanceof Error ? '' : (manifest.files.find((f) => f.id === id)?.sopInstanceUid ?? ''),
    ).catch(() => undefined);
  });

  it('shows, measures and prints a sagittal Philips Enhanced MR (1 mm pixels) in millimetres, with its labels', async function () {
    this.timeout(3 * BOUND_MS);
    if (manifest instanceof Error) throw manifest;
    const f = manifest.files.find((m) => m.id === id);
    if (!f) throw new Error(`${id} is not in the real-world corpus (run scripts/corpus/make-realworld.sh)`);
    const references = await store(f);
    el = document.createElement('fovea-viewport');
    el.style.width = '256px';
    el.style.height = '256px';
    el.client = client;
    el.imageIndex = 0;
    document.body.append(el);
    el.references = references;
    const shown = el;
    const got = await outcome(shown, 0, []);
    expect(got.kind, state(shown)).to.equal('image');
    // Rows run posterior (0, 0.998, -0.065), columns toward the feet (-0.034, -0.065, -0.997).
    await until('orientation labels', () => labels(shown) === 'H F A P', BOUND_MS).catch(() => undefined);
    expect(labels(shown), 'top, bottom, left, right labels').to.equal('H F A P');
    // Its window and slice thickness are the frame's too (Frame VOI LUT, Pixel Measures), none at the top level.
    expect(shown.voiPresets[0], "the frame's window preset").to.deep.include({ center: 13, width: 23 });
    expect(part(shown, 'bottom-left')?.textContent, 'corner text').to.contain('Thk 1 mm');
    // 256 columns of 1 mm fitted in 256 CSS px: 1 CSS px per mm.
    const ratio = () => {
      const mm = Number(/^(\d+) mm$/.exec(part(shown, 'scale-label')?.textContent?.trim() ?? '')?.[1]);
      return parseFloat(part(shown, 'scale-bar')?.style.width ?? '') / mm;
    };
    await until('a scale bar at 1 px/mm', () => Math.abs(ratio() - 1) < 0.03, BOUND_MS).catch(() => undefined);
    expect(part(shown, 'scale-bar'), 'the scale bar').to.not.equal(null);
    expect(ratio(), 'scale bar CSS px per mm').to.be.closeTo(1, 0.03);
    // A length across 100 pixels of 1 mm is 100 mm, placed in the patient.
    shown.setTool('length');
    await shown.updateComplete;
    const added = new Promise<Measurement>((resolve) =>
      shown.addEventListener('fovea-measurement-add', (e) => resolve(e.detail.measurement), { once: true }),
    );
    await drag(shown, [60, 200], [160, 200], 8, f.columns);
    const m = await added;
    expect([m.unit, m.spacing], 'unit and its source').to.deep.equal(['mm', 'PixelSpacing']);
    expect(m.value, 'length in mm').to.be.closeTo(100, 2);
    expect(m.points[0]?.patient, 'patient coordinates').to.have.length(3);
    // On paper: the scale bar's label, and the labels around the image (pdftotext keeps their places).
    const pdf = new Uint8Array(await (await shown.toPdf()).arrayBuffer());
    const { text } = await renderPdf(pdf, 50);
    expect(text, 'the printed scale bar').to.match(/\b(10|20|25|50|100|200) mm\b/);
    expect(text, 'left and right labels').to.match(/^\s*A\s+P\s*$/m);
    expect(text, 'top and bottom labels').to.match(/\s{8}H\s{8}[^]*\s{8}F\s{8}/);
  });
});

async function check(f: RealworldFile): Promise<void> {
  const reference = await getJson<{ frames: FrameReference[] }>(`${ROOT}/${f.reference}`);
  const rejections: string[] = [];
  const consoleLines: string[] = [];
  const events: FoveaErrorEvent['detail'][] = [];
  // Recorded here, and this test fails on them. The runner sees them too and
  // may end the test at once: the chain in describe() keeps the next file
  // waiting until this check has finished, so nothing is blamed on it.
  const onRejection = (event: PromiseRejectionEvent) => {
    const r: unknown = event.reason;
    rejections.push(r instanceof Error ? `${r.name}: ${r.message}` : String(r));
  };
  const original = { error: console.error, warn: console.warn };
  const record =
    (level: 'error' | 'warn') =>
    (...args: unknown[]) => {
      consoleLines.push(
        `${level}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`.slice(0, 300),
      );
      original[level].apply(console, args);
    };
  const onError = (event: ErrorEvent) => rejections.push(`uncaught ${event.message}`);
  addEventListener('unhandledrejection', onRejection);
  addEventListener('error', onError);
  console.error = record('error');
  console.warn = record('warn');
  const el = document.createElement('fovea-viewport');
  const failures: string[] = [];
  const log: string[] = [];
  let mode = 'unknown';
  try {
    const references = await store(f);
    el.style.width = '256px';
    el.style.height = '256px';
    el.overlays = false;
    el.client = client;
    el.imageIndex = 0;
    el.addEventListener('fovea-error', (e) => events.push(e.detail));
    document.body.append(el);
    el.references = references;
    for (const frameRef of reference.frames) {
      const index = frameRef.frame - 1;
      if (index !== el.imageIndex) el.imageIndex = index;
      const got = await outcome(el, index, events);
      await frames(2);
      const where = `frame ${frameRef.frame}`;
      if (got.kind === 'timeout') {
        failures.push(
          `${where}: no image and no error state within ${BOUND_MS} ms: ${state(el)}; ${errorText(got.events)}`,
        );
      } else if (frameRef.decodable && got.kind === 'error') {
        failures.push(`${where}: error state where ${frameRef.decoder} decodes it: ${errorText(got.events)}`);
      } else if (!frameRef.decodable && got.kind === 'image') {
        failures.push(`${where}: an image where no oracle decodes the frame (${frameRef.reasons.join('; ')})`);
      } else if (frameRef.decodable && got.kind === 'image') {
        failures.push(...compare(el, f, frameRef).map((m) => `${where}: ${m}`));
      } else if (got.kind === 'error' && !got.events.some((e) => e.code && e.error instanceof Error)) {
        failures.push(`${where}: error state without a typed fovea-error (${errorText(got.events)})`);
      }
      log.push(`${where} ${got.kind} in ${got.ms} ms`);
      mode = el.renderingMode ?? mode;
    }
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    removeEventListener('unhandledrejection', onRejection);
    removeEventListener('error', onError);
    console.error = original.error;
    console.warn = original.warn;
    el.remove();
    await removeInstance(f.sopInstanceUid).catch(() => undefined);
  }
  if (rejections.length) failures.push(`unhandled rejection or error: ${rejections.join('; ')}`);
  console.log(
    `[realworld] ${mode} ${f.id}: ${failures.length ? 'FAIL' : 'PASS'}; ${log.join(', ')}` +
      (failures.length ? `\n  ${failures.join('\n  ')}` : '') +
      (consoleLines.length ? `\n  console: ${consoleLines.slice(0, 6).join(' | ')}` : ''),
  );
  expect(
    failures,
    `${f.id}${consoleLines.length ? ` (console: ${consoleLines.slice(0, 3).join(' | ')})` : ''}`,
  ).to.deep.equal([]);
}
