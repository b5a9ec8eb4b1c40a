// What derives from the tool descriptors (model/tools.ts), in Node:
//   node --import tsx --test packages/elements/src/model/tools.node.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MEASUREMENTS_FORMAT, parseMeasurements } from './measurements.js';
import { MEASUREMENT_KINDS, measurementPoints, TOOL_LABELS, TOOL_NAMES, TOOLS } from './tools.js';

describe('tool descriptors', () => {
  it('name every tool once, in the toolbar order, each with its own one-letter shortcut', () => {
    assert.deepEqual(TOOL_NAMES, Object.keys(TOOLS));
    const shortcuts = TOOL_NAMES.map((name) => TOOLS[name].shortcut);
    assert.equal(new Set(shortcuts).size, shortcuts.length, shortcuts.join(' '));
    for (const key of shortcuts) assert.match(key, /^[a-z]$/);
  });

  it('give the measurement kinds and their point counts', () => {
    assert.deepEqual(MEASUREMENT_KINDS, ['length', 'angle', 'rectangle', 'ellipse', 'probe', 'arrow']);
    assert.deepEqual(
      MEASUREMENT_KINDS.map((kind) => measurementPoints(kind)),
      [2, 3, 2, 2, 1, 2],
    );
  });

  it('give every tool its default label as message tool.<name>', () => {
    assert.deepEqual(
      Object.keys(TOOL_LABELS),
      TOOL_NAMES.map((name) => `tool.${name}`),
    );
    assert.equal(TOOL_LABELS['tool.ellipse'], 'Ellipse ROI');
  });

  it('check imported measurements against the points of their kind', () => {
    const image = { studyInstanceUid: '1', seriesInstanceUid: '2', sopInstanceUid: '3', frame: 1 };
    const angle = (points: number) => ({
      format: MEASUREMENTS_FORMAT,
      measurements: [
        { id: 'a', kind: 'angle', image, points: Array.from({ length: points }, () => ({ image: [1, 2] })) },
      ],
    });
    assert.equal(parseMeasurements(JSON.stringify(angle(3))).length, 1);
    assert.throws(() => parseMeasurements(JSON.stringify(angle(2))), /angle needs 3 image points/);
    assert.throws(
      () =>
        parseMeasurements(
          JSON.stringify({ ...angle(3), measurements: [{ ...angle(3).measurements[0]!, kind: 'pan' }] }),
        ),
      TypeError,
    );
  });
});
