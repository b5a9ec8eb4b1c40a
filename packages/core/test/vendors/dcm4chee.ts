/**
 * dcm4chee-arc-light (5.x): documented response quirks.
 *
 * Service root: `{host}/dcm4chee-arc/aets/{AET}/rs`. The secured build puts
 * Keycloak (OIDC bearer tokens) in front; auth is not what these records test.
 */
import { ACCEPT, frameBytes, multipartBody, type VendorExchange } from './exchange.js';

/** The service root the records are written against. */
export const DCM4CHEE_ROOT = 'http://pacs.example:8080/dcm4chee-arc/aets/DCM4CHEE/rs';

/** Instance the frame records refer to. */
export const DCM4CHEE_INSTANCE = {
  studyInstanceUid: '1.3.6.1.4.1.5962.1.2.19.20031208063649.855',
  seriesInstanceUid: '1.3.6.1.4.1.5962.1.3.19.1.20031208063649.855',
  sopInstanceUid: '1.2.276.0.7230010.3.1.4.1787205428.2363.1071048150.1',
} as const;

const instancePath = `studies/${DCM4CHEE_INSTANCE.studyInstanceUid}/series/${DCM4CHEE_INSTANCE.seriesInstanceUid}/instances/${DCM4CHEE_INSTANCE.sopInstanceUid}`;

/** QIDO-RS with no match: 204 No Content and no body, not `200 []`. */
export const dcm4cheeEmptySearch: VendorExchange = {
  quirk: 'QIDO-RS answers 204 without a body when nothing matches',
  // https://github.com/dcm4che/dcm4chee-arc-light/issues/477 ("For 0 matches, send back response status as 204")
  source: 'https://github.com/dcm4che/dcm4chee-arc-light/issues/477',
  request: { path: 'studies', query: { PatientID: 'NO-SUCH-PATIENT' }, accept: ACCEPT.json },
  response: { status: 204, headers: { 'Cache-Control': 'no-cache' } },
};

const BOUNDARY = '04042a0d-be13-4e34-b35c-304459be70bd';
const CONTENT_ID = '<246211d3-de38-4207-a5d6-8a408e6d3a2b@resteasy-multipart>';

/**
 * Frames as stored (JPEG lossless, process 14 SV1) for `transfer-syntax=*`:
 * a RESTEasy multipart with a `start` parameter holding `<…@…>`, a quoted
 * `type` and a quoted boundary; each part carries Content-Location,
 * Content-ID and a Content-Type whose `transfer-syntax` parameter names the
 * stored syntax (`image/jpeg` alone would mean baseline, .50).
 */
export const dcm4cheeFramesAsStored: VendorExchange = {
  quirk: 'quoted boundary and start parameter; transfer-syntax in each part header',
  // Response header shape: https://github.com/dcm4che/dcm4che/issues/539 (start="<…@resteasy-multipart>";type="…");
  // quoted boundaries: https://github.com/dcm4che/dcm4che/issues/415;
  // part headers (Content-Location, Content-ID, Content-Type): https://github.com/dcm4che/dcm4chee-arc-light/issues/2752;
  // transfer-syntax parameter in part Content-Type: https://github.com/dcm4che/dcm4chee-arc-light/issues/4399
  // and https://github.com/dcm4che/dcm4chee-arc-light/issues/2813.
  source: 'https://github.com/dcm4che/dcm4chee-arc-light/issues/4399',
  assumption: 'the boundary is quoted although a UUID needs no quotes; the frame bytes are placeholders',
  request: { path: `${instancePath}/frames/1,2`, accept: ACCEPT.framesAsStored },
  response: {
    status: 200,
    headers: {
      'Content-Type': `multipart/related;start="${CONTENT_ID}";type="application/octet-stream"; boundary="${BOUNDARY}"`,
      'Transfer-Encoding': 'chunked',
    },
    body: multipartBody(
      BOUNDARY,
      [1, 2].map((n) => ({
        headers: {
          'Content-Location': `${DCM4CHEE_ROOT}/${instancePath}/frames/${n}`,
          'Content-ID': n === 1 ? CONTENT_ID : `<${n}${CONTENT_ID.slice(2)}`,
          'Content-Type': 'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.70',
        },
        body: frameBytes(`JPLL-${n}`),
      })),
    ),
  },
};

/** All dcm4chee records, for listing. */
export const DCM4CHEE_EXCHANGES: readonly VendorExchange[] = [dcm4cheeEmptySearch, dcm4cheeFramesAsStored];
