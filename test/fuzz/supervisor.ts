// Runs a seeded fuzz run in a worker thread and watches it: a case that does
// not end within `hangMs` (a loop, or a promise that never settles) is a
// hang; the worker is then ended and a new one goes on with the next case.
import { Worker } from 'node:worker_threads';
import { PLANTED } from './engine.js';
import { TARGETS } from './targets.js';

export interface FuzzOptions {
  seed: number;
  iterations: number;
  /** First iteration (to reproduce one: `from: n, iterations: 1`). */
  from?: number;
  /** Time one case may take. Default 2,000 ms. */
  hangMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Plant a crash, a hang and an unhandled rejection as iterations 0, 1 and 2 (the supervisor's own test). */
  planted?: boolean;
}

export interface Finding {
  kind: 'crash' | 'hang' | 'unhandled';
  iteration: number;
  target: string;
  error: string;
}

export interface FuzzReport {
  seed: number;
  iterations: number;
  from: number;
  ms: number;
  targets: string[];
  /** How cases ended: ok, typed:<code>, crash. */
  counts: Record<string, number>;
  findings: Finding[];
}

/** The bound on a worker loading its modules before its first case. */
const STARTUP_BOUND_MS = 60_000;

function runWorker(
  planted: boolean,
  seed: number,
  from: number,
  to: number,
  hangMs: number,
  findings: Finding[],
  counts: Record<string, number>,
  onBeat: (iteration: number) => void,
): Promise<number> {
  const targetOf = (iteration: number) =>
    planted && iteration < PLANTED.length ? PLANTED[iteration]!.name : TARGETS[iteration % TARGETS.length]!.name;
  const heartbeat = new SharedArrayBuffer(8);
  const beat = new Int32Array(heartbeat);
  Atomics.store(beat, 0, from);
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
    workerData: { seed, from, to, heartbeat, planted },
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return new Promise((resolve) => {
    let lastBeats = -1;
    let still = 0;
    const poll = setInterval(() => {
      const beats = Atomics.load(beat, 1);
      onBeat(Atomics.load(beat, 0));
      if (beats !== lastBeats) {
        lastBeats = beats;
        still = 0;
        return;
      }
      still += 100;
      // No case begun yet: the worker is loading its modules (TypeScript compiled on the fly, slower on a
      // loaded machine). Only a start that never ends is a hang.
      if (beats === 0 && still < STARTUP_BOUND_MS) return;
      if (still >= hangMs) {
        const iteration = Atomics.load(beat, 0);
        findings.push({ kind: 'hang', iteration, target: targetOf(iteration), error: `no end within ${hangMs} ms` });
        clearInterval(poll);
        void worker.terminate().then(() => resolve(iteration + 1));
      }
    }, 100);
    worker.on('message', (m: { kind: string; iteration: number; error?: string; counts?: Record<string, number> }) => {
      if (m.kind === 'done') {
        for (const [k, v] of Object.entries(m.counts ?? {})) counts[k] = (counts[k] ?? 0) + v;
        clearInterval(poll);
        void worker.terminate().then(() => resolve(to));
      } else if (m.kind === 'crash' || m.kind === 'unhandled') {
        findings.push({ kind: m.kind, iteration: m.iteration, target: targetOf(m.iteration), error: m.error ?? '' });
      }
    });
    worker.on('error', (error) => {
      // The worker died (out of memory, a stack overflow outside a case): a crash of the case it was on.
      const iteration = Atomics.load(beat, 0);
      findings.push({ kind: 'crash', iteration, target: targetOf(iteration), error: `worker died: ${error.message}` });
      clearInterval(poll);
      resolve(iteration + 1);
    });
  });
}

/** A whole run: every iteration once, crashes, hangs and unhandled rejections found. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const t0 = Date.now();
  const from = options.from ?? 0;
  const to = from + options.iterations;
  const findings: Finding[] = [];
  const counts: Record<string, number> = {};
  for (let next = from; next < to;) {
    next = await runWorker(
      options.planted ?? false,
      options.seed,
      next,
      to,
      options.hangMs ?? 2000,
      findings,
      counts,
      (i) => options.onProgress?.(i - from, options.iterations),
    );
  }
  return {
    seed: options.seed,
    iterations: options.iterations,
    from,
    ms: Date.now() - t0,
    targets: TARGETS.map((t) => t.name),
    counts,
    findings,
  };
}
