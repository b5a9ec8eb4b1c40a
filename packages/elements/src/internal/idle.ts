/**
 * Runs `callback` once the page is idle, or after `timeoutMs` at the latest;
 * where the browser has no requestIdleCallback (Safari), after `fallbackMs`.
 * Returns what cancels it.
 */
export function whenIdle(callback: () => void, timeoutMs: number, fallbackMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(callback, fallbackMs);
  return () => clearTimeout(handle);
}
