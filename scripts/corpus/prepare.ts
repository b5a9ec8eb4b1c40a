/**
 * Step 2 of make-corpus.sh: writes the uncompressed source of every transcoded
 * series (its own Series / SOP Instance UIDs and SeriesDescription, see
 * instances.ts) and the job list that the shell script runs.
 *
 *   node --import tsx scripts/corpus/prepare.ts --corpus DIR --work DIR
 *
 * DIR/explicit-le must already hold make-samples' output (the base series).
 * jobs.tsv columns: syntax, transfer syntax UID, source, output, lossy (0/1),
 * signed pixels (0/1), final SOP Instance UID, series key, 8-bit (0/1), instance number,
 * MD5 of the source's pixel data (what gdcminfo --md5sum must report for a lossless output).
 * For the base syntax source and output are the same file (verify only).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeDicomFile } from '@fovea-dicom/demo/sample/dicom-writer.js';
import { type VariantSpec, buildSeries } from '@fovea-dicom/demo/sample/instances.js';
import { pixelDataMd5 } from '@fovea-dicom/demo/sample/make-samples.js';
import { findSeries } from '@fovea-dicom/demo/sample/studies.js';
import { sampleUid } from '@fovea-dicom/demo/sample/uid.js';
import { BASE_SYNTAX_KEY, SYNTAXES } from './plan.js';

interface IndexFile {
  readonly files: readonly {
    path: string;
    seriesKey: string;
    sopInstanceUid: string;
    instanceNumber: number;
    pixelMd5: string;
  }[];
}

function args(argv: readonly string[]): { corpus: string; work: string } {
  const get = (name: string): string => {
    const i = argv.indexOf(name);
    const v = i >= 0 ? argv[i + 1] : undefined;
    if (!v) throw new Error(`prepare.ts: ${name} DIR is required`);
    return resolve(v);
  };
  return { corpus: get('--corpus'), work: get('--work') };
}

function main(): void {
  const { corpus, work } = args(process.argv.slice(2));
  const jobs: string[] = [];
  const base = SYNTAXES.find((s) => s.key === BASE_SYNTAX_KEY)!;
  const index = JSON.parse(readFileSync(join(corpus, BASE_SYNTAX_KEY, 'index.json'), 'utf8')) as IndexFile;
  for (const entry of base.series) {
    const { series } = findSeries(entry.key);
    const files = index.files.filter((f) => f.seriesKey === entry.key);
    if (files.length === 0) throw new Error(`make-samples wrote no ${entry.key} series`);
    for (const f of files) {
      const file = join(corpus, BASE_SYNTAX_KEY, f.path);
      const signed = series.kind === 'ct' ? 1 : 0;
      jobs.push(
        [base.key, base.uid, file, file, 0, signed, f.sopInstanceUid, entry.key, 0, f.instanceNumber, f.pixelMd5].join(
          '\t',
        ),
      );
    }
  }
  let written = 0;
  for (const syntax of SYNTAXES) {
    if (syntax.key === BASE_SYNTAX_KEY) continue;
    for (const entry of syntax.series) {
      const { study, series } = findSeries(entry.key);
      const variant: VariantSpec = {
        key: syntax.key,
        label: syntax.label,
        seriesNumber: syntax.seriesNumberBase + series.number,
        ...(entry.max !== undefined ? { maxInstances: entry.max } : {}),
        ...(entry.bits8 ? { bits8: true } : {}),
      };
      for (const inst of buildSeries(study, series, { variant })) {
        const finalSop = inst.dataset.get(0x00080018)!.value as string;
        if (syntax.lossy) {
          // The encoder records this as the "uncompressed predecessor" (SourceImageSequence);
          // make-corpus.sh then sets SOP Instance UID to finalSop.
          inst.dataset.set(0x00080018, {
            vr: 'UI',
            value: sampleUid(`uncompressed/${series.key}/${syntax.key}/${inst.instanceNumber}`),
          });
        }
        const src = join(work, 'src', syntax.key, series.key, inst.fileName);
        const out = join(corpus, syntax.key, series.key, inst.fileName);
        mkdirSync(dirname(src), { recursive: true });
        writeFileSync(src, writeDicomFile(inst.dataset));
        written++;
        const signed = series.kind === 'ct' ? 1 : 0;
        jobs.push(
          [
            syntax.key,
            syntax.uid,
            src,
            out,
            syntax.lossy ? 1 : 0,
            signed,
            finalSop,
            series.key,
            entry.bits8 ? 1 : 0,
            inst.instanceNumber,
            pixelDataMd5(inst.dataset),
          ].join('\t'),
        );
      }
    }
  }
  writeFileSync(join(work, 'jobs.tsv'), `${jobs.join('\n')}\n`);
  process.stdout.write(
    `prepare: wrote ${written} sources; ${jobs.length} jobs (${jobs.length - written} base files to verify)\n`,
  );
}

main();
