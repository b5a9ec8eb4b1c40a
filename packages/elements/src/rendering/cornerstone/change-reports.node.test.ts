import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeReports } from './change-reports.js';

const view = { rotation: 0, flipHorizontal: false, flipVertical: false, zoom: 1, pan: [0, 0] as const };

test('a window is reported once until it changes, again for a new stack', () => {
  const reports = new ChangeReports();
  assert.equal(reports.voiChanged({ center: 40, width: 400 }, undefined), true);
  assert.equal(reports.voiChanged({ center: 40, width: 400 }, undefined), false);
  assert.equal(reports.voiChanged({ center: 40, width: 400 }, 0), true, 'the same range as a VOI LUT is a change');
  assert.equal(reports.voiChanged({ center: 50, width: 400 }, undefined), true);
  reports.newStack();
  assert.equal(reports.voiChanged({ center: 50, width: 400 }, undefined), true);
});

test('a view is reported once until it changes, again for a new stack', () => {
  const reports = new ChangeReports();
  assert.equal(reports.viewChanged(view), true);
  assert.equal(reports.viewChanged({ ...view, pan: [0, 0] }), false);
  assert.equal(reports.viewChanged({ ...view, pan: [0, 1] }), true);
  assert.equal(reports.viewChanged({ ...view, pan: [0, 1], zoom: 2 }), true);
  reports.newStack();
  assert.equal(reports.viewChanged({ ...view, pan: [0, 1], zoom: 2 }), true);
});
