// docs/guides/events.md: every fovea-* event is typed in GlobalEventHandlersEventMap.
import '@fovea-dicom/elements';

const viewport = document.createElement('fovea-viewport');
viewport.addEventListener('fovea-image-change', (e) => console.warn(`image ${e.detail.index + 1}/${e.detail.total}`));
viewport.addEventListener('fovea-voi-change', (e) => {
  const lut = e.detail.voiLut;
  console.warn(lut ? `VOI LUT ${lut.explanation ?? lut.index + 1}` : `W ${e.detail.width} L ${e.detail.center}`);
});
viewport.addEventListener('fovea-load-progress', (e) => console.warn(`${e.detail.loaded}/${e.detail.total} loaded`));
viewport.addEventListener('fovea-error', (e) => console.error(e.detail.code, e.detail.message));
// Events bubble and are composed: one listener on a container hears every element inside it.
document.body.addEventListener('fovea-series-select', (e) => console.warn(e.detail.series.seriesInstanceUid));
document.body.append(viewport);
