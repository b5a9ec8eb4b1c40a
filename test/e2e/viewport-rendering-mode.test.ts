// rendering="auto" on a machine without a GPU: the e2e groups run Chromium with
// WebGL on SwiftShader (a software rasterizer) and with WebGL off. In both, a
// page that does not ask for a mode gets Cornerstone's CPU path, which draws
// faster there (docs/performance.md, decision 0013). The e2e-webgl group's pages
// ask for WebGL with <meta name="fovea-rendering" content="gpu">: this file takes
// it away before the first viewport decides the page's mode.
import { expect } from '@open-wc/testing';
import { createDicomWebClient } from '@fovea-dicom/core';
import { findSeries } from '../helpers/corpus.js';
import { mountViewport, nextImage } from '../helpers/viewport.js';

document.querySelector('meta[name="fovea-rendering"]')?.remove();

describe('rendering="auto" without a GPU', () => {
  it('draws on the CPU, whether WebGL is a software rasterizer or absent', async () => {
    const webgl = document.createElement('canvas').getContext('webgl2');
    const info = webgl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = webgl && info ? String(webgl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'none';
    webgl?.getExtension('WEBGL_lose_context')?.loseContext();
    expect(renderer, 'this machine has no GPU: WebGL is SwiftShader or absent').to.match(/swiftshader|none/i);

    const dx = await findSeries((s) => s.syntax === 'explicit-le' && s.phantom === 'dx', 'an explicit-le DX');
    const el = mountViewport(256);
    el.client = createDicomWebClient({ root: '/dicom-web' });
    el.studyUid = dx.studyInstanceUid;
    el.seriesUid = dx.seriesInstanceUid;
    await nextImage(el);
    expect(el.rendering).to.equal('auto');
    expect(el.renderingMode).to.equal('cpu');
    expect(el.pixelValues()).to.not.equal(undefined);
    el.remove();
  });
});
