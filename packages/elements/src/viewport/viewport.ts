/**
 * `<fovea-viewport>`: the element's public contract, delegating to its controllers. Over 400 lines
 * for a stated reason: its documented properties and members are what custom-elements.json (and the
 * wrappers made from it) is generated from; what they do lives in renderer-controller.ts (with
 * series-state.ts, shown-view.ts and series-images.ts), viewport.template.ts and
 * results/viewport-results.ts.
 */
import { LitElement, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import {
  createDicomWebClient,
  FoveaError,
  type DicomSource,
  type ImageReference,
  type VoiLutPreset,
  type WindowPreset,
} from '@fovea-dicom/core';
import { emit } from '../events.js';
import { DEFAULT_CACHE_BYTES } from '../internal/config.js';
import { addDefaultMessages, message } from '../internal/messages.js';
import { VIEWING_MESSAGES } from '../internal/catalogue/viewing.js';
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
import type { ImagePlane } from '../model/image-plane.js';
import { frameAttributesOf } from '../model/frame-attributes.js';
import { axesFromPatientOrientation } from '../model/orientation.js';
import { whenIdle } from '../internal/idle.js';
import { cornerLines, overlayTemplate, prepareDateFormat, type OverlayState } from './overlay.js';
import type { PixelValues, Presentation, RenderingMode, Voi } from '../model/presentation.js';
import type { RenderingInit } from '../rendering/types.js';
import { viewportStyles } from './viewport.styles.js';
import { renderingStats } from '../rendering/loader.js';
import { RendererController } from './renderer-controller.js';
import { keyTarget, viewportLabel, viewportTemplate, type ViewportScene } from './viewport.template.js';
import { ViewportResults, type MeasurementReportsMode, type ReportSummary } from '../results/viewport-results.js';
import { resultsStyles } from '../results/results.styles.js';
import type { MeasurementReportOptions } from '../results/sr-write.js';
import type { KeyImage } from '../results/key-images.js';
import type { KeyImagesOptions } from '../results/kos.js';
import type { StoredObject } from '../results/study-documents.js';
import type { PrintOptions } from '../results/print/document.js';
import type { EncapsulatedPdfOptions } from '../results/encapsulated-pdf.js';

addDefaultMessages(VIEWING_MESSAGES);

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

  /**
   * 0-based index of the image on screen; -1 picks the default (first, or middle of a cross-sectional stack).
   * @default -1
   */
  @property({ type: Number, attribute: 'image-index', reflect: true })
  get imageIndex(): number {
    return this.#rendering.index;
  }
  set imageIndex(index: number) {
    // A request: the renderer controller owns the index, and takes it once the image is on screen.
    this.#rendering.show(index);
  }

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

  /** Show orientation markers (from Image Orientation (Patient), else from a radiograph's Patient Orientation). */
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

  @query('[part="canvas"]') private canvasHost!: HTMLDivElement;

  readonly #cine = new CineController(this, (index) => (this.imageIndex = index));
  /** The renderer, what it shows, and the image index. */
  readonly #rendering: RendererController = new RendererController(this, {
    canvasHost: () => this.canvasHost,
    renderingInit: () => this.#renderingInit(),
    reportError: (error, fatal, index) => this.#reportError(error, fatal, index),
    openReportSeries: (client, instances, signal) => this.#results.openReportSeries(client, instances, signal),
    loadStarted: () => this.#cine.stop(),
    seriesShown: () => this.#results.seriesShown(),
  });
  readonly #results = new ViewportResults(this, {
    references: () => this.#rendering.references,
    overlay: (index) => this.#overlayState(index),
    renderingInit: () => this.#renderingInit(),
    ready: () => this.#rendering.series.status === 'ready',
    sharedKeyImages: () => this.config?.keyImages,
    reportError: (error) => this.reportError(error),
  });

  constructor() {
    super();
    // The index lives in the renderer controller: reflected from the start, as a field's default is.
    this.requestUpdate('imageIndex', undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'img');
    this.setAttribute('aria-roledescription', 'medical image');
    this.addEventListener('keydown', this.#onKeyDown);
    this.addEventListener('pointerdown', this.#onPointerDown);
    this.#prepareOverlay();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#cancelPrepareOverlay?.();
    this.removeEventListener('keydown', this.#onKeyDown);
    this.removeEventListener('pointerdown', this.#onPointerDown);
  }

  #cancelPrepareOverlay: (() => void) | undefined;

  /** Builds the overlay's date formatter while the page is idle, not between the first frame and its pixels. */
  #prepareOverlay(): void {
    const prepare = () => {
      this.#cancelPrepareOverlay = undefined;
      if (this.overlays) prepareDateFormat(this.effectiveLocale);
    };
    this.#cancelPrepareOverlay = whenIdle(prepare, 1000, 100);
  }

  /**
   * The effective rendering mode once the renderer has started: `cpu` after a
   * lost WebGL context moved the viewport there (`fovea-rendering-change`).
   */
  get renderingMode(): 'gpu' | 'cpu' | undefined {
    return this.#rendering.renderer?.mode;
  }

  /** The canvas the image is drawn on. */
  get canvas(): HTMLCanvasElement | undefined {
    return this.#rendering.renderer?.canvas();
  }

  /** Number of images in the stack. */
  get imageCount(): number {
    return this.#rendering.series.total;
  }

  /** Number of images of the stack loaded so far. */
  get loadedImageCount(): number {
    return this.#rendering.series.loadedNow;
  }

  /**
   * The window presets of the current image's header (all of them, in header
   * order): its frame's, which an enhanced object keeps in the Frame VOI LUT
   * functional group.
   */
  get voiPresets(): WindowPreset[] {
    const reference = this.#rendering.reference;
    return reference ? frameAttributesOf(reference).windows : [];
  }

  /**
   * The VOI LUTs of the current image's header (its VOI LUT Sequence, in
   * header order); name them by `explanation`, else "VOI LUT n".
   */
  get voiLutPresets(): VoiLutPreset[] {
    return this.#rendering.instance?.voiLuts ?? [];
  }

  /** The header VOI LUT on screen; undefined while a window applies. */
  get currentVoiLut(): VoiLutPreset | undefined {
    const index = this.#rendering.shown.voiLutIndex;
    return index === undefined ? undefined : this.voiLutPresets.find((p) => p.index === index);
  }

  /** Zoom, pan, rotation and flips in use; undefined before the first image. */
  get currentPresentation(): Presentation | undefined {
    return this.#rendering.shown.view;
  }

  /** The window in use; while a VOI LUT applies, the LUT's input range as centre and width. */
  get currentVoi(): Voi | undefined {
    return this.#rendering.shown.voi;
  }

  /** Modality of the image on screen (e.g. `CT`), for modality window presets. */
  get modality(): string | undefined {
    return this.#rendering.instance?.modality;
  }

  /**
   * Where image `index` (the one on screen by default) lies in patient space,
   * from its header; undefined without position and orientation.
   */
  imagePlane(index = this.imageIndex): ImagePlane | undefined {
    return this.#rendering.imagePlane(index);
  }

  /**
   * The index of this stack's image nearest to `plane` along its normal, when
   * both share a frame of reference and are parallel; else undefined.
   */
  nearestImageIndex(plane: ImagePlane): number | undefined {
    return this.#rendering.nearestImageIndex(plane);
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
    return measurementsJson(this.#rendering.renderer?.measurements() ?? []);
  }

  /**
   * Replaces the measurements with stored ones (the object or its JSON string);
   * returns those whose image is not in the stack. Throws a TypeError on malformed input.
   * Statistics and probe values are recomputed from the pixels, never taken from the JSON:
   * they arrive as `fovea-measurement-change` when each measurement's image is next drawn.
   */
  setMeasurements(json: string | MeasurementsJson): Measurement[] {
    const list = parseMeasurements(json);
    const renderer = this.#rendering.renderer;
    if (!renderer || this.#rendering.series.status !== 'ready')
      throw new FoveaError('unsupported', 'no image on screen');
    return renderer.setMeasurements(list);
  }

  /** The annotations alone as an SVG document, the size of the viewport. */
  toSvg(): string {
    const svg = this.#rendering.series.status === 'ready' ? this.#rendering.renderer?.annotationsSvg() : undefined;
    if (!svg) throw new FoveaError('unsupported', 'no image on screen');
    return svg;
  }

  /** The image on screen: its study, series and SOP Instance UIDs and 1-based frame; undefined before the first. */
  get currentImage(): MeasurementImage | undefined {
    const reference =
      this.#rendering.series.status === 'ready' ? this.#rendering.references[Math.max(0, this.imageIndex)] : undefined;
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
    this.#rendering.update({
      series: changed.has('references') || changed.has('studyUid') || changed.has('seriesUid'),
      voi: changed.has('windowCenter') || changed.has('windowWidth'),
      invert: changed.has('invert'),
      tools: changed.has('activeTools'),
      presentation: ['rotation', 'flipHorizontal', 'flipVertical', 'zoom', 'pan'].some((k) =>
        changed.has(k as keyof FoveaViewport),
      ),
    });
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
    this.windowCenter = undefined;
    this.windowWidth = undefined;
    this.#rendering.showVoiLut(preset.index);
  }

  /** Resets window, zoom, pan, rotation, flips and inversion to the image's defaults. */
  reset(): void {
    this.windowCenter = undefined;
    this.windowWidth = undefined;
    this.invert = false;
    this.rotation = 0;
    this.flipHorizontal = false;
    this.flipVertical = false;
    this.zoom = 1;
    this.pan = [0, 0];
    this.#rendering.reset();
  }

  /** Starts cine at `fps`, else the header's frame rate, else 15 frames a second. */
  play(): void {
    const total = this.#rendering.series.total;
    if (this.#rendering.series.status !== 'ready' || total < 2) return;
    const header = this.#rendering.references[0]?.instance.frameTimeMs;
    const fps = this.fps > 0 ? this.fps : header ? 1000 / header : 15;
    this.#cine.start(fps, () => Math.max(0, this.imageIndex), total);
  }

  /** Stops cine. */
  pause(): void {
    this.#cine.stop();
  }

  /** The image on screen as PNG, with the overlay text when `overlays` and the annotations when `annotations` is true. */
  async toPng(options: { overlays?: boolean; annotations?: boolean } = {}): Promise<Blob> {
    const canvas = this.canvas;
    if (!canvas || this.#rendering.series.status !== 'ready') throw new FoveaError('unsupported', 'no image on screen');
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
    const rendering = this.#rendering;
    return rendering.series.status === 'ready' && !rendering.failedHere ? rendering.renderer?.pixelValues() : undefined;
  }

  #renderingInit(): RenderingInit {
    return { mode: this.rendering, cacheBytes: this.cacheBytes ?? this.config?.cacheBytes ?? DEFAULT_CACHE_BYTES };
  }

  #reportError(error: unknown, fatal: boolean, index?: number): void {
    if (fatal) this.#rendering.fail(error);
    const reference = index === undefined ? undefined : this.#rendering.references[index];
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

  // Cornerstone's tools cancel mousedown's default, which would have focused
  // the viewport: focus it here so that the keyboard follows the pointer.
  #onPointerDown = (): void => {
    if (this.matches(':focus-within')) return;
    this.focus({ preventScroll: true });
  };

  #onKeyDown = (event: KeyboardEvent): void => {
    const { status, total } = this.#rendering.series;
    if (status !== 'ready' || total === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = keyTarget(event.key, Math.max(0, this.imageIndex), total);
    if (next === undefined) return;
    event.preventDefault();
    this.imageIndex = next;
  };

  /** The overlay of image `index` (by default the one on screen), with the view on screen. */
  #overlayState(index = Math.max(0, this.imageIndex)): OverlayState {
    const { references, shown } = this.#rendering;
    const reference = references[index];
    const total = this.#rendering.series.total;
    const { voi, view: presentation } = shown;
    const frame = reference && frameAttributesOf(reference);
    // Millimetres only where the frame says how large its pixels are (the renderer assumes 1 mm otherwise),
    // and patient directions only where it says how it lies: its Image Orientation (Patient), else its
    // Patient Orientation (a radiograph's), which the renderer's axial layout is mapped to (it would be
    // labelled A at the top instead of H).
    const cssPixelsPerMm = frame?.pixelSpacing ? shown.cssPixelsPerMm : undefined;
    const instance = reference?.instance;
    const axes = frame?.imageOrientationPatient
      ? shown.axes
      : axesFromPatientOrientation(shown.axes, instance?.patientOrientation);
    const [voiLut, locale] = [this.currentVoiLut, this.effectiveLocale];
    const sliceThickness = frame?.sliceThickness;
    return { instance, index, total, voi, voiLut, presentation, axes, cssPixelsPerMm, sliceThickness, locale };
  }

  #scene(): ViewportScene {
    const { status, total, loaded, errorId } = this.#rendering.series;
    const failed = status === 'ready' ? this.#rendering.failedHere : undefined;
    return { status, errorId, failed, index: this.imageIndex, total, loaded, messages: this.effectiveMessages };
  }

  protected override updated(): void {
    const label = viewportLabel(this.#scene());
    if (this.getAttribute('aria-label') !== label) this.setAttribute('aria-label', label);
  }

  protected override render() {
    return viewportTemplate(
      this.#scene(),
      () =>
        overlayTemplate(this.#overlayState(), {
          text: this.overlays,
          orientation: this.orientationMarkers,
          scale: this.scaleBar,
        }),
      () => this.#results.render(),
    );
  }
}
