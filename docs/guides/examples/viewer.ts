// docs/guides/viewer.md: the composed panel, configured once.
import '@fovea-dicom/elements';
import type { FoveaViewer } from '@fovea-dicom/elements';

declare function getToken(forceRefresh: boolean): Promise<string>;

const viewer: FoveaViewer = document.createElement('fovea-viewer');
viewer.dicomwebRoot = '/dicom-web';
viewer.getAuthorization = async ({ forceRefresh }) => `Bearer ${await getToken(forceRefresh)}`;
viewer.accessionNumber = 'ACC-1001';
viewer.layout = '1x2';
viewer.sync = ['scroll', 'voi'];
viewer.theme = 'dark';
viewer.locale = 'de-DE';
viewer.messages = { 'viewer.fullscreen': 'Vollbild' };
viewer.addEventListener('fovea-layout-change', (e) => console.warn(`layout ${e.detail.layout}`));
viewer.addEventListener('fovea-series-select', (e) => console.warn(e.detail.series.modality));
viewer.addEventListener('fovea-error', (e) => console.error(e.detail.code)); // no patient data
document.body.append(viewer);

// Later: put a series in the second viewport, and make the first one active.
viewer.showSeries('1.2.3.4.5', 1);
viewer.activate(0);
