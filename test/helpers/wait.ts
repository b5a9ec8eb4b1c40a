/** Polls `predicate` every 20 ms until it holds; throws after `timeoutMs` naming `what`. */
export async function until(what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** {@link until} for a predicate that asks something asynchronously (the server, the test runner). */
export async function untilAsync(what: string, predicate: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = performance.now();
  while (!(await predicate())) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
