/**
 * Last step of make-corpus.sh: checks every corpus file against the plan, from
 * its dcmdump output and gdcm's decoded-pixel MD5, and writes manifest.json.
 *
 *   node --import tsx scripts/corpus/manifest.ts --corpus DIR --work DIR --hash HASH
 *
 * Reads WORK/jobs.tsv (prepare.ts), WORK/dumps/*.txt (`dcmdump +F -M -Un` of each
 * series directory) and WORK/md5/*.txt (`path<TAB>md5` of the pixels gdcm decoded).
 * Exits non-zero, listing every problem, when a file does not hold what the plan
 * asked for.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findSeries } from '@fovea-dicom/demo/sample/studies.js';
import { SYNTAXES, TRANSFER_SYNTAX_NAMES } from './plan.js';

function arg(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (!v) throw new Error(`manifest.ts: ${name} is required`);
  return v;
}

/** Top-level elements of a dcmdump listing: "gggg,eeee" -> value text (strings without brackets). */
export function parseDump(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\(([0-9a-f]{4}),([0-9a-f]{4})\) ([A-Z]{2}|na|pi) (.*)$/.exec(line);
    if (!m) continue;
    const rest = m[4]!;
    const hash = rest.lastIndexOf('#');
    let value = (hash >= 0 ? rest.slice(0, hash) : rest).trim();
    const quoted = /^\[(.*)\]$/.exec(value);
    if (quoted) value = quoted[1]!;
    else if (value.startsWith('(no value')) value = '';
    out.set(`${m[1]},${m[2]}`, value);
  }
  return out;
}

const PHOTOMETRIC: Record<string, string> = {
  ct: 'MONOCHROME2',
  mr: 'MONOCHROME2',
  dx: 'MONOCHROME2',
  cr: 'MONOCHROME1',
  us: 'RGB',
  palette: 'PALETTE COLOR',
};

function main(): void {
  const argv = process.argv.slice(2);
  const corpus = resolve(arg(argv, '--corpus'));
  const work = resolve(arg(argv, '--work'));
  const hash = arg(argv, '--hash');
  const lines = readFileSync(join(work, 'jobs.tsv'), 'utf8').split('\n').filter(Boolean);
  const dumps = new Map<string, string>();
  const md5s = new Map<string, string>();
  for (const name of readdirSync(join(work, 'dumps')).filter((n) => n.endsWith('.txt'))) {
    const parts = readFileSync(join(work, 'dumps', name), 'utf8').split(/^# dcmdump \(\d+\/\d+\): (.*)$/m);
    for (let i = 1; i + 1 < parts.length; i += 2) dumps.set(resolve(parts[i]!), parts[i + 1]!);
  }
  for (const name of readdirSync(join(work, 'md5')).filter((n) => n.endsWith('.txt'))) {
    for (const line of readFileSync(join(work, 'md5', name), 'utf8')
      .split('\n')
      .filter(Boolean)) {
      const [file, md5] = line.split('\t') as [string, string];
      md5s.set(resolve(file), md5);
    }
  }
  const problems: string[] = [];
  const files = lines.map((line) => {
    const [syntaxKey, tsUid, , out, lossyText, , finalSop, seriesKey, bits8Text, instanceText, sourcePixelMd5] =
      line.split('\t') as [string, string, string, string, string, string, string, string, string, string, string];
    const path = relative(corpus, out).split('\\').join('/');
    const fail = (what: string): void => void problems.push(`${path}: ${what}`);
    const dump = dumps.get(resolve(out));
    if (dump === undefined) fail('no dcmdump output');
    const d = parseDump(dump ?? '');
    const { study, series } = findSeries(seriesKey);
    const lossy = lossyText === '1';
    const bits8 = bits8Text === '1';
    const num = (t: string): number => {
      const v = d.get(t);
      if (v === undefined || v === '' || Number.isNaN(Number(v))) {
        fail(`(${t}) missing or not a number`);
        return NaN;
      }
      return Number(v);
    };
    const str = (t: string): string => d.get(t) ?? '';
    const ts = str('0002,0010');
    if (ts !== tsUid) fail(`transfer syntax ${ts}, asked for ${tsUid}`);
    if (str('0008,0018') !== finalSop) fail(`SOP Instance UID ${str('0008,0018')}, expected ${finalSop}`);
    if (str('0002,0003') !== finalSop) fail(`Media Storage SOP Instance UID ${str('0002,0003')}, expected ${finalSop}`);
    const expectedPhotometric =
      syntaxKey === 'jpeg-baseline' && series.kind === 'us' ? 'YBR_FULL_422' : PHOTOMETRIC[series.kind]!;
    const photometric = str('0028,0004');
    if (photometric !== expectedPhotometric) fail(`photometric ${photometric}, expected ${expectedPhotometric}`);
    const lossyFlag = str('0028,2110');
    if ((lossyFlag === '01') !== lossy) fail(`LossyImageCompression ${lossyFlag} but the plan says lossy=${lossy}`);
    if (lossy && !/^ISO_(10918_1|14495_1|15444_1)$/.test(str('0028,2114')))
      fail('lossy without Lossy Image Compression Method');
    const pixelMd5 = md5s.get(resolve(out)) ?? '';
    if (!/^[0-9a-f]{32}$/.test(pixelMd5)) fail('no decoded pixel MD5');
    if (!lossy && pixelMd5 !== sourcePixelMd5)
      fail(`lossless but decoded pixels differ from the source (${pixelMd5} != ${sourcePixelMd5})`);
    const bytes = readFileSync(out);
    const frames = d.has('0028,0008') ? num('0028,0008') : 1;
    const entry = {
      path,
      syntax: syntaxKey,
      transferSyntaxUid: ts,
      transferSyntaxName: TRANSFER_SYNTAX_NAMES[ts] ?? ts,
      lossy,
      lossyMethod: str('0028,2114') || null,
      phantom: series.kind,
      phantomBits8: bits8,
      seriesKey,
      patientId: str('0010,0020'),
      patientName: study.patient.name,
      studyInstanceUid: str('0020,000d'),
      seriesInstanceUid: str('0020,000e'),
      sopInstanceUid: str('0008,0018'),
      sopClassUid: str('0008,0016'),
      modality: str('0008,0060'),
      seriesNumber: num('0020,0011'),
      instanceNumber: num('0020,0013'),
      sliceIndex: series.kind === 'ct' || series.kind === 'mr' ? Number(instanceText) - 1 : null,
      photometricInterpretation: photometric,
      samplesPerPixel: num('0028,0002'),
      planarConfiguration: d.has('0028,0006') ? num('0028,0006') : null,
      bitsAllocated: num('0028,0100'),
      bitsStored: num('0028,0101'),
      highBit: num('0028,0102'),
      pixelRepresentation: num('0028,0103'),
      rows: num('0028,0010'),
      columns: num('0028,0011'),
      frames,
      bytes: statSync(out).size,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      pixelMd5,
      sourcePixelMd5,
    };
    if (entry.studyInstanceUid === '' || entry.seriesInstanceUid === '') fail('missing study / series UID');
    return entry;
  });

  // Every series must be its own: one SeriesInstanceUID per (syntax, series key), never shared.
  const seriesMap = new Map<string, { syntax: string; seriesKey: string; uid: string; files: typeof files }>();
  for (const f of files) {
    const k = f.seriesInstanceUid;
    const s = seriesMap.get(k);
    if (!s) seriesMap.set(k, { syntax: f.syntax, seriesKey: f.seriesKey, uid: k, files: [f] });
    else if (s.syntax !== f.syntax || s.seriesKey !== f.seriesKey)
      problems.push(`${f.path}: shares SeriesInstanceUID with ${s.files[0]!.path}`);
    else s.files.push(f);
  }
  const sops = new Set<string>();
  for (const f of files) {
    if (sops.has(f.sopInstanceUid)) problems.push(`${f.path}: duplicate SOP Instance UID`);
    sops.add(f.sopInstanceUid);
  }

  if (problems.length) {
    process.stderr.write(`manifest: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }

  const manifest = {
    generator: 'scripts/corpus/make-corpus.sh',
    sourceHash: hash,
    fileCount: files.length,
    totalBytes: files.reduce((n, f) => n + f.bytes, 0),
    transferSyntaxes: SYNTAXES.map((s) => ({
      key: s.key,
      uid: s.uid,
      name: TRANSFER_SYNTAX_NAMES[s.uid],
      label: s.label,
      lossy: s.lossy,
      files: files.filter((f) => f.syntax === s.key).length,
    })),
    series: [...seriesMap.values()].map((s) => {
      const f0 = s.files[0]!;
      return {
        syntax: s.syntax,
        seriesKey: s.seriesKey,
        phantom: f0.phantom,
        transferSyntaxUid: f0.transferSyntaxUid,
        studyInstanceUid: f0.studyInstanceUid,
        seriesInstanceUid: s.uid,
        seriesNumber: f0.seriesNumber,
        modality: f0.modality,
        photometricInterpretation: f0.photometricInterpretation,
        instances: s.files.length,
        directory: f0.path.slice(0, f0.path.lastIndexOf('/')),
      };
    }),
    files,
  };
  writeFileSync(join(corpus, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(
    `manifest: ${files.length} files, ${manifest.series.length} series, ${(manifest.totalBytes / 2 ** 20).toFixed(1)} MiB\n`,
  );
}

main();
