// The bench's own series, made from the corpus (.data/corpus) with dcmtk,
// deterministically, into bench/.build/series (gitignored, like the rest of
// bench/.build). Issue 18 measures a 200-slice explicit-LE CT; the corpus's CT
// has 120 slices (the e2e tests count them), so the bench makes a longer one:
//
//   explicit-le-200: 200 slices of 512 x 512 CT, uncompressed Explicit VR
//   Little Endian, slice i a copy of the corpus CT's slice floor(i * 120 / 200)
//   with its own series / SOP Instance UIDs (2.25 UIDs from a hash of a fixed
//   name), instance number i + 1 and position 2 mm apart, in the corpus
//   study (a series of its own there).
//
// Pixel values repeat (the phantom's sphere is stretched), which changes
// nothing for an uncompressed series: the bytes per slice and the decoding
// work are those of the corpus's slices.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench/.build/series');
/** Bump when what is written changes: the series is remade. */
const VERSION = 1;

/** A 2.25 UID (decimal of 128 bits) from a hash of `name`: the same name, the same UID. */
function uidOf(name) {
  const hex = createHash('sha256').update(`fovea-bench/${name}`).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

function dump(file, tag) {
  const r = spawnSync('dcmdump', ['+P', tag, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dcmdump ${tag} failed: ${r.stderr.trim()}`);
  const m = /\[([^\]]*)\]/.exec(r.stdout);
  if (!m) throw new Error(`dcmdump: no ${tag} in ${file}`);
  return m[1];
}

/**
 * Makes (once) the `slices`-slice explicit-LE CT from the corpus's and returns
 * a manifest entry like the corpus manifest's: { syntax, directory (absolute),
 * studyInstanceUid, seriesInstanceUid, instances, transferSyntaxUid }.
 */
export function ensureLongSeries(corpusDir, manifest, { slices = 200, log = () => {} } = {}) {
  const source = manifest.series.find((x) => x.syntax === 'explicit-le' && x.seriesKey === 'ct');
  if (!source) throw new Error('corpus has no explicit-le CT series');
  const syntax = `explicit-le-${slices}`;
  const dir = join(OUT, syntax);
  const seriesUid = uidOf(`${syntax}/series`);
  const stamp = JSON.stringify({ VERSION, slices, source: source.seriesInstanceUid, n: source.instances });
  const entry = {
    syntax,
    seriesKey: 'ct',
    directory: dir,
    studyInstanceUid: source.studyInstanceUid,
    seriesInstanceUid: seriesUid,
    instances: slices,
    transferSyntaxUid: source.transferSyntaxUid,
  };
  if (existsSync(join(dir, '.stamp')) && readFileSync(join(dir, '.stamp'), 'utf8') === stamp) return entry;
  const t0 = Date.now();
  const srcDir = join(corpusDir, source.directory);
  const files = readdirSync(srcDir)
    .filter((f) => f.endsWith('.dcm'))
    .sort();
  if (files.length !== source.instances)
    throw new Error(`${srcDir}: ${files.length} files, manifest says ${source.instances}`);
  const first = join(srcDir, files[0]);
  if (dump(first, '0020,0013') !== '1') throw new Error(`${first} is not instance 1`);
  const [x, y, z0] = dump(first, '0020,0032').split('\\').map(Number);
  const spacing = z0 - Number(dump(join(srcDir, files[1]), '0020,0032').split('\\')[2]);
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  for (let i = 0; i < slices; i++) {
    const file = join(building, `${String(i + 1).padStart(4, '0')}.dcm`);
    copyFileSync(join(srcDir, files[Math.floor((i * files.length) / slices)]), file);
    const z = z0 - i * spacing;
    const r = spawnSync(
      'dcmodify',
      [
        '-nb',
        '-m',
        `(0020,000e)=${seriesUid}`,
        '-m',
        `(0008,0018)=${uidOf(`${syntax}/instance/${i}`)}`,
        '-m',
        `(0020,0013)=${i + 1}`,
        '-m',
        `(0020,0011)=${90 + (slices % 10)}`,
        '-m',
        `(0020,0032)=${x}\\${y}\\${z}`,
        '-m',
        `(0020,1041)=${z}`,
        '-m',
        `(0008,103e)=Abdomen 2.0 mm Weichteil [bench, ${slices} slices]`,
        file,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`dcmodify failed: ${r.stderr.trim()}`);
  }
  writeFileSync(join(building, '.stamp'), stamp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  log(`made ${syntax}: ${slices} slices in ${Date.now() - t0} ms`);
  return entry;
}
