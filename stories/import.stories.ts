// <fovea-import>: a patient's CD, folder or zip opened without a server,
// previewed and uploaded. Drop a folder of DICOM files (or a zip) on the story
// to see the summary and the preview; the upload goes to the sample server in
// `npm run storybook` (read-only: it refuses the upload, and the report says
// so per image). The static build has no archive to upload to.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { PatientIdentity } from '@fovea-dicom/core';
import '@fovea-dicom/elements/fovea-import.js';
import { DEV_ROOT } from './support/sources.ts';

interface ImportArgs {
  accessionNumber: string;
  /** Not an attribute: the local patient the upload is reconciled to. */
  patient: PatientIdentity | undefined;
  concurrency: number;
}

function render(args: ImportArgs) {
  return html`<fovea-import
    style="--fovea-import-viewer-height: 420px"
    dicomweb-root=${import.meta.env.DEV ? DEV_ROOT : nothing}
    accession-number=${args.accessionNumber || nothing}
    .patient=${args.patient}
    concurrency=${args.concurrency}
  ></fovea-import>`;
}

const meta: Meta<ImportArgs> = {
  title: 'Elements/fovea-import',
  component: 'fovea-import',
  render,
  args: { accessionNumber: '', patient: undefined, concurrency: 2 },
  argTypes: { patient: { control: 'object' } },
};
export default meta;

type Story = StoryObj<ImportArgs>;

/** The drop zone and pickers, before any file is chosen. */
export const Empty: Story = { name: 'Waiting for a CD', tags: ['state-idle'] };

/**
 * Reconciliation to the local patient (IHE IRWF.b): the uploaded copies get
 * this Patient ID, issuer, name, birth date and sex and the accession number;
 * the CD's own identity is kept in Other Patient IDs Sequence. The preview
 * shows the files as they are on the CD.
 */
export const Reconciled: Story = {
  name: 'Reconciled to the local patient',
  tags: ['state-idle'],
  args: {
    accessionNumber: 'LOC-2024-0815',
    patient: {
      patientId: 'H-000123',
      issuerOfPatientId: 'HOSPITAL-A',
      patientName: 'Lokal^Erika',
      patientBirthDate: '19640812',
      patientSex: 'F',
    },
  },
};
