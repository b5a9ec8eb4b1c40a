// Makes sure Debian packages that provide some binaries (or files) are installed.
// Used by the Orthanc, Chromium and dcmtk scripts: as root on Debian it installs
// what is missing with apt-get; anywhere else it throws an Error that names the
// packages and the command to run.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** @typedef {{ bin: string, pkg: string | string[] }} BinaryPackage */

/** `apt-get update` runs at most once per process. @type {Promise<void> | undefined} */
let updated;

/**
 * Whether `bin` exists: an absolute or relative path is checked as is (so a
 * plugin `.so` or a data file works too); a bare name is looked up in PATH plus
 * the sbin folders, which a non-login root shell often lacks.
 * @param {string} bin
 */
export function hasBinary(bin) {
  if (bin.includes('/')) return existsSync(bin);
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  return dirs.some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Installs the Debian packages of the binaries that are missing.
 *
 * - Nothing missing: resolves at once with `{ installed: [], ms: 0 }`.
 * - Missing, root on Debian: `apt-get update` (once per process) then
 *   `apt-get install -y --no-install-recommends PKGS` with
 *   DEBIAN_FRONTEND=noninteractive, waiting up to 5 minutes for the dpkg lock;
 *   prints one line with what it installs and one with how long it took.
 * - Missing otherwise: throws an Error naming the packages and the command.
 *
 * @param {BinaryPackage[]} binaries
 * @param {{ log?: (line: string) => void, why?: string }} [opts] `why` names
 *   the user in messages (e.g. "Orthanc tests").
 * @returns {Promise<{ installed: string[], ms: number }>}
 */
export async function ensureDebianPackages(binaries, { log = (line) => console.log(line), why } = {}) {
  const missing = binaries.filter((b) => !hasBinary(b.bin));
  if (missing.length === 0) return { installed: [], ms: 0 };
  const pkgs = [...new Set(missing.flatMap((b) => (Array.isArray(b.pkg) ? b.pkg : [b.pkg])))];
  const what = missing.map((b) => b.bin).join(', ');
  const command = `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version');
  const forWhom = why ? ` (needed for ${why})` : '';
  if (!isDebian) {
    throw new Error(
      `Missing ${what}${forWhom}. This is not Debian: install the equivalent of the Debian packages ` +
        `${pkgs.join(', ')} (on Debian/Ubuntu: sudo apt-get update && sudo ${command}).`,
    );
  }
  if (!isRoot) {
    throw new Error(
      `Missing ${what}${forWhom}. Install the Debian packages ${pkgs.join(', ')} with: ` +
        `sudo apt-get update && sudo ${command}`,
    );
  }
  const started = Date.now();
  log(`apt: installing ${pkgs.join(' ')} (missing ${what})${forWhom}...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  const exec = async (/** @type {string[]} */ args) => {
    try {
      await run('apt-get', [...lock, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      const e = /** @type {{ stderr?: string, stdout?: string, message: string }} */ (err);
      const tail = `${e.stderr || e.stdout || e.message}`.trim().split('\n').slice(-15).join('\n');
      throw new Error(`apt-get ${args.join(' ')} failed:\n${tail}`, { cause: err });
    }
  };
  updated ??= exec(['update']).catch((err) => {
    updated = undefined; // let a later call try again
    throw err;
  });
  await updated;
  await exec(['install', '-y', '--no-install-recommends', ...pkgs]);
  const still = missing.filter((b) => !hasBinary(b.bin)).map((b) => b.bin);
  if (still.length) throw new Error(`apt-get installed ${pkgs.join(' ')} but ${still.join(', ')} is still missing`);
  const ms = Date.now() - started;
  log(`apt: installed ${pkgs.join(' ')} in ${(ms / 1000).toFixed(1)} s`);
  return { installed: pkgs, ms };
}
