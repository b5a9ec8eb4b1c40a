import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPersonName, parseDate, parseDateTime, parsePersonName, parseTime } from './values.js';

describe('person names (PS3.5 6.2.1 examples)', () => {
  it('parses the Japanese example into its three groups', () => {
    const name = parsePersonName('Yamada^Tarou=山田^太郎=やまだ^たろう');
    assert.equal(name?.alphabetic?.family, 'Yamada');
    assert.equal(name?.ideographic?.given, '太郎');
    assert.equal(name?.phonetic?.family, 'やまだ');
  });
  it('parses the DICOM JSON object form', () => {
    const name = parsePersonName({ Alphabetic: 'Adams^John Robert Quincy^^Rev.^B.A. M.Div.' });
    assert.deepEqual(name?.alphabetic, {
      family: 'Adams',
      given: 'John Robert Quincy',
      middle: '',
      prefix: 'Rev.',
      suffix: 'B.A. M.Div.',
    });
    assert.equal(formatPersonName(name), 'Adams, Rev. John Robert Quincy B.A. M.Div.');
  });
  it('falls back to the ideographic group when there is no alphabetic one', () => {
    assert.equal(formatPersonName(parsePersonName({ Ideographic: '山田^太郎' })), '山田, 太郎');
  });
  it('treats a group of separators only as absent (Orthanc QIDO in ISO_IR 100)', () => {
    const name = parsePersonName({ Alphabetic: 'Yamada^Tarou', Ideographic: '^', Phonetic: '^' });
    assert.equal(name?.alphabetic?.family, 'Yamada');
    assert.equal(name?.ideographic, undefined);
    assert.equal(name?.phonetic, undefined);
    assert.equal(formatPersonName(name, 'ideographic'), 'Yamada, Tarou');
    assert.equal(parsePersonName('^^'), undefined);
  });
  it('returns undefined for empty values', () => {
    assert.equal(parsePersonName(''), undefined);
    assert.equal(parsePersonName(undefined), undefined);
  });
});

describe('dates and times', () => {
  it('parses DA, including the old dotted form', () => {
    assert.deepEqual(parseDate('19930822'), { year: 1993, month: 8, day: 22 });
    assert.deepEqual(parseDate('1993.08.22'), { year: 1993, month: 8, day: 22 });
    assert.equal(parseDate('19931322'), undefined);
    assert.equal(parseDate('garbage'), undefined);
  });
  it('parses TM with omitted components and fractions', () => {
    assert.deepEqual(parseTime('070907.0705'), { hours: 7, minutes: 9, seconds: 7, fraction: 0.0705 });
    assert.deepEqual(parseTime('1010'), { hours: 10, minutes: 10, seconds: 0, fraction: 0 });
    assert.deepEqual(parseTime('10:10:10'), { hours: 10, minutes: 10, seconds: 10, fraction: 0 });
    assert.equal(parseTime('25'), undefined);
  });
  it('parses DT with an offset', () => {
    assert.equal(parseDateTime('20200101120000+0100')?.toISOString(), '2020-01-01T11:00:00.000Z');
    assert.equal(parseDateTime('2020')?.getFullYear(), 2020);
  });
});
