// docs/guides/import.md: a patient's CD into the archive, reconciled to the local patient.
import '@fovea-dicom/elements';
import { createDicomWebClient } from '@fovea-dicom/core';
import { LocalDicomSource, filesFromList, uploadInstances, type ImportReport } from '@fovea-dicom/core/local';

declare function lookUpLocalPatient(): Promise<{ id: string; name: string; birthDate: string; sex: 'M' | 'F' | 'O' }>;
declare function saveImportReport(report: ImportReport): Promise<void>;
declare function getToken(): Promise<string>;

// 1. The element: drop zone, summary, preview, confirmation of mixed patients, upload.
const importer = document.createElement('fovea-import');
importer.dicomwebRoot = '/dicom-web';
importer.getAuthorization = async () => `Bearer ${await getToken()}`;
const local = await lookUpLocalPatient();
importer.patient = {
  patientId: local.id,
  issuerOfPatientId: 'HOSPITAL-A',
  patientName: local.name,
  patientBirthDate: local.birthDate,
  patientSex: local.sex,
};
importer.accessionNumber = 'LOC-2024-0815';
importer.addEventListener('fovea-import-scan', (e) => {
  console.warn(`${e.detail.instances} images, ${e.detail.patients} patient(s)`);
  for (const { reason, count } of e.detail.skipped) console.warn(`${count} skipped: ${reason}`);
});
importer.addEventListener('fovea-import-progress', (e) => console.warn(`${e.detail.done}/${e.detail.total}`));
importer.addEventListener('fovea-import-complete', (e) => void saveImportReport(e.detail.report));
importer.addEventListener('fovea-error', (e) => console.error(e.detail.code, e.detail.message));
document.body.append(importer);

// 2. Or the parts, without the element: any Fovea element shows a LocalDicomSource.
const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
const source = new LocalDicomSource();
await source.add(filesFromList(input.files!));
const viewer = document.createElement('fovea-viewer');
viewer.client = source;
viewer.studyUid = (await source.searchStudies())[0]?.studyInstanceUid ?? '';
document.body.append(viewer);
const report = await uploadInstances(source.instances, {
  client: createDicomWebClient({ root: '/dicom-web' }),
  patient: { patientId: local.id, issuerOfPatientId: 'HOSPITAL-A' },
});
console.warn(report.counts);
