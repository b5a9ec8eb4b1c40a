// The one place that imports the rendering chunk (Cornerstone behind the
// adapter), lazily and once per page, for viewports and client-side thumbnails.
import type { RenderingStats } from '../model/presentation.js';
import type { RenderingModule } from './types.js';

let renderingModule: Promise<RenderingModule> | undefined;

/** The rendering module, imported on first use. */
export function loadRendering(): Promise<RenderingModule> {
  const loading = (renderingModule ??= import('./cornerstone/adapter.js').then((m) => m.rendering));
  // A failed import (network) is tried again on the next call.
  loading.catch(() => {
    if (renderingModule === loading) renderingModule = undefined;
  });
  return loading;
}

/**
 * Page-wide figures of the rendering stack (engines, viewports, decoded-cache
 * bytes), or undefined while nothing has loaded it. Never loads it.
 */
export async function renderingStats(): Promise<RenderingStats | undefined> {
  return renderingModule ? (await renderingModule).stats() : undefined;
}
