// The camera maths of the stack renderer, in Node (no Cornerstone, no browser):
//   node --import tsx --test packages/elements/src/rendering/cornerstone/camera.node.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fitMmPerCssPixel,
  focalForPan,
  mmPerCssPixel,
  normalisedRotation,
  panOf,
  parallelScaleFor,
  screenAxesOf,
} from './camera.js';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

// Cornerstone's axial camera: viewUp (0, -1, 0) (anterior up), viewPlaneNormal (0, 0, -1).
const AXIAL = screenAxesOf([0, -1, 0], [0, 0, -1]);

describe('camera maths', () => {
  it('fits a 512 × 512 CT of 0.7 mm pixels to the shorter side of the viewport, rotated or not', () => {
    const ct = { columns: 512, rows: 512, columnPixelSpacing: 0.7, rowPixelSpacing: 0.7 };
    close(fitMmPerCssPixel(ct, 0, [800, 400])!, (512 * 0.7) / 400, 'wide viewport');
    close(fitMmPerCssPixel(ct, 90, [400, 800])!, (512 * 0.7) / 400, 'tall viewport, quarter turn');
  });

  it('swaps width and height of a non-square image on a quarter turn only', () => {
    const cr = { columns: 2000, rows: 1000, columnPixelSpacing: 0.1, rowPixelSpacing: 0.1 };
    close(fitMmPerCssPixel(cr, 0, [1000, 1000])!, 0.2, 'upright: the width decides');
    close(fitMmPerCssPixel(cr, 90, [1000, 1000])!, 0.2, 'quarter turn: the height (was the width) decides');
    close(fitMmPerCssPixel(cr, 90, [1000, 100])!, 2, 'quarter turn in a flat viewport: 200 mm over 100 px');
    close(fitMmPerCssPixel(cr, 180, [1000, 100])!, 1, 'half turn: as upright');
    close(fitMmPerCssPixel(cr, -90, [1000, 100])!, 2, 'negative quarter turn');
  });

  it('measures an image without pixel spacing in pixels, and gives nothing for an empty viewport', () => {
    close(fitMmPerCssPixel({ columns: 640, rows: 480 }, 0, [320, 240])!, 2, 'no spacing');
    assert.equal(fitMmPerCssPixel({ columns: 640, rows: 480 }, 0, [0, 240]), undefined);
  });

  it('turns parallel scale into mm per CSS pixel and back at a zoom', () => {
    const fit = 0.9;
    for (const zoom of [0.5, 1, 2.5]) {
      const scale = parallelScaleFor(fit, zoom, 600);
      close(fit / mmPerCssPixel(scale, 600)!, zoom, `zoom ${zoom}`);
    }
    assert.equal(mmPerCssPixel(undefined, 600), undefined);
    assert.equal(mmPerCssPixel(100, 0), undefined);
  });

  it('gives screen right as viewUp × viewPlaneNormal', () => {
    assert.deepEqual(AXIAL.up, [0, -1, 0]);
    assert.deepEqual(
      [...AXIAL.right].map((v) => v + 0),
      [1, 0, 0],
    );
  });

  it('pans and unpans: focalForPan is the inverse of panOf', () => {
    const fitFocal = [10, -20, 35] as const;
    for (const pan of [
      [0, 0],
      [12.5, -3],
      [-40, 80],
    ] as const) {
      const focal = focalForPan(fitFocal, pan, AXIAL, 0.7);
      const back = panOf(fitFocal, focal, AXIAL, 0.7);
      close(back[0], pan[0], 'x');
      close(back[1], pan[1], 'y');
      close(focal[2], fitFocal[2], 'stays in the image plane');
    }
  });

  it('moves the image right when the focal point moves left on screen', () => {
    // The camera looks at a point 7 mm to the screen's left: the image appears 10 px to the right.
    const [x, y] = panOf([0, 0, 0], [-7, 0, 0], AXIAL, 0.7);
    close(x, 10, 'right');
    close(y, 0, 'down');
  });

  it('normalises rotation to whole degrees', () => {
    assert.equal(normalisedRotation(-90), 270);
    assert.equal(normalisedRotation(450), 90);
    assert.equal(normalisedRotation(89.6), 90);
  });
});
