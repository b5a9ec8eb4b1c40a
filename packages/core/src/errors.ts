/**
 * Typed errors thrown by `@fovea-dicom/core`.
 *
 * Messages never contain identifiers: no query values, no patient data, no
 * UIDs, no credentials. URLs reach a message only as their shape, with the
 * UIDs of a DICOMweb path replaced by placeholders
 * (`/studies/{study}/series/{series}/instances/{instance}/frames/{frames}`);
 * the UIDs stay available to the host as {@link FoveaError.subject}, which
 * neither `JSON.stringify` nor Node's `util.inspect` shows. An error can be
 * logged or reported as it is.
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
  | 'untrusted-url'
  | 'decode'
  | 'invalid-argument';

/**
 * What a failed request was about: the identifiers its URL held. For the
 * host's own records (which image failed); never part of a message.
 */
export interface RequestSubject {
  readonly studyInstanceUid?: string;
  readonly seriesInstanceUid?: string;
  readonly sopInstanceUid?: string;
  /** 1-based frame numbers asked for. */
  readonly frames?: readonly number[];
}

// Kept outside the error objects so that serialising or inspecting an error never shows them.
const subjects = new WeakMap<FoveaError, RequestSubject>();

/** Where an error records the kinds of its class chain (a registered symbol: the same in every copy). */
const KINDS = Symbol.for('@fovea-dicom/core:error-kinds');

/**
 * Base class of every error Fovea throws on purpose.
 *
 * `instanceof` works across copies of this package: the rendering stack of
 * `@fovea-dicom/elements` is built once with its own copy, and a page may hold
 * both the standalone bundle and a bundled one. Each class names itself in a
 * static `kind` (minifiers rename classes), and an error carries the kinds of
 * its class chain.
 */
export class FoveaError extends Error {
  /** The class's stable name, for `instanceof` across copies of this package. */
  static readonly kind: string = 'FoveaError';

  /** A stable machine-readable code; UI strings are looked up from it. */
  readonly code: FoveaErrorCode;

  constructor(code: FoveaErrorCode, message: string, options?: { cause?: unknown; subject?: RequestSubject }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FoveaError';
    this.code = code;
    if (options?.subject) subjects.set(this, options.subject);
    const kinds: string[] = [];
    for (let c: unknown = new.target; c && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c as object, 'kind')) kinds.push((c as typeof FoveaError).kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds) });
  }

  /** True for errors of this class made by any copy of `@fovea-dicom/core`. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  /**
   * The study, series, instance and frames the failed request was about, when
   * it was about some. Identifying data: show it to the clinician, do not send
   * it to a log or a crash reporter.
   */
  get subject(): RequestSubject | undefined {
    return subjects.get(this);
  }
}

/**
 * Records what a failed request was about on an error that does not know it
 * yet (the transport does this for errors thrown while reading an answer).
 */
export function setErrorSubject(error: FoveaError, subject: RequestSubject): void {
  if (!subjects.has(error) && Object.keys(subject).length > 0) subjects.set(error, subject);
}

/** A DICOMweb request failed: an HTTP status, a network failure, a timeout or a malformed answer. */
export class DicomWebError extends FoveaError {
  static override readonly kind: string = 'DicomWebError';
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** HTTP method of the request. */
  readonly method: string;
  /**
   * The shape of the request URL, safe to log: query values removed and the
   * UIDs of the path replaced by `{study}`, `{series}`, `{instance}`,
   * `{frames}` (any other UID-like segment by `{uid}`). See {@link redactUrl}.
   */
  readonly url: string;
  /** Whether repeating the same request later may succeed. */
  readonly retryable: boolean;

  /**
   * `url` may be given whole: it is redacted here, and the identifiers it
   * holds become the error's {@link FoveaError.subject} unless one is given.
   */
  constructor(
    code: FoveaErrorCode,
    init: {
      status: number;
      method: string;
      url: string;
      retryable: boolean;
      detail?: string;
      cause?: unknown;
      subject?: RequestSubject;
    },
  ) {
    const { url, subject } = describeUrl(init.url);
    const what = init.status ? `HTTP ${init.status}` : code;
    super(code, `DICOMweb ${init.method} ${url} failed: ${what}${init.detail ? ` (${init.detail})` : ''}`, {
      cause: init.cause,
      subject: init.subject ?? subject,
    });
    this.name = 'DicomWebError';
    this.status = init.status;
    this.method = init.method;
    this.url = url;
    this.retryable = init.retryable;
  }
}

/** DICOM data (Part 10, JSON or multipart) could not be parsed. */
export class DicomParseError extends FoveaError {
  static override readonly kind: string = 'DicomParseError';
  /** Byte offset where parsing failed, when known. */
  readonly offset: number | undefined;
  /** The tag being read (`ggggeeee`), when known. */
  readonly tag: string | undefined;

  constructor(
    message: string,
    init: { offset?: number; tag?: string; cause?: unknown; subject?: RequestSubject } = {},
  ) {
    super('parse', message, { cause: init.cause, ...(init.subject ? { subject: init.subject } : {}) });
    this.name = 'DicomParseError';
    this.offset = init.offset;
    this.tag = init.tag;
  }
}

/** Path segments after which a DICOMweb path holds an identifier, and its placeholder. */
const PLACEHOLDERS: Record<string, { placeholder: string; key: keyof RequestSubject }> = {
  studies: { placeholder: '{study}', key: 'studyInstanceUid' },
  series: { placeholder: '{series}', key: 'seriesInstanceUid' },
  instances: { placeholder: '{instance}', key: 'sopInstanceUid' },
  frames: { placeholder: '{frames}', key: 'frames' },
};

/** A UID (PS3.5 9.1) or anything shaped like one: digits in two or more dot-separated parts. */
const UID_LIKE = /^\d+(\.\d+)+$/;

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The shape of a URL, safe for messages and logs, and the identifiers its
 * DICOMweb path held. Query values, user info and fragments are dropped, the
 * segments after `studies`, `series`, `instances` and `frames` become
 * placeholders, and any other UID-like segment becomes `{uid}`. A URL with a
 * scheme other than http(s) keeps only its scheme.
 */
export function describeUrl(url: string): { url: string; subject: RequestSubject } {
  const subject: Record<string, unknown> = {};
  let parsed: URL | undefined;
  let relative = false;
  try {
    parsed = new URL(url);
  } catch {
    relative = true;
    try {
      parsed = new URL(url, 'http://relative.invalid');
    } catch {
      parsed = undefined;
    }
  }
  if (!parsed) return { url: '…', subject };
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { url: `${parsed.protocol}…`, subject };
  const segments = parsed.pathname.split('/');
  for (let i = 1; i < segments.length; i++) {
    const previous = PLACEHOLDERS[safeDecode(segments[i - 1]!).toLowerCase()];
    const value = safeDecode(segments[i]!);
    if (previous && value !== '' && !/^\{[a-z]+\}$/.test(value)) {
      if (previous.key === 'frames') {
        const numbers = value.split(',').map(Number);
        if (numbers.every((n) => Number.isInteger(n) && n > 0)) subject.frames = numbers;
      } else {
        subject[previous.key] = value;
      }
      segments[i] = previous.placeholder;
    } else if (UID_LIKE.test(value)) {
      segments[i] = '{uid}';
    }
  }
  const keys = [...new Set(parsed.searchParams.keys())];
  const query = keys.length ? `?${keys.map((k) => `${encodeURIComponent(k)}=…`).join('&')}` : '';
  const path = segments.join('/');
  return { url: `${relative ? '' : parsed.origin}${path}${query}`, subject };
}

/**
 * Removes query values, user info and identifiers from a URL so it can appear
 * in messages and logs (see {@link describeUrl}).
 */
export function redactUrl(url: string): string {
  return describeUrl(url).url;
}

/** True for an abort caused by an AbortSignal (DOMException or our own). */
export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof FoveaError && error.code === 'aborted') ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
  );
}
