// <fovea-study-list> in its states, searching the demo's sample studies
// (dev server in `npm run storybook`, recorded answers in the static build;
// the searches are in support/searches.ts). Tags `state-loading`,
// `state-empty`, `state-error` tell test/docs/storybook.test.mjs what a story
// must show; every other story must list studies.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { DicomWebClient } from '@fovea-dicom/core';
import '@fovea-dicom/elements/fovea-study-list.js';
import {
  STUDY_COLUMNS,
  STUDY_FILTER_FIELDS,
  type StudyColumn,
  type StudyFilterField,
  type StudyFilters,
  type StudySort,
} from '@fovea-dicom/elements';
import { STUDY_LIST_SEARCHES } from './support/searches.ts';
import { emptyClient, failingClient, sampleServer, stalledClient } from './support/sources.ts';

interface StudyListArgs {
  filters: StudyFilters;
  patientId: string;
  pageSize: number;
  columns: StudyColumn[];
  filterFields: StudyFilterField[];
  sort: StudySort | undefined;
  locale: string | undefined;
  rowHeight: number;
  /** Not an attribute: stories that show a state other than the sample server set it. */
  client: DicomWebClient | undefined;
}

function render(args: StudyListArgs) {
  const server = sampleServer();
  return html`<fovea-study-list
    style="display: block; height: 340px"
    dicomweb-root=${args.client ? nothing : server.dicomwebRoot || nothing}
    .client=${args.client ?? server.client}
    .filters=${args.filters}
    patient-id=${args.patientId}
    page-size=${args.pageSize}
    row-height=${args.rowHeight}
    .columns=${args.columns}
    .filterFields=${args.filterFields}
    .sort=${args.sort}
    .locale=${args.locale}
  ></fovea-study-list>`;
}

const meta: Meta<StudyListArgs> = {
  title: 'Elements/fovea-study-list',
  component: 'fovea-study-list',
  render,
  args: {
    ...STUDY_LIST_SEARCHES.all,
    columns: [...STUDY_COLUMNS],
    filterFields: [...STUDY_FILTER_FIELDS],
    sort: undefined,
    locale: undefined,
    rowHeight: 32,
    client: undefined,
  },
  argTypes: {
    client: { control: false, table: { disable: true } },
    // The recorded answers of the static build cover the stories' searches only.
    filters: { control: false },
    patientId: { control: false },
    pageSize: { control: false },
  },
};
export default meta;

type Story = StoryObj<StudyListArgs>;

/** Every study on the sample server, in the server's order; the filter bar searches as you type. */
export const AllStudies: Story = { name: 'All studies (dark theme)' };

/** The same list with the light theme's tokens. */
export const AllStudiesLight: Story = { name: 'All studies (light theme)', globals: { theme: 'light' } };

/** Filtered by modality (the filter bar shows the filter in effect). */
export const ModalityFilter: Story = { name: 'Filtered: CT', args: STUDY_LIST_SEARCHES.ct };

/** One patient's studies, as an EHR launches the list (IHE IID `patient-id`): the patient filters are hidden. */
export const PatientStudies: Story = { name: "One patient's studies (IID)", args: STUDY_LIST_SEARCHES.patient };

/** Columns and filters chosen by the host, sorted by date (newest first), German dates and names. */
export const HostColumns: Story = {
  name: 'Host columns, sorted, de-DE',
  args: {
    columns: ['patient-name', 'study-date', 'modalities', 'description'],
    filterFields: ['patient-name', 'date'],
    sort: { column: 'study-date', direction: 'descending' },
    locale: 'de-DE',
  },
};

/** The server has not answered yet. */
export const Loading: Story = { tags: ['state-loading'], args: { client: stalledClient() } };

/** The search matched nothing. */
export const Empty: Story = { tags: ['state-empty'], args: { client: emptyClient() } };

/** The server failed (500): the list says so, offers a retry and fires `fovea-error`. */
export const ErrorServer: Story = {
  name: 'Error: server error',
  tags: ['state-error'],
  args: { client: failingClient(500) },
};

/** The server refused the credentials (401). */
export const ErrorUnauthorized: Story = {
  name: 'Error: unauthorised',
  tags: ['state-error'],
  args: { client: failingClient(401) },
};
