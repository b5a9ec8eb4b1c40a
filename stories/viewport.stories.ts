// <fovea-viewport> in its states, on the demo's phantom series: real DICOM
// files, decoded by the same worker and codecs as in production. Tags
// `state-idle`, `state-loading`, `state-error` tell test/docs/storybook.test.mjs
// what a story must show; every other story must show an image.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { DicomWebClient } from '@fovea-dicom/core';
import '@fovea-dicom/elements/fovea-viewport.js';
import { failingClient, sample, sampleServer, stalledClient } from './support/sources.ts';

interface ViewportArgs {
  studyUid: string;
  seriesUid: string;
  imageIndex: number;
  windowCenter: number | undefined;
  windowWidth: number | undefined;
  invert: boolean;
  rotation: 0 | 90 | 180 | 270;
  flipHorizontal: boolean;
  flipVertical: boolean;
  zoom: number;
  overlays: boolean;
  orientationMarkers: boolean;
  scaleBar: boolean;
  /** Not an attribute: stories that show a state other than the sample server set it. */
  client: DicomWebClient | undefined;
}

function render(args: ViewportArgs) {
  const server = sampleServer();
  const client = args.client ?? server.client;
  return html`<fovea-viewport
    style="display: block; width: 100%; height: 320px"
    dicomweb-root=${args.client ? nothing : server.dicomwebRoot || nothing}
    .client=${client}
    study-uid=${args.studyUid}
    series-uid=${args.seriesUid}
    image-index=${args.imageIndex}
    window-center=${ifDefined(args.windowCenter)}
    window-width=${ifDefined(args.windowWidth)}
    ?invert=${args.invert}
    .rotation=${args.rotation}
    ?flip-horizontal=${args.flipHorizontal}
    ?flip-vertical=${args.flipVertical}
    .zoom=${args.zoom}
    .overlays=${args.overlays}
    .orientationMarkers=${args.orientationMarkers}
    .scaleBar=${args.scaleBar}
  ></fovea-viewport>`;
}

const ct = sample('ct');

const meta: Meta<ViewportArgs> = {
  title: 'Elements/fovea-viewport',
  component: 'fovea-viewport',
  render,
  args: {
    studyUid: ct.studyUid,
    seriesUid: ct.seriesUid,
    imageIndex: -1,
    windowCenter: undefined,
    windowWidth: undefined,
    invert: false,
    rotation: 0,
    flipHorizontal: false,
    flipVertical: false,
    zoom: 1,
    overlays: true,
    orientationMarkers: true,
    scaleBar: true,
    client: undefined,
  },
  argTypes: {
    rotation: { control: 'inline-radio', options: [0, 90, 180, 270] },
    zoom: { control: { type: 'range', min: 0.25, max: 8, step: 0.25 } },
    imageIndex: { control: { type: 'number', min: -1 } },
    client: { control: false, table: { disable: true } },
  },
};
export default meta;

type Story = StoryObj<ViewportArgs>;

const series = (key: string): Partial<ViewportArgs> => {
  const s = sample(key);
  return { studyUid: s.studyUid, seriesUid: s.seriesUid };
};

/** A CT series: the middle slice first (cross-sectional stacks open in the middle), arrow keys page. */
export const CtStack: Story = { name: 'CT stack (dark theme)' };

/** The same series with the light theme's tokens. */
export const CtStackLight: Story = { name: 'CT stack (light theme)', globals: { theme: 'light' } };

/** CR stored as MONOCHROME1: shown inverted, as the standard says. */
export const CrMonochrome1: Story = { name: 'CR, MONOCHROME1', args: series('cr') };

/** DX stored as MONOCHROME2. */
export const DxMonochrome2: Story = { name: 'DX, MONOCHROME2', args: series('dx') };

/** An oblique MR series. */
export const MrOblique: Story = { name: 'MR, oblique', args: series('mr') };

/** A multi-frame ultrasound cine in RGB. */
export const UsRgbCine: Story = { name: 'US, RGB multi-frame', args: series('us') };

/** Window set by the host (soft-tissue window) and inverted. */
export const WindowAndInvert: Story = {
  name: 'Host window, inverted',
  args: { windowCenter: 40, windowWidth: 400, invert: true },
};

/** Rotation, flip and zoom set by the host. */
export const Transformed: Story = {
  name: 'Rotated, flipped, zoomed',
  args: { rotation: 90, flipHorizontal: true, zoom: 1.5 },
};

/** Overlays, orientation markers and scale bar off. */
export const Bare: Story = { args: { overlays: false, orientationMarkers: false, scaleBar: false } };

/** No series chosen yet. */
export const Idle: Story = { tags: ['state-idle'], args: { studyUid: '', seriesUid: '' } };

/** The server has not answered yet. */
export const Loading: Story = { tags: ['state-loading'], args: { client: stalledClient() } };

/** The series is not on the server (404): the element shows a message and fires `fovea-error`. */
export const ErrorNotFound: Story = {
  name: 'Error: not found',
  tags: ['state-error'],
  args: { client: failingClient(404) },
};

/** The server refused the credentials (401). */
export const ErrorUnauthorized: Story = {
  name: 'Error: unauthorised',
  tags: ['state-error'],
  args: { client: failingClient(401) },
};
