/**
 * Orientation markers (PS3.3 C.7.6.2.1.1): which patient direction an image
 * edge faces, from the screen axes expressed in patient coordinates (LPS:
 * +x left, +y posterior, +z head).
 */
export type Vec3 = readonly [number, number, number];

const AXES: [positive: string, negative: string][] = [
  ['L', 'R'],
  ['P', 'A'],
  ['H', 'F'],
];

/**
 * The label of a direction: its main axis letters, strongest first, for every
 * component above `threshold` (so an oblique view reads e.g. "LA").
 */
export function directionLabel(v: Vec3, threshold = 0.25): string {
  const length = Math.hypot(v[0], v[1], v[2]);
  if (length === 0) return '';
  return [0, 1, 2]
    .map((i) => ({ i, c: v[i]! / length }))
    .filter(({ c }) => Math.abs(c) > threshold)
    .sort((a, b) => Math.abs(b.c) - Math.abs(a.c))
    .slice(0, 3)
    .map(({ i, c }) => (c > 0 ? AXES[i]![0] : AXES[i]![1]))
    .join('');
}

/** Labels for the four edges given the screen's right and up directions in patient space. */
export function edgeLabels(right: Vec3, up: Vec3): { left: string; right: string; top: string; bottom: string } {
  const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];
  return {
    left: directionLabel(neg(right)),
    right: directionLabel(right),
    top: directionLabel(up),
    bottom: directionLabel(neg(up)),
  };
}
