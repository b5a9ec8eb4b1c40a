// Media like a patient's CD, made from the corpus for the import tests and the
// benchmark (deterministic; made once, then reused while the corpus is the same):
//
//   .data/import-media/cd/        DICOM/… files without extensions: 18 images in three series of
//                                 one patient (explicit VR LE, JPEG lossless, RLE), a text file and a cut file
//   .data/import-media/mixed/     two patients' studies
//   .data/import-media/dicomdir/  files and the DICOMDIR dcmmkdir writes for them
//   .data/import-media/cd.zip     the cd/ folder's DICOM files in a zip archive
//
// Every instance gets new study, series and SOP instance UIDs (2.25 UIDs derived
// from the originals), so that uploads do not meet the copies of the corpus the
// test server already holds. UIDs are set with dcmtk's dcmodify.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';

/** A 2.25 UID derived from `text` (the same every run). */
export function derivedUid(text) {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 30);
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/** The UID a tag of a file has (dcmdump). */
function tagOf(file, tag) {
  const line = execFileSync('dcmdump', ['-q', '+P', tag, file]).toString().split('\n')[0] ?? '';
  return /\[([^\]]*)\]/.exec(line)?.[1] ?? '';
}

/**
 * Copies `files` into `dir` as DICOM/S<series>/IM<n> with UIDs derived from
 * `label` and the originals. Returns the paths written.
 */
export function copyWithNewUids(files, dir, label) {
  const out = [];
  files.forEach((file, i) => {
    const series = tagOf(file, '0020,000e');
    const study = tagOf(file, '0020,000d');
    const sop = tagOf(file, '0008,0018');
    const folder = join(
      dir,
      'DICOM',
      `S${createHash('sha256').update(series).digest('hex').slice(0, 6).toUpperCase()}`,
    );
    mkdirSync(folder, { recursive: true });
    const target = join(folder, `IM${String(i).padStart(5, '0')}`);
    writeFileSync(target, readFileSync(file));
    execFileSync('dcmodify', [
      '-nb',
      '-q',
      '-m',
      `(0020,000d)=${derivedUid(`${label}|${study}`)}`,
      '-m',
      `(0020,000e)=${derivedUid(`${label}|${series}`)}`,
      '-m',
      `(0008,0018)=${derivedUid(`${label}|${sop}`)}`,
      target,
    ]);
    out.push(target);
  });
  return out;
}

/** Makes the media under `root`/.data/import-media (skipped when they are there and newer than the corpus). */
export function makeImportMedia(root) {
  const corpus = join(root, '.data/corpus');
  const out = join(root, '.data/import-media');
  const stamp = join(out, '.stamp');
  const manifest = join(corpus, 'manifest.json');
  if (!existsSync(manifest)) throw new Error('import media: run scripts/corpus/make-corpus.sh first');
  if (existsSync(stamp) && statSync(stamp).mtimeMs > statSync(manifest).mtimeMs) return out;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const pick = (syntax, phantom, n) => walk(join(corpus, syntax, phantom)).slice(0, n);

  const cd = join(out, 'cd');
  const cdFiles = copyWithNewUids(
    [...pick('explicit-le', 'ct', 12), ...pick('jpeg-lossless-sv1', 'ct', 6), ...pick('rle', 'ct', 6)],
    cd,
    'cd',
  );
  writeFileSync(join(cd, 'README.TXT'), 'Please bring this CD to your appointment.\n');
  const cut = readFileSync(cdFiles[0]);
  writeFileSync(join(cd, 'DICOM', 'CUT'), cut.subarray(0, cut.length - 8192));

  const mixed = join(out, 'mixed');
  copyWithNewUids([...pick('explicit-le', 'ct', 4), ...pick('explicit-le', 'mr', 4)], mixed, 'mixed');

  const dicomdir = join(out, 'dicomdir');
  copyWithNewUids(pick('explicit-le', 'mr', 6), dicomdir, 'dicomdir');
  execFileSync('dcmmkdir', ['--recurse', '+id', dicomdir, '--output-file', join(dicomdir, 'DICOMDIR'), '+I', 'DICOM'], {
    stdio: 'pipe',
  });

  const entries = {};
  for (const file of cdFiles) entries[file.slice(cd.length + 1)] = new Uint8Array(readFileSync(file));
  writeFileSync(join(out, 'cd.zip'), zipSync(entries, { level: 6, mtime: new Date('2024-01-01T00:00:00Z') }));

  writeFileSync(stamp, new Date().toISOString());
  return out;
}
