import { expect } from '@open-wc/testing';
import { axesFromPatientOrientation, directionLabel, edgeLabels } from './orientation.js';

describe('orientation markers', () => {
  it('labels an axial image in radiological view: patient right on screen left', () => {
    // IOP 1\0\0\0\1\0: rows run to patient left, columns to posterior; screen up is anterior.
    expect(edgeLabels([1, 0, 0], [0, -1, 0])).to.deep.equal({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
  it('labels a coronal image', () => {
    expect(edgeLabels([1, 0, 0], [0, 0, 1])).to.deep.equal({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
  });
  it('names oblique directions by their strongest components', () => {
    expect(directionLabel([0.8, -0.6, 0])).to.equal('LA');
    expect(directionLabel([0, 0, 0])).to.equal('');
  });
  it('labels a radiograph from its Patient Orientation, following the view', () => {
    // Rows toward the patient's left, columns toward the feet (a PA chest): the renderer lays it out as
    // axial, whose unrotated screen axes are right +x, up -y.
    const unrotated = axesFromPatientOrientation({ right: [1, 0, 0], up: [0, -1, 0] }, ['L', 'F'])!;
    expect(edgeLabels(unrotated.right, unrotated.up)).to.deep.equal({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
    // Turned 90 degrees clockwise: screen right is the old screen up (-y), screen up the old left (-x).
    const turned = axesFromPatientOrientation({ right: [0, -1, 0], up: [-1, 0, 0] }, ['L', 'F'])!;
    expect(edgeLabels(turned.right, turned.up)).to.deep.equal({ left: 'F', right: 'H', top: 'R', bottom: 'L' });
    // Oblique letters: rows toward anterior and feet, columns toward posterior and feet.
    const oblique = axesFromPatientOrientation({ right: [1, 0, 0], up: [0, -1, 0] }, ['AF', 'PF'])!;
    expect(edgeLabels(oblique.right, oblique.up)).to.deep.equal({ left: 'PH', right: 'AF', top: 'AH', bottom: 'PF' });
  });
  it('gives no labels for a Patient Orientation that cannot be one', () => {
    const axial = { right: [1, 0, 0], up: [0, -1, 0] } as const;
    expect(axesFromPatientOrientation(axial, ['L', 'R'])).to.equal(undefined);
    expect(axesFromPatientOrientation(axial, ['LR', 'F'])).to.equal(undefined);
    expect(axesFromPatientOrientation(axial, undefined)).to.equal(undefined);
  });
});
