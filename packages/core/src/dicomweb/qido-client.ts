import { DicomParseError } from '../errors.js';
import { isDataset, type DicomJsonDataset } from '../model/json.js';
import { Instance, Series, Study } from '../model/views.js';
import { expectAnswerType } from './guards.js';
import { Http, type HttpOptions } from './http.js';
import {
  broadenedKeys,
  buildQuery,
  type InstanceQuery,
  type QidoQuirks,
  type SearchOptions,
  type SeriesQuery,
  type StudyQuery,
} from './qido.js';

/** Settings of a DICOMweb client. */
export interface DicomWebClientOptions extends HttpOptions {
  /** Service root, e.g. `https://pacs.example/dicom-web` (no trailing slash needed). */
  root: string;
  /** Known deviations of the server from the standard. */
  quirks?: QidoQuirks;
  /**
   * Query parameters added to every request (e.g. AWS HealthImaging's
   * `imageSetId`). Not for credentials: use `headers` or `getAuthorization`.
   */
  query?: Record<string, string>;
}

/** Per-call options: cancellation and progress. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((loaded: number, total: number | undefined) => void) | undefined;
}

/** The DICOM JSON media type (QIDO-RS and metadata answers, STOW-RS responses). */
export const DICOM_JSON = 'application/dicom+json';

async function readJson(
  response: Response,
  body: ReadableStream<Uint8Array>,
  url: string,
): Promise<DicomJsonDataset[]> {
  const text = await new Response(body).text();
  if (response.status === 204 || text.trim() === '') return [];
  expectAnswerType(response, 'json', 'GET', url);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new DicomParseError('DICOM JSON answer is not JSON', { cause });
  }
  if (!Array.isArray(parsed)) throw new DicomParseError('DICOM JSON answer is not a JSON array');
  if (!parsed.every(isDataset)) throw new DicomParseError('DICOM JSON answer holds an entry that is not a data set');
  return parsed;
}

/** UIDs as path segments. */
export function uidPath(...uids: string[]): string {
  return uids.map((u) => encodeURIComponent(u)).join('/');
}

/**
 * A QIDO-RS client over `fetch`: the searches alone, for pages that list
 * studies and show no image (a study list), so that they do not carry the
 * WADO-RS and STOW-RS code. {@link DicomWebClient} is one, with the rest.
 * No DOM: it runs in a page, a worker and Node.
 */
export class QidoClient {
  /** The service root without trailing slash. */
  readonly root: string;
  /** The transport every request goes through (auth, retries, time bounds, allowed origins). */
  protected readonly http: Http;
  readonly #given: QidoQuirks;
  readonly #extraQuery: string;
  /** Whether the server percent-decodes QIDO values, once a probe found out. */
  #decodes: boolean | undefined;
  #probe: Promise<void> | undefined;

  constructor(options: DicomWebClientOptions) {
    this.root = options.root.replace(/\/+$/, '');
    this.http = new Http(options);
    this.#given = options.quirks ?? {};
    this.#extraQuery = Object.entries(options.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
  }

  protected url(path: string, query = ''): string {
    const all = [query, this.#extraQuery].filter(Boolean).join('&');
    return `${this.root}/${path}${all ? `?${all}` : ''}`;
  }

  protected async getJson(path: string, query: string, options: CallOptions): Promise<DicomJsonDataset[]> {
    const url = this.url(path, query);
    return this.http.send(
      { method: 'GET', url, accept: DICOM_JSON, signal: options.signal, onProgress: options.onProgress },
      (response, body) => readJson(response, body, url),
    );
  }

  /**
   * The server's QIDO quirks: those given, plus what the client found out.
   * When `noPercentDecoding` was not given, the first query that needs a
   * percent escape (`Müller`, a space) is preceded by a probe: one study's
   * UID asked for with its first character escaped (`%31.2…`), which a server
   * that decodes finds and Orthanc 1.10 does not. Two small requests, once
   * per client; an empty server or a failed probe leaves the standard encoding.
   */
  get quirks(): Readonly<QidoQuirks> {
    return this.#decodes === undefined ? this.#given : { ...this.#given, noPercentDecoding: !this.#decodes };
  }

  /**
   * The keys of `query` this server cannot match as given, with the quirks
   * known so far ({@link quirks}): searches send them widened with wildcards,
   * so results may include more than was asked for (say so to the person).
   */
  broadenedKeys(query: object): string[] {
    return broadenedKeys(query, this.quirks);
  }

  /** The quirks to encode `query` with, probing the server's percent-decoding first when it matters. */
  async #qidoQuirks(query: object): Promise<QidoQuirks> {
    if (this.#given.noPercentDecoding !== undefined || this.#decodes !== undefined) return this.quirks;
    if (broadenedKeys(query, { noPercentDecoding: true }).length === 0) return this.#given;
    this.#probe ??= this.#probeDecoding().finally(() => (this.#probe = undefined));
    await this.#probe;
    return this.quirks;
  }

  async #probeDecoding(): Promise<void> {
    try {
      const [first] = await this.getJson('studies', 'limit=1', {});
      const uid = first ? new Study(first).studyInstanceUid : '';
      if (!/^[0-9.]+$/.test(uid)) return;
      const escaped = `%${uid.charCodeAt(0).toString(16).toUpperCase()}${uid.slice(1)}`;
      const found = await this.getJson('studies', `StudyInstanceUID=${escaped}&limit=1`, {});
      this.#decodes = found.some((d) => new Study(d).studyInstanceUid === uid);
    } catch {
      // Unknown: the search goes out with the standard encoding and reports its own failure.
    }
  }

  /** QIDO-RS: search for studies. */
  async searchStudies(query: StudyQuery = {}, options: SearchOptions = {}): Promise<Study[]> {
    const quirks = await this.#qidoQuirks(query);
    const found = await this.getJson('studies', buildQuery({ ...query }, options, quirks), options);
    return found.map((d) => new Study(d));
  }

  /** QIDO-RS: search for series, in one study when `StudyInstanceUID` is given, else across studies. */
  async searchSeries(query: SeriesQuery = {}, options: SearchOptions = {}): Promise<Series[]> {
    const { StudyInstanceUID, ...rest } = query;
    const path = StudyInstanceUID ? `studies/${uidPath(StudyInstanceUID)}/series` : 'series';
    const found = await this.getJson(path, buildQuery(rest, options, await this.#qidoQuirks(rest)), options);
    return found.map((d) => new Series(d));
  }

  /** QIDO-RS: search for instances (in a series, a study, or across studies). */
  async searchInstances(query: InstanceQuery = {}, options: SearchOptions = {}): Promise<Instance[]> {
    const { StudyInstanceUID, SeriesInstanceUID, ...rest } = query;
    let path = 'instances';
    // Orthanc answers series-level instance lists only under the study path.
    if (StudyInstanceUID && SeriesInstanceUID)
      path = `studies/${uidPath(StudyInstanceUID)}/series/${uidPath(SeriesInstanceUID)}/instances`;
    else if (StudyInstanceUID) path = `studies/${uidPath(StudyInstanceUID)}/instances`;
    const extra = !StudyInstanceUID && SeriesInstanceUID ? { SeriesInstanceUID, ...rest } : rest;
    const found = await this.getJson(path, buildQuery(extra, options, await this.#qidoQuirks(extra)), options);
    return found.map((d) => new Instance(d));
  }

  /**
   * Pages through every matching study with `limit` / `offset`. The page size
   * is clamped to the server's `maxLimit` quirk (Azure 200, Google 5,000), so
   * that a page shorter than the page size reliably means the end.
   */
  iterateStudies(query: StudyQuery = {}, options: SearchOptions & { pageSize?: number } = {}): AsyncGenerator<Study> {
    return this.#iterate((o) => this.searchStudies(query, o), options);
  }

  /** Pages through every matching series; see {@link iterateStudies}. */
  iterateSeries(query: SeriesQuery = {}, options: SearchOptions & { pageSize?: number } = {}): AsyncGenerator<Series> {
    return this.#iterate((o) => this.searchSeries(query, o), options);
  }

  /** Pages through every matching instance; see {@link iterateStudies}. */
  iterateInstances(
    query: InstanceQuery = {},
    options: SearchOptions & { pageSize?: number } = {},
  ): AsyncGenerator<Instance> {
    return this.#iterate((o) => this.searchInstances(query, o), options);
  }

  async *#iterate<T>(
    search: (options: SearchOptions) => Promise<T[]>,
    options: SearchOptions & { pageSize?: number },
  ): AsyncGenerator<T> {
    const requested = options.pageSize ?? options.limit ?? 100;
    const pageSize = Math.max(1, Math.min(requested, this.#given.maxLimit ?? Number.POSITIVE_INFINITY));
    for (let offset = options.offset ?? 0; ; offset += pageSize) {
      const page = await search({ ...options, limit: pageSize, offset });
      yield* page;
      if (page.length < pageSize) return;
    }
  }
}

/** Creates a QIDO-RS-only client (see {@link QidoClient}); `createDicomWebClient` makes one that also retrieves and stores. */
export function createQidoClient(options: DicomWebClientOptions): QidoClient {
  return new QidoClient(options);
}
