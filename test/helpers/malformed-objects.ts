// Malformed DICOM objects, one class each, made deterministically: headers
// that cannot describe their bytes (geometry, bits, samples, sizes), pixel
// data missing or short, frames counts that lie, real codestreams of the
// corpus (fetched from the server as stored) corrupted, truncated or replaced
// by garbage, and DICOM JSON values no file can hold (negative, text, null),
// made by rewriting a good object's metadata answer through the fault proxy.
// Each should end in a typed fovea-error and an error state, never a picture.
import {
  getNumbers,
  getString,
  Tag,
  type DicomJsonDataset,
  type DicomWebClient,
  type Frame,
  type Instance,
} from '@fovea-dicom/core';
import type { DatasetEntry } from '@fovea-dicom/demo/sample/dicom-writer.js';
import type { CorpusSeries } from './corpus.js';
import { literal, type FaultRule } from './faults.js';
import { encapsulated, garbage, writeNative, writeP10 } from './p10.js';

export const MALFORMED_PATIENT_ID = 'FOVEA-MALFORMED-4471';
export const MALFORMED_PATIENT_NAME = 'Quokkason^Malformia';
export const MALFORMED_STUDY = '2.25.91400000000000000000000000000000417';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const SC = '1.2.840.10008.5.1.4.1.1.7';
const SC_MULTIFRAME_WORD = '1.2.840.10008.5.1.4.1.1.7.3';
const SIZE = 32;

/** One class of malformed object. */
export interface MalformedClass {
  id: string;
  what: string;
  studyUid: string;
  seriesUid: string;
  /** The object to store (none when the class rewrites a stored good object's answers only). */
  file: Uint8Array;
  /** Fault-proxy rules that make the class (metadata or frames rewrites), applied while it is shown. */
  rules: FaultRule[];
  /**
   * What the viewport must do: by default, a typed fovea-error and an error state. A multi-frame
   * object whose first frame is whole shows it, and reports each later frame that is missing as a
   * failed image (decision 0009: a frame that fails fails that image, not the series).
   */
  expect?: 'error' | 'first-frame-then-failed-frames';
  /** The `reason` the fovea-error must carry, where the class pins one down. */
  reason?: string;
}

/** A stored codestream of the corpus and the attributes that describe it. */
export interface Codestream {
  transferSyntaxUid: string;
  bytes: Uint8Array;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometric: string;
}

/** The first frame of a corpus series as stored, with its attributes. */
export async function codestreamOf(client: DicomWebClient, series: CorpusSeries): Promise<Codestream> {
  const [instance] = (await client.retrieveSeriesMetadata(series.studyInstanceUid, series.seriesInstanceUid)) as [
    Instance,
  ];
  const [frame] = (await client.retrieveFrames(
    {
      studyInstanceUid: instance.studyInstanceUid,
      seriesInstanceUid: instance.seriesInstanceUid,
      sopInstanceUid: instance.sopInstanceUid,
    },
    [1],
  )) as [Frame];
  const ds: DicomJsonDataset = instance.dataset;
  const n = (tag: string, fallback: number) => getNumbers(ds, tag)[0] ?? fallback;
  if (frame.transferSyntaxUid !== series.transferSyntaxUid)
    throw new Error(`asked for ${series.syntax} as stored, got ${frame.transferSyntaxUid}`);
  return {
    transferSyntaxUid: frame.transferSyntaxUid,
    bytes: frame.bytes.slice(),
    rows: n(Tag.Rows, 0),
    columns: n(Tag.Columns, 0),
    bitsAllocated: n('00280100', 16),
    bitsStored: n('00280101', 16),
    pixelRepresentation: n('00280103', 0),
    samplesPerPixel: n('00280002', 1),
    photometric: getString(ds, Tag.PhotometricInterpretation) ?? 'MONOCHROME2',
  };
}

type Header = Map<number, DatasetEntry>;

function header(n: number, what: string): Header {
  const series = `${MALFORMED_STUDY}.${n}`;
  const entries: DatasetEntry[] = [
    [0x00080016, 'UI', SC],
    [0x00080018, 'UI', `${series}.1`],
    [0x00080020, 'DA', '20250101'],
    [0x00080060, 'CS', 'OT'],
    [0x0008103e, 'LO', what.slice(0, 64)],
    [0x00100010, 'PN', MALFORMED_PATIENT_NAME],
    [0x00100020, 'LO', MALFORMED_PATIENT_ID],
    [0x0020000d, 'UI', MALFORMED_STUDY],
    [0x0020000e, 'UI', series],
    [0x00200011, 'IS', n],
    [0x00200013, 'IS', 1],
    [0x00280002, 'US', 1],
    [0x00280004, 'CS', 'MONOCHROME2'],
    [0x00280010, 'US', SIZE],
    [0x00280011, 'US', SIZE],
    [0x00280100, 'US', 16],
    [0x00280101, 'US', 12],
    [0x00280102, 'US', 11],
    [0x00280103, 'US', 0],
    [0x00281050, 'DS', 2048],
    [0x00281051, 'DS', 4096],
  ];
  return new Map(entries.map((e) => [e[0], e]));
}

/** A ramp of 12-bit values, `count` 16-bit samples. */
function ramp(count: number): Uint16Array {
  return Uint16Array.from({ length: count }, (_, i) => (i * 37) % 4096);
}

function withChanges(h: Header, changes: readonly (DatasetEntry | [number, null])[]): DatasetEntry[] {
  const out = new Map(h);
  for (const change of changes) {
    if (change[1] === null) out.delete(change[0]);
    else out.set(change[0], change as DatasetEntry);
  }
  return [...out.values()];
}

function fromCodestream(h: Header, c: Codestream): Header {
  const out = new Map(h);
  const set = (e: DatasetEntry) => out.set(e[0], e);
  set([0x00280002, 'US', c.samplesPerPixel]);
  set([0x00280004, 'CS', c.photometric]);
  set([0x00280010, 'US', c.rows]);
  set([0x00280011, 'US', c.columns]);
  set([0x00280100, 'US', c.bitsAllocated]);
  set([0x00280101, 'US', c.bitsStored]);
  set([0x00280102, 'US', c.bitsStored - 1]);
  set([0x00280103, 'US', c.pixelRepresentation]);
  if (c.samplesPerPixel > 1) set([0x00280006, 'US', 0]);
  out.delete(0x00281050);
  out.delete(0x00281051);
  return out;
}

/** Index of a JPEG-family marker (0xFF, `code`) in a codestream. */
function marker(bytes: Uint8Array, code: number): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === code) return i;
  throw new Error(`marker FF${code.toString(16)} not found`);
}

/** A copy with the frame size in a JPEG SOF (or JPEG-LS SOF55) segment halved. */
function jpegSofHalved(bytes: Uint8Array, sof: number): Uint8Array {
  const out = bytes.slice();
  const at = marker(out, sof);
  const dv = new DataView(out.buffer, out.byteOffset);
  dv.setUint16(at + 5, Math.max(1, dv.getUint16(at + 5) >> 1));
  dv.setUint16(at + 7, Math.max(1, dv.getUint16(at + 7) >> 1));
  return out;
}

/** A copy with the image size in a JPEG 2000 SIZ segment halved. */
function j2kSizHalved(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const at = marker(out, 0x51);
  const dv = new DataView(out.buffer, out.byteOffset);
  dv.setUint32(at + 6, Math.max(1, dv.getUint32(at + 6) >> 1));
  dv.setUint32(at + 10, Math.max(1, dv.getUint32(at + 10) >> 1));
  return out;
}

/** A copy of an RLE frame with its header changed by `edit` (16 little-endian 32-bit words). */
function rleHeader(bytes: Uint8Array, edit: (words: Uint32Array, length: number) => void): Uint8Array {
  const out = bytes.slice();
  const words = new Uint32Array(out.buffer.slice(out.byteOffset, out.byteOffset + 64));
  edit(words, out.length);
  out.set(new Uint8Array(words.buffer), 0);
  return out;
}

const cut = (bytes: Uint8Array, fraction: number) => bytes.slice(0, Math.floor(bytes.length * fraction));

export interface Codestreams {
  rle: Codestream;
  jpegLossless: Codestream;
  jpegLs: Codestream;
  j2k: Codestream;
  jpegBaseline: Codestream;
}

/**
 * Every class, numbered from 1 (its series number and the last UID
 * component of its series). The codestreams come from the corpus.
 */
export function malformedClasses(streams: Codestreams): MalformedClass[] {
  const classes: MalformedClass[] = [];
  let n = 0;
  const series = (k: number) => `${MALFORMED_STUDY}.${k}`;

  /** A native (Explicit VR Little Endian) object with `changes` to the good header and `pixels` (default: a full 32 x 32 ramp). */
  const native = (
    id: string,
    what: string,
    changes: (DatasetEntry | [number, null])[],
    pixels: Uint16Array | Uint8Array | null = ramp(SIZE * SIZE),
  ) => {
    n++;
    const entries = withChanges(header(n, id), changes);
    if (pixels) entries.push(pixels instanceof Uint16Array ? [0x7fe00010, 'OW', pixels] : [0x7fe00010, 'OB', pixels]);
    classes.push({ id, what, studyUid: MALFORMED_STUDY, seriesUid: series(n), file: writeNative(entries), rules: [] });
  };

  /** An encapsulated object: `fragments` behind `stream`'s transfer syntax (or `transferSyntax`), described by its attributes. */
  const compressed = (
    id: string,
    what: string,
    stream: Codestream,
    fragments: Uint8Array[],
    changes: (DatasetEntry | [number, null])[] = [],
    transferSyntax = stream.transferSyntaxUid,
  ) => {
    n++;
    const entries = withChanges(fromCodestream(header(n, id), stream), changes);
    classes.push({
      id,
      what,
      studyUid: MALFORMED_STUDY,
      seriesUid: series(n),
      file: writeP10(entries, transferSyntax, encapsulated(fragments)),
      rules: [],
    });
  };

  /** A good native object whose answers the proxy rewrites (metadata values no file can hold, frame headers). */
  const rewritten = (id: string, what: string, rules: (seriesUid: string) => FaultRule[]) => {
    n++;
    const entries = withChanges(header(n, id), []);
    entries.push([0x7fe00010, 'OW', ramp(SIZE * SIZE)]);
    classes.push({
      id,
      what,
      studyUid: MALFORMED_STUDY,
      seriesUid: series(n),
      file: writeNative(entries),
      rules: rules(series(n)),
    });
  };
  const metadataSet = (path: (string | number)[], value: unknown) => (s: string) => [
    { path: `${literal(s)}/metadata`, rewrite: { jsonSet: [{ path, value }] } },
  ];

  // --- Geometry and pixel description (native) ---
  native('rows-0', 'Rows 0', [[0x00280010, 'US', 0]]);
  native('columns-0', 'Columns 0', [[0x00280011, 'US', 0]]);
  native('rows-65535', 'Rows 65535 for 32 rows of data', [[0x00280010, 'US', 65535]]);
  native('columns-65535', 'Columns 65535 for 32 columns of data', [[0x00280011, 'US', 65535]]);
  native('rows-columns-65535', 'Rows and Columns 65535 (8 GiB described, 2 KiB present)', [
    [0x00280010, 'US', 65535],
    [0x00280011, 'US', 65535],
  ]);
  native('rows-missing', 'no Rows', [[0x00280010, null]]);
  native('pixel-data-half', 'Pixel Data half the described size', [], ramp((SIZE * SIZE) / 2));
  native('pixel-data-short-2-bytes', 'Pixel Data one sample short', [], ramp(SIZE * SIZE - 1));
  native('pixel-data-empty', 'Pixel Data of length 0', [], new Uint8Array(0));
  native('pixel-data-missing', 'no Pixel Data at all', [], null);
  native('bits-allocated-0', 'Bits Allocated 0', [[0x00280100, 'US', 0]]);
  native('bits-allocated-1', 'Bits Allocated 1 over 16-bit data', [
    [0x00280100, 'US', 1],
    [0x00280101, 'US', 1],
    [0x00280102, 'US', 0],
  ]);
  native('bits-allocated-12', 'Bits Allocated 12', [[0x00280100, 'US', 12]]);
  native('bits-allocated-64', 'Bits Allocated 64', [[0x00280100, 'US', 64]]);
  native('bits-stored-over-allocated', 'Bits Stored 20 of 16 allocated', [
    [0x00280101, 'US', 20],
    [0x00280102, 'US', 19],
  ]);
  native('high-bit-31', 'High Bit 31 of 16 allocated', [[0x00280102, 'US', 31]]);
  native('samples-3-monochrome2', 'Samples per Pixel 3 with MONOCHROME2', [[0x00280002, 'US', 3]]);
  native('samples-0', 'Samples per Pixel 0', [[0x00280002, 'US', 0]]);
  native(
    'rgb-data-for-one-sample',
    'RGB, 8 bits, data for one sample per pixel',
    [
      [0x00280002, 'US', 3],
      [0x00280004, 'CS', 'RGB'],
      [0x00280006, 'US', 0],
      [0x00280100, 'US', 8],
      [0x00280101, 'US', 8],
      [0x00280102, 'US', 7],
    ],
    new Uint8Array(SIZE * SIZE),
  );
  native(
    'planar-configuration-2',
    'RGB with Planar Configuration 2',
    [
      [0x00280002, 'US', 3],
      [0x00280004, 'CS', 'RGB'],
      [0x00280006, 'US', 2],
      [0x00280100, 'US', 8],
      [0x00280101, 'US', 8],
      [0x00280102, 'US', 7],
    ],
    new Uint8Array(SIZE * SIZE * 3),
  );
  native('photometric-unknown', 'Photometric Interpretation XYZ', [[0x00280004, 'CS', 'XYZ']]);
  native('photometric-missing', 'no Photometric Interpretation', [[0x00280004, null]]);
  native('pixel-representation-2', 'Pixel Representation 2', [[0x00280103, 'US', 2]]);
  native(
    'palette-without-tables',
    'PALETTE COLOR without lookup tables',
    [
      [0x00280004, 'CS', 'PALETTE COLOR'],
      [0x00280100, 'US', 8],
      [0x00280101, 'US', 8],
      [0x00280102, 'US', 7],
      [0x00281050, null],
      [0x00281051, null],
    ],
    new Uint8Array(SIZE * SIZE),
  );
  native(
    'palette-short-tables',
    'PALETTE COLOR, 256 entries described, 4 present',
    [
      [0x00280004, 'CS', 'PALETTE COLOR'],
      [0x00280100, 'US', 8],
      [0x00280101, 'US', 8],
      [0x00280102, 'US', 7],
      [0x00281050, null],
      [0x00281051, null],
      [0x00281101, 'US', [256, 0, 16]],
      [0x00281102, 'US', [256, 0, 16]],
      [0x00281103, 'US', [256, 0, 16]],
      [0x00281201, 'OW', new Uint16Array(4)],
      [0x00281202, 'OW', new Uint16Array(4)],
      [0x00281203, 'OW', new Uint16Array(4)],
    ],
    Uint8Array.from({ length: SIZE * SIZE }, (_, i) => i % 256),
  );
  native('frames-more-than-data', 'Number of Frames 4, data for 1', [
    [0x00080016, 'UI', SC_MULTIFRAME_WORD],
    [0x00280008, 'IS', 4],
  ]);
  // Orthanc refuses every frame of it; the whole instance then shows Pixel Data shorter than its
  // frames need: the object is damaged, not one of its frames (an error, the default).
  native('frames-0', 'Number of Frames 0', [
    [0x00080016, 'UI', SC_MULTIFRAME_WORD],
    [0x00280008, 'IS', 0],
  ]);
  native('frames-negative', 'Number of Frames -3', [
    [0x00080016, 'UI', SC_MULTIFRAME_WORD],
    [0x00280008, 'IS', -3],
  ]);
  native('frames-2147483647', 'Number of Frames 2147483647', [
    [0x00080016, 'UI', SC_MULTIFRAME_WORD],
    [0x00280008, 'IS', 2147483647],
  ]);

  // --- Bytes that are not what the transfer syntax says ---
  n++;
  {
    const id = 'explicit-le-holding-jpegls';
    const entries = withChanges(fromCodestream(header(n, id), streams.jpegLs), []);
    const bytes = streams.jpegLs.bytes;
    const even = bytes.length % 2 ? Uint8Array.from([...bytes, 0]) : bytes;
    entries.push([0x7fe00010, 'OW', even]);
    classes.push({
      id,
      what: 'Explicit VR Little Endian whose pixel data is a JPEG-LS codestream',
      studyUid: MALFORMED_STUDY,
      seriesUid: series(n),
      file: writeP10(entries, EXPLICIT_LE),
      rules: [],
    });
  }
  const { rle, jpegLossless, jpegLs, j2k, jpegBaseline } = streams;
  compressed('empty-fragment', 'encapsulated Pixel Data whose only fragment is empty', rle, [new Uint8Array(0)]);
  compressed('no-fragments', 'encapsulated Pixel Data with an offset table and no fragment', rle, []);
  compressed(
    'frames-more-than-fragments',
    'Number of Frames 3, one RLE fragment',
    rle,
    [rle.bytes],
    [
      [0x00080016, 'UI', SC_MULTIFRAME_WORD],
      [0x00280008, 'IS', 3],
    ],
  );
  classes.at(-1)!.expect = 'first-frame-then-failed-frames';

  // --- Codestreams the codecs must refuse, or whose output cannot fit the header ---
  compressed('rle-truncated', 'RLE cut to half', rle, [cut(rle.bytes, 0.5)]);
  compressed('rle-offsets-past-end', 'RLE segment offsets past the end', rle, [
    rleHeader(rle.bytes, (w, length) => {
      for (let i = 1; i <= w[0]!; i++) w[i] = length + 1000 * i;
    }),
  ]);
  compressed('rle-zero-segments', 'RLE header with no segment', rle, [rleHeader(rle.bytes, (w) => (w[0] = 0))]);
  compressed('rle-15-segments', 'RLE header with 15 segments for one 16-bit sample', rle, [
    rleHeader(rle.bytes, (w) => (w[0] = 15)),
  ]);
  compressed('rle-garbage', 'RLE fragment of random bytes', rle, [garbage(4096, 11)]);
  compressed('jpeg-lossless-truncated', 'JPEG lossless cut to half', jpegLossless, [cut(jpegLossless.bytes, 0.5)]);
  compressed('jpeg-lossless-sof-size', 'JPEG lossless whose frame is half the header size', jpegLossless, [
    jpegSofHalved(jpegLossless.bytes, 0xc3),
  ]);
  compressed('jpeg-lossless-garbage', 'JPEG lossless: SOI then random bytes', jpegLossless, [
    garbage(4096, 12, [0xff, 0xd8]),
  ]);
  compressed('jpegls-garbage', 'JPEG-LS: SOI then random bytes', jpegLs, [garbage(4096, 13, [0xff, 0xd8])]);
  compressed('jpegls-truncated', 'JPEG-LS cut to 40 %', jpegLs, [cut(jpegLs.bytes, 0.4)]);
  compressed('jpegls-sof-size', 'JPEG-LS whose frame is half the header size', jpegLs, [
    jpegSofHalved(jpegLs.bytes, 0xf7),
  ]);
  // A good one-sample codestream under a three-sample header: the codec decodes it, and its output cannot be
  // the header's image (found where the decoded frame is normalised: the decode worker).
  compressed(
    'jpegls-one-sample-as-rgb',
    'a one-sample JPEG-LS codestream under Samples per Pixel 3, RGB',
    jpegLs,
    [jpegLs.bytes],
    [
      [0x00280002, 'US', 3],
      [0x00280004, 'CS', 'RGB'],
      [0x00280006, 'US', 0],
    ],
  );
  classes.at(-1)!.reason = 'decoded-size';
  compressed('jpeg-baseline-garbage', 'JPEG baseline: SOI then random bytes', jpegBaseline, [
    garbage(4096, 14, [0xff, 0xd8]),
  ]);
  compressed('jpeg-baseline-truncated', 'JPEG baseline cut to 40 %', jpegBaseline, [cut(jpegBaseline.bytes, 0.4)]);
  compressed('jpeg-baseline-sof-size', 'JPEG baseline whose frame is half the header size', jpegBaseline, [
    jpegSofHalved(jpegBaseline.bytes, 0xc0),
  ]);
  compressed('j2k-truncated', 'JPEG 2000 cut to 30 %', j2k, [cut(j2k.bytes, 0.3)]);
  compressed('j2k-garbage', 'JPEG 2000: SOC, SIZ marker, then random bytes', j2k, [
    garbage(4096, 15, [0xff, 0x4f, 0xff, 0x51]),
  ]);
  compressed('j2k-siz-size', 'JPEG 2000 whose image is half the header size', j2k, [j2kSizHalved(j2k.bytes)]);
  compressed('jpegls-as-rle', 'a JPEG-LS codestream labelled RLE', jpegLs, [jpegLs.bytes], [], rle.transferSyntaxUid);

  // --- Values no file can hold, as a server's DICOM JSON could say them ---
  rewritten('rows-negative-json', 'Rows -5 in DICOM JSON', (s) => metadataSet(['00280010', 'Value', 0], -5)(s));
  rewritten('columns-negative-json', 'Columns -32 in DICOM JSON', (s) => metadataSet(['00280011', 'Value', 0], -32)(s));
  rewritten('rows-text-json', 'Rows "abc" in DICOM JSON', (s) => metadataSet(['00280010', 'Value', 0], 'abc')(s));
  rewritten('rows-null-json', 'Rows null in DICOM JSON', (s) => metadataSet(['00280010', 'Value', 0], null)(s));
  rewritten('columns-fraction-json', 'Columns 32.5 in DICOM JSON', (s) =>
    metadataSet(['00280011', 'Value', 0], 32.5)(s),
  );
  rewritten('rows-1e9-json', 'Rows 1e9 in DICOM JSON', (s) => metadataSet(['00280010', 'Value', 0], 1e9)(s));
  rewritten('bits-allocated-negative-json', 'Bits Allocated -16 in DICOM JSON', (s) =>
    metadataSet(['00280100', 'Value', 0], -16)(s),
  );
  rewritten('samples-negative-json', 'Samples per Pixel -1 in DICOM JSON', (s) =>
    metadataSet(['00280002', 'Value', 0], -1)(s),
  );
  rewritten('frames-text-json', 'Number of Frames "many" in DICOM JSON', (s) =>
    metadataSet(['00280008'], { vr: 'IS', Value: ['many'] })(s),
  );
  rewritten('unknown-transfer-syntax', 'frames labelled with an unknown transfer syntax', (s) => [
    {
      path: `${literal(s)}/instances/[^/]+/frames/`,
      rewrite: {
        encoding: 'latin1',
        replace: [['transfer-syntax=[0-9.]+', 'g', 'transfer-syntax=1.2.840.10008.1.2.4.999']],
      },
    },
  ]);
  return classes;
}
