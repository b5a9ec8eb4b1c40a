// A new reading tool is added in one place, model/tools.ts: the names, toolbar
// shortcuts, default labels and measurement kinds follow from its descriptor,
// and the compiler asks for exactly what only a person can give: its icon
// (toolbar/icons.ts), its Cornerstone tool (rendering/cornerstone/tools.ts) and,
// for a measurement tool, how a DICOM SR names it (results/sr-write.ts).
//   node --test test/node/tools-one-place.test.mjs   (after the build: core's declarations)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bin, root } from '../../scripts/lib/run.mjs';

// Inside the elements package, so that its dependencies resolve as they do for its sources.
const probe = mkdtempSync(join(root, 'packages/elements/.tool-probe-'));
after(() => rmSync(probe, { recursive: true, force: true }));

describe('a new reading tool', () => {
  it('is written in model/tools.ts; the compiler asks for its icon, Cornerstone tool and SR name only', () => {
    cpSync(join(root, 'packages/elements/src'), join(probe, 'src'), { recursive: true });
    writeFileSync(
      join(probe, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.json',
        compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, types: [] },
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts'],
      }),
    );
    const tools = join(probe, 'src/model/tools.ts');
    const text = readFileSync(tools, 'utf8');
    const anchor = "  arrow: { shortcut: 't', label: 'Arrow annotation', points: 2 },\n";
    assert.ok(text.includes(anchor), 'the arrow tool is the last descriptor');
    writeFileSync(
      tools,
      text.replace(anchor, `${anchor}  freehand: { shortcut: 'd', label: 'Freehand ROI', points: 4 },\n`),
    );

    const result = spawnSync(bin('tsc'), ['-p', '.'], { cwd: probe, encoding: 'utf8' });
    const errors = result.stdout.split('\n').filter((line) => / error TS\d+:/.test(line));
    const files = [...new Set(errors.map((line) => line.slice(0, line.indexOf('('))))].sort();
    assert.deepEqual(
      files,
      ['src/rendering/cornerstone/tools.ts', 'src/results/sr-write.ts', 'src/toolbar/icons.ts'],
      result.stdout,
    );
    // Each asks for the new tool by name, as a missing property of its table.
    for (const line of errors) assert.match(line, /freehand/, line);
  });
});
