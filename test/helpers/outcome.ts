// How a load ended, as a person and a host see it: an image on screen, or a
// fovea-error plus a visible error state, within a bound.
import type { FoveaError } from '@fovea-dicom/core';
import type { FoveaErrorEvent, FoveaViewport } from '@fovea-dicom/elements';

/** What the robustness suite allows a load to take before it must have ended (shared, loaded machine). */
export const LOAD_BOUND_MS = 15_000;

/** The text of a visible error state (`role="alert"`) in an element's shadow root, else undefined. */
export function errorStateText(el: Element): string | undefined {
  const alert = el.shadowRoot?.querySelector<HTMLElement>('[role="alert"]');
  if (!alert || alert.hidden || alert.closest('[hidden]')) return undefined;
  const text = alert.textContent?.trim() ?? '';
  return text === '' ? undefined : text;
}

export interface Outcome {
  /** `image`: an image is on screen; `error`: a fovea-error and an error state; `timeout`: neither within the bound. */
  kind: 'image' | 'error' | 'timeout';
  /** Every fovea-error the element fired, in order. */
  errors: FoveaErrorEvent['detail'][];
  /** The error state's text, when shown. */
  errorText?: string;
  /** Milliseconds until the end (or the bound). */
  ms: number;
  /** The state seen at the end (ARIA label, status, size of the image on screen), for failure messages. */
  seen?: string;
}

/** Whether the element shows its loading state. */
export function isLoading(el: Element): boolean {
  return el.shadowRoot?.querySelector('[part~="status"][data-kind="loading"]') !== null && el.shadowRoot !== null;
}

/** The element's status as its ARIA and parts say it, and the size of the image it shows (for messages). */
function describeState(el: FoveaViewport): string {
  const status = el.shadowRoot?.querySelector('[part~="status"]');
  let shown = 'no pixel values';
  try {
    const values = el.pixelValues();
    if (values) shown = `pixel values ${values.columns} x ${values.rows}`;
  } catch (error) {
    shown = `pixelValues() threw ${(error as Error).name}`;
  }
  return `aria-label ${JSON.stringify(el.getAttribute('aria-label'))}, status ${JSON.stringify(status?.textContent?.trim() ?? null)}, ${shown}`;
}

/**
 * Waits for the first of: an image on screen (`fovea-image-change` after
 * `start`), or a fovea-error with a visible error state. A fovea-error while
 * an image stays on screen (a failed prefetch) is recorded, not an end.
 */
export function loadOutcome(el: FoveaViewport, boundMs = LOAD_BOUND_MS): Promise<Outcome> {
  const t0 = performance.now();
  const errors: FoveaErrorEvent['detail'][] = [];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (kind: Outcome['kind']) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      el.removeEventListener('fovea-error', onError);
      el.removeEventListener('fovea-image-change', onImage);
      const errorText = errorStateText(el);
      resolve({
        kind,
        errors,
        ...(errorText ? { errorText } : {}),
        ms: Math.round(performance.now() - t0),
        seen: describeState(el),
      });
    };
    const onError = (e: FoveaErrorEvent) => errors.push(e.detail);
    // An image-change of the series being left (a late render) can arrive after the switch: an image
    // counts once the element no longer says it is loading, two frames later.
    const onImage = () =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (!settled && !isLoading(el)) finish('image');
        }),
      );
    // The error state is rendered after the event: poll for both together.
    const poll = setInterval(() => {
      if (errors.length > 0 && errorStateText(el)) finish('error');
    }, 25);
    const timer = setTimeout(() => finish('timeout'), boundMs);
    el.addEventListener('fovea-error', onError);
    el.addEventListener('fovea-image-change', onImage);
  });
}

/** A readable one-line account of an outcome for assertion messages. */
export function explain(outcome: Outcome): string {
  const errs = outcome.errors.map((e) => `${e.code}: ${e.error.message.slice(0, 160)}`).join(' | ');
  return `${outcome.kind} after ${outcome.ms} ms${outcome.seen ? ` (${outcome.seen})` : ''}${errs ? `; fovea-error ${errs}` : '; no fovea-error'}`;
}

/** The subject (identifiers) of a fovea-error's underlying error, when core knows it. */
export function subjectOf(detail: FoveaErrorEvent['detail']): FoveaError['subject'] {
  return (detail.error as Partial<FoveaError>).subject;
}
