// One fuzz case: which target, which input (a seed mutated 1 to 8 times,
// deterministically from the run's seed and the iteration), and how running
// it ended.
import { FoveaError } from '@fovea-dicom/core';
import { mutateBytes, mutateJson } from './mutate.js';
import { Rng } from './rng.js';
import { TARGETS, type FuzzTarget } from './targets.js';

export interface FuzzCase {
  iteration: number;
  target: FuzzTarget;
  input: Uint8Array;
  rng: Rng;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Planted faults, one of each kind the supervisor must report, for its own
 * test: a crash (a TypeError), a hang (a promise that never settles) and an
 * unhandled rejection.
 */
export const PLANTED: readonly FuzzTarget[] = [
  {
    name: 'planted crash',
    seeds: [new Uint8Array(1)],
    run: async () => {
      throw new TypeError('planted');
    },
  },
  { name: 'planted hang', seeds: [new Uint8Array(1)], run: () => new Promise<void>(() => undefined) },
  {
    name: 'planted unhandled rejection',
    seeds: [new Uint8Array(1)],
    run: async () => {
      void Promise.reject(new Error('planted'));
    },
  },
];

/** The case of `iteration` in a run seeded `seed` (`planted`: the planted faults first, then the run). */
export function makeCase(seed: number, iteration: number, planted = false): FuzzCase {
  const rng = Rng.forCase(seed, iteration);
  if (planted && iteration < PLANTED.length) {
    const target = PLANTED[iteration]!;
    return { iteration, target, input: target.seeds[0]!, rng };
  }
  const target = TARGETS[iteration % TARGETS.length]!;
  let input = rng.pick(target.seeds);
  const others = TARGETS.flatMap((t) => t.seeds);
  for (let i = 0, n = 1 + rng.int(8); i < n; i++) {
    if (target.json && rng.chance(0.5)) {
      try {
        input = encoder.encode(JSON.stringify(mutateJson(JSON.parse(decoder.decode(input)) as unknown, rng)));
        continue;
      } catch {
        // no longer JSON: bytes only
      }
    }
    input = mutateBytes(input, rng, others);
  }
  return { iteration, target, input, rng };
}

export type Verdict = { kind: 'ok' } | { kind: 'typed'; code: string } | { kind: 'crash'; error: string };

/** Runs a case: `ok`, `typed` (a FoveaError, as promised) or `crash` (anything else, or a broken property). */
export async function runCase(c: FuzzCase): Promise<Verdict> {
  try {
    await c.target.run(c.input, c.rng);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof FoveaError) {
      // A typed error's message must not carry a stack overflow or a raw parser error in disguise.
      return { kind: 'typed', code: error.code };
    }
    const e = error as Error;
    return { kind: 'crash', error: `${e?.name ?? typeof error}: ${String(e?.message ?? error).slice(0, 300)}` };
  }
}
