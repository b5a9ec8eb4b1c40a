// What the import element shows below its drop zone: the summary of the
// files read, the studies found (with the mixed-patients confirmation), the
// upload controls and progress, and the upload's outcome.
import { html, nothing, type TemplateResult } from 'lit';
import { formatPersonName, type Study } from '@fovea-dicom/core';
import type { ImportReport, ScanProgress, UploadFailure, UploadProgress } from '@fovea-dicom/core/local';
import type { SkippedCount } from './import-events.js';
import type { ImportMessageId } from './import.messages.js';

const FAILURES: readonly UploadFailure[] = ['refused', 'too-large', 'network', 'rewrite', 'unreadable', 'unconfirmed'];

/** Where an import stands: no files yet, reading them, read, uploading, upload ended. */
export type ImportStatus = 'empty' | 'scanning' | 'found' | 'uploading' | 'done';

/** The element's state the views read, and what they call back. */
export interface ImportView {
  readonly phase: ImportStatus;
  readonly scan: ScanProgress;
  readonly studies: readonly Study[];
  readonly seriesCount: number;
  /** Instances read. */
  readonly instances: number;
  /** Distinct patients. */
  readonly patients: number;
  readonly skipped: readonly SkippedCount[];
  readonly previewStudy: string;
  readonly mixedConfirmed: boolean;
  readonly progress: UploadProgress | undefined;
  readonly report: ImportReport | undefined;
  readonly canUpload: boolean;
  readonly hasArchive: boolean;
  readonly t: (id: ImportMessageId, params?: Record<string, string | number>) => string;
  readonly onPreview: (studyUid: string) => void;
  readonly onConfirmMixed: (confirmed: boolean) => void;
  readonly onUpload: () => void;
  readonly onCancel: () => void;
  readonly onClear: () => void;
}

export function summaryTemplate(view: ImportView): TemplateResult {
  const { phase, scan, t } = view;
  let text = '';
  if (phase === 'scanning') text = t('import.scanning', { read: scan.read, found: scan.found });
  else if (phase !== 'empty' && view.instances === 0) text = t('import.nothingFound');
  else if (phase !== 'empty') {
    text = t('import.summary', {
      patients: view.patients,
      studies: view.studies.length,
      series: view.seriesCount,
      instances: view.instances,
    });
  }
  const skipped = view.skipped;
  const total = skipped.reduce((n, s) => n + s.count, 0);
  return html`<div part="summary" role="status" aria-live="polite">
    <span>${text}</span>
    ${
      total && phase !== 'scanning'
        ? html`<span part="skipped"
            >${t('import.skipped', { count: total })}:
            ${skipped.map((s) => t(`import.skip.${s.reason}`, { count: s.count })).join(', ')}</span
          >`
        : nothing
    }
  </div>`;
}

export function studiesTemplate(view: ImportView): TemplateResult {
  const { t, patients } = view;
  return html`
    <ul part="studies">
      ${view.studies.map(
        (study) =>
          html`<li part="study">
            <span class="name">${formatPersonName(study.patientName)}</span>
            <span>${study.patientId ?? ''}</span>
            <span
              >${study.studyDate ? `${study.studyDate.year}-${String(study.studyDate.month).padStart(2, '0')}-${String(study.studyDate.day).padStart(2, '0')}` : ''}</span
            >
            <span>${study.studyDescription ?? ''}</span>
            <span>${study.modalitiesInStudy.join(', ')}</span>
            <button
              part="button"
              type="button"
              aria-pressed=${study.studyInstanceUid === view.previewStudy ? 'true' : 'false'}
              @click=${() => view.onPreview(study.studyInstanceUid)}
            >
              ${t('import.preview')}
            </button>
          </li>`,
      )}
    </ul>
    ${
      patients > 1
        ? html`<div part="warning" role="alert">
            <p>${t('import.mixed', { count: patients })}</p>
            <label
              ><input
                type="checkbox"
                .checked=${view.mixedConfirmed}
                ?disabled=${view.phase !== 'found'}
                @change=${(e: Event) => view.onConfirmMixed((e.target as HTMLInputElement).checked)}
              />
              ${t('import.confirmMixed', { count: patients })}</label
            >
          </div>`
        : nothing
    }
  `;
}

export function uploadTemplate(view: ImportView): TemplateResult | typeof nothing {
  const { progress, report, t } = view;
  if (view.phase === 'empty' || view.phase === 'scanning') return nothing;
  return html`<div part="upload">
    ${
      view.phase === 'uploading'
        ? html`<progress
              part="progress"
              max=${progress?.total ?? 1}
              value=${progress?.done ?? 0}
              aria-label=${t('import.uploading', { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
            ></progress>
            <span role="status"
              >${t('import.uploading', { done: progress?.done ?? 0, total: progress?.total ?? 0 })}</span
            >
            <button part="button" type="button" @click=${view.onCancel}>${t('import.cancel')}</button>`
        : html`<button part="button" class="primary" type="button" ?disabled=${!view.canUpload} @click=${view.onUpload}>
              ${t('import.upload')}
            </button>
            <button part="button" type="button" @click=${view.onClear}>${t('import.clear')}</button>
            ${view.hasArchive ? nothing : html`<span>${t('import.noArchive')}</span>`}`
    }
    ${report ? reportTemplate(report, t) : nothing}
  </div>`;
}

function reportTemplate(report: ImportReport, t: ImportView['t']): TemplateResult {
  const { counts } = report;
  const failures = new Map<UploadFailure, number>();
  for (const i of report.instances) if (i.failure) failures.set(i.failure, (failures.get(i.failure) ?? 0) + 1);
  const lines = [t('import.done', { stored: counts.stored + counts['stored-with-warning'] })];
  if (counts['already-stored']) lines.push(t('import.already', { count: counts['already-stored'] }));
  if (report.existingStudies.length) lines.push(t('import.existingStudies', { count: report.existingStudies.length }));
  return html`<div part="result" role="status">
    ${lines.map((l) => html`<p>${l}</p>`)}
    ${
      counts.failed
        ? html`<p class="failed">
            ${t('import.failed', { count: counts.failed })}:
            ${FAILURES.filter((f) => failures.has(f))
              .map((f) => t(`import.failure.${f}`, { count: failures.get(f)! }))
              .join(', ')}
          </p>`
        : nothing
    }
    ${counts.cancelled ? html`<p class="failed">${t('import.cancelled', { count: counts.cancelled })}</p>` : nothing}
  </div>`;
}
