// `npm test`: everything, from a fresh clone: install what is missing, lint,
// type-check, build, make the test corpus, run the unit tests, start Orthanc
// and run the browser tests (both rendering modes) against it.
//
// FOVEA_TEST_ONLY=lint,build,corpus,unit,docs,browser limits the phases (for
// development; CI runs them all).
import { ensureDependencies, findFiles, root, run, bin } from './lib/run.mjs';

const started = Date.now();
const only = process.env.FOVEA_TEST_ONLY?.split(',');
const want = (phase) => !only || only.includes(phase);
const totals = { passed: 0, failed: 0 };
const timings = [];
let failedPhases = [];
/** The failed tests by name, repeated in the summary: CI keeps only the end of the output. */
const failures = [];

async function phase(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  try {
    const ok = await fn();
    if (ok === false) failedPhases.push(name);
  } catch (error) {
    console.error(`fovea: ${name} failed: ${error instanceof Error ? error.message : error}`);
    failedPhases.push(name);
  }
  timings.push([name, (Date.now() - t0) / 1000]);
}

/** Adds "N passed, N failed" style counts from a runner's output. */
function count(output, patterns) {
  for (const [re, key] of patterns) {
    let last;
    for (const m of output.matchAll(re)) last = m;
    if (last) totals[key] += Number(last[1]);
  }
}

/**
 * @web/test-runner ends with one progress line per group and browser
 * ("Chrome: |…| 1/1 test files | 3 passed, 0 failed") just before
 * "Finished running tests": sum that block.
 */
function countWtr(output) {
  const lines = output.split(/\r?\n/);
  let end = lines.findLastIndex((l) => l.includes('Finished running tests'));
  while (end > 0 && !lines[end - 1].includes('test files |')) end--;
  for (let i = end - 1; i >= 0 && lines[i].includes('test files |'); i--) {
    const m = /(\d+) passed, (\d+) failed/.exec(lines[i]);
    if (m) {
      totals.passed += Number(m[1]);
      totals.failed += Number(m[2]);
    }
  }
}

// eslint-disable-next-line no-control-regex
const plain = (line) => line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

/** @web/test-runner's " ❌ name" lines, with their file and the error's first line. */
function wtrFailures(output) {
  let file = '';
  const lines = output.split(/\r?\n/).map(plain);
  lines.forEach((line, i) => {
    const header = /^(\S.*\.test\.\w+):$/.exec(line);
    if (header) file = header[1];
    if (!line.startsWith(' ❌ ')) return;
    const error =
      lines
        .slice(i + 1, i + 4)
        .find((l) => l.trim())
        ?.trim() ?? '';
    failures.push(`${file}: ${line.slice(3).trim()}${error ? `\n      ${error}` : ''}`);
  });
}

/** node:test's spec reporter repeats each failed test after "✖ failing tests:". */
function nodeFailures(output) {
  const lines = output.split(/\r?\n/).map(plain);
  const from = lines.findIndex((l) => l.startsWith('✖ failing tests:'));
  if (from < 0) return;
  let where = '';
  for (const line of lines.slice(from + 1)) {
    if (line.startsWith('test at ')) where = `${line.slice(8)}: `;
    if (line.startsWith('✖ ')) failures.push(`${where}${line.slice(2)}`);
  }
}

async function step(cmd, args, env) {
  const { code } = await run(cmd, args, { env });
  return code === 0;
}

await phase('install', async () => {
  await ensureDependencies();
  const { ensureSystemTools } = await import('./lib/system-tools.mjs');
  await ensureSystemTools(['chromium', 'dcmtk', 'gdcm', 'orthanc']);
});
if (failedPhases.length) finish();

if (want('lint')) {
  await phase('lint', async () => {
    const results = [
      await step(bin('eslint'), ['.', '--max-warnings', '0']),
      await step(bin('prettier'), ['--check', '--log-level', 'warn', '.']),
      await step(bin('tsc'), ['-b', 'packages/core', 'packages/elements', 'packages/demo', 'scripts/corpus', 'test']),
      // The guides' code (React, Vue, servers, auth…) against the packages' sources.
      await step(bin('tsc'), ['-p', 'docs/guides/examples']),
      await step(bin('typedoc'), ['--emit', 'none', '--logLevel', 'Warn']),
      await step(bin('madge'), [
        '--circular',
        '--extensions',
        'ts',
        '--ts-config',
        'tsconfig.json',
        'packages/core/src',
        'packages/elements/src',
      ]),
    ];
    return results.every(Boolean);
  });
}

if (want('build')) {
  await phase(
    'build',
    async () =>
      (await step(bin('rollup'), ['-c', 'rollup.config.mjs'])) &&
      (await step('node', ['scripts/manifest.mjs'])) &&
      step('node', ['scripts/editor-data.mjs']),
  );
}

if (want('corpus')) {
  await phase(
    'corpus',
    async () =>
      (await step('bash', ['scripts/corpus/make-corpus.sh'])) &&
      (await step('bash', ['scripts/corpus/make-extras.sh'])) &&
      step('bash', ['scripts/corpus/make-realworld.sh']),
  );
}

if (want('unit')) {
  await phase('unit (node)', async () => {
    const files = [
      ...findFiles(
        ['packages/core/src', 'packages/core/test', 'packages/demo/src', 'test/node', 'test/orthanc'],
        /\.test\.(ts|mjs)$/,
      ),
      // The elements' tests run in Chromium, but for pure functions (`*.node.test.ts`; their shared
      // builders, `*.fixtures.node.test.ts`, hold no tests).
      ...findFiles(['packages/elements/src'], /(?<!\.fixtures)\.node\.test\.ts$/),
    ];
    const { code, output } = await run(
      'node',
      [
        '--conditions=fovea-source',
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        '--test-concurrency=1',
        ...files,
      ],
      { capture: true },
    );
    nodeFailures(output);
    count(output, [
      [/ℹ pass (\d+)/g, 'passed'],
      [/ℹ fail (\d+)/g, 'failed'],
    ]);
    return code === 0;
  });
}

if (want('docs')) {
  await phase('docs (Storybook build, every story in Chromium)', async () => {
    const { code, output } = await run('node', ['--test', '--test-reporter=spec', 'test/docs/storybook.test.mjs'], {
      capture: true,
    });
    nodeFailures(output);
    count(output, [
      [/ℹ pass (\d+)/g, 'passed'],
      [/ℹ fail (\d+)/g, 'failed'],
    ]);
    return code === 0;
  });
}

if (want('browser')) {
  await phase('browser (Chromium, Orthanc)', async () => {
    const { startOrthanc, loadStudies } = await import('./lib/orthanc.mjs');
    const orthanc = await startOrthanc({ port: 0 });
    try {
      const loaded = await loadStudies(orthanc, `${root}/.data/corpus`);
      console.log(`fovea: Orthanc at ${orthanc.url} holds the corpus (${JSON.stringify(loaded)})`);
      const { code, output } = await run(bin('wtr'), ['--config', 'web-test-runner.config.mjs', '--static-logging'], {
        capture: true,
        env: { FOVEA_DICOMWEB_UPSTREAM: orthanc.dicomWebRoot, FOVEA_ORTHANC_URL: orthanc.url },
      });
      countWtr(output);
      wtrFailures(output);
      return code === 0;
    } finally {
      await orthanc.stop();
    }
  });
}

finish();

function finish() {
  console.log('\n=== summary ===');
  for (const [name, s] of timings) console.log(`${name.padEnd(32)} ${s.toFixed(1).padStart(7)} s`);
  console.log(`total${' '.repeat(27)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`);
  if (failures.length) console.log(`failed tests:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  if (failedPhases.length) console.log(`failed phases: ${failedPhases.join(', ')}`);
  console.log(`${totals.passed} passed, ${totals.failed + (failedPhases.length && !totals.failed ? 1 : 0)} failed`);
  process.exit(failedPhases.length ? 1 : 0);
}
