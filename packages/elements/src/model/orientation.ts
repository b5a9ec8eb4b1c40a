/**
 * Orientation markers (PS3.3 C.7.6.2.1.1): which patient direction an image
 * edge faces, from the screen axes expressed in patient coordinates (LPS:
 * +x left, +y posterior, +z head).
 */
export type Vec3 = readonly [number, number, number];

/** The dot product a . b. */
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** The cross product a x b. */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

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

const LETTERS: Record<string, Vec3> = {
  L: [1, 0, 0],
  R: [-1, 0, 0],
  P: [0, 1, 0],
  A: [0, -1, 0],
  H: [0, 0, 1],
  F: [0, 0, -1],
};

/** The unit direction of Patient Orientation letters ("LF": between left and feet); undefined if they cancel. */
function letterDirection(letters: string): Vec3 | undefined {
  const v = [0, 0, 0];
  for (const letter of letters) {
    const d = LETTERS[letter];
    if (!d) return undefined;
    for (let i = 0; i < 3; i++) v[i]! += d[i]!;
  }
  const length = Math.hypot(v[0]!, v[1]!, v[2]!);
  return length === 0 ? undefined : [v[0]! / length, v[1]! / length, v[2]! / length];
}

/**
 * Screen axes in patient space of an image without Image Orientation
 * (Patient), from its Patient Orientation (PS3.3 C.7.6.1.1.1: the direction
 * of its rows, left to right, and of its columns, top to bottom), as on a
 * radiograph. The renderer lays such an image out as an axial slice (rows
 * along +x, columns along +y): `assumed` are its screen axes in that frame,
 * with the view's rotation and flips, mapped here to where the rows and
 * columns really point. Undefined without two roughly perpendicular
 * directions: no labels rather than wrong ones.
 */
export function axesFromPatientOrientation(
  assumed: { right: Vec3; up: Vec3 } | undefined,
  orientation: readonly [string, string] | undefined,
): { right: Vec3; up: Vec3 } | undefined {
  if (!assumed || !orientation) return undefined;
  const row = letterDirection(orientation[0]);
  const column = letterDirection(orientation[1]);
  if (!row || !column || Math.abs(dot(row, column)) > 0.5) {
    return undefined;
  }
  const normal = cross(row, column);
  const map = (v: Vec3): Vec3 => [
    v[0] * row[0] + v[1] * column[0] + v[2] * normal[0],
    v[0] * row[1] + v[1] * column[1] + v[2] * normal[1],
    v[0] * row[2] + v[1] * column[2] + v[2] * normal[2],
  ];
  return { right: map(assumed.right), up: map(assumed.up) };
}
