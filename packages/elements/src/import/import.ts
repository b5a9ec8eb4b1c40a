import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  createDicomWebClient,
  FoveaError,
  formatPersonName,
  isAbortError,
  type DicomWebClient,
  type Study,
} from '@fovea-dicom/core';
import {
  filesFromDataTransfer,
  filesFromDirectoryHandle,
  filesFromList,
  LocalDicomSource,
  uploadInstances,
  WorkerHeaderReader,
  type DeidentifyOptions,
  type DirectoryHandleLike,
  type ImportReport,
  type LocalFile,
  type PatientIdentity,
  type ScanProgress,
  type SkipReason,
  type UploadJournal,
  type UploadProgress,
} from '@fovea-dicom/core/local';
import { emit } from '../events.js';
import type { Messages } from '../internal/messages.js';
import { clientMaker, DicomWebSourceMixin } from '../internal/source.js';
import '../fovea-viewer.js';
import type { SkippedCount } from './import-events.js';
import { importMessage, type ImportMessageId, type ImportMessages } from './import.messages.js';
import { importStyles } from './import.styles.js';
import { LocalStorageJournal } from './journal.js';
import { studiesTemplate, summaryTemplate, uploadTemplate, type ImportStatus, type ImportView } from './views.js';

export type { ImportStatus, SkippedCount };

type Phase = ImportStatus;

/** One distinct patient on the medium (never shown in a message, only in the list). */
interface PatientKey {
  key: string;
  studies: Study[];
}

const SKIP_ORDER: readonly SkipReason[] = [
  'not-dicom',
  'truncated',
  'unreadable',
  'no-uids',
  'duplicate',
  'missing',
  'read-failed',
];

/**
 * Opens a patient's CD, USB stick, folder or zip without a server, shows what
 * it holds, previews it in `<fovea-viewer>`, and uploads it to the archive with
 * STOW-RS: reconciled to the local patient (IHE IRWF.b) when `patient` is
 * given, de-identified when `deidentify` is.
 *
 * Files are read in place (headers in workers, pixels by byte range when
 * shown); files that are not DICOM or are damaged are counted by reason and
 * never stop the rest. When the files belong to more than one patient, a
 * person must confirm before the upload starts. An upload can be cancelled,
 * and resumed later (after a reload too) without sending an instance twice.
 *
 * @summary Import local DICOM (CD, folder, zip) into the archive.
 *
 * @fires {FoveaImportScanEvent} fovea-import-scan - The files were read. Detail: {@link ImportScanDetail}.
 * @fires {FoveaImportProgressEvent} fovea-import-progress - After each instance's outcome during the upload. Detail: {@link ImportProgressDetail}.
 * @fires {FoveaImportCompleteEvent} fovea-import-complete - The upload ended (done, partly failed or cancelled). Detail: {@link ImportCompleteDetail}.
 * @fires {FoveaErrorEvent} fovea-error - The archive could not be reached at all; the preview's own errors bubble too. Detail: {@link ErrorDetail}.
 *
 * @csspart drop-zone - Where files and folders are dropped; holds the pickers.
 * @csspart button - Each button (pickers, upload, cancel, clear, preview).
 * @csspart summary - The live summary of what was found.
 * @csspart skipped - The skipped files, counted by reason.
 * @csspart studies - The list of studies found; `study` each row.
 * @csspart warning - The mixed-patients warning and its confirmation.
 * @csspart upload - The upload controls and progress.
 * @csspart progress - The upload's progress bar.
 * @csspart result - The upload's outcome.
 * @csspart viewer - The preview `<fovea-viewer>`.
 *
 * @cssprop --fovea-color-surface - Background.
 * @cssprop --fovea-color-text - Text colour.
 * @cssprop --fovea-color-border - Borders.
 * @cssprop --fovea-color-accent - The drop zone when files are dragged over it, and focus.
 * @cssprop --fovea-color-danger - Warnings and failures.
 * @cssprop --fovea-import-viewer-height - Height of the preview (default 28rem).
 */
export class FoveaImport extends DicomWebSourceMixin(LitElement, clientMaker<DicomWebClient>(createDicomWebClient), {
  consume: false, // the archive to upload to is the host's to name, never a panel's (maybe read-only) source
}) {
  static override styles = importStyles;

  /** The local patient's identity: the uploaded copies are reconciled to it (IHE IRWF.b). */
  @property({ attribute: false }) patient: PatientIdentity | undefined;

  /** The local accession number for the uploaded copies. */
  @property({ attribute: 'accession-number' }) accessionNumber = '';

  /** De-identify the uploaded copies (PS3.15 Basic Profile), e.g. for teaching or research. */
  @property({ attribute: false }) deidentify: DeidentifyOptions | undefined;

  /** Where confirmed uploads are remembered for a resume (the page's localStorage by default). */
  @property({ attribute: false }) journal: UploadJournal | undefined;

  /** Requests in flight at once during the upload. */
  @property({ type: Number }) concurrency = 2;

  /** Largest request body in bytes (larger instances go alone; a 413 answer halves a request). */
  @property({ type: Number, attribute: 'max-batch-bytes' }) maxBatchBytes = 16 * 1024 * 1024;

  /** Overrides of the element's words, its own and the shared ones (error messages). */
  @property({ attribute: false }) override messages: ImportMessages & Messages = {};

  /** Where things stand. */
  @state() protected phase: Phase = 'empty';
  @state() protected scan: ScanProgress = { found: 0, read: 0, instances: 0, skipped: 0 };
  @state() protected studies: Study[] = [];
  @state() protected seriesCount = 0;
  @state() protected previewStudy = '';
  @state() protected mixedConfirmed = false;
  @state() protected progress: UploadProgress | undefined;
  @state() protected report: ImportReport | undefined;
  @state() protected dragging = false;

  #source = this.#newSource();

  /** The files read so far, as a source any Fovea element can show (a viewer's `client`). */
  get source(): LocalDicomSource {
    return this.#source;
  }
  #scan: AbortController | undefined;
  #upload: AbortController | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#scan?.abort();
    this.#upload?.abort();
    this.source.close();
  }

  #newSource(): LocalDicomSource {
    const workers = Math.max(1, Math.min(4, (globalThis.navigator?.hardwareConcurrency || 2) - 1));
    return new LocalDicomSource({
      headerReader: new WorkerHeaderReader(
        // `.ts`: what Vite and the dev server find next to this file; Fovea's build emits the
        // worker as a chunk and rewrites this URL to it (scripts/rollup/cornerstone-assets.mjs).
        () => new Worker(new URL('./header-worker.ts', import.meta.url), { type: 'module' }),
        workers,
      ),
    });
  }

  #t(id: ImportMessageId, params: Record<string, string | number> = {}): string {
    return importMessage(id, params, this.messages);
  }

  /** Where the import stands. */
  get status(): ImportStatus {
    return this.phase;
  }

  /** The archive's client: `client`, else one made from `dicomweb-root` (the same as `activeClient`). */
  get archive(): DicomWebClient | undefined {
    return this.activeClient;
  }

  /** Distinct patients of the files, by Patient ID, issuer and name. */
  get patients(): number {
    return this.#patients().length;
  }

  #patients(): PatientKey[] {
    const byKey = new Map<string, PatientKey>();
    for (const study of this.studies) {
      const issuer = study.dataset['00100021']?.Value?.[0] ?? '';
      const key = `${study.patientId ?? ''}|${String(issuer)}|${formatPersonName(study.patientName)}`;
      const entry = byKey.get(key) ?? { key, studies: [] };
      entry.studies.push(study);
      byKey.set(key, entry);
    }
    return [...byKey.values()];
  }

  /** Files skipped, counted by reason. */
  get skipped(): SkippedCount[] {
    const counts = new Map<SkipReason, number>();
    for (const s of this.source.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
    return SKIP_ORDER.filter((r) => counts.has(r)).map((reason) => ({ reason, count: counts.get(reason)! }));
  }

  /**
   * Adds files (from the host's own picker, say) and reads them. Never
   * rejects: a failure that stops the reading (not a bad file: those are
   * listed) is a `fovea-error`.
   */
  async addFiles(files: readonly LocalFile[] | Promise<readonly LocalFile[]>): Promise<void> {
    if (this.phase === 'uploading') return;
    if (this.phase === 'done') this.clear();
    this.#scan?.abort();
    const controller = new AbortController();
    this.#scan = controller;
    this.phase = 'scanning';
    try {
      await this.source.add(await files, {
        signal: controller.signal,
        onProgress: (p) => (this.scan = p),
      });
      await this.#refresh();
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) return;
      // The folder could not be walked (moved, permission withdrawn): what was read so far stays.
      await this.#refresh().catch(() => undefined);
      this.phase = this.source.instances.length ? 'found' : 'empty';
      this.reportError(error);
      return;
    }
    this.phase = 'found';
    emit(this, 'fovea-import-scan', {
      studies: this.studies,
      patients: this.patients,
      series: this.seriesCount,
      instances: this.source.instances.length,
      skipped: this.skipped,
    });
  }

  async #refresh(): Promise<void> {
    this.studies = await this.source.searchStudies();
    this.seriesCount = (await this.source.searchSeries()).length;
    if (!this.studies.some((s) => s.studyInstanceUid === this.previewStudy)) {
      this.previewStudy = this.studies[0]?.studyInstanceUid ?? '';
    }
  }

  /** Forgets the files (and any report), for the next medium. */
  clear(): void {
    this.#scan?.abort();
    this.#upload?.abort();
    this.#source.close();
    this.#source = this.#newSource();
    this.phase = 'empty';
    this.scan = { found: 0, read: 0, instances: 0, skipped: 0 };
    this.studies = [];
    this.seriesCount = 0;
    this.previewStudy = '';
    this.mixedConfirmed = false;
    this.progress = undefined;
    this.report = undefined;
  }

  /** Whether the upload may start: files found, an archive, and mixed patients confirmed. */
  get canUpload(): boolean {
    return (
      this.phase === 'found' &&
      this.source.instances.length > 0 &&
      !!this.archive &&
      (this.patients <= 1 || this.mixedConfirmed)
    );
  }

  /** Uploads what was found; resolves with the report (also sent as `fovea-import-complete`). */
  async upload(): Promise<ImportReport | undefined> {
    const client = this.archive;
    if (!this.canUpload || !client) return undefined;
    const controller = new AbortController();
    this.#upload = controller;
    this.phase = 'uploading';
    this.progress = { done: 0, total: this.source.instances.length, bytesSent: 0, bytesTotal: 0 };
    this.report = undefined;
    let report: ImportReport;
    try {
      report = await uploadInstances(this.source.instances, {
        client,
        journal: this.journal ?? (this.#journal ??= new LocalStorageJournal()),
        signal: controller.signal,
        concurrency: this.concurrency,
        maxBatchBytes: this.maxBatchBytes,
        patient: this.patient,
        accessionNumber: this.accessionNumber || undefined,
        deidentify: this.deidentify,
        onProgress: (p) => {
          this.progress = p;
          emit(this, 'fovea-import-progress', p);
        },
      });
    } catch (error) {
      this.phase = 'found';
      this.reportError(error);
      return undefined;
    }
    this.report = report;
    this.phase = 'done';
    const unreachable = report.instances.every((i) => i.failure === 'network') && report.instances.length > 0;
    if (unreachable) {
      this.reportError(new FoveaError('network', 'the archive could not be reached'));
    }
    emit(this, 'fovea-import-complete', { report, skipped: this.skipped });
    return report;
  }
  #journal: UploadJournal | undefined;

  /** Stops the upload; what was not sent is reported as cancelled. */
  cancel(): void {
    this.#upload?.abort();
  }

  // ---- input ----

  #onDragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  #onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    if (!event.dataTransfer) return;
    // The entries must be taken before the event returns; the walk goes on after.
    void this.addFiles(filesFromDataTransfer(event.dataTransfer));
  }

  #onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    if (input.files?.length) void this.addFiles(filesFromList(input.files));
    input.value = '';
  }

  async #pickDirectory(): Promise<void> {
    const picker = (globalThis as { showDirectoryPicker?: () => Promise<DirectoryHandleLike> }).showDirectoryPicker;
    if (!picker) {
      this.renderRoot.querySelector<HTMLInputElement>('input[webkitdirectory]')?.click();
      return;
    }
    let handle: DirectoryHandleLike;
    try {
      handle = await picker();
    } catch {
      return; // the person closed the picker
    }
    await this.addFiles(filesFromDirectoryHandle(handle));
  }

  // ---- rendering ----

  protected override render(): TemplateResult {
    const view: ImportView = {
      phase: this.phase,
      scan: this.scan,
      studies: this.studies,
      seriesCount: this.seriesCount,
      instances: this.source.instances.length,
      patients: this.patients,
      skipped: this.skipped,
      previewStudy: this.previewStudy,
      mixedConfirmed: this.mixedConfirmed,
      progress: this.progress,
      report: this.report,
      canUpload: this.canUpload,
      hasArchive: this.archive !== undefined,
      t: (id, params) => this.#t(id, params),
      onPreview: (studyUid) => (this.previewStudy = studyUid),
      onConfirmMixed: (confirmed) => (this.mixedConfirmed = confirmed),
      onUpload: () => void this.upload(),
      onCancel: () => this.cancel(),
      onClear: () => this.clear(),
    };
    return html`
      <section
        part="drop-zone"
        class=${this.dragging ? 'dragging' : ''}
        aria-label=${this.#t('import.label')}
        @dragover=${this.#onDragOver}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.#onDrop}
      >
        <p>${this.#t('import.drop')}</p>
        <label part="button" class="button"
          >${this.#t('import.chooseFiles')}
          <input type="file" multiple @change=${this.#onPick} ?disabled=${this.phase === 'uploading'} />
        </label>
        <button part="button" type="button" @click=${this.#pickDirectory} ?disabled=${this.phase === 'uploading'}>
          ${this.#t('import.chooseFolder')}
        </button>
        <input type="file" webkitdirectory hidden @change=${this.#onPick} tabindex="-1" aria-hidden="true" />
      </section>
      ${summaryTemplate(view)}
      ${this.phase === 'found' || this.phase === 'uploading' || this.phase === 'done' ? studiesTemplate(view) : nothing}
      ${uploadTemplate(view)}
      ${
        this.previewStudy
          ? html`<fovea-viewer part="viewer" .client=${this.source} study-uid=${this.previewStudy}></fovea-viewer>`
          : nothing
      }
    `;
  }
}
