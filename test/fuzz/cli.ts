// npm run fuzz -- [--iterations N] [--seed S] [--from I] [--hang-ms MS] [--report FILE]
//
// A seeded mutation fuzzer over core's parsers (multipart, DICOM JSON model and
// views, IID requests, STOW answers, values, URLs from data): reports crashes
// (exceptions that are not Fovea's typed errors, broken properties), hangs
// (a case over --hang-ms) and unhandled rejections, and exits non-zero on any.
// Reproduce a finding with --seed S --from I --iterations 1 --print.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeCase } from './engine.js';
import { runFuzz } from './supervisor.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const iterations = Number(option('iterations', '10000'));
const seed = Number(option('seed', '20261207'));
const from = Number(option('from', '0'));
const hangMs = Number(option('hang-ms', '2000'));
const reportFile = option('report', '.data/fuzz/report.json');

if (args.includes('--print')) {
  const c = makeCase(seed, from);
  console.log(`iteration ${from}: ${c.target.name}, ${c.input.length} bytes`);
  console.log(Buffer.from(c.input).toString('base64'));
}

let lastShown = 0;
const report = await runFuzz({
  seed,
  iterations,
  from,
  hangMs,
  onProgress: (done, total) => {
    if (done - lastShown >= 10_000) {
      lastShown = done;
      console.log(`fuzz: ${done} / ${total}`);
    }
  },
});
await mkdir(dirname(reportFile), { recursive: true });
await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
const by = (kind: string) => report.findings.filter((f) => f.kind === kind);
console.log(
  `fuzz: seed ${seed}, iterations ${from}..${from + iterations - 1}, ${(report.ms / 1000).toFixed(1)} s, ` +
    `${by('crash').length} crashes, ${by('hang').length} hangs, ${by('unhandled').length} unhandled rejections`,
);
console.log(`fuzz: outcomes ${JSON.stringify(report.counts)}`);
for (const f of report.findings.slice(0, 50))
  console.log(`  ${f.kind} at iteration ${f.iteration} (${f.target}): ${f.error}`);
console.log(`fuzz: report in ${reportFile}`);
process.exit(report.findings.length ? 1 : 0);
