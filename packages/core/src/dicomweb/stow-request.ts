/**
 * The STOW-RS request of {@link DicomWebClient.storeInstances}: batching
 * with upload progress, the multipart body, and a refusal that lists failed
 * instances read as a result rather than thrown.
 */
import { DicomWebError } from '../errors.js';
import type { Http } from './http.js';
import { buildMultipartBlob } from './multipart.js';
import { DICOM_JSON, type CallOptions } from './qido-client.js';
import { parseStowResponse, type StowResult } from './stow.js';

/** Options of a STOW-RS request. */
export interface StoreOptions extends CallOptions {
  /** Store into this study (`POST studies/{uid}`) instead of `POST studies`. */
  studyInstanceUid?: string;
  /** Send at most this many instances a request; progress is reported after each. Default: all in one. */
  batchSize?: number;
  /** Bytes of DICOM sent so far and in all, after each request completes. */
  onUploadProgress?: ((sent: number, total: number) => void) | undefined;
}

/** Stores `files` at `url` (`studies` or `studies/{uid}` below the root) through `http`. */
export async function storeInstances(
  http: Http,
  url: string,
  files: readonly (Uint8Array | Blob)[],
  options: StoreOptions = {},
): Promise<StowResult> {
  const sizeOf = (f: Uint8Array | Blob) => (f instanceof Uint8Array ? f.byteLength : f.size);
  const batchSize = Math.max(1, options.batchSize ?? files.length);
  if (files.length > batchSize) {
    // fetch reports no upload progress: send batches and report after each.
    const total = files.reduce((n, f) => n + sizeOf(f), 0);
    const result: StowResult = { stored: [], failed: [] };
    let sent = 0;
    for (let i = 0; i < files.length; i += batchSize) {
      const batch = files.slice(i, i + batchSize);
      const part = await storeInstances(http, url, batch, {
        ...options,
        batchSize: batch.length,
        onUploadProgress: undefined,
      });
      result.stored.push(...part.stored);
      result.failed.push(...part.failed);
      sent += batch.reduce((n, f) => n + sizeOf(f), 0);
      options.onUploadProgress?.(sent, total);
    }
    return result;
  }
  // A Blob body: Files among the parts are sent from where they are, never read into script.
  const { contentType, body } = buildMultipartBlob(
    files.map((f) => ({ contentType: 'application/dicom', body: f })),
    'application/dicom',
  );
  return http.send(
    {
      method: 'POST',
      url,
      accept: DICOM_JSON,
      contentType,
      body: body as BodyInit,
      signal: options.signal,
      onProgress: options.onProgress,
      readStatuses: [400, 409],
    },
    async (response, responseBody) => {
      const text = await new Response(responseBody).text();
      if (response.ok) {
        const stored = parseStowResponse(text);
        const total = files.reduce((n, f) => n + sizeOf(f), 0);
        options.onUploadProgress?.(total, total);
        return stored;
      }
      let result: StowResult | undefined;
      try {
        result = parseStowResponse(text);
      } catch {
        result = undefined;
      }
      if (result && result.failed.length > 0) return result;
      throw new DicomWebError('http', {
        status: response.status,
        method: 'POST',
        url,
        retryable: false,
        detail: result ? `no failed instance listed, ${result.stored.length} of ${files.length} stored` : undefined,
      });
    },
  );
}
