/**
 * The page's JS heap after two forced garbage collections: CDP
 * `Performance.getMetrics` JSHeapUsedSize, in bytes (docs/performance.md, Method).
 * @param {import('puppeteer-core').Page} page
 */
export async function heapUsed(page) {
  const session = await page.createCDPSession();
  try {
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
    await session.send('Performance.enable');
    const { metrics } = await session.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  } finally {
    await session.detach().catch(() => {});
  }
}
