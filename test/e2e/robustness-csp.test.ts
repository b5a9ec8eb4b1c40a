// Fovea under a strict Content-Security-Policy: a page served with the policy
// as a header (test/csp/page.html, web-test-runner.config.mjs) loads the
// standalone bundle, mounts every element and shows one series of every
// transfer syntax of the corpus. Zero violations (in the page and in its
// workers), every image shown, no unhandled rejection, per policy.
//
// Without 'wasm-unsafe-eval' the decode worker uses the codecs' JavaScript
// builds: every syntax shows with the same values as with the wasm builds, no
// .wasm file is fetched, and HTJ2K and JPEG XL (WebAssembly only) end in a
// typed error that says the page's policy blocks their decoder. With it, the
// JavaScript builds are never fetched.
import { expect } from '@open-wc/testing';
import { clearFaults } from '../helpers/faults.js';

interface CspResult {
  syntax: string;
  series: string;
  kind: string;
  hash?: string;
  code?: string;
  reason?: string;
  message?: string;
  shown?: string;
}

interface CspReport {
  fovea: 'csp';
  results: CspResult[];
  violations: {
    context: string;
    directive: string;
    blocked: string;
    source: string;
    sample: string;
    element: string;
  }[];
  rejections: string[];
  /** Decode workers the page saw (test/csp/worker-watch.js). */
  workers: number;
  failed?: string;
  /** Paths the page and its workers requested (the test server's log). */
  requested: string[];
}

async function requestLog(method: 'GET' | 'DELETE'): Promise<string[]> {
  return (await (await fetch('/__fovea/requests', { method })).json()) as string[];
}

async function runPage(policy: string, query = ''): Promise<CspReport> {
  await requestLog('DELETE');
  try {
    const report = await framePage(policy, query);
    return { ...report, requested: await requestLog('GET') };
  } finally {
    await clearFaults();
  }
}

function framePage(policy: string, query: string): Promise<Omit<CspReport, 'requested'>> {
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
      done(() => resolve(e.data as Omit<CspReport, 'requested'>));
    };
    const done = (f: () => void) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      f();
    };
    window.addEventListener('message', onMessage);
    frame.src = `/__fovea/csp/${policy}/test/csp/page.html${query}`;
    document.body.append(frame);
  });
}

const POLICIES = {
  strict: "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'",
  'strict-style': "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' blob:",
  'no-wasm': "script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' blob:",
};

/** The codecs' JavaScript builds, as the render build names their chunks. */
const JS_CODEC = /\/(charlsjs|openjpegjs|libjpegturbojs)_decode-[\w-]{8}\.js$/;

/** One run of each page, shared by the tests that read it. */
const reports = new Map<string, Promise<CspReport>>();
function report(policy: keyof typeof POLICIES, query = ''): Promise<CspReport> {
  const key = `${policy}${query}`;
  if (!reports.has(key)) reports.set(key, runPage(policy, query));
  return reports.get(key)!;
}

/** What went wrong in a report, as lines; `allowViolation` accepts a violation the test expects. */
function problems(r: CspReport, allowViolation: (v: CspReport['violations'][number]) => boolean = () => false) {
  const out: string[] = [];
  if (r.failed) out.push(`the page failed: ${r.failed}`);
  for (const v of r.violations)
    if (!allowViolation(v))
      out.push(
        `violation in the ${v.context} of ${v.directive}: ${v.blocked}${v.element ? ` on ${v.element}` : ''} at ${v.source}${v.sample ? ` (${v.sample})` : ''}`,
      );
  for (const x of r.rejections) out.push(`unhandled rejection: ${x}`);
  return out;
}

describe('robustness: strict Content-Security-Policy', () => {
  for (const policy of ['strict', 'strict-style'] as const) {
    it(`${POLICIES[policy]}: every syntax shows, zero violations, no unhandled rejection, no JavaScript codec fetched`, async function () {
      this.timeout(200_000);
      const r = await report(policy);
      const found = problems(r);
      for (const x of r.results)
        if (x.kind !== 'image') found.push(`${x.syntax} (${x.series}): ${x.kind} ${x.code ?? ''} ${x.message ?? ''}`);
      // The wasm builds were used: their JavaScript builds never left the server.
      for (const path of r.requested.filter((p) => JS_CODEC.test(p)))
        found.push(`a JavaScript codec build was fetched: ${path}`);
      expect(r.results.length, 'series shown').to.be.at.least(24);
      expect(r.workers, 'decode workers watched').to.be.at.least(1);
      expect(
        r.requested.filter((p) => p.endsWith('.wasm')),
        'wasm codecs fetched',
      ).to.have.length.at.least(3);
      if (found.length) throw new Error(found.join('\n'));
    });
  }

  it(`${POLICIES['no-wasm']}: every syntax but HTJ2K and JPEG XL shows through the JavaScript codecs, with the wasm codecs' values`, async function () {
    this.timeout(400_000);
    const r = await report('no-wasm', '?relabel=1');
    const wasm = await report('strict');
    // The one violation each decode worker causes by asking whether it may compile
    // WebAssembly (codecs/wasm-policy.ts: no API reads a policy, so the worker tries
    // the 8-byte empty module once). Nothing else may violate the policy.
    const probe = (v: CspReport['violations'][number]) =>
      v.context.startsWith('worker') && v.directive === 'script-src' && v.blocked === 'wasm-eval';
    const found = problems(r, probe);
    const probes = r.violations.filter(probe);
    const perWorker = new Map<string, number>();
    for (const v of probes) perWorker.set(v.context, (perWorker.get(v.context) ?? 0) + 1);
    for (const [worker, n] of perWorker) if (n > 1) found.push(`${worker} reported ${n} wasm-eval violations, not one`);
    if (probes.length === 0) found.push('no worker reported the WebAssembly probe: is the worker watch in place?');

    const wasmHash = new Map(wasm.results.map((x) => [x.syntax, x.hash]));
    const relabelled = r.results.filter((x) => x.syntax.includes('relabelled'));
    for (const x of r.results.filter((y) => !relabelled.includes(y))) {
      if (x.kind !== 'image') found.push(`${x.syntax} (${x.series}): ${x.kind} ${x.code ?? ''} ${x.message ?? ''}`);
      else if (x.hash !== wasmHash.get(x.syntax))
        found.push(
          `${x.syntax} (${x.series}): values differ from the wasm build's (${x.hash} / ${wasmHash.get(x.syntax)})`,
        );
    }
    expect(relabelled.map((x) => x.syntax.split(' ')[0])).to.deep.equal(['htj2k', 'jpeg-xl']);
    for (const x of relabelled) {
      const said = `${x.syntax}: ${x.kind} ${x.code} ${x.reason} "${x.shown}"`;
      if (x.kind !== 'error' || x.code !== 'decode' || x.reason !== 'transfer-syntax') found.push(said);
      else if (!/security policy/.test(x.shown ?? '') || !/'wasm-unsafe-eval'/.test(x.shown ?? ''))
        found.push(`${said}: the viewport does not say the page's policy blocks the decoder`);
    }
    // The JavaScript builds were fetched instead of the wasm ones.
    const wasmFetched = r.requested.filter((p) => p.endsWith('.wasm'));
    if (wasmFetched.length) found.push(`wasm fetched under a policy that cannot compile it: ${wasmFetched.join(', ')}`);
    const jsBuilds = [...new Set(r.requested.filter((p) => JS_CODEC.test(p)).map((p) => JS_CODEC.exec(p)![1]))];
    if (jsBuilds.sort().join() !== 'charlsjs,libjpegturbojs,openjpegjs')
      found.push(
        `JavaScript codec builds fetched: ${jsBuilds.join(', ') || 'none'} (expected charlsjs, libjpegturbojs, openjpegjs)`,
      );
    expect(r.results.length, 'series shown').to.be.at.least(26);
    if (found.length) throw new Error(found.join('\n'));
  });
});
