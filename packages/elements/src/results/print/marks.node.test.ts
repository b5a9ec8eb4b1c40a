// Where the PDF and the browser's print both place a cell's text, scale bar
// and arrow heads (packages/elements/src/results/print/marks.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrintedCell } from './document.js';
import { arrowHead, cellTexts, scaleBarMarks } from './marks.js';

const cell = (over: Partial<PrintedCell> = {}): PrintedCell => ({
  box: { x: 10, y: 20, width: 100, height: 80 },
  image: undefined as unknown as HTMLCanvasElement,
  corners: undefined,
  orientation: undefined,
  scaleBar: undefined,
  shapes: [],
  ...over,
});

describe('print marks', () => {
  it('stacks corner lines inside the image, the bottom ones upwards from the edge', () => {
    const texts = cellTexts(
      cell({ corners: { topLeft: ['a', 'b'], topRight: ['c'], bottomLeft: ['d', 'e'], bottomRight: ['f'] } }),
    );
    const at = (t: string) => texts.find((p) => p.text === t);
    assert.deepEqual(at('a'), { text: 'a', x: 11.5, y: 23.5, sizePt: 7, tone: 'overlay', align: 'left' });
    assert.equal(at('b')?.y, 26.5);
    assert.deepEqual([at('c')?.x, at('c')?.align], [108.5, 'right']);
    assert.deepEqual([at('d')?.y, at('e')?.y], [95.5, 98.5]);
    assert.equal(at('f')?.y, 98.5);
  });

  it('centres the top and bottom orientation labels and places none without orientation', () => {
    assert.deepEqual(cellTexts(cell()), []);
    const texts = cellTexts(cell({ orientation: { top: 'A', bottom: 'P', left: 'R', right: 'L' } }));
    assert.deepEqual(
      texts.map((t) => [t.text, t.x, t.y, t.align]),
      [
        ['A', 60, 24.5, 'center'],
        ['P', 60, 98.5, 'center'],
        ['R', 11.5, 61.5, 'left'],
        ['L', 108.5, 61.5, 'right'],
      ],
    );
  });

  it('draws the scale bar its paper length under the image, labelled in patient mm', () => {
    assert.equal(scaleBarMarks(cell()), undefined);
    const bar = scaleBarMarks(cell({ scaleBar: { patientMm: 50, paperMm: 25 } }));
    assert.deepEqual(bar?.lines[0], { x1: 10, y1: 104, x2: 35, y2: 104 });
    assert.equal(bar?.lines.length, 3);
    assert.deepEqual(bar?.label, { text: '50 mm', x: 37, y: 105.2, sizePt: 8, tone: 'ink', align: 'left' });
  });

  it('opens an arrow head of two 2.5 mm strokes at the tip', () => {
    assert.deepEqual(arrowHead([[0, 0]]), []);
    const head = arrowHead([
      [0, 0],
      [10, 0],
    ]);
    assert.equal(head.length, 2);
    for (const s of head) {
      assert.deepEqual([s.x1, s.y1], [0, 0]);
      assert.ok(Math.abs(Math.hypot(s.x2, s.y2) - 2.5) < 1e-9);
      assert.ok(s.x2 > 0);
    }
    assert.ok(head[0]!.y2 < 0 && head[1]!.y2 > 0);
  });
});
