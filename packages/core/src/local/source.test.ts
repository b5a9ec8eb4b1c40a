// The local source over the generated corpus (every transfer syntax, single
// and multi-frame, palette, SR, PDF): what it finds, what it skips and why,
// and that each frame it reads by byte range is the frame dicom-parser cuts
// out of the whole file. Zip archives are written with fflate, a DICOMDIR
// with dcmtk's dcmmkdir. Needs the corpus (scripts/corpus/make-corpus.sh).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openAsBlob,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import dicomParser from 'dicom-parser';
import { zipSync } from 'fflate';
import { LocalDicomSource } from './source.js';
import type { LocalFile } from './files.js';

const corpus = new URL('../../../../.data/corpus/', import.meta.url).pathname;
if (!existsSync(join(corpus, 'manifest.json'))) throw new Error('no corpus: run scripts/corpus/make-corpus.sh');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

async function localFiles(dir: string, paths = walk(dir)): Promise<LocalFile[]> {
  return Promise.all(paths.map(async (path) => ({ path: relative(dir, path), file: await openAsBlob(path) })));
}

/**
 * Frame `index` (0-based) of a Part 10 file, cut out by dicom-parser from the
 * whole file (deflated files inflated by Node's zlib, not by fflate).
 */
function referenceFrame(bytes: Buffer, index: number): Uint8Array {
  const dataSet = dicomParser.parseDicom(bytes);
  const pixel = dataSet.elements['x7fe00010']!;
  const frames = Number(dataSet.string('x00280008') ?? 1) || 1;
  const data = dataSet.byteArray;
  if (!pixel.encapsulatedPixelData) {
    const size = pixel.length / frames;
    return new Uint8Array(data.subarray(pixel.dataOffset + index * size, pixel.dataOffset + (index + 1) * size));
  }
  if (frames === 1)
    return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixel, 0, pixel.fragments!.length);
  if (pixel.basicOffsetTable?.length) return dicomParser.readEncapsulatedImageFrame(dataSet, pixel, index);
  if (pixel.fragments!.length === frames)
    return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixel, index, 1);
  return dicomParser.readEncapsulatedImageFrame(
    dataSet,
    pixel,
    index,
    dicomParser.createJPEGBasicOffsetTable(dataSet, pixel),
  );
}

test('the corpus: every DICOM file is found, other files are listed as not DICOM', async () => {
  const source = new LocalDicomSource();
  const progress: number[] = [];
  await source.add(await localFiles(corpus), { onProgress: (p) => progress.push(p.read) });
  const dcm = walk(corpus).filter((p) => p.endsWith('.dcm'));
  assert.equal(source.instances.length, dcm.length);
  assert.equal(source.skipped.length, walk(corpus).length - dcm.length);
  assert.ok(source.skipped.every((s) => s.reason === 'not-dicom'));
  assert.ok(progress.length >= walk(corpus).length, 'progress after each file');
  const studies = await source.searchStudies();
  assert.ok(studies.length >= 1);
  const series = await source.searchSeries({ StudyInstanceUID: studies[0]!.studyInstanceUid });
  assert.ok(series.length > 1);
  assert.equal(
    series.reduce((n, s) => n + (s.numberOfInstances ?? 0), 0),
    studies[0]!.numberOfInstances,
  );
});

test('frames read by byte range equal the frames of the whole file, in every transfer syntax', async () => {
  const source = new LocalDicomSource();
  await source.add(await localFiles(corpus));
  const seen = new Set<string>();
  let checked = 0;
  for (const record of source.instances) {
    if (!record.pixelData) continue;
    // One instance of each syntax and kind (single / multi-frame) is enough, and keeps the test short.
    const kind = `${record.transferSyntaxUid}|${record.instance.numberOfFrames > 1}|${record.instance.photometricInterpretation}`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    const bytes = readFileSync(join(corpus, record.path));
    const frames = record.instance.numberOfFrames;
    const wanted = [1, frames].filter((f, i, a) => a.indexOf(f) === i);
    const got = await source.retrieveFrames(record.instance, wanted);
    for (const frame of got) {
      assert.deepEqual(
        frame.bytes,
        new Uint8Array(referenceFrame(bytes, frame.frame - 1)),
        `${kind} frame ${frame.frame}`,
      );
    }
    checked++;
  }
  assert.ok(checked >= 12, `only ${checked} kinds checked`);
});

test('zip archives are opened; truncated and non-DICOM files are skipped with their reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-local-'));
  const ct = walk(join(corpus, 'explicit-le/ct')).slice(0, 6);
  const entries: Record<string, Buffer> = {};
  ct.slice(0, 4).forEach((p, i) => (entries[`inner/IM${i}`] = readFileSync(p)));
  writeFileSync(join(dir, 'cd.zip'), zipSync(entries, { level: 6 }));
  const whole = readFileSync(ct[4]!);
  writeFileSync(join(dir, 'cut.dcm'), whole.subarray(0, whole.length - 1000));
  writeFileSync(join(dir, 'README.TXT'), 'Please bring this CD to your appointment.\n');
  writeFileSync(join(dir, 'broken.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
  const source = new LocalDicomSource();
  await source.add(await localFiles(dir));
  assert.equal(source.instances.length, 4);
  assert.deepEqual(source.skipped.map((s) => `${s.path}:${s.reason}`).sort(), [
    'README.TXT:not-dicom',
    'broken.zip:unreadable',
    'cut.dcm:truncated',
  ]);
  const [first] = source.instances;
  const frame = (await source.retrieveFrames(first!.instance, [1]))[0]!;
  assert.deepEqual(frame.bytes, new Uint8Array(referenceFrame(entries[first!.path.replace('cd.zip/', '')]!, 0)));
});

test('a DICOMDIR made by dcmmkdir: its files are found, a file it names that is gone is listed as missing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-dicomdir-'));
  mkdirSync(join(dir, 'DICOM/S1'), { recursive: true });
  const mr = walk(join(corpus, 'explicit-le/mr')).slice(0, 5);
  mr.forEach((p, i) => writeFileSync(join(dir, `DICOM/S1/IM${i}`), readFileSync(p)));
  execFileSync('dcmmkdir', ['--recurse', '+id', dir, '--output-file', join(dir, 'DICOMDIR'), '+I', 'DICOM'], {
    cwd: dir,
    stdio: 'pipe',
  });
  const all = walk(dir).filter((p) => !p.endsWith('IM4'));
  const source = new LocalDicomSource();
  await source.add(await localFiles(dir, all));
  assert.equal(source.instances.length, 4);
  assert.deepEqual(
    source.skipped.map((s) => `${s.path}:${s.reason}`),
    ['DICOM/S1/IM4:missing'],
  );
});
