/**
 * make-samples writes the same bytes on every run, files dcmtk reads without a
 * warning, consistent geometry, and the patients' UTF-8 names.
 *
 *   node --import tsx --test packages/demo/src/sample/make-samples.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type * as DicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { CT, MR } from './phantom.js';
import { PATIENT_MUELLER, PATIENT_YAMADA, XSS_PAYLOADS } from './studies.js';

// dicom-parser is a UMD bundle: load it as CommonJS.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const script = fileURLToPath(new URL('./make-samples.ts', import.meta.url));
const hasDcmdump = spawnSync('dcmdump', ['--version']).status === 0;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const tmp = mkdtempSync(join(tmpdir(), 'fovea-samples-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(out: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--out', out, '--small'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

function hashes(dir: string): Map<string, string> {
  return new Map(
    listFiles(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}

function text(ds: DataSet, t: string): string {
  const el = ds.elements[t];
  if (!el) return '';
  return utf8.decode(ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length)).replace(/[ \0]+$/, '');
}

describe('make-samples --small', () => {
  const a = join(tmp, 'a');
  const b = join(tmp, 'b');
  before(() => {
    run(a);
    run(b);
  });

  test('two runs write byte-identical files', () => {
    const ha = hashes(a);
    const hb = hashes(b);
    assert.deepEqual([...ha.keys()], [...hb.keys()]);
    for (const [f, h] of ha) assert.equal(hb.get(f), h, `${f} differs between runs`);
    // 12 CT + 6 MR + CR + DX + US + palette, and index.json.
    assert.equal(ha.size, 12 + 6 + 4 + 1);
  });

  test('index.json lists every file with unique UIDs', () => {
    const index = JSON.parse(readFileSync(join(a, 'index.json'), 'utf8')) as {
      files: { path: string; sopInstanceUid: string; seriesInstanceUid: string; pixelMd5: string }[];
    };
    assert.equal(index.files.length, 22);
    assert.equal(new Set(index.files.map((f) => f.sopInstanceUid)).size, 22);
    for (const f of index.files) {
      assert.match(f.sopInstanceUid, /^2\.25\.[1-9]\d*$/);
      assert.ok(f.sopInstanceUid.length <= 64);
      assert.match(f.pixelMd5, /^[0-9a-f]{32}$/);
    }
    assert.equal(new Set(index.files.map((f) => f.seriesInstanceUid)).size, 6);
  });

  test(
    'dcmdump reads every file without a warning',
    { skip: hasDcmdump ? false : 'dcmdump (dcmtk) is not installed' },
    () => {
      for (const f of listFiles(a).filter((f) => f.endsWith('.dcm'))) {
        const r = spawnSync('dcmdump', ['-M', join(a, f)], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${f}: ${r.stderr}`);
        assert.equal(r.stderr.trim(), '', `${f}: ${r.stderr}`);
      }
      const mr = spawnSync('dcmdump', ['-M', join(a, 'mr', '0001.dcm')], { encoding: 'utf8' }).stdout;
      assert.ok(mr.includes(`(0010,0010) PN [${PATIENT_YAMADA.name}]`));
      const pal = spawnSync('dcmdump', ['-M', join(a, 'palette', '0001.dcm')], { encoding: 'utf8' }).stdout;
      assert.ok(pal.includes(`(0008,1030) LO [${XSS_PAYLOADS.studyDescription}]`));
      assert.ok(pal.includes('(0028,0004) CS [PALETTE COLOR]'));
      assert.ok(!pal.includes('(0008,0005)'), 'the payload patient uses the default character set');
    },
  );

  test('UTF-8 names and the script payloads survive as written', () => {
    const ct = dicomParser.parseDicom(readFileSync(join(a, 'ct', '0001.dcm')));
    assert.equal(ct.string('x00080005'), 'ISO_IR 192');
    assert.equal(text(ct, 'x00100010'), PATIENT_MUELLER.name);
    const mr = dicomParser.parseDicom(readFileSync(join(a, 'mr', '0001.dcm')));
    assert.equal(text(mr, 'x00100010'), 'Yamada^Tarou=山田^太郎=やまだ^たろう');
    const pal = dicomParser.parseDicom(readFileSync(join(a, 'palette', '0001.dcm')));
    assert.equal(text(pal, 'x00100010'), XSS_PAYLOADS.patientName);
    assert.equal(text(pal, 'x0008103e'), XSS_PAYLOADS.seriesDescription);
    assert.equal(text(pal, 'x00204000'), XSS_PAYLOADS.imageComments);
  });

  test('CT and MR positions step along the slice normal by SpacingBetweenSlices', () => {
    for (const [series, geom] of [
      ['ct', CT],
      ['mr', MR],
    ] as const) {
      const files = listFiles(join(a, series));
      const sets = files.map((f) => dicomParser.parseDicom(readFileSync(join(a, series, f))));
      const vec = (ds: DataSet, t: string, n: number): number[] =>
        Array.from({ length: n }, (_, i) => ds.floatString(t, i)!);
      const iop = vec(sets[0]!, 'x00200037', 6);
      const [r, c] = [iop.slice(0, 3), iop.slice(3)];
      const normal = [r[1]! * c[2]! - r[2]! * c[1]!, r[2]! * c[0]! - r[0]! * c[2]!, r[0]! * c[1]! - r[1]! * c[0]!];
      assert.ok(Math.abs(Math.hypot(...normal) - 1) < 1e-6);
      let prev: number[] | undefined;
      let prevInstance = 0;
      for (const ds of sets) {
        assert.deepEqual(vec(ds, 'x00200037', 6), iop, 'one orientation for the whole series');
        assert.equal(ds.floatString('x00180088'), geom.sliceSpacingMm);
        assert.equal(ds.floatString('x00180050'), geom.sliceThicknessMm);
        assert.deepEqual(vec(ds, 'x00280030', 2), [geom.pixelSpacingMm, geom.pixelSpacingMm]);
        const ipp = vec(ds, 'x00200032', 3);
        const instance = ds.intString('x00200013')!;
        assert.equal(instance, prevInstance + 1);
        const along = ipp.reduce((s, v, i) => s + v * normal[i]!, 0);
        if (series === 'ct')
          assert.ok(
            Math.abs(along - ds.floatString('x00201041')!) < 1e-4,
            'SliceLocation is the position along the normal',
          );
        if (prev) {
          const d = ipp.map((v, i) => v - prev![i]!);
          const step = d.reduce((s, v, i) => s + v * normal[i]!, 0);
          assert.ok(Math.abs(Math.abs(step) - geom.sliceSpacingMm) < 1e-4, `${series}: step ${step}`);
          const inPlane = Math.hypot(...d.map((v, i) => v - step * normal[i]!));
          assert.ok(inPlane < 1e-4, `${series}: the step leaves the normal by ${inPlane}`);
        }
        prev = ipp;
        prevInstance = instance;
      }
    }
  });
});
