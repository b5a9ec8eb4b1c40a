// A server's DICOM JSON read defensively: wrong shapes read as absent, undecodable
// binary data is a DicomParseError, nothing throws anything else (found by the
// fuzzer, test/fuzz).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DicomParseError } from '../errors.js';
import { getBinary, getItems, getNumbers, getString, getStrings, type DicomJsonDataset } from './json.js';
import { parsePersonName } from './values.js';
import { Instance, Study } from './views.js';

const odd = JSON.parse(
  JSON.stringify({
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 42, Ideographic: { nested: 1 } }] },
    '00100020': { vr: 'LO', Value: 'not an array' },
    '00080090': null,
    '00283010': { vr: 'SQ', Value: [null, [1], 'x', { '00283003': { vr: 'LO', Value: ['ok'] } }] },
    '00281050': { vr: 'DS', Value: { 0: 1 } },
    '00281201': { vr: 'OW', InlineBinary: '!!!not base64!!!' },
    '00281202': { vr: 'OW', InlineBinary: 42 },
    '00281203': { vr: 'OW', BulkDataURI: ['x'] },
  }),
) as DicomJsonDataset;

describe('DICOM JSON of the wrong shape', () => {
  it('reads values that are not arrays, and attributes that are null, as absent', () => {
    assert.equal(getString(odd, '00100020'), undefined);
    assert.deepEqual(getStrings(odd, '00080090'), []);
    assert.deepEqual(getNumbers(odd, '00281050'), []);
  });

  it('takes only objects as sequence items', () => {
    assert.deepEqual(
      getItems(odd, '00283010').map((item) => getString(item, '00283003')),
      ['ok'],
    );
  });

  it('reads person names whose groups are not strings as absent', () => {
    assert.equal(parsePersonName({ Alphabetic: 42 } as never), undefined);
    assert.equal(parsePersonName(42 as never), undefined);
    const study = new Study(odd);
    assert.equal(study.patientName, undefined);
    assert.equal(study.referringPhysicianName, undefined);
    assert.equal(new Instance(odd).patientId, undefined);
  });

  it('throws DicomParseError for binary data that is not base64 or not a string', () => {
    for (const tag of ['00281201', '00281202', '00281203'])
      assert.throws(
        () => getBinary(odd, tag),
        (e: unknown) => e instanceof DicomParseError && e.tag === tag,
        tag,
      );
  });
});
