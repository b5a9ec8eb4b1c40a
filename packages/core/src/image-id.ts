import type { InstanceRef } from './dicomweb/client.js';
import type { DicomSource } from './dicomweb/source.js';
import { stackFrames, type StackFrame } from './model/stack.js';
import type { Instance } from './model/views.js';

/**
 * An image reference: one frame of one instance on one DICOMweb server.
 *
 * Its `url` is the WADO-RS frames URL, stable for the frame and free of
 * credentials: requests for it go through the client that made it, so the
 * host's authentication applies. Viewports turn references into their own
 * image ids; nothing here depends on a rendering library.
 */
export interface ImageReference extends InstanceRef {
  /** 1-based frame number. */
  frame: number;
  /** WADO-RS frames URL of this frame. */
  url: string;
  /** The instance's metadata. */
  instance: Instance;
}

/** The image references of a series' instances in stack order (multi-frame objects expand to frames). */
export function imageReferences(client: DicomSource, instances: readonly Instance[]): ImageReference[] {
  return stackFrames(instances).map(({ instance, frame }: StackFrame) => {
    const ref = {
      studyInstanceUid: instance.studyInstanceUid,
      seriesInstanceUid: instance.seriesInstanceUid,
      sopInstanceUid: instance.sopInstanceUid,
    };
    return { ...ref, frame, url: client.framesUrl(ref, [frame]), instance };
  });
}
