/**
 * WADO-RS of the development DICOMweb server: metadata JSON, frames (native,
 * multi-frame, big endian, RLE, fragmented JPEG), instances, bulk data, caching.
 * Run: node --import tsx --test packages/demo/src/dev-dicomweb/*.test.ts
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type * as DicomParser from 'dicom-parser';
import { parseMultipart } from '@fovea-dicom/core';
import { startDevDicomWebServer } from './index.js';
import { decodeRle16, makeFixtures, parseMultipartBody, UID, type Fixtures } from '../../test/dev-dicomweb-fixtures.js';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;

type Json = Record<string, { vr: string; Value?: unknown[]; InlineBinary?: string; BulkDataURI?: string }>;

let fixtures: Fixtures;
let server: Awaited<ReturnType<typeof startDevDicomWebServer>>;

before(async () => {
  fixtures = makeFixtures();
  server = await startDevDicomWebServer({ dir: fixtures.dir, port: 0, log: () => {} });
});
after(async () => {
  await server?.close();
  if (fixtures) rmSync(fixtures.dir, { recursive: true, force: true });
});

const STORED = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const instancePath = (study: string, series: string, sop: string) =>
  `/studies/${study}/series/${series}/instances/${sop}`;
const pathA1 = instancePath(UID.studyA, UID.seriesA1, UID.sopA1);
const pathC = (sop: string) => instancePath(UID.studyC, UID.seriesC1, sop);

async function get(
  path: string,
  accept?: string,
  headers: Record<string, string> = {},
): Promise<{ res: Response; body: Buffer }> {
  const res = await fetch(path.startsWith('http') ? path : server.url + path, {
    headers: { ...(accept ? { accept } : {}), ...headers },
  });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

async function frames(path: string, list: string, accept = STORED) {
  const { res, body } = await get(`${path}/frames/${list}`, accept);
  assert.equal(res.status, 200, `${path}/frames/${list} with ${accept}`);
  const contentType = res.headers.get('content-type')!;
  assert.match(contentType, /^multipart\/related; type="application\/octet-stream"; boundary="[^"]+"$/);
  return { res, parts: parseMultipartBody(body, contentType) };
}

const frameOf = (pixels: Buffer, size: number, n: number) => pixels.subarray((n - 1) * size, n * size);

describe('WADO-RS metadata', () => {
  it('gives DICOM JSON for every attribute but pixel data', async () => {
    const { res, body } = await get(`${pathA1}/metadata`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/dicom+json');
    const [m] = JSON.parse(body.toString()) as Json[];
    assert.ok(m);
    assert.deepEqual(m['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jürgen' }] });
    assert.deepEqual(m['00200032'], { vr: 'DS', Value: [-125.5, -130, 42] });
    assert.deepEqual(m['00280030'], { vr: 'DS', Value: [0.5, 0.75] });
    assert.deepEqual(m['00200013'], { vr: 'IS', Value: [1] });
    assert.deepEqual(m['00280010'], { vr: 'US', Value: [4] });
    assert.deepEqual(m['00189345'], { vr: 'FD', Value: [12.5] });
    assert.deepEqual(m['00081140'], {
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
          '00081155': { vr: 'UI', Value: [UID.sopA2] },
        },
      ],
    });
    assert.deepEqual(m['00090010'], { vr: 'LO', Value: ['FOVEA TEST'] });
    assert.deepEqual(m['00091001'], { vr: 'OB', InlineBinary: 'AQIDBA==' });
    assert.equal(m['00020010'], undefined, 'no file meta information');
    assert.equal(m['7FE00010']!.vr, 'OW');
    assert.equal(m['7FE00010']!.BulkDataURI, `${server.url}${pathA1}/bulkdata/7FE00010`);
    assert.ok(m['00091002']!.BulkDataURI, 'a large binary value is bulk data');
    const bulk = await get(m['00091002']!.BulkDataURI!);
    assert.equal(bulk.res.status, 200);
    const [part] = parseMultipartBody(bulk.body, bulk.res.headers.get('content-type')!);
    assert.deepEqual(part!.body, Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 256)));
    const pixel = await get(m['7FE00010']!.BulkDataURI!);
    assert.deepEqual(
      parseMultipartBody(pixel.body, pixel.res.headers.get('content-type')!)[0]!.body,
      fixtures.pixels[UID.sopA1],
    );
  });

  it('reads implicit VR files with the dictionary (US/SS by Pixel Representation)', async () => {
    const { body } = await get(`${instancePath(UID.studyA, UID.seriesA1, UID.sopA2)}/metadata`);
    const [m] = JSON.parse(body.toString()) as Json[];
    assert.deepEqual(m!['00200032'], { vr: 'DS', Value: [-125.5, -130, 43.25] });
    assert.deepEqual(m!['00280011'], { vr: 'US', Value: [3] });
    assert.deepEqual(m!['00280106'], { vr: 'SS', Value: [-5] });
    assert.deepEqual(m!['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jürgen' }] });
  });

  it('decodes multi-frame attributes, AT, latin-1 and big endian', async () => {
    const { body } = await get(`${instancePath(UID.studyB, UID.seriesB1, UID.sopB1)}/metadata`);
    const [m] = JSON.parse(body.toString()) as Json[];
    assert.deepEqual(m!['00280008'], { vr: 'IS', Value: [3] });
    assert.deepEqual(m!['00280009'], { vr: 'AT', Value: ['00181063'] });
    assert.deepEqual(m!['00081030'], { vr: 'LO', Value: ['Brain café'] });
    const be = JSON.parse((await get(`${pathC(UID.sopBE)}/metadata`)).body.toString()) as Json[];
    assert.deepEqual(be[0]!['00280010'], { vr: 'US', Value: [4] });
    assert.deepEqual(be[0]!['00280009'], { vr: 'AT', Value: ['00181063'] });
  });

  it('serves study and series metadata, with ETag and Cache-Control', async () => {
    const study = await get(`/studies/${UID.studyA}/metadata`);
    assert.equal((JSON.parse(study.body.toString()) as Json[]).length, 3);
    assert.equal(study.res.headers.get('cache-control'), 'private, no-cache');
    const series = await get(`/studies/${UID.studyC}/series/${UID.seriesC1}/metadata`);
    assert.equal((JSON.parse(series.body.toString()) as Json[]).length, 4);
    const etag = study.res.headers.get('etag')!;
    assert.match(etag, /^"[^"]+"$/);
    assert.equal((await get(`/studies/${UID.studyA}/metadata`, undefined, { 'if-none-match': etag })).res.status, 304);
    const instance = await get(`${pathA1}/metadata`);
    assert.match(instance.res.headers.get('cache-control')!, /immutable/);
    assert.equal(
      (await get(`${pathA1}/metadata`, undefined, { 'if-none-match': instance.res.headers.get('etag')! })).res.status,
      304,
    );
  });
});

describe('WADO-RS frames', () => {
  it('returns native single-frame pixel data as stored', async () => {
    const { res, parts } = await frames(pathA1, '1');
    assert.equal(parts.length, 1);
    assert.equal(parts[0]!.headers['content-type'], 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1');
    assert.deepEqual(parts[0]!.body, fixtures.pixels[UID.sopA1]);
    assert.match(res.headers.get('cache-control')!, /immutable/);
    assert.equal(
      (await get(`${pathA1}/frames/1`, STORED, { 'if-none-match': res.headers.get('etag')! })).res.status,
      304,
    );
  });

  it('slices multi-frame native data per frame, in the requested order', async () => {
    const size = 4 * 4 * 2;
    const path = instancePath(UID.studyB, UID.seriesB1, UID.sopB1);
    const { parts } = await frames(path, '3,1,2');
    assert.deepEqual(
      parts.map((p) => p.body),
      [3, 1, 2].map((n) => frameOf(fixtures.pixels[UID.sopB1]!, size, n)),
    );
  });

  it('labels implicit little endian frames as explicit little endian when asked for the default', async () => {
    const path = instancePath(UID.studyA, UID.seriesA1, UID.sopA2);
    for (const accept of ['multipart/related; type="application/octet-stream"', undefined]) {
      const { res, body } = await get(`${path}/frames/1`, accept);
      const [part] = parseMultipartBody(body, res.headers.get('content-type')!);
      assert.deepEqual(part!.body, fixtures.pixels[UID.sopA2]);
      assert.match(part!.headers['content-type']!, /transfer-syntax=1\.2\.840\.10008\.1\.2(\.1)?$/);
    }
  });

  it('serves big endian data only as stored, and 406 otherwise', async () => {
    const { parts } = await frames(pathC(UID.sopBE), '2');
    assert.equal(parts[0]!.headers['content-type'], 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.2');
    assert.deepEqual(parts[0]!.body, Buffer.from(frameOf(fixtures.pixels[UID.sopBE]!, 32, 2)).swap16());
    const refused = await get(`${pathC(UID.sopBE)}/frames/1`, 'multipart/related; type="application/octet-stream"');
    assert.equal(refused.res.status, 406);
  });

  it('returns RLE frames as their fragment, which decodes to the original pixels', async () => {
    const { parts } = await frames(pathC(UID.sopRLE), '1,2,3');
    assert.equal(parts[0]!.headers['content-type'], 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.5');
    parts.forEach((p, i) =>
      assert.deepEqual(decodeRle16(p.body, 64), frameOf(fixtures.pixels[UID.sopRLE]!, 128, i + 1)),
    );
    const typed = await get(`${pathC(UID.sopRLE)}/frames/1`, 'multipart/related; type="image/dicom-rle"');
    assert.equal(typed.res.status, 200);
    assert.match(typed.res.headers.get('content-type')!, /type="image\/dicom-rle"/);
  });

  it('concatenates the fragments of each JPEG frame (with and without a Basic Offset Table)', async () => {
    for (const sop of [UID.sopJPEG, UID.sopJPEGBot]) {
      const bytes = readFileSync(fixtures.files[sop]!);
      const ds = dicomParser.parseDicom(bytes);
      const pixel = ds.elements['x7fe00010']!;
      assert.ok(pixel.fragments!.length > 2, 'fixture has several fragments per frame');
      const bot = pixel.basicOffsetTable!.length
        ? pixel.basicOffsetTable!
        : dicomParser.createJPEGBasicOffsetTable(ds, pixel);
      const { parts } = await frames(pathC(sop), '2,1');
      assert.equal(
        parts[0]!.headers['content-type'],
        'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.70',
      );
      for (const [i, n] of [2, 1].entries()) {
        const expected = Buffer.from(dicomParser.readEncapsulatedImageFrame(ds, pixel, n - 1, bot));
        assert.deepEqual(parts[i]!.body, expected, `${sop} frame ${n}`);
        assert.equal(expected.readUInt16BE(0), 0xffd8);
      }
    }
  });

  it('negotiates: stored syntax by UID, image media types, 406 for transcoding', async () => {
    const jpeg = pathC(UID.sopJPEG);
    const byUid = await get(
      `${jpeg}/frames/1`,
      'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.4.70',
    );
    assert.equal(byUid.res.status, 200);
    const nested = await get(
      `${jpeg}/frames/1`,
      'multipart/related; type="application/octet-stream; transfer-syntax=*"',
    );
    assert.equal(nested.res.status, 200);
    const image = await get(`${jpeg}/frames/1`, 'multipart/related; type="image/jpeg"');
    assert.equal(
      parseMultipartBody(image.body, image.res.headers.get('content-type')!)[0]!.headers['content-type'],
      'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.70',
    );
    const single = await get(`${jpeg}/frames/1`, 'image/jpeg');
    assert.equal(single.res.headers.get('content-type'), 'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.70');
    assert.equal(single.body.readUInt16BE(0), 0xffd8);
    for (const accept of [
      'multipart/related; type="application/octet-stream"',
      'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1',
      'multipart/related; type="image/jp2"',
      'application/dicom+json',
    ]) {
      const res = await get(`${jpeg}/frames/1`, accept);
      assert.equal(res.res.status, 406, accept);
    }
    const preferred = await get(
      `${jpeg}/frames/1`,
      'multipart/related; type="image/jp2", multipart/related; type="application/octet-stream"; transfer-syntax=*;q=0.5',
    );
    assert.equal(preferred.res.status, 200, 'falls back to a later acceptable range');
    assert.equal(
      (
        await get(
          `${pathA1}/frames/1`,
          'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.4.50',
        )
      ).res.status,
      406,
    );
  });

  it('answers 400 for bad frame lists and 404 for missing frames or pixel data', async () => {
    assert.equal((await get(`${pathA1}/frames/abc`, STORED)).res.status, 400);
    assert.equal((await get(`${pathA1}/frames/1,,2`, STORED)).res.status, 400);
    assert.equal((await get(`${pathA1}/frames/2`, STORED)).res.status, 404);
    assert.equal((await get(`${pathA1}/frames/0`, STORED)).res.status, 404);
    assert.equal((await get(`${instancePath(UID.studyA, UID.seriesA2, UID.sopA3)}/frames/1`, STORED)).res.status, 404);
    assert.equal((await get(`${instancePath(UID.studyA, UID.seriesA1, '1.2.3')}/frames/1`, STORED)).res.status, 404);
  });

  it('answers HEAD with the same length and no body', async () => {
    const full = await get(`${pathA1}/frames/1`, STORED);
    const head = await fetch(`${server.url}${pathA1}/frames/1`, { method: 'HEAD', headers: { accept: STORED } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(full.body.length));
  });
});

describe('WADO-RS with large and deflated files', () => {
  const pathE = (sop: string) => instancePath(UID.studyE, UID.seriesE1, sop);

  it('reads a header longer than the first read and slices 128 KiB frames', async () => {
    const { body } = await get(`${pathE(UID.sopLarge)}/metadata`);
    const [m] = JSON.parse(body.toString()) as Json[];
    assert.deepEqual(m!['00280010'], { vr: 'US', Value: [256] });
    const bulk = await get(m!['00091003']!.BulkDataURI!);
    assert.deepEqual(
      parseMultipartBody(bulk.body, bulk.res.headers.get('content-type')!)[0]!.body,
      Buffer.alloc(100_000, 0x5a),
    );
    const { parts } = await frames(pathE(UID.sopLarge), '2,1');
    const size = 256 * 256 * 2;
    assert.deepEqual(parts[0]!.body, frameOf(fixtures.pixels[UID.sopLarge]!, size, 2));
    assert.deepEqual(parts[1]!.body, frameOf(fixtures.pixels[UID.sopLarge]!, size, 1));
  });

  it('inflates deflated files: metadata, and frames in explicit VR little endian', async () => {
    const { body } = await get(`${pathE(UID.sopDeflated)}/metadata`);
    const [m] = JSON.parse(body.toString()) as Json[];
    assert.deepEqual(m!['00081030'], { vr: 'LO', Value: ['Deflated'] });
    assert.deepEqual(m!['00280011'], { vr: 'US', Value: [64] });
    for (const accept of [STORED, 'multipart/related; type="application/octet-stream"']) {
      const { parts } = await frames(pathE(UID.sopDeflated), '1', accept);
      assert.equal(parts[0]!.headers['content-type'], 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1');
      assert.deepEqual(parts[0]!.body, fixtures.pixels[UID.sopDeflated]);
    }
    const whole = await get(pathE(UID.sopDeflated));
    const [part] = parseMultipartBody(whole.body, whole.res.headers.get('content-type')!);
    assert.equal(part!.headers['content-type'], 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1.99');
    assert.deepEqual(part!.body, readFileSync(fixtures.files[UID.sopDeflated]!), 'the file as stored');
  });
});

describe('WADO-RS instances and rendering', () => {
  it('returns whole instances as multipart application/dicom, byte for byte', async () => {
    const { res, body } = await get(pathA1, 'multipart/related; type="application/dicom"; transfer-syntax=*');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^multipart\/related; type="application\/dicom"; boundary="/);
    const [part] = parseMultipartBody(body, res.headers.get('content-type')!);
    assert.equal(part!.headers['content-type'], 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1');
    assert.deepEqual(part!.body, readFileSync(fixtures.files[UID.sopA1]!));
    const series = await get(`/studies/${UID.studyC}/series/${UID.seriesC1}`);
    assert.equal(parseMultipartBody(series.body, series.res.headers.get('content-type')!).length, 4);
    const refused = await get(
      `/studies/${UID.studyC}`,
      'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1',
    );
    assert.equal(refused.res.status, 406);
  });

  it('answers 404 for thumbnails and rendered images rather than faking them', async () => {
    for (const suffix of ['/thumbnail', '/rendered', '/frames/1/rendered']) {
      const { res, body } = await get(pathA1 + suffix, 'image/jpeg');
      assert.equal(res.status, 404, suffix);
      assert.match(body.toString(), /renders no images/);
    }
    assert.equal((await get(`/studies/${UID.studyA}/series/${UID.seriesA1}/thumbnail`)).res.status, 404);
  });

  it('can be read by the Fovea core multipart parser', async () => {
    const res = await fetch(`${server.url}${instancePath(UID.studyB, UID.seriesB1, UID.sopB1)}/frames/1,2,3`, {
      headers: { accept: STORED },
    });
    const parts = [];
    for await (const part of parseMultipart(res.body!, res.headers.get('content-type')!)) parts.push(part);
    assert.deepEqual(
      parts.map((p) => Buffer.from(p.body)),
      [1, 2, 3].map((n) => frameOf(fixtures.pixels[UID.sopB1]!, 32, n)),
    );
    assert.equal(parts[0]!.contentType, 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1');
  });
});
