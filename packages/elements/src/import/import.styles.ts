import { css } from 'lit';

export const importStyles = css`
  :host {
    --_bg: var(--fovea-color-surface, Canvas);
    --_fg: var(--fovea-color-text, CanvasText);
    --_border: var(--fovea-color-border, color-mix(in srgb, CanvasText 20%, Canvas));
    --_accent: var(--fovea-color-accent, #1a62c9);
    --_danger: var(--fovea-color-danger, #b3261e);
    display: grid;
    gap: 12px;
    background: var(--_bg);
    color: var(--_fg);
    font: var(--fovea-font, 14px/1.4 system-ui, sans-serif);
  }
  :host([hidden]) {
    display: none;
  }
  [part='drop-zone'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
    padding: 20px;
    border: 2px dashed var(--_border);
    border-radius: 8px;
  }
  [part='drop-zone'].dragging {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 10%, transparent);
  }
  [part='drop-zone'] p {
    flex: 1 1 100%;
    margin: 0;
  }
  .button,
  button {
    font: inherit;
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--fovea-color-surface-raised, ButtonFace);
    color: inherit;
    cursor: pointer;
  }
  .button input {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
  }
  .button {
    position: relative;
  }
  .button:focus-within,
  button:focus-visible {
    outline: 2px solid var(--fovea-focus-ring-color, var(--_accent));
    outline-offset: 2px;
  }
  button.primary {
    background: var(--_accent);
    color: #fff;
    border-color: var(--_accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  [part='summary'] {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
  }
  [part='studies'] {
    list-style: none;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  [part='study'] {
    display: grid;
    grid-template-columns: minmax(10em, 2fr) minmax(6em, 1fr) 7em minmax(8em, 2fr) 5em auto;
    gap: 8px;
    align-items: center;
    padding: 4px 8px;
  }
  [part='study'] + [part='study'] {
    border-top: 1px solid var(--_border);
  }
  [part='warning'],
  .failed {
    color: var(--_danger);
  }
  [part='warning'] p {
    margin: 0 0 4px;
  }
  [part='upload'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
  }
  [part='result'] {
    flex: 1 1 100%;
  }
  [part='result'] p {
    margin: 2px 0;
  }
  [part='viewer'] {
    height: var(--fovea-import-viewer-height, 28rem);
  }
`;
