// One loopback HTTP server for the bench: the bench pages, their bundles, the
// built Fovea packages, and /dicom-web (and /wado, WADO-URI) proxied to Orthanc
// (same origin, as in a real deployment behind a reverse proxy). It records every request with its
// size and gzip size, so the driver can tell what JavaScript a page downloaded
// and when (dedicated workers included, which the page's own resource timing
// does not show).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { proxyRequest } from '@fovea-dicom/demo/proxy';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/** gzip (zlib level 9) size of a file, cached by path and mtime. */
const gzipCache = new Map();
function gzipBytes(file) {
  const st = statSync(file);
  const key = `${file}:${st.mtimeMs}:${st.size}`;
  let n = gzipCache.get(key);
  if (n === undefined) {
    n = gzipSync(readFileSync(file), { level: 9 }).length;
    gzipCache.set(key, n);
  }
  return n;
}

/**
 * @typedef {object} RequestRecord
 * @property {string} path
 * @property {'js' | 'wasm' | 'html' | 'data' | 'harness' | 'connection' | 'other'} kind
 * @property {number} bytes   body bytes sent
 * @property {number} gzip    gzip -9 bytes of the body (static files only; 0 for data)
 * @property {number} t       ms since the server started
 */

/**
 * @param {{ proxies: Record<string, string>, mounts: Record<string, string>, pages: Record<string, string>, harnessPrefix: string }} opts
 *   proxies: URL prefix (no trailing slash) -> upstream URL, e.g. '/dicom-web' -> Orthanc's DICOMweb root;
 *   mounts: URL prefix -> folder; pages: URL path -> HTML text.
 */
export async function startBenchServer({ proxies, mounts, pages, harnessPrefix }) {
  const t0 = performance.now();
  /** @type {RequestRecord[]} */
  let log = [];
  const roots = Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)]);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const t = performance.now() - t0;
    const proxy = Object.keys(proxies).find((p) => path === p || path.startsWith(`${p}/`));
    if (proxy) {
      const record = { path, kind: 'data', bytes: 0, gzip: 0, t };
      log.push(record);
      const write = res.write.bind(res);
      res.write = (chunk, ...rest) => {
        record.bytes += chunk?.length ?? 0;
        return write(chunk, ...rest);
      };
      proxyRequest(req, res, { prefix: proxy, target: proxies[proxy] });
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (pages[path] !== undefined) {
      const body = Buffer.from(pages[path]);
      log.push({ path, kind: 'html', bytes: body.length, gzip: gzipSync(body, { level: 9 }).length, t });
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    for (const [prefix, dir] of roots) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!(file === dir || file.startsWith(dir + sep)) || !existsSync(file) || !statSync(file).isFile()) break;
      const ext = extname(file);
      const kind = path.startsWith(harnessPrefix)
        ? 'harness'
        : ext === '.js' || ext === '.mjs'
          ? 'js'
          : ext === '.wasm'
            ? 'wasm'
            : 'other';
      const size = statSync(file).size;
      log.push({ path, kind, bytes: size, gzip: kind === 'js' || kind === 'wasm' ? gzipBytes(file) : 0, t });
      res.writeHead(200, {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  // New TCP connections, logged like requests: a client that drops its
  // keep-alive connections (e.g. by cancelling a body before its end) opens many.
  server.on('connection', () =>
    log.push({ path: '', kind: 'connection', bytes: 0, gzip: 0, t: performance.now() - t0 }),
  );
  server.keepAliveTimeout = 5000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Requests since the last `takeLog()`. */
    takeLog() {
      const out = log;
      log = [];
      return out;
    },
    close() {
      return new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok(undefined));
      });
    },
  };
}
