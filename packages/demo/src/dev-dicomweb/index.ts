/**
 * A read-only DICOMweb server over a folder of DICOM Part 10 files, so that
 * `npm start` shows the demo without Orthanc.
 *
 * DEVELOPMENT TOOL, NEVER PRODUCTION: no authentication, no access control,
 * no audit, everything under `dir` is served to whoever can reach it; it binds
 * to loopback only and says so in a banner line at startup.
 *
 * Supported (under the DICOMweb root, which the caller strips):
 * - QIDO-RS `GET /studies`, `/series`, `/instances`, `/studies/{s}/series`,
 *   `/studies/{s}/instances`, `/studies/{s}/series/{se}/instances` (see qido.ts).
 *   No match answers `200 []` (PS3.18 also allows 204; 200 keeps clients simple).
 * - WADO-RS metadata at study, series and instance level (DICOM JSON; Pixel
 *   Data and binary values over `inlineBinaryMaxBytes` as BulkDataURI).
 * - WADO-RS frames `/frames/1,2,3` in the stored transfer syntax (native data
 *   sliced per frame, encapsulated data as the frame's fragments concatenated);
 *   406 when the Accept header insists on another syntax: nothing is transcoded.
 *   Native little endian frames also answer a request for explicit VR little
 *   endian (the same bytes); deflated files are inflated, their frames served
 *   as explicit VR little endian.
 * - WADO-RS instances at study, series and instance level (application/dicom,
 *   the files as stored), and `/bulkdata/{key}` for BulkDataURIs.
 * - `/thumbnail` and `/rendered` answer 404: nothing is rendered (clients fall back).
 * - Anything but GET/HEAD answers 405 (STOW-RS included): read-only.
 * Errors carry a JSON `{ "error": message }` that never contains patient data.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { stringifyDicomJson } from './json.js';
import { acceptsJson, negotiateFrames, negotiateInstances, sendParts, type Part, type PartBody } from './multipart.js';
import { readInflated, type ByteRange } from './part10.js';
import { QidoError, parseQuery, runQuery, type QidoLevel } from './qido.js';
import { buildStore, type Instance, type Series, type Store, type Study } from './store.js';

export interface DevDicomWebOptions {
  /** Folder of `.dcm` files (searched recursively). */
  dir: string;
  /** Binary values up to this size are inlined in metadata; larger ones become BulkDataURIs. Default 1024. */
  inlineBinaryMaxBytes?: number;
  /** Answer CORS (any origin, GET/HEAD) for a viewer on another origin. Default false. */
  cors?: boolean;
  /** Where the banner and index summary go. Default: standard output. */
  log?: (line: string) => void;
}

export interface DevDicomWebServer {
  /** Answers one request; `pathUnderRoot` is the path (and query) below the DICOMweb root. Default: `req.url`. */
  handle(req: IncomingMessage, res: ServerResponse, pathUnderRoot?: string): Promise<void>;
  readonly studies: number;
  readonly series: number;
  readonly instances: number;
  /** Files that were not served, with why (not DICOM, no UIDs, duplicate SOP Instance UID...). */
  readonly skipped: readonly { path: string; reason: string }[];
  /** Time spent indexing `dir`, in ms. */
  readonly indexMs: number;
  /** Forgets the index; later requests answer 503. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const IMMUTABLE = 'private, max-age=31536000, immutable';
const REVALIDATE = 'private, no-cache';
const NO_RENDERING =
  'this development server renders no images (no /thumbnail or /rendered): decode frames in the client';

function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  headOnly = false,
): void {
  res.writeHead(status, {
    'Content-Type': 'application/dicom+json',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(headOnly ? undefined : body);
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: message });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/** The absolute URL of the DICOMweb root as the client sees it, ending with `/`. */
function baseUrl(req: IncomingMessage, pathname: string): string {
  const full = (req.url ?? '').split('?')[0]!;
  const prefix = full.endsWith(pathname) ? full.slice(0, full.length - pathname.length).replace(/\/+$/, '') : '';
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]!
    .trim();
  const proto = forwardedProto || ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? '127.0.0.1')
    .split(',')[0]!
    .trim();
  return `${proto}://${host}${prefix}/`;
}

function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  return !!header && header.split(',').some((t) => t.trim() === etag || t.trim() === '*' || t.trim() === `W/${etag}`);
}

const hash = (s: string) => createHash('sha1').update(s).digest('base64url').slice(0, 24);

/** Indexes `options.dir` and returns the request handler. */
export async function createDevDicomWebServer(options: DevDicomWebOptions): Promise<DevDicomWebServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  log(
    `[dev-dicomweb] DEVELOPMENT TOOL, NOT FOR PRODUCTION: read-only DICOMweb with no authentication over ${options.dir}`,
  );
  let store: Store | undefined = await buildStore(options.dir, {
    inlineBinaryMax: options.inlineBinaryMaxBytes ?? 1024,
  });
  const summary = {
    studies: store.studies.length,
    series: store.seriesCount,
    instances: store.instanceCount,
    skipped: store.skipped,
    indexMs: store.indexMs,
  };
  log(
    `[dev-dicomweb] indexed ${summary.studies} studies, ${summary.series} series, ${summary.instances} instances in ${Math.round(summary.indexMs)} ms` +
      (summary.skipped.length ? ` (${summary.skipped.length} files skipped)` : ''),
  );
  for (const s of summary.skipped.slice(0, 10)) log(`[dev-dicomweb]   skipped ${s.path}: ${s.reason}`);

  const findStudy = (uid: string): Study => {
    const study = store!.byUid.get(uid);
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
    const { results, total } = runQuery(store!, level, scope, query, base);
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

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    seg: string[],
    search: string,
    base: string,
  ): Promise<void> {
    const [root, s, a, se, b, i, c, d, e] = seg;
    const n = seg.length;
    if (n === 1 && root === 'studies') return qido(req, res, 'study', {}, search, base);
    if (n === 1 && root === 'series') return qido(req, res, 'series', {}, search, base);
    if (n === 1 && root === 'instances') return qido(req, res, 'instance', {}, search, base);
    if (root !== 'studies' || n < 2) throw new HttpError(404, 'unknown resource');
    const study = findStudy(s!);
    const allInstances = () => study.series.flatMap((x) => x.instances);
    if (n === 2) return retrieve(req, res, allInstances(), false, base);
    if (n === 3 && a === 'metadata') return metadata(req, res, allInstances(), false, base);
    if (n === 3 && a === 'series') return qido(req, res, 'series', { study }, search, base);
    if (n === 3 && a === 'instances') return qido(req, res, 'instance', { study }, search, base);
    if (n === 3 && (a === 'thumbnail' || a === 'rendered')) throw new HttpError(404, NO_RENDERING);
    if (a !== 'series') throw new HttpError(404, 'unknown resource');
    const series = findSeries(study, se!);
    if (n === 4) return retrieve(req, res, series.instances, false, base);
    if (n === 5 && b === 'metadata') return metadata(req, res, series.instances, false, base);
    if (n === 5 && b === 'instances') return qido(req, res, 'instance', { study, series }, search, base);
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

  async function handle(req: IncomingMessage, res: ServerResponse, pathUnderRoot = req.url ?? '/'): Promise<void> {
    try {
      if (options.cors) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Expose-Headers', 'ETag, Warning, X-Total-Count, Content-Length');
      }
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS' && options.cors) {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, HEAD',
          'Access-Control-Allow-Headers': 'Accept, If-None-Match, Authorization',
          'Access-Control-Max-Age': '600',
        });
        return void res.end();
      }
      if (method !== 'GET' && method !== 'HEAD') {
        throw new HttpError(405, 'read-only development server: only GET and HEAD (no STOW-RS)');
      }
      if (!store) throw new HttpError(503, 'server closed');
      const q = pathUnderRoot.indexOf('?');
      const pathname = q < 0 ? pathUnderRoot : pathUnderRoot.slice(0, q);
      const search = q >= 0 ? pathUnderRoot.slice(q + 1) : ((req.url ?? '').split('?')[1] ?? '');
      let seg: string[];
      try {
        seg = pathname.split('/').filter(Boolean).map(decodeURIComponent);
      } catch {
        throw new HttpError(400, 'malformed percent-encoding in the path');
      }
      await route(req, res, seg, search, baseUrl(req, pathname));
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
      } else if (e instanceof HttpError) {
        sendError(res, e.status, e.message, e.status === 405 ? { Allow: 'GET, HEAD' } : {});
      } else {
        log(`[dev-dicomweb] error: ${e instanceof Error ? e.message : String(e)}`);
        sendError(res, 500, 'internal error');
      }
    }
  }

  return {
    handle,
    ...summary,
    async close() {
      store = undefined;
    },
  };
}

export interface StartOptions extends DevDicomWebOptions {
  /** 0 picks a free port. Default 8042. */
  port?: number;
  /** Loopback address to bind. Default 127.0.0.1; other addresses are refused. */
  host?: string;
  /** Path of the DICOMweb root. Default `/dicom-web`. */
  root?: string;
}

/** Runs the server on its own HTTP listener (loopback only), e.g. for tests and the CLI. */
export async function startDevDicomWebServer(
  options: StartOptions,
): Promise<{ url: string; server: Server; dicomweb: DevDicomWebServer; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host))
    throw new Error('the development DICOMweb server binds to loopback addresses only');
  const root = (options.root ?? '/dicom-web').replace(/\/+$/, '');
  const dicomweb = await createDevDicomWebServer(options);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const rest = url.slice(root.length);
    if (url.startsWith(root) && (rest === '' || rest[0] === '/' || rest[0] === '?'))
      void dicomweb.handle(req, res, rest || '/');
    else sendError(res, 404, `not found: the DICOMweb root is ${root}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8042, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${root}`,
    server,
    dicomweb,
    async close() {
      await dicomweb.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
