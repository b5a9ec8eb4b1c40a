// A fault-injecting DICOMweb proxy for tests: the same-origin proxy of
// proxy.mjs in front of the real Orthanc, plus rules a test sets through a
// small control endpoint to make chosen requests fail the way broken servers
// and networks do (error statuses, Retry-After, HTML or JSON with 200, slow
// answers, resets, truncation, rewritten metadata). Never used by Fovea
// itself; the test runner wires it (web-test-runner.config.mjs).
//
// Control (JSON):
//   POST   {control}        { rules: FaultRule[] }  replaces the rules (ids returned)
//   GET    {control}        { rules: [...rule, hits], log: [{ method, path, rule, status }] }
//   DELETE {control}        clears rules and log
//   POST   {control}/foreign   starts (or empties) a recording server on another
//                              origin (loopback, own port, permissive CORS): { origin }
//   GET    {control}/foreign   { requests: [{ method, path, authorization, headers }] }
//   DELETE {control}/foreign   stops it
//
// A rule (see scripts/lib/fault-proxy.d.mts for the types) matches on a regular
// expression over the path and query after the prefix, optionally the method
// and Accept header; `after` skips that many matches first, `times` bounds how
// many it takes. Its action: answer `status` itself (with `headers`, `body`,
// `contentType`), wait `delayMs` first, `hold` it until the rules are next
// replaced or cleared (a gate a test opens), `reset` the connection, or forward
// and then `truncateAt` (bytes, or a fraction of the body when below 1;
// `truncateMode` 'end' closes cleanly, 'reset' destroys the socket with the
// original Content-Length announced), `rewrite` the answer text (regular
// expression `replace` pairs, on bytes as latin1 when `encoding` says so;
// `jsonSet` / `jsonDelete` paths in each data set of a DICOM JSON array), or
// change its headers (`answerHeaders`, null removes one).
import http from 'node:http';
import { endToEndHeaders, forwardRequest } from '@fovea-dicom/demo/proxy';

/** @typedef {import('./fault-proxy.d.mts').FaultRule} FaultRule */

const LOG_LIMIT = 5000;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Sets `value` at `path` inside `target` (creating objects on the way), or deletes it when `remove`.
 * @param {any} target @param {(string | number)[]} path @param {unknown} value @param {boolean} remove
 */
function setPath(target, path, value, remove) {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
      if (remove) return;
      node[key] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = node[key];
  }
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
}

/** Whether a DICOM JSON data set matches `where` ({ tag: first value }). */
function matches(dataset, where) {
  if (!where) return true;
  return Object.entries(where).every(([tag, value]) => dataset?.[tag]?.Value?.[0] === value);
}

/**
 * @param {Buffer} body
 * @param {NonNullable<FaultRule['rewrite']>} rewrite
 * @returns {Buffer}
 */
function rewriteBody(body, rewrite) {
  const encoding = rewrite.encoding ?? 'utf8';
  let text = body.toString(encoding);
  if (rewrite.jsonSet?.length || rewrite.jsonDelete?.length) {
    const json = JSON.parse(text);
    const datasets = Array.isArray(json) ? json : [json];
    for (const ds of datasets) {
      for (const op of rewrite.jsonSet ?? []) if (matches(ds, op.where)) setPath(ds, op.path, op.value, false);
      for (const op of rewrite.jsonDelete ?? []) if (matches(ds, op.where)) setPath(ds, op.path, undefined, true);
    }
    text = JSON.stringify(json);
  }
  for (const [pattern, flags, replacement] of rewrite.replace ?? []) {
    text = text.replace(new RegExp(pattern, flags), replacement);
  }
  return Buffer.from(text, encoding);
}

/** A server on another origin that records what reaches it and answers every request permissively. */
function foreignServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({
      method: req.method,
      path: req.url,
      authorization: req.headers.authorization ?? null,
      headers: Object.keys(req.headers),
    });
    // Permissive CORS on purpose: whatever a page sends here could be read back by its owner.
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      'access-control-allow-credentials': 'true',
    };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'content-type': 'multipart/related; type="application/octet-stream"; boundary=F' });
    res.end(`--F\r\nContent-Type: application/octet-stream\r\n\r\n${'\u0001\u0000'.repeat(256)}\r\n--F--\r\n`);
  });
  return {
    requests,
    /** @returns {Promise<string>} */
    async start() {
      await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      return `http://127.0.0.1:${address.port}`;
    },
    stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * The fault-injecting proxy: `middleware` handles `prefix` (forwarding to
 * `target` unless a rule says otherwise) and the control endpoint.
 * @param {{ prefix: string, target: string, control?: string }} options
 */
export function createFaultProxy({ prefix, target, control = '/__fovea/faults' }) {
  /** @type {(FaultRule & { id: string, hits: number, seen: number })[]} */
  let rules = [];
  /** @type {{ method: string, path: string, rule: string | null, status: number | string }[]} */
  const log = [];
  /** @type {ReturnType<typeof foreignServer> | undefined} */
  let foreign;
  let nextId = 1;
  /** Opens the gate that requests of `hold` rules wait at: the next change of the rules does. */
  let openGate = () => {};
  let gate = new Promise((resolve) => (openGate = () => resolve(undefined)));
  function nextGate() {
    openGate();
    gate = new Promise((resolve) => (openGate = () => resolve(undefined)));
  }

  /** The rule for a request, counting it. */
  function ruleFor(req, path) {
    for (const rule of rules) {
      if (rule.method && rule.method.toUpperCase() !== req.method) continue;
      if (rule.path && !new RegExp(rule.path).test(path)) continue;
      if (rule.accept && !new RegExp(rule.accept).test(String(req.headers.accept ?? ''))) continue;
      rule.seen++;
      if (rule.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      rule.hits++;
      return rule;
    }
    return undefined;
  }

  async function handleControl(req, res, path) {
    if (path === control) {
      if (req.method === 'POST') {
        const { rules: given = [] } = JSON.parse((await readBody(req)).toString('utf8') || '{}');
        rules = given.map((r) => ({ ...r, id: r.id ?? `rule-${nextId++}`, hits: 0, seen: 0 }));
        nextGate();
        return sendJson(res, 200, { ids: rules.map((r) => r.id) });
      }
      if (req.method === 'DELETE') {
        rules = [];
        log.length = 0;
        nextGate();
        return sendJson(res, 200, {});
      }
      return sendJson(res, 200, { rules, log });
    }
    if (path === `${control}/foreign`) {
      if (req.method === 'POST') {
        foreign?.stop();
        foreign = foreignServer();
        return sendJson(res, 200, { origin: await foreign.start() });
      }
      if (req.method === 'DELETE') {
        foreign?.stop();
        foreign = undefined;
        return sendJson(res, 200, {});
      }
      return sendJson(res, 200, { requests: foreign?.requests ?? [] });
    }
    return sendJson(res, 404, { error: 'unknown control path' });
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handleProxied(req, res) {
    const path = (req.url ?? '/').slice(prefix.length);
    const rule = ruleFor(req, path);
    const entry = {
      method: req.method ?? '',
      path,
      rule: rule?.id ?? null,
      status: /** @type {number | string} */ (0),
    };
    log.push(entry);
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    // A request the page gave up on (aborted) is settled too: nothing will reach the page.
    res.on('close', () => {
      if (!res.writableFinished && entry.status === 0) entry.status = 'closed by client';
    });
    if (rule?.delayMs) await new Promise((r) => setTimeout(r, rule.delayMs));
    if (rule?.hold) await gate;
    if (res.destroyed) return;
    if (rule?.reset) {
      entry.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (rule?.status !== undefined) {
      entry.status = rule.status;
      await readBody(req).catch(() => undefined);
      const headers = { ...rule.headers };
      if (rule.contentType) headers['content-type'] = rule.contentType;
      res.writeHead(rule.status, headers);
      res.end(rule.body ?? '');
      return;
    }
    const intercept = rule && (rule.rewrite || rule.truncateAt !== undefined || rule.answerHeaders);
    forwardRequest(
      req,
      { prefix, target },
      {
        // A body to rewrite or cut is read as the server sends it, not compressed.
        headers: (h) => {
          if (intercept) delete h['accept-encoding'];
          return h;
        },
        onAnswer: async (answer) => {
          entry.status = answer.statusCode ?? 502;
          const headers = endToEndHeaders(answer.headers);
          if (!intercept) {
            res.writeHead(answer.statusCode ?? 502, headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
            return;
          }
          let body = await readBody(answer);
          if (rule.rewrite && (answer.statusCode ?? 500) < 300) body = rewriteBody(body, rule.rewrite);
          if (rule.truncateAt === undefined) {
            headers['content-length'] = String(body.length);
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(body);
            return;
          }
          const at =
            rule.truncateAt < 1 ? Math.floor(body.length * rule.truncateAt) : Math.min(rule.truncateAt, body.length);
          if (rule.truncateMode === 'reset') {
            headers['content-length'] = String(body.length);
            res.writeHead(answer.statusCode ?? 502, headers);
            res.write(body.subarray(0, at), () => setTimeout(() => res.destroy(), 10));
            entry.status = `${entry.status} cut at ${at} (reset)`;
            return;
          }
          delete headers['content-length'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body.subarray(0, at));
          entry.status = `${entry.status} cut at ${at}`;
        },
        onError: () => {
          entry.status = 502;
          if (!res.headersSent)
            res.writeHead(502, { 'content-type': 'text/plain' }).end('DICOMweb upstream unreachable');
          else res.destroy();
        },
      },
    );
  }

  const under = (url, base) => url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);

  return {
    /** Koa middleware for @web/dev-server and @web/test-runner. */
    middleware: async (ctx, next) => {
      const url = ctx.url;
      const isControl = under(url.split('?')[0], control);
      if (!isControl && !under(url, prefix)) return next();
      ctx.respond = false;
      await new Promise((resolve) => {
        ctx.res.on('close', resolve);
        const handle = isControl ? handleControl(ctx.req, ctx.res, url.split('?')[0]) : handleProxied(ctx.req, ctx.res);
        handle.catch((error) => {
          if (!ctx.res.headersSent) sendJson(ctx.res, 500, { error: String(error) });
          else ctx.res.destroy();
        });
      });
    },
    close() {
      foreign?.stop();
    },
  };
}
