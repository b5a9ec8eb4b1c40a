// docs/guides/servers.md: clients for the DICOMweb servers integrators use.
import { createDicomWebClient, type GetAuthorization } from '@fovea-dicom/core';

declare const token: (forceRefresh: boolean) => Promise<string>;
const bearer: GetAuthorization = async ({ forceRefresh }) => `Bearer ${await token(forceRefresh)}`;

/** Orthanc 1.10 with the DICOMweb plugin, behind the page's origin (no CORS in Orthanc). */
export const orthanc = createDicomWebClient({
  root: '/orthanc/dicom-web',
  quirks: { noPercentDecoding: true },
});

/** dcm4chee-arc-light, secured with Keycloak (OIDC bearer tokens). */
export const dcm4chee = createDicomWebClient({
  root: 'https://arc.example.org/dcm4chee-arc/aets/DCM4CHEE/rs',
  getAuthorization: bearer,
});

/** Google Cloud Healthcare API: OAuth bearer; QIDO limit capped at 5,000. */
export const google = createDicomWebClient({
  root: 'https://healthcare.googleapis.com/v1/projects/P/locations/L/datasets/D/dicomStores/S/dicomWeb',
  getAuthorization: bearer,
  quirks: { maxLimit: 5000 },
});

/** Azure DICOM service (v2): Entra ID bearer; limit 1..200. */
export const azure = createDicomWebClient({
  root: 'https://WORKSPACE-SERVICE.dicom.azurehealthcareapis.com/v2',
  getAuthorization: bearer,
  quirks: { maxLimit: 200 },
});

/** AWS HealthImaging DICOMweb: every request scoped to an image set; SigV4 headers per request. */
declare function signV4(method: string, url: string): Promise<Record<string, string>>;
export const aws = createDicomWebClient({
  root: 'https://dicom-medical-imaging.us-east-1.amazonaws.com/datastore/DATASTORE_ID',
  query: { imageSetId: 'IMAGE_SET_ID' },
  getAuthorization: ({ method, url }) => signV4(method, url),
});
