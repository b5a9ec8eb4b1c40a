/**
 * Inline SVG icons of the viewer's own toolbar buttons, 24 x 24, drawn with
 * `currentColor`. Decorative: the buttons carry the accessible names.
 */
import { svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { svgIcon as icon } from '../toolbar/icons.js';
import type { SyncKind } from './layout.js';

/** A grid of `rows` x `columns` cells. */
export function layoutIcon(rows: number, columns: number): TemplateResult {
  const w = 16 / columns;
  const h = 16 / rows;
  const cells: SVGTemplateResult[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      cells.push(svg`<rect x=${4 + c * w + 0.8} y=${4 + r * h + 0.8} width=${w - 1.6} height=${h - 1.6} rx="0.8"/>`);
    }
  }
  return icon(svg`${cells}`);
}

const LINK = svg`<path d="M10 14l4-4"/>`;
const SYNC: Record<SyncKind, SVGTemplateResult> = {
  scroll: svg`<rect x="3" y="4" width="7" height="16"/><rect x="14" y="4" width="7" height="16"/><path d="M6.5 8v8M17.5 8v8M5 14l1.5 2 1.5-2M16 14l1.5 2 1.5-2"/>`,
  'pan-zoom': svg`<rect x="3" y="4" width="7" height="16"/><rect x="14" y="4" width="7" height="16"/><circle cx="6.5" cy="11" r="2"/><circle cx="17.5" cy="11" r="2"/>`,
  voi: svg`<rect x="3" y="4" width="7" height="16"/><rect x="14" y="4" width="7" height="16"/><path d="M3 20 10 4v16zM14 20l7-16v16z" fill="currentColor"/>`,
};

/** Synchronisation of `kind` between viewports. */
export function syncIcon(kind: SyncKind): TemplateResult {
  return icon(svg`${SYNC[kind]}${kind === 'scroll' ? LINK : ''}`);
}

/** Enter (or, when `on`, leave) full screen. */
export function fullscreenIcon(on: boolean): TemplateResult {
  return icon(
    on
      ? svg`<path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5"/>`
      : svg`<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/>`,
  );
}

/** Print. */
export function printIcon(): TemplateResult {
  return icon(svg`<path d="M7 9V3h10v6M7 17H4v-8h16v8h-3"/><rect x="7" y="14" width="10" height="7"/>`);
}
