import { DicomWebError, FoveaError, isAbortError, redactUrl } from '../errors.js';

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

  constructor(options: HttpOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#headers = { ...options.headers };
    this.#getAuthorization = options.getAuthorization;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retry?.retries ?? 3;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 250;
    this.#maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  }

  /** Sends a request and reads its body with `read`, inside the timeout of the attempt. */
  async send<T>(request: HttpRequest, read: ResponseReader<T>): Promise<T> {
    const safeUrl = redactUrl(request.url);
    const outer = request.signal;
    let forceRefresh = false;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (outer?.aborted) throw this.#aborted(request, safeUrl, outer.reason);
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
              url: safeUrl,
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
        if (outer?.aborted) throw this.#aborted(request, safeUrl, outer.reason);
        if (timedOut && authorizing) {
          throw new DicomWebError('unauthorized', {
            status: 0,
            method: request.method,
            url: safeUrl,
            retryable: true,
            detail: `no authorization from getAuthorization within ${this.#timeoutMs} ms`,
          });
        }
        if (timedOut) {
          throw new DicomWebError('timeout', {
            status: 0,
            method: request.method,
            url: safeUrl,
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
            url: safeUrl,
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
        throw this.#aborted(request, safeUrl, reason);
      });
    }
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  #aborted(request: HttpRequest, safeUrl: string, cause: unknown): DicomWebError {
    if (isAbortError(cause) && cause instanceof DicomWebError) return cause;
    return new DicomWebError('aborted', { status: 0, method: request.method, url: safeUrl, retryable: false, cause });
  }
}
