// The study list's ARIA grid: its header row, its rows (positioned for
// virtual scrolling) and where the keyboard moves the active cell.
import { html, nothing, type TemplateResult } from 'lit';
import type { Study } from '@fovea-dicom/core';
import { addDefaultMessages, message, type Messages } from '../internal/messages.js';
import { STUDY_LIST_MESSAGES } from '../internal/catalogue/study-list.js';
import { styleProps } from '../internal/style-props.js';
import { COLUMN_SPECS, type StudyColumn, type StudyFormatter, type StudySort } from './columns.js';

addDefaultMessages(STUDY_LIST_MESSAGES);

/** The header row: a sort button per column, `aria-sort` on the sorted one. */
export function headerTemplate(
  columns: readonly StudyColumn[],
  sort: StudySort | undefined,
  messages: Messages,
  onSort: (column: StudyColumn) => void,
): TemplateResult {
  return html`<div part="header" role="rowgroup">
    <div part="header-row" role="row" aria-rowindex="1">
      ${columns.map((column) => {
        const direction = sort?.column === column ? sort.direction : undefined;
        return html`<div
          part="column-header column-header-${column}"
          role="columnheader"
          aria-sort=${direction ?? nothing}
          data-numeric=${COLUMN_SPECS[column].numeric ? 'true' : nothing}
        >
          <button part="sort-button" type="button" @click=${() => onSort(column)}>
            ${message(`studyList.column.${column}`, {}, messages)}
            <span part="sort-indicator" aria-hidden="true"
              >${direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}</span
            >
          </button>
        </div>`;
      })}
    </div>
  </div>`;
}

/** What a row shows besides its study. */
export interface RowState {
  readonly columns: readonly StudyColumn[];
  readonly format: StudyFormatter;
  readonly selectedStudyUid: string;
  readonly rowHeight: number;
  /** The active cell (the grid's one tab stop). */
  readonly activeRow: number;
  readonly activeColumn: number;
}

/** Row `index` of the grid, placed at its offset in the scrolled body. */
export function rowTemplate(study: Study, index: number, state: RowState): TemplateResult {
  const { columns, format, rowHeight: h } = state;
  const selected = study.studyInstanceUid !== '' && study.studyInstanceUid === state.selectedStudyUid;
  return html`<div
    part=${selected ? 'row row-selected' : 'row'}
    role="row"
    aria-rowindex=${index + 2}
    aria-selected=${selected ? 'true' : 'false'}
    data-row=${index}
    style=${styleProps({ transform: `translateY(${index * h}px)`, height: `${h}px` })}
  >
    ${columns.map((column, c) => {
      // DICOM strings reach the page through text bindings only: never parsed as markup.
      const text = COLUMN_SPECS[column].text(study, format);
      const active = index === state.activeRow && c === state.activeColumn;
      return html`<div
        part="cell cell-${column}"
        role="gridcell"
        data-column=${c}
        data-numeric=${COLUMN_SPECS[column].numeric ? 'true' : nothing}
        tabindex=${active ? 0 : -1}
        title=${text}
      >
        ${text}
      </div>`;
    })}
  </div>`;
}

/** The cell a grid key moves to from `row`, `column` (clamped by the caller), or undefined for other keys. */
export function gridMove(
  key: string,
  row: number,
  column: number,
  page: number,
  lastColumn: number,
): [row: number, column: number] | undefined {
  const moves: Record<string, [number, number] | undefined> = {
    ArrowDown: [row + 1, column],
    ArrowUp: [row - 1, column],
    ArrowRight: [row, Math.min(lastColumn, column + 1)],
    ArrowLeft: [row, Math.max(0, column - 1)],
    PageDown: [row + page, column],
    PageUp: [row - page, column],
    Home: [0, column],
  };
  return moves[key];
}

/** The cell an event happened in (its row and column index), or undefined outside the body's cells. */
export function cellOf(event: Event, grid: Element): { row: number; column: number } | undefined {
  for (const node of event.composedPath()) {
    if (node === grid) return undefined;
    if (node instanceof HTMLElement && node.dataset['column'] !== undefined) {
      const row = node.closest<HTMLElement>('[part~="row"]')?.dataset['row'];
      return row === undefined ? undefined : { row: Number(row), column: Number(node.dataset['column']) };
    }
  }
  return undefined;
}
