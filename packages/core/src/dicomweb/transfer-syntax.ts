import { parseMediaType } from './multipart.js';

/** Transfer syntax UIDs Fovea knows by name. */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline: '1.2.840.10008.1.2.4.50',
  JPEGExtended: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  RLELossless: '1.2.840.10008.1.2.5',
  HTJ2KLossless: '1.2.840.10008.1.2.4.201',
  HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K: '1.2.840.10008.1.2.4.203',
} as const;

const byMediaType: Record<string, string> = {
  'image/jpeg': TransferSyntax.JPEGBaseline,
  'image/jll': TransferSyntax.JPEGLosslessSV1,
  'image/jls': TransferSyntax.JPEGLSLossless,
  'image/x-jls': TransferSyntax.JPEGLSLossless,
  'image/jp2': TransferSyntax.JPEG2000Lossless,
  'image/jpx': '1.2.840.10008.1.2.4.92',
  'image/jphc': TransferSyntax.HTJ2KLossless,
  'image/x-dicom-rle': TransferSyntax.RLELossless,
  'image/dicom-rle': TransferSyntax.RLELossless,
  'application/octet-stream': TransferSyntax.ExplicitVRLittleEndian,
};

/**
 * The transfer syntax of a frame, from its part's Content-Type: a
 * `transfer-syntax=` parameter (also when nested in a quoted `type=`), else the
 * PS3.18 default for the media type.
 */
export function transferSyntaxOfPart(contentType: string): string {
  const media = parseMediaType(contentType);
  const direct = media.params.get('transfer-syntax');
  if (direct && direct !== '*') return direct;
  const inner = media.params.get('type');
  if (inner) {
    const nested = parseMediaType(inner);
    const ts = nested.params.get('transfer-syntax');
    if (ts && ts !== '*') return ts;
    if (byMediaType[nested.type]) return byMediaType[nested.type]!;
  }
  return byMediaType[media.type] ?? TransferSyntax.ExplicitVRLittleEndian;
}

/** The Accept values tried for frames, most preferred first: stored bytes, then explicit LE, then the server's default. */
export const FRAME_ACCEPTS = [
  'multipart/related; type="application/octet-stream"; transfer-syntax=*',
  `multipart/related; type="application/octet-stream"; transfer-syntax=${TransferSyntax.ExplicitVRLittleEndian}`,
  'multipart/related; type="application/octet-stream"',
] as const;
