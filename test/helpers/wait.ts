/** Polls `predicate` every 20 ms until it holds; throws after `timeoutMs` naming `what`. */
export async function until(what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Like `until`, for a predicate that must be awaited (e.g. `renderingStats()`). */
export async function untilAsync(what: string, predicate: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = performance.now();
  while (!(await predicate())) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Resolves once a broken image of our own has fired its `error` event: by then
 * an injected `<img src=x onerror=…>` (an XSS probe) would have fired too, so a
 * test can assert that nothing ran without waiting a fixed time.
 */
export function afterBrokenImage(): Promise<void> {
  return new Promise((resolve) => {
    const img = document.createElement('img');
    img.alt = '';
    img.hidden = true;
    img.addEventListener('error', () => {
      img.remove();
      resolve();
    });
    img.src = `x?probe=${Math.random()}`;
    document.body.append(img);
  });
}
