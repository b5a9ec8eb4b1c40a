import { css } from 'lit';

/**
 * The two themes as `--fovea-*` tokens. Set on the viewer's host, they reach
 * every inner element (custom properties inherit through shadow roots); a
 * page's own rules on `fovea-viewer` win over them.
 */
const dark = css`
  color-scheme: dark;
  --fovea-color-surface: #17191d;
  --fovea-color-surface-raised: #202328;
  --fovea-color-surface-image: #000;
  --fovea-color-text: #e4e6ea;
  --fovea-color-text-muted: #9aa1ab;
  --fovea-color-on-surface: #e4e6ea;
  --fovea-color-border: #343840;
  --fovea-color-accent: #5aa2ff;
  --fovea-color-primary: #2b5b97;
  --fovea-color-selected: #24406a;
  --fovea-color-danger: #ff8a80;
  --fovea-focus-ring-color: #8cc0ff;
`;

const light = css`
  color-scheme: light;
  --fovea-color-surface: #f3f4f6;
  --fovea-color-surface-raised: #ffffff;
  --fovea-color-surface-image: #000;
  --fovea-color-text: #1b1f24;
  --fovea-color-text-muted: #59616c;
  --fovea-color-on-surface: #1b1f24;
  --fovea-color-border: #d3d7dd;
  --fovea-color-accent: #1a62c9;
  --fovea-color-primary: #cfe0fa;
  --fovea-color-selected: #d9e6fb;
  --fovea-color-danger: #b3261e;
  --fovea-focus-ring-color: #1a62c9;
`;

export const viewerStyles = css`
  :host {
    ${dark}
    display: block;
    min-width: 320px;
    height: 36rem;
    overflow: hidden;
    background: var(--fovea-color-surface);
    color: var(--fovea-color-text);
    font: var(--fovea-font, 13px/1.35 system-ui, sans-serif);
    border: 1px solid var(--fovea-color-border);
    box-sizing: border-box;
  }
  :host([theme='light']) {
    ${light}
  }
  @media (prefers-color-scheme: light) {
    :host([theme='auto']) {
      ${light}
    }
  }
  :host([hidden]) {
    display: none;
  }
  :host(:fullscreen) {
    width: 100vw;
    height: 100vh;
    border: 0;
  }
  /*
   * The grid lives on an inner panel, not on the host: a page that gives the
   * host another display (block, flex, inline…) keeps the layout. Without a
   * definite height (display: inline or contents, height: auto) the viewports
   * still get 12rem.
   */
  [part='panel'] {
    display: grid;
    grid-template-columns: var(--fovea-viewer-series-width, 176px) minmax(0, 1fr);
    grid-template-rows: auto minmax(12rem, 1fr);
    grid-template-areas:
      'header header'
      'series layout';
    width: 100%;
    height: 100%;
    overflow: hidden;
  }
  :host([hide-series]) [part='panel'] {
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas:
      'header'
      'layout';
  }
  [part='header'] {
    grid-area: header;
    border-bottom: 1px solid var(--fovea-color-border);
  }
  [part~='toolbar'] {
    --fovea-toolbar-background: var(--fovea-color-surface-raised);
    --fovea-toolbar-color: var(--fovea-color-text);
  }
  [part~='toolbar'] > button {
    border-radius: 4px;
  }
  [part~='toolbar'] > button:hover:not(:disabled) {
    background: color-mix(in srgb, currentColor 12%, transparent);
  }
  [part~='toolbar'] > button[aria-pressed='true'] {
    background: var(--fovea-color-primary);
  }
  [part~='toolbar'] > button:disabled {
    opacity: 0.4;
    cursor: default;
  }
  [part~='toolbar'] > button:focus-visible {
    outline: 2px solid var(--fovea-focus-ring-color);
    outline-offset: -2px;
  }
  [part~='toolbar'] > button.group-start {
    margin-inline-start: 10px;
  }
  [part~='series-browser'] {
    grid-area: series;
    border-inline-end: 1px solid var(--fovea-color-border);
  }
  [part='layout'] {
    grid-area: layout;
    display: grid;
    grid-template-rows: repeat(var(--_rows, 1), minmax(0, 1fr));
    grid-template-columns: repeat(var(--_columns, 1), minmax(0, 1fr));
    gap: 2px;
    min-height: 0;
    background: var(--fovea-color-border);
  }
  [part~='cell'] {
    position: relative;
    min-width: 0;
    min-height: 0;
    outline: 1px solid transparent;
    outline-offset: -1px;
  }
  [part~='cell'][part~='active'] {
    outline: 2px solid var(--fovea-color-accent);
    outline-offset: -2px;
    z-index: 1;
  }
  [part~='cell'][data-drop] {
    outline: 2px dashed var(--fovea-color-accent);
  }
  [part~='viewport'] {
    position: absolute;
    inset: 0;
    min-width: 0;
    min-height: 0;
  }
  [part~='cell'][part~='active'] > [part~='viewport'] {
    inset: 2px;
  }
  [part='status'] {
    grid-row: 1 / -1;
    grid-column: 1 / -1;
    display: grid;
    place-items: center;
    padding: 1rem;
    background: var(--fovea-color-surface-image);
    color: var(--fovea-color-text-muted);
    text-align: center;
  }
  [part='status'][role='alert'] {
    color: var(--fovea-color-danger);
  }
`;
