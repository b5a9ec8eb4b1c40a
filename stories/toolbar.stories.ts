// <fovea-toolbar> driving a <fovea-viewport> on the demo's CT phantom: click a
// tool (left button), right- or middle-click it for the other mouse buttons,
// then draw on the image; Tab into the toolbar and use the arrow keys, or the
// shortcuts listed in the class description. Every story shows an image
// (test/docs/storybook.test.mjs checks it).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '@fovea-dicom/elements/fovea-toolbar.js';
import '@fovea-dicom/elements/fovea-viewport.js';
import { DEFAULT_TOOLBAR_ITEMS, type FoveaViewport, type ToolbarItem } from '@fovea-dicom/elements';
import { sample, sampleServer } from './support/sources.ts';

interface ToolbarArgs {
  items: ToolbarItem[];
  orientation: 'horizontal' | 'vertical';
  shortcuts: boolean;
  /** Not an attribute: a host button in the default slot. */
  hostButton: boolean;
}

const ct = sample('ct');
/** Each rendering gets its own viewport id: a docs page shows every story at once. */
let next = 0;

/** The host's own button: saves the measurements as the JSON an EHR would store. */
function saveMeasurements(event: Event) {
  const toolbar = (event.currentTarget as HTMLElement).closest('fovea-toolbar');
  const viewport = toolbar?.target as FoveaViewport | undefined;
  const json = JSON.stringify(viewport?.getMeasurements() ?? null, null, 2);
  const out = toolbar?.parentElement?.querySelector('output');
  if (out) out.value = json;
}

function render(args: ToolbarArgs) {
  const server = sampleServer();
  const id = `toolbar-story-viewport-${++next}`;
  const vertical = args.orientation === 'vertical';
  return html`<div
    style="display: grid; gap: 8px; grid-template-${vertical ? 'columns' : 'rows'}: auto 1fr; height: 330px"
  >
    <fovea-toolbar for=${id} .items=${args.items} orientation=${args.orientation} ?shortcuts=${args.shortcuts}>
      ${args.hostButton ? html`<button type="button" @click=${saveMeasurements}>Save measurements</button>` : nothing}
    </fovea-toolbar>
    <div style="display: grid; grid-template-rows: 1fr auto; min-height: 0; min-width: 0">
      <fovea-viewport
        id=${id}
        style="display: block; min-height: 0"
        dicomweb-root=${server.dicomwebRoot || nothing}
        .client=${server.client}
        study-uid=${ct.studyUid}
        series-uid=${ct.seriesUid}
        .annotationText=${() => 'Finding'}
      ></fovea-viewport>
      ${args.hostButton ? html`<output style="font: 11px monospace; white-space: pre; max-height: 4em; overflow: auto"></output>` : nothing}
    </div>
  </div>`;
}

const meta: Meta<ToolbarArgs> = {
  title: 'Elements/fovea-toolbar',
  component: 'fovea-toolbar',
  render,
  args: { items: [...DEFAULT_TOOLBAR_ITEMS], orientation: 'horizontal', shortcuts: true, hostButton: false },
  argTypes: {
    items: { control: 'check', options: [...DEFAULT_TOOLBAR_ITEMS] },
    orientation: { control: 'inline-radio', options: ['horizontal', 'vertical'] },
    hostButton: { table: { disable: true } },
  },
};
export default meta;

type Story = StoryObj<ToolbarArgs>;

/** Every tool and action in the default order, bound with `for` to a CT stack (arrows are labelled "Finding"). */
export const AllTools: Story = { name: 'All tools over a CT stack' };

/** The tools IHE Basic Image Review asks for, in a vertical bar beside the image. */
export const ReviewVertical: Story = {
  name: 'Basic review set, vertical',
  args: {
    orientation: 'vertical',
    items: ['windowLevel', 'pan', 'zoom', 'stackScroll', 'length', 'angle', 'presets', 'reset'],
  },
};

/** The host's own button in the slot joins the arrow-key navigation; here it saves the measurements as JSON. */
export const HostButton: Story = {
  name: 'With a host button',
  args: { hostButton: true, items: ['windowLevel', 'length', 'ellipse', 'probe', 'arrow', 'reset'] },
};

/** Shortcuts off, for hosts that use the keys themselves: only clicks and the arrow keys inside the toolbar. */
export const ShortcutsOff: Story = { name: 'Shortcuts off', args: { shortcuts: false } };
