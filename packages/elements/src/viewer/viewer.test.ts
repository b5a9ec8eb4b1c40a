// <fovea-viewer> without an image server: what it does with invalid arguments.
import { expect, fixture, html } from '@open-wc/testing';
import { FoveaError } from '@fovea-dicom/core';
import '../fovea-viewer.js';
import type { FoveaViewer } from './viewer.js';
import type { ToolBindings } from '../model/tools.js';

describe('<fovea-viewer> arguments', () => {
  it('throws a typed invalid-argument error for tool bindings that do not exist, and keeps its own', async () => {
    const el = await fixture<FoveaViewer>(html`<fovea-viewer style="width:400px;height:300px"></fovea-viewer>`);
    const before = el.tools;
    for (const bindings of [{ left: 'length' }, { primary: 'ruler' }]) {
      let thrown: unknown;
      try {
        el.tools = bindings as unknown as ToolBindings;
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(bindings)).to.be.instanceOf(FoveaError);
      expect((thrown as FoveaError).code).to.equal('invalid-argument');
    }
    expect(el.tools).to.equal(before);
    el.tools = { primary: 'length' };
    await el.updateComplete;
    expect(el.tools.primary).to.equal('length');
  });
});
