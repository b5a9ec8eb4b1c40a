/** The generated corpus's manifest, served by the test server (see web-test-runner.config.mjs). */
export interface CorpusSeries {
  syntax: string;
  seriesKey: string;
  phantom: string;
  transferSyntaxUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  modality: string;
  photometricInterpretation: string;
  instances: number;
}

export interface CorpusManifest {
  series: CorpusSeries[];
}

let manifest: Promise<CorpusManifest> | undefined;

export function corpus(): Promise<CorpusManifest> {
  manifest ??= fetch('/__fovea/corpus-manifest.json').then((r) => {
    if (!r.ok) throw new Error(`corpus manifest: HTTP ${r.status} (run scripts/corpus/make-corpus.sh)`);
    return r.json() as Promise<CorpusManifest>;
  });
  return manifest;
}

/** The one series matching `predicate`; fails loudly when the corpus lacks it. */
export async function findSeries(predicate: (s: CorpusSeries) => boolean, what: string): Promise<CorpusSeries> {
  const found = (await corpus()).series.filter(predicate);
  if (found.length === 0) throw new Error(`corpus has no ${what}`);
  return found.sort((a, b) => b.instances - a.instances)[0]!;
}
