// docs/guides/iid.md: open the viewer from an EHR's IHE IID (RAD-106) launch URL.
import {
  createDicomWebClient,
  iidToQueries,
  IidRequestError,
  parseIidRequest,
  selectIidStudies,
  stripIidParams,
  type Study,
} from '@fovea-dicom/core';
import '@fovea-dicom/elements';

export async function launchFromIid(): Promise<Study[]> {
  let request;
  try {
    request = parseIidRequest(location.search);
  } catch (error) {
    // The message names the parameter, never its value (no patient data).
    if (error instanceof IidRequestError) document.title = error.message;
    throw error;
  }
  // The URL carries patient identifiers: drop them from the address bar and history at once.
  history.replaceState(null, '', stripIidParams(location.href));

  const client = createDicomWebClient({ root: '/dicom-web' });
  const results = await Promise.all(iidToQueries(request).map((q) => client.searchStudies(q)));
  const byUid = new Map(results.flat().map((s) => [s.studyInstanceUid, s]));
  return selectIidStudies([...byUid.values()], request);
}
