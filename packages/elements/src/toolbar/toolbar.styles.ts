import { css } from 'lit';

export const toolbarStyles = css`
  :host {
    display: block;
    position: relative;
    --_bg: var(--fovea-toolbar-background, var(--fovea-color-surface, #1e1f22));
    --_fg: var(--fovea-toolbar-color, var(--fovea-color-on-surface, #e8e8e8));
    --_active: var(--fovea-toolbar-active-background, var(--fovea-color-primary, #2f5f9e));
    --_focus: var(--fovea-focus-ring-color, #4c9ffe);
  }
  :host([hidden]) {
    display: none;
  }
  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--fovea-toolbar-gap, 2px);
    padding: 4px;
    background: var(--_bg);
    color: var(--_fg);
  }
  :host([orientation='vertical']) [part~='toolbar'] {
    flex-direction: column;
  }
  [part~='button'],
  ::slotted(button) {
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 36px;
    min-height: 36px;
    padding: 0;
    border: 0;
    border-radius: 4px;
    background: transparent;
    color: inherit;
    cursor: pointer;
    touch-action: manipulation;
  }
  [part~='button']:hover {
    background: color-mix(in srgb, var(--_fg) 12%, transparent);
  }
  [part~='active'] {
    background: var(--_active);
  }
  [part~='button'][aria-disabled='true'] {
    opacity: 0.45;
    cursor: default;
  }
  [part~='button']:focus-visible,
  [part='menuitem']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  [part='binding'] {
    position: absolute;
    right: 2px;
    bottom: 1px;
    font:
      600 9px/1 system-ui,
      sans-serif;
  }
  [part='menu'] {
    position: absolute;
    z-index: 10;
    top: 100%;
    right: 4px;
    display: flex;
    flex-direction: column;
    min-width: 12rem;
    padding: 4px 0;
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 4px 12px rgb(0 0 0 / 40%);
  }
  [part='menuitem'] {
    padding: 6px 12px;
    border: 0;
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  [part='menuitem']:hover {
    background: var(--_active);
  }
`;
