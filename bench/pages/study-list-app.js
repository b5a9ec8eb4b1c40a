// The study-list-only page: `<fovea-study-list>` from the built
// `@fovea-dicom/elements` (its own entry, packages/elements/dist/fovea-study-list.js)
// with what it imports (`@fovea-dicom/core`, lit, @lit/context, @lit/task), bundled
// and minified as a host's build would. It must never pull in the rendering
// chunk.
import '@fovea-dicom/elements/fovea-study-list.js';

/** Mounts the list on the bench's Orthanc and resolves with the number of study rows shown. */
window.benchStudyList = async () => {
  const el = document.createElement('fovea-study-list');
  el.setAttribute('dicomweb-root', '/dicom-web');
  document.body.append(el);
  for (let i = 0; i < 400; i++) {
    await el.updateComplete;
    const rows = el.shadowRoot?.querySelectorAll('[role="row"]:not([part="header-row"])') ?? [];
    if (rows.length > 0) return rows.length;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the study list showed no study');
};
