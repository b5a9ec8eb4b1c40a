/**
 * `@fovea-dicom/core/local`: DICOM files on the reader's computer (a patient's
 * CD, a folder, a zip) as a `DicomSource`, and their upload to an archive with
 * STOW-RS (reconciliation, de-identification). A separate entry point: it
 * brings dicom-parser, fflate and (on first use) dcmjs, which the rest of
 * `@fovea-dicom/core` does not need.
 *
 * @packageDocumentation
 */
export * from './files.js';
export * from './source.js';
export { readFileHeader, serveHeaders, inlineHeaderReader, WorkerHeaderReader } from './reader.js';
export type { FileOutcome, HeaderReader, HeaderRequest, HeaderAnswer } from './reader.js';
export type { SkipReason, PixelDataLocation, HeaderResult } from './header.js';
export * from './reconcile.js';
export * from './upload.js';
