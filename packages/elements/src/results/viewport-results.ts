/**
 * What a `<fovea-viewport>` sends back to the record and prints: measurement
 * reports (TID 1500) stored, found for the series shown and drawn; key images
 * flagged and stored (KOS); the image printed, as PDF or through the
 * browser's print. A controller, so the viewport element only delegates.
 *
 * Every failure reaches the host as a typed `fovea-error` and shows in the
 * viewport (`part="results"`, `role="alert"`), and the promise of the call
 * that failed rejects with the same error.
 *
 * Over 400 lines for a stated reason: one controller behind the viewport's
 * results API (reports, key images, print) sharing one notice and one error
 * path; finding reports lives in report-finder.ts, documents in sr-*.ts, kos.ts
 * and print/.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import {
  isAbortError,
  type DicomSource,
  type ImageReference,
  type Instance,
  type VoiLutPreset,
  type WindowPreset,
} from '@fovea-dicom/core';
import { emit, type StoreDetail } from '../events.js';
import { errorMessageId } from '../internal/errors.js';
import { addDefaultMessages, message, type MessageId, type Messages } from '../internal/messages.js';
import { VIEWING_MESSAGES } from '../internal/catalogue/viewing.js';
import type { Measurement, MeasurementsJson } from '../model/measurements.js';
import { MEASUREMENTS_FORMAT } from '../model/measurements.js';
import { edgeLabels } from '../model/orientation.js';
import { cornerLines, type OverlayState } from '../viewport/overlay.js';
import type { Presentation, Voi } from '../model/presentation.js';
import type { RenderingInit } from '../rendering/types.js';
import type { ImageRef } from './composite.js';
import { archiveOf } from './archive.js';
import { loadDocuments } from './documents-loader.js';
import { KeyImageSelection, type KeyImage } from './key-images.js';
import type { KeyImagesOptions } from './kos.js';
import { ReportError } from './report-error.js';
import { dateOf, ReportFinder, reportSeries } from './report-finder.js';
import type { ReadReport } from './sr-read.js';
import type { MeasurementReportOptions } from './sr-write.js';
import type { StoredObject } from './study-documents.js';
import type { EncapsulatedPdfOptions } from './encapsulated-pdf.js';
import type { PrintImage, PrintOptions, PrintStrings } from './print/document.js';
import type { MeasurementReportsMode, ReportSummary } from './report-types.js';

addDefaultMessages(VIEWING_MESSAGES);

export type { MeasurementReportsMode, ReportSummary };

/** The images of a print job, or their promise (a viewer reads other series' metadata first). */
export type PrintJob = readonly PrintImage[] | Promise<readonly PrintImage[]>;

/** The viewport, as far as its results need it (its public API). */
export interface ResultsHost extends ReactiveControllerHost, HTMLElement {
  readonly measurementReports: MeasurementReportsMode;
  readonly activeClient: DicomSource | undefined;
  readonly effectiveMessages: Messages;
  readonly effectiveLocale: string | undefined;
  readonly imageIndex: number;
  readonly invert: boolean;
  readonly currentVoi: Voi | undefined;
  readonly currentVoiLut: VoiLutPreset | undefined;
  readonly voiPresets: WindowPreset[];
  readonly currentPresentation: Presentation | undefined;
  readonly canvas: HTMLCanvasElement | undefined;
  readonly renderRoot: HTMLElement | DocumentFragment;
  getMeasurements(): MeasurementsJson;
  setMeasurements(json: MeasurementsJson): Measurement[];
}

/** What the viewport keeps private and its results need. */
export interface ResultsAccess {
  references(): readonly ImageReference[];
  /** Image `index`'s overlay with the view on screen; no cssPixelsPerMm where its frame has no pixel spacing. */
  overlay(index: number): OverlayState;
  renderingInit(): RenderingInit;
  ready(): boolean;
  /** The enclosing viewer's key image selection, if any. */
  sharedKeyImages(): KeyImageSelection | undefined;
  /** The viewport's one error path: a typed `fovea-error` with the effective messages. */
  reportError(error: unknown): void;
}

/**
 * What the viewport says about results: text only (the viewport is one image
 * to assistive technology, so no controls inside it); the toolbar's report
 * button shows an offered report. A note on what was done lasts while the
 * image it was done on is shown.
 */
type Notice =
  | { kind: 'offer'; report: ReportSummary; count: number }
  | { kind: 'info'; text: string; index: number }
  | { kind: 'error'; text: string };

/** The results controller of one viewport. */
export class ViewportResults implements ReactiveController {
  readonly #host: ResultsHost;
  readonly #access: ResultsAccess;
  #reports: ReportSummary[] = [];
  #read = new Map<string, ReadReport>();
  readonly #finder = new ReportFinder();
  #notice: Notice | undefined;
  #discovery: AbortController | undefined;
  /** The report to draw once the series it refers to is shown (an SR series was opened). */
  #pendingReport: string | undefined;
  #selection: KeyImageSelection | undefined;
  /** Selections made here, when no viewer shares one, by client and study. */
  #own: { client: DicomSource; study: string; selection: KeyImageSelection } | undefined;
  #print: { remove(): void } | undefined;

  constructor(host: ResultsHost, access: ResultsAccess) {
    this.#host = host;
    this.#access = access;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#discovery?.abort();
    this.#bindSelection(undefined);
    this.#print?.remove();
    this.#print = undefined;
  }

  #m(id: MessageId, params: Record<string, string | number> = {}): string {
    return message(id, params, this.#host.effectiveMessages);
  }

  /** The measurement reports found on the images of the series shown, newest first. */
  get reports(): readonly ReportSummary[] {
    return this.#reports;
  }

  // ---- the series shown -------------------------------------------------------

  /** A new series is on screen: look for its reports and the study's key images. */
  seriesShown(): void {
    const client = this.#host.activeClient;
    const references = this.#access.references();
    const first = references[0];
    this.#discovery?.abort();
    this.#reports = [];
    this.#read.clear();
    this.#notice = undefined;
    if (!client || !first) return;
    const selection = this.#selectionFor(client, first.studyInstanceUid);
    this.#bindSelection(selection);
    // A shared selection's failure is reported once, by whichever element of the panel meets it first.
    void selection.load().catch((error: unknown) => {
      if (selection.claimFailure(error)) this.#fail(error, false);
    });
    const pending = this.#pendingReport;
    this.#pendingReport = undefined;
    if (this.#host.measurementReports === 'off' && !pending) return;
    const controller = new AbortController();
    this.#discovery = controller;
    void this.#discover(client, first.studyInstanceUid, references, controller.signal, pending).catch(
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbortError(error)) this.#fail(error, false);
      },
    );
  }

  async #discover(
    client: DicomSource,
    studyInstanceUid: string,
    references: readonly ImageReference[],
    signal: AbortSignal,
    pending: string | undefined,
  ): Promise<void> {
    const { reports: found, read } = await this.#finder.find(client, studyInstanceUid, references, signal);
    this.#read = read;
    this.#reports = found;
    if (found.length) emit(this.#host, 'fovea-reports-found', { reports: found });
    const wanted = pending
      ? found.find((r) => r.sopInstanceUid === pending)
      : this.#host.measurementReports === 'show'
        ? found[0]
        : undefined;
    if (wanted) await this.loadReport(wanted.sopInstanceUid);
    else if (found[0] && this.#host.measurementReports === 'offer') {
      this.#notice = { kind: 'offer', report: found[0], count: found.length };
    }
    this.#host.requestUpdate();
  }

  /**
   * The viewport was given a series without images: if it holds a TID 1500
   * report, the series its measurements are on, to be shown instead (the
   * report is drawn once it is). Throws a `ReportError` for an SR of another
   * template, or an object that is no SR; undefined for other objects (PDF…).
   */
  async openReportSeries(
    client: DicomSource,
    instances: readonly Instance[],
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const found = await reportSeries(client, instances, signal);
    if (found) this.#pendingReport = found.report;
    return found?.series;
  }

  // ---- measurement reports -----------------------------------------------------

  /** Stores the viewport's measurements as a new TID 1500 report in the study. */
  async storeReport(options: MeasurementReportOptions = {}): Promise<StoredObject> {
    return this.#guard(async () => {
      const client = archiveOf(this.#requireClient());
      const measurements = this.#host.getMeasurements().measurements;
      const references = this.#access.references();
      const lookup = (m: Measurement) => {
        const ref = references.find((r) => r.sopInstanceUid === m.image.sopInstanceUid && r.frame === m.image.frame);
        return ref ? { instance: ref.instance, frame: ref.frame } : undefined;
      };
      const known = measurements.filter((m) => lookup(m));
      if (known.length === 0) throw new ReportError('nothing', 'there is no measurement to store');
      const { measurementReport, storeDocument } = await loadDocuments();
      const document = measurementReport(known, lookup, options);
      const object = await storeDocument(client, document);
      this.#announce({ kind: 'measurement-report', object, measurements: known });
      return object;
    });
  }

  /**
   * Draws the measurements of a report of the study (one found, or any other by
   * its SOP Instance UID) over the viewport's own, and returns them as measured here.
   */
  async loadReport(sopInstanceUid: string): Promise<Measurement[]> {
    return this.#guard(async () => {
      const client = this.#requireClient();
      const references = this.#access.references();
      let read = this.#read.get(sopInstanceUid);
      let summary = this.#reports.find((r) => r.sopInstanceUid === sopInstanceUid);
      if (!read) {
        const study = references[0]?.studyInstanceUid ?? '';
        const [instance] = await client.searchInstances({ StudyInstanceUID: study, SOPInstanceUID: sopInstanceUid });
        if (!instance) throw new ReportError('not-sr', 'no such object in the study');
        const ref = { studyInstanceUid: study, seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid };
        const { readDocument, readMeasurementReport, text } = await loadDocuments();
        const dataset = await readDocument(client, ref);
        read = readMeasurementReport(dataset);
        summary = {
          ...ref,
          sopClassUid: text(dataset, 'SOPClassUID') ?? '',
          contentDateTime: dateOf(text, dataset),
          seriesDescription: text(dataset, 'SeriesDescription'),
          measurementCount: 0,
          skipped: 0,
        };
      }
      const here = new Set(references.map((r) => `${r.sopInstanceUid}|${r.frame}`));
      const onThese = read.measurements.filter((m) => here.has(`${m.image.sopInstanceUid}|${m.image.frame}`));
      if (onThese.length === 0) throw new ReportError('empty', 'the report has no measurement on these images');
      const ids = new Set(onThese.map((m) => m.id));
      const own = this.#host.getMeasurements().measurements.filter((m) => !ids.has(m.id));
      this.#host.setMeasurements({ format: MEASUREMENTS_FORMAT, measurements: [...own, ...onThese] });
      const drawn = this.#host.getMeasurements().measurements.filter((m) => ids.has(m.id));
      const skipped = read.skipped + read.measurements.length - onThese.length;
      const report: ReportSummary = { ...summary!, measurementCount: onThese.length, skipped };
      const date = report.contentDateTime?.slice(0, 10) ?? this.#m('results.undated');
      this.#notice = {
        kind: 'info',
        text: [this.#m('results.loaded', { date }), skipped ? this.#m('results.skipped', { count: skipped }) : '']
          .filter(Boolean)
          .join(' '),
        index: this.#host.imageIndex,
      };
      this.#host.requestUpdate();
      emit(this.#host, 'fovea-report-load', { report, measurements: drawn, skipped });
      return drawn;
    });
  }

  // ---- key images ---------------------------------------------------------------

  #selectionFor(client: DicomSource, study: string): KeyImageSelection {
    const shared = this.#access.sharedKeyImages();
    if (shared && shared.studyInstanceUid === study && shared.client === client) return shared;
    if (this.#own?.client !== client || this.#own.study !== study) {
      this.#own = { client, study, selection: new KeyImageSelection(client, study) };
    }
    return this.#own.selection;
  }

  #onSelectionChange = (): void => this.#host.requestUpdate();

  #bindSelection(selection: KeyImageSelection | undefined): void {
    if (selection === this.#selection) return;
    this.#selection?.removeEventListener('change', this.#onSelectionChange);
    this.#selection = selection;
    selection?.addEventListener('change', this.#onSelectionChange);
  }

  #keyImageOf(index: number): KeyImage | undefined {
    const ref = this.#access.references()[index];
    if (!ref) return undefined;
    return {
      studyInstanceUid: ref.studyInstanceUid,
      seriesInstanceUid: ref.seriesInstanceUid,
      sopInstanceUid: ref.sopInstanceUid,
      sopClassUid: ref.instance.sopClassUid,
      ...(ref.instance.isMultiframe ? { frame: ref.frame } : {}),
    };
  }

  /** True when image `index` of the stack is a key image. */
  isKeyImage(index: number): boolean {
    const image = this.#keyImageOf(index);
    return image !== undefined && this.#selection?.has(image.sopInstanceUid, image.frame) === true;
  }

  /** The study's key images (as stored, and as flagged since). */
  get keyImages(): KeyImage[] {
    return this.#selection?.images() ?? [];
  }

  /** Flags or unflags image `index` as a key image; returns whether it is one now. */
  toggleKeyImage(index: number, key?: boolean): boolean {
    const image = this.#keyImageOf(index);
    const ref = this.#access.references()[index];
    if (!image || !ref || !this.#selection) return false;
    const now = this.#selection.toggle(image, key);
    emit(this.#host, 'fovea-key-image-change', {
      image: {
        studyInstanceUid: ref.studyInstanceUid,
        seriesInstanceUid: ref.seriesInstanceUid,
        sopInstanceUid: ref.sopInstanceUid,
        frame: ref.frame,
      },
      key: now,
    });
    return now;
  }

  /** Stores the study's key images as a new KOS ("Of Interest"). */
  async storeKeyImages(options: KeyImagesOptions = {}): Promise<StoredObject> {
    return this.#guard(async () => {
      archiveOf(this.#requireClient());
      const context = this.#access.references()[0]?.instance;
      if (!this.#selection || !context) throw new ReportError('nothing', 'no image on screen');
      // Toggles apply over the stored selection: wait for it to be read (again, if that failed).
      await this.#selection.load({ retry: true });
      const images = this.#selection.images();
      const object = await this.#selection.store(context, options);
      this.#announce({ kind: 'key-images', object, images });
      return object;
    });
  }

  // ---- print ------------------------------------------------------------------------

  /** Whether the viewport shows its series (so `printImages` covers its key images). */
  get ready(): boolean {
    return this.#access.ready();
  }

  /** How this viewport's renderers start: for off-screen print renders of other series. */
  renderingInit(): RenderingInit {
    return this.#access.renderingInit();
  }

  /** The images this viewport prints: the one on screen, or its stack's key images. */
  printImages(mode: PrintOptions['images'] = 'layout'): PrintImage[] {
    if (!this.#access.ready()) return [];
    const references = this.#access.references();
    const current = Math.max(0, this.#host.imageIndex);
    const indices = mode === 'key-images' ? references.map((_, i) => i).filter((i) => this.isKeyImage(i)) : [current];
    return indices.map((i) => this.#printImage(i, i === current));
  }

  #printImage(index: number, onScreen: boolean): PrintImage {
    const host = this.#host;
    const reference = this.#access.references()[index]!;
    const overlay = this.#access.overlay(index);
    const canvas = host.canvas;
    const cssSize: [number, number] = [canvas?.clientWidth || 512, canvas?.clientHeight || 512];
    const client = host.activeClient!;
    // The window on screen applies to the other images too, unless it is the header's own default.
    const header = host.voiPresets[0];
    const voi = host.currentVoi;
    const headerDefault =
      !host.currentVoiLut && voi && header && voi.center === header.center && voi.width === header.width;
    const all = host.getMeasurements().measurements;
    return {
      instance: reference.instance,
      frame: reference.frame,
      cssSize,
      cssPixelsPerMm: overlay.cssPixelsPerMm,
      corners: cornerLines(overlay),
      orientation: overlay.axes ? edgeLabels(overlay.axes.right, overlay.axes.up) : undefined,
      measurements: all.filter(
        (m) => m.image.sopInstanceUid === reference.sopInstanceUid && m.image.frame === reference.frame,
      ),
      render: async (width, height, signal) => {
        const { renderView } = await import('./print/capture.js');
        return renderView(
          {
            client,
            reference,
            voi: onScreen || !headerDefault ? voi : undefined,
            voiLutIndex: host.currentVoiLut?.index,
            invert: host.invert,
            presentation: host.currentPresentation,
            cssSize,
            init: this.#access.renderingInit(),
          },
          width,
          height,
          host.renderRoot as ShadowRoot,
          signal,
        );
      },
    };
  }

  /** The localised words of printed pages. */
  printStrings(): PrintStrings {
    const locale = this.#host.effectiveLocale;
    let dates: Intl.DateTimeFormat;
    let stamps: Intl.DateTimeFormat;
    let numbers: Intl.NumberFormat;
    try {
      dates = new Intl.DateTimeFormat(locale || undefined, { dateStyle: 'medium' });
      stamps = new Intl.DateTimeFormat(locale || undefined, { dateStyle: 'medium', timeStyle: 'short' });
      numbers = new Intl.NumberFormat(locale || undefined, { maximumFractionDigits: 1 });
    } catch {
      dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
      stamps = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
      numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
    }
    const n = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : numbers.format(v));
    return {
      patientId: (id) => this.#m('print.patientId', { id }),
      born: (date) => this.#m('print.born', { date }),
      accession: (accession) => this.#m('print.accession', { accession }),
      printed: (date) => this.#m('print.printed', { date }),
      page: (page, pages) => this.#m('print.page', { page, pages }),
      date: (d) => (d ? dates.format(new Date(d.year, d.month - 1, d.day)) : ''),
      now: () => stamps.format(new Date()),
      label: (m) => {
        if (m.kind === 'arrow') return m.text ?? '';
        const value = m.value === undefined ? '' : `${n(m.value)} ${m.unit === 'deg' ? '°' : m.unit}`.trim();
        const mean = m.stats ? ` · ${n(m.stats.mean)} ${m.stats.unit}`.trimEnd() : '';
        return `${value}${mean}`;
      },
    };
  }

  /** Prints through the browser: the page's sheet for `images`, then its print dialog. */
  async printImagesWithBrowser(
    job: PrintJob,
    options: PrintOptions,
    grid?: { rows: number; columns: number },
  ): Promise<void> {
    return this.#guard(async () => {
      const images = await job;
      if (images.length === 0) throw new ReportError('nothing', 'no image to print');
      const [{ buildPrintDocument }, { mountPrintSheet }] = await Promise.all([
        import('./print/document.js'),
        import('./print/sheet.js'),
      ]);
      const document = await buildPrintDocument(images, options, this.printStrings(), grid);
      this.#print?.remove();
      const sheet = await mountPrintSheet(document);
      this.#print = sheet;
      // Kept until the print is done: some browsers return from print() before they have printed.
      const done = () => {
        if (this.#print === sheet) this.#print = undefined;
        sheet.remove();
      };
      addEventListener('afterprint', done, { once: true });
      window.print();
    });
  }

  /** A PDF of `images`. */
  async pdfOf(
    job: PrintJob,
    options: PrintOptions,
    grid?: { rows: number; columns: number },
  ): Promise<{ blob: Blob; pages: number; context: Instance; sources: ImageRef[] }> {
    const images = await job;
    if (images.length === 0) throw new ReportError('nothing', 'no image to print');
    const [{ buildPrintDocument }, { printPdf }] = await Promise.all([
      import('./print/document.js'),
      import('./print/pdf.js'),
    ]);
    const document = await buildPrintDocument(images, options, this.printStrings(), grid);
    const blob = await printPdf(document, options.header && options.header.title ? options.header.title : 'Images');
    return { blob, pages: document.pages.length, context: document.context, sources: document.sources };
  }

  /** A PDF of this viewport's image (or key images). */
  async toPdf(options: PrintOptions = {}): Promise<Blob> {
    return this.pdfBlobOf(this.printImages(options.images), options);
  }

  /** A PDF of `images` for a host's call: a failure is reported (event and notice) and rejects. */
  async pdfBlobOf(images: PrintJob, options: PrintOptions, grid?: { rows: number; columns: number }): Promise<Blob> {
    return this.#guard(async () => (await this.pdfOf(images, options, grid)).blob);
  }

  /** Stores a PDF of `images` as an Encapsulated PDF in the study. */
  async storePdfOf(
    images: PrintJob,
    options: PrintOptions & EncapsulatedPdfOptions,
    grid?: { rows: number; columns: number },
  ): Promise<StoredObject> {
    return this.#guard(async () => {
      const client = archiveOf(this.#requireClient());
      const { blob, pages, context, sources } = await this.pdfOf(images, options, grid);
      const [{ encapsulatedPdf }, { storeDocument }] = await Promise.all([
        import('./encapsulated-pdf.js'),
        loadDocuments(),
      ]);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const object = await storeDocument(client, encapsulatedPdf(bytes, context, sources, options));
      this.#announce({ kind: 'encapsulated-pdf', object, pages });
      return object;
    });
  }

  // ---- reporting ---------------------------------------------------------------------

  #requireClient(): DicomSource {
    const client = this.#host.activeClient;
    if (!client || !this.#access.ready()) throw new ReportError('nothing', 'no image on screen');
    return client;
  }

  #announce(detail: StoreDetail): void {
    this.#notice = { kind: 'info', text: this.#m(`results.stored.${detail.kind}`), index: this.#host.imageIndex };
    this.#host.requestUpdate();
    emit(this.#host, 'fovea-store', detail);
  }

  /** Runs a host's call: a failure is reported (event and notice) and rethrown. */
  async #guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!isAbortError(error)) this.#fail(error, true);
      throw error;
    }
  }

  #fail(error: unknown, shown: boolean): void {
    const messages = this.#host.effectiveMessages;
    this.#access.reportError(error);
    if (shown || !this.#notice) this.#notice = { kind: 'error', text: message(errorMessageId(error), {}, messages) };
    this.#host.requestUpdate();
  }

  // ---- what shows in the viewport -------------------------------------------------------

  /** The notice (offer, stored, failure) and the key image flag. */
  render(): TemplateResult | typeof nothing {
    const notice =
      this.#notice?.kind === 'info' && this.#notice.index !== this.#host.imageIndex ? undefined : this.#notice;
    const key = this.#access.ready() && this.isKeyImage(Math.max(0, this.#host.imageIndex));
    if (!notice && !key) return nothing;
    return html`${key ? html`<div part="key-image">★ ${this.#m('results.keyImage')}</div>` : nothing}
    ${
      notice
        ? html`<div part="results" data-kind=${notice.kind} role=${notice.kind === 'error' ? 'alert' : 'status'}>
            ${
              notice.kind === 'offer'
                ? this.#m(notice.count > 1 ? 'results.offer.other' : 'results.offer.one', {
                    count: notice.count,
                    date: notice.report.contentDateTime?.slice(0, 10) ?? this.#m('results.undated'),
                  })
                : notice.text
            }
          </div>`
        : nothing
    }`;
  }
}
