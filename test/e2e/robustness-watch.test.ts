// The page watch of the robustness suite can fail: each kind of trouble it
// looks for, made on purpose, must make expectClean throw.
import { expect } from '@open-wc/testing';
import { untilAsync } from '../helpers/wait.js';
import { PageWatch } from '../helpers/watch.js';

let watch: PageWatch;

async function problems(options: Parameters<PageWatch['expectClean']>[0] = {}): Promise<string> {
  try {
    await watch.expectClean(options);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('robustness: the page watch', () => {
  before(async () => {
    watch = await PageWatch.start();
  });
  beforeEach(() => watch.reset());
  after(() => watch.stop());

  it('is clean when nothing happened', async () => {
    expect(await problems()).to.equal('');
  });

  it('reports an unhandled rejection', async () => {
    const seen = new Promise((resolve) => window.addEventListener('unhandledrejection', resolve, { once: true }));
    void Promise.reject(new Error('planted rejection'));
    await seen;
    expect(await problems()).to.contain('unhandled rejection: Error: planted rejection');
  });

  it('reports a WebGL error the browser prints (not a console call of the page)', async () => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return void expect(gl, 'the e2e-cpu group has no WebGL: nothing to provoke').to.equal(null);
    gl.bindTexture(0x1234, null); // an invalid target: Blink prints "WebGL: INVALID_ENUM: bindTexture: …"
    // The browser's message reaches the test runner on its own channel: wait for it.
    let found = '';
    await untilAsync(
      'the browser’s WebGL message',
      async () => (found = await problems()).includes('WebGL error'),
      10_000,
    ).catch(() => undefined);
    expect(found).to.contain('WebGL error in the console');
  });

  it('reports an identifier in console output and a console error', async () => {
    console.warn('loading 1.2.826.0.1.3680043.8.498.4711');
    expect(await problems({ identifiers: ['1.2.826.0.1.3680043.8.498.4711'] })).to.contain('identifier');
    await watch.reset();
    console.error('something broke');
    expect(await problems()).to.contain('console error: something broke');
  });
});
