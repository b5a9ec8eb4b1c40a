// The content type of every answer is checked before its bytes go anywhere:
// a real loopback server answers frames, bulk data and rendered requests with
// what a broken server or a login page sends, and each must be a typed error.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DicomParseError, DicomWebError, FoveaError } from '../errors.js';
import { createDicomWebClient } from './client.js';

type Answer = (res: ServerResponse) => void;
let answer: Answer = (res) => res.writeHead(404).end();
let base = '';
const server = createServer((_req, res) => answer(res));

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const ref = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5' };
const client = () => createDicomWebClient({ root: base, retry: { retries: 1, baseDelayMs: 1 }, timeoutMs: 5000 });
const multipart = 'multipart/related; type="application/octet-stream"; boundary=B';
const badResponse = (e: unknown) => e instanceof DicomWebError && e.code === 'bad-response';

function frames(): Promise<unknown> {
  return client().retrieveFrames(ref, [1]);
}

describe('content type of frames answers', () => {
  const cases: [string, Answer][] = [
    [
      '200 with an HTML login page',
      (res) =>
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html><form>Login</form></html>'),
    ],
    ['200 with JSON', (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"error":"quota"}')],
    ['200 with DICOM JSON', (res) => res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]')],
    ['200 with plain text', (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('PIXELS')],
    ['200 without a content type', (res) => res.writeHead(200).end('PIXELS')],
    [
      'a multipart part that is HTML',
      (res) =>
        res
          .writeHead(200, { 'Content-Type': multipart })
          .end('--B\r\nContent-Type: text/html\r\n\r\n<html>error</html>\r\n--B--\r\n'),
    ],
    [
      'a multipart part that is JSON',
      (res) =>
        res
          .writeHead(200, { 'Content-Type': 'multipart/related; type="application/json"; boundary=B' })
          .end('--B\r\n\r\n{"a":1}\r\n--B--\r\n'),
    ],
    [
      'an empty frame part',
      (res) =>
        res
          .writeHead(200, { 'Content-Type': multipart })
          .end(
            '--B\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n\r\n--B--\r\n',
          ),
    ],
    ['an empty single-part answer', (res) => res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end()],
  ];
  for (const [what, fault] of cases) {
    it(`refuses ${what} with a bad-response DicomWebError`, async () => {
      answer = fault;
      await assert.rejects(frames(), (e: unknown) => {
        assert.ok(badResponse(e), `got ${String(e)}`);
        assert.equal((e as DicomWebError).retryable, false);
        return true;
      });
    });
  }

  it('refuses a multipart answer without a boundary whose body is not framed', async () => {
    answer = (res) =>
      res
        .writeHead(200, { 'Content-Type': 'multipart/related; type="application/octet-stream"' })
        .end(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 13, 10, 0x2d, 0x2d, 0x41, 13, 10, 0, 1, 2]));
    await assert.rejects(frames(), DicomParseError);
  });

  it('reads a multipart answer without a boundary parameter when the body starts with its delimiter', async () => {
    answer = (res) =>
      res
        .writeHead(200, { 'Content-Type': 'multipart/related; type="application/octet-stream"' })
        .end('--X\r\nContent-Type: application/octet-stream\r\n\r\nPIXELS\r\n--X--\r\n');
    const [frame] = (await frames()) as { bytes: Uint8Array }[];
    assert.equal(new TextDecoder().decode(frame!.bytes), 'PIXELS');
  });

  it('reports a body shorter than its Content-Length as a typed network error', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': '4096' });
      res.write(Buffer.alloc(100));
      setTimeout(() => res.destroy(), 20);
    };
    await assert.rejects(frames(), (e: unknown) => e instanceof DicomWebError && e.code === 'network');
  });

  it('reports a connection reset before any answer as a typed network error', async () => {
    answer = (res) => res.socket?.destroy();
    await assert.rejects(frames(), (e: unknown) => e instanceof DicomWebError && e.code === 'network');
  });

  it('accepts image types for frames (JPEG parts as stored)', async () => {
    answer = (res) =>
      res
        .writeHead(200, { 'Content-Type': 'multipart/related; type="image/jpeg"; boundary=B' })
        .end('--B\r\nContent-Type: image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50\r\n\r\nJPEG\r\n--B--\r\n');
    const [frame] = (await frames()) as { bytes: Uint8Array; transferSyntaxUid: string }[];
    assert.equal(frame!.transferSyntaxUid, '1.2.840.10008.1.2.4.50');
  });
});

describe('content type of bulk data, rendered and WADO-URI answers', () => {
  it('refuses bulk data answered as HTML or JSON', async () => {
    for (const type of ['text/html', 'application/json']) {
      answer = (res) => res.writeHead(200, { 'Content-Type': type }).end('<html></html>');
      await assert.rejects(client().retrieveBulkData('bulk/1'), badResponse, type);
    }
  });

  it('refuses a bulk data part that is empty', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': multipart }).end('--B\r\n\r\n\r\n--B--\r\n');
    await assert.rejects(client().retrieveBulkData('bulk/1'), badResponse);
  });

  it('refuses a rendered or thumbnail answer that is not an image', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>');
    await assert.rejects(client().retrieveRendered(ref), badResponse);
    await assert.rejects(client().retrieveThumbnail(ref), badResponse);
  });

  it('refuses an empty rendered image', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end();
    await assert.rejects(client().retrieveRendered(ref), badResponse);
  });

  it('refuses a WADO-URI answer that is HTML', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>');
    await assert.rejects(client().retrieveWadoUri(base.replace('/dicom-web', '/wado'), ref), badResponse);
  });

  it('never throws anything but a FoveaError for these answers', async () => {
    const answers: Answer[] = [
      (res) => res.writeHead(200, { 'Content-Type': multipart }).end('garbage'),
      (res) => res.writeHead(200, { 'Content-Type': 'multipart/related; boundary=' }).end('--\r\n'),
      (res) => res.writeHead(200, { 'Content-Type': ';;;' }).end('x'),
      (res) => res.writeHead(200, { 'Content-Type': multipart }).end('--B\r\nContent-Type: \r\n\r\nX\r\n--B'),
    ];
    for (const a of answers) {
      answer = a;
      await assert.rejects(frames(), FoveaError);
    }
  });
});
