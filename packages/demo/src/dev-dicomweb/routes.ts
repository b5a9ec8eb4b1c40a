/**
 * The resources of the development DICOMweb server (index.ts): QIDO-RS,
 * WADO-RS metadata, instances, frames and bulk data, and the routing of a
 * path to them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, IMMUTABLE, NO_RENDERING, REVALIDATE, hash, notModified, sendJson } from './http.js';
import { stringifyDicomJson } from './json.js';
import { acceptsJson, negotiateFrames, negotiateInstances, sendParts, type Part, type PartBody } from './multipart.js';
import { readInflated, type ByteRange } from './part10.js';
import { QidoError, parseQuery, runQuery, type QidoLevel } from './qido.js';
import type { Instance, Series, Store, Study } from './store.js';

const findStudy = (store: Store, uid: string): Study => {
  const study = store.byUid.get(uid);
  if (!study) throw new HttpError(404, 'unknown study');
  return study;
};
const findSeries = (study: Study, uid: string): Series => {
  const series = study.byUid.get(uid);
  if (!series) throw new HttpError(404, 'unknown series');
  return series;
};
const findInstance = (series: Series, uid: string): Instance => {
  const instance = series.byUid.get(uid);
  if (!instance) throw new HttpError(404, 'unknown instance');
  return instance;
};

function qido(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  level: QidoLevel,
  scope: { study?: Study; series?: Series },
  search: string,
  base: string,
): void {
  if (!acceptsJson(req.headers.accept)) throw new HttpError(406, 'QIDO-RS answers application/dicom+json only');
  let query;
  try {
    query = parseQuery(search);
  } catch (e) {
    if (e instanceof QidoError) throw new HttpError(400, e.message);
    throw e;
  }
  const { results, total } = runQuery(store, level, scope, query, base);
  const headers: Record<string, string> = { 'Cache-Control': REVALIDATE, 'X-Total-Count': String(total) };
  const more = total - query.offset - results.length;
  if (more > 0)
    headers['Warning'] = `299 fovea-dev-dicomweb: There are ${more} additional results that can be requested`;
  sendJson(res, 200, stringifyDicomJson(results, base), headers, req.method === 'HEAD');
}

function metadata(
  req: IncomingMessage,
  res: ServerResponse,
  instances: Instance[],
  immutable: boolean,
  base: string,
): void {
  if (!acceptsJson(req.headers.accept)) throw new HttpError(406, 'metadata is served as application/dicom+json only');
  const etag = `"${hash(base + instances.map((i) => i.version).join(','))}"`;
  const headers = { ETag: etag, 'Cache-Control': immutable ? IMMUTABLE : REVALIDATE };
  if (notModified(req, etag)) return void res.writeHead(304, headers).end();
  sendJson(
    res,
    200,
    stringifyDicomJson(
      instances.map((i) => i.json),
      base,
    ),
    headers,
    req.method === 'HEAD',
  );
}

async function retrieve(
  req: IncomingMessage,
  res: ServerResponse,
  instances: Instance[],
  immutable: boolean,
  base: string,
): Promise<void> {
  const chosen = negotiateInstances(
    req.headers.accept,
    [...new Set(instances.map((i) => i.transferSyntax))],
    instances.length,
  );
  if (!chosen)
    throw new HttpError(
      406,
      'instances are served as stored (application/dicom, transfer-syntax=* or the stored syntax); no transcoding',
    );
  const etag = `"${hash(instances.map((i) => i.version).join(','))}"`;
  const headers = { ETag: etag, 'Cache-Control': immutable ? IMMUTABLE : REVALIDATE, Vary: 'Accept' };
  if (notModified(req, etag)) return void res.writeHead(304, headers).end();
  const parts: Part[] = instances.map((i) => ({
    contentType: `application/dicom; transfer-syntax=${i.transferSyntax}`,
    body: { path: i.path, ranges: [{ offset: 0, length: i.size }] },
    location: `${base}studies/${encodeURIComponent(i.studyUid)}/series/${encodeURIComponent(i.seriesUid)}/instances/${encodeURIComponent(i.sopUid)}`,
  }));
  await sendParts(res, parts, 'application/dicom', chosen.single, headers, req.method === 'HEAD');
}

/** A part body for byte ranges of an instance: read from its file, or from its inflated image. */
async function bodyOf(instance: Instance, ranges: ByteRange[]): Promise<PartBody> {
  if (instance.deflatedFrom === undefined) return { path: instance.path, ranges };
  const bytes = await readInflated(instance.path, instance.deflatedFrom, instance.mtimeMs);
  return Buffer.concat(ranges.map((r) => bytes.subarray(r.offset, r.offset + r.length)));
}

async function frames(req: IncomingMessage, res: ServerResponse, instance: Instance, list: string): Promise<void> {
  const pixel = instance.pixelData;
  if (!pixel) throw new HttpError(404, 'instance has no pixel data');
  if (!/^\d+(,\d+)*$/.test(list) || list.length > 20000)
    throw new HttpError(400, 'frame list must be frame numbers (from 1) separated by commas');
  const numbers = list.split(',').map(Number);
  if (pixel.problem) throw new HttpError(500, `cannot serve frames: ${pixel.problem}`);
  if (numbers.some((n) => n < 1 || n > pixel.frames.length))
    throw new HttpError(404, `frame number out of range (instance has ${pixel.frames.length})`);
  const chosen = negotiateFrames(req.headers.accept, instance.frameTransferSyntax, numbers.length);
  if (!chosen) {
    throw new HttpError(
      406,
      `frames are stored in transfer syntax ${instance.frameTransferSyntax}; ask for transfer-syntax=* or that syntax (no transcoding)`,
    );
  }
  const etag = `"${instance.version}.${hash(`${list};${chosen.partType};${chosen.transferSyntax};${chosen.single}`)}"`;
  const headers = { ETag: etag, 'Cache-Control': IMMUTABLE, Vary: 'Accept' };
  if (notModified(req, etag)) return void res.writeHead(304, headers).end();
  const parts: Part[] = [];
  for (const n of numbers) {
    parts.push({
      contentType: `${chosen.partType}; transfer-syntax=${chosen.transferSyntax}`,
      body: await bodyOf(instance, pixel.frames[n - 1]!),
    });
  }
  await sendParts(res, parts, chosen.partType, chosen.single, headers, req.method === 'HEAD');
}

async function bulkdata(req: IncomingMessage, res: ServerResponse, instance: Instance, key: string): Promise<void> {
  const headers = { ETag: `"${instance.version}.${hash(key)}"`, 'Cache-Control': IMMUTABLE };
  if (notModified(req, headers.ETag)) return void res.writeHead(304, headers).end();
  const type = `application/octet-stream; transfer-syntax=${instance.frameTransferSyntax}`;
  let ranges: ByteRange[][];
  const pixel = instance.pixelData;
  if (key === '7FE00010' && pixel) {
    if (pixel.encapsulated && pixel.problem) throw new HttpError(500, `cannot serve pixel data: ${pixel.problem}`);
    ranges = pixel.encapsulated ? pixel.frames : [[pixel.value]];
  } else {
    const range = instance.bulk.get(key);
    if (!range) throw new HttpError(404, 'unknown bulk data');
    ranges = [[range]];
  }
  const parts: Part[] = [];
  for (const r of ranges) parts.push({ contentType: type, body: await bodyOf(instance, r) });
  await sendParts(res, parts, 'application/octet-stream', false, headers, req.method === 'HEAD');
}

/**
 * Answers a request for the resource at path segments `seg` (below the
 * DICOMweb root) of `store`; `base` is the root's absolute URL.
 */
export async function route(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  seg: string[],
  search: string,
  base: string,
): Promise<void> {
  const [root, s, a, se, b, i, c, d, e] = seg;
  const n = seg.length;
  if (n === 1 && root === 'studies') return qido(store, req, res, 'study', {}, search, base);
  if (n === 1 && root === 'series') return qido(store, req, res, 'series', {}, search, base);
  if (n === 1 && root === 'instances') return qido(store, req, res, 'instance', {}, search, base);
  if (root !== 'studies' || n < 2) throw new HttpError(404, 'unknown resource');
  const study = findStudy(store, s!);
  const allInstances = () => study.series.flatMap((x) => x.instances);
  if (n === 2) return retrieve(req, res, allInstances(), false, base);
  if (n === 3 && a === 'metadata') return metadata(req, res, allInstances(), false, base);
  if (n === 3 && a === 'series') return qido(store, req, res, 'series', { study }, search, base);
  if (n === 3 && a === 'instances') return qido(store, req, res, 'instance', { study }, search, base);
  if (n === 3 && (a === 'thumbnail' || a === 'rendered')) throw new HttpError(404, NO_RENDERING);
  if (a !== 'series') throw new HttpError(404, 'unknown resource');
  const series = findSeries(study, se!);
  if (n === 4) return retrieve(req, res, series.instances, false, base);
  if (n === 5 && b === 'metadata') return metadata(req, res, series.instances, false, base);
  if (n === 5 && b === 'instances') return qido(store, req, res, 'instance', { study, series }, search, base);
  if (n === 5 && (b === 'thumbnail' || b === 'rendered')) throw new HttpError(404, NO_RENDERING);
  if (b !== 'instances') throw new HttpError(404, 'unknown resource');
  const instance = findInstance(series, i!);
  if (n === 6) return retrieve(req, res, [instance], true, base);
  if (n === 7 && c === 'metadata') return metadata(req, res, [instance], true, base);
  if (n === 7 && (c === 'thumbnail' || c === 'rendered')) throw new HttpError(404, NO_RENDERING);
  if (n === 8 && c === 'frames') return frames(req, res, instance, d!);
  if (n === 9 && c === 'frames' && (e === 'thumbnail' || e === 'rendered')) throw new HttpError(404, NO_RENDERING);
  if (n === 8 && c === 'bulkdata') return bulkdata(req, res, instance, d!);
  throw new HttpError(404, 'unknown resource');
}
