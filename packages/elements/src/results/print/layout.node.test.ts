// Print geometry in millimetres (packages/elements/src/results/print/layout.ts):
// page sizes, grids, the image box at its on-screen aspect, the scale bar's
// length, render sizes at a resolution. The printed page itself is measured by
// test/e2e/results.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cellRects,
  gridFor,
  imageBox,
  MARGIN_MM,
  pageSize,
  printScaleBar,
  renderSize,
  SCALE_STRIP_MM,
} from './layout.js';

describe('print layout', () => {
  it('sizes A4 and Letter pages in both orientations', () => {
    assert.deepEqual(pageSize('a4', 'portrait'), { width: 210, height: 297 });
    assert.deepEqual(pageSize('a4', 'landscape'), { width: 297, height: 210 });
    assert.deepEqual(pageSize('letter', 'portrait'), { width: 215.9, height: 279.4 });
  });

  it('lays key images out a few to a page', () => {
    assert.deepEqual(gridFor(1, 'portrait'), { rows: 1, columns: 1 });
    assert.deepEqual(gridFor(2, 'portrait'), { rows: 2, columns: 1 });
    assert.deepEqual(gridFor(2, 'landscape'), { rows: 1, columns: 2 });
    assert.deepEqual(gridFor(3, 'portrait'), { rows: 2, columns: 2 });
    assert.deepEqual(gridFor(9, 'portrait'), { rows: 3, columns: 2 });
  });

  it('fills the page between the margins, under the header, above the footer', () => {
    const page = pageSize('a4', 'portrait');
    const [cell] = cellRects(page, 1, 1, 3);
    assert.equal(cell!.x, MARGIN_MM);
    assert.equal(cell!.width, 190);
    assert.equal(cell!.y, MARGIN_MM + 3 * 5 + 4);
    assert.equal(cell!.y + cell!.height, 297 - MARGIN_MM - 5);
    const cells = cellRects(page, 2, 2, 0);
    assert.equal(cells.length, 4);
    assert.equal(cells[1]!.x - cells[0]!.x, cells[0]!.width + 4);
  });

  it('keeps the on-screen aspect ratio, centred, with room for the scale bar', () => {
    const cell = { x: 10, y: 20, width: 190, height: 250 };
    const square = imageBox(cell, 1);
    assert.deepEqual([square.width, square.height], [190, 190]);
    assert.ok(square.y + square.height <= cell.y + cell.height - SCALE_STRIP_MM);
    const wide = imageBox(cell, 2);
    assert.deepEqual([wide.width, wide.height], [190, 95]);
    const tall = imageBox(cell, 0.5);
    assert.equal(tall.height, 250 - SCALE_STRIP_MM);
    assert.equal(tall.x, 10 + (190 - tall.width) / 2);
  });

  it('makes the scale bar a round patient length, as long on paper as the print scale makes it', () => {
    // A 320 mm field printed 190 mm wide: 0.59375 mm on paper per mm.
    assert.deepEqual(printScaleBar(0.59375, 190), { patientMm: 100, paperMm: 59.375 });
    // Life size: a third of a 190 mm box is about 63 mm: 50 mm.
    assert.deepEqual(printScaleBar(1, 190), { patientMm: 50, paperMm: 50 });
    // Magnified 20 times (a small field): 2 mm is 40 mm on paper.
    assert.deepEqual(printScaleBar(20, 120), { patientMm: 2, paperMm: 40 });
    assert.equal(printScaleBar(undefined, 190), undefined, 'no pixel spacing, no bar');
    assert.equal(printScaleBar(1000, 190), undefined, 'nothing round fits');
  });

  it('renders at the asked resolution, capped', () => {
    assert.deepEqual(renderSize({ x: 0, y: 0, width: 190, height: 190 }, 300), { width: 2244, height: 2244 });
    assert.deepEqual(renderSize({ x: 0, y: 0, width: 190, height: 95 }, 600), { width: 4096, height: 2048 });
  });
});
