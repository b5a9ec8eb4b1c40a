/**
 * One home for "what this frame says about its geometry": every place that
 * shows or prints mm, orientation or patient positions asks here with the
 * image reference (instance and frame), never the instance's top level, which
 * an enhanced multi-frame object (Enhanced CT, MR, …) leaves empty.
 */
import { frameAttributes, type FrameAttributes, type ImageReference } from '@fovea-dicom/core';

const attributes = new WeakMap<ImageReference, FrameAttributes>();

/**
 * The attributes of `reference`'s frame, read once per reference: the renderer
 * asks for the image plane a dozen times for every image shown, and
 * functional groups are searched for each read.
 */
export function frameAttributesOf(reference: ImageReference): FrameAttributes {
  let found = attributes.get(reference);
  if (!found) {
    found = frameAttributes(reference.instance, reference.frame);
    attributes.set(reference, found);
  }
  return found;
}
