// States of <fovea-viewport> that need no image server: idle, and the error
// state with its typed event, from a client whose server answers 500.
import { expect, fixture, html } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import '../fovea-viewport.js';
import type { FoveaViewport } from './viewport.js';
import type { FoveaErrorEvent } from '../events.js';

const failingClient = (status: number) =>
  createDicomWebClient({
    root: 'https://pacs.invalid/dicom-web',
    retry: { retries: 0 },
    fetch: async () => new Response(null, { status }),
  });

describe('<fovea-viewport> states', () => {
  it('is idle and says so when no series is set', async () => {
    const el = await fixture<FoveaViewport>(html`<fovea-viewport style="width:200px;height:200px"></fovea-viewport>`);
    const status = el.shadowRoot!.querySelector('[part="status"]');
    expect(status?.textContent?.trim()).to.equal('No series selected');
    expect(el.getAttribute('role')).to.equal('img');
    expect(el.getAttribute('aria-label')).to.equal('No series selected');
    expect(el.tabIndex).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('shows an error state and fires fovea-error when the server fails', async () => {
    const el = await fixture<FoveaViewport>(html`<fovea-viewport style="width:200px;height:200px"></fovea-viewport>`);
    const errored = new Promise<FoveaErrorEvent>((resolve) =>
      el.addEventListener('fovea-error', resolve, { once: true }),
    );
    el.client = failingClient(500);
    el.studyUid = '1.2.3';
    el.seriesUid = '1.2.3.4';
    const event = await errored;
    await el.updateComplete;
    expect(event.detail.code).to.equal('http');
    expect(event.detail.message).to.equal('The image server answered with an error.');
    const status = el.shadowRoot!.querySelector('[part="status"]');
    expect(status?.getAttribute('role')).to.equal('alert');
    expect(status?.textContent?.trim()).to.equal('The image server answered with an error.');
    await expect(el).to.be.accessible();
  });

  it('says access was refused on 401 and uses the host’s messages', async () => {
    const el = await fixture<FoveaViewport>(html`<fovea-viewport style="width:200px;height:200px"></fovea-viewport>`);
    el.messages = { 'error.unauthorized': 'Zugriff verweigert.' };
    const errored = new Promise<FoveaErrorEvent>((resolve) =>
      el.addEventListener('fovea-error', resolve, { once: true }),
    );
    el.client = failingClient(401);
    el.studyUid = '1.2.3';
    el.seriesUid = '1.2.3.4';
    expect((await errored).detail.code).to.equal('unauthorized');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')?.textContent?.trim()).to.equal('Zugriff verweigert.');
  });
});
