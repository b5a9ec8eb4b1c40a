// Every element that talks to a DICOMweb source declares the source the same
// way (DicomWebSourceMixin) and reports a failure the same way: a `fovea-error`
// with one detail shape, localised with the host's messages or an enclosing
// viewer's. The failure comes from a real client whose server refuses access.
import { expect, fixture, html } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import type { ReactiveElement } from 'lit';
import '../fovea-import.js';
import '../fovea-series-browser.js';
import '../fovea-study-list.js';
import '../fovea-viewer.js';
import '../fovea-viewport.js';
import type { ErrorDetail, FoveaErrorEvent } from '../events.js';
import type { FoveaImport } from '../import/import.js';
import type { FoveaSeriesBrowser } from '../series-browser/series-browser.js';
import type { FoveaStudyList } from '../study-list/study-list.js';
import type { FoveaViewer } from '../viewer/viewer.js';
import type { FoveaViewport } from '../viewport/viewport.js';
import type { Messages } from './messages.js';

const refusingClient = () =>
  createDicomWebClient({
    root: 'https://pacs.invalid/dicom-web',
    retry: { retries: 0 },
    fetch: async () => new Response(null, { status: 401 }),
  });

type SourceElement = FoveaStudyList | FoveaSeriesBrowser | FoveaViewport | FoveaViewer | FoveaImport;

/** Each element, and how to make it fail on its own (not through an inner element). */
const ELEMENTS: { tag: string; fail: (el: HTMLElement) => void }[] = [
  { tag: 'fovea-study-list', fail: (el) => ((el as FoveaStudyList).client = refusingClient()) },
  {
    tag: 'fovea-series-browser',
    fail: (el) => Object.assign(el as FoveaSeriesBrowser, { client: refusingClient(), studyUid: '1.2.3' }),
  },
  {
    tag: 'fovea-viewport',
    fail: (el) =>
      Object.assign(el as FoveaViewport, { client: refusingClient(), studyUid: '1.2.3', seriesUid: '1.2.3.4' }),
  },
  {
    tag: 'fovea-viewer',
    fail: (el) => Object.assign(el as FoveaViewer, { client: refusingClient(), accessionNumber: 'A1' }),
  },
  {
    tag: 'fovea-import',
    // A folder walk that fails (the folder was moved, say) with the same error as the others.
    fail: (el) =>
      void (el as FoveaImport).addFiles(
        refusingClient()
          .searchStudies()
          .then(() => []),
      ),
  },
];

const SOURCE_PROPERTIES = [
  'dicomwebRoot',
  'client',
  'getAuthorization',
  'requiresAuth',
  'quirks',
  'locale',
  'messages',
];
const GERMAN: Messages = { 'error.unauthorized': 'Zugriff verweigert.' };

/** The element's own `fovea-error` (not one of an inner element, which a viewer lets through). */
function ownError(el: HTMLElement): Promise<ErrorDetail> {
  return new Promise((resolve) => {
    const listener = (event: FoveaErrorEvent) => {
      if (event.composedPath()[0] !== el) return;
      el.removeEventListener('fovea-error', listener);
      resolve(event.detail);
    };
    el.addEventListener('fovea-error', listener);
  });
}

async function mount(tag: string): Promise<SourceElement> {
  const el = document.createElement(tag) as SourceElement;
  el.style.cssText = 'display:block;width:240px;height:240px';
  await fixture<HTMLDivElement>(html`<div></div>`).then((div) => div.append(el));
  await el.updateComplete;
  return el;
}

function expectSameShape(detail: ErrorDetail, message: string): void {
  expect(Object.keys(detail).sort()).to.deep.equal(['code', 'error', 'message']);
  expect(detail.error).to.be.instanceOf(Error);
  expect(detail.code).to.equal('unauthorized');
  expect(detail.message).to.equal(message);
}

describe('DICOMweb source of every element', () => {
  it('is the same properties, attributes and getters everywhere', async () => {
    const options = (tag: string) => {
      const ctor = customElements.get(tag) as unknown as typeof ReactiveElement;
      return SOURCE_PROPERTIES.map((p) => {
        const o = ctor.elementProperties.get(p);
        return o && { property: p, attribute: o.attribute, type: (o.type as { name?: string } | undefined)?.name };
      });
    };
    const first = options(ELEMENTS[0]!.tag);
    expect(first.every(Boolean), 'study list declares every source property').to.equal(true);
    for (const { tag } of ELEMENTS) {
      expect(options(tag), tag).to.deep.equal(first);
      const el = await mount(tag);
      el.setAttribute('dicomweb-root', 'https://pacs.invalid/dicom-web');
      el.setAttribute('requires-auth', '');
      el.setAttribute('locale', 'de-DE');
      expect(
        [el.dicomwebRoot, el.requiresAuth, el.locale, el.effectiveLocale, el.client, el.quirks, el.messages],
        tag,
      ).to.deep.equal(['https://pacs.invalid/dicom-web', true, 'de-DE', 'de-DE', undefined, undefined, {}]);
      expect(
        (el.activeClient as { root?: string } | undefined)?.root,
        `${tag} makes its client from dicomweb-root`,
      ).to.equal('https://pacs.invalid/dicom-web');
      el.messages = GERMAN;
      expect(el.effectiveMessages, tag).to.deep.equal(GERMAN);
      el.remove();
    }
  });

  for (const { tag, fail } of ELEMENTS) {
    it(`<${tag}> reports a failure as fovea-error, localised with its messages`, async () => {
      const el = await mount(tag);
      el.messages = GERMAN;
      const reported = ownError(el);
      fail(el);
      expectSameShape(await reported, 'Zugriff verweigert.');
    });
  }

  for (const { tag, fail } of ELEMENTS.filter((e) => e.tag !== 'fovea-viewer' && e.tag !== 'fovea-import')) {
    it(`<${tag}> in a viewer reports with the viewer's messages, its own over them`, async () => {
      const viewer = await mount('fovea-viewer');
      viewer.messages = { ...GERMAN, 'error.network': 'Kein Netz.' };
      const el = document.createElement(tag) as SourceElement;
      viewer.append(el);
      await viewer.updateComplete;
      await el.updateComplete;
      expect(el.effectiveMessages['error.network'], 'the viewer reaches it').to.equal('Kein Netz.');
      el.messages = { 'error.unauthorized': 'Nicht angemeldet.' };
      const reported = ownError(el);
      fail(el);
      expectSameShape(await reported, 'Nicht angemeldet.');
      el.messages = {};
      const again = ownError(el);
      el.client = undefined;
      fail(el);
      expectSameShape(await again, 'Zugriff verweigert.');
    });
  }
});
