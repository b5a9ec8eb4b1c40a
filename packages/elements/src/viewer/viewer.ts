/**
 * `<fovea-viewer>`. Over 400 lines for a stated reason: its documented public contract, the study's
 * resolution and the layout's print job stay with the element; synchronisation (sync-controller.ts),
 * the controls' template (viewer.template.ts) and the layout maths (layout.ts) live beside it.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { repeat } from 'lit/directives/repeat.js';
import { createDicomWebClient, FoveaError, isAbortError, type DicomSource, type Series } from '@fovea-dicom/core';
import { emit, type ImageChangeDetail, type SeriesLoadDetail, type VoiChangeDetail } from '../events.js';
import { foveaConfigContext, type FoveaConfig } from '../internal/config.js';
import { addDefaultMessages, message, type MessageId } from '../internal/messages.js';
import { VIEWING_MESSAGES } from '../internal/catalogue/viewing.js';
import { clientMaker, DicomWebSourceMixin } from '../internal/source.js';
import { SERIES_DRAG_TYPE, sortSeries, type SeriesDragData } from '../series-browser/series-browser.js';
import { searchStudySeries } from '../series-browser/search.js';
import type { Presentation, RenderingMode } from '../model/presentation.js';
import { assertToolBindings, type ToolBindings } from '../model/tools.js';
import type { FoveaViewport } from '../viewport/viewport.js';
import { KeyImageSelection } from '../results/key-images.js';
import type { KeyImagesOptions } from '../results/kos.js';
import type { StoredObject } from '../results/study-documents.js';
import type { PrintImage, PrintOptions } from '../results/print/document.js';
import type { PrintJob } from '../results/viewport-results.js';
import type { EncapsulatedPdfOptions } from '../results/encapsulated-pdf.js';
import { ReportError } from '../results/report-error.js';
import { viewerStyles } from './viewer.styles.js';
import { styleProps } from '../internal/style-props.js';
import { cellsOf, fillCells, parseSync, type SeriesCell, type SyncKind } from './layout.js';
import { ViewportSync } from './sync-controller.js';
import { controlsTemplate, statusTemplate, type StudyState } from './viewer.template.js';

addDefaultMessages(VIEWING_MESSAGES);

export type { SyncKind };

/** Viewport layouts: rows x columns. */
export type ViewerLayout = '1x1' | '1x2' | '2x1' | '2x2';

/** Every layout, in the order the viewer offers them. */
export const VIEWER_LAYOUTS: readonly ViewerLayout[] = Object.freeze(['1x1', '1x2', '2x1', '2x2']);

/** Every kind of synchronisation. */
export const SYNC_KINDS: readonly SyncKind[] = Object.freeze(['scroll', 'pan-zoom', 'voi']);

/** Colour theme: `auto` follows the page's `prefers-color-scheme`. */
export type ViewerTheme = 'light' | 'dark' | 'auto';

/**
 * Tool bindings of IHE Basic Image Review's default view: scroll on the left
 * button (and one finger), window / level on the right, pan on the middle.
 */
export const BASIC_REVIEW_TOOLS: Readonly<ToolBindings> = Object.freeze({
  primary: 'stackScroll',
  secondary: 'windowLevel',
  middle: 'pan',
});

const LAYOUT_SIZE: Record<ViewerLayout, [rows: number, columns: number]> = {
  '1x1': [1, 1],
  '1x2': [1, 2],
  '2x1': [2, 1],
  '2x2': [2, 2],
};

/**
 * The composed image panel: series thumbnails, a toolbar and a layout of
 * viewports, for one study given by `study-uid` or `accession-number`.
 *
 * Opens in IHE Basic Image Review's default view: thumbnails, the first image
 * series in the first viewport (the next ones in the other viewports of the
 * layout), each fitted and windowed from its header with overlays on, and
 * the scroll tool active. Choosing a thumbnail (click, Enter, or dragging it
 * onto a viewport) shows that series in the active viewport.
 *
 * The client, locale, messages and cache cap given to the viewer reach every
 * element inside it (through @lit/context); the inner elements' events
 * (`fovea-series-select`, `fovea-image-change`, `fovea-error`, …) bubble out of it.
 *
 * @summary The composed Fovea viewer: thumbnails, toolbar and viewports.
 *
 * @fires fovea-series-load - With `hide-series`: the study's series were found (else the inner browser fires it). Detail: {@link SeriesLoadDetail}.
 * @fires fovea-layout-change - The layout changed. Detail: {@link LayoutChangeDetail}.
 * @fires fovea-error - The study could not be found or loaded (inner elements fire their own). Detail: {@link ErrorDetail}.
 * @fires fovea-series-select - From the thumbnails: a person chose a series. Detail: {@link SeriesSelectDetail}.
 * @fires fovea-image-change - From a viewport (`event.composedPath()[0]`): the image on screen changed. Detail: {@link ImageChangeDetail}.
 * @fires fovea-voi-change - From a viewport: the window (VOI) changed. Detail: {@link VoiChangeDetail}.
 * @fires fovea-view-change - From a viewport: zoom, pan, rotation or flips changed. Detail: {@link Presentation}.
 * @fires fovea-load-progress - From a viewport: more images of its stack are loaded. Detail: {@link LoadProgressDetail}.
 * @fires fovea-rendering-change - From a viewport: it moved to the CPU path (its WebGL context was lost) and shows its image again there. Detail: {@link RenderingChangeDetail}.
 * @fires fovea-measurement-add - From a viewport: a measurement was drawn. Detail: {@link MeasurementDetail}.
 * @fires fovea-measurement-change - From a viewport: a measurement was edited or got its statistics. Detail: {@link MeasurementDetail}.
 * @fires fovea-measurement-remove - From a viewport: a measurement was deleted on screen. Detail: {@link MeasurementDetail}.
 * @fires fovea-tool-change - From a viewport: the tools on the mouse buttons changed. Detail: {@link ToolChangeDetail}.
 * @fires fovea-store - From a viewport: a measurement report, key image selection or PDF was stored (the new instance's UIDs). Detail: {@link StoreDetail}.
 * @fires fovea-reports-found - From a viewport: measurement reports exist for the images of its series. Detail: {@link ReportsFoundDetail}.
 * @fires fovea-report-load - From a viewport: a measurement report's measurements are drawn. Detail: {@link ReportLoadDetail}.
 * @fires fovea-key-image-change - From a viewport: an image was flagged or unflagged as a key image. Detail: {@link KeyImageChangeDetail}.
 *
 * @csspart panel - The grid of header, thumbnails and viewports, inside the host (whatever its `display`).
 * @csspart header - The bar holding the toolbar.
 * @csspart toolbar - The inner `<fovea-toolbar>`.
 * @csspart layout-button - Each layout button; `sync-button` each synchronisation toggle; `fullscreen-button`; `print-button`.
 * @csspart series-browser - The inner `<fovea-series-browser>`.
 * @csspart layout - The grid of viewports.
 * @csspart cell - Each cell of the grid; also `active` on the active one.
 * @csspart viewport - Each inner `<fovea-viewport>`.
 * @csspart status - The study's loading, not-found or error message.
 *
 * @cssprop --fovea-color-surface - Panel background (the themes set every `--fovea-color-*` token).
 * @cssprop --fovea-color-surface-raised - Header and thumbnail background.
 * @cssprop --fovea-color-surface-image - Background behind images.
 * @cssprop --fovea-color-text - Text colour.
 * @cssprop --fovea-color-border - Borders and separators.
 * @cssprop --fovea-color-accent - Active viewport, focus and selection.
 * @cssprop --fovea-font - Font of the panel.
 * @cssprop --fovea-viewer-series-width - Width of the thumbnail column.
 */
export class FoveaViewer extends DicomWebSourceMixin(LitElement, clientMaker<DicomSource>(createDicomWebClient), {
  consume: false, // the panel gives the configuration
}) {
  static override styles = viewerStyles;

  /** The study to show. */
  @property({ attribute: 'study-uid' }) studyUid = '';

  /** Find the study by accession number when no `study-uid` is given (the first match is shown). */
  @property({ attribute: 'accession-number' }) accessionNumber = '';

  /** Rows x columns of viewports. */
  @property({ reflect: true }) layout: ViewerLayout = '1x1';

  /** What follows the active viewport in the others: any of `scroll`, `pan-zoom`, `voi` (space-separated). */
  @property({ converter: { fromAttribute: parseSync, toAttribute: (v: readonly SyncKind[]) => v.join(' ') } })
  sync: readonly SyncKind[] = [];

  /** `light`, `dark`, or `auto` (the page's colour scheme). */
  @property({ reflect: true }) theme: ViewerTheme = 'auto';

  /** Cap of the decoded-image cache in bytes. */
  @property({ type: Number, attribute: 'cache-bytes' }) cacheBytes: number | undefined;

  /** Rendering mode of the viewports. */
  @property() rendering: RenderingMode = 'auto';

  #tools: ToolBindings = { ...BASIC_REVIEW_TOOLS };

  /**
   * The tools on the mouse buttons of every viewport (Basic Image Review's by default).
   * A tool or button that does not exist throws a `FoveaError` with code `invalid-argument`.
   */
  @property({ attribute: false })
  get tools(): ToolBindings {
    return this.#tools;
  }
  set tools(tools: ToolBindings) {
    assertToolBindings(tools);
    const old = this.#tools;
    this.#tools = tools;
    this.requestUpdate('tools', old);
  }

  /** Hide the thumbnails. */
  @property({ type: Boolean, attribute: 'hide-series' }) hideSeries = false;

  /** What the inner elements get through context. */
  @provide({ context: foveaConfigContext })
  @state()
  protected override config: FoveaConfig | undefined;

  @state() private resolvedStudyUid = '';
  @state() private studyState: StudyState = 'idle';
  @state() private series: readonly Series[] = [];
  @state() private cells: readonly (SeriesCell | undefined)[] = [];
  @state() private active = 0;
  @state() private fullscreen = false;
  @state() private dropTarget = -1;

  #resolve: AbortController | undefined;
  /** The key images of the study shown, shared by the viewports and the thumbnails. */
  #keyImages: KeyImageSelection | undefined;
  /** What follows the active viewport in the others. */
  readonly #syncing = new ViewportSync(this);

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.#onFullscreenChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.#onFullscreenChange);
    this.#resolve?.abort();
  }

  /** The viewports of the layout, in reading order. */
  get viewports(): FoveaViewport[] {
    return [...this.renderRoot.querySelectorAll<FoveaViewport>('fovea-viewport')];
  }

  /** The viewport the toolbar and thumbnails act on. */
  get activeViewport(): FoveaViewport | undefined {
    return this.viewports[this.active];
  }

  /** The Study Instance UID shown (from `study-uid`, or found by `accession-number`). */
  get shownStudyUid(): string {
    return this.resolvedStudyUid;
  }

  /** The series of the study, in display order (empty until found). */
  get studySeries(): readonly Series[] {
    return this.series;
  }

  /** Shows a series in a viewport (the active one by default) and makes it active. */
  showSeries(seriesInstanceUid: string, cell = this.active): void {
    const studyInstanceUid = this.series.find((s) => s.seriesInstanceUid === seriesInstanceUid)?.studyInstanceUid;
    this.#assign(cell, { studyInstanceUid: studyInstanceUid || this.resolvedStudyUid, seriesInstanceUid });
  }

  /** Makes viewport `index` (reading order) the active one. */
  activate(index: number): void {
    if (index >= 0 && index < this.#cellCount) this.active = index;
  }

  /**
   * What the viewer prints: the images of its viewports as laid out (the
   * layout's grid), or the study's key images, a few to a page: those of the
   * series its viewports show as shown there, then those of other series as
   * they first appear (read from their metadata).
   */
  #printJob(
    options: PrintOptions,
    reporter: FoveaViewport,
  ): { images: PrintJob; grid?: { rows: number; columns: number } } {
    const viewports = this.viewports;
    if (options.images === 'key-images') {
      const images = this.#keyImageJob(viewports, reporter);
      images.catch(() => undefined); // awaited, and reported, by the reporter's guard
      return { images };
    }
    const [rows, columns] = LAYOUT_SIZE[this.layout] ?? LAYOUT_SIZE['1x1'];
    return { images: viewports.flatMap((v) => v.results.printImages('layout')), grid: { rows, columns } };
  }

  async #keyImageJob(viewports: FoveaViewport[], reporter: FoveaViewport): Promise<PrintImage[]> {
    const seen = new Set<string>();
    const shown = viewports.filter((v) => v.results.ready);
    const images = shown
      .flatMap((v) => v.results.printImages('key-images'))
      .filter((image) => {
        const key = `${image.instance.sopInstanceUid}|${image.frame}`;
        return !seen.has(key) && seen.add(key) !== undefined;
      });
    const selection = this.#keyImages;
    const client = this.config?.client;
    if (!selection || !client) return images;
    await selection.load({ retry: true });
    const { unshownKeyImages } = await import('../results/print/unshown.js');
    const others = await unshownKeyImages(selection, new Set(shown.map((v) => v.seriesUid)), {
      client,
      init: reporter.results.renderingInit(),
      parent: reporter.renderRoot as ShadowRoot,
      locale: this.effectiveLocale,
    });
    return [...images, ...others];
  }

  /**
   * The viewport that reports a print's failures (the active one, else the
   * first); without one, the viewer reports it (`fovea-error`) and rejects.
   */
  #reporter(): FoveaViewport {
    const viewport = this.activeViewport ?? this.viewports[0];
    if (viewport) return viewport;
    const error = new ReportError('nothing', 'no viewport to print');
    this.reportError(error);
    throw error;
  }

  /**
   * Prints the layout as on screen (or, with `images: 'key-images'`, the key
   * images shown) through the browser's print dialog: each viewport rendered
   * again at print resolution, with its overlays, annotations and a scale bar
   * true on paper, under a header the options allow.
   */
  async print(options: PrintOptions = {}): Promise<void> {
    const reporter = this.#reporter();
    const { images, grid } = this.#printJob(options, reporter);
    return reporter.results.printImagesWithBrowser(images, options, grid);
  }

  /** The layout (or the key images) as a PDF Blob, as `print` lays it out. */
  async toPdf(options: PrintOptions = {}): Promise<Blob> {
    const reporter = this.#reporter();
    const { images, grid } = this.#printJob(options, reporter);
    return reporter.results.pdfBlobOf(images, options, grid);
  }

  /** Stores `toPdf`'s document in the study as an Encapsulated PDF; fires `fovea-store` (from the active viewport). */
  async storePdf(options: PrintOptions & EncapsulatedPdfOptions = {}): Promise<StoredObject> {
    const reporter = this.#reporter();
    const { images, grid } = this.#printJob(options, reporter);
    return reporter.results.storePdfOf(images, options, grid);
  }

  /** Stores the study's key images (flagged in any viewport) as a Key Object Selection document; fires `fovea-store`. */
  async storeKeyImages(options?: KeyImagesOptions): Promise<StoredObject> {
    return this.#reporter().storeKeyImages(options);
  }

  #onPrint = (): void => {
    this.print().catch(() => undefined); // reported by the viewport (fovea-error and its notice)
  };

  /** Enters or leaves full screen; resolves once the browser has done it (rejects when it refuses). */
  async toggleFullscreen(): Promise<void> {
    if (document.fullscreenElement === this) await document.exitFullscreen();
    else await this.requestFullscreen({ navigationUI: 'hide' });
  }

  get #cellCount(): number {
    const [rows, columns] = LAYOUT_SIZE[this.layout] ?? LAYOUT_SIZE['1x1'];
    return rows * columns;
  }

  /** The shared key image selection for `client` and the study shown (kept while both stay). */
  #keyImagesFor(client: DicomSource | undefined): KeyImageSelection | undefined {
    const study = this.resolvedStudyUid;
    if (!client || !study) return (this.#keyImages = undefined);
    if (this.#keyImages?.client !== client || this.#keyImages.studyInstanceUid !== study) {
      this.#keyImages = new KeyImageSelection(client, study);
    }
    return this.#keyImages;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const client = this.activeClient;
    const config = this.config;
    if (changed.has('studyUid') || changed.has('accessionNumber') || config?.client !== client) {
      // Sets resolvedStudyUid at once when study-uid is given: the key images below are that study's,
      // so the series browser, given that study in this update, never reads a selection of its own.
      void this.#resolveStudy(client);
    }
    const keyImages = this.#keyImagesFor(client);
    if (
      !config ||
      config.client !== client ||
      config.locale !== this.locale ||
      config.messages !== this.messages ||
      config.cacheBytes !== this.cacheBytes ||
      config.keyImages !== keyImages
    ) {
      this.config = { client, locale: this.locale, messages: this.messages, cacheBytes: this.cacheBytes, keyImages };
    }
    if (
      changed.has('hideSeries') &&
      this.hideSeries &&
      changed.get('hideSeries') !== undefined &&
      client &&
      this.resolvedStudyUid &&
      this.series.length === 0
    ) {
      void this.#searchSeries(client, this.resolvedStudyUid, (this.#resolve ??= new AbortController()).signal);
    }
    if (changed.has('layout')) {
      if (!LAYOUT_SIZE[this.layout]) this.layout = '1x1';
      this.cells = fillCells(this.cells, this.series, this.#cellCount);
      if (this.active >= this.#cellCount) this.active = 0;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const toolbar = this.renderRoot.querySelector('fovea-toolbar');
    if (toolbar) toolbar.viewport = this.activeViewport;
    if (changed.has('layout') && changed.get('layout') !== undefined) {
      emit(this, 'fovea-layout-change', { layout: this.layout });
    }
  }

  async #resolveStudy(client: DicomSource | undefined): Promise<void> {
    this.#resolve?.abort();
    const controller = new AbortController();
    this.#resolve = controller;
    this.series = [];
    this.cells = [];
    this.active = 0;
    this.#syncing.lead(-1);
    if (!client || (!this.studyUid && !this.accessionNumber)) {
      this.resolvedStudyUid = '';
      this.studyState = 'idle';
      return;
    }
    if (this.studyUid) {
      this.resolvedStudyUid = this.studyUid;
      this.studyState = 'ready';
      if (this.hideSeries) void this.#searchSeries(client, this.studyUid, controller.signal);
      return;
    }
    this.resolvedStudyUid = '';
    this.studyState = 'resolving';
    try {
      const [study] = await client.searchStudies(
        { AccessionNumber: this.accessionNumber },
        { signal: controller.signal, limit: 1 },
      );
      if (controller.signal.aborted) return;
      if (!study) {
        this.studyState = 'not-found';
        this.reportError(new FoveaError('unsupported', 'no study has the accession number'), {
          code: 'not-found',
          messageId: 'viewer.notFound',
        });
        return;
      }
      this.resolvedStudyUid = study.studyInstanceUid;
      this.studyState = 'ready';
      if (this.hideSeries) void this.#searchSeries(client, study.studyInstanceUid, controller.signal);
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) return;
      this.studyState = 'error';
      this.reportError(error);
    }
  }

  /** Without thumbnails nothing else finds the series: search them here. */
  async #searchSeries(client: DicomSource, studyUid: string, signal: AbortSignal): Promise<void> {
    try {
      const series = sortSeries(await searchStudySeries(client, studyUid, signal));
      if (signal.aborted || studyUid !== this.resolvedStudyUid) return;
      this.#seriesFound({ studyInstanceUid: studyUid, series });
      emit(this, 'fovea-series-load', { studyInstanceUid: studyUid, series });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.reportError(error);
    }
  }

  #m(id: MessageId, params: Record<string, string | number> = {}): string {
    return message(id, params, this.messages);
  }

  /** The study's series are known (from the thumbnails, or the viewer's own search). */
  #seriesFound({ studyInstanceUid, series }: SeriesLoadDetail): void {
    if (studyInstanceUid !== this.resolvedStudyUid) return;
    this.series = series;
    // Basic Image Review's default view: the first image series, in order, in the empty viewports.
    this.cells = fillCells(this.cells, this.series, this.#cellCount);
  }

  #onSeriesSelect = (event: CustomEvent<{ series: Series }>): void => {
    // SR, PDF and other non-image series go to the viewport too: it says it cannot show them.
    const { series } = event.detail;
    this.#assign(this.active, {
      studyInstanceUid: series.studyInstanceUid || this.resolvedStudyUid,
      seriesInstanceUid: series.seriesInstanceUid,
    });
  };

  #assign(cell: number, value: SeriesCell): void {
    if (cell < 0 || cell >= this.#cellCount) return;
    const cells = cellsOf(this.cells, this.#cellCount);
    cells[cell] = value;
    this.cells = cells;
    this.active = cell;
  }

  /** Marks a viewport as the one a person is working in (pointer, wheel, touch or key). */
  #lead(index: number, activate: boolean): void {
    this.#syncing.lead(index);
    if (activate && this.active !== index) this.active = index;
  }

  #toggleSync(kind: SyncKind): void {
    this.sync = this.sync.includes(kind) ? this.sync.filter((k) => k !== kind) : [...this.sync, kind];
    // Line the others up with the active viewport at once.
    this.#syncing.lineUp(kind, this.active);
  }

  #onFullscreenChange = (): void => {
    this.fullscreen = document.fullscreenElement === this;
  };

  #onDragOver(index: number, event: DragEvent): void {
    if (!event.dataTransfer?.types.includes(SERIES_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropTarget = index;
  }

  #onDrop(index: number, event: DragEvent): void {
    this.dropTarget = -1;
    const raw = event.dataTransfer?.getData(SERIES_DRAG_TYPE);
    if (!raw) return;
    event.preventDefault();
    try {
      const data = JSON.parse(raw) as Partial<SeriesDragData>;
      if (typeof data.seriesInstanceUid !== 'string' || typeof data.studyInstanceUid !== 'string') return;
      this.#assign(index, { studyInstanceUid: data.studyInstanceUid, seriesInstanceUid: data.seriesInstanceUid });
    } catch {
      // Not our payload: ignore.
    }
  }

  #renderControls() {
    return controlsTemplate({
      layouts: VIEWER_LAYOUTS,
      layout: this.layout,
      size: (layout) => LAYOUT_SIZE[layout],
      syncKinds: SYNC_KINDS,
      sync: this.sync,
      canSync: this.#cellCount >= 2,
      canPrint: this.studyState === 'ready',
      fullscreen: this.fullscreen,
      m: (id, params) => this.#m(id, params),
      setLayout: (layout) => (this.layout = layout),
      toggleSync: (kind) => this.#toggleSync(kind),
      print: this.#onPrint,
      toggleFullscreen: () => void this.toggleFullscreen().catch(() => undefined),
    });
  }

  protected override render() {
    const [rows, columns] = LAYOUT_SIZE[this.layout] ?? LAYOUT_SIZE['1x1'];
    const cells = cellsOf(this.cells, rows * columns);
    const active = this.cells[this.active];
    return html`<div part="panel">
      <div part="header">
        <fovea-toolbar part="toolbar" .messages=${this.messages}>${this.#renderControls()}</fovea-toolbar>
      </div>
      ${
        this.hideSeries
          ? nothing
          : html`<fovea-series-browser
              part="series-browser"
              .studyUid=${this.resolvedStudyUid}
              .selectedSeriesUid=${active?.seriesInstanceUid ?? ''}
              @fovea-series-load=${(e: CustomEvent<SeriesLoadDetail>) => this.#seriesFound(e.detail)}
              @fovea-series-select=${this.#onSeriesSelect}
            ></fovea-series-browser>`
      }
      <div
        part="layout"
        role="group"
        aria-label=${this.#m('viewer.viewports')}
        style=${styleProps({ '--_rows': rows, '--_columns': columns })}
      >
        ${
          this.studyState === 'ready'
            ? repeat(
                cells,
                (_, index) => index,
                (cell, index) =>
                  html`<div
                    part="cell${index === this.active ? ' active' : ''}"
                    data-index=${index}
                    ?data-drop=${this.dropTarget === index}
                    @pointerdown=${() => this.#lead(index, true)}
                    @mousedown=${() => this.#lead(index, true)}
                    @focusin=${() => this.#lead(index, true)}
                    @wheel=${() => this.#lead(index, false)}
                    @keydown=${() => this.#lead(index, false)}
                    @touchstart=${() => this.#lead(index, true)}
                    @dragover=${(e: DragEvent) => this.#onDragOver(index, e)}
                    @dragleave=${() => (this.dropTarget = -1)}
                    @drop=${(e: DragEvent) => this.#onDrop(index, e)}
                  >
                    <fovea-viewport
                      part="viewport"
                      .studyUid=${cell?.studyInstanceUid ?? ''}
                      .seriesUid=${cell?.seriesInstanceUid ?? ''}
                      .activeTools=${this.tools}
                      .rendering=${this.rendering}
                      aria-current=${index === this.active ? 'true' : 'false'}
                      @fovea-tool-change=${(e: CustomEvent<{ tools: ToolBindings }>) => (this.tools = e.detail.tools)}
                      @fovea-image-change=${(e: CustomEvent<ImageChangeDetail>) => this.#syncing.followImage(index, e.detail)}
                      @fovea-voi-change=${(e: CustomEvent<VoiChangeDetail>) => this.#syncing.followVoi(index, e.detail)}
                      @fovea-view-change=${(e: CustomEvent<Presentation>) => this.#syncing.followView(index, e.detail)}
                    ></fovea-viewport>
                  </div>`,
              )
            : statusTemplate(this.studyState, (id) => this.#m(id))
        }
      </div>
    </div>`;
  }
}
