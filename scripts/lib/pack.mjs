// Packs the published packages as `pnpm pack` does for a release, and lists
// what each tarball holds (bench/tarballs.mjs, test/node/packages.test.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pnpmCommand, root } from './run.mjs';

export const PUBLISHED = ['core', 'elements', 'react'];

/**
 * The regular files of a tar archive (ustar and pax long names), with their bytes.
 * @param {Buffer} tar
 * @returns {{ name: string, size: number, data: Buffer }[]}
 */
function tarFiles(tar) {
  const files = [];
  /** @type {string | undefined} */
  let longName;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const data = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') {
      longName = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
    } else if (type === '0') {
      const prefix = field(345, 155);
      files.push({ name: longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)), size, data });
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * Packs each published package into `dir`.
 * @param {string} dir
 * @returns {{ name: string, file: string, packed: number, files: { name: string, size: number, data: Buffer }[] }[]}
 */
export function packPackages(dir) {
  const pnpm = pnpmCommand();
  return PUBLISHED.map((p) => {
    const before = new Set(readdirSync(dir));
    const r = spawnSync(pnpm.cmd, [...pnpm.pre, 'pack', '--pack-destination', dir], {
      cwd: join(root, 'packages', p),
      encoding: 'utf8',
    });
    const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.tgz'));
    if (r.status !== 0 || !file) throw new Error(`pnpm pack in packages/${p} failed: ${r.stderr || r.stdout}`);
    const path = join(dir, file);
    return {
      name: `@fovea-dicom/${p}`,
      file: path,
      packed: statSync(path).size,
      files: tarFiles(gunzipSync(readFileSync(path))),
    };
  });
}
