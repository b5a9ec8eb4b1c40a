// A private Orthanc (with its DICOMweb and GDCM plugins) for integration tests
// and benchmarks: start it on a free port with storage in a temp folder,
// supervise it (Orthanc crashes now and then while transcoding; see
// /work/shared/TOOLCHAIN-NOTES.md), load DICOM files over STOW-RS, stop it by
// its own pid. Node built-ins only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages, hasBinary } from './apt.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONFIG_TEMPLATE = join(REPO_ROOT, 'test/orthanc/orthanc.json');
export const ORTHANC_BIN = '/usr/sbin/Orthanc';
export const PLUGINS_DIR = '/usr/share/orthanc/plugins';
/** Where `scripts/orthanc.mjs` keeps its state (gitignored). */
export const STATE_DIR = join(REPO_ROOT, '.data/orthanc');

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const PORT_RETRIES = 5;

/**
 * @typedef {object} OrthancHandle
 * @property {string} url               `http://127.0.0.1:PORT` (no trailing slash)
 * @property {string} dicomWebRoot      `${url}/dicom-web` (no trailing slash)
 * @property {number} port
 * @property {number} pid               pid of the current Orthanc process (changes on restart)
 * @property {string} name              unique `Name` of this server, checked on `/system`
 * @property {string} tempDir           holds orthanc.json, orthanc.log and (by default) the storage
 * @property {string} storageDir        StorageDirectory = IndexDirectory
 * @property {string} configFile
 * @property {string} logFile           Orthanc's stdout and stderr, appended across restarts
 * @property {number} restarts          how many times the supervisor (or restartIfDead) restarted it
 * @property {number} startMs           time from spawn to ready, first start
 * @property {(opts?: { keep?: boolean, timeoutMs?: number }) => Promise<void>} stop
 *   SIGTERM to its pid, SIGKILL after `timeoutMs` (10 s); removes the temp dir unless `keep`
 *   (or `keepTempDir` at start). A caller-supplied storageDir is never removed.
 * @property {() => Promise<boolean>} restartIfDead
 *   Restarts Orthanc (same port, same storage) if its process is gone or it stopped answering;
 *   resolves true if it did.
 * @property {() => Promise<void>} ensureAlive  restartIfDead, then throws unless `/system` answers.
 * @property {(lines?: number) => string} logTail  the last lines of the Orthanc log
 */

/**
 * @typedef {object} StartOptions
 * @property {number} [port]          0 (default): a free port
 * @property {string} [storageDir]    default: `<tempDir>/storage`
 * @property {string} [tempDir]       default: a fresh `fovea-orthanc-*` folder in the OS temp dir
 * @property {boolean} [keepTempDir]  keep the temp dir on stop (for post-mortems)
 * @property {((line: string) => void) | false} [log]  one line per restart etc.; default console.error
 * @property {(handle: OrthancHandle) => void} [onRestart]  after each successful restart
 * @property {Record<string, unknown>} [config]  extra settings merged over the template
 * @property {boolean} [supervise]    restart on unexpected exit (default true)
 */

/** A port that is free on all interfaces right now (Orthanc binds 0.0.0.0). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', rej);
    srv.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/**
 * Whether something accepts TCP connections on host:port.
 * @param {number} port @param {string} [host] @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function isListening(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((res) => {
    const sock = connect({ port, host });
    const done = (/** @type {boolean} */ v) => {
      sock.destroy();
      res(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * The concrete configuration: the template plus the runtime values.
 * @param {{ port: number, storageDir: string, tempDir: string, name: string, pluginsDir?: string, extra?: Record<string, unknown> }} p
 */
export async function buildConfig({ port, storageDir, tempDir, name, pluginsDir = PLUGINS_DIR, extra = {} }) {
  const template = JSON.parse(await readFile(CONFIG_TEMPLATE, 'utf8'));
  /** @type {string[]} */
  const plugins = template.Plugins.map((/** @type {string} */ p) => join(pluginsDir, p.split('/').pop() ?? p));
  return {
    ...template,
    Name: name,
    HttpPort: port,
    StorageDirectory: storageDir,
    IndexDirectory: storageDir,
    TemporaryDirectory: join(tempDir, 'tmp'),
    Plugins: plugins,
    ...extra,
  };
}

/** @param {string} file @param {number} lines */
function tailOf(file, lines = 30) {
  try {
    const text = readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** @param {number} pid */
export function pidAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped) counts as dead.
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(st);
  } catch {
    return true;
  }
}

/** The command line of a pid ([] if gone), to make sure a pid is still ours before killing it. */
export function pidCmdline(/** @type {number} */ pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * GET url/system; resolves the JSON or undefined.
 * @param {string} url @param {number} [timeoutMs]
 * @returns {Promise<Record<string, unknown> | undefined>}
 */
export async function getSystem(url, timeoutMs = 1000) {
  try {
    const res = await fetch(`${url}/system`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) {
      await res.arrayBuffer().catch(() => {});
      return undefined;
    }
    return /** @type {Record<string, unknown>} */ (await res.json());
  } catch {
    return undefined;
  }
}

/**
 * Starts a private Orthanc. See OrthancHandle.
 * @param {StartOptions} [opts]
 * @returns {Promise<OrthancHandle>}
 */
export async function startOrthanc(opts = {}) {
  const log = opts.log === false ? () => {} : (opts.log ?? ((line) => console.error(`[orthanc] ${line}`)));
  await ensureDebianPackages(
    [
      { bin: ORTHANC_BIN, pkg: 'orthanc' },
      { bin: join(PLUGINS_DIR, 'libOrthancDicomWeb.so'), pkg: 'orthanc-dicomweb' },
      { bin: join(PLUGINS_DIR, 'libOrthancGdcm.so'), pkg: 'orthanc-gdcm' },
    ],
    { log, why: 'the Orthanc test server' },
  );

  const ownTempDir = !opts.tempDir;
  const tempDir = opts.tempDir ? resolve(opts.tempDir) : await mkdtemp(join(tmpdir(), 'fovea-orthanc-'));
  await mkdir(join(tempDir, 'tmp'), { recursive: true });
  const ownStorage = !opts.storageDir;
  const storageDir = opts.storageDir ? resolve(opts.storageDir) : join(tempDir, 'storage');
  await mkdir(storageDir, { recursive: true });
  const configFile = join(tempDir, 'orthanc.json');
  const logFile = join(tempDir, 'orthanc.log');
  const name = `fovea-${randomBytes(6).toString('hex')}`;
  const autoPort = !opts.port;
  // With setpriv, Orthanc gets SIGTERM when this Node process dies, even by
  // SIGKILL, so a crashed test run does not leak servers. setpriv execs, so
  // the pid we hold is Orthanc's own.
  const prefix = hasBinary('setpriv') ? ['setpriv', '--pdeathsig', 'SIGTERM', '--'] : [];
  const supervise = opts.supervise !== false;

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  let port = opts.port || 0;
  let stopping = false;
  let restarts = 0;
  /** @type {number[]} */
  let crashTimes = [];
  /** @type {Promise<void> | undefined} */
  let restarting;
  /** @type {Error | undefined} */
  let failed;
  let started = false;
  /** pids we kill on purpose (hung server): their exit must not trigger the supervisor. */
  const expectedExits = new Set();
  /** @type {OrthancHandle} */
  let handle;

  const note = (/** @type {string} */ line) => {
    try {
      const fd = openSync(logFile, 'a');
      writeSync(fd, `--- fovea ${new Date().toISOString()} ${line}\n`);
      closeSync(fd);
    } catch {
      /* the temp dir may be gone */
    }
  };

  /** Spawns Orthanc once and waits until `/system` answers with our name. */
  const spawnAndWait = async () => {
    const fd = openSync(logFile, 'a');
    const argv = [...prefix, ORTHANC_BIN, configFile];
    const proc = spawn(argv[0], argv.slice(1), { cwd: tempDir, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    proc.unref();
    child = proc;
    /** @type {{ code: number | null, signal: NodeJS.Signals | null, error?: Error } | undefined} */
    let exitInfo;
    proc.once('error', (error) => {
      exitInfo = { code: null, signal: null, error };
    });
    proc.once('exit', (code, signal) => {
      exitInfo ??= { code, signal };
      onExit(proc, exitInfo);
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exitInfo) {
        const why = exitInfo.error ? exitInfo.error.message : `exit code ${exitInfo.code}, signal ${exitInfo.signal}`;
        const err = new Error(
          `Orthanc exited while starting on port ${port} (${why}). Log ${logFile}:\n${tailOf(logFile, 15)}`,
        );
        /** @type {any} */ (err).portInUse = /already in use/.test(tailOf(logFile, 5));
        throw err;
      }
      const sys = await getSystem(url, 1000);
      if (sys && sys.Name === name) return proc;
      if (sys) {
        proc.kill('SIGKILL');
        throw new Error(`Port ${port} answers as another Orthanc ("${sys.Name}"), not ours`);
      }
      await sleep(50);
    }
    proc.kill('SIGKILL');
    throw new Error(
      `Orthanc did not answer on ${url}/system within ${READY_TIMEOUT_MS / 1000} s. Log ${logFile}:\n${tailOf(logFile, 15)}`,
    );
  };

  const writeConfig = async () => {
    const config = await buildConfig({ port, storageDir, tempDir, name, extra: opts.config });
    await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  };

  /** @param {import('node:child_process').ChildProcess} proc @param {{ code: number | null, signal: string | null }} info */
  function onExit(proc, info) {
    // Start-up, stop and deliberate kills handle their own exits.
    if (stopping || !started || proc !== child || restarting || expectedExits.has(proc.pid)) return;
    note(`Orthanc pid ${proc.pid} exited unexpectedly (code ${info.code}, signal ${info.signal})`);
    if (!supervise) {
      log(`Orthanc pid ${proc.pid} on port ${port} exited (code ${info.code}, signal ${info.signal}); not restarting`);
      return;
    }
    restarting = restart(`pid ${proc.pid} exited (code ${info.code}, signal ${info.signal})`).finally(() => {
      restarting = undefined;
    });
    restarting.catch(() => {});
  }

  /** @param {string} why */
  async function restart(why) {
    const now = Date.now();
    crashTimes = crashTimes.filter((t) => now - t < RESTART_WINDOW_MS);
    if (crashTimes.length >= MAX_RESTARTS) {
      failed = new Error(
        `Orthanc on port ${port} died ${MAX_RESTARTS} times within ${RESTART_WINDOW_MS / 1000} s; not restarting. Log ${logFile}:\n${tailOf(logFile, 15)}`,
      );
      log(`Orthanc on port ${port}: ${why}; gave up after ${MAX_RESTARTS} restarts in ${RESTART_WINDOW_MS / 1000} s`);
      throw failed;
    }
    crashTimes.push(now);
    const t0 = Date.now();
    try {
      const proc = await spawnAndWait();
      restarts++;
      failed = undefined;
      log(
        `Orthanc on port ${port}: ${why}; restarted as pid ${proc.pid} in ${Date.now() - t0} ms (restart #${restarts})`,
      );
      note(`restarted as pid ${proc.pid}`);
      if (started) opts.onRestart?.(handle);
    } catch (err) {
      failed = /** @type {Error} */ (err);
      log(`Orthanc on port ${port}: ${why}; restart failed: ${failed.message.split('\n')[0]}`);
      throw err;
    }
  }

  // First start; with an automatic port, retry if another process took the port meanwhile.
  const t0 = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (autoPort) port = await freePort();
    await writeConfig();
    try {
      await spawnAndWait();
      break;
    } catch (err) {
      const e = /** @type {Error & { portInUse?: boolean }} */ (err);
      if (!(autoPort && e.portInUse && attempt < PORT_RETRIES)) {
        if (ownTempDir && !opts.keepTempDir) await rm(tempDir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  const startMs = Date.now() - t0;
  const url = `http://127.0.0.1:${port}`;

  /** @param {number} pid @param {number} timeoutMs */
  const waitGone = async (pid, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (pidAlive(pid)) {
      if (Date.now() > deadline) return false;
      await sleep(25);
    }
    return true;
  };

  handle = {
    url,
    dicomWebRoot: `${url}/dicom-web`,
    port,
    get pid() {
      return child?.pid ?? 0;
    },
    name,
    tempDir,
    storageDir,
    configFile,
    logFile,
    get restarts() {
      return restarts;
    },
    startMs,
    logTail: (lines = 30) => tailOf(logFile, lines),

    async stop({ keep = opts.keepTempDir ?? false, timeoutMs = STOP_TIMEOUT_MS } = {}) {
      stopping = true;
      await restarting?.catch(() => {});
      const proc = child;
      if (proc?.pid && pidAlive(proc.pid)) {
        proc.kill('SIGTERM');
        if (!(await waitGone(proc.pid, timeoutMs))) {
          log(`Orthanc pid ${proc.pid} ignored SIGTERM for ${timeoutMs / 1000} s; sending SIGKILL`);
          proc.kill('SIGKILL');
          await waitGone(proc.pid, 5000);
        }
      }
      if (!keep) {
        if (ownTempDir) await rm(tempDir, { recursive: true, force: true });
        else if (ownStorage) await rm(storageDir, { recursive: true, force: true });
      }
    },

    async restartIfDead() {
      if (stopping) throw new Error('Orthanc is being stopped');
      if (restarting) {
        await restarting;
        return true;
      }
      const pid = child?.pid ?? 0;
      let why = `pid ${pid} was found dead`;
      if (pidAlive(pid)) {
        if (await getSystem(url, 3000)) return false;
        // Alive but not answering: give it one more chance, then kill it.
        await sleep(500);
        if (await getSystem(url, 5000)) return false;
        if (!pidAlive(pid)) return handle.restartIfDead();
        note(`Orthanc pid ${pid} stopped answering; killing it`);
        why = `pid ${pid} stopped answering and was killed`;
        expectedExits.add(pid);
        child?.kill('SIGKILL');
        await waitGone(pid, 5000);
      }
      // Dead: either the supervisor is on it already, or it is off / gave up.
      if (restarting) {
        await restarting;
        return true;
      }
      crashTimes = []; // an explicit request resets the crash-loop guard
      restarting = restart(why).finally(() => {
        restarting = undefined;
      });
      await restarting;
      return true;
    },

    async ensureAlive() {
      await handle.restartIfDead();
      if (!(await getSystem(url, 5000))) {
        throw new Error(`Orthanc on ${url} does not answer. Log ${logFile}:\n${tailOf(logFile, 15)}`);
      }
    },
  };
  started = true;
  return handle;
}

// ---------------------------------------------------------------------------
// Health

/**
 * The part of a handle that loading and health checks need. A handle from
 * startOrthanc fits; so does `connectOrthanc(url)` for a server that another
 * process (e.g. `scripts/orthanc.mjs start`) supervises.
 * @typedef {{ url: string, logFile?: string, restartIfDead?: () => Promise<boolean>, logTail?: (lines?: number) => string }} OrthancLike
 */

/**
 * Waits until `/system` answers. If the server died meanwhile, restarts it
 * (handles with restartIfDead) or waits for its supervisor to do so.
 * @param {OrthancLike} handle
 * @param {{ timeoutMs?: number }} [opts]
 */
export async function waitUntilHealthy(handle, { timeoutMs = READY_TIMEOUT_MS } = {}) {
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let lastError;
  while (Date.now() < deadline) {
    try {
      if (handle.restartIfDead) await handle.restartIfDead();
      if (await getSystem(handle.url, 2000)) return;
    } catch (err) {
      lastError = err;
    }
    await sleep(100);
  }
  const tail = handle.logTail ? `\nLog:\n${handle.logTail(15)}` : '';
  throw new Error(
    `Orthanc on ${handle.url} is not healthy after ${timeoutMs / 1000} s${lastError ? `: ${/** @type {Error} */ (lastError).message}` : ''}${tail}`,
  );
}

/**
 * A handle-like object for an Orthanc that runs elsewhere; `restartIfDead`
 * only waits (up to 20 s) for it to answer again.
 * @param {string} url
 * @returns {OrthancLike & { dicomWebRoot: string }}
 */
export function connectOrthanc(url) {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    dicomWebRoot: `${base}/dicom-web`,
    async restartIfDead() {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if (await getSystem(base, 2000)) return false;
        await sleep(200);
      }
      throw new Error(`Orthanc on ${base} does not answer`);
    },
  };
}

// ---------------------------------------------------------------------------
// Loading (STOW-RS)

const DICOMDIR_CLASS = '1.2.840.10008.1.3.10';
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);

/**
 * Reads the file meta group of a Part 10 file (always explicit VR little
 * endian): SOP Instance UID (0002,0003), SOP Class (0002,0002), transfer syntax.
 * Undefined if the file has no `DICM` preamble.
 * @param {string} file
 * @returns {Promise<{ sopInstanceUid?: string, sopClassUid?: string, transferSyntax?: string } | undefined>}
 */
export async function readFileMeta(file) {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(16384);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead < 132 || buf.toString('latin1', 128, 132) !== 'DICM') return undefined;
    /** @type {Record<string, string>} */
    const out = {};
    let pos = 132;
    while (pos + 8 <= bytesRead) {
      const group = buf.readUInt16LE(pos);
      if (group !== 0x0002) break;
      const element = buf.readUInt16LE(pos + 2);
      const vr = buf.toString('latin1', pos + 4, pos + 6);
      let len;
      if (LONG_VRS.has(vr)) {
        len = buf.readUInt32LE(pos + 8);
        pos += 12;
      } else {
        len = buf.readUInt16LE(pos + 6);
        pos += 8;
      }
      if (pos + len > bytesRead) break;
      const value = () => buf.toString('latin1', pos, pos + len).replace(/[\0 ]+$/, '');
      if (element === 0x0002) out.sopClassUid = value();
      else if (element === 0x0003) out.sopInstanceUid = value();
      else if (element === 0x0010) out.transferSyntax = value();
      pos += len;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** All regular files under dir, sorted; hidden files and folders skipped. @param {string} dir @returns {Promise<string[]>} */
async function listFiles(dir) {
  const root = resolve(dir);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? /** @type {any} */ (e).path, e.name))
    .filter(
      (p) =>
        !relative(root, p)
          .split(sep)
          .some((seg) => seg.startsWith('.')),
    )
    .sort();
}

/**
 * SOP Instance UIDs stored in Orthanc: `/statistics` first (cheap), then one
 * `/instances?expand` listing, which comes from the index, not the files.
 * @param {string} url
 */
export async function storedSopInstanceUids(url) {
  const stats = await getJson(`${url}/statistics`);
  if (!stats.CountInstances) return new Set();
  const list = await getJson(`${url}/instances?expand`);
  return new Set(list.map((/** @type {any} */ i) => i.MainDicomTags?.SOPInstanceUID).filter(Boolean));
}

/** @param {string} url */
async function getJson(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Builds a STOW-RS body: multipart/related; type="application/dicom", one
 * part per file. The boundary is random, quoted in the header, and checked
 * against the payloads.
 * @param {Buffer[]} parts
 * @returns {{ body: Buffer, contentType: string }}
 */
export function buildStowBody(parts) {
  /** @type {string} */
  let boundary;
  do boundary = `fovea-stow-${randomBytes(16).toString('hex')}`;
  while (parts.some((p) => p.includes(boundary)));
  /** @type {Buffer[]} */
  const chunks = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/dicom\r\nContent-Length: ${part.length}\r\n\r\n`,
        'latin1',
      ),
    );
    chunks.push(part, Buffer.from('\r\n', 'latin1'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="application/dicom"; boundary="${boundary}"`,
  };
}

/** @param {unknown} err */
function isConnectionError(err) {
  const e = /** @type {any} */ (err);
  const code = e?.cause?.code ?? e?.code ?? '';
  return (
    e?.name === 'TypeError' ||
    /ECONNREFUSED|ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|ETIMEDOUT|ABORT|TIMEOUT/i.test(`${code} ${e?.name}`)
  );
}

class StowError extends Error {}

/**
 * Sends one batch; throws StowError for answers that a retry cannot fix.
 * @param {string} url @param {{ file: string, sopInstanceUid?: string }[]} batch @param {OrthancLike} handle
 */
async function stowBatch(url, batch, handle) {
  const parts = await Promise.all(batch.map((b) => readFile(b.file)));
  const { body, contentType } = buildStowBody(parts);
  const res = await fetch(`${url}/dicom-web/studies`, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/dicom+json' },
    // A Buffer is a valid fetch body; @types/node 20 with TS 5.9 disagree (ArrayBufferLike).
    body: /** @type {BodyInit} */ (/** @type {unknown} */ (body)),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  const names = batch.map((b) => b.file).join(', ');
  const logHint = () => {
    const tail = handle.logTail?.(40) ?? '';
    const lines = tail
      .split('\n')
      .filter((l) => /^E|STOW|Missing|Bad file|cannot/i.test(l))
      .slice(-6);
    return lines.length ? `\nOrthanc log:\n${lines.join('\n')}` : '';
  };
  if (res.status >= 500)
    throw Object.assign(new Error(`STOW-RS answered ${res.status}: ${text.slice(0, 300)}`), { retryable: true });
  /** @type {any} */
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  const failed = json?.['00081198']?.Value ?? [];
  const referenced = json?.['00081199']?.Value ?? [];
  if (failed.length) {
    const reasons = failed.map((/** @type {any} */ f) => {
      const uid = f['00081155']?.Value?.[0] ?? '?';
      const reason = f['00081197']?.Value?.[0];
      return `${uid}: failure reason ${reason === undefined ? '?' : `0x${Number(reason).toString(16).toUpperCase()}`}`;
    });
    throw new StowError(
      `STOW-RS (${res.status}) refused ${failed.length} of ${batch.length} instances: ${reasons.join('; ')} (files: ${names})${logHint()}`,
    );
  }
  if (res.status !== 200) {
    // Orthanc answers 400 with an empty FailedSOPSequence when a part is not
    // DICOM or lacks a mandatory tag: the reason is only in its log.
    throw new StowError(
      `STOW-RS answered ${res.status} (stored ${referenced.length} of ${batch.length}; files: ${names})${logHint()}${json ? '' : `\n${text.slice(0, 300)}`}`,
    );
  }
  if (referenced.length !== batch.length) {
    throw new StowError(
      `STOW-RS stored ${referenced.length} of ${batch.length} instances (files: ${names})${logHint()}`,
    );
  }
  return parts.reduce((n, p) => n + p.length, 0);
}

/**
 * @typedef {object} LoadResult
 * @property {number} files       files considered
 * @property {number} uploaded    instances sent and confirmed
 * @property {number} skipped     already stored (or duplicate SOP Instance UID in the input)
 * @property {number} notDicom    files without a DICM preamble, or DICOMDIRs
 * @property {number} bytes       bytes uploaded
 * @property {number} requests    STOW-RS requests (retries included)
 * @property {number} retries     batches retried after the server died or answered 5xx
 * @property {number} ms          wall time
 */

/**
 * Loads DICOM files into Orthanc over STOW-RS (`/dicom-web/studies`), `batch`
 * files a request, up to `concurrency` requests in parallel. Files whose SOP
 * Instance UID is stored already are skipped, so loading twice is cheap. If
 * the server dies (connection refused or reset, 5xx), it waits until it is
 * healthy again (restarting it if the handle can) and retries that batch once.
 * Refused instances (FailedSOPSequence, 4xx) throw with the reason.
 * @param {OrthancLike} handle
 * @param {string[] | string} files  file paths, or a folder (searched recursively)
 * @param {{ batch?: number, concurrency?: number, log?: (line: string) => void }} [opts]
 * @returns {Promise<LoadResult>}
 */
export async function loadStudies(handle, files, { batch = 20, concurrency = 2, log } = {}) {
  const t0 = Date.now();
  const list = typeof files === 'string' ? await listFiles(files) : files;
  const url = handle.url.replace(/\/+$/, '');
  await waitUntilHealthy(handle);
  const stored = await storedSopInstanceUids(url);
  /** @type {{ file: string, sopInstanceUid?: string }[]} */
  const todo = [];
  let skipped = 0;
  let notDicom = 0;
  const seen = new Set();
  for (const file of list) {
    if (file.endsWith('/DICOMDIR') || file === 'DICOMDIR') {
      notDicom++;
      continue;
    }
    const meta = await readFileMeta(file);
    if (!meta || meta.sopClassUid === DICOMDIR_CLASS) {
      notDicom++;
      continue;
    }
    const uid = meta.sopInstanceUid;
    if (uid && (stored.has(uid) || seen.has(uid))) {
      skipped++;
      continue;
    }
    if (uid) seen.add(uid);
    todo.push({ file, sopInstanceUid: uid });
  }
  /** @type {(typeof todo)[]} */
  const batches = [];
  for (let i = 0; i < todo.length; i += batch) batches.push(todo.slice(i, i + batch));

  let next = 0;
  let bytes = 0;
  let uploaded = 0;
  let requests = 0;
  let retries = 0;
  /** @type {unknown} */
  let firstError;
  const worker = async () => {
    while (!firstError && next < batches.length) {
      const b = batches[next++];
      try {
        requests++;
        const sent = await stowBatch(url, b, handle); // not `bytes += await`: two workers would lose updates
        bytes += sent;
      } catch (err) {
        if (err instanceof StowError || !(isConnectionError(err) || /** @type {any} */ (err)?.retryable)) throw err;
        retries++;
        log?.(
          `STOW-RS batch of ${b.length} failed (${/** @type {Error} */ (err).message.split('\n')[0]}); waiting for Orthanc and retrying once`,
        );
        await waitUntilHealthy(handle);
        requests++;
        const sent = await stowBatch(url, b, handle); // duplicates are answered as stored, so a resend is safe
        bytes += sent;
      }
      uploaded += b.length;
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, batches.length)) }, () =>
    worker().catch((err) => {
      firstError ??= err;
    }),
  );
  await Promise.all(workers);
  if (firstError) throw firstError;
  return { files: list.length, uploaded, skipped, notDicom, bytes, requests, retries, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------
// State file of scripts/orthanc.mjs

/**
 * @typedef {object} OrthancState
 * @property {number} supervisorPid  the `node scripts/orthanc.mjs start --foreground` process
 * @property {number} orthancPid
 * @property {number} port
 * @property {string} url
 * @property {string} dicomWebRoot
 * @property {string} storageDir
 * @property {string} tempDir
 * @property {string} configFile
 * @property {string} logFile
 * @property {number} restarts
 * @property {string} startedAt
 * @property {'starting' | 'ready'} status
 */

/** @param {string} [stateDir] */
export function stateFile(stateDir = STATE_DIR) {
  return join(stateDir, 'state.json');
}

/**
 * The state of the server that `scripts/orthanc.mjs start` runs, or undefined.
 * @param {string} [stateDir]
 * @returns {OrthancState | undefined}
 */
export function readOrthancState(stateDir = STATE_DIR) {
  const file = stateFile(stateDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The URL of a running `scripts/orthanc.mjs` server that answers, or undefined.
 * @param {string} [stateDir]
 */
export async function runningOrthancUrl(stateDir = STATE_DIR) {
  const state = readOrthancState(stateDir);
  if (!state || state.status !== 'ready' || !pidAlive(state.supervisorPid)) return undefined;
  return (await getSystem(state.url, 2000)) ? state.url : undefined;
}
