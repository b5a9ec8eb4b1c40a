/**
 * `@fovea-dicom/core`: a typed DICOMweb client and DICOM model. No DOM, no Lit:
 * runs in a page, a worker and Node.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export * from './dicomweb/client.js';
export * from './dicomweb/source.js';
export * from './dicomweb/http.js';
export * from './dicomweb/multipart.js';
export * from './dicomweb/qido.js';
export * from './dicomweb/stow.js';
export * from './dicomweb/transfer-syntax.js';
export * from './model/json.js';
export * from './model/tags.js';
export * from './model/values.js';
export * from './model/views.js';
export * from './model/stack.js';
export * from './image-id.js';
export * from './iid.js';
export * from './model/frames.js';
export * from './pixels/image-error.js';
export * from './pixels/format.js';
export * from './pixels/samples.js';
export * from './pixels/rle.js';
