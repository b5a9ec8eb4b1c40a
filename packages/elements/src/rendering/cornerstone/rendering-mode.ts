/**
 * Which path draws when a viewport asks for `rendering="auto"` (decision
 * 0013): a page may say so with `<meta name="fovea-rendering" content="gpu|cpu">`;
 * otherwise WebGL, unless the browser has none or only a software rasterizer
 * (SwiftShader, llvmpipe, Microsoft Basic Render Driver: virtual desktops and
 * machines without a GPU), where Cornerstone's CPU path draws faster
 * (docs/performance.md: scroll p95 and request-to-pixels on SwiftShader).
 */
import type { RenderingMode } from '../../model/presentation.js';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render|warp/i;

/** The renderer WebGL reports, or undefined without WebGL. */
function webGlRenderer(): string | undefined {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return undefined;
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } finally {
    // The page's context budget is small: give this one back at once.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/** `gpu` or `cpu` for `mode`; `auto` is decided as the module comment says. */
export function resolveRenderingMode(mode: RenderingMode): 'gpu' | 'cpu' {
  if (mode !== 'auto') return mode;
  const meta = document.querySelector('meta[name="fovea-rendering"]')?.getAttribute('content')?.trim();
  if (meta === 'gpu' || meta === 'cpu') return meta;
  const renderer = webGlRenderer();
  return renderer === undefined || SOFTWARE.test(renderer) ? 'cpu' : 'gpu';
}
