// Regenerates @fovea-dicom/react's sources and package exports from the
// elements' custom elements manifest (scripts/lib/wrappers.mjs says what and why),
// and @fovea-dicom/elements's exports from its registration modules:
//   node scripts/wrappers.mjs
// Runs the manifest analyser first, so the manifest matches the sources.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { elementEntries } from './lib/element-entries.mjs';
import { elementsPackageExports, generateWrappers, reactPackageFields } from './lib/wrappers.mjs';
import { root, run } from './lib/run.mjs';

const { code } = await run('node', ['scripts/manifest.mjs']);
if (code !== 0) process.exit(code);
const manifest = JSON.parse(readFileSync(`${root}/packages/elements/custom-elements.json`, 'utf8'));
const { elements, files } = await generateWrappers(manifest, root);

// A component whose element is gone must not linger.
const src = `${root}/packages/react/src`;
for (const name of readdirSync(src)) {
  if (/^fovea-.*\.ts$/.test(name) && !files[`packages/react/src/${name}`]) rmSync(`${src}/${name}`);
}
for (const [path, text] of Object.entries(files)) writeFileSync(`${root}/${path}`, text);

/** Rewrites fields of a package.json, keeping the others and their order. */
function updatePackage(path, fields) {
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  Object.assign(pkg, fields);
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
}
updatePackage(`${root}/packages/react/package.json`, reactPackageFields(elements));
updatePackage(`${root}/packages/elements/package.json`, { exports: elementsPackageExports(elementEntries()) });
console.log(`fovea: React wrappers for ${elements.map((e) => `<${e.tagName}>`).join(', ')}`);
