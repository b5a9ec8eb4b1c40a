/**
 * QIDO-RS of the development DICOMweb server over DCMTK-written files.
 * Run: node --import tsx --test packages/demo/src/dev-dicomweb/*.test.ts
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createDicomWebClient } from '@fovea-dicom/core';
import { startDevDicomWebServer } from './index.js';
import { makeFixtures, UID, type Fixtures } from '../../test/dev-dicomweb-fixtures.js';

type Json = Record<string, { vr: string; Value?: unknown[] }>;

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

async function query(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; json: Json[] }> {
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Json[]) : [] };
}

const uidsOf = (json: Json[], tag = '0020000D') => json.map((r) => r[tag]?.Value?.[0]);
async function studies(search: string): Promise<unknown[]> {
  const r = await query(`/studies?${search}`);
  assert.equal(r.status, 200, `GET /studies?${search}`);
  return uidsOf(r.json);
}

describe('QIDO-RS studies', () => {
  it('indexes the files and skips what is not DICOM', () => {
    assert.equal(server.dicomweb.studies, 5);
    assert.equal(server.dicomweb.instances, 11);
    assert.equal(server.dicomweb.skipped.length, 1);
    assert.match(server.dicomweb.skipped[0]!.path, /not-dicom\.dcm$/);
  });

  it('returns the standard study attributes', async () => {
    const r = await query('/studies');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/dicom+json');
    assert.deepEqual(uidsOf(r.json), [UID.studyA, UID.studyB, UID.studyC, UID.studyD, UID.studyE]); // newest first
    const a = r.json[0]!;
    for (const tag of [
      '00080005',
      '00080020',
      '00080030',
      '00080050',
      '00080061',
      '00080090',
      '00081190',
      '00100010',
      '00100020',
      '00100030',
      '00100040',
      '0020000D',
      '00200010',
      '00201206',
      '00201208',
    ]) {
      assert.ok(a[tag], `study attribute ${tag}`);
    }
    assert.deepEqual(a['00080005'], { vr: 'CS', Value: ['ISO_IR 192'] });
    assert.deepEqual(a['00080061'], { vr: 'CS', Value: ['CT', 'SR'] });
    assert.deepEqual(a['00201206'], { vr: 'IS', Value: [2] });
    assert.deepEqual(a['00201208'], { vr: 'IS', Value: [3] });
    assert.deepEqual(a['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jürgen' }] });
    assert.equal(a['00081190']!.Value![0], `${server.url}/studies/${UID.studyA}`);
    assert.deepEqual(r.json[3]!['00100010'], {
      vr: 'PN',
      Value: [{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }],
    });
    assert.deepEqual(r.json[1]!['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Ærø^Åse' }] }, 'ISO_IR 100 decoded');
  });

  it('matches PatientName case-insensitively with wildcards and percent-encoded UTF-8', async () => {
    assert.deepEqual(await studies('PatientName=m%C3%BCller*'), [UID.studyA]);
    assert.deepEqual(await studies('PatientName=M%C3%9CLLER%5EJ%C3%BCrgen'), [UID.studyA]);
    assert.deepEqual(await studies('PatientName=m?ller^j*'), [UID.studyA]);
    assert.deepEqual(await studies('PatientName=%C3%A6r%C3%B8*'), [UID.studyB]);
    assert.deepEqual(await studies('PatientName=%E5%B1%B1%E7%94%B0*'), [UID.studyD], 'ideographic group');
    assert.deepEqual(await studies('PatientName=M%C3%BCller'), [], 'no wildcard: the whole name');
    assert.deepEqual(await studies('PatientName=*a*'), [UID.studyC, UID.studyD]);
  });

  it('is found to percent-decode by the core client’s probe, so Müller is matched exactly', async () => {
    const paths: string[] = [];
    const client = createDicomWebClient({
      root: server.url,
      fetch: (input, init) => {
        paths.push(String(input).slice(server.url.length));
        return fetch(input, init);
      },
    });
    const found = await client.searchStudies({ PatientName: 'Müller*' });
    assert.deepEqual(
      found.map((s) => s.studyInstanceUid),
      [UID.studyA],
    );
    assert.equal(client.quirks.noPercentDecoding, false);
    assert.deepEqual(client.broadenedKeys({ PatientName: 'Müller*' }), []);
    assert.equal(paths.length, 3, 'two probe requests, then the search');
    assert.equal(paths[2], '/studies?PatientName=M%C3%BCller*');
  });

  it('fuzzymatching=true matches name-part prefixes', async () => {
    assert.deepEqual(await studies('PatientName=j%C3%BCr&fuzzymatching=true'), [UID.studyA]);
    assert.deepEqual(await studies('PatientName=carla%20cod&fuzzymatching=true'), [UID.studyC]);
    assert.deepEqual(await studies('PatientName=j%C3%BCr&fuzzymatching=false'), []);
  });

  it('matches dates, date ranges and time ranges', async () => {
    assert.deepEqual(await studies('StudyDate=20240115'), [UID.studyA]);
    assert.deepEqual(await studies('StudyDate=20230101-20231231'), [UID.studyB]);
    assert.deepEqual(await studies('StudyDate=20230101-'), [UID.studyA, UID.studyB]);
    assert.deepEqual(await studies('StudyDate=-20221231'), [UID.studyC, UID.studyD, UID.studyE]);
    assert.deepEqual(await studies('StudyTime=1000-1100'), [UID.studyA]);
    assert.deepEqual(await studies('StudyTime=14'), [UID.studyB]);
    assert.deepEqual(await studies('PatientBirthDate=19700101'), [UID.studyA]);
  });

  it('matches identifiers, codes, UID lists and tag keys', async () => {
    assert.deepEqual(await studies('PatientID=PID-002'), [UID.studyB]);
    assert.deepEqual(await studies('PatientID=pid-002'), [], 'identifiers are case-sensitive');
    assert.deepEqual(await studies('00100020=PID-00*'), [UID.studyA, UID.studyB, UID.studyC, UID.studyD, UID.studyE]);
    assert.deepEqual(await studies('AccessionNumber=ACC-1'), [UID.studyA]);
    assert.deepEqual(await studies('ModalitiesInStudy=SR'), [UID.studyA]);
    assert.deepEqual(await studies('ModalitiesInStudy=MR,SR'), [UID.studyA, UID.studyB]);
    assert.deepEqual(await studies(`StudyInstanceUID=${UID.studyD},${UID.studyB}`), [UID.studyB, UID.studyD]);
    assert.deepEqual(await studies('ReferringPhysicianName=referrer*'), [UID.studyA]);
    assert.deepEqual(await studies('StudyDescription=*caf%C3%A9'), [UID.studyB]);
    assert.deepEqual(await studies('StudyDescription=CT+Chest*'), [UID.studyA], '+ is a space');
  });

  it('answers 200 [] when nothing matches', async () => {
    const r = await query('/studies?PatientID=nobody');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, []);
  });

  it('pages with limit and offset and says how many more there are', async () => {
    const r = await query('/studies?limit=2&offset=1');
    assert.deepEqual(uidsOf(r.json), [UID.studyB, UID.studyC]);
    assert.equal(r.headers.get('x-total-count'), '5');
    assert.match(r.headers.get('warning') ?? '', /^299 .*There are 2 additional results/);
    assert.deepEqual(uidsOf((await query('/studies?offset=3')).json), [UID.studyD, UID.studyE]);
    assert.equal((await query('/studies?offset=5')).headers.get('warning'), null);
    assert.deepEqual((await query('/studies?limit=0')).json, []);
  });

  it('adds includefield attributes, and the matching keys', async () => {
    const r = await query('/studies?PatientID=PID-001&includefield=PatientSex,00081030&includefield=StudyID');
    assert.deepEqual(r.json[0]!['00100040'], { vr: 'CS', Value: ['M'] });
    assert.deepEqual(r.json[0]!['00081030'], { vr: 'LO', Value: ['CT Chest with contrast'] });
    const all = await query('/studies?PatientID=PID-001&includefield=all');
    assert.deepEqual(all.json[0]!['00180050'], { vr: 'DS', Value: [1.25] });
    assert.equal(all.json[0]!['7FE00010'], undefined, 'no bulk data in QIDO');
    const withKey = await query('/studies?PatientBirthDate=');
    assert.equal(withKey.json.length, 5, 'an empty key matches everything');
  });
});

describe('QIDO-RS series and instances', () => {
  it('lists the series of a study with series attributes', async () => {
    const r = await query(`/studies/${UID.studyA}/series`);
    assert.equal(r.status, 200);
    assert.deepEqual(uidsOf(r.json, '0020000E'), [UID.seriesA1, UID.seriesA2]);
    assert.deepEqual(r.json[0]!['00080060'], { vr: 'CS', Value: ['CT'] });
    assert.deepEqual(r.json[0]!['00201209'], { vr: 'IS', Value: [2] });
    assert.deepEqual(r.json[0]!['00200011'], { vr: 'IS', Value: [1] });
    assert.equal(r.json[0]!['00100010'], undefined, 'no study attributes when scoped by study');
    assert.deepEqual(uidsOf((await query(`/studies/${UID.studyA}/series?Modality=SR`)).json, '0020000E'), [
      UID.seriesA2,
    ]);
  });

  it('searches all series with study attributes included', async () => {
    const r = await query('/series?Modality=MR');
    assert.deepEqual(uidsOf(r.json, '0020000E'), [UID.seriesB1]);
    assert.deepEqual(r.json[0]!['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Ærø^Åse' }] });
    assert.equal((await query('/series')).json.length, 6);
    assert.deepEqual(
      uidsOf((await query(`/series?SeriesInstanceUID=${UID.seriesC1},${UID.seriesA2}`)).json, '0020000E'),
      [UID.seriesA2, UID.seriesC1],
    );
  });

  it('lists instances of a series and of a study', async () => {
    const r = await query(`/studies/${UID.studyA}/series/${UID.seriesA1}/instances`);
    assert.deepEqual(uidsOf(r.json, '00080018'), [UID.sopA1, UID.sopA2]);
    const i = r.json[0]!;
    assert.deepEqual(i['00080016'], { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] });
    assert.deepEqual(i['00200013'], { vr: 'IS', Value: [1] });
    assert.deepEqual(i['00280010'], { vr: 'US', Value: [4] });
    assert.deepEqual(i['00280011'], { vr: 'US', Value: [3] });
    assert.deepEqual(i['00280100'], { vr: 'US', Value: [16] });
    assert.deepEqual(i['00083002'], { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] });
    assert.equal(
      i['00081190']!.Value![0],
      `${server.url}/studies/${UID.studyA}/series/${UID.seriesA1}/instances/${UID.sopA1}`,
    );
    const study = await query(`/studies/${UID.studyA}/instances`);
    assert.deepEqual(uidsOf(study.json, '00080018'), [UID.sopA1, UID.sopA2, UID.sopA3]);
    assert.deepEqual(study.json[2]!['00080060'], { vr: 'CS', Value: ['SR'] }, 'series attributes included');
    const frames = await query('/instances?NumberOfFrames=3');
    assert.deepEqual(uidsOf(frames.json, '00080018'), [UID.sopB1, UID.sopRLE]);
  });
});

describe('QIDO-RS errors', () => {
  const bad = async (search: string, pattern: RegExp) => {
    const res = await fetch(`${server.url}/studies?${search}`);
    assert.equal(res.status, 400, search);
    const body = (await res.json()) as { error: string };
    assert.match(body.error, pattern);
    return body.error;
  };

  it('answers 400 for bad parameters without echoing values', async () => {
    const message = await bad('NoSuchAttribute=Secret%20Patient', /unknown query parameter "NoSuchAttribute"/);
    assert.doesNotMatch(message, /Secret/);
    assert.doesNotMatch(await bad('StudyDate=2024-Secret', /StudyDate.*DA/), /Secret/);
    await bad('limit=-1', /limit/);
    await bad('offset=x', /offset/);
    await bad('fuzzymatching=yes', /fuzzymatching/);
    await bad('PatientName=%E0%A4%A', /percent-encoding/);
    await bad('includefield=NoSuchThing', /includefield/);
    await bad('PatientID=a&PatientID=b', /more than once/);
    await bad('00081140.00081150=1.2', /sequence matching/);
  });

  it('answers 404 for unknown UIDs and paths', async () => {
    assert.equal((await fetch(`${server.url}/studies/1.2.3/series`)).status, 404);
    assert.equal((await fetch(`${server.url}/studies/${UID.studyA}/series/1.2.3/instances`)).status, 404);
    assert.equal((await fetch(`${server.url}/nothing`)).status, 404);
    assert.equal((await fetch(`${server.url.replace('/dicom-web', '')}/other`)).status, 404);
  });

  it('is read-only: 405 for anything but GET and HEAD, STOW-RS included', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${server.url}/studies`, { method, body: method === 'DELETE' ? null : 'x' });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'GET, HEAD');
    }
    const head = await fetch(`${server.url}/studies`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  it('answers 406 when JSON is not acceptable', async () => {
    const res = await fetch(`${server.url}/studies`, {
      headers: { accept: 'multipart/related; type="application/dicom+xml"' },
    });
    assert.equal(res.status, 406);
  });
});

describe('server options and lifecycle', () => {
  it('answers CORS preflights when asked to, and 503 after close()', async () => {
    const other = await startDevDicomWebServer({ dir: fixtures.dir, port: 0, cors: true, log: () => {} });
    try {
      const preflight = await fetch(`${other.url}/studies`, { method: 'OPTIONS' });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.match(preflight.headers.get('access-control-allow-methods')!, /GET/);
      const res = await fetch(`${other.url}/studies?limit=1`);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      await other.dicomweb.close();
      assert.equal((await fetch(`${other.url}/studies`)).status, 503);
    } finally {
      await other.close();
    }
    assert.equal((await fetch(`${server.url}/studies`, { method: 'OPTIONS' })).status, 405, 'no CORS by default');
  });

  it('binds to loopback only', async () => {
    await assert.rejects(
      startDevDicomWebServer({ dir: fixtures.dir, port: 0, host: '0.0.0.0', log: () => {} }),
      /loopback/,
    );
  });

  it('prints a development-only banner', async () => {
    const lines: string[] = [];
    const other = await startDevDicomWebServer({ dir: fixtures.dir, port: 0, log: (l) => lines.push(l) });
    await other.close();
    assert.match(lines[0]!, /DEVELOPMENT TOOL, NOT FOR PRODUCTION/);
    assert.match(lines[1]!, /indexed 5 studies, 6 series, 11 instances in \d+ ms \(1 files skipped\)/);
  });
});
