import { FoveaError } from '@fovea-dicom/core';
import type { ErrorDetail } from '../events.js';
import { message, type MessageId, type Messages } from './messages.js';

/**
 * The detail of a `fovea-error` for `error`: its stable code (`unknown` for
 * errors Fovea did not throw on purpose) and the localised message for it
 * (or for `id`). Messages never hold patient data.
 */
export function errorDetail(error: unknown, messages: Messages, id?: MessageId): ErrorDetail {
  const code = error instanceof FoveaError ? error.code : 'unknown';
  return {
    error: error instanceof Error ? error : new Error(String(error)),
    code,
    message: message(id ?? (`error.${code}` as MessageId), {}, messages),
  };
}
