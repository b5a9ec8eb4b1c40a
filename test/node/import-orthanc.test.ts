// Importing a patient's CD into a real Orthanc (issue 16): a folder, a DICOMDIR
// made by dcmmkdir and a zip are listed by LocalDicomSource and uploaded with
// STOW-RS; what Orthanc gives back has the same pixel data bytes, and the
// reconciled attributes as given. Faults are injected around the real server
// (a fetch or storeInstances wrapper, on purpose): 413 for large requests, a
// connection cut after the server stored a batch, refused instances, a
// cancel and a resume. Nothing is ever sent twice.
//
//   node --import tsx --test test/node/import-orthanc.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openAsBlob, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import dicomParser from 'dicom-parser';
import { zipSync } from 'fflate';
import { DicomWebError, createDicomWebClient, type DicomWebClient } from '@fovea-dicom/core';
import {
  LocalDicomSource,
  MemoryJournal,
  readFileHeader,
  type ImportReport,
  type LocalFile,
  type UploadOptions,
} from '@fovea-dicom/core/local';

interface OrthancHandle {
  url: string;
  dicomWebRoot: string;
  stop(): Promise<void>;
}
const ORTHANC_LIB = '../../scripts/lib/orthanc.mjs';
const { startOrthanc } = (await import(ORTHANC_LIB)) as {
  startOrthanc(options: { port: number; log?: false }): Promise<OrthancHandle>;
};

const CORPUS = fileURLToPath(new URL('../../.data/corpus/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

async function localFiles(dir: string, paths = walk(dir)): Promise<LocalFile[]> {
  return Promise.all(paths.map(async (path) => ({ path: relative(dir, path), file: await openAsBlob(path) })));
}

/** The bytes from the Pixel Data element's value to the end of the dataset, as dicom-parser reads them. */
function pixelBytes(bytes: Uint8Array): string {
  // A Buffer: dicom-parser inflates deflated files with Node's zlib, which wants one.
  const dataSet = dicomParser.parseDicom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const pixel = dataSet.elements['x7fe00010'];
  if (!pixel) return '';
  const end = pixel.encapsulatedPixelData ? dataSet.byteArray.length : pixel.dataOffset + pixel.length;
  return Buffer.from(dataSet.byteArray.subarray(pixel.dataOffset, end)).toString('base64');
}

/** A folder like a patient's CD: several series in several transfer syntaxes, a text file and a cut file. */
function makeFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-cd-'));
  const pick = (syntax: string, phantom: string, n: number) => walk(join(CORPUS, syntax, phantom)).slice(0, n);
  const files = [
    ...pick('explicit-le', 'ct', 8),
    ...pick('implicit-le', 'mr', 3),
    ...pick('explicit-be', 'ct', 2),
    ...pick('jpeg-baseline', 'us', 1),
    ...pick('j2k-lossless', 'ct', 2),
    ...pick('rle', 'cr', 1),
    ...pick('deflate', 'dx', 1),
  ];
  files.forEach((path, i) => {
    mkdirSync(join(dir, `DICOM/S${i % 3}`), { recursive: true });
    writeFileSync(join(dir, `DICOM/S${i % 3}/IM${i}`), readFileSync(path));
  });
  writeFileSync(join(dir, 'AUTORUN.INF'), '[autorun]\nopen=viewer.exe\n');
  const cut = readFileSync(files[0]!);
  writeFileSync(join(dir, 'DICOM/CUT'), cut.subarray(0, cut.length - 4096));
  return dir;
}

/** A client on `orthanc` whose fetch goes through `fault` first (a fault injected on purpose). */
function clientOf(
  orthanc: OrthancHandle,
  fault?: (body: BodyInit | null | undefined) => Response | undefined,
): DicomWebClient {
  return createDicomWebClient({
    root: orthanc.dicomWebRoot,
    retry: { retries: 1, baseDelayMs: 10 },
    fetch: async (input, init) => fault?.(init?.body) ?? fetch(input, init),
  });
}

/** Counts how often each SOP Instance UID reached the server, by reading the headers of what storeInstances sent. */
function counting(
  client: DicomWebClient,
  after?: (call: number) => void,
): { client: UploadOptions['client']; sent: Map<string, number> } {
  const sent = new Map<string, number>();
  let calls = 0;
  return {
    sent,
    client: {
      root: client.root,
      iterateInstances: client.iterateInstances.bind(client),
      storeInstances: async (files, options) => {
        const result = await client.storeInstances(files, options);
        for (const bytes of files) {
          const header = await readFileHeader(new Blob([bytes as BlobPart]));
          const uid = header.kind === 'instance' ? String(header.dataset['00080018']?.Value?.[0]) : 'unreadable';
          sent.set(uid, (sent.get(uid) ?? 0) + 1);
        }
        after?.(++calls);
        return result;
      },
    },
  };
}

let orthanc: OrthancHandle;
let folder: string;

before(async () => {
  orthanc = await startOrthanc({ port: 0, log: false });
  folder = makeFolder();
});
after(async () => orthanc?.stop());

/** Deletes everything from Orthanc (its REST API), so that each test starts from an empty archive. */
async function emptyArchive(): Promise<void> {
  const ids = (await (await fetch(`${orthanc.url}/studies`)).json()) as string[];
  for (const id of ids) await fetch(`${orthanc.url}/studies/${id}`, { method: 'DELETE' });
}

function assertExact(report: ImportReport, stored: number): void {
  assert.equal(report.counts.stored + report.counts['stored-with-warning'], stored, JSON.stringify(report.counts));
  assert.equal(report.counts.failed, 0, JSON.stringify(report.instances.filter((i) => i.outcome === 'failed')));
  assert.equal(report.counts.cancelled, 0);
}

describe('a CD folder', () => {
  it('is listed with its bad files, uploaded, and read back with equal pixel data', async () => {
    await emptyArchive();
    const source = new LocalDicomSource();
    await source.add(await localFiles(folder));
    assert.equal(source.instances.length, 18);
    assert.deepEqual(source.skipped.map((s) => s.reason).sort(), ['not-dicom', 'truncated']);
    const { client, sent } = counting(clientOf(orthanc));
    const report = await uploadAll(source, { client });
    assertExact(report, 18);
    assert.ok(
      [...sent.values()].every((n) => n === 1),
      'each instance sent once',
    );
    const archive = clientOf(orthanc);
    for (const record of source.instances) {
      const back = await archive.retrieveInstance(record.instance);
      const original = new Uint8Array(readFileSync(join(folder, record.path)));
      assert.equal(pixelBytes(back), pixelBytes(original), `pixel data of ${record.transferSyntaxUid}`);
    }
    // A second upload of the same CD sends nothing and says why.
    const again = counting(clientOf(orthanc));
    const second = await uploadAll(source, { client: again.client });
    assert.equal(second.counts['already-stored'], 18);
    assert.equal(again.sent.size, 0);
    assert.equal(second.existingStudies.length, new Set(source.instances.map((r) => r.instance.studyInstanceUid)).size);
  });
});

describe('a DICOMDIR (dcmmkdir) and a zip', () => {
  it('uploads what the DICOMDIR lists', async () => {
    await emptyArchive();
    const dir = mkdtempSync(join(tmpdir(), 'fovea-dicomdir-'));
    mkdirSync(join(dir, 'DICOM/S1'), { recursive: true });
    walk(join(CORPUS, 'explicit-le/mr'))
      .slice(0, 6)
      .forEach((p, i) => writeFileSync(join(dir, `DICOM/S1/IM${i}`), readFileSync(p)));
    execFileSync('dcmmkdir', ['--recurse', '+id', dir, '--output-file', join(dir, 'DICOMDIR'), '+I', 'DICOM'], {
      stdio: 'pipe',
    });
    const source = new LocalDicomSource();
    await source.add(await localFiles(dir));
    assert.equal(source.instances.length, 6);
    assert.equal(source.skipped.length, 0);
    assertExact(await uploadAll(source, { client: clientOf(orthanc) }), 6);
  });

  it('uploads a zip reconciled to the local patient: attributes as given, originals kept, pixel data equal', async () => {
    await emptyArchive();
    const entries: Record<string, Uint8Array> = {};
    walk(join(CORPUS, 'explicit-le/ct'))
      .slice(0, 5)
      .forEach((p, i) => (entries[`CD/IM${i}`] = new Uint8Array(readFileSync(p))));
    const dir = mkdtempSync(join(tmpdir(), 'fovea-zip-'));
    writeFileSync(join(dir, 'cd.zip'), zipSync(entries, { level: 6 }));
    const source = new LocalDicomSource();
    await source.add(await localFiles(dir));
    assert.equal(source.instances.length, 5);
    const patient = {
      patientId: 'H-000123',
      issuerOfPatientId: 'HOSPITAL-A',
      patientName: 'Lokal^Erika',
      patientBirthDate: '19640812',
      patientSex: 'F' as const,
    };
    const report = await uploadAll(source, { client: clientOf(orthanc), patient, accessionNumber: 'LOC-77' });
    assertExact(report, 5);
    assert.equal(report.reconciled, true);
    const archive = clientOf(orthanc);
    for (const record of source.instances) {
      const back = dicomParser.parseDicom(await archive.retrieveInstance(record.instance));
      assert.equal(back.string('x00100020'), 'H-000123');
      assert.equal(back.string('x00100021'), 'HOSPITAL-A');
      assert.equal(back.string('x00100010'), 'Lokal^Erika');
      assert.equal(back.string('x00100030'), '19640812');
      assert.equal(back.string('x00100040'), 'F');
      assert.equal(back.string('x00080050'), 'LOC-77');
      const other = back.elements['x00101002']?.items?.[0]?.dataSet;
      assert.equal(other?.string('x00100020'), record.instance.patientId, 'original Patient ID kept');
      const original = entries[record.path.replace('cd.zip/', '')]!;
      assert.equal(pixelBytes(back.byteArray), pixelBytes(original), 'pixel data unchanged');
    }
  });
});

describe('faults', () => {
  it('a 413 for large requests: batches are split until they pass', async () => {
    await emptyArchive();
    const source = await sourceOf('explicit-le/ct', 12);
    const limit = 3 * 1024 * 1024;
    let refused = 0;
    const client = clientOf(orthanc, (body) => {
      const size = body instanceof Uint8Array ? body.byteLength : body instanceof Blob ? body.size : 0;
      if (size <= limit) return undefined;
      refused++;
      return new Response('Request Entity Too Large', { status: 413 });
    });
    const counted = counting(client);
    const report = await uploadAll(source, { client: counted.client, maxBatchBytes: 64 * 1024 * 1024 });
    assertExact(report, 12);
    assert.ok(refused > 0, 'the proxy refused some requests');
    assert.ok(
      [...counted.sent.values()].every((n) => n === 1),
      'refused requests were not stored: each sent once after',
    );
  });

  it('a connection cut after the server stored a batch: confirmed by QIDO, not sent again', async () => {
    await emptyArchive();
    const source = await sourceOf('explicit-le/mr', 10);
    const client = clientOf(orthanc);
    let cut = false;
    const sent = new Map<string, number>();
    const counted = counting(client);
    const cutting: UploadOptions['client'] = {
      ...counted.client,
      storeInstances: async (files, options) => {
        const result = await counted.client.storeInstances(files, options);
        if (!cut) {
          cut = true;
          throw new DicomWebError('network', { status: 0, method: 'POST', url: '/studies', retryable: true });
        }
        return result;
      },
    };
    const report = await uploadAll(source, { client: cutting, maxBatchInstances: 4, concurrency: 1, baseDelayMs: 10 });
    assertExact(report, 10);
    assert.ok(cut);
    for (const [uid, n] of counted.sent) sent.set(uid, n);
    assert.equal(sent.size, 10);
    assert.ok(
      [...sent.values()].every((n) => n === 1),
      `sent twice: ${JSON.stringify([...sent.values()])}`,
    );
    assert.ok(report.instances.some((i) => i.attempts === 1 && i.outcome === 'stored'));
  });

  it('an answer with a failed and a warned instance (202, 409): each reported as the server says, nothing resent', async () => {
    await emptyArchive();
    const source = await sourceOf('explicit-le/mr', 6);
    const [refused, warned] = source.instances.map((r) => r.instance.sopInstanceUid);
    // Orthanc stores everything it can read: the answer is rewritten on its way back (a fault injected on purpose),
    // as a server that refuses one instance and coerces another would answer (PS3.18 10.5.3).
    const client = createDicomWebClient({
      root: orthanc.dicomWebRoot,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method !== 'POST') return response;
        const answer = (await response.json()) as Record<string, { Value?: Record<string, { Value?: unknown[] }>[] }>;
        const referenced = answer['00081199']?.Value ?? [];
        const failed = referenced.filter((item) => item['00081155']?.Value?.[0] === refused);
        for (const item of failed) item['00081197'] = { vr: 'US', Value: [0xc000] } as never;
        for (const item of referenced) {
          if (item['00081155']?.Value?.[0] === warned) item['00081196'] = { vr: 'US', Value: [0xb000] } as never;
        }
        answer['00081199'] = { vr: 'SQ', Value: referenced.filter((item) => !failed.includes(item)) } as never;
        if (failed.length) answer['00081198'] = { vr: 'SQ', Value: failed } as never;
        const status = failed.length === 0 ? 200 : referenced.length === failed.length ? 409 : 202;
        return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/dicom+json' } });
      },
    });
    const counted = counting(client);
    const report = await uploadAll(source, { client: counted.client, maxBatchInstances: 3 });
    assert.equal(report.counts.stored, 4, JSON.stringify(report.counts));
    assert.equal(report.counts['stored-with-warning'], 1);
    assert.equal(report.counts.failed, 1);
    const byUid = new Map(report.instances.map((i) => [i.sopInstanceUid, i]));
    assert.deepEqual(
      {
        outcome: byUid.get(refused!)?.outcome,
        failure: byUid.get(refused!)?.failure,
        code: byUid.get(refused!)?.reasonCode,
      },
      { outcome: 'failed', failure: 'refused', code: 0xc000 },
    );
    assert.equal(byUid.get(warned!)?.reasonCode, 0xb000);
    assert.ok([...counted.sent.values()].every((n) => n === 1));
  });

  it('a part the server cannot read (400 without a list): halved until it stands alone; the others arrive', async () => {
    await emptyArchive();
    const source = await sourceOf('explicit-le/cr', 1);
    const more = await sourceOf('explicit-le/mr', 4);
    // Its file changed on the disk after it was listed (now not DICOM at all): Orthanc answers 400 without a list.
    const changed = { ...more.instances[0]!, file: new Blob(['this is no longer a DICOM file'.repeat(40)]) };
    const all = [...source.instances, ...more.instances.slice(1), changed];
    const { uploadInstances } = await import('@fovea-dicom/core/local');
    const counted = counting(clientOf(orthanc));
    const report = await uploadInstances(all, { client: counted.client, maxBatchInstances: 10 });
    assert.equal(report.counts.stored, 4, JSON.stringify(report.instances));
    assert.equal(report.counts.failed, 1);
    const failed = report.instances.find((i) => i.outcome === 'failed')!;
    assert.equal(failed.sopInstanceUid, changed.instance.sopInstanceUid);
    assert.equal(failed.failure, 'refused');
    assert.ok(
      [...counted.sent.values()].every((n) => n === 1),
      'the good ones reached the server once',
    );
  });

  it('a cancel, then a resume with the journal: the rest is sent, nothing twice', async () => {
    await emptyArchive();
    const source = await sourceOf('explicit-le/ct', 20);
    const journal = new MemoryJournal();
    const controller = new AbortController();
    const first = counting(clientOf(orthanc), (call) => {
      if (call === 2) controller.abort();
    });
    const cancelled = await uploadAll(source, {
      client: first.client,
      journal,
      signal: controller.signal,
      maxBatchInstances: 4,
      concurrency: 1,
    });
    assert.equal(cancelled.cancelled, true);
    assert.equal(cancelled.counts.stored, 8);
    assert.equal(cancelled.counts.cancelled, 12);
    const second = counting(clientOf(orthanc));
    const resumed = await uploadAll(source, { client: second.client, journal, maxBatchInstances: 4 });
    assert.equal(resumed.counts['already-stored'], 8);
    assert.equal(resumed.counts.stored, 12);
    for (const uid of second.sent.keys())
      assert.ok(!first.sent.has(uid), 'an instance sent in the first run was sent again');
  });
});

describe('the journal', () => {
  it('stands in for an archive without QIDO-RS, and is overruled by one that answers', async () => {
    await emptyArchive();
    const source = await sourceOf('explicit-le/mr', 4);
    const journal = new MemoryJournal();
    // A STOW-only endpoint (a fault injected on purpose): searches answer 404.
    const noQido = createDicomWebClient({
      root: orthanc.dicomWebRoot,
      fetch: async (input, init) => (init?.method === 'POST' ? fetch(input, init) : new Response('', { status: 404 })),
    });
    const first = await uploadAll(source, { client: noQido, journal });
    assert.equal(first.counts.stored, 4);
    const again = counting(noQido);
    const second = await uploadAll(source, { client: again.client, journal });
    assert.equal(second.counts['already-stored'], 4, 'the journal says what the archive cannot');
    assert.equal(again.sent.size, 0);
    // The study deleted on the archive: one that answers QIDO-RS gets it again, whatever the journal says.
    await emptyArchive();
    const third = await uploadAll(source, { client: clientOf(orthanc), journal });
    assert.equal(third.counts.stored, 4);
  });
});

async function sourceOf(folderOfCorpus: string, n: number): Promise<LocalDicomSource> {
  const dir = join(CORPUS, folderOfCorpus);
  const source = new LocalDicomSource();
  await source.add(await localFiles(dir, walk(dir).slice(0, n)));
  assert.equal(source.instances.length, n);
  return source;
}

async function uploadAll(source: LocalDicomSource, options: UploadOptions): Promise<ImportReport> {
  const { uploadInstances } = await import('@fovea-dicom/core/local');
  return uploadInstances(source.instances, { baseDelayMs: 10, ...options });
}
