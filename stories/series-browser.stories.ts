// <fovea-series-browser> in its states, on the demo's sample studies. The
// development server renders no thumbnails, so each series shows its modality
// placeholder (a server with /thumbnail or /rendered fills them in). Tags
// `state-idle`, `state-loading`, `state-empty`, `state-error` tell
// test/docs/storybook.test.mjs what a story must show; every other story must
// list series.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { DicomWebClient } from '@fovea-dicom/core';
import '@fovea-dicom/elements/fovea-series-browser.js';
import { emptyClient, failingClient, sample, sampleServer, stalledClient } from './support/sources.ts';

interface SeriesBrowserArgs {
  studyUid: string;
  selectedSeriesUid: string;
  orientation: 'vertical' | 'horizontal';
  thumbnailSize: number;
  /** Load progress per Series Instance UID (0 to 1). */
  progress: Record<string, number> | undefined;
  locale: string | undefined;
  /** Not an attribute: stories that show a state other than the sample server set it. */
  client: DicomWebClient | undefined;
}

function render(args: SeriesBrowserArgs) {
  const server = sampleServer();
  const size = args.orientation === 'vertical' ? 'width: 160px; height: 340px' : 'width: 100%; height: 180px';
  return html`<fovea-series-browser
    style="display: block; ${size}"
    dicomweb-root=${args.client ? nothing : server.dicomwebRoot || nothing}
    .client=${args.client ?? server.client}
    study-uid=${args.studyUid}
    selected-series-uid=${args.selectedSeriesUid}
    orientation=${args.orientation}
    thumbnail-size=${args.thumbnailSize}
    .progress=${args.progress}
    .locale=${args.locale}
  ></fovea-series-browser>`;
}

const chest = sample('cr');
const dx = sample('dx');

const meta: Meta<SeriesBrowserArgs> = {
  title: 'Elements/fovea-series-browser',
  component: 'fovea-series-browser',
  render,
  args: {
    studyUid: chest.studyUid,
    selectedSeriesUid: '',
    orientation: 'vertical',
    thumbnailSize: 96,
    progress: undefined,
    locale: undefined,
    client: undefined,
  },
  argTypes: {
    orientation: { control: 'inline-radio', options: ['vertical', 'horizontal'] },
    thumbnailSize: { control: { type: 'range', min: 48, max: 192, step: 8 } },
    client: { control: false, table: { disable: true } },
  },
};
export default meta;

type Story = StoryObj<SeriesBrowserArgs>;

/** A chest X-ray study's two series (CR and DX), in series-number order. */
export const Vertical: Story = { name: 'Vertical (dark theme)' };

/** The same with the light theme's tokens, the second series selected. */
export const VerticalLight: Story = {
  name: 'Vertical, selected (light theme)',
  globals: { theme: 'light' },
  args: { selectedSeriesUid: dx.seriesUid },
};

/** A horizontal strip (arrow keys follow it) with smaller thumbnails. */
export const Horizontal: Story = { args: { orientation: 'horizontal', thumbnailSize: 64 } };

/** Load progress set by the host: a bar under the series still loading. */
export const Progress: Story = {
  name: 'Load progress',
  args: { progress: { [chest.seriesUid]: 1, [dx.seriesUid]: 0.4 } },
};

/** A CT study with one series. */
export const OneSeries: Story = { name: 'One series (CT)', args: { studyUid: sample('ct').studyUid } };

/** No study chosen yet. */
export const Idle: Story = { tags: ['state-idle'], args: { studyUid: '' } };

/** The server has not answered yet. */
export const Loading: Story = { tags: ['state-loading'], args: { client: stalledClient() } };

/** The study has no series. */
export const Empty: Story = { tags: ['state-empty'], args: { client: emptyClient() } };

/** The server failed (500): the browser says so, offers a retry and fires `fovea-error`. */
export const ErrorServer: Story = {
  name: 'Error: server error',
  tags: ['state-error'],
  args: { client: failingClient(500) },
};
