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
