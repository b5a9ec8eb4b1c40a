import { FoveaError } from '@fovea-dicom/core';

/** What a reading tool is to the rest of Fovea. */
export interface ToolDescriptor {
  /** The key that picks it in the toolbar (lower-case `KeyboardEvent.key`). */
  readonly shortcut: string;
  /** Its label in English: the default of message `tool.<name>`. */
  readonly label: string;
  /** For a measurement tool: the image points (handles) a measurement of it has. */
  readonly points?: number;
}

/**
 * Every reading tool, in the toolbar's default order: the one list a new tool
 * is added to. Names, toolbar shortcuts, default labels and the measurement
 * kinds with their point counts derive from it; the compiler then asks for
 * what only a person can give: its icon (toolbar/icons.ts), its Cornerstone
 * tool (rendering/cornerstone/tools.ts) and, for a measurement, how a DICOM
 * SR names it (results/sr-write.ts). test/node/tools-one-place.test.mjs
 * proves it.
 */
export const TOOLS = Object.freeze({
  windowLevel: { shortcut: 'w', label: 'Window / level' },
  pan: { shortcut: 'p', label: 'Pan' },
  zoom: { shortcut: 'z', label: 'Zoom' },
  stackScroll: { shortcut: 's', label: 'Scroll through images' },
  length: { shortcut: 'l', label: 'Length', points: 2 },
  angle: { shortcut: 'a', label: 'Angle', points: 3 },
  rectangle: { shortcut: 'r', label: 'Rectangle ROI', points: 2 },
  ellipse: { shortcut: 'e', label: 'Ellipse ROI', points: 2 },
  probe: { shortcut: 'v', label: 'Probe', points: 1 },
  arrow: { shortcut: 't', label: 'Arrow annotation', points: 2 },
} as const satisfies Record<string, ToolDescriptor>);

/** The reading tools a viewport offers, by the names of Fovea's public API. */
export type ToolName = keyof typeof TOOLS;

/** Every tool, in the toolbar's default order. */
export const TOOL_NAMES: readonly ToolName[] = Object.freeze(Object.keys(TOOLS) as ToolName[]);

/** The tools that draw measurements (every one with `points`). */
export type MeasurementKind = {
  [K in ToolName]: (typeof TOOLS)[K] extends { points: number } ? K : never;
}[ToolName];

/** Every measurement kind, in the toolbar's order. */
export const MEASUREMENT_KINDS: readonly MeasurementKind[] = Object.freeze(
  TOOL_NAMES.filter((name): name is MeasurementKind => 'points' in TOOLS[name]),
);

/** The image points a measurement of `kind` has. */
export function measurementPoints(kind: MeasurementKind): number {
  return TOOLS[kind].points;
}

/** The tools' default labels as messages (`tool.length`: 'Length', …). */
export const TOOL_LABELS = Object.freeze(
  Object.fromEntries(TOOL_NAMES.map((name) => [`tool.${name}`, TOOLS[name].label])) as {
    readonly [K in ToolName as `tool.${K}`]: (typeof TOOLS)[K]['label'];
  },
);

/** The mouse buttons a tool can be bound to (one-finger touch follows `primary`). */
export type MouseButton = 'primary' | 'secondary' | 'middle';

/** The tool on each mouse button; a button without a tool does nothing. */
export type ToolBindings = Partial<Record<MouseButton, ToolName>>;

/** Default bindings: window / level on the left button, zoom on the right, pan on the middle. */
export const DEFAULT_TOOL_BINDINGS: Readonly<ToolBindings> = Object.freeze({
  primary: 'windowLevel',
  secondary: 'zoom',
  middle: 'pan',
});

/** Every mouse button a tool can be bound to. */
export const MOUSE_BUTTONS: readonly MouseButton[] = Object.freeze(['primary', 'secondary', 'middle']);

/**
 * Throws a {@link FoveaError} with code `invalid-argument` unless `value` is
 * one of `allowed`: a misspelt name from a host fails at the call, not silently later.
 */
export function assertOneOf<T extends string>(what: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return;
  const shown = typeof value === 'string' ? `'${value.slice(0, 40)}'` : typeof value;
  throw new FoveaError('invalid-argument', `${shown} is not a ${what} (one of ${allowed.join(', ')})`);
}

/** Throws `invalid-argument` unless `tool` and `button` exist. */
export function assertToolBinding(tool: unknown, button: unknown): void {
  assertOneOf('tool', tool, TOOL_NAMES);
  assertOneOf('mouse button', button, MOUSE_BUTTONS);
}

/** Throws `invalid-argument` unless every button and tool of `bindings` exists. */
export function assertToolBindings(bindings: ToolBindings): void {
  for (const [button, tool] of Object.entries(bindings)) {
    assertOneOf('mouse button', button, MOUSE_BUTTONS);
    if (tool !== undefined) assertOneOf('tool', tool, TOOL_NAMES);
  }
}
