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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { baseUrl, HttpError, sendError } from './http.js';
import { route } from './routes.js';
import { buildStore, type Store } from './store.js';

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
      await route(store, req, res, seg, search, baseUrl(req, pathname));
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
