/**
 * Azure Health Data Services DICOM service, API v2: documented response quirks.
 *
 * Conformance statement v2:
 * https://learn.microsoft.com/azure/healthcare-apis/dicom/dicom-services-conformance-statement-v2
 * (source: https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/healthcare-apis/dicom/dicom-services-conformance-statement-v2.md).
 * Service root: `https://{workspace}-{service}.dicom.azurehealthcareapis.com/v2`: the API
 * version is a path segment of the root. Microsoft Entra ID bearer tokens.
 *
 * Frames: the statement lists `multipart/related; type="application/octet-stream"; transfer-syntax=*`
 * (and `image/jp2`) as accepted, so `transfer-syntax=*` is not refused; 406 is
 * for a transfer syntax the service cannot transcode to, or a file too large.
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

const STATEMENT = 'https://learn.microsoft.com/azure/healthcare-apis/dicom/dicom-services-conformance-statement-v2';

/** The service root the records are written against (note the `/v2` segment). */
export const AZURE_ROOT = 'https://fovea-ws-dicom.dicom.azurehealthcareapis.com/v2';

/** Largest `limit` a QIDO-RS search accepts (1..200, default 100). */
export const AZURE_MAX_LIMIT = 200;

/** Instance the retrieve records refer to. */
export const AZURE_INSTANCE = {
  studyInstanceUid: '1.2.826.0.1.3680043.2.1125.1.11608962641993666019702920539307840',
  seriesInstanceUid: '1.2.826.0.1.3680043.2.1125.1.71880467920208357446102016893281734',
  sopInstanceUid: '1.2.826.0.1.3680043.2.1125.1.34918616334675294586911311282186411',
} as const;

const seriesPath = `studies/${AZURE_INSTANCE.studyInstanceUid}/series/${AZURE_INSTANCE.seriesInstanceUid}`;
const instancePath = `${seriesPath}/instances/${AZURE_INSTANCE.sopInstanceUid}`;

/** A `limit` above 200 is a bad request, not a capped page. */
export const azureLimitTooLarge: VendorExchange = {
  quirk: 'limit must be 1..200; above it the search fails with 400',
  // Statement, "Supported search parameters" (limit: 1 >= x <= 200) and "Notes"
  // ("If the requested query response limit is outside of the acceptable range, a bad request is returned").
  source: STATEMENT,
  assumption: "body text follows dicom-server's \"The query parameter '{0}' is invalid.\" message",
  request: { path: 'studies', query: { limit: '201', offset: '0' }, accept: ACCEPT.json },
  response: {
    status: 400,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: "The query parameter 'limit' is invalid. The field must be between 1 and 200.",
  },
};

/**
 * One page of a study search over `total` studies. An offset past the last
 * match answers 204 (statement: "If an offset is provided larger than the
 * number of search query results, a 204 (no content) response is returned").
 */
export function azureStudyPage(total: number, offset: number, limit: number): RecordedResponse {
  if (limit < 1 || limit > AZURE_MAX_LIMIT) return azureLimitTooLarge.response;
  const count = Math.max(0, Math.min(limit, total - offset));
  if (count === 0) return { status: 204, headers: {} };
  const studies: DicomJsonDataset[] = Array.from({ length: count }, (_, i) => ({
    '0020000D': { vr: 'UI', Value: [`2.25.7${offset + i + 1}`] },
    '00080020': { vr: 'DA', Value: ['20240105'] },
  }));
  return { status: 200, headers: { 'Content-Type': 'application/dicom+json' }, body: JSON.stringify(studies) };
}

/** IssuerOfPatientID is not a searchable attribute (unless added as an extended query tag). */
export const azureIssuerNotSearchable: VendorExchange = {
  quirk: 'a fixed list of searchable attributes; others are a 400',
  // Statement, "Searchable attributes" (no IssuerOfPatientID); dicom-server QueryParser throws
  // UnsupportedSearchParameter for attributes outside the list:
  // https://github.com/microsoft/dicom-server/blob/main/src/Microsoft.Health.Dicom.Core/Features/Query/QueryParser.cs
  source: STATEMENT,
  assumption: 'body text',
  request: { path: 'studies', query: { PatientID: 'AZ-7', IssuerOfPatientID: 'HOSP' }, accept: ACCEPT.json },
  response: {
    status: 400,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body: "The query parameter 'IssuerOfPatientID' is not supported.",
  },
};

const ui = (v: string) => ({ vr: 'UI', Value: [v] });
const us = (v: number) => ({ vr: 'US', Value: [v] });

/**
 * Series metadata: attributes with OB, OD, OF, OL, OV, OW or UN values are
 * left out entirely, Pixel Data (7FE0,0010) included: no BulkDataURI either.
 */
export const azureSeriesMetadata: VendorExchange = {
  quirk: 'metadata omits OB / OW / UN (and other binary VR) attributes, Pixel Data included',
  // Statement, "Retrieve metadata (for study, series, or instance)".
  source: STATEMENT,
  request: { path: `${seriesPath}/metadata`, accept: ACCEPT.json },
  response: {
    status: 200,
    headers: { 'Content-Type': 'application/dicom+json', ETag: '"1712345678"' },
    body: JSON.stringify([
      {
        '00080016': ui('1.2.840.10008.5.1.4.1.1.2'),
        '00080018': ui(AZURE_INSTANCE.sopInstanceUid),
        '0020000D': ui(AZURE_INSTANCE.studyInstanceUid),
        '0020000E': ui(AZURE_INSTANCE.seriesInstanceUid),
        '00200013': { vr: 'IS', Value: [1] },
        '00280002': us(1),
        '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
        '00280010': us(512),
        '00280011': us(512),
        '00280100': us(16),
        '00280101': us(12),
        '00281050': { vr: 'DS', Value: [40] },
        '00281051': { vr: 'DS', Value: [400] },
      },
      {
        // A structured report in the same series: no image attributes at all.
        '00080016': ui('1.2.840.10008.5.1.4.1.1.88.22'),
        '00080018': ui('1.2.826.0.1.3680043.2.1125.1.34918616334675294586911311282186412'),
        '0020000D': ui(AZURE_INSTANCE.studyInstanceUid),
        '0020000E': ui(AZURE_INSTANCE.seriesInstanceUid),
      },
    ]),
  },
};

/** Frames as stored with `transfer-syntax=*` (JPEG 2000 lossless stored here). */
export const azureFramesAsStored: VendorExchange = {
  quirk: 'frames as octet-stream with transfer-syntax=* (or image/jp2)',
  // Statement, "Retrieve Frames" accepted Accept headers.
  source: STATEMENT,
  assumption: 'the part Content-Type carries the stored syntax as a transfer-syntax parameter',
  request: { path: `${instancePath}/frames/1`, accept: ACCEPT.framesAsStored },
  response: {
    status: 200,
    headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary="azure-7d1c"' },
    body: multipartBody('azure-7d1c', [
      {
        headers: { 'Content-Type': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.90' },
        body: frameBytes('AZ-J2K-1'),
      },
    ]),
  },
};

/** No thumbnail resource in the v2 API. */
export const azureThumbnailMissing: VendorExchange = {
  quirk: 'no thumbnails',
  // Statement, "Retrieve (WADO-RS)" lists no thumbnail paths.
  source: STATEMENT,
  assumption: 'an unlisted route answers 404',
  request: { path: `${instancePath}/thumbnail`, accept: ACCEPT.jpeg },
  response: { status: 404, headers: {} },
};

/** Rendered instance: only its first frame, as JPEG by default. */
export const azureRenderedInstance: VendorExchange = {
  quirk: 'rendered instance is its first frame only',
  // Statement, "Retrieve rendered image (for instance or frame)".
  source: STATEMENT,
  request: { path: `${instancePath}/rendered`, accept: ACCEPT.jpeg },
  response: { status: 200, headers: { 'Content-Type': 'image/jpeg' }, body: JPEG_STUB },
};

/** All fixed Azure records, for listing. */
export const AZURE_EXCHANGES: readonly VendorExchange[] = [
  azureLimitTooLarge,
  azureIssuerNotSearchable,
  azureSeriesMetadata,
  azureFramesAsStored,
  azureThumbnailMissing,
  azureRenderedInstance,
];
