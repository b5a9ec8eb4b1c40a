// Fault tests: a local HTTP server misbehaves on purpose and the client must
// answer with the typed error or the successful retry.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DicomParseError, DicomWebError } from '../errors.js';
import { createDicomWebClient } from './client.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
const seenAuth: (string | undefined)[] = [];
let base = '';
const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0]!;
  const key = path.split('/').slice(0, 3).join('/');
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  seenAuth.push(req.headers.authorization);
  const handler = routes.get(key);
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  handler(req, res, n);
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const json = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
  res.end(JSON.stringify(body));
};
const study = { '0020000D': { vr: 'UI', Value: ['1.2.3'] } };

describe('DICOMweb client faults', () => {
  it('asks for a fresh token after a 401 and retries once', async () => {
    routes.set('/t401/studies', (req, res) => {
      if (req.headers.authorization === 'Bearer fresh') json(res, [study]);
      else res.writeHead(401).end();
    });
    const calls: boolean[] = [];
    const client = createDicomWebClient({
      root: `${base}/t401`,
      getAuthorization: ({ forceRefresh }) => {
        calls.push(forceRefresh);
        return forceRefresh ? 'Bearer fresh' : 'Bearer stale';
      },
    });
    const studies = await client.searchStudies();
    assert.equal(studies[0]?.studyInstanceUid, '1.2.3');
    assert.deepEqual(calls, [false, true]);
  });

  it('lets a signing scheme set several headers from the method and URL (AWS SigV4 style)', async () => {
    routes.set('/tsig/studies', (req, res) => {
      if (
        req.headers['x-amz-date'] === '20261129T000000Z' &&
        String(req.headers.authorization).includes('GET /tsig/studies')
      )
        json(res, [study]);
      else res.writeHead(403).end();
    });
    const client = createDicomWebClient({
      root: `${base}/tsig`,
      getAuthorization: ({ method, url }) => ({
        Authorization: `AWS4-HMAC-SHA256 ${method} ${new URL(url).pathname}`,
        'X-Amz-Date': '20261129T000000Z',
      }),
    });
    assert.equal((await client.searchStudies()).length, 1);
  });

  it('gives up with an unauthorized DicomWebError when the fresh token is refused too', async () => {
    routes.set('/t401b/studies', (_req, res) => res.writeHead(401).end());
    const client = createDicomWebClient({ root: `${base}/t401b`, getAuthorization: () => 'Bearer x' });
    await assert.rejects(
      client.searchStudies(),
      (e: unknown) => e instanceof DicomWebError && e.code === 'unauthorized' && e.status === 401,
    );
  });

  it('retries 429 and 503, honouring Retry-After', async () => {
    routes.set('/t429/studies', (_req, res, n) => {
      if (n === 1) res.writeHead(429, { 'Retry-After': '1' }).end();
      else if (n === 2) res.writeHead(503, { 'Retry-After': '0' }).end();
      else json(res, [study]);
    });
    const client = createDicomWebClient({ root: `${base}/t429`, retry: { baseDelayMs: 1 } });
    const t0 = Date.now();
    const studies = await client.searchStudies();
    assert.equal(studies.length, 1);
    assert.ok(Date.now() - t0 >= 950, 'waited for Retry-After: 1');
    assert.equal(hits.get('/t429/studies'), 3);
  });

  it('stops retrying after the bound and reports a retryable error', async () => {
    routes.set('/t503/studies', (_req, res) => res.writeHead(503).end());
    const client = createDicomWebClient({ root: `${base}/t503`, retry: { retries: 2, baseDelayMs: 1 } });
    await assert.rejects(
      client.searchStudies(),
      (e: unknown) => e instanceof DicomWebError && e.status === 503 && e.retryable,
    );
    assert.equal(hits.get('/t503/studies'), 3);
  });

  it('does not retry a 500 and keeps query values out of the message', async () => {
    routes.set('/t500/studies', (_req, res) => res.writeHead(500).end());
    const client = createDicomWebClient({ root: `${base}/t500` });
    await assert.rejects(client.searchStudies({ PatientName: 'Secret^Name', PatientID: 'MRN123' }), (e: unknown) => {
      assert.ok(e instanceof DicomWebError);
      assert.equal(e.status, 500);
      assert.equal(e.retryable, false);
      assert.doesNotMatch(e.message, /Secret|MRN123/);
      assert.doesNotMatch(e.url, /Secret|MRN123/);
      return true;
    });
    assert.equal(hits.get('/t500/studies'), 1);
  });

  it('times out a hung response', async () => {
    routes.set('/thang/studies', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      res.write('[');
    });
    const client = createDicomWebClient({ root: `${base}/thang`, timeoutMs: 300, retry: { retries: 0 } });
    await assert.rejects(client.searchStudies(), (e: unknown) => e instanceof DicomWebError && e.code === 'timeout');
  });

  it('ends a request whose authorization callback never answers, without sending it', async () => {
    routes.set('/tauthhang/studies', (_req, res) => json(res, [study]));
    const client = createDicomWebClient({
      root: `${base}/tauthhang`,
      timeoutMs: 300,
      getAuthorization: () => new Promise<string>(() => undefined),
    });
    await assert.rejects(
      client.searchStudies(),
      (e: unknown) => e instanceof DicomWebError && e.code === 'unauthorized' && e.status === 0,
    );
    assert.equal(hits.get('/tauthhang/studies'), undefined, 'nothing reached the server');
    const aborted = new AbortController();
    const pending = client.searchStudies({}, { signal: aborted.signal });
    aborted.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof DicomWebError && e.code === 'aborted');
  });

  it('reports a body cut inside a multipart part as a DicomParseError', async () => {
    routes.set('/tcut/studies', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=B' });
      res.end('--B\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\nhalf a fra');
    });
    const client = createDicomWebClient({ root: `${base}/tcut` });
    await assert.rejects(
      client.retrieveFrames({ studyInstanceUid: 'studies', seriesInstanceUid: 's', sopInstanceUid: 'i' }, [1]),
      DicomParseError,
    );
  });

  it('reports a wrong content type (HTML instead of DICOM JSON) as a bad-response DicomWebError', async () => {
    routes.set('/thtml/studies', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body>Login</body></html>');
    });
    const client = createDicomWebClient({ root: `${base}/thtml` });
    await assert.rejects(
      client.searchStudies(),
      (e: unknown) => e instanceof DicomWebError && e.code === 'bad-response' && e.status === 200,
    );
  });

  it('reports a JSON array holding something that is not a data set as a DicomParseError', async () => {
    routes.set('/tnull/studies', (_req, res) => json(res, [study, null]));
    const client = createDicomWebClient({ root: `${base}/tnull` });
    await assert.rejects(client.searchStudies(), DicomParseError);
  });

  it('reports JSON that is not an array as a DicomParseError', async () => {
    routes.set('/tobj/studies', (_req, res) => json(res, { not: 'an array' }));
    const client = createDicomWebClient({ root: `${base}/tobj` });
    await assert.rejects(client.searchStudies(), DicomParseError);
  });

  it('falls back to explicit little endian when stored bytes are refused', async () => {
    routes.set('/tneg/studies', (req, res) => {
      if (String(req.headers.accept).includes('transfer-syntax=*')) return void res.writeHead(406).end();
      res.writeHead(200, { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=B' });
      res.end(
        '--B\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\nPIXELS\r\n--B--\r\n',
      );
    });
    const client = createDicomWebClient({ root: `${base}/tneg` });
    const ref = { studyInstanceUid: 'x', seriesInstanceUid: 's', sopInstanceUid: 'i' };
    // The path starts with /tneg/studies/x: route key matches.
    const frames = await client.retrieveFrames(ref, [1]);
    assert.equal(new TextDecoder().decode(frames[0]!.bytes), 'PIXELS');
    assert.equal(frames[0]!.transferSyntaxUid, '1.2.840.10008.1.2.1');
    // Remembered per series: the second request goes straight to explicit LE.
    const before = hits.get('/tneg/studies')!;
    await client.retrieveFrames(ref, [1]);
    assert.equal(hits.get('/tneg/studies')! - before, 1);
  });

  it('stores in batches and reports upload progress after each', async () => {
    const stored = (n: number) =>
      JSON.stringify({
        '00081199': {
          vr: 'SQ',
          Value: Array.from({ length: n }, (_, i) => ({ '00081155': { vr: 'UI', Value: [`1.2.${i}`] } })),
        },
      });
    routes.set('/tstow/studies', (req, res) => {
      const type = String(req.headers['content-type']);
      assert.match(type, /^multipart\/related; type="application\/dicom"; boundary=/);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('latin1')));
      req.on('end', () => {
        const parts = body.split('Content-Type: application/dicom').length - 1;
        res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(stored(parts));
      });
    });
    const client = createDicomWebClient({ root: `${base}/tstow` });
    const files = [10, 20, 30, 40, 50].map((n) => new Uint8Array(n));
    const progress: [number, number][] = [];
    const result = await client.storeInstances(files, {
      batchSize: 2,
      onUploadProgress: (a, b) => progress.push([a, b]),
    });
    assert.equal(result.stored.length, 5);
    assert.deepEqual(progress, [
      [30, 150],
      [100, 150],
      [150, 150],
    ]);
    assert.equal(hits.get('/tstow/studies'), 3);
  });

  it('aborts on the caller signal with an aborted error', async () => {
    routes.set('/tabort/studies', () => undefined);
    const client = createDicomWebClient({ root: `${base}/tabort` });
    const controller = new AbortController();
    const pending = client.searchStudies({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: unknown) => e instanceof DicomWebError && e.code === 'aborted');
  });
});
