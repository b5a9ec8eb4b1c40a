// Checks on what a request may reach and what an answer may be, shared by the transport and the client.
import { DicomWebError, type RequestSubject } from '../errors.js';
import { parseMediaType, type MultipartPart } from './multipart.js';

/**
 * What an answer must be to be used: DICOM JSON, pixel or bulk data (bytes),
 * a rendered image, or a Part 10 object. A login page, an error page or JSON
 * answered with 200 where bytes were asked for is refused here, so that no
 * decoder ever gets it.
 */
export type AnswerKind = 'json' | 'bytes' | 'image' | 'dicom';

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/;

function bytesType(type: string): boolean {
  return type === 'application/octet-stream' || type.startsWith('image/') || type.startsWith('video/');
}

const ACCEPTED: Record<AnswerKind, (type: string) => boolean> = {
  json: (type) => JSON_TYPE.test(type),
  bytes: (type) => type === 'multipart/related' || bytesType(type),
  image: (type) => type.startsWith('image/'),
  dicom: (type) => type === 'application/dicom' || type === 'multipart/related' || bytesType(type),
};

const WHAT: Record<AnswerKind, string> = {
  json: 'DICOM JSON',
  bytes: 'image or bulk data',
  image: 'an image',
  dicom: 'a DICOM object',
};

/** The media type of a Content-Type value, lower-cased without parameters ('' when absent). */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return contentType ? parseMediaType(contentType).type : '';
}

/** Whether a part of a multipart answer (frames, bulk data) may hold bytes for a decoder. */
export function isBytesPartType(contentType: string): boolean {
  return bytesType(mediaTypeOf(contentType));
}

/**
 * Throws a `bad-response` {@link DicomWebError} unless `response` has a
 * Content-Type of `kind`. The detail names the media type only.
 */
export function expectAnswerType(response: Response, kind: AnswerKind, method: string, url: string): void {
  const type = mediaTypeOf(response.headers.get('Content-Type'));
  if (ACCEPTED[kind](type)) return;
  throw new DicomWebError('bad-response', {
    status: response.status,
    method,
    url,
    retryable: false,
    detail: `answered ${type || 'without a content type'}, not ${WHAT[kind]}`,
  });
}

/** The error for a URL outside the allowed origins or schemes. */
export function untrustedUrl(
  method: string,
  url: string,
  detail = 'not sent: the URL is outside the origins this client may send credentials to',
  subject?: RequestSubject,
): DicomWebError {
  return new DicomWebError('untrusted-url', {
    status: 0,
    method,
    url,
    retryable: false,
    detail,
    ...(subject ? { subject } : {}),
  });
}

/** A `bad-response` error for an answer that cannot be used. */
export function badResponse(response: Response, url: string, detail: string): DicomWebError {
  return new DicomWebError('bad-response', { status: response.status, method: 'GET', url, retryable: false, detail });
}

/** A part that cannot be handed to a decoder (text or JSON, or no bytes) is a `bad-response` error. */
export function checkPart(part: MultipartPart, url: string, what: string): void {
  const detail = !isBytesPartType(part.contentType)
    ? `${what} is ${mediaTypeOf(part.contentType) || 'untyped'}, not image or bulk data`
    : part.body.byteLength === 0
      ? `${what} is empty`
      : undefined;
  if (detail) throw new DicomWebError('bad-response', { status: 200, method: 'GET', url, retryable: false, detail });
}
