import { FoveaToolbar } from './toolbar/toolbar.js';

export { FoveaToolbar };

if (!customElements.get('fovea-toolbar')) customElements.define('fovea-toolbar', FoveaToolbar);

declare global {
  interface HTMLElementTagNameMap {
    'fovea-toolbar': FoveaToolbar;
  }
}
