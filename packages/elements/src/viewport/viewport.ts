import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  createDicomWebClient,
  FoveaError,
  formatPersonName,
  imageReferences,
  isAbortError,
  isCrossSectional,
  type DicomWebClient,
  type GetAuthorization,
  type ImageReference,
} from '@fovea/core';
import { emit } from '../events.js';
import { message, type MessageId, type Messages } from '../internal/messages.js';
import type { RenderingMode, RenderingModule, StackRenderer, Voi } from './rendering-types.js';
import { viewportStyles } from './viewport.styles.js';

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** Default cap of the decoded-image cache: fits a few CT series on a 8 GB laptop. */
export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

let renderingModule: Promise<RenderingModule> | undefined;
function loadRendering(): Promise<RenderingModule> {
  renderingModule ??= import('./cornerstone/adapter.js').then((m) => m.rendering);
  return renderingModule;
}

/**
 * Shows one series from a DICOMweb server: the default image first, the rest
 * loaded outward from it.
 *
 * @summary A DICOM image viewport.
 *
 * @fires fovea-image-change - The image on screen changed. Detail: {@link ImageChangeDetail}.
 * @fires fovea-voi-change - The window (VOI) changed. Detail: {@link VoiChangeDetail}.
 * @fires fovea-load-progress - More images of the stack are loaded. Detail: {@link LoadProgressDetail}.
 * @fires fovea-error - Loading or decoding failed. Detail: {@link ErrorDetail}.
 *
 * @slot top-left - Replaces the top-left overlay text.
 * @slot top-right - Replaces the top-right overlay text.
 * @slot bottom-left - Replaces the bottom-left overlay text.
 * @slot bottom-right - Replaces the bottom-right overlay text.
 *
 * @csspart canvas - The element the image is drawn in.
 * @csspart overlay - The layer of overlay text.
 * @csspart corner - Each corner of overlay text (also `top-left`, `top-right`, `bottom-left`, `bottom-right`).
 * @csspart status - The loading, empty or error message.
 * @csspart progress - The load progress bar.
 *
 * @cssprop --fovea-viewport-background - Background behind the image.
 * @cssprop --fovea-viewport-text-color - Overlay text colour.
 * @cssprop --fovea-viewport-font - Overlay font.
 * @cssprop --fovea-focus-ring-color - Focus ring colour.
 */
export class FoveaViewport extends LitElement {
  static override styles = viewportStyles;

  /** DICOMweb service root; used when no `client` is given. */
  @property({ attribute: 'dicomweb-root' }) dicomwebRoot = '';

  /** The DICOMweb client to load with (overrides `dicomweb-root`). */
  @property({ attribute: false }) client: DicomWebClient | undefined;

  /** Supplies the Authorization header for every request, images included (with `dicomweb-root`). */
  @property({ attribute: false }) getAuthorization: GetAuthorization | undefined;

  /** Study Instance UID of the series to show. */
  @property({ attribute: 'study-uid' }) studyUid = '';

  /** Series Instance UID of the series to show. */
  @property({ attribute: 'series-uid' }) seriesUid = '';

  /** The images to show, as references from `@fovea/core` (instead of study and series UIDs). */
  @property({ attribute: false }) references: readonly ImageReference[] | undefined;

  /** 0-based index of the image on screen; -1 picks the default (first, or middle of a cross-sectional stack). */
  @property({ type: Number, attribute: 'image-index', reflect: true }) imageIndex = -1;

  /** Rendering mode; the first viewport on a page decides it for the page. */
  @property({ reflect: true }) rendering: RenderingMode = 'auto';

  /** Show the four-corner overlay text. */
  @property({ type: Boolean, attribute: 'overlays' }) overlays = true;

  /** Cap of the decoded-image cache in bytes (page-wide; the first viewport sets it). */
  @property({ type: Number, attribute: 'cache-bytes' }) cacheBytes = DEFAULT_CACHE_BYTES;

  /** Replacement UI strings (localisation). */
  @property({ attribute: false }) messages: Messages = {};

  @state() private status: Status = 'idle';
  @state() private errorId: MessageId | undefined;
  @state() private total = 0;
  @state() private loaded = 0;
  @state() private voi: Voi | undefined;

  @query('[part="canvas"]') private canvasHost!: HTMLDivElement;

  #renderer: StackRenderer | undefined;
  #rendererPromise: Promise<StackRenderer> | undefined;
  #load: AbortController | undefined;
  #references: readonly ImageReference[] = [];
  #ownClient: DicomWebClient | undefined;
  #resizeObserver: ResizeObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'img');
    this.setAttribute('aria-roledescription', 'medical image');
    this.addEventListener('keydown', this.#onKeyDown);
    this.#resizeObserver = new ResizeObserver(() => this.#renderer?.resize());
    this.#resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.#onKeyDown);
    this.#resizeObserver?.disconnect();
    this.#load?.abort();
    this.#renderer?.destroy();
    this.#renderer = undefined;
    this.#rendererPromise = undefined;
  }

  /** The client in use: `client`, else one made from `dicomweb-root`. */
  get activeClient(): DicomWebClient | undefined {
    if (this.client) return this.client;
    if (!this.dicomwebRoot) return undefined;
    if (this.#ownClient?.root !== this.dicomwebRoot.replace(/\/+$/, '')) {
      this.#ownClient = createDicomWebClient({
        root: this.dicomwebRoot,
        getAuthorization: (context) => this.getAuthorization?.(context),
      });
    }
    return this.#ownClient;
  }

  /** The effective rendering mode once the first image is shown. */
  get renderingMode(): 'gpu' | 'cpu' | undefined {
    return this.#renderer?.mode;
  }

  /** The canvas the image is drawn on (for tests and export). */
  get canvas(): HTMLCanvasElement | undefined {
    return this.#renderer?.canvas();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      changed.has('references') ||
      changed.has('studyUid') ||
      changed.has('seriesUid') ||
      changed.has('client') ||
      changed.has('dicomwebRoot')
    ) {
      void this.#loadSeries();
    } else if (changed.has('imageIndex') && this.status === 'ready' && this.imageIndex >= 0) {
      void this.#renderer?.setImageIndex(this.imageIndex);
    }
  }

  /** Resets window, zoom and pan to the image's defaults. */
  reset(): void {
    this.#renderer?.reset();
  }

  async #ensureRenderer(): Promise<StackRenderer> {
    this.#rendererPromise ??= (async () => {
      await this.updateComplete;
      const module = await loadRendering();
      const renderer = await module.createStackRenderer(
        this.canvasHost,
        { mode: this.rendering, cacheBytes: this.cacheBytes },
        {
          imageRendered: (index) => this.#onImageRendered(index),
          voiChanged: (voi) => {
            this.voi = voi;
            emit(this, 'fovea-voi-change', voi);
          },
          loadProgress: (loaded, total) => {
            this.loaded = loaded;
            emit(this, 'fovea-load-progress', { loaded, total });
          },
          error: (error) => this.#reportError(error, false),
        },
      );
      this.#renderer = renderer;
      return renderer;
    })();
    return this.#rendererPromise;
  }

  async #loadSeries(): Promise<void> {
    this.#load?.abort();
    const controller = new AbortController();
    this.#load = controller;
    const client = this.activeClient;
    const { signal } = controller;
    if (!client || (!this.references && !(this.studyUid && this.seriesUid))) {
      this.status = 'idle';
      this.total = 0;
      return;
    }
    this.status = 'loading';
    this.errorId = undefined;
    this.loaded = 0;
    try {
      const references =
        this.references ??
        imageReferences(client, await client.retrieveSeriesMetadata(this.studyUid, this.seriesUid, { signal }));
      signal.throwIfAborted();
      if (references.length === 0) throw new FoveaError('unsupported', 'series has no image');
      this.#references = references;
      this.total = references.length;
      const instances = [...new Set(references.map((r) => r.instance))];
      const requested = this.imageIndex;
      const index =
        requested >= 0 && requested < references.length
          ? requested
          : isCrossSectional(instances)
            ? Math.floor((references.length - 1) / 2)
            : 0;
      const renderer = await this.#ensureRenderer();
      signal.throwIfAborted();
      await renderer.setStack(client, references, index, signal);
      if (signal.aborted) return;
      this.status = 'ready';
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.#reportError(error, true);
    }
  }

  #reportError(error: unknown, fatal: boolean): void {
    const code = error instanceof FoveaError ? error.code : 'decode';
    const id = `error.${code}` as MessageId;
    const text = message(id, {}, this.messages);
    if (fatal) {
      this.status = 'error';
      this.errorId = id;
    }
    emit(this, 'fovea-error', {
      error: error instanceof Error ? error : new Error(String(error)),
      code,
      message: text,
    });
  }

  #onImageRendered(index: number): void {
    if (this.imageIndex !== index) this.imageIndex = index;
    this.status = 'ready';
    this.requestUpdate();
    emit(this, 'fovea-image-change', { index, total: this.total });
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    if (this.status !== 'ready' || this.total === 0) return;
    const current = Math.max(0, this.imageIndex);
    const page = Math.max(1, Math.round(this.total / 10));
    const target: Record<string, number> = {
      ArrowUp: current - 1,
      ArrowLeft: current - 1,
      ArrowDown: current + 1,
      ArrowRight: current + 1,
      PageUp: current - page,
      PageDown: current + page,
      Home: 0,
      End: this.total - 1,
    };
    const next = target[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.imageIndex = Math.min(this.total - 1, Math.max(0, next));
  };

  protected override updated(): void {
    const label =
      this.status === 'ready'
        ? message('imageLabel', { index: this.imageIndex + 1, total: this.total }, this.messages)
        : this.status === 'error' && this.errorId
          ? message(this.errorId, {}, this.messages)
          : message(this.status === 'loading' ? 'loading' : 'noSeries', {}, this.messages);
    if (this.getAttribute('aria-label') !== label) this.setAttribute('aria-label', label);
  }

  #overlay() {
    if (!this.overlays || this.status !== 'ready') return nothing;
    const instance = this.#references[Math.max(0, this.imageIndex)]?.instance;
    const name = formatPersonName(instance?.patientName);
    const voi = this.voi ? `W ${Math.round(this.voi.width)} L ${Math.round(this.voi.center)}` : '';
    return html`<div part="overlay" aria-hidden="true">
      <div part="corner top-left"><slot name="top-left">${name} ${instance?.patientId ?? ''}</slot></div>
      <div part="corner top-right">
        <slot name="top-right">${instance?.studyDescription ?? ''} ${instance?.seriesDescription ?? ''}</slot>
      </div>
      <div part="corner bottom-left"><slot name="bottom-left">${`Im ${this.imageIndex + 1}/${this.total}`}</slot></div>
      <div part="corner bottom-right"><slot name="bottom-right">${voi}</slot></div>
    </div>`;
  }

  protected override render() {
    const statusText =
      this.status === 'loading'
        ? message('loading', {}, this.messages)
        : this.status === 'error' && this.errorId
          ? message(this.errorId, {}, this.messages)
          : this.status === 'idle'
            ? message('noSeries', {}, this.messages)
            : '';
    return html`
      <div part="canvas" ?hidden=${this.status === 'error'}></div>
      ${this.#overlay()}
      ${
        statusText
          ? html`<div part="status" data-kind=${this.status} role=${this.status === 'error' ? 'alert' : 'status'}>
              ${statusText}
            </div>`
          : nothing
      }
      ${
        this.status === 'ready' && this.total > 1 && this.loaded < this.total
          ? html`<div part="progress" style="width:${(100 * this.loaded) / this.total}%"></div>`
          : nothing
      }
    `;
  }
}
