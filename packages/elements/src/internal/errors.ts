import { DecoderBlockedError, FoveaError, ImageError } from '@fovea-dicom/core';
import { ReportError } from '../results/report-error.js';
import type { ErrorDetail } from '../events.js';
import { message, type MessageId, type Messages } from './messages.js';

/**
 * The detail of a `fovea-error` for `error`: its stable code (`unknown` for
 * errors Fovea did not throw on purpose), the reason of an image error, and
 * the localised message for them (or for `id`). Messages never hold patient
 * data or UIDs.
 */
export function errorDetail(error: unknown, messages: Messages, id?: MessageId): ErrorDetail {
  const code = error instanceof FoveaError ? error.code : 'unknown';
  const reason = error instanceof ImageError || error instanceof ReportError ? error.reason : undefined;
  return {
    error: error instanceof Error ? error : new Error(String(error)),
    code,
    ...(reason ? { reason } : {}),
    message: message(id ?? errorMessageId(error), {}, messages),
  };
}

/** The message id that explains `error` to a person. */
export function errorMessageId(error: unknown): MessageId {
  if (error instanceof DecoderBlockedError) return 'error.decode.blocked';
  if (error instanceof ImageError) return `error.decode.${error.reason}`;
  if (error instanceof ReportError) return `error.report.${error.reason}`;
  return `error.${error instanceof FoveaError ? error.code : 'unknown'}`;
}
