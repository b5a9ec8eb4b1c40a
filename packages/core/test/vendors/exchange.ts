/**
 * Recorded DICOMweb exchanges: the raw HTTP answers servers document, kept
 * as data so tests can replay them against the real client. Each record says
 * where the behaviour is documented and, where the documentation is silent
 * on the exact bytes, what it assumes.
 *
 * Test data: nothing in the package index exports these modules.
 */

/** What a request must look like for a recorded answer to apply. */
export interface ExpectedRequest {
  /** Path under the service root, no leading slash (`studies/1.2/series`). */
  path: string;
  /** The exact query parameters, order-free; absent means no query string. */
  query?: Readonly<Record<string, string>>;
  /** The exact Accept header. */
  accept?: string;
  /** The exact Authorization header, when the vendor's auth scheme is the point. */
  authorization?: string;
}

/** An HTTP answer as it comes off the wire. */
export interface RecordedResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Absent for bodiless answers (204, most errors). */
  body?: string | Uint8Array;
}

/** One documented request / answer pair. */
export interface VendorExchange {
  /** The behaviour it records, in a few words. */
  quirk: string;
  /** Where the vendor documents it (conformance statement, issue, guide). */
  source: string;
  /** What the fixture assumes where the documentation does not show the exact answer. */
  assumption?: string;
  request: ExpectedRequest;
  response: RecordedResponse;
}

/** One part of a multipart/related body. */
export interface RecordedPart {
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array;
}

/** Encodes a multipart/related body with CRLF line ends, as servers send it. */
export function multipartBody(boundary: string, parts: readonly RecordedPart[]): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    const head = Object.entries(part.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    chunks.push(encoder.encode(`--${boundary}\r\n${head}\r\n`));
    chunks.push(typeof part.body === 'string' ? encoder.encode(part.body) : part.body);
    chunks.push(encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Bytes that stand in for one compressed or raw frame: recognisable, not decodable. */
export function frameBytes(label: string, length = 64): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set(new TextEncoder().encode(label).subarray(0, length));
  for (let i = label.length; i < length; i++) bytes[i] = i & 0xff;
  return bytes;
}

/** A JPEG start-of-image and end-of-image marker: what a rendered answer starts and ends with. */
export const JPEG_STUB = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

/** The frame Accept headers the client sends, in its order of preference (see transfer-syntax.ts). */
export const ACCEPT = {
  json: 'application/dicom+json',
  framesAsStored: 'multipart/related; type="application/octet-stream"; transfer-syntax=*',
  framesExplicitLE: 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1',
  jpeg: 'image/jpeg',
} as const;
