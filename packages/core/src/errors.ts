/**
 * Typed errors thrown by `@fovea-dicom/core`.
 *
 * Messages never contain query values, patient data or credentials: URLs are
 * redacted to their path shape (UIDs kept, query values dropped) before they
 * reach a message, so an error can be logged or reported safely.
 */

/**
 * What kind of failure an error is, for hosts that localise messages.
 * `invalid-argument`: a host called the API with a value that does not exist
 * (a tool, mouse button or toolbar item name), thrown at the call.
 */
export type FoveaErrorCode =
  | 'http'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'unauthorized'
  | 'bad-response'
  | 'parse'
  | 'unsupported'
  | 'decode'
  | 'invalid-argument';

/** Base class of every error Fovea throws on purpose. */
export class FoveaError extends Error {
  /** A stable machine-readable code; UI strings are looked up from it. */
  readonly code: FoveaErrorCode;

  constructor(code: FoveaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FoveaError';
    this.code = code;
  }
}

/** A DICOMweb request failed: an HTTP status, a network failure, a timeout or a malformed answer. */
export class DicomWebError extends FoveaError {
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** HTTP method of the request. */
  readonly method: string;
  /** The request URL with query values removed (safe to log). */
  readonly url: string;
  /** Whether repeating the same request later may succeed. */
  readonly retryable: boolean;

  constructor(
    code: FoveaErrorCode,
    init: { status: number; method: string; url: string; retryable: boolean; detail?: string; cause?: unknown },
  ) {
    const what = init.status ? `HTTP ${init.status}` : code;
    super(code, `DICOMweb ${init.method} ${init.url} failed: ${what}${init.detail ? ` (${init.detail})` : ''}`, {
      cause: init.cause,
    });
    this.name = 'DicomWebError';
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.retryable = init.retryable;
  }
}

/** DICOM data (Part 10, JSON or multipart) could not be parsed. */
export class DicomParseError extends FoveaError {
  /** Byte offset where parsing failed, when known. */
  readonly offset: number | undefined;
  /** The tag being read (`ggggeeee`), when known. */
  readonly tag: string | undefined;

  constructor(message: string, init: { offset?: number; tag?: string; cause?: unknown } = {}) {
    super('parse', message, { cause: init.cause });
    this.name = 'DicomParseError';
    this.offset = init.offset;
    this.tag = init.tag;
  }
}

/**
 * Removes query values and user info from a URL so it can appear in messages
 * and logs. Path segments are kept: DICOMweb paths hold UIDs, not names.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const keys = [...new Set([...u.searchParams.keys()])];
    const query = keys.length ? `?${keys.map((k) => `${k}=…`).join('&')}` : '';
    return `${u.origin}${u.pathname}${query}`;
  } catch {
    const [path = '', query] = url.split('?');
    return query === undefined ? path : `${path}?…`;
  }
}

/** True for an abort caused by an AbortSignal (DOMException or our own). */
export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof FoveaError && error.code === 'aborted') ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
  );
}
