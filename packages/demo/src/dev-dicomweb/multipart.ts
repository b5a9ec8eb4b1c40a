/**
 * Content negotiation (Accept with quoted parameters and q-values) and
 * multipart/related responses for WADO-RS. Nothing is transcoded: a request
 * is served in the stored transfer syntax, or answered 406.
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { parseMediaType } from '@fovea-dicom/core';
import { EXPLICIT_LE, IMPLICIT_LE, type ByteRange } from './part10.js';

export interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(value: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') quoted = !quoted;
    if (c === '\\' && quoted && i + 1 < value.length) {
      current += c + value[++i];
      continue;
    }
    if (c === sep && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** Parses an Accept header, best first (stable for equal q). A missing header accepts anything. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header?.trim()) return [{ type: '*/*', params: new Map(), q: 1 }];
  return splitOutsideQuotes(header, ',')
    .filter((r) => r.trim())
    .map((r) => {
      const { type, params } = parseMediaType(r);
      const q = params.has('q') ? Number(params.get('q')) : 1;
      params.delete('q');
      return { type, params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
}

/** Media types of encapsulated transfer syntaxes (PS3.18 table 8.7.3-5). */
const MEDIA_BY_TS: Record<string, string[]> = {
  '1.2.840.10008.1.2.4.50': ['image/jpeg'],
  '1.2.840.10008.1.2.4.51': ['image/jpeg'],
  '1.2.840.10008.1.2.4.57': ['image/jpeg', 'image/jll'],
  '1.2.840.10008.1.2.4.70': ['image/jpeg', 'image/jll'],
  '1.2.840.10008.1.2.4.80': ['image/jls', 'image/x-jls'],
  '1.2.840.10008.1.2.4.81': ['image/jls', 'image/x-jls'],
  '1.2.840.10008.1.2.4.90': ['image/jp2'],
  '1.2.840.10008.1.2.4.91': ['image/jp2'],
  '1.2.840.10008.1.2.4.92': ['image/jpx'],
  '1.2.840.10008.1.2.4.93': ['image/jpx'],
  '1.2.840.10008.1.2.4.201': ['image/jphc'],
  '1.2.840.10008.1.2.4.202': ['image/jphc'],
  '1.2.840.10008.1.2.4.203': ['image/jphc'],
  '1.2.840.10008.1.2.4.110': ['image/jxl'],
  '1.2.840.10008.1.2.4.111': ['image/jxl'],
  '1.2.840.10008.1.2.4.112': ['image/jxl'],
  '1.2.840.10008.1.2.5': ['image/dicom-rle', 'image/x-dicom-rle'],
};

/** How to label served bytes: the part media type and the transfer syntax they are in. */
export interface Negotiated {
  partType: string;
  transferSyntax: string;
  /** True when the client asked for a single part (no multipart framing). */
  single: boolean;
}

/** The requested part type and transfer-syntax of a range (the `type` parameter may nest a transfer-syntax). */
function unwrap(range: MediaRange): { inner: string; ts: string | undefined; single: boolean } | undefined {
  if (range.type === '*/*' || range.type === 'multipart/*')
    return { inner: '*', ts: range.params.get('transfer-syntax') ?? '*', single: false };
  if (range.type === 'multipart/related') {
    const type = range.params.get('type');
    if (!type) return { inner: '*', ts: range.params.get('transfer-syntax') ?? '*', single: false };
    const nested = parseMediaType(type);
    return {
      inner: nested.type,
      ts: range.params.get('transfer-syntax') ?? nested.params.get('transfer-syntax'),
      single: false,
    };
  }
  return { inner: range.type, ts: range.params.get('transfer-syntax'), single: true };
}

/**
 * Chooses how to serve pixel data frames stored in `stored`. Returns undefined
 * (answer 406) when every acceptable range needs transcoding.
 * `application/octet-stream` without transfer-syntax means explicit VR little
 * endian (PS3.18 default), which native little endian data already is.
 */
export function negotiateFrames(
  accept: string | undefined,
  stored: string,
  frameCount: number,
): Negotiated | undefined {
  const nativeLE = stored === EXPLICIT_LE || stored === IMPLICIT_LE;
  for (const range of parseAccept(accept)) {
    const want = unwrap(range);
    if (!want || (want.single && frameCount !== 1)) continue;
    const single = want.single && range.type !== '*/*';
    if (want.inner === '*' || want.inner === 'application/*') {
      if (want.ts === '*' || want.ts === stored)
        return { partType: 'application/octet-stream', transferSyntax: stored, single };
    } else if (want.inner === 'application/octet-stream') {
      if (want.ts === '*' || want.ts === stored) return { partType: want.inner, transferSyntax: stored, single };
      if ((want.ts === undefined || want.ts === EXPLICIT_LE) && nativeLE)
        return { partType: want.inner, transferSyntax: EXPLICIT_LE, single };
    } else if (MEDIA_BY_TS[stored]?.includes(want.inner) || want.inner === 'image/*') {
      if (want.ts === undefined || want.ts === '*' || want.ts === stored) {
        return {
          partType: want.inner === 'image/*' ? (MEDIA_BY_TS[stored]?.[0] ?? 'application/octet-stream') : want.inner,
          transferSyntax: stored,
          single,
        };
      }
    }
  }
  return undefined;
}

/**
 * Chooses how to serve whole instances (application/dicom). Without a
 * transfer-syntax parameter the file is served as stored (its meta header
 * says which syntax it is in); another explicit syntax answers 406.
 */
export function negotiateInstances(
  accept: string | undefined,
  stored: readonly string[],
  count: number,
): Negotiated | undefined {
  for (const range of parseAccept(accept)) {
    const want = unwrap(range);
    if (!want || (want.single && count !== 1)) continue;
    if (!['*', 'application/*', 'application/dicom'].includes(want.inner)) continue;
    if (want.ts === undefined || want.ts === '*' || stored.every((ts) => ts === want.ts)) {
      return {
        partType: 'application/dicom',
        transferSyntax: want.ts ?? '*',
        single: want.single && range.type !== '*/*',
      };
    }
  }
  return undefined;
}

/** True when the Accept header allows a JSON answer (QIDO-RS, metadata). */
export function acceptsJson(accept: string | undefined): boolean {
  return parseAccept(accept).some((r) =>
    ['*/*', 'application/*', 'application/dicom+json', 'application/json'].includes(r.type),
  );
}

/** A part's body: bytes, or byte ranges of a file sent one after another. */
export type PartBody = Uint8Array | { path: string; ranges: ByteRange[] };

export interface Part {
  contentType: string;
  body: PartBody;
  location?: string;
}

const bodyLength = (b: PartBody) =>
  b instanceof Uint8Array ? b.byteLength : b.ranges.reduce((n, r) => n + r.length, 0);

async function writeChunk(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  if (res.destroyed) throw new Error('client went away');
  if (!res.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
}

async function writeBody(res: ServerResponse, body: PartBody): Promise<void> {
  if (body instanceof Uint8Array) return writeChunk(res, body);
  const fh = await open(body.path, 'r');
  try {
    for (const range of body.ranges) {
      for (let done = 0; done < range.length;) {
        const n = Math.min(1 << 20, range.length - done);
        const buf = Buffer.allocUnsafe(n);
        const { bytesRead } = await fh.read(buf, 0, n, range.offset + done);
        if (bytesRead !== n) throw new Error('file changed while serving it');
        await writeChunk(res, buf);
        done += n;
      }
    }
  } finally {
    await fh.close();
  }
}

/**
 * Sends parts as `multipart/related; type="..."; boundary="..."` (quoted
 * boundary), or a single part as its own body, with Content-Length.
 */
export async function sendParts(
  res: ServerResponse,
  parts: Part[],
  rootType: string,
  single: boolean,
  headers: Record<string, string>,
  headOnly: boolean,
): Promise<void> {
  if (single) {
    const part = parts[0]!;
    res.writeHead(200, {
      ...headers,
      'Content-Type': part.contentType,
      'Content-Length': String(bodyLength(part.body)),
    });
    if (!headOnly) await writeBody(res, part.body);
    res.end();
    return;
  }
  const boundary = `fovea-dev-${randomBytes(12).toString('hex')}`;
  const heads = parts.map((p) =>
    Buffer.from(
      `--${boundary}\r\nContent-Type: ${p.contentType}\r\n${p.location ? `Content-Location: ${p.location}\r\n` : ''}Content-Length: ${bodyLength(p.body)}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const total = parts.reduce((n, p, i) => n + heads[i]!.length + bodyLength(p.body) + 2, tail.length);
  res.writeHead(200, {
    ...headers,
    'Content-Type': `multipart/related; type="${rootType}"; boundary="${boundary}"`,
    'Content-Length': String(total),
  });
  if (!headOnly) {
    for (let i = 0; i < parts.length; i++) {
      await writeChunk(res, heads[i]!);
      await writeBody(res, parts[i]!.body);
      await writeChunk(res, Buffer.from('\r\n'));
    }
    await writeChunk(res, tail);
  }
  res.end();
}
