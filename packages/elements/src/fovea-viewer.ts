import './fovea-viewport.js';
import './fovea-toolbar.js';
import './fovea-series-browser.js';
import { FoveaViewer } from './viewer/viewer.js';

export { FoveaViewer };
export {
  BASIC_REVIEW_TOOLS,
  SYNC_KINDS,
  VIEWER_LAYOUTS,
  type SyncKind,
  type ViewerLayout,
  type ViewerTheme,
} from './viewer/viewer.js';

if (!customElements.get('fovea-viewer')) customElements.define('fovea-viewer', FoveaViewer);

declare global {
  interface HTMLElementTagNameMap {
    'fovea-viewer': FoveaViewer;
  }
}
