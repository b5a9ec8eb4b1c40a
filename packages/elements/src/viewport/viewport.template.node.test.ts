import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyTarget, viewportLabel, type ViewportScene } from './viewport.template.js';

test('keys move through the stack and stop at its ends', () => {
  assert.equal(keyTarget('ArrowDown', 3, 40), 4);
  assert.equal(keyTarget('ArrowLeft', 0, 40), 0);
  assert.equal(keyTarget('PageDown', 3, 40), 7, 'a page is a tenth of the stack');
  assert.equal(keyTarget('PageDown', 38, 40), 39);
  assert.equal(keyTarget('Home', 20, 40), 0);
  assert.equal(keyTarget('End', 0, 40), 39);
  assert.equal(keyTarget('PageUp', 0, 5), 0, 'a page is at least one image');
  assert.equal(keyTarget('a', 3, 40), undefined);
  assert.equal(keyTarget('constructor', 3, 40), undefined, 'not a key of the table');
});

test('the label names the image, a failure, or what is shown instead', () => {
  const scene: ViewportScene = {
    status: 'ready',
    errorId: undefined,
    failed: undefined,
    index: 4,
    total: 10,
    loaded: 10,
    messages: {},
  };
  const image = viewportLabel(scene);
  assert.match(image, /5/);
  assert.match(image, /10/);
  const failed = viewportLabel({ ...scene, failed: { index: 4, messageId: 'error.parse' } });
  assert.ok(failed.startsWith(`${image}: `) && failed.length > image.length + 2);
  assert.notEqual(viewportLabel({ ...scene, status: 'loading' }), viewportLabel({ ...scene, status: 'idle' }));
});
