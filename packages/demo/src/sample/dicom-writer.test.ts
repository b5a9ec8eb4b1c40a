/**
 * Tests of the DICOM Part 10 writer: byte layout, padding, long forms, sequences,
 * character sets, refusals; and that dcmdump (dcmtk) and dicom-parser read its
 * output back with the same values.
 *
 *   node --import tsx --test packages/demo/src/sample/dicom-writer.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type * as DicomParser from 'dicom-parser';
import {
  type Dataset,
  DicomWriteError,
  EXPLICIT_VR_LITTLE_ENDIAN,
  FOVEA_IMPLEMENTATION_CLASS_UID,
  dataset,
  encodeDatasetExplicitLE,
  formatDS,
  formatIS,
  tag,
  writeDicomFile,
} from './dicom-writer.js';

// dicom-parser is a UMD bundle: load it as CommonJS.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;

const tmp = mkdtempSync(join(tmpdir(), 'fovea-writer-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';
const SOP_INSTANCE = '2.25.123456789012345678901234567890123';
const utf8 = new TextDecoder('utf-8', { fatal: true });

const hasDcmdump = spawnSync('dcmdump', ['--version']).status === 0;

function dcmdump(file: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('dcmdump', [...args, file], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A data set using every VR family, deliberately inserted out of tag order.
 * `with64bit` adds SV / UV elements: dicom-parser 1.8.21 does not know that these
 * (PS3.5 2019) use the long length form and overruns, so only dcmtk reads those.
 */
function richDataset(with64bit = false): Dataset {
  const region = dataset([
    [0x00186018, 'UL', 60],
    [0x0018602c, 'FD', 0.025],
    [0x00186024, 'US', 3],
  ]);
  const nestedItem = dataset([
    [0x00080100, 'SH', 'T-D1100'],
    [0x00080104, 'LO', 'Größe – Schädel'],
  ]);
  const ds = dataset([
    [0x7fe00010, 'OW', new Uint16Array([0, 1, 0x7fff, 0x8000, 0xffff, 4095])],
    [0x00100010, 'PN', 'Müller^Jürgen'],
    [0x00080005, 'CS', 'ISO_IR 192'],
    [0x00080016, 'UI', SOP_CLASS],
    [0x00080018, 'UI', SOP_INSTANCE],
    [0x00080008, 'CS', ['DERIVED', 'SECONDARY']],
    [0x00080020, 'DA', '20240315'],
    [0x00080030, 'TM', '093012.5'],
    [0x00080060, 'CS', 'OT'],
    [0x00080070, 'LO', 'ABC'], // odd length: padded with a space
    [0x00081030, 'LO', '頭部 (Head)'],
    [0x00100020, 'LO', 'ID-1'],
    [0x00101001, 'PN', 'Yamada^Tarou=山田^太郎=やまだ^たろう'],
    [0x00101010, 'AS', '065Y'],
    [0x00104000, 'LT', 'line 1\r\nline 2 with a backslash \\ kept'],
    [0x00181063, 'DS', 1000 / 30],
    [0x00186011, 'SQ', [region]],
    [0x00200011, 'IS', 7],
    [0x00200032, 'DS', [-159.6875, -159.6875, 1]],
    [0x00280009, 'AT', 0x00181063],
    [0x00280010, 'US', 3],
    [0x00280011, 'US', 2],
    [0x00280100, 'US', 16],
    [0x00280120, 'SS', -2000],
    [0x00281050, 'DS', '40\\-600'],
    [0x00081032, 'SQ', [nestedItem, dataset([[0x00080100, 'SH', 'X']])]],
    [0x00400260, 'SQ', []],
    [0x00089459, 'FL', 1.5],
    [0x00209157, 'UL', [1, 4294967295]],
    [0x00209158, 'LT', ''],
    [0x00210010, 'LO', 'FOVEA TEST'],
    [0x00211010, 'UN', new Uint8Array([1, 2, 3])], // odd: padded with 0x00
    [0x00090010, 'LO', 'FOVEA TEST'],
    [0x00091001, 'OB', new Uint8Array([0xaa, 0xbb, 0xcc])],
    [0x0040a160, 'UT', 'UT text, odd'],
    [0x0040a124, 'UI', '2.25.1'], // "2.25.1" is 6 chars: even, no padding
    [0x00081190, 'UR', 'https://example.invalid/dicom-web'],
    [0x00186020, 'SL', -5],
  ]);
  if (with64bit) {
    for (const [t, el] of dataset([
      [0x00720082, 'SV', [-(2n ** 40n), 7n]],
      [0x00720083, 'UV', 2n ** 63n],
    ])) {
      ds.set(t, el);
    }
  }
  return ds;
}

describe('formatDS / formatIS', () => {
  test('short decimal strings that round-trip', () => {
    assert.equal(formatDS(0.625), '0.625');
    assert.equal(formatDS(-159.6875), '-159.6875');
    assert.equal(formatDS(2), '2');
    assert.equal(formatDS(-0), '0');
    for (const v of [1 / 3, 1000 / 30, -123456.789012345, 1e-20, 6.02214076e23, Math.PI * 1e10, -1e-7]) {
      const s = formatDS(v);
      assert.ok(s.length <= 16, `${s} is longer than 16`);
      assert.ok(Math.abs(Number(s) - v) <= Math.abs(v) * 1e-9, `${s} != ${v}`);
    }
  });
  test('refuses what DS / IS cannot hold', () => {
    assert.throws(() => formatDS(Number.NaN), DicomWriteError);
    assert.throws(() => formatDS(Infinity), DicomWriteError);
    assert.throws(() => formatIS(1.5), DicomWriteError);
    assert.throws(() => formatIS(2 ** 31), DicomWriteError);
    assert.equal(formatIS(-(2 ** 31)), '-2147483648');
  });
});

describe('Part 10 layout', () => {
  const bytes = writeDicomFile(richDataset());
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  test('preamble, DICM and a correct meta group length', () => {
    assert.ok(bytes.subarray(0, 128).every((b) => b === 0));
    assert.equal(String.fromCharCode(...bytes.subarray(128, 132)), 'DICM');
    // (0002,0000) UL 4 <length>
    assert.equal(dv.getUint16(132, true), 0x0002);
    assert.equal(dv.getUint16(134, true), 0x0000);
    assert.equal(String.fromCharCode(bytes[136]!, bytes[137]!), 'UL');
    assert.equal(dv.getUint16(138, true), 4);
    const groupLength = dv.getUint32(140, true);
    const firstDataTagOffset = 144 + groupLength;
    assert.equal(dv.getUint16(firstDataTagOffset, true), 0x0008, 'the data set starts right after the meta group');
    assert.notEqual(dv.getUint16(firstDataTagOffset - 2, true) >> 16, 0x0002);
  });

  test('every element has even length, tags ascend, long forms for OB/OW/SQ/UN/UT/UR', () => {
    const p = dicomParser.parseDicom(bytes);
    const tags = Object.keys(p.elements).sort((a, b) => p.elements[a]!.dataOffset - p.elements[b]!.dataOffset);
    assert.deepEqual(tags, [...tags].sort(), 'in the file, tags ascend');
    for (const t of tags) {
      const el = p.elements[t]!;
      assert.equal(el.length % 2, 0, `${t} has odd length ${el.length}`);
      const vr = el.vr!;
      const long = ['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV'].includes(vr);
      // The VR sits 4 bytes after the start of the element; long forms have 2 reserved zero bytes and a 32-bit length.
      const start = el.dataOffset - (long ? 12 : 8);
      assert.equal(String.fromCharCode(bytes[start + 4]!, bytes[start + 5]!), vr, `${t}: header not where expected`);
      if (long) {
        assert.equal(dv.getUint16(start + 6, true), 0, `${t}: reserved bytes`);
        assert.equal(dv.getUint32(start + 8, true), el.length);
      } else {
        assert.equal(dv.getUint16(start + 6, true), el.length);
      }
    }
  });

  test('padding: UI with NUL, text with space, OB / UN with NUL', () => {
    const p = dicomParser.parseDicom(bytes);
    const raw = (t: string): Uint8Array => {
      const el = p.elements[t]!;
      return bytes.subarray(el.dataOffset, el.dataOffset + el.length);
    };
    const sopClass = raw('x00080016');
    assert.equal(sopClass.length, SOP_CLASS.length + 1);
    assert.equal(sopClass[sopClass.length - 1], 0);
    assert.equal(utf8.decode(raw('x00080070')), 'ABC ');
    assert.deepEqual([...raw('x00211010')], [1, 2, 3, 0]);
    assert.deepEqual([...raw('x00091001')], [0xaa, 0xbb, 0xcc, 0]);
    assert.equal(utf8.decode(raw('x0040a124')), '2.25.1');
    assert.equal(p.elements.x00209158!.length, 0, 'an empty value is a zero-length element');
    assert.equal(p.elements.x00400260!.length, 0, 'an empty sequence has length 0');
  });
});

describe('values round-trip through dicom-parser', () => {
  const bytes = writeDicomFile(richDataset());
  const p = dicomParser.parseDicom(bytes);
  const text = (t: string): string => {
    const el = p.elements[t]!;
    return utf8.decode(bytes.subarray(el.dataOffset, el.dataOffset + el.length)).replace(/[ \0]+$/, '');
  };

  test('meta information', () => {
    assert.equal(p.string('x00020010'), EXPLICIT_VR_LITTLE_ENDIAN);
    assert.equal(p.string('x00020002'), SOP_CLASS);
    assert.equal(p.string('x00020003'), SOP_INSTANCE);
    assert.equal(p.string('x00020012'), FOVEA_IMPLEMENTATION_CLASS_UID);
    assert.deepEqual(
      [...bytes.subarray(p.elements.x00020001!.dataOffset, p.elements.x00020001!.dataOffset + 2)],
      [0, 1],
    );
  });

  test('UTF-8 text (ISO_IR 192) survives byte for byte', () => {
    assert.equal(text('x00100010'), 'Müller^Jürgen');
    assert.equal(text('x00101001'), 'Yamada^Tarou=山田^太郎=やまだ^たろう');
    assert.equal(text('x00081030'), '頭部 (Head)');
    assert.equal(text('x00104000'), 'line 1\r\nline 2 with a backslash \\ kept');
  });

  test('numbers, multi-values, AT, 64-bit', () => {
    assert.equal(p.uint16('x00280010'), 3);
    assert.equal(p.int16('x00280120'), -2000);
    assert.equal(p.uint32('x00209157', 1), 4294967295);
    assert.equal(p.int32('x00186020'), -5);
    assert.equal(p.float('x00089459'), 1.5);
    assert.equal(p.string('x00080008'), 'DERIVED\\SECONDARY');
    assert.deepEqual(
      [0, 1, 2].map((i) => p.floatString('x00200032', i)),
      [-159.6875, -159.6875, 1],
    );
    assert.equal(p.floatString('x00281050', 1), -600);
    assert.ok(Math.abs(p.floatString('x00181063')! - 1000 / 30) < 1e-9);
    assert.equal(p.intString('x00200011'), 7);
    assert.equal(p.attributeTag('x00280009'), 'x00181063');
  });

  test('pixel data (OW) little endian', () => {
    const el = p.elements.x7fe00010!;
    const px = new Uint16Array(bytes.slice(el.dataOffset, el.dataOffset + el.length).buffer);
    assert.deepEqual([...px], [0, 1, 0x7fff, 0x8000, 0xffff, 4095]);
  });

  test('sequences with defined lengths and nested UTF-8', () => {
    const sq = p.elements.x00081032!;
    assert.ok(sq.hadUndefinedLength !== true);
    assert.equal(sq.items!.length, 2);
    const item = sq.items![0]!.dataSet!;
    const lo = item.elements.x00080104!;
    assert.equal(utf8.decode(bytes.subarray(lo.dataOffset, lo.dataOffset + lo.length)).trimEnd(), 'Größe – Schädel');
    assert.equal(sq.items![1]!.dataSet!.string('x00080100'), 'X');
    const region = p.elements.x00186011!.items![0]!.dataSet!;
    assert.equal(region.uint32('x00186018'), 60);
    assert.equal(region.double('x0018602c'), 0.025);
    assert.equal(region.uint16('x00186024'), 3);
  });
});

describe('refusals', () => {
  const base = (): Dataset =>
    dataset([
      [0x00080016, 'UI', SOP_CLASS],
      [0x00080018, 'UI', SOP_INSTANCE],
    ]);
  const bad = (entries: Parameters<typeof dataset>[0], message: RegExp): void => {
    const ds = base();
    for (const [t, el] of dataset(entries)) ds.set(t, el);
    assert.throws(
      () => writeDicomFile(ds),
      (e: unknown) => e instanceof DicomWriteError && message.test(e.message),
    );
  };

  test('non-ASCII text needs ISO_IR 192, and only in the VRs it applies to', () => {
    bad([[0x00100010, 'PN', 'Müller^Jürgen']], /ISO_IR 192/);
    bad(
      [
        [0x00080005, 'CS', 'ISO_IR 192'],
        [0x00080060, 'CS', 'Ü'],
      ],
      /invalid CS|default/,
    );
    bad([[0x00080005, 'CS', 'ISO_IR 100']], /not supported/);
    const nested = dataset([[0x00100010, 'PN', 'Jürgen']]);
    bad([[0x00081111, 'SQ', [nested]]], /ISO_IR 192/);
  });

  test('value lengths and formats', () => {
    bad([[0x00081030, 'LO', 'x'.repeat(65)]], /longer than 64/);
    bad([[0x00100010, 'PN', `${'a'.repeat(65)}`]], /longer than 64/);
    bad([[0x00100010, 'PN', 'a=b=c=d']], /3 component groups/);
    bad([[0x0020000d, 'UI', '1.2.03']], /invalid UID/);
    bad([[0x0020000d, 'UI', `1.${'2'.repeat(64)}`]], /UID|longer/);
    bad([[0x00080020, 'DA', '2024-03-15']], /DA/);
    bad([[0x00080020, 'DA', '2024031']], /invalid DA/);
    bad([[0x00080060, 'CS', 'ct']], /invalid CS/);
    bad([[0x00280010, 'US', 70000]], /out of range/);
    bad([[0x00280010, 'US', new Array<number>(40000).fill(1)]], /16-bit length/);
    // The types already refuse this; the run-time check is for untyped callers.
    bad([[0x0040a160, 'UT', ['a', 'b'] as unknown as string]], /only one value/);
    bad([[0x00080000, 'UL', 4]], /group length/);
    bad([[0x00020010, 'UI', '1.2']], /meta/);
  });

  test('a Part 10 file needs its SOP UIDs; duplicate tags are refused', () => {
    assert.throws(() => writeDicomFile(new Map()), DicomWriteError);
    assert.throws(
      () =>
        dataset([
          [0x00080060, 'CS', 'CT'],
          [0x00080060, 'CS', 'MR'],
        ]),
      DicomWriteError,
    );
  });

  test('tag() packs group and element', () => {
    assert.equal(tag(0x7fe0, 0x0010), 0x7fe00010);
    assert.equal(tag(0xfffe, 0xe000), 0xfffee000);
    assert.ok(encodeDatasetExplicitLE(base()).length > 0);
  });
});

describe('dcmtk reads the output', { skip: hasDcmdump ? false : 'dcmdump (dcmtk) is not installed' }, () => {
  test('dcmdump parses it without a warning and shows the values', () => {
    const file = join(tmp, 'rich.dcm');
    writeFileSync(file, writeDicomFile(richDataset(true)));
    const r = dcmdump(file, '-M', '+L');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'dcmdump printed warnings');
    for (const line of [
      '(0002,0010) UI =LittleEndianExplicit',
      '(0008,0005) CS [ISO_IR 192]',
      '(0010,0010) PN [Müller^Jürgen]',
      '(0010,1001) PN [Yamada^Tarou=山田^太郎=やまだ^たろう]',
      '(0028,0120) SS -2000',
      '(0028,0009) AT (0018,1063)',
      '(0018,6011) SQ (Sequence with explicit length #=1)',
      '(0008,1032) SQ (Sequence with explicit length #=2)',
      '(0018,602c) FD 0.025',
      '(0020,0032) DS [-159.6875\\-159.6875\\1]',
      '(0040,a160) UT [UT text, odd]',
      '(0021,1010) UN 01\\02\\03\\00',
      '(0072,0082) SV -1099511627776\\7',
      '(0072,0083) UV 9223372036854775808',
    ]) {
      assert.ok(r.stdout.includes(line), `dcmdump output lacks ${line}\n${r.stdout}`);
    }
    // dcmtk re-encodes it (implicit VR, which drops our VRs) and still reads the same values.
    const copy = join(tmp, 'rich-implicit.dcm');
    const conv = spawnSync('dcmconv', ['+ti', file, copy], { encoding: 'utf8' });
    assert.equal(conv.status, 0, conv.stderr);
    const again = dcmdump(copy, '-M');
    assert.equal(again.status, 0, again.stderr);
    assert.ok(again.stdout.includes('(0010,0010) PN [Müller^Jürgen]'));
    // Implicit VR loses SS vs US here (no Pixel Representation in this data set): dcmtk shows "xs 63536".
    assert.match(again.stdout, /\(0028,0120\) (SS -2000|xs 63536)/);
    assert.match(again.stdout, /\(0072,0082\) SV -1099511627776\\7/);
  });
});
