// The mock EHR page: the chart patient's studies in <fovea-study-list>, the
// chosen one in <fovea-viewer>. DICOM strings go in as text only
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
const viewer = document.getElementById('viewer');
const studyList = document.getElementById('studies');
viewer.client = client;
studyList.client = client;

const $ = (id) => document.getElementById(id);
const formatDate = (d) =>
  d ? new Date(d.year, d.month - 1, d.day).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '–';

// Light or dark, for the chart and the viewer alike (?theme=dark to start dark).
const themeSelect = $('theme-select');
function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  viewer.theme = theme;
  themeSelect.value = theme;
}
setTheme(new URL(location.href).searchParams.get('theme') === 'dark' ? 'dark' : 'light');
themeSelect.addEventListener('change', () => setTheme(themeSelect.value));

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
  // The list shows what the launch asked for: with mostRecentResults, only that many studies.
  if (request.requestType === 'PATIENT') studyList.mostRecentResults = request.mostRecentResults;
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
  select.addEventListener('change', () => {
    // Another chart: the launch's limit no longer applies.
    studyList.mostRecentResults = undefined;
    void openChart(select.value);
  });
  if (initial) await openChart(initial, focusStudies);
  else $('list-status').textContent = 'No studies on the server.';
}

async function openChart(patientId, focusStudies) {
  $('list-status').textContent = 'Loading studies…';
  const studies = await client.searchStudies({ PatientID: patientId }, { includefield: ['00100030', '00100040'] });
  const first = studies[0];
  $('patient-name').textContent = formatPersonName(first?.patientName) || '(no name)';
  $('patient-id').textContent = first?.patientId ?? '–';
  $('patient-dob').textContent = formatDate(first?.patientBirthDate);
  $('patient-sex').textContent = first?.patientSex ?? '–';
  $('list-status').textContent = studies.length ? '' : 'No imaging for this patient.';
  studyList.patientId = patientId;
  // The launched study first, else a cross-sectional one: what a clinician opens first.
  const rank = (s) => (focusStudies?.has(s.studyInstanceUid) ? 2 : 0) + (s.modalitiesInStudy.includes('CT') ? 1 : 0);
  const open = [...studies].sort((a, b) => rank(b) - rank(a))[0];
  show(open?.studyInstanceUid ?? '');
}

function show(studyUid) {
  studyList.selectedStudyUid = studyUid;
  viewer.studyUid = studyUid;
}

studyList.addEventListener('fovea-study-select', (event) => show(event.detail.study.studyInstanceUid));

viewer.addEventListener('fovea-error', (event) => {
  // The detail's message carries no patient data.
  console.warn(`viewer: ${event.detail.code}`);
});

(location.pathname === '/iid' ? launchFromIid() : loadPatients()).catch((error) => {
  $('list-status').textContent =
    error?.name === 'IidRequestError' ? 'The launch request is not valid.' : 'The image server could not be reached.';
});
