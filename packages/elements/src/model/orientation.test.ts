import { expect } from '@open-wc/testing';
import { directionLabel, edgeLabels } from './orientation.js';

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
});
