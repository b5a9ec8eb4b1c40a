// Small helpers for the project's scripts: run a command, find pnpm.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';

export const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

/**
 * Runs a command, streaming its output; resolves with exit code and (when
 * `capture`) the output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: Record<string,string|undefined>, capture?: boolean, cwd?: string }} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      if (options.capture) output += chunk.toString();
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

function works(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** How to call pnpm 12.4.2: a global pnpm of that major, else through npx (downloads it once). */
export function pnpmCommand() {
  const v = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (v.status === 0 && v.stdout.trim().startsWith('12.')) return { cmd: 'pnpm', pre: [] };
  if (works('npx', ['--version'])) return { cmd: 'npx', pre: ['--yes', 'pnpm@12.4.2'] };
  throw new Error('Neither pnpm 12 nor npx is available: install Node 20.19+ with npm.');
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export async function ensureDependencies() {
  const marker = `${root}/node_modules/.modules.yaml`;
  const lock = `${root}/pnpm-lock.yaml`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const pnpm = pnpmCommand();
  console.log('fovea: installing dependencies with pnpm…');
  const started = Date.now();
  const { code } = await run(pnpm.cmd, [...pnpm.pre, 'install', '--frozen-lockfile'], {
    env: { CI: 'true' },
  });
  if (code !== 0) throw new Error('pnpm install failed');
  console.log(`fovea: dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Runs a binary from node_modules/.bin. */
export function bin(name) {
  return `${root}/node_modules/.bin/${name}`;
}

/**
 * Files under `dirs` (relative to the root) whose path matches `pattern`,
 * sorted (Node 20's test runner does not expand globs).
 * @param {string[]} dirs
 * @param {RegExp} pattern
 */
export function findFiles(dirs, pattern) {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(`${root}/${dir}`)) return;
    for (const entry of readdirSync(`${root}/${dir}`, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      else if (entry.isFile() && pattern.test(path)) out.push(path);
    }
  };
  dirs.forEach(walk);
  return out.sort();
}
