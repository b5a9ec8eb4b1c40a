// <fovea-viewer>, the composed panel, on the demo's sample studies: layouts,
// synchronisation, both themes, and its states. Tags `state-idle`,
// `state-loading`, `state-not-found`, `state-error` tell
// test/docs/storybook.test.mjs what a story must show; in every other story
// each viewport must show an image.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { DicomWebClient } from '@fovea-dicom/core';
import '@fovea-dicom/elements/fovea-viewer.js';
import {
  CT_WINDOW_PRESETS,
  type FoveaViewer,
  type SyncKind,
  type ViewerLayout,
  type ViewerTheme,
} from '@fovea-dicom/elements';
import { emptyClient, failingClient, sample, sampleServer, stalledClient } from './support/sources.ts';

interface ViewerArgs {
  studyUid: string;
  accessionNumber: string;
  layout: ViewerLayout;
  sync: SyncKind[];
  theme: ViewerTheme;
  hideSeries: boolean;
  locale: string | undefined;
  /** Not an attribute: stories that show a state other than the sample server set it. */
  client: DicomWebClient | undefined;
}

function render(args: ViewerArgs) {
  const server = sampleServer();
  return html`<fovea-viewer
    style="height: 560px"
    dicomweb-root=${args.client ? nothing : server.dicomwebRoot || nothing}
    .client=${args.client ?? server.client}
    study-uid=${args.studyUid}
    accession-number=${args.accessionNumber}
    layout=${args.layout}
    .sync=${args.sync}
    theme=${args.theme}
    ?hide-series=${args.hideSeries}
    .locale=${args.locale}
  ></fovea-viewer>`;
}

const ct = sample('ct');
const chest = sample('cr');

const meta: Meta<ViewerArgs> = {
  title: 'Elements/fovea-viewer',
  component: 'fovea-viewer',
  render,
  args: {
    studyUid: ct.studyUid,
    accessionNumber: '',
    layout: '1x1',
    sync: [],
    theme: 'dark',
    hideSeries: false,
    locale: undefined,
    client: undefined,
  },
  argTypes: {
    layout: { control: 'inline-radio', options: ['1x1', '1x2', '2x1', '2x2'] },
    sync: { control: 'inline-check', options: ['scroll', 'pan-zoom', 'voi'] },
    theme: { control: 'inline-radio', options: ['dark', 'light', 'auto'] },
    // The static build's recorded answers hold no accession-number search.
    accessionNumber: { control: false },
    client: { control: false, table: { disable: true } },
  },
  parameters: { docs: { story: { height: '580px' } } },
};
export default meta;

type Story = StoryObj<ViewerArgs>;

/** A CT study in Basic Image Review's default view: thumbnails, toolbar, the first image series. */
export const OneByOne: Story = { name: '1x1 (dark theme)' };

/** The same with the viewer's light theme. */
export const OneByOneLight: Story = {
  name: '1x1 (light theme)',
  globals: { theme: 'light' },
  args: { theme: 'light' },
};

/** A chest study side by side: its two image series fill the two viewports in series order. */
export const OneByTwo: Story = { name: '1x2, two series', args: { studyUid: chest.studyUid, layout: '1x2' } };

/**
 * One CT series in four windows (lung, mediastinum, bone, abdomen), scroll and
 * pan / zoom synchronised: scroll or zoom one viewport and the others follow;
 * each keeps its window. The host puts the series in each viewport with
 * `showSeries(uid, cell)` and sets the windows on `viewports`.
 */
const fourWindows: Story['play'] = async ({ canvasElement }) => {
  const viewer = canvasElement.querySelector<FoveaViewer>('fovea-viewer');
  if (!viewer) throw new Error('no <fovea-viewer> in the story');
  await viewer.updateComplete;
  for (const cell of [0, 1, 2, 3]) viewer.showSeries(ct.seriesUid, cell);
  viewer.activate(0);
  await viewer.updateComplete;
  const windows = ['ct-lung', 'ct-mediastinum', 'ct-bone', 'ct-abdomen'].map((id) =>
    CT_WINDOW_PRESETS.find((p) => p.id === id),
  );
  viewer.viewports.forEach((viewport, i) => {
    viewport.windowCenter = windows[i]?.center;
    viewport.windowWidth = windows[i]?.width;
  });
};

/** 2x2, synchronised scroll and pan / zoom, dark theme. */
export const TwoByTwoSync: Story = {
  name: '2x2, synchronised (dark theme)',
  args: { layout: '2x2', sync: ['scroll', 'pan-zoom'] },
  play: fourWindows,
};

/** 2x2, synchronised, light theme. */
export const TwoByTwoSyncLight: Story = {
  name: '2x2, synchronised (light theme)',
  globals: { theme: 'light' },
  args: { layout: '2x2', sync: ['scroll', 'pan-zoom'], theme: 'light' },
  play: fourWindows,
};

/**
 * No thumbnails: the toolbar and viewport only, the host choosing the series
 * with `showSeries(uid)`. (Without the thumbnails the viewer does not yet find
 * the study's series by itself: it learns them from its series browser.)
 */
export const HiddenSeries: Story = {
  name: 'Without thumbnails, series chosen by the host',
  args: { hideSeries: true },
  play: async ({ canvasElement }) => {
    const viewer = canvasElement.querySelector<FoveaViewer>('fovea-viewer');
    if (!viewer) throw new Error('no <fovea-viewer> in the story');
    await viewer.updateComplete;
    viewer.showSeries(ct.seriesUid);
  },
};

/** No study given yet. */
export const Idle: Story = { tags: ['state-idle'], args: { studyUid: '' } };

/** The server has not answered yet. */
export const Loading: Story = { tags: ['state-loading'], args: { client: stalledClient() } };

/** No study has the accession number: the viewer says so and fires `fovea-error`. */
export const NotFound: Story = {
  name: 'Accession number not found',
  tags: ['state-not-found'],
  args: { studyUid: '', accessionNumber: 'ACC-0000', client: emptyClient() },
};

/** The server failed (500): the thumbnails say so and offer a retry. */
export const ErrorServer: Story = {
  name: 'Error: server error',
  tags: ['state-error'],
  args: { client: failingClient(500) },
};
