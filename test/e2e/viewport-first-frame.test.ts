// The first frame of a viewport's first series is requested while its renderer starts (the
// rendering chunk, Cornerstone, the decode worker), and handed to the renderer: it is not asked
// for again. Its own file: a page that has not loaded the rendering chunk yet, so the renderer is
// still starting when the series' metadata is in.
import { expect } from '@open-wc/testing';
import { createDicomWebClient, type CallOptions, type InstanceRef } from '@fovea-dicom/core';
import { renderingStats } from '@fovea-dicom/elements';
import { findSeries } from '../helpers/corpus.js';
import { mountViewport, nextImage } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';

describe('<fovea-viewport> first frame', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  it('asks for each frame once: the first one, fetched while the renderer starts, is not fetched again', async () => {
    const series = await findSeries((s) => s.phantom === 'ct' && s.transferSyntaxUid === EXPLICIT_LE, 'explicit LE CT');
    // The host's client, counting what the viewport asks of it.
    const asked: string[] = [];
    const counting = new Proxy(createDicomWebClient({ root: '/dicom-web' }), {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (key === 'retrieveFrames') {
          return (ref: InstanceRef, frames: readonly number[], options?: CallOptions) => {
            for (const frame of frames) asked.push(`${ref.sopInstanceUid}|${frame}`);
            return target.retrieveFrames(ref, frames, options);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    expect(await renderingStats(), 'the rendering chunk not loaded yet').to.equal(undefined);
    // A new viewport given its series at once: its first frame is requested while its renderer starts.
    const el = mountViewport(256);
    el.client = counting;
    el.studyUid = series.studyInstanceUid;
    el.seriesUid = series.seriesInstanceUid;
    await nextImage(el);
    await until('the whole stack loaded', () => el.imageCount > 0 && el.loadedImageCount === el.imageCount, 120_000);
    expect(asked.length, 'one request per image').to.equal(el.imageCount);
    expect(new Set(asked).size, 'no frame asked for twice').to.equal(asked.length);
  });
});
