import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildQuery } from './dicomweb/qido.js';
import {
  IID_PATIENT_PARAMS,
  IidRequestError,
  decodeHl7Escapes,
  iidToQueries,
  parseIidRequest,
  selectIidStudies,
  selectMostRecent,
  stripIidParams,
  type IidPatientRequest,
  type IidRequest,
} from './iid.js';
import { formatDicomDate } from './model/values.js';
import { Study } from './model/views.js';

const viewer = 'https://viewer.example.org/IHEInvokeImageDisplay';

function patient(query: string): IidPatientRequest {
  const request = parseIidRequest(query);
  assert.equal(request.requestType, 'PATIENT');
  return request as IidPatientRequest;
}

/** Asserts an IidRequestError for `parameter` whose message leaks none of `secrets`. */
function rejects(query: string, parameter: string, secrets: string[] = [], code = 'parse'): void {
  assert.throws(
    () => parseIidRequest(query),
    (e: unknown) => {
      assert.ok(e instanceof IidRequestError, String(e));
      assert.equal(e.parameter, parameter);
      assert.equal(e.code, code);
      assert.match(e.message, new RegExp(`\\b${parameter}\\b`));
      for (const secret of secrets) assert.ok(!e.message.includes(secret), `message leaks ${secret}`);
      return true;
    },
  );
}

function study(uid: string, date?: string, time?: string): Study {
  return new Study({
    '0020000D': { vr: 'UI', Value: [uid] },
    ...(date ? { '00080020': { vr: 'DA', Value: [date] } } : {}),
    ...(time ? { '00080030': { vr: 'TM', Value: [time] } } : {}),
  });
}

describe('parseIidRequest: examples in the style of RAD-106', () => {
  it('reads a patient request with an assigning authority (CX, & percent-encoded)', () => {
    const r = patient(
      `${viewer}?requestType=PATIENT&patientID=99998410^^^%26www.acmehosp.org%26DNS&mostRecentResults=1`,
    );
    assert.deepEqual(r.patientId, {
      id: '99998410',
      assigningAuthority: { universalId: 'www.acmehosp.org', universalIdType: 'DNS' },
    });
    assert.equal(r.mostRecentResults, 1);
  });

  it('reads every patient-based and common parameter', () => {
    const r = patient(
      '?requestType=PATIENT&patientID=IHERED-994%5E%5E%5EIHERED%261.3.6.1.4.1.21367.2005.3.7%26ISO' +
        '&patientName=Doe%5EJane%5EQ%5EJr%5EDr&patientBirthDate=19700102' +
        '&lowerDateTime=2010-01-01T08:00:00&upperDateTime=2010-12-31T18:30:00' +
        '&modalitiesInStudy=MR,xa&viewerType=IHE_BIR&diagnosticQuality=true&keyImagesOnly=false&someVendorFlag=1',
    );
    assert.deepEqual(r.patientId.assigningAuthority, {
      namespaceId: 'IHERED',
      universalId: '1.3.6.1.4.1.21367.2005.3.7',
      universalIdType: 'ISO',
    });
    assert.equal(r.patientName, 'Doe^Jane^Q^Dr^Jr', 'XPN suffix / prefix in DICOM PN order');
    assert.deepEqual(r.patientBirthDate, { year: 1970, month: 1, day: 2 });
    assert.deepEqual(r.lowerDateTime, new Date(2010, 0, 1, 8, 0, 0));
    assert.deepEqual(r.upperDateTime, new Date(2010, 11, 31, 18, 30, 0));
    assert.deepEqual(r.modalitiesInStudy, ['MR', 'XA']);
    assert.equal(r.viewerType, 'IHE_BIR');
    assert.equal(r.diagnosticQuality, true);
    assert.equal(r.keyImagesOnly, false);
  });

  it('reads a study request with lists of UIDs and accession numbers', () => {
    const r = parseIidRequest(
      `${viewer}?requestType=STUDY&studyUID=1.2.840.113619.2.55.3.2831164355.1,1.2.840.113619.2.55.3.2831164355.2` +
        '&accessionNumber=A1234,A1235&viewerType=IHE_BIR',
    );
    assert.deepEqual(r, {
      requestType: 'STUDY',
      studyUids: ['1.2.840.113619.2.55.3.2831164355.1', '1.2.840.113619.2.55.3.2831164355.2'],
      accessionNumbers: ['A1234', 'A1235'],
      viewerType: 'IHE_BIR',
    });
  });

  // Launch URLs from weasis-pacs-connector's README (nroduit/weasis-pacs-connector).
  it('reads the launch URLs a shipping IID display documents', () => {
    const base = 'http://localhost:8080/weasis-pacs-connector/IHEInvokeImageDisplay?requestType=';
    assert.equal(patient(`${base}PATIENT&patientID=97026728&mostRecentResults=1`).patientId.id, '97026728');
    assert.deepEqual(
      patient(`${base}PATIENT&patientID=97026728&lowerDateTime=2010-01-01T12:00:00Z`).lowerDateTime,
      new Date(Date.UTC(2010, 0, 1, 12)),
    );
    assert.deepEqual(patient(`${base}PATIENT&patientID=97026728&modalitiesInStudy=MR,XA`).modalitiesInStudy, [
      'MR',
      'XA',
    ]);
    assert.deepEqual(parseIidRequest(`${base}STUDY&accessionNumber=1657271`), {
      requestType: 'STUDY',
      studyUids: [],
      accessionNumbers: ['1657271'],
    });
  });
});

describe('parseIidRequest: what invokers get wrong', () => {
  it('puts back an unencoded & inside patientID (string input)', () => {
    const r = patient('requestType=PATIENT&patientID=123^^^&1.2.3.4&ISO&mostRecentResults=2');
    assert.deepEqual(r.patientId, {
      id: '123',
      assigningAuthority: { universalId: '1.2.3.4', universalIdType: 'ISO' },
    });
    assert.equal(r.mostRecentResults, 2);
    // Only inside the assigning authority: a bare flag after a plain identifier is another parameter.
    assert.equal(patient('requestType=PATIENT&patientID=123&debug').patientId.id, '123');
    assert.deepEqual(patient('requestType=PATIENT&patientID=1^^^&1.2&ISO&extra').patientId.assigningAuthority, {
      universalId: '1.2',
      universalIdType: 'ISO',
    });
  });

  it('decodes HL7 escapes after splitting components', () => {
    assert.equal(decodeHl7Escapes('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X0D\\'), 'a|b^c&d~e\\f\\X0D\\');
    const r = patient('requestType=PATIENT&patientID=' + encodeURIComponent('A\\S\\1^^^HOSP\\T\\EAST&1.2.3&ISO'));
    assert.deepEqual(r.patientId, {
      id: 'A^1',
      assigningAuthority: { namespaceId: 'HOSP&EAST', universalId: '1.2.3', universalIdType: 'ISO' },
    });
  });

  it('takes an unencoded + in a zone that form decoding turned into a space', () => {
    const r = patient('requestType=PATIENT&patientID=1&lowerDateTime=2010-01-01T12:00:00+02:00');
    assert.deepEqual(r.lowerDateTime, new Date(Date.UTC(2010, 0, 1, 10)));
    const west = patient('requestType=PATIENT&patientID=1&lowerDateTime=2010-01-01T12:00-0530');
    assert.deepEqual(west.lowerDateTime, new Date(Date.UTC(2010, 0, 1, 17, 30)));
  });

  it('treats a date alone as the whole day', () => {
    const r = patient('requestType=PATIENT&patientID=1&lowerDateTime=2010-01-01&upperDateTime=2010-01-31');
    assert.deepEqual(r.lowerDateTime, new Date(2010, 0, 1, 0, 0, 0, 0));
    assert.deepEqual(r.upperDateTime, new Date(2010, 0, 31, 23, 59, 59, 999));
  });

  it('accepts URLSearchParams, repeated list parameters, empty optional values and stray commas', () => {
    const params = new URLSearchParams('requestType=STUDY&studyUID=1.2.3,&studyUID=1.2.4&studyUID=1.2.3&viewerType=');
    assert.deepEqual(parseIidRequest(params), {
      requestType: 'STUDY',
      studyUids: ['1.2.3', '1.2.4'],
      accessionNumbers: [],
    });
    const r = patient('requestType=PATIENT&patientID=5&patientName=&patientBirthDate=1970-01-02&mostRecentResults=');
    assert.equal(r.patientName, undefined);
    assert.equal(r.mostRecentResults, undefined);
    assert.deepEqual(r.patientBirthDate, { year: 1970, month: 1, day: 2 });
  });

  it('treats parameter names as case-sensitive and ignores the other request type parameters', () => {
    rejects('requesttype=PATIENT&patientID=1', 'requestType');
    rejects('requestType=PATIENT&PatientID=SECRET1', 'patientID', ['SECRET1']);
    const r = parseIidRequest('requestType=STUDY&studyUID=1.2&patientID=SECRET');
    assert.deepEqual(r, { requestType: 'STUDY', studyUids: ['1.2'], accessionNumbers: [] });
  });
});

describe('parseIidRequest: errors name the parameter, never the value', () => {
  it('requires requestType and knows only PATIENT and STUDY', () => {
    rejects('patientID=SECRET', 'requestType', ['SECRET']);
    rejects('requestType=SERIES&studyUID=1.2', 'requestType', ['SERIES'], 'unsupported');
    rejects('requestType=patient&patientID=1', 'requestType', [], 'unsupported');
    rejects('requestType=PATIENT&requestType=STUDY&patientID=1', 'requestType');
  });

  it('requires a usable patientID for PATIENT', () => {
    rejects('requestType=PATIENT', 'patientID');
    rejects('requestType=PATIENT&patientID=%5E%5E%5E%26SECRET.OID%26ISO', 'patientID', ['SECRET']);
    for (const id of ['SEC*RET', 'SEC?RET', 'SEC\\E\\RET', 'SECRET1~SECRET2', 'SECRET'.repeat(11)])
      rejects(`requestType=PATIENT&patientID=${encodeURIComponent(id)}`, 'patientID', ['SEC']);
    rejects('requestType=PATIENT&patientID=1&patientID=2', 'patientID');
  });

  it('requires studyUID or accessionNumber for STUDY, with well-formed UIDs', () => {
    rejects('requestType=STUDY', 'studyUID');
    for (const uid of ['1.2.SECRET', '1..2', '.1.2', '1.2.', `1.${'2'.repeat(63)}`])
      rejects(`requestType=STUDY&studyUID=1.2.3,${uid}`, 'studyUID', ['SECRET', '1..2', '2'.repeat(63)]);
    rejects('requestType=STUDY&accessionNumber=ACC*', 'accessionNumber', ['ACC']);
  });

  it('rejects malformed dates, counts and booleans', () => {
    const p = 'requestType=PATIENT&patientID=SECRETID';
    for (const v of [
      '2010-13-01T00:00:00',
      '2010-02-30T00:00:00',
      '2010-01-01T24:00:00',
      '20100101',
      '2010-01-01T12',
      '2010-01-01Z',
    ])
      rejects(`${p}&lowerDateTime=${encodeURIComponent(v)}`, 'lowerDateTime', ['SECRETID', v]);
    rejects(`${p}&lowerDateTime=2011-01-01T00:00:00&upperDateTime=2010-01-01T00:00:00`, 'upperDateTime', [
      '2010',
      '2011',
    ]);
    rejects(`${p}&patientBirthDate=19700230`, 'patientBirthDate', ['1970']);
    for (const v of ['0', '-1', '1.5', 'ten'])
      rejects(`${p}&mostRecentResults=${v}`, 'mostRecentResults', ['SECRETID']);
    rejects(`${p}&modalitiesInStudy=CT,M%26R`, 'modalitiesInStudy');
    rejects(`${p}&diagnosticQuality=yes`, 'diagnosticQuality', ['yes']);
    rejects(`${p}&keyImagesOnly=TRUE`, 'keyImagesOnly');
  });
});

describe('iidToQueries', () => {
  it('maps a patient request to one study query', () => {
    const r = patient(
      'requestType=PATIENT&patientID=123%5E%5E%5EHOSP%261.2.3%26ISO&patientName=Doe%5EJane&patientBirthDate=19700102' +
        '&lowerDateTime=2010-01-01T08:00:00&upperDateTime=2010-12-31T18:00:00&modalitiesInStudy=MR,XA',
    );
    const queries = iidToQueries(r);
    assert.equal(queries.length, 1);
    assert.equal(
      buildQuery({ ...queries[0] }, {}),
      'PatientID=123&IssuerOfPatientID=HOSP&PatientName=Doe^Jane&PatientBirthDate=19700102' +
        '&StudyDate=20100101-20101231&ModalitiesInStudy=MR,XA',
    );
  });

  it('uses the universal ID as issuer when there is no namespace, and leaves out what the options drop', () => {
    const r = patient(
      'requestType=PATIENT&patientID=9%5E%5E%5E%261.2.3%26ISO&patientName=Doe&upperDateTime=2010-06-01',
    );
    assert.deepEqual(iidToQueries(r), [
      { PatientID: '9', IssuerOfPatientID: '1.2.3', PatientName: 'Doe', StudyDate: { to: r.upperDateTime } },
    ]);
    assert.equal(
      buildQuery({ ...iidToQueries(r)[0] }, {}),
      'PatientID=9&IssuerOfPatientID=1.2.3&PatientName=Doe&StudyDate=-20100601',
    );
    assert.deepEqual(iidToQueries(r, { issuerOfPatientId: false, demographics: false }), [
      { PatientID: '9', StudyDate: { to: r.upperDateTime } },
    ]);
  });

  it('forms the day range from zoned bounds in local time', () => {
    const r = patient('requestType=PATIENT&patientID=1&lowerDateTime=2010-01-01T12:00:00Z');
    const expected = `StudyDate=${formatDicomDate(new Date(Date.UTC(2010, 0, 1, 12)))}-`;
    assert.equal(buildQuery({ ...iidToQueries(r)[0] }, {}), `PatientID=1&${expected}`);
  });

  it('splits modalities into one query each without multi-value matching', () => {
    const r = patient('requestType=PATIENT&patientID=1&modalitiesInStudy=CT,MR');
    assert.deepEqual(iidToQueries(r, { multiValueMatching: false }), [
      { PatientID: '1', ModalitiesInStudy: 'CT' },
      { PatientID: '1', ModalitiesInStudy: 'MR' },
    ]);
  });

  it('maps a study request to one UID-list query and one query per accession number', () => {
    const r = parseIidRequest('requestType=STUDY&studyUID=1.2.3,1.2.4&accessionNumber=A1,A2');
    assert.deepEqual(iidToQueries(r), [
      { StudyInstanceUID: ['1.2.3', '1.2.4'] },
      { AccessionNumber: 'A1' },
      { AccessionNumber: 'A2' },
    ]);
    assert.equal(buildQuery({ ...iidToQueries(r)[0] }, {}), 'StudyInstanceUID=1.2.3,1.2.4');
    assert.deepEqual(iidToQueries(r, { multiValueMatching: false }).slice(0, 2), [
      { StudyInstanceUID: '1.2.3' },
      { StudyInstanceUID: '1.2.4' },
    ]);
  });
});

describe('selecting studies', () => {
  const studies = [
    study('1.1', '20200101', '080000'),
    study('1.2', '20220101'),
    study('1.3'),
    study('1.4', '20220101', '120000'),
    study('1.2', '20220101'),
  ];

  it('sorts newest first, drops repeats, puts undated studies last and keeps n', () => {
    assert.deepEqual(
      selectMostRecent(studies).map((s) => s.studyInstanceUid),
      ['1.4', '1.2', '1.1', '1.3'],
    );
    assert.deepEqual(
      selectMostRecent(studies, 2).map((s) => s.studyInstanceUid),
      ['1.4', '1.2'],
    );
  });

  it('applies exact date-time bounds and mostRecentResults', () => {
    const request: IidRequest = patient(
      'requestType=PATIENT&patientID=1&lowerDateTime=2020-01-01T09:00:00&upperDateTime=2022-01-01T11:00:00',
    );
    assert.deepEqual(
      selectIidStudies(studies, request).map((s) => s.studyInstanceUid),
      ['1.2', '1.3'],
    );
    const recent = patient('requestType=PATIENT&patientID=1&mostRecentResults=1');
    assert.deepEqual(
      selectIidStudies(studies, recent).map((s) => s.studyInstanceUid),
      ['1.4'],
    );
  });
});

describe('stripIidParams', () => {
  it('removes the identifying parameters and keeps the rest', () => {
    assert.equal(
      stripIidParams('https://v.example/iid?requestType=PATIENT&patientID=1%5E%5E%5EX&mostRecentResults=1&theme=dark'),
      'https://v.example/iid?requestType=PATIENT&mostRecentResults=1&theme=dark',
    );
    assert.ok(IID_PATIENT_PARAMS.includes('accessionNumber') && IID_PATIENT_PARAMS.includes('studyUID'));
  });
});
