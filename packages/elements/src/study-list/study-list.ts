// Over 400 lines: the class doc and 20 public properties (the manifest's source) take ~150; the
// rest is one grid's search, scroll and keyboard state, which a further split would scatter.
import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { createQidoClient, type Study, type StudySearchSource } from '@fovea-dicom/core';
import { emit } from '../events.js';
import { message, type MessageId } from '../internal/messages.js';
import { clientMaker, DicomWebSourceMixin } from '../internal/source.js';
import {
  COLUMN_SPECS,
  parseColumns,
  sortStudies,
  STUDY_COLUMNS,
  StudyFormatter,
  type StudyColumn,
  type StudySort,
} from './columns.js';
import {
  DEFAULT_MODALITIES,
  filtersTemplate,
  parseFilterFields,
  STUDY_FILTER_FIELDS,
  type StudyFilterField,
} from './filters.js';
import { cellOf, gridMove, headerTemplate, rowTemplate } from './grid.js';
import { StudyPager } from './pager.js';
import { statusTemplate, type Searched } from './status.js';
import { planUserQuery, type PlannedQuery, type StudyFilters } from './query.js';
import type * as PatientQuery from './patient-query.js';
import { columnTemplate, studyListStyles } from './study-list.styles.js';
import { styleProps } from '../internal/style-props.js';

/** Rows rendered above and below the visible ones. */
const OVERSCAN = 8;

const listConverter = <T>(parse: (value: string | null) => T[]) => ({
  fromAttribute: parse,
  toAttribute: (value: readonly T[]) => value.join(' '),
});

/**
 * Lists studies from a DICOMweb server (QIDO-RS) in a grid a clinician scans:
 * filters sent to the server after a pause in typing (each new search cancels
 * the previous one), pages loaded with `limit` / `offset` as the list
 * scrolls, and only the visible rows rendered, so tens of thousands of
 * studies scroll smoothly. With `patient-id` (and the other IHE IID patient
 * parameters) it shows one patient's studies only.
 *
 * Sorting orders the studies loaded so far (QIDO-RS has no sort parameter);
 * pages that arrive later are merged into that order.
 *
 * Keyboard (ARIA grid): arrows move between cells, Page Up / Page Down by a
 * screenful, Home / End to the first / last study (End loads the remaining
 * pages), Enter or Space selects the study.
 *
 * @summary A virtual, filterable list of studies.
 *
 * @fires fovea-study-select - A person chose a study (click, Enter or Space). Detail: {@link StudySelectDetail}.
 * @fires fovea-error - A search failed, or the patient parameters are invalid. Detail: {@link ErrorDetail}.
 *
 * @csspart filters - The filter form.
 * @csspart filter - Each filter field (also `filter-patient-name`, `filter-patient-id`, `filter-date`, `filter-date-from`, `filter-date-to`, `filter-modality`, `filter-accession`).
 * @csspart filter-label - The label text of a filter field.
 * @csspart filter-input - The input or select of a filter field.
 * @csspart grid - The scrolling grid.
 * @csspart header - The sticky header row group.
 * @csspart header-row - The header row.
 * @csspart column-header - Each column header (also `column-header-<column>`).
 * @csspart sort-button - The button in a column header that sorts by it.
 * @csspart sort-indicator - The arrow of the sorted column.
 * @csspart body - The row group holding the rows.
 * @csspart row - Each study row (also `row-selected` on the selected one).
 * @csspart cell - Each cell (also `cell-<column>`).
 * @csspart status - The loading, empty, count or error message.
 * @csspart notice - In the status: which filters the server could not apply exactly (widened with wildcards).
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --fovea-study-list-background - Background of the list.
 * @cssprop --fovea-study-list-text-color - Text colour.
 * @cssprop --fovea-study-list-font - Font of the list.
 * @cssprop --fovea-study-list-header-background - Background of the filter bar and header row.
 * @cssprop --fovea-study-list-border-color - Lines between rows and around the header.
 * @cssprop --fovea-study-list-row-hover-background - Background of the row under the pointer.
 * @cssprop --fovea-study-list-selected-background - Background of the selected row.
 * @cssprop --fovea-focus-ring-color - Focus ring colour.
 */
export class FoveaStudyList extends DicomWebSourceMixin(LitElement, clientMaker<StudySearchSource>(createQidoClient)) {
  static override styles = studyListStyles;

  /** Columns to show, in order (attribute: ids separated by spaces). */
  @property({ converter: listConverter(parseColumns) }) columns: StudyColumn[] = [...STUDY_COLUMNS];

  /** Filter fields to show, in order (attribute: ids separated by spaces; empty hides the filter bar). */
  @property({ attribute: 'filter-fields', converter: listConverter(parseFilterFields) })
  filterFields: StudyFilterField[] = [...STUDY_FILTER_FIELDS];

  /** The filters in effect; setting it searches at once, typing searches after `filter-delay`. */
  @property({ attribute: false }) filters: StudyFilters = {};

  /** Modalities the modality filter offers. */
  @property({ attribute: false }) modalityOptions: readonly string[] = DEFAULT_MODALITIES;

  /** Pause after typing before a search is sent, in ms. */
  @property({ type: Number, attribute: 'filter-delay' }) filterDelay = 300;

  /** The sort in effect, or undefined for the server's order. */
  @property({ attribute: false }) sort: StudySort | undefined;

  /** IID `patientID` (HL7 CX, assigning authority allowed): only this patient's studies are listed. */
  @property({ attribute: 'patient-id' }) patientId = '';

  /** IssuerOfPatientID to match with `patient-id` (overrides the CX assigning authority). */
  @property({ attribute: 'issuer-of-patient-id' }) issuerOfPatientId = '';

  /** IID `patientName` (HL7 XPN, `family^given`), matched with `patient-id`. */
  @property({ attribute: 'patient-name' }) patientName = '';

  /** IID `patientBirthDate` (`YYYYMMDD`), matched with `patient-id`. */
  @property({ attribute: 'patient-birth-date' }) patientBirthDate = '';

  /** IID `lowerDateTime` (ISO 8601): with `patient-id`, studies from then on. */
  @property({ attribute: 'lower-date-time' }) lowerDateTime = '';

  /** IID `upperDateTime` (ISO 8601): with `patient-id`, studies until then. */
  @property({ attribute: 'upper-date-time' }) upperDateTime = '';

  /** IID `mostRecentResults`: with `patient-id`, only this many of the patient's most recent studies. */
  @property({ type: Number, attribute: 'most-recent-results' }) mostRecentResults: number | undefined;

  /** Study Instance UID of the selected study. */
  @property({ attribute: 'selected-study-uid', reflect: true }) selectedStudyUid = '';

  /** Studies per QIDO-RS request (`limit`); clamped to the client's `maxLimit` quirk. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 100;

  /** Height of one row in CSS pixels (rows have a fixed height so that only visible ones are rendered). */
  @property({ type: Number, attribute: 'row-height' }) rowHeight = 32;

  @state() private draft: StudyFilters = {};
  @state() private scrollY = 0;
  @state() private bodyHeight = 0;
  @state() private activeRow = 0;
  @state() private activeColumn = 0;
  @state() private planError: MessageId | undefined;

  @query('[part="grid"]') private grid!: HTMLDivElement;

  readonly #pager = new StudyPager(this, (error) => this.#reportError(error));
  #searchedClient: StudySearchSource | undefined;
  /** The query of the running search and the client it went to, for the widened-filter notice. */
  #searched: Searched | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts searches: a patient search whose planner loaded after a newer search started is dropped. */
  #searches = 0;
  #resizeObserver: ResizeObserver | undefined;
  #format: StudyFormatter | undefined;
  #sorted:
    { rows: readonly Study[]; sort: StudySort | undefined; format: StudyFormatter; view: readonly Study[] } | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a move: the pager was cancelled on disconnect.
    if (this.hasUpdated) {
      this.#observeSize();
      this.#search();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = undefined;
  }

  /** The studies loaded so far, in display order. */
  get studies(): readonly Study[] {
    return this.#view();
  }

  /** True once every page of the search is loaded. */
  get complete(): boolean {
    return this.#pager.done;
  }

  /** Searches again with the current filters. */
  refresh(): void {
    this.#search();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('filters')) this.draft = { ...this.filters };
    if (!this.#format || this.#format.locale !== this.effectiveLocale)
      this.#format = new StudyFormatter(this.effectiveLocale);
    // The client's own changes (client, dicomweb-root, quirks, an enclosing viewer's) show as a new identity.
    const searchKeys = [
      'filters',
      'pageSize',
      'patientId',
      'issuerOfPatientId',
      'patientName',
      'patientBirthDate',
      'lowerDateTime',
      'upperDateTime',
      'mostRecentResults',
    ] as const;
    if (searchKeys.some((k) => changed.has(k)) || this.activeClient !== this.#searchedClient) {
      this.#searchedClient = this.activeClient;
      this.#search();
    }
  }

  protected override firstUpdated(): void {
    this.#measure();
    this.#observeSize();
  }

  #observeSize(): void {
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = new ResizeObserver(() => this.#measure());
    this.#resizeObserver.observe(this.grid);
  }

  #measure(): void {
    const header = this.renderRoot.querySelector<HTMLElement>('[part="header"]');
    this.bodyHeight = Math.max(0, this.grid.clientHeight - (header?.offsetHeight ?? 0));
    this.#loadAhead();
  }

  #search(): void {
    clearTimeout(this.#timer);
    const search = ++this.#searches;
    this.planError = undefined;
    this.activeRow = 0;
    this.scrollY = 0;
    if (this.grid) this.grid.scrollTop = 0;
    const client = this.activeClient;
    if (!this.isConnected || !client) {
      this.#pager.cancel();
      return;
    }
    if (this.patientId.trim() === '') {
      this.#start(client, planUserQuery(this.filters));
      return;
    }
    // Restricted to a patient: the IID planner is a module of its own (a list without one never loads it).
    this.#pager.prepare();
    const restriction = {
      patientId: this.patientId,
      issuerOfPatientId: this.issuerOfPatientId,
      patientName: this.patientName,
      patientBirthDate: this.patientBirthDate,
      lowerDateTime: this.lowerDateTime,
      upperDateTime: this.upperDateTime,
      ...(this.mostRecentResults !== undefined ? { mostRecentResults: this.mostRecentResults } : {}),
    };
    void this.#searchPatient(search, client, restriction);
  }

  async #searchPatient(
    search: number,
    client: StudySearchSource,
    restriction: PatientQuery.PatientRestriction,
  ): Promise<void> {
    let planner: typeof PatientQuery;
    try {
      planner = await import('./patient-query.js');
    } catch (error) {
      if (search !== this.#searches) return;
      // The module did not load (network): shown and reported as the search's failure.
      this.#pager.cancel();
      this.planError = 'error.network';
      this.#reportError(error);
      return;
    }
    if (search !== this.#searches) return;
    let plan;
    try {
      plan = planner.planQuery(this.filters, restriction);
    } catch (error) {
      this.#pager.cancel();
      this.planError = 'studyList.invalidPatient';
      this.#reportError(error);
      return;
    }
    this.#start(client, plan);
  }

  #start(client: StudySearchSource, plan: PlannedQuery): void {
    this.#searched = { plan, client };
    void this.#pager.start(client, plan, this.pageSize).then(() => this.#loadAhead());
  }

  #reportError(error: unknown): void {
    this.reportError(error, { messageId: this.planError });
  }

  /** Loads the next page when the rendered rows come near the end of those loaded. */
  #loadAhead(): void {
    const pager = this.#pager;
    if (pager.status !== 'ready' || pager.done) return;
    const [, last] = this.#range(pager.rows.length);
    if (last + Math.max(OVERSCAN, this.pageSize / 2) >= pager.rows.length) {
      void pager.more().then(() => this.#loadAhead());
    }
  }

  /** First and last row index to render (inclusive). */
  #range(count: number): [number, number] {
    const h = Math.max(1, this.rowHeight);
    const first = Math.max(0, Math.floor(this.scrollY / h) - OVERSCAN);
    const last = Math.min(count - 1, Math.ceil((this.scrollY + this.bodyHeight) / h) + OVERSCAN - 1);
    return [first, last];
  }

  #view(): readonly Study[] {
    const rows = this.#pager.rows;
    const format = this.#format ?? new StudyFormatter(this.effectiveLocale);
    let sorted = this.#sorted;
    if (sorted?.rows !== rows || sorted.sort !== this.sort || sorted.format !== format) {
      sorted = { rows, sort: this.sort, format, view: sortStudies(rows, this.sort, format) };
      this.#sorted = sorted;
    }
    return sorted.view;
  }

  #visibleColumns(): StudyColumn[] {
    return this.columns.filter((c) => c in COLUMN_SPECS);
  }

  #onScroll = (): void => {
    this.scrollY = this.grid.scrollTop;
    this.#loadAhead();
  };

  #onDraft = (key: keyof StudyFilters, value: string): void => {
    this.draft = { ...this.draft, [key]: value };
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.filters = { ...this.draft }), this.filterDelay);
  };

  #onCommit = (key?: keyof StudyFilters, value?: string): void => {
    if (key) this.draft = { ...this.draft, [key]: value };
    clearTimeout(this.#timer);
    this.filters = { ...this.draft };
  };

  #toggleSort(column: StudyColumn): void {
    const current = this.sort?.column === column ? this.sort.direction : undefined;
    this.sort =
      current === undefined
        ? { column, direction: 'ascending' }
        : current === 'ascending'
          ? { column, direction: 'descending' }
          : undefined;
  }

  #select(index: number): void {
    const study = this.#view()[index];
    if (!study) return;
    this.selectedStudyUid = study.studyInstanceUid;
    emit(this, 'fovea-study-select', { study });
  }

  #onClick = (event: MouseEvent): void => {
    const cell = cellOf(event, this.grid);
    if (!cell) return;
    this.activeRow = cell.row;
    this.activeColumn = cell.column;
    this.#select(cell.row);
  };

  #onKeyDown = (event: KeyboardEvent): void => {
    const cell = cellOf(event, this.grid);
    if (!cell || event.altKey || event.metaKey) return;
    const h = Math.max(1, this.rowHeight);
    const page = Math.max(1, Math.floor(this.bodyHeight / h) - 1);
    const { row, column } = cell;
    const lastColumn = this.#visibleColumns().length - 1;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#select(row);
      return;
    }
    if (event.key === 'End') {
      event.preventDefault();
      void this.#pager.all().then(() => this.#moveTo(this.#view().length - 1, column));
      return;
    }
    const target = gridMove(event.key, row, column, page, lastColumn);
    if (!target) return;
    event.preventDefault();
    void this.#moveTo(...target);
  };

  /** Makes a cell the active one, scrolls it into view and focuses it. */
  async #moveTo(row: number, column: number): Promise<void> {
    const count = this.#view().length;
    if (count === 0) return;
    const index = Math.min(count - 1, Math.max(0, row));
    this.activeRow = index;
    this.activeColumn = column;
    const h = Math.max(1, this.rowHeight);
    const top = index * h;
    let scroll = this.grid.scrollTop;
    if (top < scroll) scroll = top;
    else if (top + h > scroll + this.bodyHeight) scroll = top + h - this.bodyHeight;
    this.grid.scrollTop = scroll;
    this.scrollY = this.grid.scrollTop;
    await this.updateComplete;
    this.renderRoot
      .querySelector<HTMLElement>(`[data-row="${index}"] [data-column="${column}"]`)
      ?.focus({ preventScroll: true });
    this.#loadAhead();
  }

  #m(id: MessageId, params: Record<string, string | number> = {}): string {
    return message(id, params, this.effectiveMessages);
  }

  protected override render(): TemplateResult {
    const columns = this.#visibleColumns();
    const view = this.#view();
    const count = view.length;
    const [first, last] = this.#range(count);
    const indices: number[] = [];
    for (let i = first; i <= last; i++) indices.push(i);
    // The active row stays rendered so that focus is never lost to virtualisation, and in row
    // order: kept rows are then never moved in the DOM (a moved node loses focus).
    if (this.activeRow < count && this.activeRow < first) indices.unshift(this.activeRow);
    if (this.activeRow < count && this.activeRow > last) indices.push(this.activeRow);
    const rowState = {
      columns,
      format: this.#format ?? new StudyFormatter(this.effectiveLocale),
      selectedStudyUid: this.selectedStudyUid,
      rowHeight: this.rowHeight,
      activeRow: this.activeRow,
      activeColumn: this.activeColumn,
    };
    return html`
      ${filtersTemplate({
        fields: this.filterFields,
        draft: this.draft,
        modalities: this.modalityOptions,
        restricted: this.patientId.trim() !== '',
        messages: this.effectiveMessages,
        onInput: this.#onDraft,
        onCommit: this.#onCommit,
      })}
      <div
        part="grid"
        role="grid"
        aria-label=${this.#m('studyList.label')}
        aria-rowcount=${this.#pager.done ? count + 1 : -1}
        aria-colcount=${columns.length}
        aria-busy=${this.#pager.status === 'loading' || this.#pager.loadingMore ? 'true' : 'false'}
        style=${styleProps({ ...columnTemplate(columns), '--_row-height': `${this.rowHeight}px` })}
        @scroll=${this.#onScroll}
        @click=${this.#onClick}
        @keydown=${this.#onKeyDown}
      >
        ${headerTemplate(columns, this.sort, this.effectiveMessages, (column) => this.#toggleSort(column))}
        <div part="body" role="rowgroup" style=${styleProps({ height: `${count * this.rowHeight}px` })}>
          ${repeat(
            indices,
            (i) => i,
            (i) => rowTemplate(view[i]!, i, rowState),
          )}
        </div>
      </div>
      ${statusTemplate({
        pager: this.#pager,
        count,
        planError: this.planError,
        searched: this.#searched,
        locale: this.#format?.locale,
        messages: this.effectiveMessages,
        onRetry: () => this.refresh(),
      })}
    `;
  }
}
