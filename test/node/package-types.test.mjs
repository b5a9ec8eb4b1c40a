// The published entry points type-check as a host imports them, through the
// packages' `exports` (not the sources): `@fovea-dicom/elements/standalone`,
// each `@fovea-dicom/react/<component>.js`, and the raw tags' JSX typings from
// `@fovea-dicom/react/jsx.js`. Uses the BUILT packages; run the build first.
//   node --test test/node/package-types.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { bin, root } from '../../scripts/lib/run.mjs';

for (const dts of ['packages/elements/dist/standalone.d.ts', 'packages/react/dist/jsx.d.ts']) {
  assert.ok(existsSync(join(root, dts)), `${dts} is missing: build first (npx rollup -c rollup.config.mjs)`);
}

// Inside the repository, so that the workspace packages resolve as a host's node_modules would.
const host = mkdtempSync(join(root, 'node_modules/.fovea-package-types-'));
after(() => rmSync(host, { recursive: true, force: true }));

it('type-checks a host using the standalone entry, the React entry points and the raw tags in JSX', () => {
  writeFileSync(
    join(host, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['*.ts', '*.tsx'],
    }),
  );
  writeFileSync(
    join(host, 'standalone.ts'),
    `import { createDicomWebClient, TOOL_NAMES, type FoveaViewport } from '@fovea-dicom/elements/standalone';
export const client = createDicomWebClient({ root: '/dicom-web' });
export const viewport: FoveaViewport = document.createElement('fovea-viewport');
viewport.client = client;
viewport.setTool(TOOL_NAMES[0]!, 'secondary');
// @ts-expect-error: no such tool
viewport.setTool('ruler');
`,
  );
  writeFileSync(
    join(host, 'react.tsx'),
    `import type {} from '@fovea-dicom/react/jsx.js';
import { FoveaViewport } from '@fovea-dicom/react/fovea-viewport.js';
import { FoveaViewer, type Measurement } from '@fovea-dicom/react';
export const store: Measurement[] = [];
export const a = <FoveaViewport studyUid="1.2" onMeasurementAdd={(e) => store.push(e.detail.measurement)} />;
export const b = <FoveaViewer requiresAuth onToolChange={(e) => e.detail.tools.primary} onLayoutChange={(e) => e.detail.layout} />;
export const c = <fovea-viewport dicomweb-root="/dicom-web" zoom={2} onfovea-image-change={(e) => e.detail.index} />;
// @ts-expect-error: the image-change detail has no study
export const d = <fovea-viewport onfovea-image-change={(e) => e.detail.study} />;
// @ts-expect-error: the viewport fires no study-select (the wrapper has no such prop)
export const e = <FoveaViewport onStudySelect={() => undefined} />;
`,
  );
  const result = spawnSync(bin('tsc'), ['-p', host], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
