/** HTTP plumbing of the development DICOMweb server (index.ts): errors, JSON answers, caching, the root's URL. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** An answer with an error status and a message that never holds patient data. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Cache-Control of what never changes (an instance, its frames) and of what may. */
export const IMMUTABLE = 'private, max-age=31536000, immutable';
export const REVALIDATE = 'private, no-cache';
/** Why /thumbnail and /rendered answer 404. */
export const NO_RENDERING =
  'this development server renders no images (no /thumbnail or /rendered): decode frames in the client';

/** Sends DICOM JSON (`body`) with its length; only the headers for HEAD. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  headOnly = false,
): void {
  res.writeHead(status, {
    'Content-Type': 'application/dicom+json',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(headOnly ? undefined : body);
}

/** Sends `{ "error": message }`, never cached. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: message });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/** The absolute URL of the DICOMweb root as the client sees it, ending with `/`. */
export function baseUrl(req: IncomingMessage, pathname: string): string {
  const full = (req.url ?? '').split('?')[0]!;
  const prefix = full.endsWith(pathname) ? full.slice(0, full.length - pathname.length).replace(/\/+$/, '') : '';
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]!
    .trim();
  const proto = forwardedProto || ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? '127.0.0.1')
    .split(',')[0]!
    .trim();
  return `${proto}://${host}${prefix}/`;
}

/** True when the request's If-None-Match names `etag`. */
export function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  return !!header && header.split(',').some((t) => t.trim() === etag || t.trim() === '*' || t.trim() === `W/${etag}`);
}

/** A short digest for ETags. */
export const hash = (s: string) => createHash('sha1').update(s).digest('base64url').slice(0, 24);
