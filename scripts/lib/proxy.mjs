// A same-origin reverse proxy for DICOMweb: Orthanc (and many PACS) send no
// CORS headers, so the viewer page and /dicom-web must share an origin, as in
// a real deployment behind the hospital's reverse proxy.
import http from 'node:http';
import https from 'node:https';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/**
 * Forwards `req` to `target` + the part of the path after `prefix`.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ prefix: string, target: string }} route
 */
export function proxyRequest(req, res, { prefix, target }) {
  const base = new URL(target);
  const rest = (req.url ?? '/').slice(prefix.length);
  const url = new URL(base.pathname.replace(/\/+$/, '') + rest, base);
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
  const client = url.protocol === 'https:' ? https : http;
  const upstream = client.request(url, { method: req.method, headers }, (answer) => {
    const out = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
    }
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('DICOMweb upstream unreachable');
    } else {
      res.destroy();
    }
  });
  req.pipe(upstream);
}

/**
 * The same proxy as a Koa middleware for @web/dev-server and @web/test-runner.
 * @param {{ prefix: string, target: string }} route
 */
export function proxyMiddleware(route) {
  return async (ctx, next) => {
    if (
      ctx.url !== route.prefix &&
      !ctx.url.startsWith(`${route.prefix}/`) &&
      !ctx.url.startsWith(`${route.prefix}?`)
    ) {
      return next();
    }
    ctx.respond = false;
    await new Promise((resolve) => {
      ctx.res.on('close', resolve);
      proxyRequest(ctx.req, ctx.res, route);
    });
  };
}
