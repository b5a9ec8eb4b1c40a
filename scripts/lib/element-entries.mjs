// The one list of the elements' entry points: the registration modules
// `packages/elements/src/fovea-*.ts` (one per element, each calling
// customElements.define). rollup.config.mjs builds one entry per module, and
// scripts/wrappers.mjs writes the elements' package exports and the React
// wrappers from the same modules: a new element is a new registration module.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../packages/elements/src/', import.meta.url));

/** `['fovea-import', 'fovea-series-browser', …]`, sorted. */
export function elementEntries(src = SRC) {
  return readdirSync(src)
    .filter((name) => /^fovea-[a-z-]+\.ts$/.test(name))
    .map((name) => name.slice(0, -3))
    .sort();
}
