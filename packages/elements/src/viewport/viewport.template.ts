/**
 * What `<fovea-viewport>` renders around the image, and its accessible name:
 * pure functions of the state its renderer controller keeps.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { addDefaultMessages, message, type MessageId, type Messages } from '../internal/messages.js';
import { VIEWING_MESSAGES } from '../internal/catalogue/viewing.js';
import { styleProps } from '../internal/style-props.js';
import type { FailedImage, Status } from './series-state.js';

addDefaultMessages(VIEWING_MESSAGES);

/** The state the template shows. */
export interface ViewportScene {
  status: Status;
  /** Why the series cannot be shown (status `error`). */
  errorId: MessageId | undefined;
  /** The image asked to be on screen, when it failed. */
  failed: FailedImage | undefined;
  /** 0-based index of the image on screen. */
  index: number;
  total: number;
  loaded: number;
  messages: Messages;
}

/** The viewport's accessible name: the image and its place in the stack, or what is shown instead. */
export function viewportLabel({ status, errorId, failed, index, total, messages }: ViewportScene): string {
  const m = (id: MessageId, params: Record<string, string | number> = {}) => message(id, params, messages);
  if (status === 'ready') {
    const image = m('imageLabel', { index: index + 1, total });
    return failed ? `${image}: ${m(failed.messageId)}` : image;
  }
  if (status === 'error' && errorId) return m(errorId);
  return m(status === 'loading' ? 'loading' : 'noSeries');
}

/**
 * The canvas host, and once the series is ready the overlay and the results
 * notice, the status message and the load progress. While a series loads, and
 * for a failed image, the canvas is hidden: it may still hold the image
 * before (never a stale picture).
 */
export function viewportTemplate(
  scene: ViewportScene,
  overlay: () => TemplateResult | typeof nothing,
  results: () => TemplateResult | typeof nothing,
): TemplateResult {
  const { status, errorId, failed, total, loaded, messages } = scene;
  const kind = failed ? 'error' : status;
  const statusText = failed
    ? message(failed.messageId, {}, messages)
    : status === 'loading'
      ? message('loading', {}, messages)
      : status === 'error' && errorId
        ? message(errorId, {}, messages)
        : status === 'idle'
          ? message('noSeries', {}, messages)
          : '';
  return html`
    <div
      part="canvas"
      ?hidden=${status === 'error'}
      ?data-empty=${status === 'idle'}
      ?data-stale=${status === 'loading'}
      ?data-failed=${failed !== undefined}
    ></div>
    ${status === 'ready' ? overlay() : nothing} ${status === 'ready' ? results() : nothing}
    ${
      statusText
        ? html`<div part="status" data-kind=${kind} role=${kind === 'error' ? 'alert' : 'status'}>${statusText}</div>`
        : nothing
    }
    ${
      status === 'ready' && total > 1 && loaded < total
        ? html`<div part="progress" style=${styleProps({ width: `${(100 * loaded) / total}%` })}></div>`
        : nothing
    }
  `;
}

const KEY_STEPS: Record<string, (current: number, page: number, total: number) => number> = {
  ArrowUp: (current) => current - 1,
  ArrowLeft: (current) => current - 1,
  ArrowDown: (current) => current + 1,
  ArrowRight: (current) => current + 1,
  PageUp: (current, page) => current - page,
  PageDown: (current, page) => current + page,
  Home: () => 0,
  End: (_, __, total) => total - 1,
};

/** The image a key moves to from `current` in a stack of `total` (a tenth of it a page); undefined for other keys. */
export function keyTarget(key: string, current: number, total: number): number | undefined {
  const step = Object.hasOwn(KEY_STEPS, key) ? KEY_STEPS[key] : undefined;
  if (!step) return undefined;
  const next = step(current, Math.max(1, Math.round(total / 10)), total);
  return Math.min(total - 1, Math.max(0, next));
}
