// Sample data for Storybook: the demo's deterministic phantom studies, written
// small (`make-samples --small`) into .cache/storybook/samples on first use.
// Shared by main.ts (dev middleware, virtual module) and snapshot.ts (static build).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const samplesDir = join(root, '.cache/storybook/samples');
export const snapshotDir = join(root, '.cache/storybook/dicomweb-snapshot');
/** Where the static build serves the snapshot (relative to iframe.html). */
export const snapshotUrlPath = 'dicomweb-snapshot';

/** Series the stories show (keys of packages/demo/src/sample/studies.ts). */
export const STORY_SERIES = ['ct', 'cr', 'dx', 'mr', 'us'] as const;

export interface SampleSeries {
  key: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  description: string;
}

/** Writes the samples unless they are there already. */
export function ensureSamples(): void {
  if (existsSync(join(samplesDir, 'index.json'))) return;
  const tsx = join(root, 'node_modules/.bin/tsx');
  const script = join(root, 'packages/demo/src/sample/make-samples.ts');
  const result = spawnSync(tsx, [script, '--out', samplesDir, '--small'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`make-samples failed with exit code ${result.status}`);
}

/** The stories' series, from the samples' index.json. */
export function sampleSeries(): SampleSeries[] {
  ensureSamples();
  const index = JSON.parse(readFileSync(join(samplesDir, 'index.json'), 'utf8')) as {
    studies: { studyInstanceUid: string; series: { key: string; seriesInstanceUid: string; description: string }[] }[];
  };
  return index.studies.flatMap((study) =>
    study.series
      .filter((s) => (STORY_SERIES as readonly string[]).includes(s.key))
      .map((s) => ({
        key: s.key,
        studyInstanceUid: study.studyInstanceUid,
        seriesInstanceUid: s.seriesInstanceUid,
        description: s.description,
      })),
  );
}
