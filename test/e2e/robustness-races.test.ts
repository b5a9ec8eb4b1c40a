// Races: a person clicking through series faster than they load, and a host
// removing a viewer while it loads (the fault proxy holds the answers back so
// that the removal lands mid-flight). The last series asked for must be the
// one shown; nothing may reject unhandled afterwards.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { FoveaViewer, FoveaViewport } from '@fovea-dicom/elements';
import { findSeries, type CorpusSeries } from '../helpers/corpus.js';
import { clearFaults, faultLog, literal, setFaults } from '../helpers/faults.js';
import { identifiersOf } from '../helpers/identifiers.js';
import { mountViewport } from '../helpers/viewport.js';
import { until, untilAsync } from '../helpers/wait.js';
import { PageWatch } from '../helpers/watch.js';

const client = createDicomWebClient({ root: '/dicom-web' });
let watch: PageWatch;
let series: CorpusSeries[];
let last: CorpusSeries;
let identifiers: string[];

/** The request log entries for `seriesUid` of a kind (frames or metadata): seen, and settled (answered or given up). */
async function requests(seriesUid: string, kind: 'frames' | 'metadata') {
  const log = (await faultLog()).log.filter((e) => e.path.includes(seriesUid) && e.path.includes(`/${kind}`));
  return { seen: log.length, answered: log.filter((e) => e.status !== 0).length };
}

async function verdict(problems: string[]): Promise<void> {
  try {
    await watch.expectClean({ identifiers });
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

describe('robustness: races', () => {
  before(async function () {
    this.timeout(60_000);
    watch = await PageWatch.start();
    const pick = (syntax: string, phantom: string) =>
      findSeries((s) => s.syntax === syntax && s.phantom === phantom, `${syntax} ${phantom}`);
    series = [
      await pick('rle', 'ct'),
      await pick('jpeg-lossless-sv1', 'mr'),
      await pick('jpegls-lossless', 'us'),
      await pick('j2k-lossless', 'dx'),
      await pick('explicit-le', 'palette'),
    ];
    last = await pick('explicit-le', 'mr');
    identifiers = (
      await Promise.all([...series, last].map((s) => identifiersOf(client, s.studyInstanceUid, s.seriesInstanceUid)))
    ).flat();
  });
  beforeEach(async () => {
    await clearFaults();
    await watch.reset();
  });
  afterEach(async () => {
    document.querySelectorAll('fovea-viewport, fovea-viewer').forEach((el) => el.remove());
    await clearFaults();
  });
  after(() => watch.stop());

  it('50 rapid series switches show the last series asked for, and keep showing it', async () => {
    const el = mountViewport(256);
    el.client = client;
    const errors: string[] = [];
    el.addEventListener('fovea-error', (e) => errors.push(`${e.detail.code}: ${e.detail.error.message}`));
    for (let i = 0; i < 49; i++) {
      const s = series[i % series.length]!;
      el.studyUid = s.studyInstanceUid;
      el.seriesUid = s.seriesInstanceUid;
      // Some switches in the same task, some a microtask, some a frame apart: as fast as hands and scripts go.
      if (i % 3 === 1) await Promise.resolve();
      else if (i % 3 === 2) await new Promise((r) => requestAnimationFrame(r));
    }
    el.studyUid = last.studyInstanceUid;
    el.seriesUid = last.seriesInstanceUid;
    const [instance] = await client.retrieveSeriesMetadata(last.studyInstanceUid, last.seriesInstanceUid);
    const problems: string[] = [];
    const showsLast = () => {
      const values = el.pixelValues();
      return (
        el.imageCount === last.instances &&
        // The first image, or the middle one of a cross-sectional stack (the viewport's default).
        new RegExp(`^Image \\d+ of ${last.instances}$`).test(el.getAttribute('aria-label') ?? '') &&
        values?.rows === instance!.rows &&
        values?.columns === instance!.columns
      );
    };
    await until('the last series on screen', showsLast, 20_000).catch(() =>
      problems.push(
        `not the last series: ${el.imageCount} images, ${JSON.stringify(el.getAttribute('aria-label'))}, ${el.pixelValues()?.columns} x ${el.pixelValues()?.rows}`,
      ),
    );
    // Until every image of the last series is in: nothing late from the earlier ones may replace it.
    await until('the last series loaded', () => el.loadedImageCount === el.imageCount, 30_000).catch(() =>
      problems.push(`the last series did not finish loading (${el.loadedImageCount}/${el.imageCount})`),
    );
    if (!showsLast()) problems.push('the last series was replaced after it showed');
    if (errors.length) problems.push(`fovea-errors while switching: ${errors.join(' | ')}`);
    await verdict(problems);
  });

  for (const stage of ['metadata', 'frames'] as const) {
    it(`a viewport removed while its ${stage} is on the way leaves no unhandled rejection`, async () => {
      const s = series[1]!;
      await setFaults([{ path: `${literal(s.seriesInstanceUid)}.*/${stage}`, delayMs: 1500 }]);
      const el: FoveaViewport = mountViewport(256);
      el.client = client;
      el.studyUid = s.studyInstanceUid;
      el.seriesUid = s.seriesInstanceUid;
      await untilAsync(
        `a ${stage} request in flight`,
        async () => (await requests(s.seriesInstanceUid, stage)).seen > 0,
        15_000,
      );
      el.remove();
      const seen = (await requests(s.seriesInstanceUid, stage)).seen;
      // The held answers arrive after the removal; then whatever they settle must be handled.
      await untilAsync(
        `the held ${stage} answers`,
        async () => (await requests(s.seriesInstanceUid, stage)).answered >= seen,
        15_000,
      );
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await verdict([]);
    });
  }

  it('a viewport removed at ten different moments of a load (metadata, first frame, decode, draw, prefetch): no unhandled rejection', async () => {
    const big = await findSeries((x) => x.syntax === 'jpegls-lossless' && x.phantom === 'ct', 'jpegls ct');
    identifiers.push(...(await identifiersOf(client, big.studyInstanceUid, big.seriesInstanceUid)));
    const problems: string[] = [];
    for (const framesBefore of [0, 1, 2, 3, 4, 6, 9, 14, 22, 35]) {
      await clearFaults();
      const el = mountViewport(256);
      el.client = client;
      el.studyUid = big.studyInstanceUid;
      el.seriesUid = big.seriesInstanceUid;
      for (let f = 0; f < framesBefore; f++) await new Promise((r) => requestAnimationFrame(r));
      el.remove();
      await untilAsync('every request of the removed viewport settled', async () =>
        (await faultLog()).log.every((e) => e.status !== 0),
      );
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      try {
        await watch.expectClean({ identifiers });
      } catch (error) {
        problems.push(`removed after ${framesBefore} frames: ${(error as Error).message}`);
      }
      await watch.reset();
    }
    await verdict(problems);
  });

  it('a viewer removed while its frames are on the way leaves no unhandled rejection', async () => {
    const s = series[0]!;
    await setFaults([{ path: `${literal(s.studyInstanceUid)}.*/frames/`, delayMs: 1500 }]);
    const viewer = document.createElement('fovea-viewer') as FoveaViewer;
    viewer.style.height = '480px';
    viewer.style.width = '640px';
    viewer.client = client;
    viewer.studyUid = s.studyInstanceUid;
    document.body.append(viewer);
    await untilAsync(
      'a frames request in flight',
      async () => (await faultLog()).log.some((e) => e.path.includes('/frames/')),
      20_000,
    );
    viewer.remove();
    await untilAsync(
      'the held frames answers',
      async () => {
        const frames = (await faultLog()).log.filter((e) => e.path.includes('/frames/'));
        return frames.every((e) => e.status !== 0);
      },
      15_000,
    );
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await verdict([]);
  });

  it('a series switched away from while its frames are held, then the viewport removed: no unhandled rejection', async () => {
    const [a, b] = [series[1]!, series[0]!];
    await setFaults([{ path: `${literal(a.seriesInstanceUid)}.*/frames/`, delayMs: 1500 }]);
    const el = mountViewport(256);
    el.client = client;
    el.studyUid = a.studyInstanceUid;
    el.seriesUid = a.seriesInstanceUid;
    await untilAsync(
      'a frames request in flight',
      async () => (await requests(a.seriesInstanceUid, 'frames')).seen > 0,
      15_000,
    );
    el.studyUid = b.studyInstanceUid;
    el.seriesUid = b.seriesInstanceUid;
    await until(
      'the other series shown',
      () => el.imageCount === b.instances && el.pixelValues() !== undefined,
      15_000,
    );
    el.remove();
    await untilAsync(
      'the held answers',
      async () => {
        const r = await requests(a.seriesInstanceUid, 'frames');
        return r.answered >= r.seen;
      },
      15_000,
    );
    expect(el.isConnected).to.equal(false);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await verdict([]);
  });
});
