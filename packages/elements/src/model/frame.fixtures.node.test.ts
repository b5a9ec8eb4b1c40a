// Builders of DICOM JSON for the Node tests of per-frame attributes (this
// folder's frame-attributes.node.test.ts, results/print/unshown.node.test.ts).
// No tests of its own: named as a Node test so that it is type-checked with them but neither
// built nor shipped, and as fixtures (*.fixtures.node.test.ts) so that the test run skips it.
import { Instance, type DicomJsonDataset, type ImageReference } from '@fovea-dicom/core';

export const ds = (v: number[]) => ({ vr: 'DS', Value: v });
export const us = (v: number) => ({ vr: 'US', Value: [v] });
export const item = (tag: string, attributes: DicomJsonDataset) => ({ [tag]: { vr: 'SQ', Value: [attributes] } });
/** A sagittal slice: rows run posterior, columns toward the feet. */
export const SAGITTAL = [0, 1, 0, 0, 0, -1];

/** Frame `frame` of a 200-row, 100-column image with `dataset`. */
export function reference(dataset: DicomJsonDataset, frame = 1): ImageReference {
  const instance = new Instance({ '00280010': us(200), '00280011': us(100), ...dataset });
  return { studyInstanceUid: '1', seriesInstanceUid: '2', sopInstanceUid: '3', frame, url: '', instance };
}
