// The print of a key image no viewport shows (unshown.ts): its size on paper
// and orientation labels come from its frame's Pixel Spacing and Image
// Orientation (Patient), which an enhanced multi-frame object keeps in its
// functional groups only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ds, item, reference, SAGITTAL } from '../../model/frame.fixtures.node.test.js';
import { fittedSize, printImageOf, unrotatedAxes, type UnshownContext } from './unshown.js';

describe('print of an unshown key image', () => {
  it('is to scale, with its orientation labels, from the frame', () => {
    const enhanced = reference(
      {
        '00280008': { vr: 'IS', Value: [2] },
        '52009229': { vr: 'SQ', Value: [item('00289110', { '00280030': ds([0.5, 0.25]) })] },
        '52009230': {
          vr: 'SQ',
          Value: [{}, item('00209116', { '00200037': ds(SAGITTAL) })],
        },
      },
      2,
    );
    const single = reference({ '00200037': ds(SAGITTAL), '00280030': ds([0.5, 0.25]) });
    for (const [what, r] of [
      ['enhanced, frame 2', enhanced],
      ['single frame', single],
    ] as const) {
      // 100 columns of 0.25 mm (25 mm) by 200 rows of 0.5 mm (100 mm): 512 CSS px for 100 mm.
      assert.deepEqual(fittedSize(r), { cssSize: [128, 512], cssPixelsPerMm: 5.12 }, what);
      assert.deepEqual(unrotatedAxes(r), { right: [0, 1, 0], up: [-0, -0, 1] }, what);
    }
  });

  it("states the frame's window and slice thickness, which an enhanced object keeps in its functional groups", () => {
    // The render takes the frame's first window by default (the renderer reads the frame): the text must say that one.
    const frameGroups = (center: number, width: number) => ({
      ...item('00289110', { '00180050': ds([1]) }),
      ...item('00289132', { '00281050': ds([center]), '00281051': ds([width]) }),
    });
    const enhanced = reference(
      {
        '00280008': { vr: 'IS', Value: [2] },
        '52009230': { vr: 'SQ', Value: [frameGroups(13, 23), frameGroups(40, 400)] },
      },
      2,
    );
    const single = reference({ '00281050': ds([40]), '00281051': ds([400]), '00180050': ds([1]) });
    const context = { locale: 'en' } as UnshownContext;
    for (const [what, r] of [
      ['enhanced, frame 2', enhanced],
      ['single frame', single],
    ] as const) {
      const { corners } = printImageOf(r, 0, 1, context);
      assert.deepEqual(corners.bottomRight, ['W 400 L 40'], what);
      assert.deepEqual(corners.bottomLeft, ['Im 1/1', 'Thk 1 mm'], what);
    }
  });

  it("is labelled from a radiograph's Patient Orientation where the frame has no orientation", () => {
    const radiograph = reference({ '00200020': { vr: 'CS', Value: ['L', 'F'] } });
    // Rows toward the patient's left (screen right), columns toward the feet (screen down).
    assert.deepEqual(unrotatedAxes(radiograph), { right: [1, 0, 0], up: [0, 0, 1] });
  });

  it('is in pixels, without labels, where the frame has neither', () => {
    assert.deepEqual(fittedSize(reference({})), { cssSize: [256, 512], cssPixelsPerMm: undefined });
    assert.equal(unrotatedAxes(reference({})), undefined);
  });
});
