/**
 * AWS HealthImaging, DICOMweb-conformant APIs: documented response quirks.
 *
 * Service root: `https://dicom-medical-imaging.{region}.amazonaws.com/datastore/{datastoreId}`.
 * Auth: AWS Signature Version 4 on every request, or (datastores with an OIDC
 * Lambda authorizer) `Authorization: Bearer <JWT>`; tokens older than 12 h
 * (`iat`) are refused.
 * https://docs.aws.amazon.com/healthimaging/latest/devguide/dicomweb-oidc-requirements.html
 *
 * Frames come in the stored transfer syntax or as Explicit VR Little Endian;
 * only primary image sets are served unless `?imageSetId=` is given.
 * https://docs.aws.amazon.com/healthimaging/latest/devguide/dicomweb-retrieve-instance-frames.html
 */
import { ACCEPT, frameBytes, multipartBody, type VendorExchange } from './exchange.js';

/** The service root the records are written against. */
export const AWS_ROOT =
  'https://dicom-medical-imaging.us-east-1.amazonaws.com/datastore/0123456789abcdef0123456789abcdef';

/** The bearer token the records expect (OIDC-enabled datastore). */
export const AWS_BEARER = 'Bearer eyJhbGciOiJSUzI1NiJ9.fovea-test.signature';

/** Instance the retrieve records refer to. */
export const AWS_INSTANCE = {
  studyInstanceUid: '1.3.6.1.4.1.14519.5.2.1.7009.2403.334240657131972136850343327463',
  seriesInstanceUid: '1.3.6.1.4.1.14519.5.2.1.7009.2403.226151125820845824875394858561',
  sopInstanceUid: '1.3.6.1.4.1.14519.5.2.1.7009.2403.811199116755887922789178901449',
} as const;

const FRAMES_DOC = 'https://docs.aws.amazon.com/healthimaging/latest/devguide/dicomweb-retrieve-instance-frames.html';
const framesPath = `studies/${AWS_INSTANCE.studyInstanceUid}/series/${AWS_INSTANCE.seriesInstanceUid}/instances/${AWS_INSTANCE.sopInstanceUid}/frames/1`;

/**
 * `transfer-syntax=*` is not among the syntaxes the guide lists (stored syntax
 * by its UID, or Explicit VR Little Endian).
 */
export const awsFramesAnySyntaxRefused: VendorExchange = {
  quirk: 'frames only in a named transfer syntax',
  source: FRAMES_DOC,
  assumption:
    '`transfer-syntax=*` is refused with 400 (PS3.18 9.4.2.4 answer to a value that is not a UID); the guide does not say',
  request: { path: framesPath, accept: ACCEPT.framesAsStored, authorization: AWS_BEARER },
  response: {
    status: 400,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ValidationException' },
    body: JSON.stringify({ message: 'Unsupported transfer syntax' }),
  },
};

/** Uncompressed frames (Explicit VR Little Endian), always available. */
export const awsFramesExplicitLE: VendorExchange = {
  quirk: 'frames uncompressed (ELE) on request',
  source: FRAMES_DOC,
  assumption: 'boundary and part header shape',
  request: { path: framesPath, accept: ACCEPT.framesExplicitLE, authorization: AWS_BEARER },
  response: {
    status: 200,
    headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=ahi-5f0e3b' },
    body: multipartBody('ahi-5f0e3b', [
      {
        headers: { 'Content-Type': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1' },
        body: frameBytes('ELE-1', 512),
      },
    ]),
  },
};

/**
 * Throttling: GetDICOMInstanceFrames is limited to 50 requests per second
 * (burst 100); beyond it, 429 ThrottlingException without Retry-After.
 */
export const awsThrottled: VendorExchange = {
  quirk: '429 ThrottlingException, no Retry-After',
  // Throttle rate / burst per action, ThrottlingException beyond them:
  // https://docs.aws.amazon.com/healthimaging/latest/devguide/throttling-limits.html
  source: 'https://docs.aws.amazon.com/healthimaging/latest/devguide/throttling-limits.html',
  assumption: 'the error body and x-amzn-ErrorType header follow the AWS REST-JSON convention',
  request: { path: framesPath, accept: ACCEPT.framesExplicitLE, authorization: AWS_BEARER },
  response: {
    status: 429,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ThrottlingException' },
    body: JSON.stringify({ message: 'Rate exceeded' }),
  },
};

/** All AWS records, for listing. */
export const AWS_EXCHANGES: readonly VendorExchange[] = [awsFramesAnySyntaxRefused, awsFramesExplicitLE, awsThrottled];
