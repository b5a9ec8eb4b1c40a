import { css } from 'lit';

export const viewportStyles = css`
  :host {
    display: block;
    position: relative;
    min-width: 64px;
    min-height: 64px;
    background: var(--fovea-viewport-background, var(--fovea-color-surface-image, #000));
    color: var(--fovea-viewport-text-color, #e8e8e8);
    font: var(--fovea-viewport-font, 12px/1.3 system-ui, sans-serif);
    contain: strict;
    outline: none;
  }
  :host(:focus-visible) {
    box-shadow: inset 0 0 0 2px var(--fovea-focus-ring-color, #4c9ffe);
  }
  :host([hidden]) {
    display: none;
  }
  [part='canvas'] {
    position: absolute;
    inset: 0;
  }
  /* An empty viewport's renderer (started at connect), one loading a series, or one whose image failed, keeps its size, unseen. */
  [part='canvas'][data-empty],
  [part='canvas'][data-stale],
  [part='canvas'][data-failed] {
    visibility: hidden;
  }
  [part='overlay'] {
    position: absolute;
    inset: 0;
    pointer-events: none;
    padding: 6px 8px;
    text-shadow:
      0 0 2px #000,
      0 0 1px #000;
  }
  [part~='corner'] {
    position: absolute;
    white-space: pre-line;
  }
  [part~='top-left'] {
    top: 6px;
    left: 8px;
  }
  [part~='top-right'] {
    top: 6px;
    right: 8px;
    text-align: end;
  }
  [part~='bottom-left'] {
    bottom: 6px;
    left: 8px;
  }
  [part~='bottom-right'] {
    bottom: 6px;
    right: 8px;
    text-align: end;
  }
  [part~='orientation'] {
    position: absolute;
    font-weight: 600;
  }
  [part~='orientation-top'] {
    top: 6px;
    left: 50%;
    transform: translateX(-50%);
  }
  [part~='orientation-bottom'] {
    bottom: 6px;
    left: 50%;
    transform: translateX(-50%);
  }
  [part~='orientation-left'] {
    left: 8px;
    top: 50%;
    transform: translateY(-50%);
  }
  [part~='orientation-right'] {
    right: 8px;
    top: 50%;
    transform: translateY(-50%);
  }
  [part='scale-bar'] {
    position: absolute;
    bottom: 30px;
    left: 50%;
    transform: translateX(-50%);
    height: 5px;
    border: 1px solid currentColor;
    border-top: none;
  }
  [part='scale-label'] {
    position: absolute;
    left: 100%;
    top: -0.7em;
    margin-left: 6px;
    white-space: nowrap;
  }
  [part='status'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    text-align: center;
    padding: 16px;
    pointer-events: none;
  }
  [part='status'][data-kind='error'] {
    color: var(--fovea-color-danger, #ff8a80);
  }
  [part='progress'] {
    position: absolute;
    left: 0;
    bottom: 0;
    height: 2px;
    background: var(--fovea-color-accent, #4c9ffe);
  }
`;
