import { FoveaSeriesBrowser } from './series-browser/series-browser.js';

export { FoveaSeriesBrowser };
export { SERIES_DRAG_TYPE, type SeriesDragData, type SeriesProgress } from './series-browser/series-browser.js';

if (!customElements.get('fovea-series-browser')) customElements.define('fovea-series-browser', FoveaSeriesBrowser);

declare global {
  interface HTMLElementTagNameMap {
    'fovea-series-browser': FoveaSeriesBrowser;
  }
}
