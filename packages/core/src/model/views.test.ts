// The model over DICOM JSON, with the example of PS3.18 F.2.1.1.2 (a QIDO-RS
// study response) and a CT stack given out of order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getBinary, getNumbers, type DicomJsonDataset } from './json.js';
import { isCrossSectional, sortInstancesForStack, stackFrames } from './stack.js';
import { formatPersonName } from './values.js';
import { Instance, Study } from './views.js';

/** From PS3.18 F.2.1.1.2 "DICOM JSON Model Example" (abridged to the attributes read here). */
const standardExample: DicomJsonDataset = {
  '0020000D': { vr: 'UI', Value: ['1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873'] },
  '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
  '00080020': { vr: 'DA', Value: ['20130409'] },
  '00080030': { vr: 'TM', Value: ['131600.0000'] },
  '00080050': { vr: 'SH', Value: ['11235813'] },
  '00080056': { vr: 'CS', Value: ['ONLINE'] },
  '00080061': { vr: 'CS', Value: ['CT', 'PET'] },
  '00080090': { vr: 'PN', Value: [{ Alphabetic: 'Wang^XiaoDong=王^小東=' }] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小東' }] },
  '00100020': { vr: 'LO', Value: ['12345'] },
  '00100030': { vr: 'DA', Value: ['19670701'] },
  '00100040': { vr: 'CS', Value: ['M'] },
  '00201206': { vr: 'IS', Value: [4] },
  '00201208': { vr: 'IS', Value: [942] },
};

describe('Study view over the PS3.18 example', () => {
  const study = new Study(standardExample);
  it('reads identifiers, dates and counts', () => {
    assert.equal(study.studyInstanceUid, '1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873');
    assert.deepEqual(study.studyDate, { year: 2013, month: 4, day: 9 });
    assert.deepEqual(study.studyTime, { hours: 13, minutes: 16, seconds: 0, fraction: 0 });
    assert.equal(study.accessionNumber, '11235813');
    assert.deepEqual(study.modalitiesInStudy, ['CT', 'PET']);
    assert.equal(study.numberOfSeries, 4);
    assert.equal(study.numberOfInstances, 942);
    assert.deepEqual(study.patientBirthDate, { year: 1967, month: 7, day: 1 });
  });
  it('parses person names with their ideographic group', () => {
    assert.equal(study.patientName?.ideographic?.family, '王');
    assert.equal(formatPersonName(study.patientName), 'Wang, XiaoDong');
    assert.equal(formatPersonName(study.patientName, 'ideographic'), '王, 小東');
    // A PN in its string form inside the JSON object: the groups still split.
    assert.equal(study.referringPhysicianName?.alphabetic?.family, 'Wang');
  });
});

describe('values', () => {
  it('accepts IS / DS as strings from lenient servers', () => {
    const d: DicomJsonDataset = { '00280030': { vr: 'DS', Value: ['0.625', ' 0.625 '] } };
    assert.deepEqual(getNumbers(d, '00280030'), [0.625, 0.625]);
  });
  it('reads InlineBinary and BulkDataURI', () => {
    const d: DicomJsonDataset = {
      '00281201': { vr: 'OW', InlineBinary: 'AAEC/w==' },
      '7FE00010': { vr: 'OW', BulkDataURI: 'https://pacs/bulk/1' },
    };
    assert.deepEqual(getBinary(d, '00281201'), { kind: 'inline', bytes: new Uint8Array([0, 1, 2, 255]) });
    assert.deepEqual(getBinary(d, '7FE00010'), { kind: 'bulkdata', uri: 'https://pacs/bulk/1' });
    assert.deepEqual(getBinary(d, '00000000'), { kind: 'none' });
  });
  it('describes the VOI LUTs by their descriptors', () => {
    const lut = (descriptor: DicomJsonDataset[string], explanation?: string): DicomJsonDataset => ({
      '00283002': descriptor,
      ...(explanation ? { '00283003': { vr: 'LO', Value: [explanation] } } : {}),
      '00283006': { vr: 'OW', BulkDataURI: 'https://pacs/bulk/lut' },
    });
    const signed = new Instance({
      '00280103': { vr: 'US', Value: [1] },
      '00283010': {
        vr: 'SQ',
        Value: [
          lut({ vr: 'SS', Value: [4096, -2048, 12] }, 'SOFT'),
          lut({ vr: 'US', Value: [0, 0xf800, 16] }),
          lut({ vr: 'US', Value: [256] }),
        ],
      },
    });
    assert.deepEqual(signed.voiLuts, [
      { index: 0, explanation: 'SOFT', entries: 4096, firstMapped: -2048, bits: 12 },
      { index: 1, explanation: undefined, entries: 65536, firstMapped: -2048, bits: 16 },
    ]);
    const unsigned = new Instance({
      '00280103': { vr: 'US', Value: [0] },
      '00283010': { vr: 'SQ', Value: [lut({ vr: 'US', Value: [4096, 0xf800, 8] })] },
    });
    assert.equal(unsigned.voiLuts[0]?.firstMapped, 0xf800);
  });
});

function ctSlice(z: number, instanceNumber: number, sop: string): Instance {
  return new Instance({
    '00080018': { vr: 'UI', Value: [sop] },
    '00080060': { vr: 'CS', Value: ['CT'] },
    '00200013': { vr: 'IS', Value: [instanceNumber] },
    '00200032': { vr: 'DS', Value: [-100, -100, z] },
    '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
    '00280010': { vr: 'US', Value: [512] },
    '00280011': { vr: 'US', Value: [512] },
  });
}

describe('stack ordering', () => {
  it('orders by position along the slice normal, not by instance number', () => {
    const slices = [ctSlice(10, 1, '1.1'), ctSlice(-10, 3, '1.3'), ctSlice(0, 2, '1.2')];
    assert.deepEqual(
      sortInstancesForStack(slices).map((i) => i.sopInstanceUid),
      ['1.3', '1.2', '1.1'],
    );
    assert.equal(isCrossSectional(slices), true);
  });
  it('falls back to InstanceNumber when geometry is missing or mixed', () => {
    const a = new Instance({ '00200013': { vr: 'IS', Value: [2] }, '00080018': { vr: 'UI', Value: ['2'] } });
    const b = new Instance({ '00200013': { vr: 'IS', Value: [1] }, '00080018': { vr: 'UI', Value: ['1'] } });
    assert.deepEqual(
      sortInstancesForStack([a, b]).map((i) => i.sopInstanceUid),
      ['1', '2'],
    );
  });
  it('expands multi-frame instances into frames and skips objects without pixels', () => {
    const cine = new Instance({
      '00280008': { vr: 'IS', Value: [3] },
      '00280010': { vr: 'US', Value: [480] },
      '00280011': { vr: 'US', Value: [640] },
      '00181063': { vr: 'DS', Value: [33.3] },
    });
    const sr = new Instance({ '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.11'] } });
    assert.equal(cine.isMultiframe, true);
    assert.equal(cine.frameTimeMs, 33.3);
    assert.equal(sr.hasPixelData, false);
    assert.deepEqual(
      stackFrames([sr, cine]).map((f) => f.frame),
      [1, 2, 3],
    );
  });
});

describe('Patient Orientation', () => {
  const po = (...values: string[]) => new Instance({ '00200020': { vr: 'CS', Value: values } }).patientOrientation;
  it('reads the directions of the rows and the columns as letters', () => {
    assert.deepEqual(po('L', 'F'), ['L', 'F']);
    assert.deepEqual(po('a ', 'fr'), ['A', 'FR']);
  });
  it('is undefined unless it is two directions of the letters L R A P H F', () => {
    assert.equal(new Instance({}).patientOrientation, undefined);
    assert.equal(po('L'), undefined);
    assert.equal(po('L', 'F', 'A'), undefined);
    assert.equal(po('L', 'X'), undefined);
    assert.equal(po('L', ''), undefined);
  });
});
