/**
 * Finds a study's measurement reports (TID 1500 SR) that hold measurements
 * on the images of a series, and the series a report's measurements are on.
 * Each SR is read once per study (documents never change): another series
 * of the same study does not read them again.
 */
import { DicomWebError, isAbortError, type DicomSource, type ImageReference, type Instance } from '@fovea-dicom/core';
import type { Dataset } from './dicom-file.js';
import { loadDocuments } from './documents-loader.js';
import { ReportError } from './report-error.js';
import type { ReadReport } from './sr-read.js';
import type { ReportSummary } from './report-types.js';

/** Content Date and Time as `YYYY-MM-DDTHH:MM:SS`, when the document has them. */
export const dateOf = (text: (d: Dataset, k: string) => string | undefined, dataset: Dataset): string | undefined => {
  const d = (text(dataset, 'ContentDate') ?? '').replace(/\D/g, '');
  const t = (text(dataset, 'ContentTime') ?? '').replace(/\D/g, '').padEnd(6, '0');
  if (d.length !== 8) return undefined;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
};

/** The reports found on a series, newest first, and each one as read (by SOP Instance UID). */
export interface FoundReports {
  reports: ReportSummary[];
  read: Map<string, ReadReport>;
}

export class ReportFinder {
  /** The study's SRs as read: the report, its date and description, or null for an SR that is no measurement report. */
  readonly #seen = new Map<string, { read: ReadReport; date?: string; description?: string } | null>();
  #seenFor: { client: DicomSource; study: string } | undefined;

  /** The reports of `study` with measurements on `references`. */
  async find(
    client: DicomSource,
    study: string,
    references: readonly ImageReference[],
    signal: AbortSignal,
  ): Promise<FoundReports> {
    if (this.#seenFor?.client !== client || this.#seenFor.study !== study) {
      this.#seen.clear();
      this.#seenFor = { client, study };
    }
    const { findDocuments, isMeasurementReport, readDocument, readMeasurementReport, SR_CLASSES, text } =
      await loadDocuments();
    const documents = await findDocuments(client, study, 'SR', signal);
    const here = new Set(references.map((r) => r.sopInstanceUid));
    const found: FoundReports = { reports: [], read: new Map() };
    for (const ref of documents) {
      if (ref.sopClassUid && !SR_CLASSES.has(ref.sopClassUid)) continue;
      if (!this.#seen.has(ref.sopInstanceUid)) {
        let dataset;
        try {
          dataset = await readDocument(client, ref, signal);
        } catch (error) {
          // A report that is not readable DICOM is not offered; a failed request is a failure.
          if (error instanceof DicomWebError || isAbortError(error)) throw error;
          this.#seen.set(ref.sopInstanceUid, null);
          continue;
        }
        // Dose reports, CAD findings and other templates are not measurement reports: not offered.
        this.#seen.set(
          ref.sopInstanceUid,
          isMeasurementReport(dataset)
            ? {
                read: readMeasurementReport(dataset),
                date: dateOf(text, dataset),
                description: text(dataset, 'SeriesDescription'),
              }
            : null,
        );
      }
      const seen = this.#seen.get(ref.sopInstanceUid);
      if (!seen) continue;
      const { read } = seen;
      const onThese = read.measurements.filter((m) => here.has(m.image.sopInstanceUid));
      if (onThese.length === 0) continue;
      found.read.set(ref.sopInstanceUid, read);
      found.reports.push({
        ...ref,
        contentDateTime: seen.date,
        seriesDescription: seen.description,
        measurementCount: onThese.length,
        skipped: read.skipped + read.measurements.length - onThese.length,
      });
    }
    signal.throwIfAborted();
    found.reports.sort((a, b) => (b.contentDateTime ?? '').localeCompare(a.contentDateTime ?? ''));
    return found;
  }
}

/**
 * A series without images: if it holds a TID 1500 report, the series most of
 * its measurements are on, and the report. Throws a `ReportError` for an SR of
 * another template, or an object that is no SR; undefined for other objects (PDF…).
 */
export async function reportSeries(
  client: DicomSource,
  instances: readonly Instance[],
  signal: AbortSignal,
): Promise<{ series: string; report: string } | undefined> {
  const { readDocument, readMeasurementReport, SR_CLASSES } = await loadDocuments();
  const reports = instances.filter((i) => SR_CLASSES.has(i.sopClassUid));
  if (reports.length === 0) return undefined;
  let error: unknown;
  for (const instance of reports) {
    try {
      const read = readMeasurementReport(await readDocument(client, instance, signal));
      const bySeries = new Map<string, number>();
      for (const m of read.measurements) {
        bySeries.set(m.image.seriesInstanceUid, (bySeries.get(m.image.seriesInstanceUid) ?? 0) + 1);
      }
      const series = [...bySeries].filter(([uid]) => uid).sort((a, b) => b[1] - a[1])[0]?.[0];
      if (!series) throw new ReportError('empty', 'the report has no measurement on an image Fovea can show');
      return { series, report: instance.sopInstanceUid };
    } catch (e) {
      if (isAbortError(e) || e instanceof DicomWebError) throw e;
      error ??= e;
    }
  }
  throw error;
}
