import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DicomParseError } from '../errors.js';
import {
  buildMultipart,
  parseMediaType,
  parseMultipart,
  readParts,
  readWholeParts,
  type MultipartPart,
} from './multipart.js';

const enc = new TextEncoder();

/** A stream that delivers `bytes` in chunks of `size`, to exercise boundaries split across chunks. */
function streamOf(bytes: Uint8Array, size = 7): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function collect(it: AsyncIterable<MultipartPart>): Promise<MultipartPart[]> {
  const out: MultipartPart[] = [];
  for await (const p of it) out.push(p);
  return out;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('parseMediaType', () => {
  it('reads quoted parameters with semicolons inside', () => {
    const m = parseMediaType(
      'multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.80"; boundary="a:b c"',
    );
    assert.equal(m.type, 'multipart/related');
    assert.equal(m.params.get('type'), 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.80');
    assert.equal(m.params.get('boundary'), 'a:b c');
  });
  it('lower-cases names, keeps values', () => {
    const m = parseMediaType('Multipart/Related;Boundary=XyZ');
    assert.equal(m.type, 'multipart/related');
    assert.equal(m.params.get('boundary'), 'XyZ');
  });
});

describe('parseMultipart', () => {
  const body = enc.encode(
    '--b0undary\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\nContent-Location: x\r\n\r\n' +
      'frame-one\r\n--b0undary\r\nContent-Type: image/jls\r\n\r\nframe\r\ntwo\r\n--b0undary--\r\n',
  );

  for (const size of [1, 3, 7, 1000]) {
    it(`splits parts and headers with chunks of ${size} byte(s)`, async () => {
      const parts = await collect(
        parseMultipart(streamOf(body, size), 'multipart/related; type="application/octet-stream"; boundary="b0undary"'),
      );
      assert.equal(parts.length, 2);
      assert.equal(text(parts[0]!.body), 'frame-one');
      assert.equal(parts[0]!.headers.get('content-location'), 'x');
      assert.equal(parts[1]!.contentType, 'image/jls');
      assert.equal(text(parts[1]!.body), 'frame\r\ntwo');
    });
  }

  it('takes the boundary from the body when the header has none', async () => {
    const parts = await collect(parseMultipart(streamOf(body), 'multipart/related; type="application/octet-stream"'));
    assert.equal(parts.length, 2);
  });

  it('takes the boundary from the body when the header names another', async () => {
    const parts = await collect(parseMultipart(streamOf(body), 'multipart/related; boundary=wrong'));
    assert.equal(parts.length, 2);
  });

  it('gives parts without headers the enclosing type', async () => {
    const raw = enc.encode('--x\r\n\r\nABC\r\n--x--');
    const parts = await collect(
      parseMultipart(streamOf(raw), 'multipart/related; type="application/dicom"; boundary=x'),
    );
    assert.equal(parts[0]!.contentType, 'application/dicom');
    assert.equal(text(parts[0]!.body), 'ABC');
  });

  it('keeps binary bodies intact, including CR LF and dashes', async () => {
    const payload = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    payload.set(enc.encode('\r\n--x'), 100); // not a delimiter: boundary is longer
    const { body: multipart, contentType } = buildMultipart(
      [{ contentType: 'application/octet-stream', body: payload }],
      'application/octet-stream',
      'x-boundary-123',
    );
    const parts = await collect(parseMultipart(streamOf(multipart, 4096), contentType));
    assert.deepEqual(parts[0]!.body, payload);
  });

  it('throws DicomParseError when the body ends inside a part', async () => {
    const cut = body.slice(0, body.length - 30);
    await assert.rejects(
      collect(parseMultipart(streamOf(cut), 'multipart/related; boundary=b0undary')),
      DicomParseError,
    );
  });

  it('throws DicomParseError when there is no delimiter line', async () => {
    await assert.rejects(
      collect(parseMultipart(streamOf(enc.encode('<html>oops</html>')), 'multipart/related; boundary=b')),
      DicomParseError,
    );
  });

  it('reads a large part in linear time (no scan of the spare buffer per chunk)', async () => {
    // 16 MiB in 4 KiB chunks: scanning the buffer's capacity on every chunk took about 6 s.
    const size = 16 * 2 ** 20;
    const head = enc.encode('--b\r\nContent-Type: application/octet-stream\r\n\r\n');
    const tail = enc.encode('\r\n--b--\r\n');
    const whole = new Uint8Array(head.length + size + tail.length);
    whole.set(head);
    whole.fill(7, head.length, head.length + size);
    whole.set(tail, head.length + size);
    const t0 = performance.now();
    const [part] = await collect(parseMultipart(streamOf(whole, 4096), 'multipart/related; boundary=b'));
    assert.equal(part?.body.length, size);
    assert.ok(performance.now() - t0 < 2000, `took ${Math.round(performance.now() - t0)} ms`);
  });
});

describe('readParts', () => {
  it('treats a non-multipart answer as one part', async () => {
    const parts = await collect(readParts(streamOf(enc.encode('JPEGDATA')), 'image/jpeg'));
    assert.equal(parts.length, 1);
    assert.equal(parts[0]!.contentType, 'image/jpeg');
  });
});

describe('readWholeParts', () => {
  const type = 'multipart/related; type="application/octet-stream"; boundary=B';
  it('takes every part out of a whole answer, as views of it', async () => {
    const body = enc.encode('--B\r\nContent-Type: application/octet-stream\r\n\r\nONE\r\n--B\r\n\r\nTWO\r\n--B--\r\n');
    const parts = await readWholeParts(streamOf(body), type);
    assert.deepEqual(
      parts.map((p) => text(p.body)),
      ['ONE', 'TWO'],
    );
    assert.equal(parts[0]!.body.buffer, parts[1]!.body.buffer);
  });
  it('throws DicomParseError for a body cut inside a part', async () => {
    const body = enc.encode('--B\r\nContent-Type: application/octet-stream\r\n\r\nhalf a fra');
    await assert.rejects(readWholeParts(streamOf(body), type), DicomParseError);
  });
  it('treats a non-multipart answer as one part', async () => {
    const parts = await readWholeParts(streamOf(enc.encode('JPEGDATA')), 'image/jpeg');
    assert.equal(parts.length, 1);
    assert.equal(text(parts[0]!.body), 'JPEGDATA');
  });
});

describe('buildMultipart', () => {
  it('quotes type and boundary', () => {
    const { contentType } = buildMultipart([], 'application/dicom', 'abc');
    assert.equal(contentType, 'multipart/related; type="application/dicom"; boundary=abc');
  });
});
