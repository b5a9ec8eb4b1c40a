import { css } from 'lit';

export const seriesBrowserStyles = css`
  :host {
    --_bg: var(--fovea-series-browser-background, var(--fovea-color-surface, Canvas));
    --_fg: var(--fovea-series-browser-text-color, var(--fovea-color-text, CanvasText));
    --_item-bg: var(--fovea-series-browser-item-background, transparent);
    --_selected: var(
      --fovea-series-browser-selected-background,
      var(--fovea-color-selected, color-mix(in srgb, var(--fovea-color-accent, #1a73e8) 20%, Canvas))
    );
    --_thumb-bg: var(--fovea-series-browser-thumbnail-background, var(--fovea-color-surface-image, #000));
    --_progress: var(--fovea-series-browser-progress-color, var(--fovea-color-accent, #1a73e8));
    --_focus: var(--fovea-focus-ring-color, var(--fovea-color-accent, #1a73e8));
    --_border: var(--fovea-color-border, color-mix(in srgb, CanvasText 15%, Canvas));
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
    overflow: hidden;
    background: var(--_bg);
    color: var(--_fg);
    font: var(--fovea-series-browser-font, var(--fovea-font, 12px/1.3 system-ui, sans-serif));
  }
  :host([hidden]) {
    display: none;
  }
  [part='list'] {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: 4px;
    overflow: auto;
    overscroll-behavior: contain;
    min-height: 0;
  }
  :host([orientation='horizontal']) [part='list'] {
    flex-direction: row;
  }
  [part~='item'] {
    display: flex;
    flex-direction: column;
    gap: 4px;
    flex: none;
    width: calc(var(--_thumb) + 12px);
    box-sizing: border-box;
    padding: 6px;
    border-radius: 4px;
    background: var(--_item-bg);
    cursor: grab;
    outline: none;
    user-select: none;
  }
  :host([orientation='vertical']) [part~='item'] {
    align-self: center;
  }
  [part~='item']:hover {
    background: color-mix(in srgb, CanvasText 6%, var(--_bg));
  }
  [part~='item-selected'],
  [part~='item-selected']:hover {
    background: var(--_selected);
  }
  [part~='item']:focus-visible {
    box-shadow: inset 0 0 0 2px var(--_focus);
  }
  [part='thumbnail-frame'] {
    position: relative;
    width: var(--_thumb);
    height: var(--_thumb);
    background: var(--_thumb-bg);
    border-radius: 2px;
    overflow: hidden;
  }
  [part='thumbnail'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  [part~='placeholder'] {
    display: grid;
    place-items: center;
    width: 100%;
    height: 100%;
    color: #d0d0d0;
    font-size: calc(var(--_thumb) / 5);
    font-weight: 600;
    letter-spacing: 0.05em;
  }
  [part~='placeholder'][data-state='loading'] {
    animation: fovea-pulse 1.2s ease-in-out infinite alternate;
  }
  /* The series' image could not be shown: marked, not left looking like a series without images. */
  [part~='thumbnail-error'] {
    position: relative;
    outline: 2px dashed var(--fovea-color-danger, #e5484d);
    outline-offset: -4px;
  }
  [part~='thumbnail-error']::after {
    content: '!';
    position: absolute;
    top: 4px;
    right: 6px;
    color: var(--fovea-color-danger, #e5484d);
  }
  /* The background pulses, not the text: the modality stays readable while it loads. */
  @keyframes fovea-pulse {
    from {
      background: transparent;
    }
    to {
      background: rgb(255 255 255 / 0.08);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part~='placeholder'][data-state='loading'] {
      animation: none;
    }
  }
  [part='progress'] {
    position: absolute;
    left: 0;
    right: 0;
    bottom: 0;
    height: 4px;
    background: rgb(0 0 0 / 0.7);
  }
  [part='progress-value'] {
    height: 100%;
    background: var(--_progress);
    transition: width 120ms linear;
  }
  [part='details'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0 6px;
    min-width: 0;
  }
  [part='modality'] {
    font-weight: 600;
  }
  [part='description'] {
    flex-basis: 100%;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  [part='count'] {
    flex-basis: 100%;
  }
  [part='progress-label'] {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [part='status'] {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
    margin: auto;
    padding: 12px;
    text-align: center;
  }
  [part='status'][data-kind='error'] {
    color: var(--fovea-color-danger, light-dark(#b3261e, #ff8a80));
  }
  [part='retry'] {
    font: inherit;
    padding: 2px 10px;
  }
  [part='retry']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [part~='key-images'] {
    position: absolute;
    top: 3px;
    right: 3px;
    padding: 0 4px;
    border-radius: 3px;
    color: #000;
    background: var(--fovea-series-browser-key-color, #ffd600);
    font-weight: 600;
    line-height: 1.4;
  }
  [part~='key-filter'] {
    flex: none;
    margin: 4px 4px 0;
    padding: 3px 8px;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: 4px;
    cursor: pointer;
  }
  [part~='key-filter'][aria-pressed='true'] {
    background: var(--_selected);
  }
  [part~='key-filter']:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
`;
