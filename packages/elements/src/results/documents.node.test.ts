// The DICOM documents Fovea writes (TID 1500 measurement report, Key Object
// Selection, Encapsulated PDF), checked with dcmtk: dsrdump in its strict
// default (relationship constraints of the IOD, VR and VM of every content
// item), dcmdump for value lengths and the attributes each IOD requires,
// dcm2pdf for the encapsulated bytes. Then read back by Fovea's readers, and
// reports written the way other tools write them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DicomParseError, Instance, type DicomJsonDataset } from '@fovea-dicom/core';
import type { Measurement } from '../model/measurements.js';
import { readPart10, writePart10, type Dataset } from './dicom-file.js';
import { measurementReport } from './sr-write.js';
import { readMeasurementReport } from './sr-read.js';
import { isOfInterest, keyImagesDocument, readKeyObjects } from './kos.js';
import { encapsulatedPdf } from './encapsulated-pdf.js';
import { decimalString, imageRef } from './composite.js';
import { isValidUid, newUid, uidToUuid, uuidToUid } from './uid.js';
import { ReportError } from './report-error.js';
import {
  COMPREHENSIVE_SR_REQUIRED,
  dcmtk,
  dumpElements,
  ENCAPSULATED_PDF_REQUIRED,
  KEY_OBJECT_REQUIRED,
  missingAttributes,
  vrProblems,
} from '../../../../test/helpers/dicom-check.js';

const dir = mkdtempSync(join(tmpdir(), 'fovea-results-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const STUDY = '1.2.826.0.1.3680043.8.498.1';
const SERIES = '1.2.826.0.1.3680043.8.498.1.1';
const CT = '1.2.840.10008.5.1.4.1.1.2';

function header(sop: string, extra: DicomJsonDataset = {}, name = 'PHANTOM^CT'): Instance {
  return new Instance({
    '00080016': { vr: 'UI', Value: [CT] },
    '00080018': { vr: 'UI', Value: [sop] },
    '0020000D': { vr: 'UI', Value: [STUDY] },
    '0020000E': { vr: 'UI', Value: [SERIES] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: name }] },
    '00100020': { vr: 'LO', Value: ['FOVEA-0001'] },
    '00100030': { vr: 'DA', Value: ['19700101'] },
    '00080020': { vr: 'DA', Value: ['20240102'] },
    '00080030': { vr: 'TM', Value: ['101500'] },
    '00080050': { vr: 'SH', Value: ['ACC-1001'] },
    '00080060': { vr: 'CS', Value: ['CT'] },
    ...extra,
  });
}

const IMAGE_A = header(`${SERIES}.1`);
const IMAGE_B = header(`${SERIES}.2`);
const MULTI = header(`${SERIES}.3`, { '00280008': { vr: 'IS', Value: [4] } });
const INSTANCES = new Map([IMAGE_A, IMAGE_B, MULTI].map((i) => [i.sopInstanceUid, i]));

const at = (i: Instance, frame = 1) => ({
  studyInstanceUid: STUDY,
  seriesInstanceUid: SERIES,
  sopInstanceUid: i.sopInstanceUid,
  frame,
});
const pt = (x: number, y: number) => ({ image: [x, y] as [number, number] });

const MEASUREMENTS: Measurement[] = [
  {
    id: crypto.randomUUID(),
    kind: 'length',
    image: at(IMAGE_A),
    points: [pt(28.5, 200.5), pt(228.5, 200.5)],
    value: 100.00012345678901,
    unit: 'mm',
    spacing: 'PixelSpacing',
  },
  {
    id: crypto.randomUUID(),
    kind: 'angle',
    image: at(IMAGE_A),
    points: [pt(40, 60), pt(80, 100), pt(130, 62.25)],
    value: 81.8699,
    unit: 'deg',
    spacing: 'PixelSpacing',
  },
  {
    id: crypto.randomUUID(),
    kind: 'rectangle',
    image: at(IMAGE_B),
    points: [pt(140, 175), pt(170.5, 205)],
    value: 457.5,
    unit: 'mm²',
    spacing: 'PixelSpacing',
    stats: { mean: 0.25, stdDev: 0.4, min: -1, max: 2, unit: 'HU' },
  },
  {
    id: crypto.randomUUID(),
    kind: 'ellipse',
    image: at(IMAGE_B),
    points: [pt(100, 90), pt(136, 110)],
    value: 565.48,
    unit: 'mm²',
    spacing: 'PixelSpacing',
    stats: { mean: -99.5, stdDev: 3.25, min: -110, max: -90, unit: 'HU' },
  },
  {
    id: crypto.randomUUID(),
    kind: 'probe',
    image: at(MULTI, 3),
    points: [pt(12.5, 14.5)],
    value: 1000,
    unit: 'HU',
    spacing: 'PixelSpacing',
  },
  {
    id: crypto.randomUUID(),
    kind: 'probe',
    image: at(IMAGE_A),
    points: [pt(3.5, 4.5)],
    unit: '',
    spacing: 'PixelSpacing',
  },
  {
    id: crypto.randomUUID(),
    kind: 'arrow',
    image: at(IMAGE_A),
    points: [pt(60, 70), pt(90, 40)],
    unit: '',
    spacing: 'PixelSpacing',
    text: 'Cyst',
  },
];

const lookup = (m: Measurement) => {
  const instance = INSTANCES.get(m.image.sopInstanceUid);
  return instance ? { instance, frame: m.image.frame } : undefined;
};

async function writeFile(name: string, dataset: Dataset): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, await writePart10(dataset));
  return path;
}

describe('UIDs and values', () => {
  it('turns a UUID into a 2.25 UID and back', () => {
    const uuid = crypto.randomUUID();
    const uid = uuidToUid(uuid);
    assert.ok(isValidUid(uid) && uid.startsWith('2.25.'), uid);
    assert.equal(uidToUuid(uid), uuid);
    assert.equal(uidToUuid('1.2.3'), undefined);
    assert.ok(isValidUid(newUid()));
  });

  it('writes decimal strings of at most 16 characters', () => {
    for (const v of [100.00012345678901, -0.000012345678901234, 1e21, 123456789012345.67, Math.PI, -2000]) {
      const ds = decimalString(v);
      assert.ok(ds.length <= 16, ds);
      assert.ok(Math.abs(Number(ds) - v) <= Math.abs(v) * 1e-10, `${ds} for ${v}`);
    }
  });
});

describe('TID 1500 measurement report', () => {
  const built = measurementReport(MEASUREMENTS, lookup);
  let path = '';

  it('passes dsrdump in its strict default, without a warning', async () => {
    path = await writeFile('report.dcm', built.dataset);
    const { code, stdout, messages } = dcmtk('dsrdump', ['-v', '+Pt', path]);
    assert.equal(code, 0, messages.join('\n'));
    assert.deepEqual(messages, []);
    assert.match(stdout, /Comprehensive SR Document/);
    assert.match(stdout, /TID 1500 \(DCMR\)/);
    assert.match(stdout, /"Imaging Measurement Report"/);
  });

  it('converts to dcmtk XML and back (dsr2xml, xml2dsr), relationship constraints checked', () => {
    const xml = join(dir, 'report.xml');
    const result = dcmtk('dsr2xml', [path, xml]);
    assert.equal(result.code, 0, result.messages.join('\n'));
    assert.deepEqual(result.messages, []);
    const again = join(dir, 'report-again.dcm');
    const back = dcmtk('xml2dsr', [xml, again]);
    assert.equal(back.code, 0, back.messages.join('\n'));
    assert.equal(dcmtk('dsrdump', [again]).code, 0);
  });

  it('has every attribute the Comprehensive SR IOD requires, and values within their VR', () => {
    assert.deepEqual(missingAttributes(path, COMPREHENSIVE_SR_REQUIRED), []);
    assert.deepEqual(vrProblems(dumpElements(path)), []);
  });

  it('uses no private or legacy codes', () => {
    const schemes = dumpElements(path)
      .filter((e) => e.tag === '00080102')
      .map((e) => e.value);
    assert.ok(schemes.length > 0);
    assert.deepEqual([...new Set(schemes)].sort(), ['DCM', 'RFC5646', 'SCT', 'UCUM']);
  });

  it('reads back the same measurements: ids, kinds, images, points (float32) and values', async () => {
    const dataset = await readPart10(readFileSync(path));
    const read = readMeasurementReport(dataset);
    assert.equal(read.skipped, 0);
    assert.deepEqual(read.referencedSeries, [SERIES]);
    assert.equal(read.measurements.length, MEASUREMENTS.length);
    read.measurements.forEach((m, i) => {
      const o = MEASUREMENTS[i]!;
      assert.equal(m.id, o.id);
      assert.equal(m.kind, o.kind);
      assert.deepEqual(m.image, o.image);
      assert.equal(m.points.length, o.points.length, o.kind);
      m.points.forEach((p, j) => {
        assert.ok(Math.abs(p.image[0] - o.points[j]!.image[0]) < 1e-4, `${o.kind} x`);
        assert.ok(Math.abs(p.image[1] - o.points[j]!.image[1]) < 1e-4, `${o.kind} y`);
      });
      assert.equal(m.value, o.value, `${o.kind} value`);
      assert.equal(m.unit, o.unit, `${o.kind} unit`);
      assert.deepEqual(m.stats, o.stats, `${o.kind} stats`);
      if (o.kind === 'arrow') assert.equal(m.text, o.text);
    });
  });

  it('declares UTF-8 for a non-ASCII name; dsrdump then only says its VR checker does not know UTF-8', async () => {
    const named = header(`${SERIES}.9`, {}, 'Müller^Jürgen');
    const doc = measurementReport([{ ...MEASUREMENTS[0]!, image: at(named) }], () => ({ instance: named, frame: 1 }));
    assert.equal(doc.dataset['SpecificCharacterSet'], 'ISO_IR 192');
    const file = await writeFile('utf8.dcm', doc.dataset);
    const { code, stdout, messages } = dcmtk('dsrdump', ['+U8', file]);
    assert.equal(code, 0);
    assert.deepEqual(messages, ['W: The VR checker does not support this Specific Character Set: ISO_IR 192']);
    assert.match(stdout, /Müller\^Jürgen/);
  });

  it('refuses what is not a TID 1500 report, with a typed reason', async () => {
    const other: Dataset = {
      ...built.dataset,
      ConceptNameCodeSequence: [
        { CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic Imaging Report' },
      ],
      ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }],
    };
    assert.throws(
      () => readMeasurementReport(other),
      (e: unknown) => e instanceof ReportError && e.reason === 'template',
    );
    assert.throws(
      () => readMeasurementReport({ SOPClassUID: CT }),
      (e: unknown) => e instanceof ReportError && e.reason === 'not-sr',
    );
    await assert.rejects(readPart10(new TextEncoder().encode('not DICOM at all')), DicomParseError);
  });
});

describe('reports other tools write', () => {
  const image = (sop: string) => [
    {
      RelationshipType: 'SELECTED FROM',
      ValueType: 'IMAGE',
      ReferencedSOPSequence: [{ ReferencedSOPClassUID: CT, ReferencedSOPInstanceUID: sop }],
    },
  ];
  const code = (value: string, scheme: string, meaning: string) => [
    { CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning },
  ];
  const group = (...content: Dataset[]): Dataset => ({
    RelationshipType: 'CONTAINS',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: code('125007', 'DCM', 'Measurement Group'),
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: content,
  });
  const scoord = (type: string, data: number[], relationship = 'INFERRED FROM'): Dataset => ({
    RelationshipType: relationship,
    ValueType: 'SCOORD',
    GraphicType: type,
    GraphicData: data,
    ContentSequence: image(IMAGE_A.sopInstanceUid),
  });
  const num = (
    value: string,
    scheme: string,
    meaning: string,
    v: number,
    unit: string,
    inferred?: Dataset,
  ): Dataset => ({
    RelationshipType: 'CONTAINS',
    ValueType: 'NUM',
    ConceptNameCodeSequence: code(value, scheme, meaning),
    MeasuredValueSequence: [{ NumericValue: v, MeasurementUnitsCodeSequence: code(unit, 'UCUM', unit) }],
    ...(inferred ? { ContentSequence: [inferred] } : {}),
  });
  const report: Dataset = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.34',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: code('126000', 'DCM', 'Imaging Measurement Report'),
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID: STUDY,
        ReferencedSeriesSequence: [
          {
            SeriesInstanceUID: SERIES,
            ReferencedSOPSequence: [{ ReferencedSOPClassUID: CT, ReferencedSOPInstanceUID: IMAGE_A.sopInstanceUid }],
          },
        ],
      },
    ],
    ContentSequence: [
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: code('126010', 'DCM', 'Imaging Measurements'),
        ContentSequence: [
          // A length with the pre-2019 SNOMED-RT code.
          group(num('G-D7FE', 'SRT', 'Length', 42, 'mm', scoord('POLYLINE', [10, 10, 40, 50]))),
          // A circle ROI (TID 1410: the region, then its measurements).
          group(
            {
              ...scoord('CIRCLE', [50, 60, 60, 60], 'CONTAINS'),
              ConceptNameCodeSequence: code('111030', 'DCM', 'Image Region'),
            },
            num('373098007', 'SCT', 'Mean', 12.5, "[hnsf'U]"),
          ),
          // Cornerstone's arrow: its tip, and the label as a private "free text" finding.
          group(
            {
              RelationshipType: 'CONTAINS',
              ValueType: 'CODE',
              ConceptNameCodeSequence: code('121071', 'DCM', 'Finding'),
              ConceptCodeSequence: code('CORNERSTONEFREETEXT', 'CORNERSTONEFREETEXT', 'Lesion'),
            },
            num('111010', 'DCM', 'Center', 0, '1', scoord('POINT', [70, 80])),
          ),
          // What no Fovea tool draws: a free-hand outline, and 3D coordinates.
          group(num('42798000', 'SCT', 'Area', 5, 'mm2', scoord('POLYLINE', [1, 1, 9, 1, 9, 7, 4, 9, 1, 1]))),
          group(
            num('410668003', 'SCT', 'Length', 5, 'mm', {
              RelationshipType: 'INFERRED FROM',
              ValueType: 'SCOORD3D',
              GraphicType: 'POLYLINE',
              GraphicData: [0, 0, 0, 1, 1, 1],
            }),
          ),
        ],
      },
    ],
  };

  it('reads the shapes Fovea has tools for and counts the others as skipped', () => {
    const read = readMeasurementReport(report);
    assert.deepEqual(
      read.measurements.map((m) => [
        m.kind,
        m.image.sopInstanceUid,
        m.image.seriesInstanceUid,
        m.points.map((p) => p.image),
      ]),
      [
        [
          'length',
          IMAGE_A.sopInstanceUid,
          SERIES,
          [
            [10, 10],
            [40, 50],
          ],
        ],
        [
          'ellipse',
          IMAGE_A.sopInstanceUid,
          SERIES,
          [
            [40, 50],
            [60, 70],
          ],
        ],
        [
          'arrow',
          IMAGE_A.sopInstanceUid,
          SERIES,
          [
            [70, 80],
            [50, 60],
          ],
        ],
      ],
    );
    assert.equal(read.measurements[0]!.value, 42);
    assert.equal(read.measurements[1]!.stats?.mean, 12.5);
    assert.equal(read.measurements[2]!.text, 'Lesion');
    assert.equal(read.skipped, 2);
  });
});

describe('Key Object Selection', () => {
  it('lists the key images "Of Interest", passes dsrdump and the IOD checks, and reads back', async () => {
    const doc = keyImagesDocument(
      IMAGE_B,
      [imageRef({ instance: IMAGE_B, frame: 1 }), imageRef({ instance: MULTI, frame: 2 })],
      { description: 'For the tumour board' },
    );
    const path = await writeFile('kos.dcm', doc.dataset);
    const { code, stdout, messages } = dcmtk('dsrdump', ['-v', '+Pt', path]);
    assert.equal(code, 0, messages.join('\n'));
    // dcmtk checks the IOD's relationship constraints, but has no checker for TID 2010 and says so.
    assert.deepEqual(messages, ['W: Check for template constraints not yet supported']);
    assert.match(stdout, /Key Object Selection Document/);
    assert.match(stdout, /"Of Interest"/);
    assert.match(stdout, /TID 2010 \(DCMR\)/);
    assert.deepEqual(missingAttributes(path, KEY_OBJECT_REQUIRED), []);
    assert.deepEqual(vrProblems(dumpElements(path)), []);
    const read = readKeyObjects(await readPart10(readFileSync(path)));
    assert.ok(isOfInterest(read));
    assert.deepEqual(read.images, [
      { ...at(IMAGE_B), sopClassUid: CT, frame: undefined },
      { ...at(MULTI), sopClassUid: CT, frame: 2 },
    ]);
    assert.match(read.contentDateTime, /^\d{14}$/);
    assert.throws(
      () => readKeyObjects({ SOPClassUID: CT }),
      (e: unknown) => e instanceof ReportError && e.reason === 'not-key-objects',
    );
  });
});

describe('Encapsulated PDF', () => {
  it('holds the PDF byte for byte (dcm2pdf), with the IOD’s attributes', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.3\n% a tiny test document, odd length\n%%EOF\n!');
    assert.equal(pdf.byteLength % 2, 1);
    const doc = encapsulatedPdf(pdf, IMAGE_A, [imageRef({ instance: IMAGE_A, frame: 1 })], {
      title: 'Key images of the CT',
    });
    const path = await writeFile('pdf.dcm', doc.dataset);
    assert.deepEqual(missingAttributes(path, ENCAPSULATED_PDF_REQUIRED), []);
    assert.deepEqual(vrProblems(dumpElements(path)), []);
    const out = join(dir, 'out.pdf');
    const { code, messages } = dcmtk('dcm2pdf', [path, out]);
    assert.equal(code, 0, messages.join('\n'));
    const back = readFileSync(out);
    // dcm2pdf keeps the padding byte; Encapsulated Document Length says where the PDF ends.
    assert.deepEqual(new Uint8Array(back.subarray(0, pdf.byteLength)), pdf);
    const read = await readPart10(readFileSync(path));
    assert.equal(read['EncapsulatedDocumentLength'], pdf.byteLength);
  });
});

describe('hostile documents', () => {
  it('refuses a length past the end at once, which made dcmjs allocate until the heap ran out', async () => {
    const good = await writePart10(measurementReport(MEASUREMENTS, lookup).dataset);
    // Pixel Data, OB of undefined length, whose first item (the basic offset table) claims 1 GiB:
    // dcmjs read it as a quarter of a billion offsets from a file of a few kilobytes.
    const tail = new Uint8Array([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    const item = new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 0x00, 0x00, 0x00, 0x40, 1, 2, 3, 4]);
    const bytes = new Uint8Array(good.length + tail.length + item.length);
    bytes.set(good);
    bytes.set(tail, good.length);
    bytes.set(item, good.length + tail.length);
    await assert.rejects(
      readPart10(bytes),
      (e: unknown) => e instanceof DicomParseError && /past its end/.test(e.message),
    );
    // The same file without the damage reads.
    assert.equal(readMeasurementReport(await readPart10(good)).measurements.length, MEASUREMENTS.length);
  });

  it('ends every damaged report in a typed error or a reading, within a bound', async () => {
    const good = await writePart10(measurementReport(MEASUREMENTS, lookup).dataset);
    // A fixed seed: the same damaged files on every run.
    let seed = 17;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const outcomes = { read: 0, parse: 0, report: 0 };
    const start = performance.now();
    for (let i = 0; i < 1500; i++) {
      const bytes = good.slice(0, 132 + Math.floor(random() * (good.length - 132)) + 1);
      for (let k = Math.floor(random() * 8); k > 0; k--)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      try {
        readMeasurementReport(await readPart10(bytes));
        outcomes.read++;
      } catch (error) {
        if (error instanceof DicomParseError) outcomes.parse++;
        else if (error instanceof ReportError) outcomes.report++;
        else throw new Error(`damaged file ${i}: ${String(error)}`, { cause: error });
      }
    }
    const ms = performance.now() - start;
    assert.ok(ms < 30_000, `${ms} ms`);
    assert.ok(outcomes.parse > 0 && outcomes.read + outcomes.report > 0, JSON.stringify(outcomes));
  });
});
