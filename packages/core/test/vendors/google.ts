/**
 * Google Cloud Healthcare API, DICOM stores: documented response quirks.
 *
 * Conformance statement: https://cloud.google.com/healthcare-api/docs/dicom
 * Service root: `https://healthcare.googleapis.com/v1/projects/{p}/locations/{l}/datasets/{d}/dicomStores/{s}/dicomWeb`,
 * OAuth 2.0 bearer tokens on every request.
 */
import type { DicomJsonDataset } from '@fovea-dicom/core';
import {
  ACCEPT,
  JPEG_STUB,
  frameBytes,
  multipartBody,
  type RecordedResponse,
  type VendorExchange,
} from './exchange.js';

/** The service root the records are written against. */
export const GOOGLE_ROOT =
  'https://healthcare.googleapis.com/v1/projects/fovea-test/locations/us-central1/datasets/ds/dicomStores/store/dicomWeb';

/** Instance the retrieve records refer to. */
export const GOOGLE_INSTANCE = {
  studyInstanceUid: '1.2.826.0.1.3680043.8.1055.1.20111102150758591.92402465.76095170',
  seriesInstanceUid: '1.2.826.0.1.3680043.8.1055.1.20111102150758591.96842950.07877442',
  sopInstanceUid: '1.2.826.0.1.3680043.8.1055.1.20111102150758591.03296050.69180943',
} as const;

const instancePath = `studies/${GOOGLE_INSTANCE.studyInstanceUid}/series/${GOOGLE_INSTANCE.seriesInstanceUid}/instances/${GOOGLE_INSTANCE.sopInstanceUid}`;

/**
 * Frames as stored: the conformance statement lists `transfer-syntax=*`
 * among the accepted frame media types (JPEG 2000 lossless stored here).
 */
export const googleFramesAsStored: VendorExchange = {
  quirk: 'transfer-syntax=* accepted for frames',
  // https://cloud.google.com/healthcare-api/docs/dicom ("DICOM frames": accepted Accept headers)
  source: 'https://cloud.google.com/healthcare-api/docs/dicom',
  assumption: 'the part Content-Type names the stored syntax in a transfer-syntax parameter; boundary unquoted',
  request: { path: `${instancePath}/frames/1`, accept: ACCEPT.framesAsStored },
  response: {
    status: 200,
    headers: { 'Content-Type': 'multipart/related; boundary=6a1cd79a3c1e4e1f; type="application/octet-stream"' },
    body: multipartBody('6a1cd79a3c1e4e1f', [
      {
        headers: { 'Content-Type': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.90' },
        body: frameBytes('J2K-1'),
      },
    ]),
  },
};

/** Quota exhaustion: 429 in Google's error format and no Retry-After header. */
export const googleQuotaExceeded: VendorExchange = {
  quirk: '429 RESOURCE_EXHAUSTED on quota, without Retry-After',
  // https://cloud.google.com/healthcare-api/quotas (per-project, per-region request quotas);
  // error body format: https://cloud.google.com/apis/design/errors
  source: 'https://cloud.google.com/healthcare-api/quotas',
  assumption: 'no Retry-After header (Google does not document one for quota errors)',
  request: { path: 'studies', query: { PatientID: 'GCP-1' }, accept: ACCEPT.json },
  response: {
    status: 429,
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({
      error: {
        code: 429,
        message: "Quota exceeded for quota metric 'DICOMweb read requests' of service 'healthcare.googleapis.com'.",
        status: 'RESOURCE_EXHAUSTED',
      },
    }),
  },
};

/** The answer after the quota window passed. */
export const googleSearchAfterQuota: VendorExchange = {
  quirk: 'the same search once the quota refills',
  source: googleQuotaExceeded.source,
  request: googleQuotaExceeded.request,
  response: {
    status: 200,
    headers: { 'Content-Type': 'application/dicom+json; charset=utf-8' },
    body: JSON.stringify([
      {
        '0020000D': { vr: 'UI', Value: [GOOGLE_INSTANCE.studyInstanceUid] },
        '00100020': { vr: 'LO', Value: ['GCP-1'] },
      },
    ]),
  },
};

/** No thumbnail resources: the route does not exist. */
export const googleThumbnailMissing: VendorExchange = {
  quirk: 'no thumbnail resources',
  // https://cloud.google.com/healthcare-api/docs/dicom ("It does not support Thumbnail resources.")
  source: 'https://cloud.google.com/healthcare-api/docs/dicom',
  assumption: 'an unsupported resource answers 404 (the statement does not give the status)',
  request: { path: `${instancePath}/thumbnail`, accept: ACCEPT.jpeg },
  response: {
    status: 404,
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } }),
  },
};

/** Rendered instances are supported (instance and frame level only). */
export const googleRenderedInstance: VendorExchange = {
  quirk: 'rendered instance and frames, not series or study',
  // https://cloud.google.com/healthcare-api/docs/dicom ("Rendered Resources: Instance, Frames")
  source: 'https://cloud.google.com/healthcare-api/docs/dicom',
  request: { path: `${instancePath}/rendered`, accept: ACCEPT.jpeg },
  response: { status: 200, headers: { 'Content-Type': 'image/jpeg' }, body: JPEG_STUB },
};

/** A series-level rendered request: not a resource the store serves. */
export const googleSeriesRenderedMissing: VendorExchange = {
  quirk: 'no rendered series resource',
  source: 'https://cloud.google.com/healthcare-api/docs/dicom',
  assumption: 'answered 404 like the thumbnail route',
  request: {
    path: `studies/${GOOGLE_INSTANCE.studyInstanceUid}/series/${GOOGLE_INSTANCE.seriesInstanceUid}/rendered`,
    accept: ACCEPT.jpeg,
  },
  response: { status: 404, headers: {} },
};

/** Most results one study or series search returns, whatever `limit` asks. */
export const GOOGLE_STUDY_SEARCH_CAP = 5000;

/**
 * A study search page from a store holding `total` studies, capped at
 * {@link GOOGLE_STUDY_SEARCH_CAP} results: QIDO limits are 5,000 for studies
 * and series and 50,000 for instances.
 * Source: https://cloud.google.com/healthcare-api/docs/dicom (Search transaction).
 * Assumption: a larger `limit` is capped silently (no Warning header).
 */
export function googleStudyPage(total: number, offset: number, limit: number): RecordedResponse {
  const count = Math.max(0, Math.min(limit, GOOGLE_STUDY_SEARCH_CAP, total - offset));
  const studies: DicomJsonDataset[] = Array.from({ length: count }, (_, i) => ({
    '0020000D': { vr: 'UI', Value: [`2.25.${offset + i + 1}`] },
  }));
  return {
    status: 200,
    headers: { 'Content-Type': 'application/dicom+json; charset=utf-8' },
    body: JSON.stringify(studies),
  };
}

/** All fixed Google records, for listing. */
export const GOOGLE_EXCHANGES: readonly VendorExchange[] = [
  googleFramesAsStored,
  googleQuotaExceeded,
  googleSearchAfterQuota,
  googleThumbnailMissing,
  googleRenderedInstance,
  googleSeriesRenderedMissing,
];
