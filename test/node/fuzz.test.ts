// The short seeded fuzz run of `npm test` (the long one is `npm run fuzz`,
// docs/guides/security.md): core's parsers end every mutated input in a value
// or a typed FoveaError, within the time bound, with no unhandled rejection.
// The supervisor's own test plants one fault of each kind and must find each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFuzz } from '../fuzz/supervisor.js';
import { TARGETS } from '../fuzz/targets.js';

describe('fuzzer', () => {
  it('finds no crash, hang or unhandled rejection in 4,000 seeded cases', async () => {
    const report = await runFuzz({ seed: 20261207, iterations: 4000, hangMs: 3000 });
    assert.deepEqual(report.findings, [], JSON.stringify(report.findings.slice(0, 5), null, 1));
    assert.equal(
      Object.values(report.counts).reduce((a, b) => a + b, 0),
      4000,
      'every case ran',
    );
    assert.ok((report.counts.ok ?? 0) > 0 && (report.counts['typed:parse'] ?? 0) > 0, JSON.stringify(report.counts));
    assert.ok(TARGETS.length >= 10);
  });

  it('reports a planted crash, hang and unhandled rejection, and goes on after the hang', async () => {
    const report = await runFuzz({ seed: 1, iterations: 40, hangMs: 500, planted: true });
    assert.deepEqual(
      report.findings.map((f) => [f.kind, f.iteration]),
      [
        ['crash', 0],
        ['hang', 1],
        ['unhandled', 2],
      ],
    );
    assert.equal(
      Object.values(report.counts).reduce((a, b) => a + b, 0),
      38,
      'the cases after the hang ran',
    );
  });
});
