// Generates packages/elements/custom-elements.json from the element sources'
// JSDoc (@summary, @fires, @slot, @csspart, @cssprop) and Lit decorators.
import { bin, root, run } from './lib/run.mjs';

const { code } = await run(
  bin('custom-elements-manifest'),
  [
    'analyze',
    '--config',
    '../../scripts/lib/manifest-config.mjs',
    '--litelement',
    '--globs',
    'src/**/*.ts',
    '--exclude',
    'src/**/*.test.ts',
    '--exclude',
    'src/**/*.stories.ts',
  ],
  { cwd: `${root}/packages/elements` },
);
process.exit(code);
