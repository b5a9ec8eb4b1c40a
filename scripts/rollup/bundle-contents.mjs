// Rollup plugin: records which source files a build put into its output (the
// modules rendered into each chunk, the files copied as assets) in a JSON file
// outside the package, so that a test can check the third-party notices
// against what was really bundled, independently of the notices plugin.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/**
 * @param {{ file: string, root: string }} options file: where to write; root: paths are recorded relative to it.
 * @returns {import('rollup').Plugin}
 */
export function bundleContents({ file, root }) {
  return {
    name: 'fovea-bundle-contents',
    generateBundle(_options, bundle) {
      /** @type {Record<string, string[]>} */
      const chunks = {};
      /** @type {string[]} */
      const assets = [];
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') {
          chunks[item.fileName] = Object.entries(item.modules)
            .filter(([, m]) => m.renderedLength > 0)
            .map(([id]) => relative(root, id.replace(/^\0/, '')));
        } else {
          for (const original of item.originalFileNames ?? []) assets.push(relative(root, original));
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify({ chunks, assets }, null, 1)}\n`);
    },
  };
}
