// What the viewport, the key image selection and the series browser need of
// the DICOM documents (SR, KOS) in one module, imported on first use: the
// writers, readers and the study's documents on the server stay out of the
// elements' first chunk (see documents-loader.ts).
export { findDocuments, readDocument, storeDocument } from './study-documents.js';
export { isMeasurementReport, readMeasurementReport, SR_CLASSES } from './sr-read.js';
export { measurementReport } from './sr-write.js';
export { isOfInterest, keyImagesDocument, readKeyObjects } from './kos.js';
export { text } from './natural.js';
