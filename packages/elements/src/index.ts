/**
 * `@fovea/elements`: Fovea's custom elements. Importing this module registers them all.
 *
 * @packageDocumentation
 */
export * from './fovea-viewport.js';
export * from './events.js';
export { DEFAULT_CACHE_BYTES, renderingStats } from './viewport/viewport.js';
export type { Presentation, RenderingMode, RenderingStats, Voi } from './viewport/rendering-types.js';
export { defaultMessages, type Messages, type MessageId } from './internal/messages.js';
