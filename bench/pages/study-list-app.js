// The study-list-only page: Fovea has no study list element yet, so this is
// what one would be made of today: `@fovea/core` (QIDO-RS through the typed
// client) and lit, rendering a table of studies. Bundled and minified from the
// built `@fovea/core` (packages/core/dist) like a host's build would.
import { createDicomWebClient } from '@fovea/core';
import { html, LitElement } from 'lit';

class BenchStudyList extends LitElement {
  static properties = { studies: { state: true } };

  constructor() {
    super();
    this.studies = [];
  }

  async load(root) {
    const client = createDicomWebClient({ root });
    this.studies = await client.searchStudies({}, {});
  }

  render() {
    return html`<table>
      ${this.studies.map(
        (s) =>
          html`<tr>
            <td>${s.patientName?.alphabetic?.family ?? ''}</td>
            <td>${s.patientId ?? ''}</td>
            <td>${s.studyDescription ?? ''}</td>
            <td>${s.modalitiesInStudy.join(', ')}</td>
            <td>${s.numberOfInstances ?? ''}</td>
          </tr>`,
      )}
    </table>`;
  }
}
customElements.define('bench-study-list', BenchStudyList);

window.benchStudyList = async () => {
  const el = document.createElement('bench-study-list');
  document.body.append(el);
  await el.load('/dicom-web');
  await el.updateComplete;
  return el.shadowRoot.querySelectorAll('tr').length;
};
