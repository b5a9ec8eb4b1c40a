// Objects that are not images get a clear state, and codecs load only when needed.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { FoveaErrorEvent } from '@fovea-dicom/elements';
import { clearBrowserCache } from '../helpers/commands.js';
import { findSeries } from '../helpers/corpus.js';
import { frames, mountViewport, nextImage } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';

const client = createDicomWebClient({ root: '/dicom-web' });

async function requests(): Promise<string[]> {
  return (await fetch('/__fovea/requests')).json() as Promise<string[]>;
}

describe('<fovea-viewport> with objects of every kind', () => {
  afterEach(() => document.querySelectorAll('fovea-viewport').forEach((el) => el.remove()));

  for (const modality of ['SR', 'DOC']) {
    it(`says a ${modality} series has no image instead of showing a blank`, async () => {
      const ct = await findSeries((s) => s.phantom === 'ct', 'ct');
      const [series] = await client.searchSeries({ StudyInstanceUID: ct.studyInstanceUid, Modality: modality });
      expect(series, `${modality} series in the CT study (scripts/corpus/make-extras.sh)`).to.not.equal(undefined);
      const el = mountViewport(200);
      const errors: FoveaErrorEvent[] = [];
      const failed = new Promise<FoveaErrorEvent>((resolve) =>
        el.addEventListener('fovea-error', (e) => resolve(errors[errors.push(e) - 1]!)),
      );
      el.client = client;
      el.studyUid = ct.studyInstanceUid;
      el.seriesUid = series!.seriesInstanceUid;
      const event = await failed;
      await el.updateComplete;
      expect(event.detail.code).to.equal('unsupported');
      const status = el.shadowRoot!.querySelector('[part="status"]');
      expect(status?.getAttribute('role')).to.equal('alert');
      // An SR series is also offered to the results reader (decision 0015), which says why it cannot show it.
      const shown =
        modality === 'SR'
          ? 'This structured report is not a measurement report (DICOM TID 1500): Fovea cannot show its content.'
          : 'This object has no image Fovea can display.';
      const statusText = () => el.shadowRoot!.querySelector('[part="status"]')?.textContent?.trim();
      await until(`the status says "${shown}" (it says "${statusText()}")`, () => statusText() === shown, 30_000);
      // One failure, one report: the event says what the status says.
      expect(errors.map((e) => e.detail.message)).to.deep.equal([shown]);
      await expect(el).to.be.accessible();
    });
  }

  it('fetches no codec for uncompressed data, then CharLS and no other codec for JPEG-LS', async () => {
    // Earlier test files ran in this browser: empty its cache so every download reaches the server's log.
    await clearBrowserCache();
    await fetch('/__fovea/requests', { method: 'DELETE' });
    const le = await findSeries((s) => s.phantom === 'mr' && s.syntax === 'explicit-le', 'mr explicit LE');
    const el = mountViewport(200);
    // A failed image counts as loaded too: the codec check below needs every image decoded.
    const errors: string[] = [];
    el.addEventListener('fovea-error', (e) => errors.push(`${e.detail.code}: ${e.detail.message}`));
    el.client = client;
    el.studyUid = le.studyInstanceUid;
    el.seriesUid = le.seriesInstanceUid;
    await nextImage(el);
    await frames();
    expect(
      (await requests()).filter((p) => p.endsWith('.wasm')),
      'no codec for uncompressed data',
    ).to.deep.equal([]);

    const jls = await findSeries((s) => s.phantom === 'mr' && s.syntax === 'jpegls-lossless', 'mr JPEG-LS');
    el.studyUid = jls.studyInstanceUid;
    el.seriesUid = jls.seriesInstanceUid;
    // Wait for this series to be on screen and every image of it decoded: by then each codec the workers
    // needed has been fetched. Until the switch the counts are the previous series': the image shown says
    // which series they count.
    await until(
      'the JPEG-LS series loaded and decoded',
      () =>
        el.currentImage?.seriesInstanceUid === jls.seriesInstanceUid &&
        el.imageCount === jls.instances &&
        el.loadedImageCount === jls.instances,
    );
    expect(errors, 'fovea-errors').to.deep.equal([]);
    const asked = await requests();
    const wasm = asked.filter((p) => p.endsWith('.wasm'));
    // Each decode worker that meets a JPEG-LS frame fetches CharLS (one worker on 2 cores).
    const codecs = new Set(wasm.map((p) => p.slice(p.lastIndexOf('/') + 1).replace(/-[\w-]{8}\.wasm$/, '')));
    // Should it fail, what else was asked for says where the decoding came from.
    const code = asked.filter((p) => !p.startsWith('/dicom-web/')).map((p) => p.slice(p.lastIndexOf('/') + 1));
    const frameRequests = asked.filter((p) => p.includes(jls.seriesInstanceUid) && p.includes('/frames/')).length;
    expect(
      [...codecs],
      `CharLS and no other codec (also asked for: ${code.join(' ')}; JPEG-LS frame requests: ${frameRequests})`,
    ).to.deep.equal(['charlswasm_decode']);
  });
});
