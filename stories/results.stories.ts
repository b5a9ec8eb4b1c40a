// Results back to the record, on the demo's CT phantom: measurements as a DICOM
// SR (TID 1500), key images as a Key Object Selection, print and PDF. The
// host's own buttons call the viewport's API; the toolbar's star flags the
// image on screen as a key image (K). The development server is read-only:
// storing ends in the viewport's error notice and a `fovea-error`, as it would
// against an archive that refuses STOW-RS. Every story shows an image
// (test/docs/storybook.test.mjs checks it).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '@fovea-dicom/elements/fovea-toolbar.js';
import '@fovea-dicom/elements/fovea-viewport.js';
import type { FoveaViewport, Measurement, PaperOrientation } from '@fovea-dicom/elements';
import { sample, sampleServer } from './support/sources.ts';

interface ResultsArgs {
  /** Draw sample measurements and flag the image as a key image once it is shown. */
  sampleResults: boolean;
  /** Paper orientation of print and PDF. */
  orientation: PaperOrientation;
  /** A host title line in the printed header. */
  title: string;
  /** Patient data in the printed header (as the host allows). */
  patientInHeader: boolean;
}

const ct = sample('ct');
let next = 0;

/** A length, an ellipse ROI and a labelled arrow on the image shown. */
function sampleMeasurements(viewport: FoveaViewport): Measurement[] {
  const image = viewport.currentImage;
  if (!image) return [];
  const at = (x: number, y: number) => ({ image: [x, y] as [number, number] });
  return [
    {
      id: crypto.randomUUID(),
      kind: 'length',
      image,
      points: [at(176.5, 450.5), at(336.5, 450.5)],
      unit: 'mm',
      spacing: 'PixelSpacing',
    },
    {
      id: crypto.randomUUID(),
      kind: 'ellipse',
      image,
      points: [at(136, 170), at(176, 210)],
      unit: 'mm²',
      spacing: 'PixelSpacing',
    },
    {
      id: crypto.randomUUID(),
      kind: 'arrow',
      image,
      points: [at(356, 190), at(420, 120)],
      unit: '',
      spacing: 'PixelSpacing',
      text: 'Fat disc',
    },
  ];
}

function viewportOf(event: Event): FoveaViewport | undefined {
  return (event.currentTarget as HTMLElement).closest('.results-story')?.querySelector('fovea-viewport') ?? undefined;
}

function say(event: Event, text: string): void {
  const out = (event.currentTarget as HTMLElement).closest('.results-story')?.querySelector('output');
  if (out) out.value = text;
}

function render(args: ResultsArgs) {
  const server = sampleServer();
  const id = `results-story-viewport-${++next}`;
  const printOptions = () => ({
    orientation: args.orientation,
    header: { patient: args.patientInHeader, ...(args.title ? { title: args.title } : {}) },
  });
  const onFirstImage = (event: Event) => {
    const viewport = event.currentTarget as FoveaViewport;
    if (!args.sampleResults || viewport.dataset['sampled']) return;
    viewport.dataset['sampled'] = 'yes';
    viewport.setMeasurements({ format: 'fovea-measurements@1', measurements: sampleMeasurements(viewport) });
    viewport.toggleKeyImage(viewport.imageIndex, true);
  };
  // Failures are shown by the viewport itself and reach the host as fovea-error (see the Actions panel).
  const run = (event: Event, what: (v: FoveaViewport) => Promise<unknown>, done: (r: unknown) => string) => {
    const viewport = viewportOf(event);
    if (!viewport) return;
    what(viewport).then(
      (result) => say(event, done(result)),
      (error: unknown) => say(event, `Failed: ${error instanceof Error ? error.name : 'error'}`),
    );
  };
  return html`<div
    class="results-story"
    style="display: grid; gap: 8px; grid-template-rows: auto 1fr auto; height: 420px"
  >
    <fovea-toolbar for=${id}>
      <button
        type="button"
        @click=${(e: Event) =>
          run(
            e,
            (v) => v.storeMeasurementReport(),
            (o) => `SR stored: ${JSON.stringify(o)}`,
          )}
      >
        Store measurements (SR)
      </button>
      <button
        type="button"
        @click=${(e: Event) =>
          run(
            e,
            (v) => v.storeKeyImages(),
            (o) => `KOS stored: ${JSON.stringify(o)}`,
          )}
      >
        Store key images (KOS)
      </button>
      <button
        type="button"
        @click=${(e: Event) =>
          run(
            e,
            async (v) => {
              const blob = await v.toPdf(printOptions());
              window.open(URL.createObjectURL(blob), '_blank', 'noopener');
              return blob;
            },
            (b) => `PDF: ${(b as Blob).size} bytes`,
          )}
      >
        PDF
      </button>
      <button
        type="button"
        @click=${(e: Event) =>
          run(
            e,
            (v) => v.print(printOptions()),
            () => 'Printed',
          )}
      >
        Print
      </button>
    </fovea-toolbar>
    <fovea-viewport
      id=${id}
      style="display: block; min-height: 0"
      dicomweb-root=${server.dicomwebRoot || nothing}
      .client=${server.client}
      study-uid=${ct.studyUid}
      series-uid=${ct.seriesUid}
      measurement-reports="offer"
      .annotationText=${() => 'Finding'}
      @fovea-image-change=${onFirstImage}
    ></fovea-viewport>
    <output style="font: 11px monospace; white-space: pre-wrap; max-height: 3em; overflow: auto"></output>
  </div>`;
}

const meta: Meta<ResultsArgs> = {
  title: 'Features/Results to the record',
  render,
  args: { sampleResults: true, orientation: 'portrait', title: 'Radiology, Klinikum Fovea', patientInHeader: true },
  argTypes: { orientation: { control: 'inline-radio', options: ['portrait', 'landscape'] } },
};
export default meta;

type Story = StoryObj<ResultsArgs>;

/** Measurements and a key image on the CT, with buttons to store them, make a PDF and print. */
export const MeasurementsKeyImagesPrint: Story = { name: 'Measurements, key images, print' };

/** Nothing drawn yet: draw with the toolbar's tools, flag with its star (K), then store or print. */
export const Empty: Story = { name: 'Draw your own', args: { sampleResults: false } };
