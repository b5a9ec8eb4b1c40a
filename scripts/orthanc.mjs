#!/usr/bin/env node
// A private Orthanc for development and benchmarks (tests start their own through scripts/lib/orthanc.mjs).
//
//   node scripts/orthanc.mjs start [--port 8042] [--load DIR] [--foreground] [--storage DIR | --temp-storage] [--fresh]
//   node scripts/orthanc.mjs load DIR        load into the running server (skips what is stored)
//   node scripts/orthanc.mjs status [--json]
//   node scripts/orthanc.mjs stop
//   (all take --state-dir DIR; default .data/orthanc)
//
// `start` runs a supervisor in the background (`start --foreground` detached), which restarts Orthanc
// when it crashes; the state file .data/orthanc/state.json holds both pids, so `stop` ends exactly those.
// Storage defaults to .data/orthanc/storage and survives stop/start; the log is .data/orthanc/run/orthanc.log.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  STATE_DIR,
  connectOrthanc,
  freePort,
  getSystem,
  loadStudies,
  pidAlive,
  pidCmdline,
  readOrthancState,
  startOrthanc,
  stateFile,
} from './lib/orthanc.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const DEFAULT_PORT = 8042;

const USAGE = `Usage:
  node scripts/orthanc.mjs start [--port N] [--load DIR] [--foreground] [--storage DIR | --temp-storage] [--fresh]
  node scripts/orthanc.mjs load DIR
  node scripts/orthanc.mjs status [--json]
  node scripts/orthanc.mjs stop
Options: --state-dir DIR (default .data/orthanc). Without --port, 8042 if free, else a free port.`;

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    load: { type: 'string' },
    foreground: { type: 'boolean', default: false },
    storage: { type: 'string' },
    'temp-storage': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const stateDir = resolve(args['state-dir'] ?? STATE_DIR);
const STATE = stateFile(stateDir);
const SUPERVISOR_LOG = join(stateDir, 'supervisor.log');

/** @param {import('./lib/orthanc.mjs').OrthancState} state */
function writeState(state) {
  const tmp = `${STATE}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, STATE);
}

/** Whether pid is the supervisor of this state dir (guards against pid reuse). @param {number} pid */
function isOurSupervisor(pid) {
  const cmd = pidCmdline(pid);
  if (!pidAlive(pid) || !cmd.includes('--foreground')) return false;
  let cwd = '/';
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    /* keep / */
  }
  return cmd.some((arg) => resolve(cwd, arg) === SCRIPT);
}

/** Whether pid is the Orthanc of this state (guards against pid reuse). @param {number} pid @param {string} configFile */
function isOurOrthanc(pid, configFile) {
  const cmd = pidCmdline(pid);
  return pidAlive(pid) && cmd.some((a) => a.endsWith('/Orthanc')) && cmd.includes(configFile);
}

/** @param {number} pid @param {number} ms */
async function waitGone(pid, ms) {
  const deadline = Date.now() + ms;
  while (pidAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** @param {number} pid @param {string} what @param {number} termMs */
async function terminate(pid, what, termMs) {
  process.kill(pid, 'SIGTERM');
  if (await waitGone(pid, termMs)) return;
  console.error(`${what} pid ${pid} ignored SIGTERM for ${termMs / 1000} s; sending SIGKILL`);
  process.kill(pid, 'SIGKILL');
  await waitGone(pid, 5000);
}

/** Stops what the state file names; resolves a description. */
async function stopFromState() {
  const state = readOrthancState(stateDir);
  if (!state) return 'not running';
  const t0 = Date.now();
  const done = [];
  if (state.supervisorPid && isOurSupervisor(state.supervisorPid)) {
    await terminate(state.supervisorPid, 'Supervisor', 20_000);
    done.push(`supervisor pid ${state.supervisorPid}`);
  }
  // The supervisor stops Orthanc; if it was gone (or killed), stop Orthanc ourselves.
  if (state.orthancPid && isOurOrthanc(state.orthancPid, state.configFile)) {
    await terminate(state.orthancPid, 'Orthanc', 10_000);
    done.push(`Orthanc pid ${state.orthancPid}`);
  } else if (done.length) {
    done.push(`through it Orthanc pid ${state.orthancPid}`);
  }
  rmSync(STATE, { force: true });
  return done.length
    ? `stopped ${done.join(' and ')} in ${Date.now() - t0} ms`
    : `was not running (supervisor pid ${state.supervisorPid} and Orthanc pid ${state.orthancPid} gone; stale state removed)`;
}

/** The port to use: --port, else 8042 if free, else any free port. */
async function choosePort() {
  if (args.port !== undefined) {
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${args.port}`);
    return port;
  }
  const probe = await new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen({ port: DEFAULT_PORT, host: '0.0.0.0', exclusive: true }, () => srv.close(() => res(true)));
  });
  if (probe) return DEFAULT_PORT;
  const port = await freePort();
  console.log(`port ${DEFAULT_PORT} is busy; using ${port}`);
  return port;
}

/** @param {import('./lib/orthanc.mjs').OrthancLike} handle @param {string} dir */
async function load(handle, dir) {
  if (!existsSync(dir)) throw new Error(`--load: no such folder ${dir}`);
  const r = await loadStudies(handle, resolve(dir), { log: (l) => console.log(l) });
  const mib = r.bytes / 1048576;
  const rate =
    r.ms > 0 && r.uploaded
      ? `, ${((r.uploaded * 1000) / r.ms).toFixed(0)} files/s, ${((mib * 1000) / r.ms).toFixed(1)} MiB/s`
      : '';
  console.log(
    `loaded ${dir}: ${r.uploaded} uploaded (${mib.toFixed(1)} MiB), ${r.skipped} already stored, ${r.notDicom} not DICOM, ` +
      `${r.requests} requests, ${r.retries} retries, ${(r.ms / 1000).toFixed(1)} s${rate}`,
  );
}

async function startForeground() {
  const port = await choosePort();
  const tempStorage = args['temp-storage'];
  const storageDir = tempStorage ? undefined : resolve(args.storage ?? join(stateDir, 'storage'));
  const runDir = join(stateDir, 'run');
  if (args.fresh) {
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  }
  await rm(runDir, { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });
  const t0 = Date.now();
  /** @type {import('./lib/orthanc.mjs').OrthancState} */
  let state;
  const handle = await startOrthanc({
    port,
    storageDir,
    tempDir: runDir,
    log: (line) => console.log(`[${new Date().toISOString()}] ${line}`),
    onRestart: (h) => {
      state = { ...state, orthancPid: h.pid, restarts: h.restarts };
      writeState(state);
    },
  });
  state = {
    supervisorPid: process.pid,
    orthancPid: handle.pid,
    port: handle.port,
    url: handle.url,
    dicomWebRoot: handle.dicomWebRoot,
    storageDir: handle.storageDir,
    tempDir: handle.tempDir,
    configFile: handle.configFile,
    logFile: handle.logFile,
    restarts: 0,
    startedAt: new Date().toISOString(),
    status: 'starting',
  };
  writeState(state);

  let stopping = false;
  const keepAlive = setInterval(() => {}, 1 << 30);
  const shutdown = async (/** @type {string} */ why, code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${new Date().toISOString()}] ${why}: stopping Orthanc pid ${handle.pid}`);
    try {
      await handle.stop({ keep: !tempStorage });
    } finally {
      const current = readOrthancState(stateDir);
      if (current?.supervisorPid === process.pid) rmSync(STATE, { force: true });
      clearInterval(keepAlive);
      process.exit(code);
    }
  };
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(sig, () => void shutdown(sig));

  console.log(`Orthanc ready at ${handle.url} (pid ${handle.pid}, started in ${Date.now() - t0} ms)`);
  console.log(`  DICOMweb: ${handle.dicomWebRoot}  storage: ${handle.storageDir}  log: ${handle.logFile}`);
  if (args.load) {
    try {
      await load(handle, args.load);
    } catch (err) {
      console.error(`loading failed: ${/** @type {Error} */ (err).message}`);
      await shutdown('load failed', 1);
      return;
    }
  }
  state = { ...state, orthancPid: handle.pid, restarts: handle.restarts, status: 'ready' };
  writeState(state);
  console.log('supervising; Ctrl-C (SIGINT) or SIGTERM stops it');
}

async function startBackground() {
  await mkdir(stateDir, { recursive: true });
  const existing = readOrthancState(stateDir);
  if (existing) {
    if (isOurSupervisor(existing.supervisorPid) && (await getSystem(existing.url, 2000))) {
      console.log(
        `already running at ${existing.url} (Orthanc pid ${existing.orthancPid}, supervisor pid ${existing.supervisorPid})`,
      );
      if (args.load) await load(connectOrthanc(existing.url), args.load);
      return;
    }
    console.log(`cleaning up a stale state: ${await stopFromState()}`);
  }
  const forwarded = ['start', '--foreground', '--state-dir', stateDir];
  if (args.port !== undefined) forwarded.push('--port', args.port);
  if (args.storage) forwarded.push('--storage', resolve(args.storage));
  if (args['temp-storage']) forwarded.push('--temp-storage');
  if (args.fresh) forwarded.push('--fresh');
  const fd = openSync(SUPERVISOR_LOG, 'w');
  const child = spawn(process.execPath, [SCRIPT, ...forwarded], { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = readOrthancState(stateDir);
    if (state?.supervisorPid === child.pid) break; // written once Orthanc answers
    if (exited || Date.now() > deadline) {
      if (!exited && child.pid) process.kill(child.pid, 'SIGTERM');
      const tail = readFileSync(SUPERVISOR_LOG, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
      throw new Error(`the supervisor did not start Orthanc${exited ? '' : ' within 30 s'}:\n${tail}`);
    }
    await sleep(50);
  }
  const state = /** @type {import('./lib/orthanc.mjs').OrthancState} */ (readOrthancState(stateDir));
  if (args.load) {
    try {
      await load(connectOrthanc(state.url), args.load);
    } catch (err) {
      console.error(`loading failed: ${/** @type {Error} */ (err).message}`);
      console.error(await stopFromState());
      process.exitCode = 1;
      return;
    }
  }
  writeState({ ...state, ...(readOrthancState(stateDir) ?? {}), status: 'ready' });
  console.log(`Orthanc ready at ${state.url} (pid ${state.orthancPid}, supervisor pid ${state.supervisorPid})`);
  console.log(`  DICOMweb: ${state.dicomWebRoot}  log: ${state.logFile}  stop: node scripts/orthanc.mjs stop`);
}

async function status() {
  const state = readOrthancState(stateDir);
  if (!state) {
    if (args.json) console.log(JSON.stringify({ running: false }));
    else console.log('not running');
    process.exitCode = 3;
    return;
  }
  const supervisor = isOurSupervisor(state.supervisorPid);
  const orthanc = isOurOrthanc(state.orthancPid, state.configFile);
  const sys = await getSystem(state.url, 2000);
  /** @type {Record<string, unknown> | undefined} */
  let stats;
  if (sys) {
    try {
      stats = await (await fetch(`${state.url}/statistics`, { signal: AbortSignal.timeout(5000) })).json();
    } catch {
      /* leave undefined */
    }
  }
  const healthy = Boolean(sys && supervisor);
  if (args.json) {
    console.log(
      JSON.stringify(
        { running: healthy, supervisorAlive: supervisor, orthancAlive: orthanc, ...state, statistics: stats },
        null,
        2,
      ),
    );
  } else {
    console.log(`${healthy ? 'running' : 'NOT healthy'}: ${state.url} (${state.status})`);
    console.log(
      `  supervisor pid ${state.supervisorPid} ${supervisor ? 'alive' : 'gone'}; Orthanc pid ${state.orthancPid} ${orthanc ? 'alive' : 'gone'}; restarts ${state.restarts}`,
    );
    if (sys)
      console.log(
        `  Orthanc ${sys.Version}, ${stats?.CountStudies ?? '?'} studies, ${stats?.CountInstances ?? '?'} instances, ${stats?.TotalDiskSizeMB ?? '?'} MB`,
      );
    console.log(`  storage ${state.storageDir}; log ${state.logFile}; since ${state.startedAt}`);
  }
  process.exitCode = healthy ? 0 : 1;
}

async function main() {
  const [cmd, ...rest] = positionals;
  if (args.help || !cmd) {
    console.log(USAGE);
    process.exitCode = cmd || args.help ? 0 : 2;
    return;
  }
  switch (cmd) {
    case 'start':
      await mkdir(stateDir, { recursive: true });
      if (args.foreground) await startForeground();
      else await startBackground();
      break;
    case 'stop':
      console.log(await stopFromState());
      break;
    case 'status':
      await status();
      break;
    case 'load': {
      const dir = rest[0] ?? args.load;
      const state = readOrthancState(stateDir);
      if (!dir) throw new Error('load: which folder?');
      if (!state) throw new Error('load: Orthanc is not running (node scripts/orthanc.mjs start)');
      await load(connectOrthanc(state.url), dir);
      break;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main().catch((err) => {
  console.error(`orthanc: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
