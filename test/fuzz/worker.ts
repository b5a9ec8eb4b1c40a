// The fuzzer's worker: runs iterations [from, to) of a run one after another,
// writing the iteration it is on into shared memory (the supervisor's
// heartbeat: a stalled counter is a hang) and posting every crash and
// unhandled rejection with the iteration it happened in.
import { parentPort, workerData } from 'node:worker_threads';
import { makeCase, runCase } from './engine.js';

interface Job {
  seed: number;
  from: number;
  to: number;
  heartbeat: SharedArrayBuffer;
  planted: boolean;
}

const job = workerData as Job;
const beat = new Int32Array(job.heartbeat);
let current = job.from;

process.on('unhandledRejection', (reason) => {
  parentPort!.postMessage({
    kind: 'unhandled',
    iteration: current,
    error: String((reason as Error)?.stack ?? reason).slice(0, 500),
  });
});

const counts: Record<string, number> = {};
for (let i = job.from; i < job.to; i++) {
  current = i;
  Atomics.store(beat, 0, i);
  Atomics.add(beat, 1, 1);
  const c = makeCase(job.seed, i, job.planted);
  const verdict = await runCase(c);
  // Unhandled rejections are reported once the microtasks run dry: let that happen within this case.
  await new Promise((resolve) => setImmediate(resolve));
  const key = verdict.kind === 'typed' ? `typed:${verdict.code}` : verdict.kind;
  counts[key] = (counts[key] ?? 0) + 1;
  if (verdict.kind === 'crash')
    parentPort!.postMessage({
      kind: 'crash',
      iteration: i,
      target: c.target.name,
      error: verdict.error,
      bytes: c.input.length,
    });
}
// Let late rejections of the last cases surface before saying done.
await new Promise((r) => setTimeout(r, 50));
parentPort!.postMessage({ kind: 'done', counts });
