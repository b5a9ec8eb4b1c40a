import type { Instance } from './views.js';

/** One image of a stack: an instance, and a frame number (1-based) within it. */
export interface StackFrame {
  instance: Instance;
  frame: number;
}

function normalOf(o: readonly number[]): [number, number, number] {
  const [r0, r1, r2, c0, c1, c2] = o as [number, number, number, number, number, number];
  return [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0];
}

/**
 * Orders the instances of a series for a stack: by position along the slice
 * normal when every image shares one orientation and has a position, else by
 * InstanceNumber; ties keep InstanceNumber, then SOP Instance UID, order.
 */
export function sortInstancesForStack(instances: readonly Instance[]): Instance[] {
  const byNumber = (a: Instance, b: Instance) =>
    (a.instanceNumber ?? Number.MAX_SAFE_INTEGER) - (b.instanceNumber ?? Number.MAX_SAFE_INTEGER) ||
    (a.sopInstanceUid < b.sopInstanceUid ? -1 : a.sopInstanceUid > b.sopInstanceUid ? 1 : 0);
  const orientation = instances[0]?.imageOrientationPatient;
  const sameGeometry =
    orientation !== undefined &&
    instances.every((i) => {
      const o = i.imageOrientationPatient;
      return (
        i.imagePositionPatient !== undefined &&
        o !== undefined &&
        o.every((v, k) => Math.abs(v - orientation[k]!) < 1e-3)
      );
    });
  if (!sameGeometry) return [...instances].sort(byNumber);
  const n = normalOf(orientation);
  const distance = (i: Instance) => {
    const p = i.imagePositionPatient!;
    return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
  };
  return [...instances].sort((a, b) => distance(a) - distance(b) || byNumber(a, b));
}

/** The frames of a series in display order; multi-frame instances expand to one entry per frame. */
export function stackFrames(instances: readonly Instance[]): StackFrame[] {
  return sortInstancesForStack(instances.filter((i) => i.hasPixelData)).flatMap((instance) =>
    Array.from({ length: instance.numberOfFrames }, (_, k) => ({ instance, frame: k + 1 })),
  );
}

/**
 * True when the stack is cross-sectional (CT, MR, PET…: several parallel
 * slices), where the middle image is the better first view.
 */
export function isCrossSectional(instances: readonly Instance[]): boolean {
  if (instances.length < 3) return false;
  const modality = instances[0]?.modality;
  return (
    ['CT', 'MR', 'PT', 'NM'].includes(modality ?? '') && instances.every((i) => i.imagePositionPatient !== undefined)
  );
}
