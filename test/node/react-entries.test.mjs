// A host that uses one React component bundles that element only: bundling
// `FoveaStudyList` (from its own entry point, or from the package index, which
// is side-effect free) must not pull in the viewport, Cornerstone or any lazily
// loaded rendering chunk; its one lazily loaded chunk is the patient planner.
// Bundles the BUILT packages as a host's bundler would (rollup + node-resolve,
// react external); run the build first.
//   node --test test/node/react-entries.test.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { root } from '../../scripts/lib/run.mjs';

for (const dist of ['packages/react/dist/fovea-study-list.js', 'packages/elements/dist/fovea-study-list.js']) {
  assert.ok(existsSync(join(root, dist)), `${dist} is missing: build first (npx rollup -c rollup.config.mjs)`);
}

// Inside the repository, so that node-resolve finds the workspace packages.
const temp = mkdtempSync(join(root, 'node_modules/.fovea-react-entries-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** Bundles `code` as a host would; returns the chunks and the modules in them. */
async function hostBundle(code) {
  const input = join(temp, `entry-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(input, code);
  const bundle = await rollup({
    input,
    external: (id) => /^react(-dom)?(\/|$)/.test(id),
    plugins: [nodeResolve({ browser: true })],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es', dir: join(temp, 'out') });
    const chunks = output.filter((o) => o.type === 'chunk');
    return {
      chunks,
      modules: chunks.flatMap((c) => Object.keys(c.modules)),
      bytes: chunks.reduce((n, c) => n + c.code.length, 0),
    };
  } finally {
    await bundle.close();
  }
}

describe('@fovea-dicom/react entry points', () => {
  for (const [name, code] of [
    ['its own entry point', "export { FoveaStudyList } from '@fovea-dicom/react/fovea-study-list.js';"],
    ['the package index', "export { FoveaStudyList } from '@fovea-dicom/react';"],
  ]) {
    it(`FoveaStudyList from ${name} bundles the study list only`, async () => {
      const { chunks, modules, bytes } = await hostBundle(code);
      // Lazily loaded: only the list's patient planner (IHE IID parameters), which a list without
      // `patient-id` never fetches. (A host library build with strict entry signatures also splits
      // out what the two share; an app build does not.)
      const lazy = chunks.filter((c) => c.isDynamicEntry).map((c) => c.fileName);
      assert.equal(lazy.length, 1, `lazily loaded: ${lazy}`);
      assert.match(lazy[0], /^patient-query-/);
      assert.ok(chunks.length <= 3, `${chunks.map((c) => c.fileName)}`);
      assert.ok(
        modules.some((m) => /elements\/dist\/chunks\/fovea-study-list-/.test(m)),
        `the study list is in the bundle: ${modules.filter((m) => m.includes('/dist/')).join(', ')}`,
      );
      // Elements' dist: the registration modules, and chunks named after their first module.
      const other =
        /elements\/dist\/(fovea-(viewport|viewer|toolbar|series-browser)\.js|chunks\/(fovea-(viewer|toolbar|series-browser)|adapter|rendering-loader|loader|tools|measurements|decodeImageFrameWorker)-)|@cornerstonejs/;
      const strays = modules.filter((m) => other.test(m));
      assert.deepEqual(strays, [], 'no viewport, viewer, toolbar, series browser or Cornerstone module');
      // Measured 155 KiB unminified (lit, core and the study list); importing the elements' index: 8.4 MiB in 6 chunks.
      assert.ok(bytes < 400 * 1024, `${(bytes / 1024).toFixed(0)} KiB`);
    });
  }
});
