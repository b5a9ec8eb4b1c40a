// `npm run build`: installs the dependencies when missing (a fresh clone has
// none, and no global pnpm), then builds every package (rollup), the custom
// elements manifest and the editor data. FOVEA_BUILD=core,render,elements,
// standalone,react limits the rollup builds.
import { bin, ensureDependencies, run } from './lib/run.mjs';

await ensureDependencies();
for (const [cmd, args] of [
  [bin('rollup'), ['-c', 'rollup.config.mjs']],
  ['node', ['scripts/manifest.mjs']],
  ['node', ['scripts/editor-data.mjs']],
]) {
  const { code } = await run(cmd, args);
  if (code !== 0) process.exit(code);
}
