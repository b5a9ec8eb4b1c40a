import { FoveaError } from '@fovea-dicom/core';

/**
 * Why a stored document cannot be shown:
 * - `not-sr`: the object is not a structured report;
 * - `template`: an SR that does not follow TID 1500 (Measurement Report);
 * - `empty`: a measurement report with no measurement Fovea can draw
 *   (none on these images, or only shapes Fovea has no tool for);
 * - `not-key-objects`: the object is not a Key Object Selection document;
 * - `refused`: the server did not store a document Fovea sent;
 * - `read-only`: the images are not in an archive (files on the reader's computer): nothing can be stored;
 * - `nothing`: there is nothing to store (no measurement, no key image, no image to print).
 */
export type ReportErrorReason =
  'not-sr' | 'template' | 'empty' | 'not-key-objects' | 'refused' | 'read-only' | 'nothing';

/**
 * A document (SR, KOS) that Fovea read but cannot show. Code `unsupported`;
 * `reason` says why (message id `error.report.<reason>`). Messages hold no
 * UIDs or patient data.
 */
export class ReportError extends FoveaError {
  static override readonly kind: string = 'ReportError';
  readonly reason: ReportErrorReason;

  constructor(reason: ReportErrorReason, message: string, options?: { cause?: unknown }) {
    super('unsupported', message, options);
    this.name = 'ReportError';
    this.reason = reason;
  }
}
