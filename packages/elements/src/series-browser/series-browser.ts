import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { createDicomWebClient, FoveaError, isAbortError, type DicomSource, type Series } from '@fovea-dicom/core';
import { emit } from '../events.js';
import { DEFAULT_CACHE_BYTES } from '../internal/config.js';
import { message, type MessageId } from '../internal/messages.js';
import { clientMaker, DicomWebSourceMixin } from '../internal/source.js';
import { seriesBrowserStyles } from './series-browser.styles.js';
import { searchStudySeries } from './search.js';
import { ThumbnailController } from './thumbnails.js';
import { itemTemplate, type SeriesProgress } from './item.js';
import { clientThumbnail } from './client-thumbnail.js';
import { styleProps } from '../internal/style-props.js';
import { KeyImageSelection } from '../results/key-images.js';

export type { SeriesProgress };

/** The drag-and-drop type of a dragged series; its data is {@link SeriesDragData} as JSON. */
export const SERIES_DRAG_TYPE = 'application/x-fovea-series';

/** What a dragged series carries, so that a drop target (a viewport) can load it. */
export interface SeriesDragData {
  studyInstanceUid: string;
  seriesInstanceUid: string;
}

/** Series by number (unnumbered last), then description: the order a modality sent them in. */
export function sortSeries(series: readonly Series[]): Series[] {
  return series
    .map((s, i) => ({ s, i }))
    .sort((a, b) => {
      const na = a.s.seriesNumber ?? Number.POSITIVE_INFINITY;
      const nb = b.s.seriesNumber ?? Number.POSITIVE_INFINITY;
      return na - nb || a.i - b.i;
    })
    .map(({ s }) => s);
}

/**
 * The series of one study as thumbnails with modality, number, description
 * and image count. Thumbnails are the server's (`/thumbnail`, else
 * `/rendered`), fetched as each item nears the visible area; a placeholder
 * shows the modality while one loads or when the series has none (SR, PDF).
 * Items can be dragged onto a drop target: the drag carries
 * {@link SERIES_DRAG_TYPE} with the study and series UIDs.
 *
 * Series with key images (the study's newest "Of Interest" Key Object
 * Selection document, and images flagged since in the same `<fovea-viewer>`)
 * carry a flag with their count; `key-images-only` (or the filter button,
 * shown when the study has key images) lists only them.
 *
 * Keyboard (ARIA listbox): arrows move, Home / End go to the first / last
 * series, Enter or Space selects.
 *
 * @summary Thumbnails of a study's series.
 *
 * @fires fovea-series-select - A person chose a series (click, Enter or Space). Detail: {@link SeriesSelectDetail}.
 * @fires fovea-series-load - The series of the study were found (also when none). Detail: {@link SeriesLoadDetail}.
 * @fires fovea-error - The series search failed, or a thumbnail made in the page failed (`series` names it). Detail: {@link ErrorDetail}.
 *
 * @csspart list - The scrolling list of series.
 * @csspart item - Each series (also `item-selected` on the selected one).
 * @csspart thumbnail-frame - The square holding the thumbnail or placeholder and the progress bar.
 * @csspart thumbnail - The thumbnail image.
 * @csspart placeholder - Shown instead of the image while it loads or when there is none.
 * @csspart thumbnail-error - The placeholder of a series whose image could not be shown (with `placeholder`).
 * @csspart details - The text below the thumbnail.
 * @csspart modality - The series' modality.
 * @csspart number - The series number.
 * @csspart description - The series description.
 * @csspart count - The number of images.
 * @csspart progress - The load progress bar (while `progress` has a value below 1 for the series).
 * @csspart progress-value - The filled part of the progress bar.
 * @csspart key-images - The flag of a series with key images, with their count.
 * @csspart key-filter - The "key images only" toggle button (also `active` while on).
 * @csspart status - The loading, empty or error message.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --fovea-series-browser-background - Background of the list.
 * @cssprop --fovea-series-browser-text-color - Text colour.
 * @cssprop --fovea-series-browser-font - Font of the list.
 * @cssprop --fovea-series-browser-item-background - Background of an item.
 * @cssprop --fovea-series-browser-selected-background - Background of the selected item.
 * @cssprop --fovea-series-browser-thumbnail-background - Background behind a thumbnail.
 * @cssprop --fovea-series-browser-progress-color - Colour of the progress bar.
 * @cssprop --fovea-focus-ring-color - Focus ring colour.
 */
export class FoveaSeriesBrowser extends DicomWebSourceMixin(
  LitElement,
  clientMaker<DicomSource>(createDicomWebClient),
) {
  static override styles = seriesBrowserStyles;

  /** Study Instance UID of the study whose series are shown. */
  @property({ attribute: 'study-uid' }) studyUid = '';

  /** Series Instance UID of the selected series. */
  @property({ attribute: 'selected-series-uid', reflect: true }) selectedSeriesUid = '';

  /** Load progress (0 to 1) per Series Instance UID; a bar shows while a value is below 1. Set a new object to update. */
  @property({ attribute: false }) progress: SeriesProgress | undefined;

  /** Direction of the strip; arrow keys follow it. */
  @property({ reflect: true }) orientation: 'vertical' | 'horizontal' = 'vertical';

  /** Thumbnail edge in CSS pixels. */
  @property({ type: Number, attribute: 'thumbnail-size' }) thumbnailSize = 96;

  /**
   * Only the server's thumbnails: without this, when the server renders none
   * (no /thumbnail, no /rendered), each series' middle image is decoded in the
   * page instead (which loads the rendering stack, as a viewport does).
   */
  @property({ type: Boolean, attribute: 'server-thumbnails-only' }) serverThumbnailsOnly = false;

  /** List only the series that have key images. */
  @property({ type: Boolean, attribute: 'key-images-only', reflect: true }) keyImagesOnly = false;

  @state() private activeIndex = 0;

  @query('[part="list"]') private list: HTMLElement | null | undefined;

  #shownClient: DicomSource | undefined;
  /** The study's key images: the enclosing viewer's, else read here. */
  #keyImages: KeyImageSelection | undefined;
  #ownKeyImages: KeyImageSelection | undefined;
  #onKeyImages = (): void => this.requestUpdate();

  readonly #thumbnails = new ThumbnailController(this, {
    concurrency: 3,
    size: () => this.thumbnailSize * Math.min(2, globalThis.devicePixelRatio || 1),
    root: () => this.list ?? null,
    fallback: (client, studyUid, seriesUid, size, signal) =>
      !this.serverThumbnailsOnly
        ? clientThumbnail(client, studyUid, seriesUid, size, this.config?.cacheBytes ?? DEFAULT_CACHE_BYTES, signal)
        : Promise.resolve(undefined),
    failed: (seriesUid, error) =>
      this.reportError(error, { series: { studyInstanceUid: this.studyUid, seriesInstanceUid: seriesUid } }),
  });

  readonly #task = new Task(this, {
    task: async ([client, studyUid], { signal }) => {
      if (!client || !studyUid) return [];
      const found = await searchStudySeries(client, studyUid, signal);
      const series = sortSeries(found);
      signal.throwIfAborted();
      emit(this, 'fovea-series-load', { studyInstanceUid: studyUid, series });
      return series;
    },
    args: () => [this.activeClient, this.studyUid] as const,
    onError: (error) => {
      if (isAbortError(error)) return;
      this.reportError(error);
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a move: thumbnails were released on disconnect.
    if (this.hasUpdated) {
      this.#thumbnails.reset(this.activeClient, this.studyUid);
      this.requestUpdate();
    }
  }

  /** The series of the study, in display order. */
  get series(): readonly Series[] {
    return this.#task.value ?? [];
  }

  /** The series listed: all of them, or with `key-images-only` those with key images. */
  get visibleSeries(): readonly Series[] {
    if (!this.keyImagesOnly) return this.series;
    const counts = this.#keyCounts();
    return this.series.filter((s) => (counts.get(s.seriesInstanceUid) ?? 0) > 0);
  }

  /** Key images per Series Instance UID of the study shown. */
  get keyImageCounts(): ReadonlyMap<string, number> {
    return this.#keyCounts();
  }

  #keyCounts(): Map<string, number> {
    return this.#keyImages?.countBySeries() ?? new Map();
  }

  /** Follows the key images of `client` and `studyUid`: the viewer's selection, or one of its own. */
  #bindKeyImages(client: DicomSource | undefined, studyUid: string): void {
    const shared = this.config?.keyImages;
    let selection: KeyImageSelection | undefined;
    if (client && studyUid) {
      if (shared?.client === client && shared.studyInstanceUid === studyUid) selection = shared;
      else {
        if (this.#ownKeyImages?.client !== client || this.#ownKeyImages.studyInstanceUid !== studyUid) {
          this.#ownKeyImages = new KeyImageSelection(client, studyUid);
        }
        selection = this.#ownKeyImages;
      }
    }
    if (selection === this.#keyImages) return;
    this.#keyImages?.removeEventListener('change', this.#onKeyImages);
    this.#keyImages = selection;
    if (!selection) return;
    selection.addEventListener('change', this.#onKeyImages);
    selection.load().catch((error: unknown) => {
      if (!isAbortError(error) && selection.claimFailure(error)) {
        this.reportError(error);
      }
    });
  }

  /** Resolves with the series once the pending search has settled (rejects when it fails). */
  get seriesComplete(): Promise<readonly Series[]> {
    // The search starts in the host's update: wait for it before taking the task's promise.
    return this.updateComplete.then(() => this.#task.taskComplete).then(() => this.series);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('studyUid') || this.activeClient !== this.#shownClient) {
      this.#shownClient = this.activeClient;
      this.#thumbnails.reset(this.activeClient, this.studyUid);
      this.activeIndex = 0;
    }
    this.#bindKeyImages(this.activeClient, this.studyUid);
    if (changed.has('keyImagesOnly')) this.activeIndex = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#keyImages?.removeEventListener('change', this.#onKeyImages);
    this.#keyImages = undefined;
  }

  protected override updated(): void {
    const items = this.renderRoot.querySelectorAll<HTMLElement>('[part~="item"]');
    if (items.length) this.#thumbnails.observe(items);
  }

  #indexOf(event: Event): number | undefined {
    for (const node of event.composedPath()) {
      if (node === this.list) return undefined;
      if (node instanceof HTMLElement && node.dataset['index'] !== undefined) return Number(node.dataset['index']);
    }
    return undefined;
  }

  #select(index: number): void {
    const series = this.visibleSeries[index];
    if (!series) return;
    this.activeIndex = index;
    this.selectedSeriesUid = series.seriesInstanceUid;
    emit(this, 'fovea-series-select', { series });
  }

  async #moveTo(index: number): Promise<void> {
    const count = this.visibleSeries.length;
    if (count === 0) return;
    this.activeIndex = Math.min(count - 1, Math.max(0, index));
    await this.updateComplete;
    const item = this.renderRoot.querySelector<HTMLElement>(`[data-index="${this.activeIndex}"]`);
    item?.focus({ preventScroll: true });
    item?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  #onClick = (event: MouseEvent): void => {
    const index = this.#indexOf(event);
    if (index !== undefined) this.#select(index);
  };

  #onKeyDown = (event: KeyboardEvent): void => {
    const index = this.#indexOf(event);
    if (index === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#select(index);
      return;
    }
    const target: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowRight: index + 1,
      ArrowUp: index - 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: this.visibleSeries.length - 1,
    };
    const next = target[event.key];
    if (next === undefined) return;
    event.preventDefault();
    void this.#moveTo(next);
  };

  #onDragStart = (event: DragEvent): void => {
    const series = this.visibleSeries[this.#indexOf(event) ?? -1];
    if (!series || !event.dataTransfer) return;
    const data: SeriesDragData = {
      studyInstanceUid: series.studyInstanceUid || this.studyUid,
      seriesInstanceUid: series.seriesInstanceUid,
    };
    event.dataTransfer.setData(SERIES_DRAG_TYPE, JSON.stringify(data));
    event.dataTransfer.effectAllowed = 'copy';
  };

  #m(id: MessageId, params: Record<string, string | number> = {}): string {
    return message(id, params, this.effectiveMessages);
  }

  #status(): { kind: string; text: string } | undefined {
    if (!this.activeClient) return { kind: 'idle', text: this.#m('seriesBrowser.noServer') };
    if (!this.studyUid) return { kind: 'idle', text: this.#m('seriesBrowser.noStudy') };
    const status = this.#task.status;
    if (status === TaskStatus.ERROR) {
      const error = this.#task.error;
      const code = error instanceof FoveaError ? error.code : 'unknown';
      return { kind: 'error', text: this.#m(`error.${code}` as MessageId) };
    }
    if (status !== TaskStatus.COMPLETE) return { kind: 'loading', text: this.#m('seriesBrowser.loading') };
    return this.series.length === 0 ? { kind: 'empty', text: this.#m('seriesBrowser.empty') } : undefined;
  }

  #toggleKeyFilter = (): void => {
    this.keyImagesOnly = !this.keyImagesOnly;
  };

  /** The "key images only" toggle, shown while the study has key images or the filter is on. */
  #renderKeyFilter(keys: ReadonlyMap<string, number>) {
    if (!this.keyImagesOnly && keys.size === 0) return nothing;
    return html`<button
      part=${this.keyImagesOnly ? 'key-filter active' : 'key-filter'}
      type="button"
      aria-pressed=${this.keyImagesOnly ? 'true' : 'false'}
      @click=${this.#toggleKeyFilter}
    >
      ★ ${this.#m('seriesBrowser.keyFilter')}
    </button>`;
  }

  protected override render(): TemplateResult {
    const status = this.#status();
    if (status?.kind === 'error') {
      return html`<div part="status" role="alert" data-kind="error">
        <span>${status.text}</span>
        <button part="retry" type="button" @click=${() => void this.#task.run()}>
          ${this.#m('seriesBrowser.retry')}
        </button>
      </div>`;
    }
    if (status) return html`<div part="status" role="status" data-kind=${status.kind}>${status.text}</div>`;
    let locale: string | undefined;
    try {
      locale = this.effectiveLocale ? Intl.getCanonicalLocales(this.effectiveLocale)[0] : undefined;
    } catch {
      locale = undefined;
    }
    const numbers = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent' });
    const keys = this.#keyCounts();
    const visible = this.visibleSeries;
    return html`${this.#renderKeyFilter(keys)}
      ${
        visible.length === 0
          ? html`<div part="status" role="status" data-kind="empty">${this.#m('seriesBrowser.noKeyImages')}</div>`
          : nothing
      }
      <div
        part="list"
        role="listbox"
        aria-label=${this.#m('seriesBrowser.label')}
        aria-orientation=${this.orientation}
        style=${styleProps({ '--_thumb': `${this.thumbnailSize}px` })}
        @click=${this.#onClick}
        @keydown=${this.#onKeyDown}
        @dragstart=${this.#onDragStart}
      >
        ${visible.map((s, i) =>
          itemTemplate(s, i, {
            numbers,
            percent,
            keys,
            thumbnail: this.#thumbnails.state(s.seriesInstanceUid),
            selectedSeriesUid: this.selectedSeriesUid,
            activeIndex: this.activeIndex,
            progress: this.progress,
            messages: this.effectiveMessages,
            onThumbnailError: (uid) => this.#thumbnails.fail(uid),
          }),
        )}
      </div>`;
  }
}
