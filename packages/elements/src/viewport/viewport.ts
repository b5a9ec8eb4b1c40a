import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleProps } from '../internal/style-props.js';
import {
  createDicomWebClient,
  FoveaError,
  imageReferences,
  isAbortError,
  isCrossSectional,
  type DicomSource,
  type Frame,
  type ImageReference,
  type VoiLutPreset,
  type WindowPreset,
} from '@fovea-dicom/core';
import { emit } from '../events.js';
import { DEFAULT_CACHE_BYTES } from '../internal/config.js';
import { addDefaultMessages, message, type MessageId } from '../internal/messages.js';
import { VIEWING_MESSAGES } from '../internal/catalogue/viewing.js';
import { errorMessageId } from '../internal/errors.js';
import { clientMaker, DicomWebSourceMixin } from '../internal/source.js';
import { CineController } from './cine.js';
import { exportPng, svgImage } from './export.js';
import {
  measurementsJson,
  parseMeasurements,
  type Measurement,
  type MeasurementImage,
  type MeasurementsJson,
} from '../model/measurements.js';
import { DEFAULT_TOOL_BINDINGS, type MouseButton, type ToolBindings, type ToolName } from '../model/tools.js';
import { assertToolBinding } from '../model/tools.js';
import { imagePlane, nearestPlaneIndex, type ImagePlane } from '../model/image-plane.js';
import { cornerLines, overlayTemplate, type OverlayState } from './overlay.js';
import type { PixelValues, Presentation, RenderingMode, ScreenAxes, Voi } from '../model/presentation.js';
import type { StackRenderer } from '../rendering/types.js';
import { viewportStyles } from './viewport.styles.js';
import { loadRendering, renderingStats } from '../rendering/loader.js';
import { ViewportResults, type MeasurementReportsMode, type ReportSummary } from '../results/viewport-results.js';
import { resultsStyles } from '../results/results.styles.js';
import type { MeasurementReportOptions } from '../results/sr-write.js';
import type { KeyImage } from '../results/key-images.js';
import type { KeyImagesOptions } from '../results/kos.js';
import type { StoredObject } from '../results/study-documents.js';
import type { PrintOptions } from '../results/print/document.js';
import type { EncapsulatedPdfOptions } from '../results/encapsulated-pdf.js';

addDefaultMessages(VIEWING_MESSAGES);

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** The load progress bar changes at most this often (ms). */
const PROGRESS_MS = 250;

export { DEFAULT_CACHE_BYTES };

export { renderingStats };

/**
 * Shows one series from a DICOMweb server: the default image first, the rest
 * loaded outward from it.
 *
 * VOI (how modality values become greys): the header's windows (Window Center
 * / Width, `voiPresets`) and VOI LUTs (VOI LUT Sequence, `voiLutPresets`) are
 * all selectable. By default an image with a VOI LUT shows its first LUT,
 * else its first window. PS3.3 C.11.2 lets a viewer apply either when both
 * are present; the LUT is the specific, deliberately built transform (a
 * window alongside it is usually its linear approximation for viewers without
 * LUT support), and it is what pydicom's `apply_voi_lut` (`prefer_lut`) and
 * Cornerstone's legacy viewport apply by default. Setting `window-center` /
 * `window-width`, a window preset, or dragging the window replaces the LUT;
 * `applyVoiLutPreset` brings a LUT back and `reset()` the default.
 *
 * @summary A DICOM image viewport.
 *
 * @fires fovea-image-change - The image on screen changed. Detail: {@link ImageChangeDetail}.
 * @fires fovea-voi-change - The window (VOI) changed. Detail: {@link VoiChangeDetail}.
 * @fires fovea-view-change - Zoom, pan, rotation or flips changed. Detail: {@link Presentation}.
 * @fires fovea-load-progress - More images of the stack are loaded. Detail: {@link LoadProgressDetail}.
 * @fires fovea-rendering-change - The viewport moved to the CPU path (its WebGL context was lost) and shows its image again there. Detail: {@link RenderingChangeDetail}.
 * @fires fovea-error - Loading or decoding failed. Detail: {@link ErrorDetail}.
 * @fires fovea-measurement-add - A measurement was drawn. Detail: {@link MeasurementDetail}.
 * @fires fovea-measurement-change - A measurement was edited or got its statistics. Detail: {@link MeasurementDetail}.
 * @fires fovea-measurement-remove - A measurement was deleted on screen. Detail: {@link MeasurementDetail}.
 * @fires fovea-tool-change - `setTool` changed the tools on the mouse buttons. Detail: {@link ToolChangeDetail}.
 * @fires fovea-store - A measurement report, key image selection or PDF was stored in the archive (the new instance's UIDs). Detail: {@link StoreDetail}.
 * @fires fovea-reports-found - Measurement reports (TID 1500 SR) exist for the images of the series shown. Detail: {@link ReportsFoundDetail}.
 * @fires fovea-report-load - A measurement report's measurements are drawn. Detail: {@link ReportLoadDetail}.
 * @fires fovea-key-image-change - An image was flagged or unflagged as a key image. Detail: {@link KeyImageChangeDetail}.
 *
 * @slot top-left - Replaces the top-left overlay text (patient).
 * @slot top-right - Replaces the top-right overlay text (study and series).
 * @slot bottom-left - Replaces the bottom-left overlay text (image and position).
 * @slot bottom-right - Replaces the bottom-right overlay text (window and zoom).
 *
 * @csspart canvas - The element the image is drawn in.
 * @csspart overlay - The overlay layer.
 * @csspart corner - Each corner of overlay text (also `top-left`, `top-right`, `bottom-left`, `bottom-right`).
 * @csspart orientation - Each orientation marker (also `orientation-top`, `-bottom`, `-left`, `-right`).
 * @csspart scale-bar - The scale bar; `scale-label` is its length.
 * @csspart status - The loading, empty or error message.
 * @csspart progress - The load progress bar.
 * @csspart results - The notice of measurement reports found (the toolbar's report button shows one), documents stored, or a failure to store or show one.
 * @csspart key-image - The flag of an image that is a key image.
 *
 * @cssprop --fovea-viewport-background - Background behind the image.
 * @cssprop --fovea-viewport-text-color - Overlay text colour.
 * @cssprop --fovea-viewport-font - Overlay font.
 * @cssprop --fovea-focus-ring-color - Focus ring colour.
 */
export class FoveaViewport extends DicomWebSourceMixin(LitElement, clientMaker<DicomSource>(createDicomWebClient)) {
  static override styles = [viewportStyles, resultsStyles];

  /** Study Instance UID of the series to show. */
  @property({ attribute: 'study-uid' }) studyUid = '';

  /** Series Instance UID of the series to show. */
  @property({ attribute: 'series-uid' }) seriesUid = '';

  /** The images to show, as references from `@fovea-dicom/core` (instead of study and series UIDs). */
  @property({ attribute: false }) references: readonly ImageReference[] | undefined;

  /** 0-based index of the image on screen; -1 picks the default (first, or middle of a cross-sectional stack). */
  @property({ type: Number, attribute: 'image-index', reflect: true }) imageIndex = -1;

  /** Window centre; with `window-width` overrides the header's window. */
  @property({ type: Number, attribute: 'window-center' }) windowCenter: number | undefined;

  /** Window width; with `window-center` overrides the header's window. */
  @property({ type: Number, attribute: 'window-width' }) windowWidth: number | undefined;

  /** Show the image inverted (MONOCHROME1 images are shown inverted already, as the standard says). */
  @property({ type: Boolean, reflect: true }) invert = false;

  /** Clockwise rotation in degrees. */
  @property({ type: Number }) rotation: 0 | 90 | 180 | 270 = 0;

  /** Mirror left-right. */
  @property({ type: Boolean, attribute: 'flip-horizontal' }) flipHorizontal = false;

  /** Mirror top-bottom. */
  @property({ type: Boolean, attribute: 'flip-vertical' }) flipVertical = false;

  /** Zoom factor; 1 fits the image to the viewport. */
  @property({ type: Number }) zoom = 1;

  /** Pan from the fitted position, in CSS pixels. */
  @property({ attribute: false }) pan: readonly [number, number] = [0, 0];

  /** Cine frame rate; 0 uses the header's (FrameTime, CineRate) or 15. */
  @property({ type: Number }) fps = 0;

  /**
   * Rendering mode; the first viewport on a page decides it for the page. `auto`: the page's
   * `<meta name="fovea-rendering" content="gpu|cpu">` if it has one, else WebGL unless the browser
   * has none or only a software rasterizer (a machine or virtual desktop without a GPU), where the
   * CPU path draws faster.
   */
  @property({ reflect: true }) rendering: RenderingMode = 'auto';

  /** Show the four-corner overlay text. */
  @property({ type: Boolean, attribute: 'overlays' }) overlays = true;

  /** Show orientation markers (from ImageOrientationPatient). */
  @property({ type: Boolean, attribute: 'orientation-markers' }) orientationMarkers = true;

  /** Show a scale bar (from PixelSpacing). */
  @property({ type: Boolean, attribute: 'scale-bar' }) scaleBar = true;

  /**
   * Cap of the decoded-image cache in bytes (page-wide; the first viewport sets it);
   * else the enclosing viewer's, else {@link DEFAULT_CACHE_BYTES}.
   */
  @property({ type: Number, attribute: 'cache-bytes' }) cacheBytes: number | undefined;

  /** The tool on each mouse button (one-finger touch follows `primary`); the wheel scrolls, pinch zooms. */
  @property({ attribute: false }) activeTools: ToolBindings = { ...DEFAULT_TOOL_BINDINGS };

  /**
   * Measurement reports (TID 1500 SR) of the series shown: `offer` them in a
   * notice (default), `show` the newest at once, or `off` (not looked for).
   */
  @property({ attribute: 'measurement-reports' }) measurementReports: MeasurementReportsMode = 'offer';

  /** Asks for the label of a new arrow annotation; the default asks with `prompt()`. Empty cancels the arrow. */
  @property({ attribute: false }) annotationText: () => Promise<string | undefined> | string | undefined = () =>
    prompt(message('arrowLabel', {}, this.effectiveMessages)) ?? undefined;

  @state() private status: Status = 'idle';
  @state() private errorId: MessageId | undefined;
  @state() private total = 0;
  @state() private loaded = 0;
  @state() private voi: Voi | undefined;
  /** The VOI LUT on screen (its index in the VOI LUT Sequence), undefined while a window applies. */
  @state() private voiLutIndex: number | undefined;
  @state() private view: Presentation | undefined;
  /** The image asked to be on screen that failed, and the message explaining it; cleared by the next image shown. */
  @state() private failedImage: { index: number; messageId: MessageId } | undefined;

  @query('[part="canvas"]') private canvasHost!: HTMLDivElement;

  readonly #cine = new CineController(this, (index) => (this.imageIndex = index));
  #renderer: StackRenderer | undefined;
  #rendererPromise: Promise<StackRenderer> | undefined;
  #load: AbortController | undefined;
  #references: readonly ImageReference[] = [];
  #planes: (ImagePlane | undefined)[] | undefined;
  #loadedClient: DicomSource | undefined;
  readonly #results = new ViewportResults(this, {
    references: () => this.#references,
    overlay: (index) => ({ ...this.#overlayState(), index, instance: this.#references[index]?.instance }),
    renderingInit: () => ({
      mode: this.rendering,
      cacheBytes: this.cacheBytes ?? this.config?.cacheBytes ?? DEFAULT_CACHE_BYTES,
    }),
    ready: () => this.status === 'ready',
    sharedKeyImages: () => this.config?.keyImages,
  });
  /** The VOI LUT chosen with applyVoiLutPreset (its index in the VOI LUT Sequence), until a window replaces it. */
  #voiLutChoice: number | undefined;
  #resizeObserver: ResizeObserver | undefined;
  /** Images loaded so far; `loaded` (what is drawn) follows it at most once per frame. */
  #loadedNow = 0;
  #progressFrame = 0;
  #progressTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the progress bar last changed (performance.now()). */
  #progressShownAt = 0;
  /** Counts disconnections: a renderer whose creation spans one is destroyed. */
  #rendererEpoch = 0;
  /**
   * The screen axes and scale of the image on screen, for the orientation
   * markers and the scale bar: read from the renderer when the view may have
   * changed, not on every render (reading the scale lays the page out).
   */
  #axes: ScreenAxes | undefined;
  #cssPixelsPerMm: number | undefined;
  /** The image index last handed to the renderer (or taken from it). */
  #sentIndex = -1;
  /** The window and view last reported by `fovea-voi-change` and `fovea-view-change`. */
  #reportedVoi: Voi | undefined;
  #reportedView: Presentation | undefined;
  /** The pending start of the renderer once the page is idle after connect. */
  #preload: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'img');
    this.setAttribute('aria-roledescription', 'medical image');
    this.addEventListener('keydown', this.#onKeyDown);
    this.addEventListener('pointerdown', this.#onPointerDown);
    this.#resizeObserver = new ResizeObserver(() => {
      this.#renderer?.resize();
      this.#syncView();
    });
    this.#resizeObserver.observe(this);
    this.#watchPixelRatio();
    this.#schedulePreload();
    // Reconnected after a move: load again.
    if (this.hasUpdated) void this.#loadSeries();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.#onKeyDown);
    this.removeEventListener('pointerdown', this.#onPointerDown);
    this.#resizeObserver?.disconnect();
    this.#pixelRatio?.removeEventListener('change', this.#onPixelRatioChange);
    this.#pixelRatio = undefined;
    cancelAnimationFrame(this.#progressFrame);
    this.#progressFrame = 0;
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
    this.#preload?.();
    this.#preload = undefined;
    this.#load?.abort();
    this.#renderer?.destroy();
    this.#renderer = undefined;
    this.#rendererPromise = undefined;
    this.#rendererEpoch++;
    this.status = 'idle';
  }

  /**
   * The effective rendering mode once the renderer has started: `cpu` after a
   * lost WebGL context moved the viewport there (`fovea-rendering-change`).
   */
  get renderingMode(): 'gpu' | 'cpu' | undefined {
    return this.#renderer?.mode;
  }

  /** The canvas the image is drawn on. */
  get canvas(): HTMLCanvasElement | undefined {
    return this.#renderer?.canvas();
  }

  /** Number of images in the stack. */
  get imageCount(): number {
    return this.total;
  }

  /** Number of images of the stack loaded so far. */
  get loadedImageCount(): number {
    return this.#loadedNow;
  }

  /** The window presets of the current image's header (all of them, in header order). */
  get voiPresets(): WindowPreset[] {
    return this.#references[Math.max(0, this.imageIndex)]?.instance.windows ?? [];
  }

  /**
   * The VOI LUTs of the current image's header (its VOI LUT Sequence, in
   * header order); name them by `explanation`, else "VOI LUT n".
   */
  get voiLutPresets(): VoiLutPreset[] {
    return this.#references[Math.max(0, this.imageIndex)]?.instance.voiLuts ?? [];
  }

  /** The header VOI LUT on screen; undefined while a window applies. */
  get currentVoiLut(): VoiLutPreset | undefined {
    const index = this.voiLutIndex;
    return index === undefined ? undefined : this.voiLutPresets.find((p) => p.index === index);
  }

  /** Zoom, pan, rotation and flips in use; undefined before the first image. */
  get currentPresentation(): Presentation | undefined {
    return this.view;
  }

  /** The window in use; while a VOI LUT applies, the LUT's input range as centre and width. */
  get currentVoi(): Voi | undefined {
    return this.voi;
  }

  /** Modality of the image on screen (e.g. `CT`), for modality window presets. */
  get modality(): string | undefined {
    return this.#references[Math.max(0, this.imageIndex)]?.instance.modality;
  }

  /**
   * Where image `index` (the one on screen by default) lies in patient space,
   * from its header; undefined without position and orientation.
   */
  imagePlane(index = this.imageIndex): ImagePlane | undefined {
    const reference = this.#references[index];
    // Multi-frame objects keep per-frame positions in functional groups: not matched (yet).
    return reference && !reference.instance.isMultiframe ? imagePlane(reference.instance) : undefined;
  }

  /**
   * The index of this stack's image nearest to `plane` along its normal, when
   * both share a frame of reference and are parallel; else undefined.
   */
  nearestImageIndex(plane: ImagePlane): number | undefined {
    this.#planes ??= this.#references.map((_, index) => this.imagePlane(index));
    return nearestPlaneIndex(this.#planes, plane);
  }

  /**
   * Puts `tool` on `button` (left by default) and fires `fovea-tool-change`.
   * A tool or button that does not exist throws a `FoveaError` with code `invalid-argument`.
   */
  setTool(tool: ToolName, button: MouseButton = 'primary'): void {
    assertToolBinding(tool, button);
    this.activeTools = { ...this.activeTools, [button]: tool };
    emit(this, 'fovea-tool-change', { tools: this.activeTools });
  }

  /** The measurements on this viewport's images, as JSON-safe objects to store (`JSON.stringify` them). */
  getMeasurements(): MeasurementsJson {
    return measurementsJson(this.#renderer?.measurements() ?? []);
  }

  /**
   * Replaces the measurements with stored ones (the object or its JSON string);
   * returns those whose image is not in the stack. Throws a TypeError on malformed input.
   * Statistics and probe values are recomputed from the pixels, never taken from the JSON:
   * they arrive as `fovea-measurement-change` when each measurement's image is next drawn.
   */
  setMeasurements(json: string | MeasurementsJson): Measurement[] {
    const list = parseMeasurements(json);
    if (!this.#renderer || this.status !== 'ready') throw new FoveaError('unsupported', 'no image on screen');
    return this.#renderer.setMeasurements(list);
  }

  /** The annotations alone as an SVG document, the size of the viewport. */
  toSvg(): string {
    const svg = this.status === 'ready' ? this.#renderer?.annotationsSvg() : undefined;
    if (!svg) throw new FoveaError('unsupported', 'no image on screen');
    return svg;
  }

  /** The image on screen: its study, series and SOP Instance UIDs and 1-based frame; undefined before the first. */
  get currentImage(): MeasurementImage | undefined {
    const reference = this.status === 'ready' ? this.#references[Math.max(0, this.imageIndex)] : undefined;
    return reference
      ? {
          studyInstanceUid: reference.studyInstanceUid,
          seriesInstanceUid: reference.seriesInstanceUid,
          sopInstanceUid: reference.sopInstanceUid,
          frame: reference.frame,
        }
      : undefined;
  }

  /** Measurement reports (TID 1500 SR) found on the images of the series shown, newest first. */
  get foundReports(): readonly ReportSummary[] {
    return this.#results.reports;
  }

  /**
   * Stores the measurements as a DICOM SR (TID 1500 Measurement Report) in the
   * study, through this viewport's client (STOW-RS); fires `fovea-store` with
   * the new instance's UIDs. Rejects (and fires `fovea-error`) when there is no
   * measurement or the server refuses it.
   */
  storeMeasurementReport(options?: MeasurementReportOptions): Promise<StoredObject> {
    return this.#results.storeReport(options);
  }

  /**
   * Draws the measurements of a measurement report of the study (by its SOP
   * Instance UID; see `foundReports`) besides those drawn; fires
   * `fovea-report-load`. An SR that is not a TID 1500 report rejects with a
   * `ReportError` (`template`), whose message says so.
   */
  loadMeasurementReport(sopInstanceUid: string): Promise<Measurement[]> {
    return this.#results.loadReport(sopInstanceUid);
  }

  /** True when image `index` (the one on screen by default) is a key image. */
  isKeyImage(index = this.imageIndex): boolean {
    return this.#results.isKeyImage(Math.max(0, index));
  }

  /**
   * Flags image `index` (the one on screen by default) as a key image, or
   * unflags it (`key` false; the opposite of now when left out); fires
   * `fovea-key-image-change` and returns whether it is one now. Stored by `storeKeyImages`.
   */
  toggleKeyImage(index = this.imageIndex, key?: boolean): boolean {
    const changed = this.#results.toggleKeyImage(Math.max(0, index), key);
    this.requestUpdate();
    return changed;
  }

  /** The key images of the study shown (as stored, and as flagged since). */
  get keyImages(): KeyImage[] {
    return this.#results.keyImages;
  }

  /**
   * Stores the study's key images as a Key Object Selection document ("Of
   * Interest"), which then is the study's newest; fires `fovea-store`.
   */
  storeKeyImages(options?: KeyImagesOptions): Promise<StoredObject> {
    return this.#results.storeKeyImages(options);
  }

  /**
   * Prints the image on screen (or, with `images: 'key-images'`, this stack's
   * key images) through the browser's print dialog: rendered again at print
   * resolution, with the overlays, the annotations, a header and a scale bar
   * true on paper. Resolves once the dialog is open or done.
   */
  print(options: PrintOptions = {}): Promise<void> {
    return this.#results.printImagesWithBrowser(this.#results.printImages(options.images), options);
  }

  /** The image on screen (or the key images) as a PDF Blob, laid out as `print` does. */
  toPdf(options: PrintOptions = {}): Promise<Blob> {
    return this.#results.toPdf(options);
  }

  /** Stores `toPdf`'s document in the study as an Encapsulated PDF; fires `fovea-store`. */
  storePdf(options: PrintOptions & EncapsulatedPdfOptions = {}): Promise<StoredObject> {
    return this.#results.storePdfOf(this.#results.printImages(options.images), options);
  }

  /** @internal The results controller, for the enclosing viewer's print of its layout. */
  get results(): ViewportResults {
    return this.#results;
  }

  /** True while cine plays. */
  get playing(): boolean {
    return this.#cine.playing;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      changed.has('references') ||
      changed.has('studyUid') ||
      changed.has('seriesUid') ||
      this.activeClient !== this.#loadedClient
    ) {
      void this.#loadSeries();
      return;
    }
    if (this.status !== 'ready' || !this.#renderer) return;
    if (changed.has('imageIndex') && this.imageIndex >= 0) {
      this.#sentIndex = this.imageIndex;
      void this.#renderer.setImageIndex(this.imageIndex);
    }
    if (changed.has('windowCenter') || changed.has('windowWidth')) this.#applyVoi();
    if (changed.has('invert')) this.#renderer.setInvert(this.invert);
    if (changed.has('activeTools')) this.#renderer.setTools(this.activeTools);
    if (
      ['rotation', 'flipHorizontal', 'flipVertical', 'zoom', 'pan'].some((k) => changed.has(k as keyof FoveaViewport))
    ) {
      this.#applyPresentation();
    }
  }

  #applyVoi(): void {
    const { windowCenter: center, windowWidth: width } = this;
    const valid = center !== undefined && width !== undefined && Number.isFinite(center) && width > 0;
    if (valid) this.#voiLutChoice = undefined;
    if (!valid && this.#voiLutChoice !== undefined) this.#renderer?.setVoiLut(this.#voiLutChoice);
    else this.#renderer?.setVoi(valid ? { center, width } : undefined);
  }

  #applyPresentation(): void {
    this.#renderer?.setPresentation({
      rotation: this.rotation,
      flipHorizontal: this.flipHorizontal,
      flipVertical: this.flipVertical,
      zoom: this.zoom,
      pan: this.pan,
    });
    this.#syncView();
  }

  /** Applies a header window preset by index. */
  applyVoiPreset(index: number): void {
    const preset = this.voiPresets[index];
    if (!preset) return;
    this.windowCenter = preset.center;
    this.windowWidth = preset.width;
  }

  /**
   * Applies a header VOI LUT by its position in `voiLutPresets`, on this image
   * and the following ones (each image's own LUT of that index), until a window
   * is set or dragged. Clears `window-center` / `window-width`.
   */
  applyVoiLutPreset(index: number): void {
    const preset = this.voiLutPresets[index];
    if (!preset) return;
    this.#voiLutChoice = preset.index;
    this.windowCenter = undefined;
    this.windowWidth = undefined;
    if (this.status === 'ready') this.#applyVoi();
  }

  /** Resets window, zoom, pan, rotation, flips and inversion to the image's defaults. */
  reset(): void {
    this.#voiLutChoice = undefined;
    this.windowCenter = undefined;
    this.windowWidth = undefined;
    this.invert = false;
    this.rotation = 0;
    this.flipHorizontal = false;
    this.flipVertical = false;
    this.zoom = 1;
    this.pan = [0, 0];
    this.#renderer?.reset();
    this.#syncView();
  }

  /** Starts cine at `fps`, else the header's frame rate, else 15 frames a second. */
  play(): void {
    if (this.status !== 'ready' || this.total < 2) return;
    const header = this.#references[0]?.instance.frameTimeMs;
    const fps = this.fps > 0 ? this.fps : header ? 1000 / header : 15;
    this.#cine.start(fps, () => Math.max(0, this.imageIndex), this.total);
  }

  /** Stops cine. */
  pause(): void {
    this.#cine.stop();
  }

  /** The image on screen as PNG, with the overlay text when `overlays` and the annotations when `annotations` is true. */
  async toPng(options: { overlays?: boolean; annotations?: boolean } = {}): Promise<Blob> {
    const canvas = this.canvas;
    if (!canvas || this.status !== 'ready') throw new FoveaError('unsupported', 'no image on screen');
    const layers = options.annotations ? [await svgImage(this.toSvg())] : [];
    return exportPng(
      canvas,
      options.overlays ? cornerLines(this.#overlayState()) : undefined,
      getComputedStyle(this),
      layers,
    );
  }

  /**
   * The decoded pixel values of the image on screen, for hosts and tests that
   * need values rather than a picture; undefined until an image is shown.
   * Stored values, or modality values when the loader applied Rescale Slope /
   * Intercept (`modalityLutApplied`); colour as RGB. See {@link PixelValues}.
   * Read-only: `data` may be the renderer's own buffer.
   */
  pixelValues(): PixelValues | undefined {
    return this.status === 'ready' && !this.#failedHere() ? this.#renderer?.pixelValues() : undefined;
  }

  /** The failed image, read afresh (the renderer sets it while a load is awaited). */
  #failedImageNow(): { index: number; messageId: MessageId } | undefined {
    return this.failedImage;
  }

  /** True while the image asked to be on screen is one that failed. */
  #failedHere(): boolean {
    return this.failedImage !== undefined && this.failedImage.index === Math.max(0, this.imageIndex);
  }

  /**
   * Starts the renderer (the rendering chunk, Cornerstone's and the loader's
   * start-up, the decode worker) once the page is idle after connect, so that
   * a series chosen later does not wait for it; a series set first starts it
   * sooner. The page's own load goes first: the idle callback waits for it.
   */
  #schedulePreload(): void {
    this.#preload?.();
    const start = () => {
      this.#preload = undefined;
      if (this.isConnected) this.#ensureRenderer().catch(() => undefined);
    };
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(start, { timeout: 2000 });
      this.#preload = () => cancelIdleCallback(handle);
    } else {
      const handle = setTimeout(start, 250);
      this.#preload = () => clearTimeout(handle);
    }
  }

  async #ensureRenderer(): Promise<StackRenderer> {
    if (this.#rendererPromise) return this.#rendererPromise;
    const epoch = this.#rendererEpoch;
    const creating = (async () => {
      const loading = loadRendering();
      await this.updateComplete;
      const module = await loading;
      const renderer = await module.createStackRenderer(
        this.canvasHost,
        { mode: this.rendering, cacheBytes: this.cacheBytes ?? this.config?.cacheBytes ?? DEFAULT_CACHE_BYTES },
        {
          imageRendered: (index) => this.#onImageRendered(index),
          voiChanged: (voi, voiLut) => {
            // Cornerstone sets the window and the camera again with every new image of a
            // stack on screen: only a change is one (a new stack reports them again).
            const same = sameVoi(voi, this.#reportedVoi) && sameVoi(voi, this.voi) && voiLut === this.voiLutIndex;
            if (same && this.status === 'ready') return;
            this.#reportedVoi = voi;
            this.voi = voi;
            this.voiLutIndex = voiLut;
            if (voiLut === undefined) this.#voiLutChoice = undefined;
            const preset = voiLut === undefined ? undefined : this.voiLutPresets.find((p) => p.index === voiLut);
            emit(this, 'fovea-voi-change', { ...voi, voiLut: preset });
          },
          presentationChanged: (view) => {
            const same = samePresentation(view, this.#reportedView) && samePresentation(view, this.view);
            if (same && this.status === 'ready') return;
            this.#reportedView = view;
            this.view = view;
            this.#syncGeometry();
            emit(this, 'fovea-view-change', view);
          },
          loadProgress: (loaded, total) => {
            this.#loadedNow = loaded;
            emit(this, 'fovea-load-progress', { loaded, total });
            this.#scheduleProgress();
          },
          renderingChanged: (mode, reason) => {
            this.requestUpdate();
            emit(this, 'fovea-rendering-change', { mode, reason });
          },
          error: (error, index) => this.#reportError(error, false, index),
          imageFailed: (index, error) => this.#onImageFailed(index, error),
          measurementAdded: (measurement) => emit(this, 'fovea-measurement-add', { measurement }),
          measurementChanged: (measurement) => emit(this, 'fovea-measurement-change', { measurement }),
          measurementRemoved: (measurement) => emit(this, 'fovea-measurement-remove', { measurement }),
          arrowText: async () => (await this.annotationText()) || undefined,
        },
      );
      // Disconnected while the rendering chunk loaded: this renderer is nobody's.
      if (this.#rendererEpoch !== epoch) {
        renderer.destroy();
        throw new DOMException('viewport disconnected', 'AbortError');
      }
      renderer.setTools(this.activeTools);
      this.#renderer = renderer;
      return renderer;
    })();
    this.#rendererPromise = creating;
    // A failed start (the chunk did not load) is tried again by the next load.
    creating.catch(() => {
      if (this.#rendererPromise === creating) this.#rendererPromise = undefined;
    });
    return creating;
  }

  async #loadSeries(): Promise<void> {
    this.#load?.abort();
    this.#cine.stop();
    const controller = new AbortController();
    this.#load = controller;
    const client = this.activeClient;
    this.#loadedClient = client;
    const { signal } = controller;
    if (!this.isConnected || !client || (!this.references && !(this.studyUid && this.seriesUid))) {
      this.status = 'idle';
      this.total = 0;
      return;
    }
    this.status = 'loading';
    this.errorId = undefined;
    this.failedImage = undefined;
    this.#voiLutChoice = undefined;
    this.#loadedNow = 0;
    this.loaded = 0;
    // The rendering chunk and Cornerstone's start-up run while the metadata is on its way.
    const rendererReady = this.#ensureRenderer();
    rendererReady.catch(() => undefined); // awaited below, unless the metadata fails first
    try {
      const metadata = this.references
        ? undefined
        : await client.retrieveSeriesMetadata(this.studyUid, this.seriesUid, { signal });
      const references = this.references ?? imageReferences(client, metadata ?? []);
      signal.throwIfAborted();
      if (references.length === 0) {
        // A measurement report's series: its measurements are shown on the series they are on.
        const target = metadata && (await this.#results.openReportSeries(client, metadata, signal));
        if (target && !signal.aborted) {
          this.seriesUid = target;
          return;
        }
        throw new FoveaError('unsupported', 'series has no image');
      }
      this.#references = references;
      this.#planes = undefined;
      this.total = references.length;
      const instances = [...new Set(references.map((r) => r.instance))];
      const requested = this.imageIndex;
      const index =
        requested >= 0 && requested < references.length
          ? requested
          : isCrossSectional(instances)
            ? Math.floor((references.length - 1) / 2)
            : 0;
      // Renderer still starting: fetch the first frame meanwhile, and hand it over.
      let firstFrame: Promise<Frame> | undefined;
      if (!this.#renderer) {
        const reference = references[index]!;
        firstFrame = client.retrieveFrames(reference, [reference.frame], { signal }).then(([frame]) => frame!);
        firstFrame.catch(() => undefined); // the renderer reports it, or the load was abandoned
      }
      const renderer = await rendererReady;
      signal.throwIfAborted();
      await renderer.setStack(client, references, index, signal, firstFrame);
      if (signal.aborted) return;
      // A stack of one image that failed is a failed series; in a longer one the
      // other images can still be shown.
      const failed = this.#failedImageNow();
      if (failed && references.length === 1) {
        this.status = 'error';
        this.errorId = failed.messageId;
        return;
      }
      this.status = 'ready';
      this.#results.seriesShown();
      if (this.windowCenter !== undefined || this.windowWidth !== undefined) this.#applyVoi();
      this.voiLutIndex = renderer.voiLut();
      renderer.setInvert(this.invert);
      const fitted = this.rotation === 0 && !this.flipHorizontal && !this.flipVertical && this.zoom === 1;
      if (!fitted || this.pan[0] !== 0 || this.pan[1] !== 0) this.#applyPresentation();
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.#reportError(error, true);
    }
  }

  /**
   * Re-renders for load progress at most every PROGRESS_MS, in an animation
   * frame, and at once for the last image: every render also rebuilds the
   * overlay, and each change of the bar is a repaint, which on a machine
   * without a GPU competes with the decoding for the CPU (docs/performance.md).
   */
  #scheduleProgress(): void {
    const last = this.#loadedNow >= this.total;
    if (last && this.#progressTimer !== undefined) {
      clearTimeout(this.#progressTimer);
      this.#progressTimer = undefined;
    }
    if (this.#progressFrame || this.#progressTimer !== undefined) return;
    const show = () => {
      this.#progressTimer = undefined;
      this.#progressFrame = requestAnimationFrame(() => {
        this.#progressFrame = 0;
        this.#progressShownAt = performance.now();
        this.loaded = this.#loadedNow;
      });
    };
    const wait = last ? 0 : this.#progressShownAt + PROGRESS_MS - performance.now();
    if (wait > 0) this.#progressTimer = setTimeout(show, wait);
    else show();
  }

  #reportError(error: unknown, fatal: boolean, index?: number): void {
    if (fatal) {
      this.status = 'error';
      this.errorId = errorMessageId(error);
    }
    const reference = index === undefined ? undefined : this.#references[index];
    this.reportError(
      error,
      reference && index !== undefined
        ? {
            image: {
              index,
              studyInstanceUid: reference.studyInstanceUid,
              seriesInstanceUid: reference.seriesInstanceUid,
              sopInstanceUid: reference.sopInstanceUid,
              frame: reference.frame,
            },
          }
        : {},
    );
  }

  /** Image `index`, asked to be on screen, failed: its message replaces the canvas until another image is shown. */
  #onImageFailed(index: number, error: unknown): void {
    this.failedImage = { index, messageId: errorMessageId(error) };
    this.#sentIndex = index;
    if (this.imageIndex !== index) this.imageIndex = index;
  }

  #onImageRendered(index: number): void {
    // A newer index set by the host is on its way to the renderer: this image
    // is already stale (it will not be drawn), and taking its index would undo
    // the host's request.
    const asked = this.imageIndex;
    if (this.status === 'ready' && asked >= 0 && asked !== this.#sentIndex && asked !== index) return;
    this.#sentIndex = index;
    if (this.imageIndex !== index) this.imageIndex = index;
    this.failedImage = undefined;
    this.status = 'ready';
    this.#syncView();
    emit(this, 'fovea-image-change', { index, total: this.total });
  }

  /**
   * Reads the view, window and geometry back from the renderer. Renders only
   * what changed: scrolling a stack changes none of them, and the overlay
   * then renders once per image (for its index), not twice.
   */
  #syncView(): void {
    const view = this.#renderer?.presentation();
    if (!samePresentation(view, this.view)) this.view = view;
    // Cornerstone's CPU path reports no window until one is set: the header's first is what shows.
    const header = this.voiPresets[0];
    const voi =
      this.#renderer?.voi() ?? this.voi ?? (header ? { center: header.center, width: header.width } : undefined);
    if (!sameVoi(voi, this.voi)) this.voi = voi;
    this.#syncGeometry();
  }

  #syncGeometry(): void {
    const axes = this.#renderer?.screenAxes();
    const scale = this.#renderer?.cssPixelsPerMm();
    if (scale === this.#cssPixelsPerMm && sameAxes(axes, this.#axes)) return;
    this.#axes = axes;
    this.#cssPixelsPerMm = scale;
    this.requestUpdate();
  }

  // A window moved to a screen of another pixel ratio keeps its CSS size (no
  // resize): redraw at the new ratio and recompute the scale bar.
  #pixelRatio: MediaQueryList | undefined;
  #watchPixelRatio(): void {
    this.#pixelRatio?.removeEventListener('change', this.#onPixelRatioChange);
    this.#pixelRatio = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.#pixelRatio.addEventListener('change', this.#onPixelRatioChange);
  }
  #onPixelRatioChange = (): void => {
    this.#renderer?.resize();
    this.#syncView();
    this.#watchPixelRatio();
  };

  // Cornerstone's tools cancel mousedown's default, which would have focused
  // the viewport: focus it here so that the keyboard follows the pointer.
  #onPointerDown = (): void => {
    if (this.matches(':focus-within')) return;
    this.focus({ preventScroll: true });
  };

  #onKeyDown = (event: KeyboardEvent): void => {
    if (this.status !== 'ready' || this.total === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
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

  #overlayState(): OverlayState {
    return {
      instance: this.#references[Math.max(0, this.imageIndex)]?.instance,
      index: Math.max(0, this.imageIndex),
      total: this.total,
      voi: this.voi,
      voiLut: this.currentVoiLut,
      presentation: this.view,
      axes: this.#axes,
      cssPixelsPerMm: this.#cssPixelsPerMm,
      locale: this.effectiveLocale,
    };
  }

  protected override updated(): void {
    const failed = this.status === 'ready' && this.#failedHere() ? this.failedImage : undefined;
    const label = failed
      ? `${message('imageLabel', { index: this.imageIndex + 1, total: this.total }, this.effectiveMessages)}: ${message(failed.messageId, {}, this.effectiveMessages)}`
      : this.status === 'ready'
        ? message('imageLabel', { index: this.imageIndex + 1, total: this.total }, this.effectiveMessages)
        : this.status === 'error' && this.errorId
          ? message(this.errorId, {}, this.effectiveMessages)
          : message(this.status === 'loading' ? 'loading' : 'noSeries', {}, this.effectiveMessages);
    if (this.getAttribute('aria-label') !== label) this.setAttribute('aria-label', label);
  }

  protected override render() {
    const failed = this.status === 'ready' && this.#failedHere() ? this.failedImage : undefined;
    const kind = failed ? 'error' : this.status;
    const statusText = failed
      ? message(failed.messageId, {}, this.effectiveMessages)
      : this.status === 'loading'
        ? message('loading', {}, this.effectiveMessages)
        : this.status === 'error' && this.errorId
          ? message(this.errorId, {}, this.effectiveMessages)
          : this.status === 'idle'
            ? message('noSeries', {}, this.effectiveMessages)
            : '';
    // While a series loads, and for a failed image, the canvas is hidden: it may still hold the
    // image before (never a stale picture).
    return html`
      <div
        part="canvas"
        ?hidden=${this.status === 'error'}
        ?data-empty=${this.status === 'idle'}
        ?data-stale=${this.status === 'loading'}
        ?data-failed=${failed !== undefined}
      ></div>
      ${
        this.status === 'ready'
          ? overlayTemplate(this.#overlayState(), {
              text: this.overlays,
              orientation: this.orientationMarkers,
              scale: this.scaleBar,
            })
          : nothing
      }
      ${this.status === 'ready' ? this.#results.render() : nothing}
      ${
        statusText
          ? html`<div part="status" data-kind=${kind} role=${kind === 'error' ? 'alert' : 'status'}>${statusText}</div>`
          : nothing
      }
      ${
        this.status === 'ready' && this.total > 1 && this.loaded < this.total
          ? html`<div part="progress" style=${styleProps({ width: `${(100 * this.loaded) / this.total}%` })}></div>`
          : nothing
      }
    `;
  }
}

function samePresentation(a: Presentation | undefined, b: Presentation | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.rotation === b.rotation &&
    a.flipHorizontal === b.flipHorizontal &&
    a.flipVertical === b.flipVertical &&
    a.zoom === b.zoom &&
    a.pan[0] === b.pan[0] &&
    a.pan[1] === b.pan[1]
  );
}

function sameVoi(a: Voi | undefined, b: Voi | undefined): boolean {
  return a?.center === b?.center && a?.width === b?.width;
}

function sameAxes(a: ScreenAxes | undefined, b: ScreenAxes | undefined): boolean {
  if (!a || !b) return a === b;
  return a.right.every((v, i) => v === b.right[i]) && a.up.every((v, i) => v === b.up[i]);
}
