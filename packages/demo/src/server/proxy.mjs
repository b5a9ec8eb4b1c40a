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
 * The end-to-end headers of a message (hop-by-hop ones and Host dropped), for forwarding.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {Record<string, string | string[]>}
 */
export function endToEndHeaders(headers) {
  /** @type {Record<string, string | string[]>} */
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Sends `req` on to `target` + the part of its path after `prefix` (request
 * body piped), and calls `onAnswer` with the upstream answer or `onError`.
 * @param {import('node:http').IncomingMessage} req
 * @param {{ prefix: string, target: string }} route
 * @param {{ onAnswer: (answer: import('node:http').IncomingMessage) => void, onError: (error: Error) => void, headers?: (h: Record<string, string | string[]>) => Record<string, string | string[]> }} handlers
 */
export function forwardRequest(req, { prefix, target }, { onAnswer, onError, headers: adjust = (h) => h }) {
  const base = new URL(target);
  const rest = (req.url ?? '/').slice(prefix.length);
  const url = new URL(base.pathname.replace(/\/+$/, '') + rest, base);
  const client = url.protocol === 'https:' ? https : http;
  const upstream = client.request(url, { method: req.method, headers: adjust(endToEndHeaders(req.headers)) }, onAnswer);
  upstream.on('error', onError);
  req.pipe(upstream);
}

/**
 * Forwards `req` to `target` + the part of the path after `prefix`.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ prefix: string, target: string }} route
 */
export function proxyRequest(req, res, route) {
  forwardRequest(req, route, {
    onAnswer: (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
    onError: () => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('DICOMweb upstream unreachable');
      } else {
        res.destroy();
      }
    },
  });
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
