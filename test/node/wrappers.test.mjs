// @fovea-dicom/react is generated from the elements' custom elements manifest
// (scripts/wrappers.mjs): the checked-in files must be what the sources give,
// and an event added to an element's JSDoc must reach its React component and
// JSX typings with no hand edit.
//   node --test test/node/wrappers.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { bin, root } from '../../scripts/lib/run.mjs';
import { elementEntries } from '../../scripts/lib/element-entries.mjs';
import {
  elementsOf,
  elementsPackageExports,
  eventProp,
  generateWrappers,
  reactPackageFields,
} from '../../scripts/lib/wrappers.mjs';

const temp = mkdtempSync(join(tmpdir(), 'fovea-wrappers-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/**
 * Runs the manifest analyser (as scripts/manifest.mjs does) on a copy of the
 * elements' sources (`src`, or the copy in `packageDir`), into `outdir`. Never
 * in packages/elements itself: the analyser writes its output path into the
 * package.json of the folder it runs in.
 */
function analyse(packageDir, outdir) {
  if (packageDir === join(root, 'packages/elements')) {
    const copy = mkdtempSync(join(temp, 'sources-'));
    cpSync(join(packageDir, 'src'), join(copy, 'src'), { recursive: true });
    packageDir = copy;
  }
  writeFileSync(join(packageDir, 'package.json'), '{}\n');
  const result = spawnSync(
    bin('custom-elements-manifest'),
    [
      'analyze',
      '--litelement',
      '--globs',
      'src/**/*.ts',
      '--exclude',
      'src/**/*.test.ts',
      '--exclude',
      'src/**/*.stories.ts',
      '--outdir',
      relative(packageDir, outdir), // the analyser joins it to its working directory
      '--quiet',
    ],
    { cwd: packageDir, encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));
}

const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));

describe('React wrappers from custom-elements.json', () => {
  it('are up to date with the element sources (else: node scripts/wrappers.mjs)', async () => {
    const manifest = analyse(join(root, 'packages/elements'), join(temp, 'current'));
    const { elements, files } = await generateWrappers(manifest, root);
    for (const [path, text] of Object.entries(files)) {
      assert.equal(readFileSync(join(root, path), 'utf8'), text, `${path} is stale: run node scripts/wrappers.mjs`);
    }
    const react = readJson('packages/react/package.json');
    const fields = reactPackageFields(elements);
    assert.deepEqual(react.exports, fields.exports, 'packages/react/package.json exports are stale');
    assert.equal(react.sideEffects, fields.sideEffects);
    // The elements' entry points are generated from their registration modules, one per element.
    const elementsPackage = readJson('packages/elements/package.json');
    assert.equal(elementsPackage.customElements, 'custom-elements.json', 'the manifest path in package.json');
    assert.deepEqual(
      elementsPackage.exports,
      elementsPackageExports(elementEntries()),
      'packages/elements/package.json exports are stale: run node scripts/wrappers.mjs',
    );
    assert.deepEqual(elements.map((el) => el.entry).sort(), elementEntries(), 'one registration module per element');
  });

  it('maps every event of every element, the viewer included (inner events bubble out of it)', async () => {
    const manifest = analyse(join(root, 'packages/elements'), join(temp, 'events'));
    const byTag = Object.fromEntries(elementsOf(manifest).map((el) => [el.tagName, el]));
    assert.equal(byTag['fovea-viewport'].events.length, 14);
    const viewerEvents = byTag['fovea-viewer'].events.map((e) => e.name);
    for (const name of byTag['fovea-viewport'].events.map((e) => e.name)) assert.ok(viewerEvents.includes(name), name);
    assert.ok(viewerEvents.includes('fovea-series-select'));
    assert.ok(viewerEvents.includes('fovea-layout-change'));
  });

  it('gives a new @fires on an element a React prop and a JSX listener, with no hand edit', async () => {
    const copy = join(temp, 'elements');
    cpSync(join(root, 'packages/elements/src'), join(copy, 'src'), { recursive: true });
    const source = join(copy, 'src/viewport/viewport.ts');
    const text = readFileSync(source, 'utf8');
    const anchor = ' * @fires fovea-tool-change';
    assert.ok(text.includes(anchor), 'the viewport documents fovea-tool-change');
    writeFileSync(
      source,
      text.replace(
        anchor,
        ' * @fires fovea-cine-change - Cine started or stopped. Detail: {@link CineDetail}.\n' + anchor,
      ),
    );
    const { files } = await generateWrappers(analyse(copy, join(temp, 'added')), root);
    const viewport = files['packages/react/src/fovea-viewport.ts'];
    assert.match(viewport, /onCineChange: 'fovea-cine-change' as EventName<FoveaEvent<'fovea-cine-change'>>/);
    assert.match(viewport, /`onCineChange` \(`fovea-cine-change`\): Cine started or stopped\. Detail: `CineDetail`\./);
    const jsx = files['packages/react/src/jsx.ts'];
    const viewportEntry = jsx.slice(jsx.indexOf("'fovea-viewport': FoveaTagProps<"));
    assert.match(viewportEntry, /'fovea-cine-change'/);
    assert.doesNotMatch(files['packages/react/src/fovea-study-list.ts'], /fovea-cine-change/);
  });

  it('names props after the event and refuses events without the fovea- prefix', () => {
    assert.equal(eventProp('fovea-image-change'), 'onImageChange');
    assert.equal(eventProp('fovea-measurement-add'), 'onMeasurementAdd');
    assert.throws(() => eventProp('image-change'), /not named fovea-/);
  });
});
