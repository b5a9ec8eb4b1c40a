// Test instrumentation, imported first by every worker script the CSP test
// pages load (web-test-runner.config.mjs prepends the import): a dedicated
// worker's `securitypolicyviolation` events fire in the worker, where the page
// cannot listen. Each one is forwarded to the page (test/csp/page.js) on a
// BroadcastChannel, and a `flush` from the page is answered once every event
// this worker saw before it has been sent (messages from one sender keep
// their order).
const channel = new BroadcastChannel('fovea-csp-watch');
const worker = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
self.addEventListener('securitypolicyviolation', (e) =>
  channel.postMessage({
    type: 'violation',
    worker,
    directive: e.effectiveDirective,
    blocked: e.blockedURI || '(inline)',
    source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
    sample: e.sample,
  }),
);
channel.addEventListener('message', (e) => {
  if (e.data?.type === 'flush') channel.postMessage({ type: 'flushed', worker, token: e.data.token });
});
channel.postMessage({ type: 'hello', worker });
