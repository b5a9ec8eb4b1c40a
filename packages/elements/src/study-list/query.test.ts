// The study list's query planning and sorting, without a server.
import { expect } from '@open-wc/testing';
import { buildQuery, IidRequestError, Study } from '@fovea-dicom/core';
import { parseColumns, sortStudies, StudyFormatter } from './columns.js';
import { planQuery } from './patient-query.js';
import { dateRange, nameMatch, textMatch, withinBounds } from './query.js';

const NOW = new Date(2024, 2, 15, 10, 0); // 15 March 2024, local time
const qs = (filters: Parameters<typeof planQuery>[0], restriction?: Parameters<typeof planQuery>[1]) =>
  buildQuery({ ...planQuery(filters, restriction, NOW).query }, {});

function study(uid: string, fields: { date?: string; time?: string; name?: string; series?: number }): Study {
  return new Study({
    '0020000D': { vr: 'UI', Value: [uid] },
    ...(fields.date ? { '00080020': { vr: 'DA', Value: [fields.date] } } : {}),
    ...(fields.time ? { '00080030': { vr: 'TM', Value: [fields.time] } } : {}),
    ...(fields.name ? { '00100010': { vr: 'PN', Value: [{ Alphabetic: fields.name }] } } : {}),
    ...(fields.series !== undefined ? { '00201206': { vr: 'IS', Value: [fields.series] } } : {}),
  });
}

describe('study list queries', () => {
  it('matches typed text as a prefix unless it holds a wildcard', () => {
    expect(textMatch('  ACC-1 ')).to.equal('ACC-1*');
    expect(textMatch('AC?-1')).to.equal('AC?-1');
    expect(textMatch('   ')).to.equal(undefined);
    expect(nameMatch('Müller, Jürgen')).to.equal('Müller^Jürgen*');
  });

  it('turns presets into study date ranges', () => {
    expect(dateRange({ datePreset: 'today' }, NOW)).to.deep.equal({ from: '20240315', to: '20240315' });
    expect(dateRange({ datePreset: 'yesterday' }, NOW)).to.deep.equal({ from: '20240314', to: '20240314' });
    expect(dateRange({ datePreset: 'last-7-days' }, NOW)).to.deep.equal({ from: '20240309', to: '20240315' });
    expect(dateRange({ datePreset: 'last-30-days' }, NOW)).to.deep.equal({ from: '20240215', to: '20240315' });
    expect(dateRange({ datePreset: 'last-year' }, NOW)).to.deep.equal({ from: '20230316', to: '20240315' });
    expect(dateRange({ datePreset: 'custom', dateFrom: '2024-01-02' }, NOW)).to.deep.equal({ from: '20240102' });
    expect(dateRange({ datePreset: 'custom', dateFrom: 'garbage' }, NOW)).to.deep.equal({});
    expect(dateRange({}, NOW)).to.deep.equal({});
  });

  it('sends every filter as its QIDO matching key', () => {
    expect(
      qs({
        patientName: 'Doe, J',
        patientId: 'P1',
        datePreset: 'today',
        modality: 'ct',
        accessionNumber: 'A9',
      }),
    ).to.equal('AccessionNumber=A9*&ModalitiesInStudy=CT&PatientName=Doe^J*&PatientID=P1*&StudyDate=20240315');
    expect(qs({ datePreset: 'last-7-days' })).to.equal('StudyDate=20240309-20240315');
    expect(qs({})).to.equal('');
  });

  it('restricts to the chart’s patient, ignoring name and ID filters and intersecting dates', () => {
    const restriction = {
      patientId: 'P1^^^HOSP&1.2.3&ISO',
      patientName: 'Doe^John',
      patientBirthDate: '1970-01-02',
      lowerDateTime: '2024-03-01T08:00:00',
    };
    const plan = planQuery(
      { patientName: 'Other', patientId: 'P2', datePreset: 'custom', dateTo: '2024-03-10' },
      restriction,
      NOW,
    );
    expect(plan.query).to.deep.include({
      PatientID: 'P1',
      IssuerOfPatientID: 'HOSP',
      PatientName: 'Doe^John',
      StudyDate: { from: '20240301', to: '20240310' },
    });
    expect(plan.lower?.getTime()).to.equal(new Date(2024, 2, 1, 8).getTime());
    // Exact bounds: a study at 07:00 that day is out, one without a date stays (as IID says).
    expect(withinBounds(study('1', { date: '20240301', time: '0700' }), plan)).to.equal(false);
    expect(withinBounds(study('2', { date: '20240301', time: '0900' }), plan)).to.equal(true);
    expect(withinBounds(study('3', {}), plan)).to.equal(true);
    expect(planQuery({}, { patientId: 'P1', issuerOfPatientId: 'OTHER' }, NOW).query.IssuerOfPatientID).to.equal(
      'OTHER',
    );
  });

  it('keeps IID mostRecentResults with the patient restriction only', () => {
    expect(planQuery({}, { patientId: 'P1', mostRecentResults: 1 }, NOW).mostRecent?.n).to.equal(1);
    expect(planQuery({}, { patientId: 'P1' }, NOW).mostRecent).to.equal(undefined);
    expect(planQuery({}, { mostRecentResults: 1 }, NOW).mostRecent, 'no patient, no IID').to.equal(undefined);
    expect(() => planQuery({}, { patientId: 'P1', mostRecentResults: 0 }, NOW)).to.throw(IidRequestError);
    expect(() => planQuery({}, { patientId: 'P1', mostRecentResults: Number.NaN }, NOW)).to.throw(IidRequestError);
  });

  it('refuses a patient ID that would match other patients', () => {
    expect(() => planQuery({}, { patientId: 'P*' }, NOW)).to.throw(IidRequestError);
    expect(() => planQuery({}, { patientId: 'P1', lowerDateTime: 'yesterday' }, NOW)).to.throw(IidRequestError);
  });
});

describe('study list sorting', () => {
  const format = new StudyFormatter('en');
  const rows = [
    study('a', { date: '20240102', name: 'beta', series: 10 }),
    study('b', { name: 'Alpha', series: 2 }),
    study('c', { date: '20230101', name: 'alpha', series: 9 }),
  ];
  const uids = (list: readonly Study[]) => list.map((s) => s.studyInstanceUid).join('');

  it('sorts stably, numbers as numbers, names by the locale, empty values last', () => {
    expect(uids(sortStudies(rows, { column: 'series', direction: 'ascending' }, format))).to.equal('bca');
    expect(uids(sortStudies(rows, { column: 'series', direction: 'descending' }, format))).to.equal('acb');
    expect(uids(sortStudies(rows, { column: 'patient-name', direction: 'ascending' }, format))).to.equal('bca');
    expect(uids(sortStudies(rows, { column: 'study-date', direction: 'ascending' }, format))).to.equal('cab');
    expect(uids(sortStudies(rows, { column: 'study-date', direction: 'descending' }, format))).to.equal('acb');
    expect(sortStudies(rows, undefined, format)).to.equal(rows);
  });

  it('reads column lists from attributes, dropping unknown ids', () => {
    expect(parseColumns('patient-name, study-date  bogus series')).to.deep.equal([
      'patient-name',
      'study-date',
      'series',
    ]);
    expect(parseColumns(null)).to.deep.equal([]);
  });
});
