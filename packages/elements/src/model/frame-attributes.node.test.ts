// Pixel spacing and orientation per frame: an enhanced multi-frame object
// keeps them in functional groups, not at the top level, and every place that
// shows millimetres, patient positions or orientation labels must find them
// there (packages/elements/src/model/frame-attributes.ts). The print of
// unshown series: results/print/unshown.node.test.ts; the viewport's scale bar
// and labels for such a file: test/e2e/realworld.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DicomJsonDataset } from '@fovea-dicom/core';
import { frameAttributesOf } from './frame-attributes.js';
import { ds, item, reference, SAGITTAL } from './frame.fixtures.node.test.js';
import { imagePlane, nearestPlaneIndex } from './image-plane.js';
import { imageToPatient, spacingOf } from './measurements.js';

/** An Enhanced MR's two frames: orientation and spacing shared, positions per frame, nothing at the top level. */
const enhanced: DicomJsonDataset = {
  '00200052': { vr: 'UI', Value: ['1.2.3'] },
  '00280008': { vr: 'IS', Value: [2] },
  '52009229': {
    vr: 'SQ',
    Value: [
      {
        ...item('00209116', { '00200037': ds(SAGITTAL) }),
        ...item('00289110', { '00280030': ds([0.5, 0.25]) }),
      },
    ],
  },
  '52009230': {
    vr: 'SQ',
    Value: [item('00209113', { '00200032': ds([10, 0, 0]) }), item('00209113', { '00200032': ds([12, 0, 0]) })],
  },
};
/** The same geometry at the top level, as a single-frame image has it. */
const singleFrame: DicomJsonDataset = {
  '00200052': { vr: 'UI', Value: ['1.2.3'] },
  '00200037': ds(SAGITTAL),
  '00280030': ds([0.5, 0.25]),
  '00200032': ds([10, 0, 0]),
};

describe('pixel spacing and orientation of the frame', () => {
  it('reads them from the functional groups of an enhanced multi-frame object', () => {
    const second = reference(enhanced, 2);
    assert.equal(second.instance.pixelSpacing, undefined, 'nothing at the top level');
    assert.deepEqual(frameAttributesOf(second).pixelSpacing, [0.5, 0.25]);
    assert.equal(frameAttributesOf(second), frameAttributesOf(second), 'read once per reference');
  });

  it('measures in mm and places points in the patient from the frame', () => {
    for (const [what, r] of [
      ['enhanced, frame 2', reference(enhanced, 2)],
      ['single frame', reference({ ...singleFrame, '00200032': ds([12, 0, 0]) })],
    ] as const) {
      assert.deepEqual(spacingOf(r), { source: 'PixelSpacing', row: 0.5, column: 0.25 }, what);
      // The centre of pixel (column 4, row 2): 4 columns of 0.25 mm posterior, 2 rows of 0.5 mm down.
      assert.deepEqual(imageToPatient(r, [4.5, 2.5]), [12, 1, -1], what);
    }
  });

  it('falls back to ImagerPixelSpacing, then pixels, as before', () => {
    assert.deepEqual(spacingOf(reference({ '00181164': ds([0.2, 0.2]) })), {
      source: 'ImagerPixelSpacing',
      row: 0.2,
      column: 0.2,
    });
    assert.deepEqual(spacingOf(reference({})), { source: 'none', row: 1, column: 1 });
    assert.deepEqual(spacingOf(undefined), { source: 'none', row: 1, column: 1 });
    assert.equal(imageToPatient(reference({ '00200037': ds(SAGITTAL) }), [1, 1]), undefined);
  });

  it('places each frame of an enhanced object in the patient, to match slices between stacks', () => {
    const planes = [1, 2].map((frame) => imagePlane(reference(enhanced, frame)));
    assert.deepEqual(
      planes.map((p) => p?.position),
      [
        [10, 0, 0],
        [12, 0, 0],
      ],
    );
    assert.deepEqual(planes[0]?.normal, [-1, 0, 0]);
    // A single-frame slice of the same frame of reference 11.8 mm along finds frame 2.
    const single = imagePlane(reference({ ...singleFrame, '00200032': ds([11.8, 0, 0]) }));
    assert.deepEqual(single?.position, [11.8, 0, 0]);
    assert.equal(nearestPlaneIndex(planes, single!), 1);
  });

  it('leaves out the frames of a multi-frame object that share one position', () => {
    const classic = { '00280008': { vr: 'IS', Value: [2] }, ...singleFrame };
    assert.equal(imagePlane(reference(classic, 2)), undefined);
  });
});
