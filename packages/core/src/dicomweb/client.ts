import { DicomWebError, DicomParseError } from '../errors.js';
import { Instance } from '../model/views.js';
import { badResponse, checkPart, expectAnswerType, mediaTypeOf, untrustedUrl } from './guards.js';
import { readParts, readWholeParts, type MultipartPart } from './multipart.js';
import { QidoClient, uidPath, type CallOptions, type DicomWebClientOptions } from './qido-client.js';
import { storeInstances, type StoreOptions } from './stow-request.js';
import type { StowResult } from './stow.js';
import { FRAME_ACCEPTS, transferSyntaxOfPart } from './transfer-syntax.js';

export { QidoClient, createQidoClient, type CallOptions, type DicomWebClientOptions } from './qido-client.js';
export type { StoreOptions } from './stow-request.js';

/** Identifies an instance. */
export interface InstanceRef {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

/** One retrieved frame with the transfer syntax its bytes are in. */
export interface Frame {
  /** 1-based frame number. */
  frame: number;
  transferSyntaxUid: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Options of WADO-RS rendered and thumbnail requests. */
export interface RenderedOptions extends CallOptions {
  accept?: 'image/jpeg' | 'image/png';
  /** Output size in pixels (`viewport=w,h`). */
  viewport?: { width: number; height: number };
  /** Window centre and width (`window=c,w,linear`). */
  window?: { center: number; width: number };
  quality?: number;
}

/**
 * A DICOMweb client (QIDO-RS, WADO-RS, WADO-URI, STOW-RS) over `fetch`. No
 * DOM: it runs in a page, a worker and Node. Every request goes through the
 * same transport, so the host's authentication covers images too.
 */
export class DicomWebClient extends QidoClient {
  #noThumbnails = false;
  /** Frame Accept index that worked, per series: servers answer alike for a series. */
  readonly #frameAccept = new Map<string, number>();

  /** WADO-RS: metadata of every instance of a study. */
  async retrieveStudyMetadata(studyInstanceUid: string, options: CallOptions = {}): Promise<Instance[]> {
    const found = await this.getJson(`studies/${uidPath(studyInstanceUid)}/metadata`, '', options);
    return found.map((d) => new Instance(d));
  }

  /** WADO-RS: metadata of every instance of a series. */
  async retrieveSeriesMetadata(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    options: CallOptions = {},
  ): Promise<Instance[]> {
    const found = await this.getJson(
      `studies/${uidPath(studyInstanceUid)}/series/${uidPath(seriesInstanceUid)}/metadata`,
      '',
      options,
    );
    return found.map((d) => new Instance(d));
  }

  /** WADO-RS: metadata of one instance. */
  async retrieveInstanceMetadata(ref: InstanceRef, options: CallOptions = {}): Promise<Instance> {
    const found = await this.getJson(`${this.instancePath(ref)}/metadata`, '', options);
    if (!found[0]) throw new DicomParseError('instance metadata answer is empty');
    return new Instance(found[0]);
  }

  /** The path of an instance under the root (`studies/…/series/…/instances/…`). */
  instancePath(ref: InstanceRef): string {
    return `studies/${uidPath(ref.studyInstanceUid)}/series/${uidPath(ref.seriesInstanceUid)}/instances/${uidPath(ref.sopInstanceUid)}`;
  }

  /** The absolute frames URL of an instance (what image references are built from). */
  framesUrl(ref: InstanceRef, frames: readonly number[]): string {
    return this.url(`${this.instancePath(ref)}/frames/${frames.join(',')}`);
  }

  /**
   * WADO-RS: frames of an instance, as stored when the server allows it
   * (`transfer-syntax=*`), else in explicit VR little endian, else as the
   * server chooses. The Accept that worked is remembered per series.
   */
  async retrieveFrames(ref: InstanceRef, frames: readonly number[], options: CallOptions = {}): Promise<Frame[]> {
    const key = `${ref.studyInstanceUid}/${ref.seriesInstanceUid}`;
    const url = this.framesUrl(ref, frames);
    for (let i = this.#frameAccept.get(key) ?? 0; i < FRAME_ACCEPTS.length; i++) {
      try {
        const result = await this.http.send(
          { method: 'GET', url, accept: FRAME_ACCEPTS[i], signal: options.signal, onProgress: options.onProgress },
          async (response, body) => {
            const out: Frame[] = [];
            expectAnswerType(response, 'bytes', 'GET', url);
            const type = response.headers.get('Content-Type');
            // One frame (what a viewer asks for): read whole, then take the part out
            // (from the response itself unless progress is counted on the body).
            const parts: AsyncIterable<MultipartPart> | Iterable<MultipartPart> =
              frames.length === 1
                ? await readWholeParts(body === response.body ? response : body, type)
                : readParts(body, type);
            for await (const part of parts) {
              const frame = frames[out.length] ?? out.length + 1;
              checkPart(part, url, `frame ${frame}`);
              out.push({
                frame: frames[out.length] ?? out.length + 1,
                transferSyntaxUid: transferSyntaxOfPart(part.contentType),
                contentType: part.contentType,
                bytes: part.body,
              });
            }
            return out;
          },
        );
        if (result.length !== frames.length) {
          throw new DicomParseError(`expected ${frames.length} frame(s), got ${result.length}`);
        }
        this.#frameAccept.set(key, i);
        return result;
      } catch (error) {
        // 406 / 415 / 400: the server refuses that Accept; 500: Orthanc cannot send some syntaxes as stored.
        const refused = error instanceof DicomWebError && [400, 406, 415, 500].includes(error.status);
        if (!refused || i === FRAME_ACCEPTS.length - 1) throw error;
      }
    }
    throw new DicomParseError('no frame representation accepted');
  }

  /**
   * WADO-RS: bulk data at a BulkDataURI (absolute, or relative to the root).
   * A URI that resolves outside the allowed origins is refused with an
   * `untrusted-url` {@link DicomWebError}; nothing is sent.
   */
  async retrieveBulkData(uri: string, options: CallOptions = {}): Promise<Uint8Array> {
    return this.#retrieveBulk(this.bulkDataUrl(uri), options);
  }

  /**
   * The URL to fetch a BulkDataURI from. A BulkDataURI comes from the server's
   * data, so it is never trusted as it is:
   * - a relative URI resolves against the root;
   * - an absolute http(s) URI on the root's origin, or on one of
   *   `allowedOrigins`, is used as it is;
   * - one on another origin whose path holds `/studies/` is rebased onto the
   *   root: servers behind a reverse proxy (Orthanc among them) build them from
   *   their internal address, which the browser cannot reach;
   * - anything else (another origin, `javascript:`, `data:`, `file:`,
   *   `blob:`, `ftp:`…, or user info in the URL) throws an `untrusted-url`
   *   {@link DicomWebError}.
   */
  bulkDataUrl(uri: string): string {
    const trimmed = uri.trim();
    if (!/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
      // Relative: never protocol-relative (`//host/…`) nor a backslash path, both of which leave the root.
      const url = this.url(trimmed.replace(/^[/\\]+/, ''));
      if (!this.http.allows(url)) throw untrustedUrl('GET', url);
      return url;
    }
    if (this.http.allows(trimmed)) return trimmed;
    let target: URL;
    try {
      target = new URL(trimmed);
    } catch {
      throw untrustedUrl('GET', trimmed);
    }
    const at = target.pathname.indexOf('/studies/');
    if ((target.protocol !== 'http:' && target.protocol !== 'https:') || target.username || target.password || at < 0)
      throw untrustedUrl('GET', trimmed);
    const rebased = `${this.root}${target.pathname.slice(at)}${target.search}`;
    if (!this.http.allows(rebased)) throw untrustedUrl('GET', rebased);
    return rebased;
  }

  async #retrieveBulk(url: string, options: CallOptions): Promise<Uint8Array> {
    return this.http.send(
      {
        method: 'GET',
        url,
        accept: 'multipart/related; type="application/octet-stream"',
        signal: options.signal,
        onProgress: options.onProgress,
      },
      async (response, body) => {
        expectAnswerType(response, 'bytes', 'GET', url);
        for await (const part of readParts(body, response.headers.get('Content-Type'))) {
          checkPart(part, url, 'bulk data');
          return part.body;
        }
        throw new DicomParseError('bulk data answer has no part');
      },
    );
  }

  /**
   * WADO-RS: one instance as stored (Part 10 bytes, `transfer-syntax=*`). For
   * a viewer, the last resort when a server refuses or fails to send a frame
   * (it cannot transcode it): the frame is then cut out of the instance.
   */
  async retrieveInstance(ref: InstanceRef, options: CallOptions = {}): Promise<Uint8Array> {
    return this.http.send(
      {
        method: 'GET',
        url: this.url(this.instancePath(ref)),
        accept: 'multipart/related; type="application/dicom"; transfer-syntax=*',
        signal: options.signal,
        onProgress: options.onProgress,
      },
      async (response, body) => {
        for await (const part of readParts(body, response.headers.get('Content-Type'))) return part.body;
        throw new DicomParseError('instance answer has no part');
      },
    );
  }

  /** WADO-RS rendered: an instance or frame as JPEG or PNG. */
  async retrieveRendered(ref: InstanceRef & { frame?: number }, options: RenderedOptions = {}): Promise<Blob> {
    const path = `${this.instancePath(ref)}${ref.frame ? `/frames/${ref.frame}` : ''}/rendered`;
    return this.#getImage(path, options);
  }

  /**
   * A thumbnail of a series (its first instance when `sopInstanceUid` is
   * given, the server's choice otherwise): `/thumbnail`, falling back to
   * `/rendered` on servers without thumbnails.
   */
  async retrieveThumbnail(
    ref: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid?: string },
    options: RenderedOptions = {},
  ): Promise<Blob> {
    const base = ref.sopInstanceUid
      ? this.instancePath(ref as InstanceRef)
      : `studies/${uidPath(ref.studyInstanceUid)}/series/${uidPath(ref.seriesInstanceUid)}`;
    const missing = (error: unknown) => error instanceof DicomWebError && [404, 400, 406, 501].includes(error.status);
    if (!this.#noThumbnails) {
      try {
        return await this.#getImage(`${base}/thumbnail`, options);
      } catch (error) {
        if (!missing(error)) throw error;
        // Servers without thumbnails answer alike for every series: ask once.
        this.#noThumbnails = true;
      }
    }
    try {
      return await this.#getImage(`${base}/rendered`, options);
    } catch (error) {
      // Google and Azure render instances and frames but not series: use the middle instance.
      if (ref.sopInstanceUid || !missing(error)) throw error;
      const instances = await this.searchInstances(
        { StudyInstanceUID: ref.studyInstanceUid, SeriesInstanceUID: ref.seriesInstanceUid },
        { signal: options.signal },
      );
      const middle = instances[Math.floor((instances.length - 1) / 2)];
      if (!middle) throw error;
      return this.#getImage(
        `${this.instancePath({ ...ref, sopInstanceUid: middle.sopInstanceUid })}/rendered`,
        options,
      );
    }
  }

  async #getImage(path: string, options: RenderedOptions): Promise<Blob> {
    const params: string[] = [];
    if (options.viewport)
      params.push(`viewport=${Math.round(options.viewport.width)},${Math.round(options.viewport.height)}`);
    if (options.window) params.push(`window=${options.window.center},${options.window.width},linear`);
    if (options.quality !== undefined) params.push(`quality=${Math.round(options.quality)}`);
    const accept = options.accept ?? 'image/jpeg';
    const url = this.url(path, params.join('&'));
    return this.http.send(
      { method: 'GET', url, accept, signal: options.signal, onProgress: options.onProgress },
      async (response, body) => {
        expectAnswerType(response, 'image', 'GET', url);
        const blob = await new Response(body).blob();
        if (blob.size === 0) throw badResponse(response, url, 'the image is empty');
        return blob.type ? blob : new Blob([blob], { type: mediaTypeOf(response.headers.get('Content-Type')) });
      },
    );
  }

  /**
   * A WADO-URI URL (PS3.18 chapter 9). `contentType` stays literal: some
   * servers refuse its percent-encoded form.
   */
  wadoUriUrl(
    ref: InstanceRef,
    options: { contentType?: string; transferSyntax?: string; frameNumber?: number } = {},
  ): string {
    const params = [
      'requestType=WADO',
      `studyUID=${encodeURIComponent(ref.studyInstanceUid)}`,
      `seriesUID=${encodeURIComponent(ref.seriesInstanceUid)}`,
      `objectUID=${encodeURIComponent(ref.sopInstanceUid)}`,
      `contentType=${options.contentType ?? 'application/dicom'}`,
    ];
    if (options.transferSyntax) params.push(`transferSyntax=${encodeURIComponent(options.transferSyntax)}`);
    if (options.frameNumber) params.push(`frameNumber=${options.frameNumber}`);
    return `${this.root}?${params.join('&')}`;
  }

  /**
   * WADO-URI: retrieve an object from a WADO-URI endpoint (`wadoUriRoot`, e.g.
   * Orthanc's `/wado`). It must be on the root's origin or an allowed one.
   */
  async retrieveWadoUri(
    wadoUriRoot: string,
    ref: InstanceRef,
    options: CallOptions & { contentType?: string; transferSyntax?: string; frameNumber?: number } = {},
  ): Promise<Uint8Array> {
    const url = new DicomWebClient({ root: wadoUriRoot }).wadoUriUrl(ref, options);
    return this.http.send(
      { method: 'GET', url, signal: options.signal, onProgress: options.onProgress },
      async (response, body) => {
        expectAnswerType(response, 'dicom', 'GET', url);
        return new Uint8Array(await new Response(body).arrayBuffer());
      },
    );
  }

  /**
   * STOW-RS: store Part 10 instances (in one study when `studyInstanceUid` is
   * given). Instances the server refuses and lists come back in `failed`,
   * also when it answers 400 or 409; an error status without such a list
   * (Orthanc's answer to a part that is not DICOM) throws a {@link DicomWebError}.
   */
  async storeInstances(files: readonly (Uint8Array | Blob)[], options: StoreOptions = {}): Promise<StowResult> {
    const path = options.studyInstanceUid ? `studies/${uidPath(options.studyInstanceUid)}` : 'studies';
    return storeInstances(this.http, this.url(path), files, options);
  }
}

/** Creates a DICOMweb client. */
export function createDicomWebClient(options: DicomWebClientOptions): DicomWebClient {
  return new DicomWebClient(options);
}
