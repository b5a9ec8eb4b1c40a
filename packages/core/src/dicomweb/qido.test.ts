import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { broadenedKeys, buildQuery } from './qido.js';

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
  it('sends wildcards instead of escapes for servers that do not decode', () => {
    // Orthanc 1.10: `?` never matches a non-ASCII character, `*` does (test/node/core-orthanc.test.ts).
    const quirks = { noPercentDecoding: true };
    assert.equal(buildQuery({ PatientName: 'Müller^Jürgen' }, {}, quirks), 'PatientName=M*ller^J*rgen');
    assert.equal(buildQuery({ PatientName: '山田^太郎' }, {}, quirks), 'PatientName=*^*');
    assert.equal(buildQuery({ StudyDescription: 'a&b c<d>' }, {}, quirks), 'StudyDescription=a?b?c?d?');
    assert.equal(buildQuery({ PatientName: 'Müller*' }, {}), 'PatientName=M%C3%BCller*');
  });
  it('skips empty values', () => {
    assert.equal(
      buildQuery({ PatientID: '', AccessionNumber: undefined }, { fuzzymatching: true }),
      'fuzzymatching=true',
    );
  });
});

describe('broadenedKeys', () => {
  it('names the values a server without percent-decoding cannot match as given', () => {
    const query = {
      PatientName: 'Müller^J*',
      PatientID: 'FOVEA-0001',
      StudyDescription: 'Thorax p.a.',
      ModalitiesInStudy: ['CT', 'MR'],
      StudyDate: { from: '20240101' },
      AccessionNumber: '',
    };
    assert.deepEqual(broadenedKeys(query, { noPercentDecoding: true }), ['PatientName', 'StudyDescription']);
    assert.deepEqual(broadenedKeys(query, { noPercentDecoding: false }), []);
    assert.deepEqual(broadenedKeys(query, {}), []);
    assert.deepEqual(broadenedKeys({ PatientName: 'Doe^J*', PatientID: 'A-1,B?' }, { noPercentDecoding: true }), []);
  });
});
