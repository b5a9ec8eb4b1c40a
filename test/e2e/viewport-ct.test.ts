// The walking skeleton's proof: Orthanc -> same-origin proxy -> <fovea-viewport>
// shows a CT slice, and the phantom's structures are where they should be.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import { CT_BONE_RING, CT_FAT_DISC, CT_HU, CT_WATER_DISC } from '@fovea-dicom/demo/sample/phantom.js';
import { findSeries } from '../helpers/corpus.js';
import { frames, greyAt, mountViewport, nextImage } from '../helpers/viewport.js';

/** Display grey of a HU value at a linear window (PS3.3 C.11.2.1.2 without the 0.5 shifts). */
function expectedGrey(hu: number, center: number, width: number): number {
  const low = center - width / 2;
  return Math.min(255, Math.max(0, ((hu - low) / width) * 255));
}

describe('<fovea-viewport> with a CT series from Orthanc', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  it('shows the middle slice with the phantom at the header window', async () => {
    const series = await findSeries(
      (s) => s.phantom === 'ct' && s.transferSyntaxUid === '1.2.840.10008.1.2.1',
      'explicit LE CT',
    );
    expect(series.instances).to.be.greaterThanOrEqual(100);
    const client = createDicomWebClient({ root: '/dicom-web' });
    const [first] = await client.retrieveSeriesMetadata(series.studyInstanceUid, series.seriesInstanceUid);
    const window = first!.windows[0]!;

    const el = mountViewport(512);
    el.client = client;
    el.studyUid = series.studyInstanceUid;
    el.seriesUid = series.seriesInstanceUid;
    const shown = await nextImage(el);
    await frames();

    // The e2e groups run with WebGL on SwiftShader (the page asks for WebGL with its
    // fovea-rendering meta) and with WebGL switched off (the CPU path, by itself).
    const webgl = document.createElement('canvas').getContext('webgl2') !== null;
    expect(el.renderingMode).to.equal(webgl ? 'gpu' : 'cpu');
    expect(shown.total).to.equal(series.instances);
    expect(shown.index).to.equal(Math.floor((series.instances - 1) / 2));
    expect(el.getAttribute('aria-label')).to.equal(`Image ${shown.index + 1} of ${series.instances}`);

    const tolerance = 14;
    const air = greyAt(el, 8, 8, 512);
    expect(air, 'air outside the body is black').to.be.lessThan(4);
    const water = greyAt(el, CT_WATER_DISC.cx, CT_WATER_DISC.cy, 512);
    expect(water, 'water disc').to.be.closeTo(expectedGrey(CT_HU.water, window.center, window.width), tolerance);
    const fat = greyAt(el, CT_FAT_DISC.cx, CT_FAT_DISC.cy, 512);
    expect(fat, 'fat disc').to.be.closeTo(expectedGrey(CT_HU.fat, window.center, window.width), tolerance);
    const bone = greyAt(
      el,
      CT_BONE_RING.cx + (CT_BONE_RING.innerRadius + CT_BONE_RING.outerRadius) / 2,
      CT_BONE_RING.cy,
      512,
      1,
    );
    expect(bone, 'bone ring').to.be.closeTo(expectedGrey(CT_HU.bone, window.center, window.width), tolerance);
    expect(water - fat, 'water brighter than fat').to.be.greaterThan(10);
  });

  it('scrolls with the keyboard', async () => {
    const series = await findSeries(
      (s) => s.phantom === 'ct' && s.transferSyntaxUid === '1.2.840.10008.1.2.1',
      'explicit LE CT',
    );
    const el = mountViewport(256);
    el.client = createDicomWebClient({ root: '/dicom-web' });
    el.studyUid = series.studyInstanceUid;
    el.seriesUid = series.seriesInstanceUid;
    const first = await nextImage(el);
    el.focus();
    const next = nextImage(el);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    expect((await next).index).to.equal(0);
    const last = nextImage(el);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect((await last).index).to.equal(first.total - 1);
  });
});
