// Integration test of the private Orthanc: node --test test/orthanc/orthanc.test.mjs
// Starts a real Orthanc (Debian packages; installed on the fly as root), loads
// tiny DICOM files made with dcmtk's dump2dcm, queries and retrieves them over
// DICOMweb, kills Orthanc and checks the supervisor brings it back with the data.
// Set FOVEA_KEEP_ORTHANC=1 to keep the temp dir (config, log, storage) for a post-mortem.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureDebianPackages } from '../../scripts/lib/apt.mjs';
import { isListening, loadStudies, pidAlive, startOrthanc } from '../../scripts/lib/orthanc.mjs';
import { makeBrokenDicom, makeTinyStudies, tinyPixels } from './fixtures.mjs';

const run = promisify(execFile);
const KEEP = process.env.FOVEA_KEEP_ORTHANC === '1';
const CLI = fileURLToPath(new URL('../../scripts/orthanc.mjs', import.meta.url));
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** TCP ports a process listens on, from /proc (IPv4 and IPv6). @param {number} pid */
function listeningPorts(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      /* fd closed meanwhile */
    }
  }
  const ports = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9])) ports.add(parseInt(f[1].split(':').pop() ?? '0', 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Splits a multipart body. @param {Buffer} body @param {string} contentType */
function parseMultipart(body, contentType) {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  assert.ok(m, `no boundary in ${contentType}`);
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts = [];
  let pos = body.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(boundary, headerEnd);
    const headers = body.subarray(start + 2, headerEnd).toString('latin1');
    let end = next - 2; // the CRLF before the next boundary
    if (body.subarray(end, next).toString() !== '\r\n') end = next;
    parts.push({ headers, data: body.subarray(headerEnd + 4, end) });
    pos = next;
  }
  return parts;
}

/** QIDO studies as a map StudyInstanceUID -> number of instances. @param {string} root */
async function qidoStudies(root, query = '') {
  const res = await fetch(`${root}/studies${query}`, { headers: { accept: 'application/dicom+json' } });
  assert.equal(res.status, 200);
  const json = /** @type {any[]} */ (await res.json());
  return new Map(json.map((s) => [s['0020000D'].Value[0], Number(s['00201208']?.Value?.[0])]));
}

describe('private Orthanc', { timeout: 30_000 }, () => {
  /** @type {import('../../scripts/lib/orthanc.mjs').OrthancHandle} */
  let orthanc;
  /** @type {string} */
  let fixturesDir;
  /** @type {Awaited<ReturnType<typeof makeTinyStudies>>} */
  let fixtures;
  /** @type {string[]} */
  const logLines = [];
  /** @type {number} */
  let startedInMs;

  before(async () => {
    await ensureDebianPackages([{ bin: 'dump2dcm', pkg: 'dcmtk' }], { why: 'making test DICOM files' });
    fixturesDir = await mkdtemp(join(tmpdir(), 'fovea-dicom-'));
    fixtures = await makeTinyStudies(fixturesDir, { studies: 2, seriesPerStudy: 1, instancesPerSeries: 2 });
    const t0 = Date.now();
    orthanc = await startOrthanc({ port: 0, log: (line) => logLines.push(line), keepTempDir: KEEP });
    startedInMs = Date.now() - t0;
    console.log(
      `# Orthanc ${orthanc.url} pid ${orthanc.pid}: ready in ${orthanc.startMs} ms (startOrthanc ${startedInMs} ms)`,
    );
  });

  after(async () => {
    // Normally the last test stopped it already; this catches failures on the way.
    await orthanc?.stop({ keep: KEEP }).catch(() => {});
    if (fixturesDir && !KEEP) await rm(fixturesDir, { recursive: true, force: true });
  });

  it('runs with the config from the template: local HTTP only, no DICOM port', async () => {
    assert.match(orthanc.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(orthanc.dicomWebRoot, `${orthanc.url}/dicom-web`);
    const config = JSON.parse(await readFile(orthanc.configFile, 'utf8'));
    assert.equal(config.HttpPort, orthanc.port);
    assert.equal(config.RemoteAccessAllowed, false);
    assert.equal(config.DicomServerEnabled, false);
    assert.equal(config.DicomWeb.Root, '/dicom-web/');
    assert.ok(config.StorageDirectory.startsWith(orthanc.tempDir));

    const system = await (await fetch(`${orthanc.url}/system`)).json();
    assert.equal(system.Name, orthanc.name);
    const plugins = await (await fetch(`${orthanc.url}/plugins`)).json();
    assert.ok(plugins.includes('dicom-web') && plugins.includes('gdcm'), `plugins: ${plugins}`); // plus "explorer.js"

    // The Orthanc process listens on its HTTP port and nothing else.
    assert.deepEqual(listeningPorts(orthanc.pid), [orthanc.port]);
    // A TCP connect to the DICOM port (4242) must be refused. Another program on
    // this machine may hold 4242 (Orthanc's default); then it must at least not be ours.
    if (await isListening(config.DicomPort)) {
      assert.ok(!listeningPorts(orthanc.pid).includes(config.DicomPort), 'our Orthanc listens on the DICOM port');
      console.log(`# port ${config.DicomPort} is held by another process, not this Orthanc`);
    }
  });

  it('refuses HTTP from a non-loopback address', async (t) => {
    const ip = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!ip) {
      t.skip('no non-loopback IPv4 interface here');
      return;
    }
    const res = await fetch(`http://${ip}:${orthanc.port}/system`);
    await res.arrayBuffer();
    // Orthanc answers remote clients 401 (Basic auth challenge) when remote access is off.
    assert.equal(res.status, 401, `remote request to ${ip} got ${res.status}`);
  });

  it('loads DICOM files over STOW-RS, and again idempotently', async () => {
    const first = await loadStudies(orthanc, fixtures.files);
    assert.equal(first.uploaded, 4);
    assert.equal(first.skipped, 0);
    assert.equal(first.requests, 1);
    const again = await loadStudies(orthanc, fixturesDir); // a folder this time
    assert.equal(again.uploaded, 0);
    assert.equal(again.skipped, 4);
    assert.equal(again.requests, 0);
    const stats = await (await fetch(`${orthanc.url}/statistics`)).json();
    assert.equal(stats.CountInstances, 4);
    console.log(
      `# loaded ${first.uploaded} files in ${first.ms} ms; reload skipped ${again.skipped} in ${again.ms} ms`,
    );
  });

  it('throws with the reason when Orthanc refuses a file', async () => {
    const bad = await makeBrokenDicom(join(fixturesDir, 'broken.dcm'));
    // Orthanc answers 400 with FailedSOPSequence reason 0xC000; the words are only in its log.
    await assert.rejects(
      loadStudies(orthanc, [bad]),
      /STOW-RS \(400\) refused 1 of 1 instances[\s\S]*0xC000[\s\S]*Missing a mandatory tag/,
    );
    await rm(bad);
  });

  it('answers QIDO with the loaded studies', async () => {
    const studies = await qidoStudies(orthanc.dicomWebRoot);
    assert.equal(studies.size, 2);
    for (const s of fixtures.studies) assert.equal(studies.get(s.studyUid), 2);
    const one = await qidoStudies(orthanc.dicomWebRoot, `?PatientID=${fixtures.studies[0].patientId}`);
    assert.deepEqual([...one.keys()], [fixtures.studies[0].studyUid]);
  });

  it('retrieves a frame as stored (transfer-syntax=*)', async () => {
    const study = fixtures.studies[1];
    const series = study.series[0];
    const instance = series.instances[1];
    const res = await fetch(
      `${orthanc.dicomWebRoot}/studies/${study.studyUid}/series/${series.seriesUid}/instances/${instance.sopUid}/frames/1`,
      { headers: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } },
    );
    assert.equal(res.status, 200);
    const contentType = res.headers.get('content-type') ?? '';
    assert.match(contentType, /^multipart\/related/);
    const parts = parseMultipart(Buffer.from(await res.arrayBuffer()), contentType);
    assert.equal(parts.length, 1);
    assert.match(parts[0].headers, new RegExp(`transfer-syntax=${EXPLICIT_LE.replaceAll('.', '\\.')}`));
    assert.deepEqual(parts[0].data, tinyPixels(instance.seed));
  });

  it('restarts Orthanc after SIGKILL, on the same port with the same data', async () => {
    const oldPid = orthanc.pid;
    process.kill(oldPid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (orthanc.restarts < 1 && Date.now() < deadline) await sleep(20);
    assert.equal(orthanc.restarts, 1);
    assert.notEqual(orthanc.pid, oldPid);
    assert.equal(pidAlive(oldPid), false);
    assert.ok(
      logLines.some((l) => /exited \(code null, signal SIGKILL\); restarted as pid \d+/.test(l)),
      logLines.join('\n'),
    );
    const studies = await qidoStudies(orthanc.dicomWebRoot);
    assert.equal(studies.size, 2);
    assert.equal(await orthanc.restartIfDead(), false);
    console.log(`# ${logLines.at(-1)}`);
  });

  it('stops cleanly: the pid is gone and the temp dir removed', async () => {
    const pid = orthanc.pid;
    const t0 = Date.now();
    await orthanc.stop({ keep: KEEP });
    console.log(`# stopped in ${Date.now() - t0} ms`);
    assert.equal(pidAlive(pid), false);
    assert.equal(existsSync(orthanc.tempDir), KEEP);
    assert.equal(await isListening(orthanc.port), false);
  });
});

describe('scripts/orthanc.mjs', { timeout: 30_000 }, () => {
  /** @type {string} */
  let stateDir;
  const cli = (/** @type {string[]} */ ...args) => run(process.execPath, [CLI, ...args, '--state-dir', stateDir]);

  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fovea-orthanc-cli-'));
  });
  after(async () => {
    await cli('stop').catch(() => {});
    await rm(stateDir, { recursive: true, force: true });
  });

  it('start, status, supervised restart, stop', async () => {
    const started = await cli('start', '--port', '0', '--temp-storage');
    assert.match(started.stdout, /Orthanc ready at http:\/\/127\.0\.0\.1:\d+/);
    const state = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8'));
    assert.ok(pidAlive(state.supervisorPid) && pidAlive(state.orthancPid));

    const status = JSON.parse((await cli('status', '--json')).stdout);
    assert.equal(status.running, true);

    process.kill(state.orthancPid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    let restarted;
    while (Date.now() < deadline) {
      restarted = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8'));
      if (restarted.restarts === 1) break;
      await sleep(50);
    }
    assert.equal(restarted.restarts, 1);
    assert.notEqual(restarted.orthancPid, state.orthancPid);
    assert.equal((await fetch(`${state.url}/system`)).status, 200);

    const stopped = await cli('stop');
    assert.match(stopped.stdout, /stopped supervisor pid \d+/);
    assert.equal(pidAlive(state.supervisorPid), false);
    assert.equal(pidAlive(restarted.orthancPid), false);
    assert.equal(existsSync(join(stateDir, 'state.json')), false);
    await assert.rejects(cli('status'), (err) => /** @type {any} */ (err).code === 3);
  });
});
