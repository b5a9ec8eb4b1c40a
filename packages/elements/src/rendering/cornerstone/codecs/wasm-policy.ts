/**
 * Whether this realm may compile WebAssembly. A page's (or a worker's)
 * Content-Security-Policy without 'wasm-unsafe-eval' (or 'unsafe-eval')
 * forbids it, as does a browser with WebAssembly turned off (Safari's Lockdown
 * Mode); the decode worker then uses the codecs' JavaScript builds.
 *
 * A dedicated worker's policy is the one delivered with its own script, not
 * the page's (measured in Chromium 156: a page without 'wasm-unsafe-eval'
 * whose worker script is served without a policy compiles wasm in the
 * worker, and the reverse), so the question is asked in the worker.
 *
 * No API reads a policy: the answer is to try, once, on the smallest valid
 * module (the 8-byte header). Under a policy that forbids it the browser
 * throws a CompileError and reports one violation (`script-src`, blocked URI
 * `wasm-eval`: a `securitypolicyviolation` event in the worker and a report
 * to the policy's report endpoint, if it has one). Asking once per worker
 * keeps that to one report per decode worker, instead of one per codec.
 */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

// Per realm, never per viewer: a realm's policy cannot change once it runs.
let compiles: boolean | undefined;

/** True when WebAssembly may be compiled here; asked at the first call only. */
export function wasmCompiles(): boolean {
  if (compiles === undefined) {
    try {
      compiles = new WebAssembly.Module(EMPTY_MODULE) instanceof WebAssembly.Module;
    } catch {
      compiles = false;
    }
  }
  return compiles;
}
