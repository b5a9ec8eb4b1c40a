import { css } from 'lit';
import type { StudyColumn } from './columns.js';

/** Track of each column (min width in em, share of the rest). */
const TRACKS: Readonly<Record<StudyColumn, [number, number]>> = {
  'patient-name': [11, 2],
  'patient-id': [7, 1],
  'birth-date': [8, 0.5],
  'study-date': [13, 0.5],
  modalities: [8, 0.5],
  description: [10, 2],
  accession: [7, 1],
  series: [5, 0.4],
  instances: [5.5, 0.4],
};

/** The grid's column template for the shown columns, as private custom properties. */
export function columnTemplate(columns: readonly StudyColumn[]): Record<string, string> {
  const tracks = columns.map((c) => TRACKS[c]);
  return {
    '--_columns': tracks.map(([min, fr]) => `minmax(${min}em, ${fr}fr)`).join(' ') || 'none',
    '--_min-width': `${tracks.reduce((sum, [min]) => sum + min, 0)}em`,
  };
}

export const studyListStyles = css`
  :host {
    --_bg: var(--fovea-study-list-background, var(--fovea-color-surface, Canvas));
    --_fg: var(--fovea-study-list-text-color, var(--fovea-color-text, CanvasText));
    --_header-bg: var(
      --fovea-study-list-header-background,
      var(--fovea-color-surface-raised, color-mix(in srgb, CanvasText 6%, Canvas))
    );
    --_border: var(
      --fovea-study-list-border-color,
      var(--fovea-color-border, color-mix(in srgb, CanvasText 15%, Canvas))
    );
    --_hover: var(--fovea-study-list-row-hover-background, color-mix(in srgb, CanvasText 5%, Canvas));
    --_selected: var(
      --fovea-study-list-selected-background,
      var(--fovea-color-selected, color-mix(in srgb, var(--fovea-color-accent, #1a73e8) 20%, Canvas))
    );
    --_focus: var(--fovea-focus-ring-color, var(--fovea-color-accent, #1a73e8));
    display: grid;
    grid-template-rows: auto minmax(0, 1fr) auto;
    height: 24rem;
    background: var(--_bg);
    color: var(--_fg);
    font: var(--fovea-study-list-font, var(--fovea-font, 13px/1.35 system-ui, sans-serif));
    font-variant-numeric: tabular-nums;
    contain: content;
  }
  :host([hidden]) {
    display: none;
  }
  [part='filters'] {
    grid-row: 1;
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    padding: 8px;
    background: var(--_header-bg);
    border-bottom: 1px solid var(--_border);
  }
  [part~='filter'] {
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 8em;
  }
  [part='filter-label'] {
    font-size: 0.85em;
  }
  [part='filter-input'] {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 3px;
    padding: 3px 6px;
    min-height: 1.9em;
  }
  [part='filter-input']:focus-visible,
  [part='sort-button']:focus-visible,
  [part='retry']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [part='grid'] {
    grid-row: 2;
    grid-column: 1;
    overflow: auto;
    overscroll-behavior: contain;
    min-height: 0;
  }
  [part='header'] {
    position: sticky;
    top: 0;
    z-index: 1;
    min-width: var(--_min-width);
    background: var(--_header-bg);
    border-bottom: 1px solid var(--_border);
  }
  [part='header-row'],
  [part~='row'] {
    display: grid;
    grid-template-columns: var(--_columns);
    min-width: var(--_min-width);
  }
  [part~='column-header'] {
    display: flex;
    min-width: 0;
  }
  [part='sort-button'] {
    flex: 1;
    display: flex;
    align-items: center;
    gap: 4px;
    min-width: 0;
    padding: 6px 8px;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: 600;
    text-align: start;
    cursor: pointer;
    white-space: nowrap;
  }
  [part~='column-header'][data-numeric] [part='sort-button'] {
    justify-content: flex-end;
  }
  [part='sort-indicator'] {
    font-size: 0.75em;
  }
  [part='body'] {
    position: relative;
    min-width: var(--_min-width);
  }
  [part~='row'] {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    box-sizing: border-box;
    border-bottom: 1px solid var(--_border);
    cursor: default;
  }
  [part~='row']:hover {
    background: var(--_hover);
  }
  [part~='row-selected'],
  [part~='row-selected']:hover {
    background: var(--_selected);
  }
  [part~='cell'] {
    min-width: 0;
    padding: 0 8px;
    line-height: calc(var(--_row-height, 32px) - 1px);
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    outline: none;
  }
  [part~='cell'][data-numeric] {
    text-align: end;
  }
  [part~='cell']:focus-visible {
    box-shadow: inset 0 0 0 2px var(--_focus);
  }
  [part='status'] {
    grid-row: 3;
    grid-column: 1;
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 1.5em;
    padding: 4px 8px;
    border-top: 1px solid var(--_border);
    font-size: 0.9em;
  }
  [part='status'][data-placement='body'] {
    grid-row: 2;
    align-self: center;
    justify-self: center;
    border: 0;
    text-align: center;
    pointer-events: none;
  }
  [part='status'][data-placement='body'] [part='retry'] {
    pointer-events: auto;
  }
  [part='status'] {
    flex-wrap: wrap;
  }
  [part='notice'] {
    font-style: italic;
  }
  [part='status'][data-kind='error'] {
    color: var(--fovea-color-danger, light-dark(#b3261e, #ff8a80));
  }
  [part='retry'] {
    font: inherit;
    padding: 2px 10px;
  }
`;
