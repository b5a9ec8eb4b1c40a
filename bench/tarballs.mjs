// The three npm tarballs as `pnpm pack` writes them: packed and unpacked bytes
// and file counts (issue 15's target: @fovea-dicom/elements under 3 MB packed).
// Packs what is built: run `npm run build` first.
//
//   node bench/tarballs.mjs        prints the table
//
// bench/run.mjs includes these figures in its output and latest.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPackages } from '../scripts/lib/pack.mjs';

/** @returns {Record<string, { packed: number, unpacked: number, files: number }>} by package name */
export function measureTarballs() {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-tarballs-'));
  try {
    return Object.fromEntries(
      packPackages(dir).map((t) => [
        t.name,
        { packed: t.packed, unpacked: t.files.reduce((sum, f) => sum + f.size, 0), files: t.files.length },
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines for a report. @param {Record<string, { packed: number, unpacked: number, files: number }>} sizes */
export function tarballLines(sizes) {
  const mb = (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} MB` : `${(v / 1e3).toFixed(1)} kB`);
  return Object.entries(sizes).map(
    ([name, s]) =>
      `  ${name.padEnd(24)} ${mb(s.packed).padStart(9)} packed ${mb(s.unpacked).padStart(9)} unpacked ${String(s.files).padStart(5)} files`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Tarballs (pnpm pack):');
  console.log(tarballLines(measureTarballs()).join('\n'));
}
