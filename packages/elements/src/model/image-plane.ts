import { getItems, Tag, type ImageReference } from '@fovea-dicom/core';
import { frameAttributesOf } from './frame-attributes.js';
import { cross, dot, type Vec3 } from './orientation.js';

/** Where an image lies in patient space: enough to match slices between stacks. */
export interface ImagePlane {
  /** Frame of Reference UID; positions only compare within one. */
  readonly frameOfReferenceUid: string | undefined;
  /** Image Position (Patient) of the first pixel, in mm (LPS). */
  readonly position: Vec3;
  /** Unit normal of the image (row direction x column direction). */
  readonly normal: Vec3;
}

/**
 * Whether frame `frame` of a multi-frame object has a position of its own:
 * in its item of the Per-Frame Functional Groups Sequence (an enhanced
 * object). A classic multi-frame object (NM, US, …) gives one position for
 * all its frames, which cannot tell them apart.
 */
function ownPosition({ instance, frame }: ImageReference): boolean {
  const item = getItems(instance.dataset, Tag.PerFrameFunctionalGroupsSequence)[frame - 1];
  const position = item && getItems(item, Tag.PlanePositionSequence)[0];
  return position?.[Tag.ImagePositionPatient] !== undefined;
}

/**
 * The plane of an image from its frame's header (functional groups for an
 * enhanced multi-frame object); undefined without position and orientation,
 * or for a frame of a multi-frame object without a position of its own.
 */
export function imagePlane(reference: ImageReference): ImagePlane | undefined {
  if (reference.instance.isMultiframe && !ownPosition(reference)) return undefined;
  const { imagePositionPatient: p, imageOrientationPatient: o } = frameAttributesOf(reference);
  if (!p || !o) return undefined;
  const n = cross([o[0], o[1], o[2]], [o[3], o[4], o[5]]);
  const length = Math.hypot(...n);
  if (!(length > 0)) return undefined;
  return {
    frameOfReferenceUid: reference.instance.frameOfReferenceUid,
    position: p,
    normal: [n[0] / length, n[1] / length, n[2] / length],
  };
}

/**
 * The index of the plane nearest to `target` along its normal, when both lie
 * in the same frame of reference and are parallel (within about 2.5°);
 * undefined when positions cannot be compared.
 */
export function nearestPlaneIndex(planes: readonly (ImagePlane | undefined)[], target: ImagePlane): number | undefined {
  if (!target.frameOfReferenceUid) return undefined;
  const at = dot(target.position, target.normal);
  let best: number | undefined;
  let bestDistance = Infinity;
  planes.forEach((plane, index) => {
    if (!plane || plane.frameOfReferenceUid !== target.frameOfReferenceUid) return;
    if (Math.abs(dot(plane.normal, target.normal)) < 0.999) return;
    const distance = Math.abs(dot(plane.position, target.normal) - at);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}
