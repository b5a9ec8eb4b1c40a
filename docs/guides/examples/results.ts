// docs/guides/results.md: measurements to a DICOM SR and back, key images, print and PDF.
import '@fovea-dicom/elements';
import { ReportError, type StoredObject } from '@fovea-dicom/elements';

const viewport = document.createElement('fovea-viewport');
viewport.setAttribute('dicomweb-root', '/dicom-web');
viewport.setAttribute('study-uid', '1.2.3');
viewport.setAttribute('series-uid', '1.2.3.4');
// Offer the series' measurement reports in a notice (default), show the newest at once, or look for none.
viewport.setAttribute('measurement-reports', 'offer');
document.body.append(viewport);

// Every document stored is announced with the new instance's UIDs.
viewport.addEventListener('fovea-store', (e) => {
  const { kind, object } = e.detail;
  console.warn(`${kind} stored as ${object.sopInstanceUid} in series ${object.seriesInstanceUid}`);
  if (e.detail.kind === 'measurement-report') console.warn(`${e.detail.measurements.length} measurements`);
});
viewport.addEventListener('fovea-reports-found', (e) =>
  console.warn(e.detail.reports.map((r) => `${r.contentDateTime ?? 'undated'}: ${r.measurementCount} measurements`)),
);
viewport.addEventListener('fovea-report-load', (e) => {
  if (e.detail.skipped) console.warn(`${e.detail.skipped} shapes of the report cannot be drawn here`);
});
viewport.addEventListener('fovea-key-image-change', (e) => console.warn(e.detail.image.sopInstanceUid, e.detail.key));
viewport.addEventListener('fovea-error', (e) => {
  // A report that is not TID 1500, a server that refuses the document…: reason and a message to show.
  if (e.detail.error instanceof ReportError) console.warn(e.detail.reason, e.detail.message);
});

/** The host's "Sign and store" button: the measurements as a TID 1500 SR in the study. */
export async function storeMeasurements(): Promise<StoredObject> {
  return viewport.storeMeasurementReport({
    observer: { personName: 'Doe^Jane' },
    seriesDescription: 'Measurements (Fovea)',
  });
}

/** Flags the image on screen as a key image, then stores the study's key images as a KOS. */
export async function keepImage(): Promise<StoredObject> {
  viewport.toggleKeyImage(viewport.imageIndex, true);
  return viewport.storeKeyImages({ description: 'For the tumour board' });
}

/** A PDF for the patient's chart: header without the patient's birth data is up to the host's policy. */
export async function pdfForChart(): Promise<Blob> {
  return viewport.toPdf({
    paper: 'a4',
    orientation: 'portrait',
    header: { patient: true, study: true, institution: true, title: 'Radiology, Klinikum Fovea' },
  });
}

/** The key images, a few to a page, stored in the archive as an Encapsulated PDF. */
export async function archiveKeyImages(): Promise<StoredObject> {
  return viewport.storePdf({ images: 'key-images', title: 'Key images' });
}

/** The browser's print dialog for what the viewer shows: its layout, each viewport at print resolution. */
export async function printLayout(): Promise<void> {
  const viewer = document.querySelector('fovea-viewer');
  await viewer?.print({ orientation: 'landscape', header: { institution: false } });
}
