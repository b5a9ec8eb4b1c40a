import { css } from 'lit';

/** The viewport's results notice and key image flag. */
export const resultsStyles = css`
  [part='results'] {
    position: absolute;
    top: 40px;
    left: 50%;
    transform: translateX(-50%);
    max-width: calc(100% - 32px);
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 10px;
    border-radius: 6px;
    background: var(--fovea-color-surface-raised, rgba(24, 24, 24, 0.92));
    color: var(--fovea-color-text, #e8e8e8);
    box-shadow: 0 2px 8px rgba(0, 0, 0, 0.4);
    z-index: 2;
  }
  [part='results'][data-kind='error'] {
    color: var(--fovea-color-danger, #ff8a80);
  }
  [part='key-image'] {
    position: absolute;
    top: 22px;
    left: 50%;
    transform: translateX(-50%);
    padding: 1px 6px;
    border-radius: 4px;
    color: #000;
    background: var(--fovea-viewport-key-image-color, #ffd600);
    font-weight: 600;
    pointer-events: none;
    z-index: 1;
  }
`;
