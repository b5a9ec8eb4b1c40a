/**
 * Uploading local instances to an archive with STOW-RS: what the server
 * already has is never sent (asked with QIDO-RS; the host's journal stands
 * in for an archive without QIDO-RS),
 * batches stay under a size cap (a 413 answer splits them), a few are in
 * flight at once, a cut connection is retried with backoff after asking the
 * server what arrived, and every instance ends with its own outcome.
 */
import { DicomWebError, FoveaError, isAbortError, redactUrl } from '../errors.js';
import type { DicomWebClient } from '../dicomweb/client.js';
import type { LocalInstance } from './source.js';
import { rewriteInstance, RewriteError, targetUids, type RewriteOptions } from './reconcile.js';
import {
  journalKey,
  type ImportReport,
  type InstanceOutcome,
  type InstanceReport,
  type UploadJournal,
} from './upload-report.js';

export * from './upload-report.js';

/** Progress of an upload. */
export interface UploadProgress {
  /** Instances finished (any outcome). */
  done: number;
  total: number;
  bytesSent: number;
  bytesTotal: number;
}

/** Options of {@link uploadInstances}. */
export interface UploadOptions extends RewriteOptions {
  /** The archive (its `storeInstances` and QIDO `iterateInstances`). */
  client: Pick<DicomWebClient, 'root' | 'storeInstances' | 'iterateInstances'>;
  journal?: UploadJournal | undefined;
  signal?: AbortSignal | undefined;
  /** Requests in flight at once. Default 2. */
  concurrency?: number;
  /** Bytes of DICOM in one request at most (one larger instance goes alone). Default 16 MiB. */
  maxBatchBytes?: number;
  /** Instances in one request at most. Default 50. */
  maxBatchInstances?: number;
  /** Retries of a batch after a network failure or a server error. Default 4. */
  retries?: number;
  /** First backoff in ms (doubling, with jitter). Default 500. */
  baseDelayMs?: number;
  /** Longest backoff in ms. Default 10,000. */
  maxDelayMs?: number;
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Each instance's outcome as soon as it is known. */
  onInstance?: ((report: InstanceReport) => void) | undefined;
}

interface Item {
  record: LocalInstance;
  report: InstanceReport;
  size: number;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Whether asking again may succeed: no answer, a timeout, or a server error. */
function transient(error: unknown): boolean {
  if (!(error instanceof DicomWebError)) return false;
  return error.code === 'network' || error.code === 'timeout' || error.status >= 500 || error.status === 429;
}

/**
 * Uploads `records` to `options.client`, rewritten as `options` ask
 * (reconciliation, accession number, de-identification), and reports each
 * instance's outcome. Never throws for an instance: only for a cancelled
 * upload's signal is it cut short, and then what was not sent is `cancelled`.
 */
export async function uploadInstances(
  records: readonly LocalInstance[],
  options: UploadOptions,
): Promise<ImportReport> {
  const { client, signal } = options;
  const startedAt = new Date().toISOString();
  const retries = options.retries ?? 4;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const rewriting = !!(options.patient || options.accessionNumber !== undefined || options.deidentify);
  const items: Item[] = [];
  for (const record of records) {
    const target = await targetUids(record.instance, options);
    items.push({
      record,
      size: record.file.size,
      report: {
        sopInstanceUid: record.instance.sopInstanceUid,
        uploadedSopInstanceUid: target.sopInstanceUid,
        studyInstanceUid: target.studyInstanceUid,
        seriesInstanceUid: target.seriesInstanceUid,
        outcome: 'cancelled',
        attempts: 0,
      },
    });
  }
  const progress: UploadProgress = {
    done: 0,
    total: items.length,
    bytesSent: 0,
    bytesTotal: items.reduce((n, i) => n + i.size, 0),
  };
  const finish = (item: Item, outcome: InstanceOutcome, extra: Partial<InstanceReport> = {}) => {
    Object.assign(item.report, { outcome, ...extra });
    progress.done++;
    options.onInstance?.({ ...item.report });
    options.onProgress?.({ ...progress });
  };

  // What the archive has already, per study: asked once, before anything is sent.
  const existingStudies: string[] = [];
  const onServer = async (studyUid: string): Promise<Set<string>> => {
    const found = new Set<string>();
    for await (const instance of client.iterateInstances(
      { StudyInstanceUID: studyUid },
      { includefield: ['00080018'], pageSize: 1000, signal },
    )) {
      found.add(instance.sopInstanceUid);
    }
    return found;
  };
  const withRetries = async <T>(task: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await task();
      } catch (error) {
        if (!transient(error) || attempt >= retries) throw error;
        await sleep(Math.min(maxDelay, baseDelay * 2 ** attempt) * (0.5 + Math.random() / 2), signal);
      }
    }
  };

  let cancelled = false;
  const pending: Item[] = [];
  try {
    const studies = [...new Set(items.map((i) => i.report.studyInstanceUid))];
    for (const study of studies) {
      // The archive's answer decides (a journal may be stale: a study deleted since); the journal
      // stands in only for an archive without QIDO-RS (an answer other than a network failure or 5xx).
      let present: Set<string> | undefined;
      try {
        present = await withRetries(() => onServer(study));
      } catch (error) {
        if (transient(error) || isAbortError(error)) throw error;
      }
      if (present && present.size > 0) existingStudies.push(study);
      for (const item of items.filter((i) => i.report.studyInstanceUid === study)) {
        const uid = item.report.uploadedSopInstanceUid;
        const stored = present ? present.has(uid) : await options.journal?.has(journalKey(client.root, uid));
        if (stored) finish(item, 'already-stored');
        else pending.push(item);
      }
    }
  } catch (error) {
    if (!signal?.aborted && !isAbortError(error)) {
      // The archive cannot be asked what it has: nothing is sent.
      for (const item of items)
        if (item.report.attempts === 0 && item.report.outcome === 'cancelled')
          finish(item, 'failed', { failure: 'network' });
      return report();
    }
    cancelled = true;
  }

  // Batches under the caps, in the order found (a series stays together).
  const maxBytes = options.maxBatchBytes ?? 16 * 1024 * 1024;
  const maxCount = options.maxBatchInstances ?? 50;
  const queue: Item[][] = [];
  let batch: Item[] = [];
  let bytes = 0;
  for (const item of pending) {
    if (batch.length > 0 && (bytes + item.size > maxBytes || batch.length >= maxCount)) {
      queue.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += item.size;
  }
  if (batch.length) queue.push(batch);

  const confirm = async (batchItems: Item[]): Promise<Item[]> => {
    // After a cut: what arrived is confirmed by the server, not sent again.
    const left: Item[] = [];
    const byStudy = new Map<string, Set<string>>();
    for (const item of batchItems) {
      const study = item.report.studyInstanceUid;
      if (!byStudy.has(study)) byStudy.set(study, await withRetries(() => onServer(study)));
      if (byStudy.get(study)!.has(item.report.uploadedSopInstanceUid)) {
        await options.journal?.add([journalKey(client.root, item.report.uploadedSopInstanceUid)]);
        finish(item, 'stored');
      } else left.push(item);
    }
    return left;
  };

  const send = async (batchItems: Item[]): Promise<void> => {
    let work = batchItems;
    for (let attempt = 0; work.length > 0; attempt++) {
      signal?.throwIfAborted();
      // Files go as they are (the browser sends them from the disk, never read into script);
      // rewritten copies are made per request and dropped after it: memory stays within a batch.
      const parts: { item: Item; bytes: Uint8Array | Blob }[] = [];
      for (const item of work) {
        try {
          let bytes: Uint8Array | Blob;
          if (rewriting) {
            const original = new Uint8Array(await item.record.file.arrayBuffer());
            bytes = await rewriteInstance(original, item.record.pixelData?.elementOffset, options);
          } else {
            // A file moved or its medium removed since it was listed fails here, not as a network error.
            await item.record.file.slice(0, 1).arrayBuffer();
            bytes = item.record.file;
          }
          parts.push({ item, bytes });
        } catch (error) {
          if (isAbortError(error)) throw error;
          finish(item, 'failed', { failure: error instanceof RewriteError ? 'rewrite' : 'unreadable' });
        }
      }
      if (parts.length === 0) return;
      for (const part of parts) part.item.report.attempts++;
      try {
        const result = await client.storeInstances(
          parts.map((p) => p.bytes),
          { signal },
        );
        progress.bytesSent += parts.reduce(
          (n, p) => n + (p.bytes instanceof Uint8Array ? p.bytes.byteLength : p.bytes.size),
          0,
        );
        const stored = new Map(result.stored.map((s) => [s.sopInstanceUid, s]));
        const failed = new Map(result.failed.map((s) => [s.sopInstanceUid, s]));
        const unlisted: Item[] = [];
        const keys: string[] = [];
        for (const { item } of parts) {
          const uid = item.report.uploadedSopInstanceUid;
          const ok = stored.get(uid);
          const bad = failed.get(uid);
          if (ok) {
            keys.push(journalKey(client.root, uid));
            finish(item, ok.reason ? 'stored-with-warning' : 'stored', { reasonCode: ok.reason });
          } else if (bad) finish(item, 'failed', { failure: 'refused', reasonCode: bad.reason });
          else unlisted.push(item);
        }
        await options.journal?.add(keys);
        for (const item of await confirm(unlisted)) finish(item, 'failed', { failure: 'unconfirmed' });
        return;
      } catch (error) {
        if (signal?.aborted || isAbortError(error)) throw error;
        const status = error instanceof DicomWebError ? error.status : 0;
        const items = parts.map((p) => p.item);
        if (status === 413 || (status >= 400 && status < 500 && status !== 429 && status !== 408)) {
          // Too large, or refused without a list: halves until the one at fault stands alone.
          if (items.length > 1) {
            const half = Math.ceil(items.length / 2);
            await send(items.slice(0, half));
            await send(items.slice(half));
          } else finish(items[0]!, 'failed', { failure: status === 413 ? 'too-large' : 'refused' });
          return;
        }
        if (!transient(error) && !(error instanceof FoveaError)) throw error;
        if (attempt >= retries) {
          for (const item of await confirm(items).catch(() => items)) finish(item, 'failed', { failure: 'network' });
          return;
        }
        await sleep(Math.min(maxDelay, baseDelay * 2 ** attempt) * (0.5 + Math.random() / 2), signal);
        work = await confirm(items);
      }
    }
  };

  if (!cancelled) {
    const lanes = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await send(next);
    });
    const results = await Promise.allSettled(lanes);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      if (!signal?.aborted && !isAbortError(failure.reason)) throw failure.reason;
      cancelled = true;
    }
  }
  return report();

  function report(): ImportReport {
    const counts: Record<InstanceOutcome, number> = {
      stored: 0,
      'stored-with-warning': 0,
      'already-stored': 0,
      failed: 0,
      cancelled: 0,
    };
    for (const item of items) counts[item.report.outcome]++;
    return {
      target: redactUrl(client.root),
      startedAt,
      finishedAt: new Date().toISOString(),
      reconciled: !!(options.patient || options.accessionNumber !== undefined),
      deidentified: !!options.deidentify,
      cancelled: cancelled || counts.cancelled > 0,
      counts,
      bytesSent: progress.bytesSent,
      existingStudies,
      instances: items.map((i) => ({ ...i.report })),
    };
  }
}
