// Requests wait for the host's token: with `requires-auth`, an element sends
// nothing before `getAuthorization` is set, even when the host sets it in a
// script that runs after the element started (as the README shows). Through
// the test server's gate in front of Orthanc, which answers 401 to any
// request without the bearer token and records every request.
import { expect } from '@open-wc/testing';
import '@fovea-dicom/elements';
import type { GetAuthorization } from '@fovea-dicom/core';
import type { FoveaErrorEvent } from '@fovea-dicom/elements';
import { findSeries } from '../helpers/corpus.js';
import { frames, nextImage } from '../helpers/viewport.js';
import { until } from '../helpers/wait.js';

const ROOT = '/__fovea/auth/dicom-web';
const TOKEN = 'Bearer fovea-test-token';

/** One request the gate saw: `status` is null while the answer is still on its way. */
interface Logged {
  path: string;
  authorization: string | null;
  status: number | null;
}

async function authLog(): Promise<Logged[]> {
  return (await (await fetch('/__fovea/auth-log')).json()) as Logged[];
}

/** A host's token source: records each call's `forceRefresh`. */
function tokens(): { calls: boolean[]; getAuthorization: GetAuthorization } {
  const calls: boolean[] = [];
  return {
    calls,
    getAuthorization: async ({ forceRefresh }) => {
      calls.push(forceRefresh);
      return TOKEN;
    },
  };
}

type Authorizable = HTMLElement & { getAuthorization: GetAuthorization | undefined; updateComplete: Promise<boolean> };

function mount<K extends 'fovea-study-list' | 'fovea-series-browser' | 'fovea-viewport' | 'fovea-viewer'>(
  tag: K,
  attributes: Record<string, string>,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.style.display = 'block';
  el.style.width = '600px';
  el.style.height = '400px';
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

/**
 * What a page whose script sets the callback after the tag does: the element
 * connects and starts loading, and the callback arrives a task and two frames later.
 */
async function hostSetsCallbackLater(el: Authorizable, getAuthorization: GetAuthorization): Promise<void> {
  await el.updateComplete;
  await new Promise((resolve) => setTimeout(resolve));
  await frames(2);
  el.getAuthorization = getAuthorization;
}

const errors: FoveaErrorEvent['detail'][] = [];
const onError = (e: FoveaErrorEvent) => errors.push(e.detail);

describe('requests wait for the host’s token (requires-auth)', () => {
  beforeEach(async () => {
    await fetch('/__fovea/auth-log', { method: 'DELETE' });
    errors.length = 0;
    document.addEventListener('fovea-error', onError);
  });
  afterEach(() => {
    document.removeEventListener('fovea-error', onError);
    document
      .querySelectorAll('fovea-study-list, fovea-series-browser, fovea-viewport, fovea-viewer')
      .forEach((el) => el.remove());
  });

  it('without requires-auth, a callback set after the tag is too late: the first request gets a 401', async () => {
    const host = tokens();
    const el = mount('fovea-study-list', { 'dicomweb-root': ROOT });
    await hostSetsCallbackLater(el, host.getAuthorization);
    // The failure requires-auth prevents: a request without the header, refused.
    let log: Logged[] = [];
    const refused = () => log.some((r) => r.authorization === null && r.status === 401);
    for (const start = performance.now(); !refused() && performance.now() - start < 20_000;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      log = await authLog();
    }
    expect(refused(), JSON.stringify(log)).to.equal(true);
  });

  it('<fovea-study-list requires-auth> sends every request with the token, none refused', async () => {
    const host = tokens();
    const el = mount('fovea-study-list', { 'dicomweb-root': ROOT, 'requires-auth': '' });
    await hostSetsCallbackLater(el, host.getAuthorization);
    await until('the studies', () => el.studies.length > 0);
    const log = await authLog();
    expect(log.length).to.be.greaterThan(0);
    expect(
      log.filter((r) => r.authorization !== TOKEN || r.status === 401),
      JSON.stringify(log),
    ).to.deep.equal([]);
    expect(host.calls, 'never a forced refresh').to.not.include(true);
    expect(errors).to.deep.equal([]);
  });

  it('<fovea-series-browser requires-auth>: series and thumbnails all carry the token', async () => {
    const ct = await findSeries((s) => s.phantom === 'ct', 'a CT series');
    const host = tokens();
    const el = mount('fovea-series-browser', {
      'dicomweb-root': ROOT,
      'requires-auth': '',
      'study-uid': ct.studyInstanceUid,
    });
    await hostSetsCallbackLater(el, host.getAuthorization);
    await el.seriesComplete;
    await until('a thumbnail', () => !!el.shadowRoot!.querySelector('img[part="thumbnail"]'));
    const log = await authLog();
    expect(
      log.some((r) => /\/(thumbnail|rendered)$/.test(r.path)),
      'thumbnails went through the gate',
    ).to.equal(true);
    expect(
      log.filter((r) => r.authorization !== TOKEN || r.status === 401),
      JSON.stringify(log),
    ).to.deep.equal([]);
    expect(host.calls).to.not.include(true);
  });

  it('<fovea-viewport requires-auth>: metadata and frames all carry the token', async () => {
    const ct = await findSeries((s) => s.phantom === 'ct', 'a CT series');
    const host = tokens();
    const el = mount('fovea-viewport', {
      'dicomweb-root': ROOT,
      'requires-auth': '',
      'study-uid': ct.studyInstanceUid,
      'series-uid': ct.seriesInstanceUid,
    });
    const image = nextImage(el);
    await hostSetsCallbackLater(el, host.getAuthorization);
    await image;
    const log = await authLog();
    expect(log.some((r) => r.path.includes('/frames/'))).to.equal(true);
    expect(
      log.filter((r) => r.authorization !== TOKEN || r.status === 401),
      JSON.stringify(log),
    ).to.deep.equal([]);
    expect(host.calls).to.not.include(true);
  });

  it('<fovea-viewer requires-auth>: the study, its series and the images all carry the token', async () => {
    const ct = await findSeries((s) => s.phantom === 'ct', 'a CT series');
    const host = tokens();
    const el = mount('fovea-viewer', { 'dicomweb-root': ROOT, 'requires-auth': '', 'study-uid': ct.studyInstanceUid });
    await hostSetsCallbackLater(el, host.getAuthorization);
    await until('an image in the viewport', () => !!el.viewports[0]?.getAttribute('aria-label')?.startsWith('Image'));
    const log = await authLog();
    expect(log.some((r) => r.path.includes('/frames/'))).to.equal(true);
    expect(
      log.filter((r) => r.authorization !== TOKEN || r.status === 401),
      JSON.stringify(log),
    ).to.deep.equal([]);
    expect(host.calls).to.not.include(true);
    expect(errors).to.deep.equal([]);
  });
});
