// Studies whose strings attack what shows them: script-injection payloads,
// NUL and control bytes, invalid UTF-8, ISO 2022 escapes (terminated or not),
// an unknown character set, bidi overrides; stored as bytes no strict writer
// would write. Two more sets exist only as a server's answers (the fault
// proxy rewrites a stored study): 10,000-character values Orthanc refuses to
// store, and JSON shapes where strings belong (numbers, objects, nulls,
// `__proto__` keys).
import type { DatasetEntry } from '@fovea-dicom/demo/sample/dicom-writer.js';
import { literal, type FaultRule } from './faults.js';
import { bytes, replaceValues, writeNative } from './p10.js';

/** What an injected script sets; must stay undefined. */
export const CANARY = '__foveaXss';
const SET = (n: number) => `window.${CANARY}=${n}`;

const TAG = {
  charset: 0x00080005,
  accession: 0x00080050,
  institution: 0x00080080,
  referring: 0x00080090,
  studyDescription: 0x00081030,
  seriesDescription: 0x0008103e,
  patientName: 0x00100010,
  patientId: 0x00100020,
} as const;

type Field = keyof typeof TAG;

export interface HostileStudy {
  key: string;
  studyUid: string;
  seriesUid: string;
  /** Raw values as Latin-1 code units (UTF-8 already encoded where the set is UTF-8). */
  raw: Partial<Record<Field, string>>;
  /** A part of the patient name as it must appear in text (decoded). */
  nameShown?: string;
  /** A part of the series description as it must appear in text. */
  seriesShown?: string;
  /** The identifiers (decoded where known) that must never reach a message. */
  identifiers: string[];
  /** Fault-proxy rules that make the set (answers rewritten), when it is not in the file. */
  rules: FaultRule[];
  file: Uint8Array;
}

const ROOT = '2.25.73130000000000000000000000000000';
const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));

function study(
  n: number,
  key: string,
  raw: HostileStudy['raw'],
  shown: { name?: string; series?: string; identifiers: string[] },
  rules: (studyUid: string, seriesUid: string) => FaultRule[] = () => [],
): HostileStudy {
  const studyUid = `${ROOT}${n}`;
  const seriesUid = `${studyUid}.1`;
  const entries: DatasetEntry[] = [
    [TAG.charset, 'CS', 'ISO_IR 192'],
    [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'],
    [0x00080018, 'UI', `${seriesUid}.1`],
    [0x00080020, 'DA', '20240229'],
    [TAG.accession, 'SH', 'P'],
    [0x00080060, 'CS', 'OT'],
    [TAG.institution, 'LO', 'P'],
    [TAG.referring, 'PN', 'P'],
    [TAG.studyDescription, 'LO', 'P'],
    [TAG.seriesDescription, 'LO', 'P'],
    [TAG.patientName, 'PN', 'P'],
    [TAG.patientId, 'LO', 'P'],
    [0x0020000d, 'UI', studyUid],
    [0x0020000e, 'UI', seriesUid],
    [0x00200011, 'IS', 1],
    [0x00200013, 'IS', 1],
    [0x00280002, 'US', 1],
    [0x00280004, 'CS', 'MONOCHROME2'],
    [0x00280010, 'US', 32],
    [0x00280011, 'US', 32],
    [0x00280100, 'US', 16],
    [0x00280101, 'US', 12],
    [0x00280102, 'US', 11],
    [0x00280103, 'US', 0],
    [0x7fe00010, 'OW', Uint16Array.from({ length: 32 * 32 }, (_, i) => (i * 61) % 4096)],
  ];
  const values = new Map<number, Uint8Array>();
  const all: Record<Field, string> = {
    charset: 'ISO_IR 192',
    accession: `ACC-${n}`,
    institution: 'Fovea Test',
    referring: 'Referrer^Test',
    studyDescription: `Hostile ${key}`,
    seriesDescription: `Hostile ${key}`,
    patientName: `Hostile^${key}`,
    patientId: `HOSTILE-${n}`,
    ...raw,
  };
  for (const [field, value] of Object.entries(all) as [Field, string][]) values.set(TAG[field], bytes(value));
  const file = replaceValues(writeNative(entries), values);
  return {
    key,
    studyUid,
    seriesUid,
    raw,
    ...(shown.name ? { nameShown: shown.name } : {}),
    ...(shown.series ? { seriesShown: shown.series } : {}),
    identifiers: [studyUid, seriesUid, `${seriesUid}.1`, ...shown.identifiers],
    rules: rules(studyUid, seriesUid),
    file,
  };
}

/** Rules that rewrite every answer about `studyUid` (QIDO lists included) with `jsonSet` / text `replace`. */
function answersAbout(
  studyUid: string,
  jsonSet: NonNullable<FaultRule['rewrite']>['jsonSet'],
  replace: [string, string, string][] = [],
): FaultRule[] {
  const where = { '0020000D': studyUid };
  return [
    {
      // Study and series lists (which hold every study) and this study's metadata and instance lists.
      path: `^/(studies|series)(\\?|$)|${literal(studyUid)}`,
      method: 'GET',
      accept: 'json',
      rewrite: { jsonSet: (jsonSet ?? []).map((op) => ({ ...op, where })), replace },
    },
  ];
}

export function hostileStudies(): HostileStudy[] {
  const long = (c: string) => c.repeat(10_000);
  return [
    study(
      1,
      'script',
      {
        patientName: utf8(`<img src=x onerror="${SET(1)}">^<script>${SET(2)}</script>`),
        patientId: utf8(`"><svg onload="${SET(3)}">`),
        studyDescription: utf8(`<iframe srcdoc="<script>parent.${CANARY}=4</script>"></iframe>`),
        seriesDescription: utf8(`\${${SET(5)}}{{constructor.constructor('${SET(6)}')()}}`),
        accession: '<b>A</b>&lt;x>',
        referring: utf8(`<a href="javascript:${SET(7)}">x</a>`),
        institution: `javascript:${SET(8)}`,
      },
      {
        // '=' separates the groups of a person name: the alphabetic group is what shows.
        name: '<img src',
        series: `\${${SET(5)}}`,
        identifiers: ['<img src=x onerror', '"><svg onload', '<iframe srcdoc'],
      },
    ),
    study(
      2,
      'nul-control',
      {
        charset: '',
        patientName: 'Nul\0Name^Con\x07trol\x1b[31mRed',
        patientId: 'NULID\0<b>x</b>',
        studyDescription: 'line one\r\nERROR fake log line\r\n\0',
        seriesDescription: 'Tab\there\x7fDEL',
      },
      { name: 'Nul', series: 'Tab', identifiers: ['NULID', 'Nul\0Name'] },
    ),
    study(
      3,
      'invalid-utf8',
      {
        patientName: 'Inv\xC3\x28alid^Utf\xFF\xFE8',
        patientId: 'BADUTF\xC0\xAF',
        studyDescription: 'surrogate \xED\xA0\x80 and \xF0\x28\x8C\x28',
        seriesDescription: 'five bytes \xF8\x88\x80\x80\x80 end',
      },
      { name: 'Inv', series: 'five bytes', identifiers: ['BADUTF'] },
    ),
    study(
      4,
      'iso2022',
      {
        charset: '\\ISO 2022 IR 87',
        patientName: 'Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B',
        patientId: 'ISO2022-4',
        studyDescription: 'unterminated \x1b$B;3ED',
        seriesDescription: 'bogus \x1b$)C\x0e\x1b end',
      },
      { name: 'Yamada', series: 'bogus', identifiers: ['Yamada', 'Tarou', 'ISO2022-4'] },
    ),
    study(
      5,
      'unknown-charset',
      { charset: 'ISO_IR 999', patientName: 'Unknown\xE9Charset^Name', patientId: 'UNKCS-5' },
      { name: 'Unknown', identifiers: ['UNKCS-5', 'Charset'] },
    ),
    study(
      6,
      'bidi',
      {
        patientName: utf8('\u202eevil\u202c^Zero\u200bWidth'),
        patientId: utf8('BIDI\uFEFF-6'),
        seriesDescription: utf8('\u202egnp.exe\u202c noncharacter \uFFFF'),
      },
      { series: 'noncharacter', identifiers: ['Zero\u200bWidth', 'BIDI'] },
    ),
    study(
      7,
      'long',
      { patientId: 'LONG-7', patientName: 'Long^Seven' },
      { name: 'WWWWWWWWWW', series: '<b>x</b><b>x</b>', identifiers: ['LONG-7', 'WWWWWWWWWWWWWWWWWWWW'] },
      (studyUid) =>
        answersAbout(studyUid, [
          { path: ['00100010', 'Value', 0], value: { Alphabetic: long('W') } },
          { path: ['00100020', 'Value', 0], value: long('9') },
          { path: ['00081030', 'Value', 0], value: long('<i>') },
          { path: ['0008103E', 'Value', 0], value: long('<b>x</b>') },
        ]),
    ),
    study(
      8,
      'json-shapes',
      { patientId: 'SHAPES-8', patientName: 'Shapes^Eight' },
      { identifiers: ['SHAPES-8', 'Shapes', 'Eight'] },
      (studyUid) =>
        answersAbout(
          studyUid,
          [
            { path: ['00100010', 'Value'], value: [42, { Alphabetic: { nested: `<img src=x onerror="${SET(9)}">` } }] },
            { path: ['00081030', 'Value'], value: [{ html: `<img src=x onerror="${SET(10)}">` }] },
            { path: ['0008103E', 'Value'], value: [null, `<script>${SET(11)}</script>`] },
            { path: ['00080061'], value: { vr: 'CS', Value: [['CT'], { a: 1 }] } },
            { path: ['00201208'], value: { vr: 'IS', Value: ['many'] } },
            { path: ['00200011'], value: { vr: 'IS', Value: 'not an array' } },
          ],
          [
            [
              '"0020000D":',
              'g',
              '"__proto__":{"vr":"LO","Value":["polluted"]},"constructor":{"prototype":{"polluted":1}},"0020000D":',
            ],
          ],
        ),
    ),
  ];
}
