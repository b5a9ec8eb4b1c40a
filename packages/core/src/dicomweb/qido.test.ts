import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildQuery } from './qido.js';

describe('buildQuery', () => {
  it('keeps ^ and * literal and encodes the rest', () => {
    assert.equal(
      buildQuery({ PatientName: 'Doe^J*', StudyDescription: 'a&b c' }, {}),
      'PatientName=Doe^J*&StudyDescription=a%26b%20c',
    );
  });
  it('formats date ranges and lists', () => {
    assert.equal(
      buildQuery(
        { StudyDate: { from: '20200101' }, ModalitiesInStudy: ['CT', 'MR'] },
        { limit: 10, offset: 20, includefield: ['00081030'] },
      ),
      'StudyDate=20200101-&ModalitiesInStudy=CT,MR&includefield=00081030&limit=10&offset=20',
    );
  });
  it('sends non-ASCII as wildcards for servers that do not decode', () => {
    assert.equal(buildQuery({ PatientName: 'Müller*' }, {}, { noPercentDecoding: true }), 'PatientName=M?ller*');
    assert.equal(buildQuery({ PatientName: 'Müller*' }, {}), 'PatientName=M%C3%BCller*');
  });
  it('skips empty values', () => {
    assert.equal(
      buildQuery({ PatientID: '', AccessionNumber: undefined }, { fuzzymatching: true }),
      'fuzzymatching=true',
    );
  });
});
