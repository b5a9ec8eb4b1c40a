// Fovea under a strict Content-Security-Policy: a page served with the policy
// as a header (test/csp/page.html, web-test-runner.config.mjs) loads the
// standalone bundle, mounts every element and shows one series of every
// transfer syntax of the corpus. Zero violations, every image shown, no
// unhandled rejection, per policy.
import { expect } from '@open-wc/testing';

interface CspReport {
  fovea: 'csp';
  results: { syntax: string; series: string; kind: string; code?: string; message?: string }[];
  violations: { directive: string; blocked: string; source: string; sample: string; element: string }[];
  rejections: string[];
  failed?: string;
}

function runPage(policy: string): Promise<CspReport> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.style.width = '900px';
    frame.style.height = '700px';
    const timer = setTimeout(
      () => done(() => reject(new Error(`the ${policy} page did not report within 180 s`))),
      180_000,
    );
    const onMessage = (e: MessageEvent) => {
      if (e.source !== frame.contentWindow || (e.data as CspReport)?.fovea !== 'csp') return;
      done(() => resolve(e.data as CspReport));
    };
    const done = (f: () => void) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      f();
    };
    window.addEventListener('message', onMessage);
    frame.src = `/__fovea/csp/${policy}/test/csp/page.html`;
    document.body.append(frame);
  });
}

const POLICIES = {
  strict: "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'",
  'strict-style': "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'",
};

describe('robustness: strict Content-Security-Policy', () => {
  for (const [policy, header] of Object.entries(POLICIES)) {
    it(`${header}: every syntax shows, zero violations, no unhandled rejection`, async function () {
      this.timeout(200_000);
      const report = await runPage(policy);
      const problems: string[] = [];
      if (report.failed) problems.push(`the page failed: ${report.failed}`);
      for (const v of report.violations)
        problems.push(
          `violation of ${v.directive}: ${v.blocked}${v.element ? ` on ${v.element}` : ''} at ${v.source}${v.sample ? ` (${v.sample})` : ''}`,
        );
      for (const r of report.results)
        if (r.kind !== 'image')
          problems.push(`${r.syntax} (${r.series}): ${r.kind} ${r.code ?? ''} ${r.message ?? ''}`);
      for (const r of report.rejections) problems.push(`unhandled rejection: ${r}`);
      expect(report.results.length, 'syntaxes shown').to.be.at.least(13);
      if (problems.length) throw new Error(problems.join('\n'));
    });
  }
});
