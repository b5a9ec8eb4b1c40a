// `npm start`: set up what is missing (pnpm, dependencies, the standalone
// build, the sample studies) and serve the demo EHR page. No root, no apt: the
// sample data is written in TypeScript and served by the embedded development
// DICOMweb server. FOVEA_DICOMWEB=http://host/dicom-web proxies to a real
// server instead.
import { existsSync, statSync } from 'node:fs';
import { bin, ensureDependencies, findFiles, root, run } from './lib/run.mjs';

function newestMtime(files) {
  return Math.max(0, ...files.map((f) => statSync(`${root}/${f}`).mtimeMs));
}

await ensureDependencies();

const bundle = `${root}/packages/elements/dist/standalone/fovea.js`;
const sources = [
  ...findFiles(['packages/core/src', 'packages/elements/src'], /\.ts$/),
  'rollup.config.mjs',
  'pnpm-lock.yaml',
];
if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestMtime(sources)) {
  console.log('fovea: building the standalone bundle…');
  const { code } = await run(bin('rollup'), ['-c', 'rollup.config.mjs'], { env: { FOVEA_BUILD: 'core,standalone' } });
  if (code !== 0) process.exit(code);
}

if (!process.env.FOVEA_DICOMWEB && !existsSync(`${root}/.data/samples/index.json`)) {
  console.log('fovea: writing the sample studies…');
  const { code } = await run(bin('tsx'), ['packages/demo/src/sample/make-samples.ts', '--out', '.data/samples']);
  if (code !== 0) process.exit(code);
}

const { code } = await run(bin('tsx'), ['packages/demo/src/server/main.ts']);
process.exit(code);
