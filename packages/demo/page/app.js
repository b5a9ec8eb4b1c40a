// The mock EHR page: finds the chart patient's studies over QIDO-RS and shows
// the chosen series in <fovea-viewport>. DICOM strings go in as text only
// (textContent), never as HTML.
import {
  createDicomWebClient,
  formatPersonName,
  iidToQueries,
  parseIidRequest,
  selectIidStudies,
  stripIidParams,
} from '/fovea/fovea.js';

const client = createDicomWebClient({ root: '/dicom-web' });
const viewport = document.getElementById('viewport');
viewport.client = client;

const $ = (id) => document.getElementById(id);
const text = (tag, value, className) => {
  const el = document.createElement(tag);
  el.textContent = value ?? '';
  if (className) el.className = className;
  return el;
};
const formatDate = (d) =>
  d ? new Date(d.year, d.month - 1, d.day).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '–';

/**
 * IHE Invoke Image Display (RAD-106): /iid?requestType=STUDY&studyUID=… or
 * requestType=PATIENT&patientID=…. The patient parameters leave the address
 * bar (and so history and Referer) before anything else happens.
 */
async function launchFromIid() {
  let request;
  try {
    request = parseIidRequest(location.search);
  } finally {
    history.replaceState(null, '', stripIidParams(location.href));
  }
  // The sample data has no IssuerOfPatientID: match on the ID alone.
  const queries = iidToQueries(request, { issuerOfPatientId: false });
  const found = (await Promise.all(queries.map((q) => client.searchStudies(q, { includefield: ['00081030'] })))).flat();
  const studies = selectIidStudies(found, request);
  if (!studies.length) {
    $('list-status').textContent = 'No studies match the launch request.';
    return;
  }
  await loadPatients(studies[0].patientId, new Set(studies.map((s) => s.studyInstanceUid)));
}

async function loadPatients(requestedPatient, focusStudies) {
  const studies = await client.searchStudies({}, { includefield: ['00100030', '00100040'] });
  const patients = new Map();
  for (const s of studies) if (s.patientId && !patients.has(s.patientId)) patients.set(s.patientId, s);
  const select = $('patient-select');
  for (const [id, s] of patients) {
    const option = document.createElement('option');
    option.value = id;
    option.textContent = `${formatPersonName(s.patientName) || '(no name)'} · ${id}`;
    select.append(option);
  }
  // Open the chart of the patient with a CT, the richest sample.
  const withCt = studies.find((s) => s.modalitiesInStudy.includes('CT'));
  const initial =
    requestedPatient ??
    new URL(location.href).searchParams.get('patient') ??
    withCt?.patientId ??
    [...patients.keys()][0];
  if (initial) select.value = initial;
  select.addEventListener('change', () => void openChart(select.value));
  if (initial) await openChart(initial, focusStudies);
  else $('list-status').textContent = 'No studies on the server.';
}

async function openChart(patientId, focusStudies) {
  const list = $('series-list');
  list.replaceChildren();
  $('list-status').textContent = 'Loading studies…';
  const studies = await client.searchStudies({ PatientID: patientId }, { includefield: ['00100030', '00100040'] });
  const first = studies[0];
  $('patient-name').textContent = formatPersonName(first?.patientName) || '(no name)';
  $('patient-id').textContent = first?.patientId ?? '–';
  $('patient-dob').textContent = formatDate(first?.patientBirthDate);
  $('patient-sex').textContent = first?.patientSex ?? '–';
  let firstButton;
  // The launched studies first, then cross-sectional ones: what a clinician opens first.
  const rank = (s) => (focusStudies?.has(s.studyInstanceUid) ? 2 : 0) + (s.modalitiesInStudy.includes('CT') ? 1 : 0);
  studies.sort((a, b) => rank(b) - rank(a));
  for (const study of studies) {
    const head = text('li', study.studyDescription || 'Study', 'study-head');
    head.append(text('small', `${formatDate(study.studyDate)} · ${study.modalitiesInStudy.join(', ')}`));
    list.append(head);
    const series = await client.searchSeries({ StudyInstanceUID: study.studyInstanceUid });
    series.sort((a, b) => (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0));
    for (const s of series) {
      const item = document.createElement('li');
      const button = text(
        'button',
        `${s.modality ?? ''} #${s.seriesNumber ?? '–'} · ${s.seriesDescription ?? ''} (${s.numberOfInstances ?? '?'})`,
      );
      button.type = 'button';
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => show(study.studyInstanceUid, s.seriesInstanceUid, button));
      item.append(button);
      list.append(item);
      firstButton ??= button;
    }
  }
  $('list-status').textContent = studies.length ? '' : 'No imaging for this patient.';
  firstButton?.click();
}

function show(studyUid, seriesUid, button) {
  for (const b of document.querySelectorAll('.series-list button'))
    b.setAttribute('aria-pressed', String(b === button));
  viewport.imageIndex = -1;
  viewport.studyUid = studyUid;
  viewport.seriesUid = seriesUid;
}

viewport.addEventListener('fovea-error', (event) => {
  // The detail's message carries no patient data.
  console.warn(`viewer: ${event.detail.code}`);
});

(location.pathname === '/iid' ? launchFromIid() : loadPatients()).catch((error) => {
  $('list-status').textContent =
    error?.name === 'IidRequestError' ? 'The launch request is not valid.' : 'The image server could not be reached.';
});
