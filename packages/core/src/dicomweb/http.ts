import { DicomWebError, FoveaError, describeUrl, isAbortError, setErrorSubject } from '../errors.js';
import { untrustedUrl } from './guards.js';

/** Supplies the `Authorization` header value; called for every request the SDK makes. */
export type GetAuthorization = (context: {
  /** True after a 401: the previous value was refused, fetch a fresh one. */
  forceRefresh: boolean;
  /** The request about to be sent, for schemes that sign each request (e.g. AWS SigV4). */
  method: string;
  url: string;
}) => string | Record<string, string> | undefined | Promise<string | Record<string, string> | undefined>;

/** Retry policy for 429 / 503 answers and (idempotent requests only) network errors. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff delay in ms; doubles each time, with full jitter. Default 250. */
  baseDelayMs?: number;
  /** Upper bound of one wait, including a server's Retry-After. Default 10,000. */
  maxDelayMs?: number;
}

/** Transport settings shared by every request of one client. */
export interface HttpOptions {
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  getAuthorization?: GetAuthorization;
  /** Time allowed for one attempt, response body included. Default 30,000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /**
   * Origins besides the service root's that requests may go to, with the same
   * headers and credentials: e.g. `['https://bulk.pacs.example']` for a server
   * that hands out BulkDataURIs on a second host. Any other origin, and any
   * scheme but `http:` and `https:`, is refused with an `untrusted-url`
   * {@link DicomWebError} before anything is sent (and before
   * `getAuthorization` is asked). Default: none, only the root's origin.
   */
  allowedOrigins?: readonly string[];
}

/** Transport settings plus the service root whose origin requests may go to. */
export interface TransportOptions extends HttpOptions {
  /**
   * The DICOMweb root (absolute, or relative to the page). Requests may go to
   * its origin and to `allowedOrigins`; without it, to the page's origin.
   */
  root?: string;
}

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  accept?: string;
  body?: BodyInit;
  contentType?: string;
  signal?: AbortSignal | undefined;
  /** Progress of the response body in bytes (total when the server sent Content-Length). */
  onProgress?: ((loaded: number, total: number | undefined) => void) | undefined;
  /** Error statuses whose body `read` gets instead of a thrown error (STOW-RS lists failures in 400 / 409 bodies). */
  readStatuses?: readonly number[];
}

/** What a read function gets: the response, and the body as a stream to consume within the timeout. */
export type ResponseReader<T> = (response: Response, body: ReadableStream<Uint8Array>) => Promise<T>;

const RETRY_STATUS = new Set([429, 503]);

/** What relative URLs resolve against: the page (or worker) address, else a placeholder origin (Node). */
function baseUrl(): string {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  return typeof href === 'string' ? href : 'http://relative.invalid/';
}

function httpUrl(url: string, base: string): URL | undefined {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `url` (absolute or relative to `base`) is http(s) on one of
 * `origins`, with no user info (which a URL taken from data could use to
 * smuggle credentials).
 */
export function isAllowedUrl(url: string, origins: ReadonlySet<string>, base = baseUrl()): boolean {
  const parsed = httpUrl(url, base);
  return parsed !== undefined && parsed.username === '' && parsed.password === '' && origins.has(parsed.origin);
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `value` once it settles, or a rejection as soon as `signal` aborts. */
function untilAborted<T>(value: T | PromiseLike<T>, signal: AbortSignal): Promise<T> {
  const settled = Promise.resolve(value);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    settled.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
  });
}

/** Parses Retry-After (delta seconds or an HTTP date) into ms. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function countingStream(
  body: ReadableStream<Uint8Array>,
  total: number | undefined,
  onProgress: (loaded: number, total: number | undefined) => void,
): ReadableStream<Uint8Array> {
  let loaded = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        onProgress(loaded, total);
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * The transport: auth on every attempt, one forced-refresh retry on 401,
 * bounded retries with backoff for 429 / 503 (Retry-After honoured) and for
 * network errors on GET, a timeout per attempt that covers the body, and
 * cancellation through the caller's AbortSignal.
 */
export class Http {
  readonly #fetch: typeof fetch;
  readonly #headers: Record<string, string>;
  readonly #getAuthorization: GetAuthorization | undefined;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #base: string;
  /** The origins requests may go to: the root's and the allowed ones. */
  readonly origins: ReadonlySet<string>;

  constructor(options: TransportOptions = {}) {
    this.#base = baseUrl();
    const root = httpUrl(options.root ?? this.#base, this.#base);
    if (!root) throw new TypeError('the DICOMweb root must be an http: or https: URL');
    const origins = new Set([root.origin]);
    for (const entry of options.allowedOrigins ?? []) {
      const allowed = httpUrl(entry, this.#base);
      if (!allowed || !/^[a-z][a-z0-9+.-]*:/i.test(entry))
        throw new TypeError('allowedOrigins holds an entry that is not an absolute http: or https: origin');
      origins.add(allowed.origin);
    }
    this.origins = origins;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#headers = { ...options.headers };
    this.#getAuthorization = options.getAuthorization;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retry?.retries ?? 3;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 250;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  }

  /** Whether a request to `url` may be sent: http(s) on the root's origin or an allowed one. */
  allows(url: string): boolean {
    return isAllowedUrl(url, this.origins, this.#base);
  }

  /**
   * Sends a request and reads its body with `read`, inside the timeout of the
   * attempt. A URL this transport may not send to is refused before anything
   * leaves (`untrusted-url`). Errors carry the shape of the URL, never its
   * identifiers (those go to the error's `subject`).
   */
  async send<T>(request: HttpRequest, read: ResponseReader<T>): Promise<T> {
    if (!this.allows(request.url)) throw untrustedUrl(request.method, request.url);
    try {
      return await this.#send(request, read, request.url);
    } catch (error) {
      if (error instanceof FoveaError) setErrorSubject(error, describeUrl(request.url).subject);
      throw error;
    }
  }

  // `url` is the request URL whole: DicomWebError keeps only its shape in messages.
  async #send<T>(request: HttpRequest, read: ResponseReader<T>, url: string): Promise<T> {
    const outer = request.signal;
    let forceRefresh = false;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (outer?.aborted) throw this.#aborted(request, url, outer.reason);
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.#timeoutMs);
      const onOuterAbort = () => controller.abort(outer?.reason);
      outer?.addEventListener('abort', onOuterAbort, { once: true });
      let retryWait: number | undefined;
      let authorizing = false;
      try {
        const headers = new Headers(this.#headers);
        if (request.accept) headers.set('Accept', request.accept);
        if (request.contentType) headers.set('Content-Type', request.contentType);
        authorizing = true;
        // The callback counts against the attempt's time and is cancelled with it: a token
        // source that never answers ends in an error, not a request that waits forever.
        const authorization = await untilAborted(
          this.#getAuthorization?.({ forceRefresh, method: request.method, url: request.url }),
          controller.signal,
        );
        authorizing = false;
        if (typeof authorization === 'string') headers.set('Authorization', authorization);
        else if (authorization) for (const [name, value] of Object.entries(authorization)) headers.set(name, value);
        const response = await this.#fetch(request.url, {
          method: request.method,
          headers,
          body: request.body ?? null,
          signal: controller.signal,
          credentials: 'same-origin',
        });
        // The platform drops Authorization on a redirect to another origin; an answer from there is not used either.
        if (response.redirected && response.url && !this.allows(response.url)) {
          await response.body?.cancel().catch(() => undefined);
          throw untrustedUrl(request.method, response.url, 'the server redirected to another origin');
        }
        if (response.status === 401 && this.#getAuthorization && !refreshed) {
          await response.body?.cancel().catch(() => undefined);
          refreshed = true;
          forceRefresh = true;
          attempt--;
          continue;
        }
        if (!response.ok && !request.readStatuses?.includes(response.status)) {
          await response.body?.cancel().catch(() => undefined);
          const retryable = RETRY_STATUS.has(response.status);
          if (retryable && attempt < this.#retries) {
            retryWait = parseRetryAfter(response.headers.get('Retry-After')) ?? this.#backoff(attempt);
          } else {
            throw new DicomWebError(response.status === 401 || response.status === 403 ? 'unauthorized' : 'http', {
              status: response.status,
              method: request.method,
              url: url,
              retryable,
            });
          }
        } else {
          let body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
          if (request.onProgress) {
            const length = Number(response.headers.get('Content-Length'));
            body = countingStream(body, Number.isFinite(length) && length > 0 ? length : undefined, request.onProgress);
          }
          return await read(response, body);
        }
      } catch (error) {
        if (outer?.aborted) throw this.#aborted(request, url, outer.reason);
        if (timedOut && authorizing) {
          throw new DicomWebError('unauthorized', {
            status: 0,
            method: request.method,
            url: url,
            retryable: true,
            detail: `no authorization from getAuthorization within ${this.#timeoutMs} ms`,
          });
        }
        if (timedOut) {
          throw new DicomWebError('timeout', {
            status: 0,
            method: request.method,
            url: url,
            retryable: true,
            detail: `no complete answer within ${this.#timeoutMs} ms`,
          });
        }
        if (error instanceof FoveaError) throw error;
        // fetch rejects with a TypeError for network failures.
        const network = error instanceof TypeError;
        if (network && request.method === 'GET' && attempt < this.#retries) {
          retryWait = this.#backoff(attempt);
        } else {
          throw new DicomWebError(network ? 'network' : 'bad-response', {
            status: 0,
            method: request.method,
            url: url,
            retryable: network,
            cause: error,
          });
        }
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuterAbort);
      }
      forceRefresh = false;
      await delay(Math.min(retryWait, this.#maxDelayMs), outer ?? new AbortController().signal).catch((reason) => {
        throw this.#aborted(request, url, reason);
      });
    }
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  #aborted(request: HttpRequest, url: string, cause: unknown): DicomWebError {
    if (isAbortError(cause) && cause instanceof DicomWebError) return cause;
    return new DicomWebError('aborted', { status: 0, method: request.method, url, retryable: false, cause });
  }
}
