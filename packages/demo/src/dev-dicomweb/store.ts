/**
 * The in-memory index of a folder of DICOM Part 10 files: studies, series and
 * instances with each instance's DICOM JSON (built once at startup from the
 * header) and the byte ranges of its frames and bulk data.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dataSetToJson, type DicomJson } from './json.js';
import { EXPLICIT_LE, readPart10Header, type ByteRange, type PixelDataInfo } from './part10.js';

export interface Instance {
  path: string;
  studyUid: string;
  seriesUid: string;
  sopUid: string;
  transferSyntax: string;
  size: number;
  mtimeMs: number;
  /** All attributes but File Meta Information; BulkDataURIs relative to the DICOMweb root. */
  json: DicomJson;
  bulk: Map<string, ByteRange>;
  pixelData?: PixelDataInfo;
  /** Changes when the file does: SOP Instance UID, size and mtime. */
  version: string;
  /** Deflated file: where its deflate stream starts (byte ranges count in the inflated image). */
  deflatedFrom?: number;
  /** The transfer syntax frames are in: the stored one, explicit VR little endian for deflated files. */
  frameTransferSyntax: string;
}

export interface Series {
  uid: string;
  study: Study;
  instances: Instance[];
  byUid: Map<string, Instance>;
}

export interface Study {
  uid: string;
  series: Series[];
  byUid: Map<string, Series>;
  instanceCount: number;
  /** Distinct Modality values of its series. */
  modalities: string[];
}

export interface Store {
  studies: Study[];
  byUid: Map<string, Study>;
  seriesCount: number;
  instanceCount: number;
  skipped: { path: string; reason: string }[];
  indexMs: number;
}

export interface IndexOptions {
  inlineBinaryMax: number;
  /** Files read at once. Default 16. */
  concurrency?: number;
}

/** A string attribute's first value, or ''. */
export function firstString(json: DicomJson, tag: string): string {
  const v = json[tag]?.Value?.[0];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function firstNumber(json: DicomJson, tag: string): number {
  const v = json[tag]?.Value?.[0];
  return typeof v === 'number' ? v : Number.MAX_SAFE_INTEGER;
}

async function listDicomFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.dcm$/i.test(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

const uidSegment = (uid: string) => encodeURIComponent(uid);

async function indexFile(path: string, options: IndexOptions): Promise<Instance> {
  const header = await readPart10Header(path);
  const ds = header.dataSet;
  const studyUid = ds.string('x0020000d')?.trim();
  const seriesUid = ds.string('x0020000e')?.trim();
  const sopUid = ds.string('x00080018')?.trim();
  if (!studyUid || !seriesUid || !sopUid) throw new Error('missing Study, Series or SOP Instance UID');
  const bulk = new Map<string, ByteRange>();
  const bulkPrefix = `studies/${uidSegment(studyUid)}/series/${uidSegment(seriesUid)}/instances/${uidSegment(sopUid)}/bulkdata/`;
  const json = dataSetToJson(ds, {
    littleEndian: header.littleEndian,
    explicitVr: header.explicitVr,
    inlineBinaryMax: options.inlineBinaryMax,
    bulkPrefix,
    bulk,
  });
  if (header.pixelData) {
    json['7FE00010'] = { vr: header.pixelData.vr, BulkDataURI: `${bulkPrefix}7FE00010` };
  }
  const version = createHash('sha1')
    .update(`${sopUid}\0${header.size}\0${header.mtimeMs}`)
    .digest('base64url')
    .slice(0, 20);
  const instance: Instance = {
    path,
    studyUid,
    seriesUid,
    sopUid,
    transferSyntax: header.transferSyntax,
    size: header.size,
    mtimeMs: header.mtimeMs,
    json,
    bulk,
    version,
    frameTransferSyntax: header.deflatedFrom === undefined ? header.transferSyntax : EXPLICIT_LE,
  };
  if (header.pixelData) instance.pixelData = header.pixelData;
  if (header.deflatedFrom !== undefined) instance.deflatedFrom = header.deflatedFrom;
  return instance;
}

/** Indexes every `.dcm` file under `dir` (recursively). Unreadable files are skipped with a reason. */
export async function buildStore(dir: string, options: IndexOptions): Promise<Store> {
  const started = performance.now();
  const files = await listDicomFiles(dir);
  const results: (Instance | { path: string; reason: string })[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const path = files[i]!;
      try {
        results[i] = await indexFile(path, options);
      } catch (e) {
        results[i] = { path, reason: e instanceof Error ? e.message : String(e) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, files.length) }, worker));

  const store: Store = { studies: [], byUid: new Map(), seriesCount: 0, instanceCount: 0, skipped: [], indexMs: 0 };
  const sops = new Set<string>();
  for (const r of results) {
    if (!('sopUid' in r)) {
      store.skipped.push(r);
      continue;
    }
    if (sops.has(r.sopUid)) {
      store.skipped.push({ path: r.path, reason: 'duplicate SOP Instance UID' });
      continue;
    }
    sops.add(r.sopUid);
    let study = store.byUid.get(r.studyUid);
    if (!study) {
      study = { uid: r.studyUid, series: [], byUid: new Map(), instanceCount: 0, modalities: [] };
      store.byUid.set(r.studyUid, study);
      store.studies.push(study);
    }
    let series = study.byUid.get(r.seriesUid);
    if (!series) {
      series = { uid: r.seriesUid, study, instances: [], byUid: new Map() };
      study.byUid.set(r.seriesUid, series);
      study.series.push(series);
      store.seriesCount++;
    }
    series.instances.push(r);
    series.byUid.set(r.sopUid, r);
    study.instanceCount++;
    store.instanceCount++;
  }

  // Deterministic order: newest studies first, series and instances by number.
  const byNumber = (tag: string) => (a: DicomJson, b: DicomJson) => firstNumber(a, tag) - firstNumber(b, tag);
  for (const study of store.studies) {
    for (const series of study.series) {
      series.instances.sort((a, b) => byNumber('00200013')(a.json, b.json) || a.sopUid.localeCompare(b.sopUid));
    }
    study.series.sort(
      (a, b) => byNumber('00200011')(a.instances[0]!.json, b.instances[0]!.json) || a.uid.localeCompare(b.uid),
    );
    study.modalities = [
      ...new Set(study.series.map((s) => firstString(s.instances[0]!.json, '00080060')).filter(Boolean)),
    ].sort();
  }
  const when = (s: Study) =>
    firstString(s.series[0]!.instances[0]!.json, '00080020') + firstString(s.series[0]!.instances[0]!.json, '00080030');
  store.studies.sort((a, b) => when(b).localeCompare(when(a)) || a.uid.localeCompare(b.uid));
  store.indexMs = performance.now() - started;
  return store;
}
