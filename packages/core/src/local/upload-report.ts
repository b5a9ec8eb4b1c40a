/**
 * What an upload (upload.ts) reports and remembers: each instance's outcome
 * and why it failed, the report a host stores, and the journal of what a
 * target has confirmed. UIDs only: no path, no patient data.
 */
import { redactUrl } from '../errors.js';

/** How one instance ended. */
export type InstanceOutcome = 'stored' | 'stored-with-warning' | 'already-stored' | 'failed' | 'cancelled';

/** Why an instance failed. */
export type UploadFailure =
  /** The server refused it (its FailureReason, when it gave one, is in `reasonCode`). */
  | 'refused'
  /** The server refused it as too large even alone (HTTP 413). */
  | 'too-large'
  /** The server could not be reached, or kept failing, through every retry. */
  | 'network'
  /** The copy could not be made (deflated file to reconcile, burned-in annotation to de-identify, header unreadable). */
  | 'rewrite'
  /** The local file could not be read any more. */
  | 'unreadable'
  /** The server accepted the request but did not list the instance, and does not have it. */
  | 'unconfirmed';

/** The outcome of one instance. UIDs only: no path, no patient data. */
export interface InstanceReport {
  /** SOP Instance UID on the medium. */
  sopInstanceUid: string;
  /** SOP Instance UID as uploaded (differs when de-identified). */
  uploadedSopInstanceUid: string;
  /** Study Instance UID as uploaded. */
  studyInstanceUid: string;
  /** Series Instance UID as uploaded. */
  seriesInstanceUid: string;
  outcome: InstanceOutcome;
  failure?: UploadFailure | undefined;
  /** The server's FailureReason (0008,1197) or WarningReason (0008,1196). */
  reasonCode?: number | undefined;
  /** Requests that carried it (0 when it was not sent). */
  attempts: number;
}

/** The report of one upload: what a host stores. */
export interface ImportReport {
  /** The archive's DICOMweb root (query values removed). */
  target: string;
  startedAt: string;
  finishedAt: string;
  reconciled: boolean;
  deidentified: boolean;
  /** The upload was cancelled before every instance was sent. */
  cancelled: boolean;
  counts: Record<InstanceOutcome, number>;
  /** DICOM bytes sent in requests that were answered. */
  bytesSent: number;
  /** Studies (as uploaded) that the archive already had before the upload. */
  existingStudies: string[];
  instances: InstanceReport[];
}

/**
 * What an upload remembers across reloads: which instances a target has
 * confirmed. Consulted only when the archive cannot say what it has (no
 * QIDO-RS): the archive's own answer is the truth, a journal may be stale.
 */
export interface UploadJournal {
  has(key: string): boolean | Promise<boolean>;
  add(keys: readonly string[]): void | Promise<void>;
}

/** A journal in memory (for one page's life). */
export class MemoryJournal implements UploadJournal {
  readonly #keys = new Set<string>();
  has(key: string): boolean {
    return this.#keys.has(key);
  }
  add(keys: readonly string[]): void {
    for (const key of keys) this.#keys.add(key);
  }
}

const NOT_STORED = new Set<InstanceOutcome>(['failed', 'cancelled']);

/** The key of an instance in a journal: the target and the UID as uploaded. */
export function journalKey(target: string, sopInstanceUid: string): string {
  return `${redactUrl(target)}|${sopInstanceUid}`;
}

/** Whether an instance's outcome means it is on the archive. */
export function isOnArchive(report: InstanceReport): boolean {
  return !NOT_STORED.has(report.outcome);
}
