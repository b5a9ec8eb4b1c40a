// The viewer's layout rules without a server: Basic Image Review's default
// filling, scroll matching by position and by relative place, the sync list.
import { expect } from '@open-wc/testing';
import { Series } from '@fovea-dicom/core';
import type { ImagePlane } from '../model/image-plane.js';
import { nearestPlaneIndex } from '../model/image-plane.js';
import { fillCells, matchIndex, parseSync, type SyncStack } from './layout.js';

const series = (uid: string, modality: string): Series =>
  new Series({
    '0020000D': { vr: 'UI', Value: ['1.2.3'] },
    '0020000E': { vr: 'UI', Value: [uid] },
    '00080060': { vr: 'CS', Value: [modality] },
  });

/** An axial stack: `count` slices `spacing` mm apart from z = `z0`, in frame of reference `frame`. */
function stack(count: number, z0: number, spacing: number, frame = 'F1'): SyncStack {
  const planes: ImagePlane[] = Array.from({ length: count }, (_, i) => ({
    frameOfReferenceUid: frame,
    position: [0, 0, z0 + i * spacing],
    normal: [0, 0, 1],
  }));
  return {
    imageCount: count,
    imagePlane: (i) => planes[i],
    nearestImageIndex: (plane) => nearestPlaneIndex(planes, plane),
  };
}

describe('viewer layout', () => {
  it('fills empty viewports with the first image series not shown, skipping reports and documents', () => {
    const list = [series('a', 'SR'), series('b', 'CT'), series('c', 'DOC'), series('d', 'CT'), series('e', 'CT')];
    expect(fillCells([], list, 1).map((c) => c?.seriesInstanceUid)).to.deep.equal(['b']);
    const two = fillCells([undefined, { studyInstanceUid: '1.2.3', seriesInstanceUid: 'b' }], list, 4);
    expect(two.map((c) => c?.seriesInstanceUid)).to.deep.equal(['d', 'b', 'e', undefined]);
    // Only non-image series: the first goes to the first viewport, which will say what it is.
    expect(fillCells([], [series('a', 'SR')], 2).map((c) => c?.seriesInstanceUid)).to.deep.equal(['a', undefined]);
  });

  it('matches slices by position in one frame of reference, nearest across spacings', () => {
    const fine = stack(100, 0, 1);
    const coarse = stack(20, 0, 5);
    expect(matchIndex(fine, 42, 100, coarse)).to.equal(8); // z 42 -> 40
    expect(matchIndex(fine, 43, 100, coarse)).to.equal(9); // z 43 -> 45
    expect(matchIndex(coarse, 9, 20, fine)).to.equal(45);
    // Beyond the other stack's extent: its nearest end.
    expect(matchIndex(stack(10, 200, 1), 0, 10, fine)).to.equal(99);
    // Reversed order is still matched by position.
    expect(matchIndex(fine, 10, 100, stack(100, 99, -1))).to.equal(89);
  });

  it('falls back to the same relative place across frames of reference or without geometry', () => {
    const other = stack(50, 0, 1, 'F2');
    expect(matchIndex(stack(100, 0, 1), 99, 100, other)).to.equal(49);
    expect(matchIndex(stack(100, 0, 1), 0, 100, other)).to.equal(0);
    expect(matchIndex(stack(11, 0, 1, ''), 5, 11, stack(21, 0, 1, ''))).to.equal(10);
    expect(matchIndex(stack(1, 0, 1), 0, 1, other)).to.equal(0);
  });

  it('parses the sync attribute', () => {
    expect(parseSync('scroll voi')).to.deep.equal(['scroll', 'voi']);
    expect(parseSync('scroll,pan-zoom, bogus scroll')).to.deep.equal(['scroll', 'pan-zoom']);
    expect(parseSync(null)).to.deep.equal([]);
  });
});
