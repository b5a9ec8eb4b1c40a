/**
 * The standalone bundle's entry: every element (registered) and the whole
 * `@fovea-dicom/core` API, for a plain `<script type="module">` without a build step.
 *
 * @packageDocumentation
 */
export * from './index.js';
export * from '@fovea-dicom/core';
export * from '@fovea-dicom/core/local';
