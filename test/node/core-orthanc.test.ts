// Integration tests of @fovea-dicom/core against a real Orthanc 1.10 (DICOMweb plugin 1.7):
// STOW-RS, QIDO-RS, WADO-RS (metadata, frames, bulk data, rendered, thumbnail),
// WADO-URI and the typed errors, with the deterministic corpus in .data/corpus.
//
//   node --import tsx --test --test-reporter=spec test/node/core-orthanc.test.ts
//
// The test starts its own Orthanc on a free port (scripts/lib/orthanc.mjs). Orthanc
// can crash while transcoding; its supervisor restarts it, and every frame request
// here is retried once after a restart. The closing log line says how often it happened.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  DicomWebError,
  Tag,
  TransferSyntax,
  createDicomWebClient,
  getBinary,
  isAbortError,
  sortInstancesForStack,
  stackFrames,
  type DateMatch,
  type DicomWebClient,
  type Frame,
  type Instance,
  type InstanceRef,
  type StowResult,
} from '@fovea-dicom/core';
import { CT, MR, US, XRAY } from '@fovea-dicom/demo/sample/phantom.js';

// --- Orthanc harness (an untyped .mjs library: typed here for what the test uses) ---

interface OrthancHandle {
  url: string;
  dicomWebRoot: string;
  readonly restarts: number;
  startMs: number;
  stop(options?: { keep?: boolean }): Promise<void>;
  restartIfDead(): Promise<boolean>;
  logTail(lines?: number): string;
}
interface OrthancLib {
  startOrthanc(options: { port: number }): Promise<OrthancHandle>;
  loadStudies(handle: OrthancHandle, files: string[]): Promise<{ uploaded: number; ms: number }>;
}
const ORTHANC_LIB = '../../scripts/lib/orthanc.mjs';
const { startOrthanc, loadStudies } = (await import(ORTHANC_LIB)) as OrthancLib;

// --- Corpus manifest ---

interface CorpusFile {
  path: string;
  syntax: string;
  transferSyntaxUid: string;
  lossy: boolean;
  phantom: 'ct' | 'mr' | 'cr' | 'dx' | 'us' | 'palette';
  patientId: string;
  patientName: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  modality: string;
  seriesNumber: number;
  instanceNumber: number;
  photometricInterpretation: string;
  samplesPerPixel: number;
  bitsAllocated: number;
  rows: number;
  columns: number;
  frames: number;
  sha256: string;
  pixelMd5: string;
}
interface CorpusSeries {
  syntax: string;
  phantom: CorpusFile['phantom'];
  transferSyntaxUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  modality: string;
  instances: number;
}
interface Manifest {
  files: CorpusFile[];
  series: CorpusSeries[];
}

const CORPUS = fileURLToPath(new URL('../../.data/corpus/', import.meta.url));
const manifest = JSON.parse(await readFile(`${CORPUS}manifest.json`, 'utf8')) as Manifest;

/** Files stored through the client's STOW-RS; the rest is loaded with loadStudies. */
const STOW_SYNTAXES = new Set(['rle', 'jpeg-baseline']);
const UNCOMPRESSED = new Set<string>([
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
]);

const one = <T>(items: T[], what: string): T => {
  assert.equal(items.length, 1, `expected exactly one ${what}, found ${items.length}`);
  return items[0]!;
};
const fileOf = (syntax: string, phantom: string): CorpusFile =>
  manifest.files.find((f) => f.syntax === syntax && f.phantom === phantom) ??
  assert.fail(`corpus has no ${syntax} ${phantom}`);
const seriesOf = (syntax: string, phantom: string): CorpusSeries =>
  one(
    manifest.series.filter((s) => s.syntax === syntax && s.phantom === phantom),
    `${syntax} ${phantom} series`,
  );
const refOf = (f: CorpusFile): InstanceRef => ({
  studyInstanceUid: f.studyInstanceUid,
  seriesInstanceUid: f.seriesInstanceUid,
  sopInstanceUid: f.sopInstanceUid,
});
const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();
const studyUids = manifest.files.map((f) => f.studyInstanceUid);
const studyUidOfAccession = new Map<string, string>([
  ['ACC-1001', fileOf('explicit-le', 'ct').studyInstanceUid],
  ['ACC-1002', fileOf('explicit-le', 'cr').studyInstanceUid],
  ['ACC-2001', fileOf('explicit-le', 'mr').studyInstanceUid],
  ['ACC-2002', fileOf('explicit-le', 'us').studyInstanceUid],
]);
const study = (accession: string): string => studyUidOfAccession.get(accession)!;

// --- Image headers ---

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(new TextDecoder().decode(bytes.subarray(12, 16)), 'IHDR');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The first start-of-frame segment of a JPEG (or JPEG-LS, marker 0xF7) stream. */
function jpegFrame(bytes: Uint8Array): { marker: number; width: number; height: number; components: number } {
  assert.ok(bytes[0] === 0xff && bytes[1] === 0xd8, 'JPEG SOI');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 2; i + 9 < bytes.length;) {
    assert.equal(bytes[i], 0xff, `JPEG marker expected at ${i}`);
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const isSof = (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) || marker === 0xf7;
    if (isSof)
      return { marker, height: view.getUint16(i + 5), width: view.getUint16(i + 7), components: bytes[i + 9]! };
    i += 2 + view.getUint16(i + 2);
  }
  return assert.fail('no JPEG start-of-frame segment');
}

/** Image size of a JPEG 2000 codestream (SIZ segment), also inside a JP2 file. */
function j2kSize(bytes: Uint8Array): { width: number; height: number; components: number } {
  let soc = -1;
  for (let i = 0; i + 3 < Math.min(bytes.length, 4096); i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0x4f && bytes[i + 2] === 0xff && bytes[i + 3] === 0x51) {
      soc = i;
      break;
    }
  }
  assert.ok(soc >= 0, 'JPEG 2000 SOC + SIZ markers');
  const view = new DataView(bytes.buffer, bytes.byteOffset + soc + 4);
  const [xsiz, ysiz, xo, yo] = [view.getUint32(4), view.getUint32(8), view.getUint32(12), view.getUint32(16)];
  return { width: xsiz - xo, height: ysiz - yo, components: view.getUint16(36) };
}

/** Checks that a frame's bytes are what its transfer syntax says, and of the image's size. */
function assertFrameBytes(frame: Frame, file: CorpusFile): void {
  const { rows, columns, samplesPerPixel: spp, bitsAllocated } = file;
  const ts = frame.transferSyntaxUid;
  const bytes = frame.bytes;
  if (UNCOMPRESSED.has(ts)) {
    assert.equal(bytes.byteLength, (rows * columns * spp * bitsAllocated) / 8, 'uncompressed frame length');
  } else if (ts === TransferSyntax.RLELossless) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, 64);
    assert.equal(view.getUint32(0, true), spp * (bitsAllocated / 8), 'RLE segment count');
    assert.equal(view.getUint32(4, true), 64, 'first RLE segment follows the header');
  } else if (ts === TransferSyntax.JPEG2000Lossless || ts === TransferSyntax.JPEG2000) {
    assert.deepEqual(j2kSize(bytes), { width: columns, height: rows, components: spp });
  } else {
    const sof = jpegFrame(bytes);
    const expectedMarker: Record<string, number> = {
      [TransferSyntax.JPEGBaseline]: 0xc0,
      [TransferSyntax.JPEGExtended]: 0xc1,
      [TransferSyntax.JPEGLosslessSV1]: 0xc3,
      [TransferSyntax.JPEGLSLossless]: 0xf7,
      [TransferSyntax.JPEGLSNearLossless]: 0xf7,
    };
    assert.equal(sof.marker, expectedMarker[ts], `SOF marker of ${ts}`);
    assert.deepEqual([sof.width, sof.height, sof.components], [columns, rows, spp]);
  }
}

// --- Shared state ---

let orthanc: OrthancHandle;
let client: DicomWebClient;
let stowed: CorpusFile[];
let stowResult: StowResult;
const fetchLog: string[] = [];
/** Requests retried after the supervisor restarted a crashed Orthanc. */
const retriedAfterRestart: string[] = [];
const timings: Record<string, number> = {};

/** fetch that records the method and path of each request (query dropped). */
const loggingFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  fetchLog.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search ? '?' : ''}`);
  return fetch(input, init);
};

/** `quirks: 'detect'` leaves noPercentDecoding undefined: the client probes the server. */
function newClient(options: { quirks?: boolean | 'detect'; root?: string } = {}): DicomWebClient {
  return createDicomWebClient({
    root: options.root ?? orthanc.dicomWebRoot,
    quirks: options.quirks === 'detect' ? {} : { noPercentDecoding: options.quirks ?? true },
    fetch: loggingFetch,
  });
}

/** Runs a request; if it failed because Orthanc died, waits for the restart and runs it once more. */
async function withRestart<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!(await orthanc.restartIfDead()) && !(error instanceof DicomWebError && error.code === 'network')) throw error;
    retriedAfterRestart.push(what);
    return request();
  }
}

let usPixels: Promise<Uint8Array> | undefined;
/** The explicit LE US multi-frame's Pixel Data, through its BulkDataURI (checked against the manifest). */
function explicitLeUsPixels(): Promise<Uint8Array> {
  usPixels ??= (async () => {
    const f = fileOf('explicit-le', 'us');
    const meta = await client.retrieveInstanceMetadata(refOf(f));
    const binary = getBinary(meta.dataset, Tag.PixelData);
    assert.equal(binary.kind, 'bulkdata', 'Orthanc gives Pixel Data as a BulkDataURI');
    const bytes = await client.retrieveBulkData(binary.kind === 'bulkdata' ? binary.uri : '');
    assert.equal(md5(bytes), f.pixelMd5, 'bulk Pixel Data MD5 = manifest pixelMd5');
    return bytes;
  })();
  return usPixels;
}

before(async () => {
  const t0 = Date.now();
  orthanc = await startOrthanc({ port: 0 });
  timings.orthancStart = Date.now() - t0;
  client = newClient();
  stowed = manifest.files.filter((f) => STOW_SYNTAXES.has(f.syntax));
  const rest = manifest.files.filter((f) => !STOW_SYNTAXES.has(f.syntax)).map((f) => `${CORPUS}${f.path}`);
  const stowBytes = await Promise.all(stowed.map((f) => readFile(`${CORPUS}${f.path}`)));
  const t1 = Date.now();
  const [result, loaded] = await Promise.all([
    client.storeInstances(stowBytes.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength))),
    loadStudies(orthanc, rest),
  ]);
  stowResult = result;
  timings.load = Date.now() - t1;
  assert.equal(loaded.uploaded, rest.length, 'loadStudies stored the rest of the corpus');
});

after(async () => {
  const restarts = orthanc?.restarts ?? 0;
  console.log(
    `[core-orthanc] Orthanc start ${timings.orthancStart} ms, corpus load ${timings.load} ms (${manifest.files.length} files); ` +
      `${fetchLog.length} client requests; Orthanc restarts after a crash: ${restarts}; ` +
      `requests retried after a restart: ${retriedAfterRestart.length ? retriedAfterRestart.join(', ') : 'none'}`,
  );
  if (restarts) console.log(orthanc.logTail(20));
  await orthanc?.stop();
});

// --- STOW-RS ---

describe('STOW-RS', () => {
  it('stores every instance of the request and lists each one with its retrieve URL', () => {
    assert.equal(stowResult.failed.length, 0);
    assert.equal(stowResult.stored.length, stowed.length);
    assert.deepEqual(
      sorted(stowResult.stored.map((s) => s.sopInstanceUid)),
      sorted(stowed.map((f) => f.sopInstanceUid)),
    );
    for (const s of stowResult.stored) {
      const f = stowed.find((x) => x.sopInstanceUid === s.sopInstanceUid)!;
      assert.equal(s.ok, true);
      assert.equal(s.sopClassUid, f.sopClassUid);
      assert.equal(
        s.retrieveUrl,
        `${orthanc.dicomWebRoot}/studies/${f.studyInstanceUid}/series/${f.seriesInstanceUid}/instances/${f.sopInstanceUid}`,
      );
    }
  });

  it('stores the same instance twice without error or duplicate', async () => {
    const f = fileOf('rle', 'mr');
    const again = await client.storeInstances([await readFile(`${CORPUS}${f.path}`)]);
    assert.deepEqual(
      again.stored.map((s) => [s.sopInstanceUid, s.ok]),
      [[f.sopInstanceUid, true]],
    );
    assert.equal(again.failed.length, 0);
    const instances = await client.searchInstances({
      StudyInstanceUID: f.studyInstanceUid,
      SeriesInstanceUID: f.seriesInstanceUid,
    });
    assert.equal(instances.length, seriesOf('rle', 'mr').instances);
  });

  it('throws a typed 400 for a part that is not DICOM (Orthanc lists no failure)', async () => {
    await assert.rejects(
      client.storeInstances([new TextEncoder().encode('this is not a DICOM file')]),
      (e: unknown) =>
        e instanceof DicomWebError &&
        e.code === 'http' &&
        e.status === 400 &&
        e.method === 'POST' &&
        !e.retryable &&
        e.url === `${orthanc.dicomWebRoot}/studies` &&
        e.message.includes('0 of 1 stored'),
    );
  });

  it('says how many were stored when one part of several is not DICOM', async () => {
    const f = fileOf('rle', 'palette'); // stored already: the request changes nothing
    await assert.rejects(
      client.storeInstances([await readFile(`${CORPUS}${f.path}`), new TextEncoder().encode('not DICOM')]),
      (e: unknown) => e instanceof DicomWebError && e.status === 400 && e.message.includes('1 of 2 stored'),
    );
  });

  it('returns the instances a 400 answer lists as failed, with their reason', async () => {
    const f = fileOf('rle', 'palette');
    const result = await client.storeInstances([await readFile(`${CORPUS}${f.path}`)], {
      studyInstanceUid: study('ACC-1001'), // not this instance's study
    });
    assert.equal(result.stored.length, 0);
    assert.deepEqual(
      result.failed.map((s) => [s.sopInstanceUid, s.sopClassUid, s.ok, s.reason]),
      [[f.sopInstanceUid, f.sopClassUid, false, 0x0110]],
    );
  });
});

// --- QIDO-RS ---

describe('QIDO-RS studies', () => {
  it('finds a patient by PatientID, with typed names, dates and counts', async () => {
    const studies = await client.searchStudies({ PatientID: 'FOVEA-0001' });
    assert.deepEqual(sorted(studies.map((s) => s.accessionNumber)), ['ACC-1001', 'ACC-1002']);
    for (const s of studies) {
      const files = manifest.files.filter((f) => f.studyInstanceUid === s.studyInstanceUid);
      assert.equal(s.patientId, 'FOVEA-0001');
      assert.deepEqual(s.patientName?.alphabetic, {
        family: 'Müller',
        given: 'Jürgen',
        middle: '',
        prefix: '',
        suffix: '',
      });
      assert.equal(s.patientName?.ideographic, undefined);
      assert.deepEqual(s.patientBirthDate, { year: 1958, month: 7, day: 23 });
      assert.equal(s.referringPhysicianName?.alphabetic?.prefix, 'Dr. med.');
      assert.equal(s.numberOfInstances, files.length);
      assert.equal(s.numberOfSeries, new Set(files.map((f) => f.seriesInstanceUid)).size);
      assert.deepEqual(sorted(s.modalitiesInStudy), sorted(new Set(files.map((f) => f.modality))));
    }
    const ct = studies.find((s) => s.accessionNumber === 'ACC-1001')!;
    assert.equal(ct.studyInstanceUid, study('ACC-1001'));
    assert.deepEqual(ct.studyDate, { year: 2024, month: 3, day: 15 });
    assert.deepEqual(ct.studyTime, { hours: 9, minutes: 30, seconds: 12, fraction: 0 });
  });

  it('matches PatientName wildcards across the umlaut (M*ller*, case-insensitive)', async () => {
    for (const PatientName of ['M*ller*', 'm*ller^j*']) {
      const studies = await client.searchStudies({ PatientName });
      assert.deepEqual(sorted(studies.map((s) => s.accessionNumber)), ['ACC-1001', 'ACC-1002'], PatientName);
    }
  });

  it('matches the literal name Müller^Jürgen only through the noPercentDecoding quirk', async () => {
    const withQuirk = await client.searchStudies({ PatientName: 'Müller^Jürgen' });
    assert.deepEqual(sorted(withQuirk.map((s) => s.accessionNumber)), ['ACC-1001', 'ACC-1002']);
    // Orthanc 1.10 compares %C3%BC literally: if this starts matching, the quirk can go.
    const standard = await newClient({ quirks: false }).searchStudies({ PatientName: 'Müller^Jürgen' });
    assert.equal(standard.length, 0);
  });

  it('finds out by itself that Orthanc does not percent-decode, only when a query needs an escape', async () => {
    const detecting = newClient({ quirks: 'detect' });
    const before = fetchLog.length;
    await detecting.searchStudies({ PatientName: 'Doe*' });
    assert.equal(fetchLog.length - before, 1, 'no probe for an ASCII query');
    assert.equal(detecting.quirks.noPercentDecoding, undefined);
    const found = await detecting.searchStudies({ PatientName: 'Müller^Jürgen' });
    assert.deepEqual(sorted(found.map((s) => s.accessionNumber)), ['ACC-1001', 'ACC-1002']);
    assert.equal(fetchLog.length - before, 4, 'two probe requests, then the search');
    assert.equal(detecting.quirks.noPercentDecoding, true);
    assert.deepEqual(detecting.broadenedKeys({ PatientName: 'Müller^Jürgen', PatientID: 'FOVEA-0001' }), [
      'PatientName',
    ]);
    await detecting.searchStudies({ PatientName: 'Jürgen*' });
    assert.equal(fetchLog.length - before, 5, 'probed once per client');
  });

  it('matches a three-group Japanese name and HTML-like names through the quirk', async () => {
    const yamada = await client.searchStudies({ PatientName: 'Yamada^Tarou=山田^太郎=やまだ^たろう' });
    assert.deepEqual(sorted(yamada.map((s) => s.accessionNumber)), ['ACC-2001', 'ACC-2002']);
    const byPrefix = await client.searchStudies({ PatientName: 'Yamada*' });
    assert.deepEqual(sorted(byPrefix.map((s) => s.studyInstanceUid)), sorted(yamada.map((s) => s.studyInstanceUid)));
    for (const s of yamada) {
      assert.deepEqual([s.patientName?.alphabetic?.family, s.patientName?.alphabetic?.given], ['Yamada', 'Tarou']);
      // Orthanc answers QIDO in ISO_IR 100: the ideographic and phonetic groups arrive as "^" (empty).
      assert.equal(s.patientName?.ideographic, undefined);
      assert.equal(s.patientName?.phonetic, undefined);
    }
    const xss = await client.searchStudies({ PatientName: '<img*' });
    assert.deepEqual(
      xss.map((s) => s.patientId),
      ['FOVEA-0003'],
    );
  });

  it('filters on StudyDate ranges, exact dates and open ends', async () => {
    const accessions = async (StudyDate: DateMatch) =>
      sorted((await client.searchStudies({ StudyDate })).map((s) => s.patientId + ' ' + s.accessionNumber));
    assert.deepEqual(await accessions({ from: '20240315', to: '20240402' }), [
      'FOVEA-0001 ACC-1001',
      'FOVEA-0001 ACC-1002',
      'FOVEA-0002 ACC-2001',
    ]);
    assert.deepEqual(await accessions({ from: new Date(2024, 3, 3) }), [
      'FOVEA-0002 ACC-2002',
      'FOVEA-0003 <i>ACC</i>',
    ]);
    assert.deepEqual(await accessions({ to: { year: 2024, month: 3, day: 15 } }), ['FOVEA-0001 ACC-1001']);
    assert.deepEqual(await accessions('20240316'), ['FOVEA-0001 ACC-1002']);
  });

  it('filters on ModalitiesInStudy, AccessionNumber and StudyInstanceUID lists', async () => {
    const dx = await client.searchStudies({ ModalitiesInStudy: 'DX' });
    assert.deepEqual(
      dx.map((s) => s.accessionNumber),
      ['ACC-1002'],
    );
    assert.deepEqual(sorted(dx[0]!.modalitiesInStudy), ['CR', 'DX']);
    const crOrUs = await client.searchStudies({ ModalitiesInStudy: ['CR', 'US'] });
    assert.deepEqual(sorted(crOrUs.map((s) => s.accessionNumber)), ['ACC-1002', 'ACC-2002']);
    const byAccession = await client.searchStudies({ AccessionNumber: 'ACC-2001' });
    assert.deepEqual(
      byAccession.map((s) => s.studyInstanceUid),
      [study('ACC-2001')],
    );
    const byUids = await client.searchStudies({ StudyInstanceUID: [study('ACC-1001'), study('ACC-2002')] });
    assert.deepEqual(sorted(byUids.map((s) => s.studyInstanceUid)), sorted([study('ACC-1001'), study('ACC-2002')]));
  });

  it('returns extra attributes with includefield', async () => {
    const plain = one(await client.searchStudies({ AccessionNumber: 'ACC-1002' }), 'study');
    assert.equal(plain.studyDescription, undefined, 'StudyDescription is not a default QIDO attribute in Orthanc');
    const extra = one(
      await client.searchStudies({ AccessionNumber: 'ACC-1002' }, { includefield: ['StudyDescription'] }),
      'study',
    );
    assert.equal(extra.studyDescription, 'Röntgen Thorax p.a.');
    const byTag = one(
      await client.searchStudies({ AccessionNumber: 'ACC-1002' }, { includefield: [Tag.StudyDescription] }),
      'study',
    );
    assert.equal(byTag.studyDescription, 'Röntgen Thorax p.a.');
    // Orthanc 1.10 / plugin 1.7 accepts includefield=all but adds nothing with it.
    const all = one(await client.searchStudies({ AccessionNumber: 'ACC-1002' }, { includefield: 'all' }), 'study');
    assert.equal(all.studyInstanceUid, study('ACC-1002'));
  });

  it('pages with limit and offset, and iterateStudies walks every study one page at a time', async () => {
    const everything = await client.searchStudies();
    assert.deepEqual(sorted(everything.map((s) => s.studyInstanceUid)), sorted(new Set(studyUids)));
    const page = await client.searchStudies({}, { limit: 2, offset: 1 });
    assert.deepEqual(
      page.map((s) => s.studyInstanceUid),
      everything.slice(1, 3).map((s) => s.studyInstanceUid),
    );
    assert.equal((await client.searchStudies({}, { limit: 2, offset: everything.length })).length, 0);

    const before = fetchLog.length;
    const walked: string[] = [];
    for await (const s of client.iterateStudies({}, { pageSize: 1 })) walked.push(s.studyInstanceUid);
    assert.deepEqual(
      walked,
      everything.map((s) => s.studyInstanceUid),
    );
    // One request per study, and one more that comes back empty.
    assert.equal(fetchLog.length - before, everything.length + 1);
  });
});

describe('QIDO-RS series and instances', () => {
  it('lists the series of one study with numbers, modality and instance counts', async () => {
    const chest = study('ACC-1002');
    const series = await client.searchSeries({ StudyInstanceUID: chest });
    const expected = manifest.series.filter((s) => s.studyInstanceUid === chest);
    assert.deepEqual(sorted(series.map((s) => s.seriesInstanceUid)), sorted(expected.map((s) => s.seriesInstanceUid)));
    for (const s of series) {
      const m = expected.find((e) => e.seriesInstanceUid === s.seriesInstanceUid)!;
      assert.equal(s.studyInstanceUid, chest);
      assert.equal(s.modality, m.modality);
      assert.equal(s.seriesNumber, m.seriesNumber);
      assert.equal(s.numberOfInstances, m.instances);
      assert.match(s.seriesDescription ?? '', /^Thorax p\.a\. \((CR, MONOCHROME1|DX, MONOCHROME2)\)/);
    }
    const crOnly = await client.searchSeries({ StudyInstanceUID: chest, Modality: 'CR' });
    assert.deepEqual(
      sorted(crOnly.map((s) => s.seriesInstanceUid)),
      sorted(expected.filter((s) => s.modality === 'CR').map((s) => s.seriesInstanceUid)),
    );
  });

  it('searches series across studies by Modality (one value and a list)', async () => {
    const us = await client.searchSeries({ Modality: 'US' });
    const expectedUs = manifest.series.filter((s) => s.modality === 'US');
    assert.deepEqual(sorted(us.map((s) => s.seriesInstanceUid)), sorted(expectedUs.map((s) => s.seriesInstanceUid)));
    assert.ok(us.every((s) => s.patientId === 'FOVEA-0002'));
    const xray = await client.searchSeries({ Modality: ['CR', 'DX'] });
    assert.equal(xray.length, manifest.series.filter((s) => s.modality === 'CR' || s.modality === 'DX').length);
    assert.deepEqual(sorted(new Set(xray.map((s) => s.modality))), ['CR', 'DX']);
  });

  it('lists the instances of a series (under the study path, as Orthanc requires)', async () => {
    const mr = seriesOf('explicit-le', 'mr');
    const instances = await client.searchInstances({
      StudyInstanceUID: mr.studyInstanceUid,
      SeriesInstanceUID: mr.seriesInstanceUid,
    });
    const files = manifest.files.filter((f) => f.seriesInstanceUid === mr.seriesInstanceUid);
    assert.equal(instances.length, MR.sliceCount);
    assert.deepEqual(sorted(instances.map((i) => i.sopInstanceUid)), sorted(files.map((f) => f.sopInstanceUid)));
    for (const i of instances) {
      const f = files.find((x) => x.sopInstanceUid === i.sopInstanceUid)!;
      assert.equal(i.instanceNumber, f.instanceNumber);
      assert.equal(i.sopClassUid, f.sopClassUid);
      assert.deepEqual([i.rows, i.columns], [MR.rows, MR.columns]);
      assert.equal(i.seriesInstanceUid, mr.seriesInstanceUid);
    }
    assert.ok(fetchLog.at(-1)!.endsWith(`/studies/${mr.studyInstanceUid}/series/${mr.seriesInstanceUid}/instances`));

    const us = fileOf('jpeg-baseline', 'us');
    const [usInstance] = await client.searchInstances({
      StudyInstanceUID: us.studyInstanceUid,
      SeriesInstanceUID: us.seriesInstanceUid,
    });
    assert.equal(usInstance?.numberOfFrames, US.frameCount);
    assert.equal(usInstance?.isMultiframe, true);
  });
});

// --- WADO-RS metadata ---

describe('WADO-RS metadata', () => {
  it('study metadata: every instance, with the Japanese name groups and the US cine attributes', async () => {
    const usStudy = study('ACC-2002');
    const instances = await client.retrieveStudyMetadata(usStudy);
    const files = manifest.files.filter((f) => f.studyInstanceUid === usStudy);
    assert.deepEqual(sorted(instances.map((i) => i.sopInstanceUid)), sorted(files.map((f) => f.sopInstanceUid)));
    for (const i of instances) {
      const name = i.patientName;
      assert.deepEqual([name?.alphabetic?.family, name?.alphabetic?.given], ['Yamada', 'Tarou']);
      assert.deepEqual([name?.ideographic?.family, name?.ideographic?.given], ['山田', '太郎']);
      assert.deepEqual([name?.phonetic?.family, name?.phonetic?.given], ['やまだ', 'たろう']);
      assert.equal(i.studyDescription, '心エコー (Echo) phantom');
      assert.equal(i.numberOfFrames, US.frameCount);
      assert.deepEqual([i.rows, i.columns], [US.rows, US.columns]);
      assert.ok(Math.abs(i.frameTimeMs! - US.frameTimeMs) < 1e-6, `frame time ${i.frameTimeMs}`);
    }
    const le = instances.find((i) => i.sopInstanceUid === fileOf('explicit-le', 'us').sopInstanceUid)!;
    assert.equal(le.photometricInterpretation, 'RGB');
    const frames = stackFrames([le]);
    assert.deepEqual(
      frames.map((f) => f.frame),
      Array.from({ length: US.frameCount }, (_, k) => k + 1),
    );
  });

  it('series metadata: CT geometry, windows and rescale; the stack is ordered by position, not number', async () => {
    const ct = seriesOf('explicit-le', 'ct');
    const instances = await client.retrieveSeriesMetadata(ct.studyInstanceUid, ct.seriesInstanceUid);
    assert.equal(instances.length, CT.sliceCount);
    for (const i of instances) {
      assert.deepEqual([i.rows, i.columns], [CT.rows, CT.columns]);
      assert.deepEqual(i.pixelSpacing, [CT.pixelSpacingMm, CT.pixelSpacingMm]);
      assert.equal(i.sliceThickness, CT.sliceThicknessMm);
      assert.equal(i.rescaleIntercept, CT.rescaleIntercept);
      assert.equal(i.rescaleSlope, CT.rescaleSlope);
      assert.deepEqual(
        i.windows.map((w) => [w.center, w.width, w.explanation]),
        CT.windows.map((w) => [...w]),
      );
      assert.deepEqual(i.imageOrientationPatient, [1, 0, 0, 0, 1, 0]);
    }
    // Shuffle deterministically so the input order proves nothing.
    const shuffled = [...instances].sort((a, b) => (a.sopInstanceUid.slice(-7) < b.sopInstanceUid.slice(-7) ? -1 : 1));
    const stack = sortInstancesForStack(shuffled);
    const z = stack.map((i) => i.imagePositionPatient![2]);
    for (let k = 1; k < z.length; k++) assert.ok(Math.abs(z[k]! - z[k - 1]! - CT.sliceSpacingMm) < 1e-6, `z step ${k}`);
    // Slice 1 is the most superior: sorted along +z the instance numbers descend.
    assert.deepEqual(
      stack.map((i) => i.instanceNumber),
      Array.from({ length: CT.sliceCount }, (_, k) => CT.sliceCount - k),
    );
    assert.deepEqual(
      stackFrames(shuffled).map((f) => [f.instance.sopInstanceUid, f.frame]),
      stack.map((i) => [i.sopInstanceUid, 1]),
    );
  });

  it('instance metadata: CR attributes and Pixel Data as a BulkDataURI', async () => {
    const cr = fileOf('explicit-le', 'cr');
    const i: Instance = await client.retrieveInstanceMetadata(refOf(cr));
    assert.equal(i.sopInstanceUid, cr.sopInstanceUid);
    assert.equal(i.modality, 'CR');
    assert.equal(i.photometricInterpretation, 'MONOCHROME1');
    assert.deepEqual([i.rows, i.columns], [XRAY.rows, XRAY.columns]);
    assert.equal(i.pixelSpacing, undefined);
    assert.deepEqual(i.imagerPixelSpacing, [XRAY.imagerPixelSpacingMm, XRAY.imagerPixelSpacingMm]);
    assert.deepEqual(
      i.windows.map((w) => [w.center, w.width]),
      [[...XRAY.window]],
    );
    assert.equal(i.numberOfFrames, 1);
    assert.equal(i.hasPixelData, true);
    const pixel = getBinary(i.dataset, Tag.PixelData);
    assert.equal(pixel.kind, 'bulkdata');
    assert.ok(
      pixel.kind === 'bulkdata' && pixel.uri.startsWith(`${orthanc.dicomWebRoot}/studies/${cr.studyInstanceUid}/`),
    );
  });
});

// --- Bulk data ---

describe('WADO-RS bulk data', () => {
  it('retrieves Pixel Data from the BulkDataURI, absolute and relative to the root', async () => {
    const palette = fileOf('explicit-le', 'palette');
    const meta = await client.retrieveInstanceMetadata(refOf(palette));
    const binary = getBinary(meta.dataset, Tag.PixelData);
    assert.ok(binary.kind === 'bulkdata', 'Pixel Data is a BulkDataURI');
    const absolute = await client.retrieveBulkData(binary.uri);
    assert.equal(absolute.byteLength, palette.rows * palette.columns);
    assert.equal(md5(absolute), palette.pixelMd5);
    const relative = await client.retrieveBulkData(binary.uri.slice(orthanc.dicomWebRoot.length + 1));
    assert.equal(md5(relative), palette.pixelMd5);
  });

  it('retrieves the 30-frame US Pixel Data whole (MD5 of all frames = manifest)', async () => {
    const bytes = await explicitLeUsPixels();
    assert.equal(bytes.byteLength, US.rows * US.columns * 3 * US.frameCount);
  });
});

// --- Frames ---

const asServed = (ts: string): string =>
  ts === TransferSyntax.ExplicitVRBigEndian || ts === TransferSyntax.DeflatedExplicitVRLittleEndian
    ? TransferSyntax.ExplicitVRLittleEndian
    : ts;

describe('WADO-RS frames of every corpus series', { concurrency: 3 }, () => {
  for (const series of manifest.series) {
    const file = manifest.files.find((f) => f.seriesInstanceUid === series.seriesInstanceUid)!;
    const served = asServed(series.transferSyntaxUid);
    it(`${series.syntax} ${series.phantom}: frame 1${file.frames > 1 ? ' and frames 1,2,3' : ''} as ${served}`, async () => {
      const [frame] = await withRestart(file.path, () => client.retrieveFrames(refOf(file), [1]));
      assert.equal(frame!.frame, 1);
      assert.equal(frame!.transferSyntaxUid, served);
      assertFrameBytes(frame!, file);
      if (UNCOMPRESSED.has(served) && file.frames === 1) assert.equal(md5(frame!.bytes), file.pixelMd5, 'pixel MD5');
      if (file.frames > 1) {
        const three = await withRestart(`${file.path} 1,2,3`, () => client.retrieveFrames(refOf(file), [1, 2, 3]));
        assert.deepEqual(
          three.map((f) => [f.frame, f.transferSyntaxUid]),
          [1, 2, 3].map((n) => [n, served]),
        );
        for (const f of three) assertFrameBytes(f, file);
        assert.deepEqual(three[0]!.bytes, frame!.bytes, 'frame 1 alone and in a batch');
        assert.notDeepEqual(three[1]!.bytes, three[0]!.bytes, 'cine frames differ');
        if (UNCOMPRESSED.has(served)) {
          const pixels = await explicitLeUsPixels();
          const size = file.rows * file.columns * file.samplesPerPixel;
          three.forEach((f, k) =>
            assert.ok(
              Buffer.from(f.bytes).equals(pixels.subarray(k * size, (k + 1) * size)),
              `frame ${k + 1} = bulk data slice`,
            ),
          );
        }
      }
    });
  }
});

describe('WADO-RS frames: transfer syntax fallback', () => {
  it('asks for stored bytes, falls back to explicit LE on 500 and remembers it for the series', async () => {
    const fresh = newClient();
    const be = fileOf('explicit-be', 'palette');
    const before = fetchLog.length;
    const [first] = await withRestart('fallback', () => fresh.retrieveFrames(refOf(be), [1]));
    assert.equal(first!.transferSyntaxUid, TransferSyntax.ExplicitVRLittleEndian);
    assert.equal(fetchLog.length - before, 2, 'one refused (500) and one explicit LE request');
    const [second] = await withRestart('fallback', () => fresh.retrieveFrames(refOf(be), [1]));
    assert.equal(fetchLog.length - before, 3, 'the series remembers the Accept that worked');
    assert.deepEqual(second!.bytes, first!.bytes);
  });
});

// --- Rendered, thumbnail, WADO-URI ---

describe('WADO-RS rendered and thumbnail, WADO-URI', () => {
  it('renders a CT slice as JPEG and PNG at the requested viewport', async () => {
    const ct = refOf(fileOf('explicit-le', 'ct'));
    const jpeg = await client.retrieveRendered(ct, { viewport: { width: 128, height: 128 }, quality: 90 });
    assert.equal(jpeg.type, 'image/jpeg');
    const sof = jpegFrame(new Uint8Array(await jpeg.arrayBuffer()));
    assert.deepEqual([sof.width, sof.height], [128, 128]);

    const soft = await client.retrieveRendered(ct, {
      accept: 'image/png',
      viewport: { width: 96, height: 96 },
      window: { center: 40, width: 400 },
    });
    assert.equal(soft.type, 'image/png');
    const softBytes = new Uint8Array(await soft.arrayBuffer());
    assert.deepEqual(pngSize(softBytes), { width: 96, height: 96 });
    const lung = await client.retrieveRendered(ct, {
      accept: 'image/png',
      viewport: { width: 96, height: 96 },
      window: { center: -600, width: 1500 },
    });
    assert.notDeepEqual(new Uint8Array(await lung.arrayBuffer()), softBytes, 'the window changes the picture');
  });

  it('renders one frame of the multi-frame US', async () => {
    const us = fileOf('jpeg-baseline', 'us');
    const png = await client.retrieveRendered(
      { ...refOf(us), frame: 2 },
      { accept: 'image/png', viewport: { width: 64, height: 48 } },
    );
    assert.equal(png.type, 'image/png');
    assert.deepEqual(pngSize(new Uint8Array(await png.arrayBuffer())), { width: 64, height: 48 });
    assert.match(fetchLog.at(-1)!, /\/frames\/2\/rendered\?$/);
  });

  it('falls back from /thumbnail (404 in plugin 1.7) to /rendered for a series', async () => {
    const mr = seriesOf('explicit-le', 'mr');
    const before = fetchLog.length;
    const thumb = await client.retrieveThumbnail(
      { studyInstanceUid: mr.studyInstanceUid, seriesInstanceUid: mr.seriesInstanceUid },
      { viewport: { width: 64, height: 64 } },
    );
    assert.deepEqual(
      fetchLog.slice(before).map((l) => l.replace(/.*\/(\w+)\?$/, '$1')),
      ['thumbnail', 'rendered'],
    );
    assert.equal(thumb.type, 'image/jpeg');
    const sof = jpegFrame(new Uint8Array(await thumb.arrayBuffer()));
    assert.deepEqual([sof.width, sof.height], [64, 64]);
  });

  it('retrieves the stored Part 10 file unchanged over WADO-URI', async () => {
    const palette = fileOf('jpeg-lossless-sv1', 'palette');
    const bytes = await client.retrieveWadoUri(`${orthanc.url}/wado`, refOf(palette));
    assert.equal(new TextDecoder().decode(bytes.subarray(128, 132)), 'DICM');
    assert.equal(sha256(bytes), palette.sha256, 'byte-identical to the corpus file');
  });
});

// --- Errors and cancellation ---

describe('errors and cancellation', () => {
  it('unknown study metadata is a DicomWebError 404 with the URL shape only, the UID as its subject', async () => {
    const error = await client.retrieveStudyMetadata('1.2.3.4.5.6').then(
      () => assert.fail('expected a 404'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DicomWebError);
    assert.deepEqual([error.code, error.status, error.method, error.retryable], ['http', 404, 'GET', false]);
    assert.equal(error.url, `${orthanc.dicomWebRoot}/studies/{study}/metadata`);
    assert.deepEqual(error.subject, { studyInstanceUid: '1.2.3.4.5.6' });
    assert.match(error.message, /HTTP 404/);
    assert.doesNotMatch(error.message, /1\.2\.3\.4\.5\.6/);
  });

  it('drops query values (patient names) from the error URL and message', async () => {
    const wrongRoot = newClient({ root: `${orthanc.dicomWebRoot}/nowhere`, quirks: false });
    const error = await wrongRoot.searchStudies({ PatientName: 'Müller^Jürgen', PatientID: 'FOVEA-0001' }).then(
      () => assert.fail('expected a 404'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DicomWebError);
    assert.equal(error.status, 404);
    assert.equal(error.url, `${orthanc.dicomWebRoot}/nowhere/studies?PatientName=…&PatientID=…`);
    assert.doesNotMatch(error.message, /ller|FOVEA|%C3/);
  });

  it('aborts a frames request while its body streams in', async () => {
    const us = fileOf('explicit-le', 'us');
    const controller = new AbortController();
    let progressCalls = 0;
    const error = await client
      .retrieveFrames(
        refOf(us),
        Array.from({ length: US.frameCount }, (_, k) => k + 1),
        {
          signal: controller.signal,
          onProgress: () => {
            progressCalls++;
            controller.abort();
          },
        },
      )
      .then(
        () => assert.fail('expected an abort'),
        (e: unknown) => e,
      );
    assert.ok(progressCalls >= 1, 'the body had started');
    assert.ok(error instanceof DicomWebError && error.code === 'aborted' && error.status === 0, String(error));
    assert.ok(isAbortError(error));
    // A signal that is aborted already sends nothing.
    const before = fetchLog.length;
    await assert.rejects(client.retrieveFrames(refOf(us), [1], { signal: AbortSignal.abort() }), (e: unknown) =>
      isAbortError(e),
    );
    assert.equal(fetchLog.length, before);
    // The server is fine afterwards.
    const [frame] = await client.retrieveFrames(refOf(us), [1]);
    assert.equal(frame!.bytes.byteLength, US.rows * US.columns * 3);
  });
});
