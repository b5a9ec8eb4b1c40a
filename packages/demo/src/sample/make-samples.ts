/**
 * Writes Fovea's sample DICOM files: uncompressed Explicit VR Little Endian
 * Part 10 files of every series in studies.ts, one directory per series, plus
 * an `index.json` describing them.
 *
 *   npx tsx packages/demo/src/sample/make-samples.ts --out .data/samples [--small]
 *
 * Deterministic (same input, byte-identical output), needs nothing but Node.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Dataset, writeDicomFile } from './dicom-writer.js';
import { type BuildOptions, buildSeries, uids } from './instances.js';
import { type SeriesSpec, type StudySpec, STUDIES } from './studies.js';

/** One written file, as listed in index.json. */
export interface WrittenFile {
  /** Path relative to the output directory, with forward slashes. */
  readonly path: string;
  readonly bytes: number;
  readonly patientId: string;
  readonly studyKey: string;
  readonly seriesKey: string;
  readonly variant: string | null;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly instanceNumber: number;
  readonly frames: number;
  /** MD5 of the Pixel Data value (little-endian bytes), as `gdcminfo --md5sum` reports it once decoded. */
  readonly pixelMd5: string;
}

/** MD5 (hex) of a data set's Pixel Data value bytes, little endian, as written. */
export function pixelDataMd5(ds: Dataset): string {
  const v = ds.get(0x7fe00010)?.value;
  if (!ArrayBuffer.isView(v)) throw new Error('no Pixel Data');
  return createHash('md5')
    .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
    .digest('hex');
}

function uidOf(ds: Map<number, { value: unknown }>, t: number): string {
  const v = ds.get(t)?.value;
  if (typeof v !== 'string') throw new Error(`missing UID ${t.toString(16)}`);
  return v;
}

/** Writes one series (base or variant) into `dir` (created, emptied first). */
export function writeSeries(
  outDir: string,
  dir: string,
  study: StudySpec,
  series: SeriesSpec,
  options: BuildOptions = {},
): WrittenFile[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const written: WrittenFile[] = [];
  for (const inst of buildSeries(study, series, options)) {
    const bytes = writeDicomFile(inst.dataset);
    const file = join(dir, inst.fileName);
    writeFileSync(file, bytes);
    written.push({
      path: relative(outDir, file).split('\\').join('/'),
      bytes: bytes.length,
      patientId: study.patient.id,
      studyKey: study.key,
      seriesKey: series.key,
      variant: options.variant?.key ?? null,
      studyInstanceUid: uids.study(study),
      seriesInstanceUid: uids.series(series, options.variant),
      sopInstanceUid: uidOf(inst.dataset, 0x00080018),
      sopClassUid: uidOf(inst.dataset, 0x00080016),
      instanceNumber: inst.instanceNumber,
      frames: inst.frames,
      pixelMd5: pixelDataMd5(inst.dataset),
    });
  }
  return written;
}

/** Writes every sample series under `outDir/<seriesKey>/NNNN.dcm` and `outDir/index.json`. */
export function writeSamples(outDir: string, options: { small?: boolean } = {}): WrittenFile[] {
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const files: WrittenFile[] = [];
  for (const study of STUDIES) {
    for (const series of study.series) {
      files.push(...writeSeries(out, join(out, series.key), study, series, { small: options.small === true }));
    }
  }
  const index = {
    generator: 'fovea make-samples',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    small: options.small === true,
    patients: [...new Map(STUDIES.map((s) => [s.patient.id, s.patient])).values()].map((p) => ({
      id: p.id,
      name: p.name,
      specificCharacterSet: p.charset,
    })),
    studies: STUDIES.map((s) => ({
      key: s.key,
      patientId: s.patient.id,
      studyInstanceUid: uids.study(s),
      description: s.description,
      series: s.series.map((se) => ({
        key: se.key,
        kind: se.kind,
        seriesInstanceUid: uids.series(se),
        description: se.description,
      })),
    })),
    files,
  };
  writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return files;
}

function usage(): never {
  process.stderr.write('usage: make-samples.ts --out DIR [--small]\n');
  process.exit(2);
}

function main(argv: readonly string[]): void {
  let out: string | undefined;
  let small = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out = argv[++i];
    else if (a?.startsWith('--out=')) out = a.slice('--out='.length);
    else if (a === '--small') small = true;
    else if (a === '--help' || a === '-h') usage();
    else {
      process.stderr.write(`make-samples: unknown argument ${JSON.stringify(a)}\n`);
      usage();
    }
  }
  if (!out) usage();
  const started = performance.now();
  const files = writeSamples(out, { small });
  const mib = files.reduce((n, f) => n + f.bytes, 0) / 2 ** 20;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`make-samples: wrote ${files.length} files (${mib.toFixed(1)} MiB) to ${out} in ${seconds} s\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
