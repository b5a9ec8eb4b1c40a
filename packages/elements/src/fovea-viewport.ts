import { FoveaViewport } from './viewport/viewport.js';

export { FoveaViewport };

if (!customElements.get('fovea-viewport')) customElements.define('fovea-viewport', FoveaViewport);

declare global {
  interface HTMLElementTagNameMap {
    'fovea-viewport': FoveaViewport;
  }
}
