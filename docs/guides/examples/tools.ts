// docs/guides/tools.md: a toolbar bound to a viewport, and measurements stored and restored by the host.
import '@fovea-dicom/elements';
import type { Measurement, MeasurementsJson } from '@fovea-dicom/elements';

const viewport = document.createElement('fovea-viewport');
viewport.id = 'viewer';
viewport.dicomwebRoot = '/dicom-web';
viewport.studyUid = '1.2.3';
viewport.seriesUid = '1.2.3.4';

const toolbar = document.createElement('fovea-toolbar');
toolbar.htmlFor = 'viewer'; // or toolbar.viewport = viewport
toolbar.items = [
  'windowLevel',
  'pan',
  'zoom',
  'stackScroll',
  'length',
  'angle',
  'ellipse',
  'probe',
  'presets',
  'reset',
];
toolbar.shortcuts = true; // false when the host page uses these keys itself

// A host button in the default slot joins the toolbar's arrow-key navigation.
const save = document.createElement('button');
save.type = 'button';
save.textContent = 'Save measurements';
toolbar.append(save);

// Tools on the mouse buttons (one-finger touch follows the primary one); the wheel scrolls, pinch zooms.
viewport.setTool('length'); // primary
viewport.setTool('pan', 'middle');
viewport.addEventListener('fovea-tool-change', (e) => console.warn('tools', e.detail.tools));

// Arrow labels: ask in the host's own UI instead of prompt(); '' or undefined cancels the arrow.
viewport.annotationText = async () => (await askLabel()) ?? undefined;
declare function askLabel(): Promise<string | null>;

// Measurements as they are drawn, edited (or get their statistics) and deleted.
const report = (what: string, m: Measurement) =>
  console.warn(what, m.kind, m.value, m.unit, m.stats?.mean, m.stats?.unit, m.spacing, m.image.sopInstanceUid);
viewport.addEventListener('fovea-measurement-add', (e) => report('add', e.detail.measurement));
viewport.addEventListener('fovea-measurement-change', (e) => report('change', e.detail.measurement));
viewport.addEventListener('fovea-measurement-remove', (e) => report('remove', e.detail.measurement));

// Store and restore: JSON.stringify(getMeasurements()) is what an EHR keeps.
save.addEventListener('click', () => localStorage.setItem('measurements', JSON.stringify(viewport.getMeasurements())));
viewport.addEventListener(
  'fovea-image-change',
  () => {
    const stored = localStorage.getItem('measurements');
    if (!stored) return;
    const notInThisSeries = viewport.setMeasurements(stored);
    if (notInThisSeries.length) console.warn(`${notInThisSeries.length} measurements are on other series`);
  },
  { once: true },
);

// Export: the annotations alone as SVG, the image with them as PNG.
async function exportImage(): Promise<{ svg: string; png: Blob }> {
  return { svg: viewport.toSvg(), png: await viewport.toPng({ annotations: true, overlays: false }) };
}
void exportImage;

const json: MeasurementsJson = viewport.getMeasurements();
console.warn(json.format); // 'fovea-measurements@1'
document.body.append(toolbar, viewport);
