// Runs chosen browser test files against a private Orthanc holding the corpus:
//   node scripts/dev/browser-tests.mjs [--group e2e-webgl] test/e2e/viewer.test.ts ...
// Without files, every group's files; without --group, every group. The
// corpus must exist (npm test's corpus phase, or scripts/corpus/make-corpus.sh).
// e2e tests import the BUILT @fovea-dicom/elements: rebuild it after changing
// sources (FOVEA_BUILD=elements npx rollup -c rollup.config.mjs).
import { fileURLToPath } from 'node:url';
import { loadStudies, startOrthanc } from '../lib/orthanc.mjs';
import { bin, run } from '../lib/run.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const groupAt = args.indexOf('--group');
const group = groupAt >= 0 ? args.splice(groupAt, 2)[1] : undefined;
const orthanc = await startOrthanc({ port: 0 });
let code = 1;
try {
  await loadStudies(orthanc, `${root}/.data/corpus`);
  ({ code } = await run(
    bin('wtr'),
    ['--config', 'web-test-runner.config.mjs', '--static-logging', ...(group ? ['--group', group] : [])],
    {
      env: {
        FOVEA_DICOMWEB_UPSTREAM: orthanc.dicomWebRoot,
        FOVEA_ORTHANC_URL: orthanc.url,
        ...(args.length ? { FOVEA_TEST_FILES: args.join(',') } : {}),
      },
    },
  ));
} finally {
  await orthanc.stop();
}
process.exit(code);
