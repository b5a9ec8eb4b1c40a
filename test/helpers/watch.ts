// What a page did besides what a test asserts: unhandled promise rejections,
// uncaught errors, console output (the page's own console calls, and what the
// browser printed for the page and its workers: WebGL errors, worker logs),
// Content-Security-Policy violations and fovea-error events. The robustness
// suite fails a test on any unhandled rejection, uncaught error, WebGL error
// or violation, and on any identifier of the objects shown in console output
// or in a fovea-error message.
import type { FoveaErrorEvent } from '@fovea-dicom/elements';
import { commandResult } from './commands.js';

export interface ConsoleEntry {
  /** `log`, `warn`, `error`… for console calls; `browser-…` for what Chromium printed; `pageerror`. */
  type: string;
  text: string;
}

export interface FoveaErrorRecord {
  code: string;
  message: string;
  /** The underlying error's name and message. */
  error: string;
  /** Tag name of the element that fired it. */
  from: string;
}

export interface PageRecord {
  unhandledRejections: string[];
  uncaughtErrors: string[];
  console: ConsoleEntry[];
  violations: string[];
  foveaErrors: FoveaErrorRecord[];
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Browser messages that come from the network stack, not from the page (a failed request's status). */
const NETWORK_NOISE = /^Failed to load resource: /;
/** What the browser prints for WebGL misuse (Blink's "WebGL: INVALID_…" and ANGLE's "GL_INVALID_…"). */
export const WEBGL_ERROR = /WebGL: |GL_INVALID_|GL ERROR|CONTEXT_LOST_WEBGL|WebGL context was lost/;

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return typeof reason === 'string' ? reason : JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}

/**
 * Records everything listed above from the moment it is made. One per test
 * file: `const watch = await PageWatch.start()` in `before`, `watch.reset()`
 * in `beforeEach`, `await watch.expectClean(…)` at the end of each test.
 */
export class PageWatch {
  readonly #record: PageRecord = {
    unhandledRejections: [],
    uncaughtErrors: [],
    console: [],
    violations: [],
    foveaErrors: [],
  };
  readonly #restore: (() => void)[] = [];

  private constructor() {}

  static async start(): Promise<PageWatch> {
    const watch = new PageWatch();
    watch.#install();
    await commandResult('fovea-console', { take: true });
    return watch;
  }

  #install(): void {
    const r = this.#record;
    const onRejection = (e: PromiseRejectionEvent) => r.unhandledRejections.push(describe(e.reason));
    const onError = (e: ErrorEvent) => r.uncaughtErrors.push(describe(e.error ?? e.message));
    const onViolation = (e: SecurityPolicyViolationEvent) =>
      r.violations.push(`${e.effectiveDirective} ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    const onFoveaError = (e: FoveaErrorEvent) =>
      r.foveaErrors.push({
        code: e.detail.code,
        message: e.detail.message,
        error: describe(e.detail.error),
        from: (e.composedPath()[0] as Element | undefined)?.tagName?.toLowerCase() ?? '',
      });
    window.addEventListener('unhandledrejection', onRejection);
    window.addEventListener('error', onError);
    document.addEventListener('securitypolicyviolation', onViolation);
    document.addEventListener('fovea-error', onFoveaError, { capture: true });
    this.#restore.push(() => {
      window.removeEventListener('unhandledrejection', onRejection);
      window.removeEventListener('error', onError);
      document.removeEventListener('securitypolicyviolation', onViolation);
      document.removeEventListener('fovea-error', onFoveaError, { capture: true });
    });
    for (const method of CONSOLE_METHODS) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        r.console.push({ type: method, text: args.map(describe).join(' ') });
        original.apply(console, args);
      };
      this.#restore.push(() => (console[method] = original));
    }
  }

  /** Forgets what was recorded so far (the browser's messages too). */
  async reset(): Promise<void> {
    await this.#takeBrowserConsole();
    const r = this.#record;
    for (const list of Object.values(r) as unknown[][]) list.length = 0;
  }

  async #takeBrowserConsole(): Promise<void> {
    const entries = await commandResult('fovea-console', { take: true });
    if (!Array.isArray(entries)) return;
    // Also the page's own console calls, seen a second time: harmless for the checks.
    for (const entry of entries as { type: string; text: string }[])
      this.#record.console.push({ type: `browser-${entry.type}`, text: entry.text });
  }

  /** Everything recorded so far, the browser's console messages included. */
  async record(): Promise<PageRecord> {
    await this.#takeBrowserConsole();
    return this.#record;
  }

  /**
   * Throws a readable error listing unhandled rejections, uncaught errors,
   * WebGL errors, CSP violations, console errors (unless `allowConsole`
   * matches them) and any of `identifiers` in console output or fovea-error
   * messages.
   */
  async expectClean(options: { identifiers?: readonly string[]; allowConsole?: RegExp } = {}): Promise<void> {
    const r = await this.record();
    const problems: string[] = [];
    for (const reason of r.unhandledRejections) problems.push(`unhandled rejection: ${reason}`);
    for (const error of r.uncaughtErrors) problems.push(`uncaught error: ${error}`);
    for (const violation of r.violations) problems.push(`CSP violation: ${violation}`);
    for (const entry of r.console) {
      if (NETWORK_NOISE.test(entry.text)) continue;
      if (WEBGL_ERROR.test(entry.text)) problems.push(`WebGL error in the console: ${entry.text.slice(0, 200)}`);
      else if (/error$/.test(entry.type) && !options.allowConsole?.test(entry.text))
        problems.push(`console ${entry.type}: ${entry.text.slice(0, 200)}`);
    }
    problems.push(...identifiersIn(r, options.identifiers ?? []));
    if (problems.length) throw new Error(`the page was not clean:\n  ${[...new Set(problems)].join('\n  ')}`);
  }

  stop(): void {
    for (const undo of this.#restore.splice(0)) undo();
  }
}

/**
 * Where any of `identifiers` (patient names, IDs, UIDs) appears in console
 * output (browser network messages aside) or in a fovea-error's message or
 * underlying error message.
 */
export function identifiersIn(record: PageRecord, identifiers: readonly string[]): string[] {
  const found: string[] = [];
  const wanted = identifiers.filter((id) => id.length >= 4);
  const check = (where: string, text: string) => {
    for (const id of wanted)
      if (text.includes(id))
        found.push(`identifier ${JSON.stringify(id.slice(0, 24))} in ${where}: ${text.slice(0, 160)}`);
  };
  for (const entry of record.console) if (!NETWORK_NOISE.test(entry.text)) check(`console ${entry.type}`, entry.text);
  for (const e of record.foveaErrors) {
    check(`fovea-error message (${e.from})`, e.message);
    check(`fovea-error error (${e.from})`, e.error);
  }
  return found;
}
