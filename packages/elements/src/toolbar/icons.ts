/**
 * Inline SVG icons of the toolbar, 24 x 24, drawn with `currentColor`. Each
 * icon is an image with an accessible name (its `<title>`), so a button
 * holding one is named by it.
 */
import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { ToolName } from '../model/tools.js';

/** The icon names. */
export type IconName =
  | ToolName // every reading tool has an icon: a new tool in model/tools.ts is asked for one here
  | 'invert'
  | 'rotate'
  | 'flipHorizontal'
  | 'flipVertical'
  | 'reset'
  | 'presets'
  | 'cine'
  | 'keyImage'
  | 'report';

const PATHS: Record<IconName, SVGTemplateResult> = {
  windowLevel: svg`<circle cx="12" cy="12" r="8"/><path d="M12 4a8 8 0 0 0 0 16z" fill="currentColor"/>`,
  pan: svg`<path d="M12 3v18M3 12h18M12 3l-3 3M12 3l3 3M12 21l-3-3M12 21l3-3M3 12l3-3M3 12l3 3M21 12l-3-3M21 12l-3 3"/>`,
  zoom: svg`<circle cx="10" cy="10" r="6"/><path d="M14.5 14.5 20 20M7 10h6M10 7v6"/>`,
  stackScroll: svg`<rect x="6" y="3" width="12" height="4"/><rect x="6" y="10" width="12" height="4"/><rect x="6" y="17" width="12" height="4"/>`,
  length: svg`<path d="M4 20 20 4M4 16v4h4M20 8V4h-4"/>`,
  angle: svg`<path d="M20 19H4L16 5"/><path d="M9 19a5 5 0 0 0-1.5-3.5"/>`,
  rectangle: svg`<rect x="4" y="6" width="16" height="12"/>`,
  ellipse: svg`<ellipse cx="12" cy="12" rx="9" ry="6"/>`,
  probe: svg`<circle cx="12" cy="12" r="3"/><path d="M12 2v5M12 17v5M2 12h5M17 12h5"/>`,
  arrow: svg`<path d="M20 20 6 6M6 6v7M6 6h7"/>`,
  invert: svg`<rect x="4" y="4" width="16" height="16"/><path d="M4 20 20 4v16z" fill="currentColor"/>`,
  rotate: svg`<path d="M20 12a8 8 0 1 1-3-6.2M17 2v4h-4"/>`,
  flipHorizontal: svg`<path d="M12 3v18M9 6 3 18h6zM15 6l6 12h-6z"/>`,
  flipVertical: svg`<path d="M3 12h18M6 9 18 3v6zM6 15l12 6v-6z"/>`,
  reset: svg`<path d="M4 12a8 8 0 1 0 2.3-5.7M4 3v4h4"/>`,
  presets: svg`<path d="M4 6h16M4 12h16M4 18h16"/><circle cx="8" cy="6" r="1.5" fill="currentColor"/><circle cx="15" cy="12" r="1.5" fill="currentColor"/><circle cx="10" cy="18" r="1.5" fill="currentColor"/>`,
  cine: svg`<path d="M7 4v16l13-8z"/>`,
  report: svg`<path d="M6 3h9l3 3v15H6zM9 10h6M9 14h6M9 18h3"/>`,
  keyImage: svg`<path d="m12 3 2.7 5.6 6.1.8-4.5 4.2 1.1 6.1L12 16.8l-5.4 2.9 1.1-6.1-4.5-4.2 6.1-.8z"/>`,
};

const PAUSE = svg`<path d="M8 5v14M16 5v14"/>`;

/**
 * A 24 x 24 line icon drawn with `currentColor`: an image named `label`, or
 * decorative (hidden from assistive technology) without one, for buttons that
 * carry their own name.
 */
export function svgIcon(paths: SVGTemplateResult, label?: string): TemplateResult {
  return html`<svg
    part="icon"
    role=${label ? 'img' : nothing}
    aria-label=${label ?? nothing}
    aria-hidden=${label ? nothing : 'true'}
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    stroke-width="1.6"
    stroke-linecap="round"
    stroke-linejoin="round"
  >
    ${label ? svg`<title>${label}</title>` : nothing}${paths}
  </svg>`;
}

/** The icon `name` as an image named `label`; `alternate` switches the cine icon to pause. */
export function icon(name: IconName, label: string, alternate = false): TemplateResult {
  return svgIcon(name === 'cine' && alternate ? PAUSE : PATHS[name], label);
}
