import { FoveaError } from '@fovea-dicom/core';

/** The reading tools a viewport offers, by the names of Fovea's public API. */
export type ToolName =
  'windowLevel' | 'pan' | 'zoom' | 'stackScroll' | 'length' | 'angle' | 'rectangle' | 'ellipse' | 'probe' | 'arrow';

/** Every tool, in the toolbar's default order. */
export const TOOL_NAMES: readonly ToolName[] = Object.freeze([
  'windowLevel',
  'pan',
  'zoom',
  'stackScroll',
  'length',
  'angle',
  'rectangle',
  'ellipse',
  'probe',
  'arrow',
]);

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
