// What the fuzzer feeds: core's parsers through the paths a host's data takes
// (the DICOMweb client with a fetch that answers the mutated bytes), and the
// pure parsers directly. A target passes an input when it returns, or throws
// a FoveaError (the typed errors core promises); anything else is a crash.
// Some targets also check a property (no URL outside the origins, no
// identifier in a redacted URL): a broken property is a crash too.
import {
  buildMultipart,
  createDicomWebClient,
  describeUrl,
  DicomWebError,
  formatPersonName,
  getBinary,
  getItems,
  imageReferences,
  isCrossSectional,
  iidToQueries,
  parseDate,
  parseDateTime,
  parseIidRequest,
  parseMediaType,
  parseMultipart,
  parsePersonName,
  parseStowResponse,
  parseTime,
  readWholeParts,
  selectIidStudies,
  stripIidParams,
  transferSyntaxOfPart,
  type DicomJsonDataset,
  type DicomWebClient,
} from '@fovea-dicom/core';
import type { Rng } from './rng.js';

export interface FuzzTarget {
  name: string;
  seeds: readonly Uint8Array[];
  /** The seeds are JSON: structural mutations apply too. */
  json?: boolean;
  run(input: Uint8Array, rng: Rng): Promise<void>;
}

/** A broken property: counted as a crash, with its own message. */
export class PropertyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyViolation';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ORIGIN = 'http://fuzz.invalid';
const ROOT = `${ORIGIN}/dicom-web`;

/** A header value the platform accepts (fetch refuses CR, LF, NUL and code points over 0xFF). */
function headerValue(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\0]|[^\u0000-\u00ff]/g, ' ');
}

/** Splits an input into a first line (a Content-Type) and the rest (a body). */
function typeAndBody(input: Uint8Array): { type: string; body: Uint8Array } {
  const nl = input.indexOf(10);
  if (nl < 0) return { type: headerValue(decoder.decode(input)), body: new Uint8Array(0) };
  return { type: headerValue(decoder.decode(input.subarray(0, nl))), body: input.subarray(nl + 1) };
}

/** A stream of `bytes` in chunks whose sizes `rng` decides. */
function chunked(bytes: Uint8Array, rng: Rng): ReadableStream<Uint8Array> {
  let at = 0;
  const sizes = [1, 2, 3, 7, 64, 1000, 65536];
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = rng.pick(sizes);
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

/** A client whose every request is answered with `body` and `type` (and records the URLs it was asked). */
function answeringClient(body: Uint8Array, type: string, status = 200): { client: DicomWebClient; urls: string[] } {
  const urls: string[] = [];
  const client = createDicomWebClient({
    root: ROOT,
    retry: { retries: 0 },
    timeoutMs: 10_000,
    fetch: async (input) => {
      urls.push(String(input));
      return new Response(body.length ? (body as BodyInit) : null, {
        status,
        headers: type ? { 'Content-Type': type } : {},
      });
    },
  });
  return { client, urls };
}

/** Reads every getter of a view (and its prototypes'), as an element showing it would. */
function touch(view: object): void {
  for (
    let proto = Object.getPrototypeOf(view);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (descriptor.get && name !== 'dataset') {
        const value: unknown = descriptor.get.call(view);
        if (value && typeof value === 'object' && 'alphabetic' in value) formatPersonName(value as never);
      }
    }
  }
}

/** Walks a data set as the loaders do: every binary value, every item, recursively. */
function walk(dataset: DicomJsonDataset, depth = 0): void {
  if (depth > 64) return;
  for (const tag of Object.keys(dataset)) {
    getBinary(dataset, tag);
    for (const item of getItems(dataset, tag)) walk(item, depth + 1);
  }
}

const metadataSeed = [
  {
    '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4'] },
    '00080018': { vr: 'UI', Value: ['1.2.3.4.5.6.1'] },
    '00080020': { vr: 'DA', Value: ['20240229'] },
    '00080030': { vr: 'TM', Value: ['235959.999999'] },
    '00080060': { vr: 'CS', Value: ['MR'] },
    '0008103E': { vr: 'LO', Value: ['T1 axial'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane^^Dr^', Ideographic: '山田^太郎' }] },
    '00100020': { vr: 'LO', Value: ['MRN-1'] },
    '00100030': { vr: 'DA', Value: ['19700101'] },
    '0020000D': { vr: 'UI', Value: ['1.2.3'] },
    '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
    '00200011': { vr: 'IS', Value: [3] },
    '00200013': { vr: 'IS', Value: [1] },
    '00200032': { vr: 'DS', Value: [-120.5, -100, 42.25] },
    '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
    '00201041': { vr: 'DS', Value: [42.25] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280008': { vr: 'IS', Value: [2] },
    '00280010': { vr: 'US', Value: [256] },
    '00280011': { vr: 'US', Value: [256] },
    '00280030': { vr: 'DS', Value: [0.9, 0.9] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [12] },
    '00280103': { vr: 'US', Value: [0] },
    '00281050': { vr: 'DS', Value: [40, 400] },
    '00281051': { vr: 'DS', Value: [80, 1500] },
    '00281052': { vr: 'DS', Value: [-1024] },
    '00281053': { vr: 'DS', Value: [1] },
    '00281055': { vr: 'LO', Value: ['BRAIN', 'BONE'] },
    '00283010': {
      vr: 'SQ',
      Value: [
        {
          '00283002': { vr: 'US', Value: [4096, 0, 12] },
          '00283003': { vr: 'LO', Value: ['GAMMA'] },
          '00283006': {
            vr: 'OW',
            BulkDataURI: `${ROOT}/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5.6.1/bulk/00283010/0/00283006`,
          },
        },
        { '00283002': { vr: 'US', Value: [4, 0, 8] }, '00283006': { vr: 'OW', InlineBinary: 'AAECAw==' } },
      ],
    },
    '7FE00010': { vr: 'OW', BulkDataURI: 'bulk/7FE00010' },
  },
];
metadataSeed.push({
  ...metadataSeed[0]!,
  '00080018': { vr: 'UI', Value: ['1.2.3.4.5.6.2'] },
  '00200032': { vr: 'DS', Value: [-120.5, -100, 44.25] },
  '00200013': { vr: 'IS', Value: [2] },
});

const studiesSeed = [
  {
    '00080020': { vr: 'DA', Value: ['20240101'] },
    '00080050': { vr: 'SH', Value: ['ACC-1'] },
    '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
    '00081030': { vr: 'LO', Value: ['Abdomen'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jürgen' }] },
    '00100020': { vr: 'LO', Value: ['FOVEA-0001'] },
    '0020000D': { vr: 'UI', Value: ['1.2.3'] },
    '00201206': { vr: 'IS', Value: [5] },
    '00201208': { vr: 'IS', Value: [120] },
  },
];

const json = (value: unknown) => encoder.encode(JSON.stringify(value));
const text = (value: string) => encoder.encode(value);

function multipartSeed(type: string, parts: { contentType: string; body: string }[], boundary = 'B'): Uint8Array {
  const built = buildMultipart(
    parts.map((p) => ({ contentType: p.contentType, body: encoder.encode(p.body) })),
    'application/octet-stream',
    boundary,
  );
  const body = new Uint8Array(built.body);
  const out = new Uint8Array(type.length + 1 + body.length);
  out.set(encoder.encode(`${type}\n`), 0);
  out.set(body, type.length + 1);
  return out;
}

const multipartSeeds = [
  multipartSeed('multipart/related; type="application/octet-stream"; boundary=B', [
    { contentType: 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', body: 'PIXELS\r\n--notB' },
  ]),
  multipartSeed(
    'multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.80"; boundary="a b"',
    [
      { contentType: 'image/jls', body: '\u00ff\u00d8JLS' },
      { contentType: 'application/octet-stream', body: 'second' },
    ],
    'a b',
  ),
  multipartSeed(
    'multipart/related; type="application/octet-stream"',
    [{ contentType: 'image/jpeg', body: 'JPEG' }],
    'X',
  ),
  text('application/octet-stream\nRAW-BYTES'),
];

const iidSeeds = [
  'requestType=STUDY&studyUID=1.2.3,1.2.4&accessionNumber=A1&viewerType=IHE_BIR&diagnosticQuality=true',
  'requestType=PATIENT&patientID=123%5E%5E%5E%261.2.3%26ISO&patientName=Doe%5EJohn&patientBirthDate=19700101&lowerDateTime=2020-01-01T00:00:00Z&upperDateTime=2024-12-31T23:59:59&mostRecentResults=3&modalitiesInStudy=CT,MR&keyImagesOnly=false',
  'requestType=PATIENT&patientID=A%5C.T%5C',
].map(text);

const urlSeeds = [
  `${ROOT}/studies/1.2.3/series/4.5/instances/6.7/frames/1,2?imageSetId=abc`,
  'bulk/1',
  '/dicom-web/studies/1.2/bulk',
  'http://other.invalid/internal/studies/1.2/series/3/bulk/7FE00010',
  'javascript:alert(1)',
  'http://user:pw@fuzz.invalid/x',
  '//evil.invalid/x',
].map(text);

/**
 * The local-files entry, loaded beside the worker's start rather than before it (a restarted
 * worker must be ready within the planted test's bound); the local target waits for it.
 */
const localEntry = import('@fovea-dicom/core/local');

/** One Explicit VR Little Endian element (long form for OB, OW, SQ, UN, UT, the short one otherwise). */
function p10Element(group: number, element: number, vr: string, value: Uint8Array): Uint8Array {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const out = new Uint8Array((long ? 12 : 8) + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, element, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  out.set(value, long ? 12 : 8);
  return out;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A Part 10 file: preamble, file meta, then `body` (elements in tag order). */
function p10File(transferSyntax: string, body: Uint8Array[]): Uint8Array {
  const even = (t: string) => text(t.length % 2 ? `${t}\0` : t);
  const meta = p10Element(2, 0x10, 'UI', even(transferSyntax));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, meta.length, true);
  const preamble = new Uint8Array(132);
  preamble.set(text('DICM'), 128);
  return concatBytes([preamble, p10Element(2, 0, 'UL', length), meta, ...body]);
}

/** Small Part 10 files for the local reader: a native image, an encapsulated (RLE) two-frame one, an SR. */
function localSeeds(): Uint8Array[] {
  const ui = (v: string) => text(v.length % 2 ? `${v}\0` : v);
  const us = (v: number) => new Uint8Array([v & 0xff, v >> 8]);
  const header = (n: number, frames: number) => [
    p10Element(0x0008, 0x0016, 'UI', ui('1.2.840.10008.5.1.4.1.1.7')),
    p10Element(0x0008, 0x0018, 'UI', ui(`2.25.7000${n}`)),
    p10Element(0x0008, 0x0060, 'CS', text('OT')),
    p10Element(0x0010, 0x0020, 'LO', text('FUZZ')),
    p10Element(0x0020, 0x000d, 'UI', ui('2.25.7001')),
    p10Element(0x0020, 0x000e, 'UI', ui(`2.25.7002${n}`)),
    p10Element(0x0028, 0x0002, 'US', us(1)),
    p10Element(0x0028, 0x0004, 'CS', text('MONOCHROME2 ')),
    p10Element(0x0028, 0x0008, 'IS', text(`${frames} `.slice(0, 2))),
    p10Element(0x0028, 0x0010, 'US', us(4)),
    p10Element(0x0028, 0x0011, 'US', us(4)),
    p10Element(0x0028, 0x0100, 'US', us(8)),
    p10Element(0x0028, 0x0101, 'US', us(8)),
    p10Element(0x0028, 0x0102, 'US', us(7)),
    p10Element(0x0028, 0x0103, 'US', us(0)),
  ];
  const item = (element: number, value: Uint8Array) => {
    const head = new Uint8Array(8);
    const view = new DataView(head.buffer);
    view.setUint16(0, 0xfffe, true);
    view.setUint16(2, element, true);
    view.setUint32(4, value.length, true);
    return concatBytes([head, value]);
  };
  // An RLE frame of one segment: a 64-byte header (1 segment at offset 64), then a run of 16 equal bytes.
  const rle = (value: number) => {
    const frame = new Uint8Array(66);
    new DataView(frame.buffer).setUint32(0, 1, true);
    new DataView(frame.buffer).setUint32(4, 64, true);
    frame[64] = 256 - 15;
    frame[65] = value;
    return frame;
  };
  const encapsulated = concatBytes([
    Uint8Array.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff]),
    item(0xe000, new Uint8Array(0)),
    item(0xe000, rle(10)),
    item(0xe000, rle(200)),
    item(0xe0dd, new Uint8Array(0)),
  ]);
  return [
    p10File('1.2.840.10008.1.2.1', [
      ...header(1, 1),
      p10Element(
        0x7fe0,
        0x0010,
        'OB',
        Uint8Array.from({ length: 16 }, (_, i) => i * 16),
      ),
    ]),
    p10File('1.2.840.10008.1.2.5', [...header(2, 2), encapsulated]),
    p10File('1.2.840.10008.1.2.1', [
      p10Element(0x0008, 0x0016, 'UI', ui('1.2.840.10008.5.1.4.1.1.88.11')),
      p10Element(0x0008, 0x0018, 'UI', ui('2.25.70003')),
      p10Element(0x0020, 0x000d, 'UI', ui('2.25.7001')),
      p10Element(0x0020, 0x000e, 'UI', ui('2.25.70023')),
    ]),
  ];
}

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'multipart stream (parseMultipart, chunked)',
    seeds: multipartSeeds,
    async run(input, rng) {
      const { type, body } = typeAndBody(input);
      for await (const part of parseMultipart(chunked(body, rng), type)) transferSyntaxOfPart(part.contentType);
    },
  },
  {
    name: 'multipart whole (readWholeParts)',
    seeds: multipartSeeds,
    async run(input) {
      const { type, body } = typeAndBody(input);
      for (const part of await readWholeParts(new Response(body as BodyInit), type || null))
        transferSyntaxOfPart(part.contentType);
    },
  },
  {
    name: 'frames answer (DicomWebClient.retrieveFrames)',
    seeds: multipartSeeds,
    async run(input, rng) {
      const { type, body } = typeAndBody(input);
      const { client } = answeringClient(body, type);
      const frames = rng.chance(0.5) ? [1] : [1, 2, 3];
      const ref = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5' };
      await client.retrieveFrames(ref, frames);
    },
  },
  {
    name: 'bulk data answer (DicomWebClient.retrieveBulkData)',
    seeds: multipartSeeds,
    async run(input) {
      const { type, body } = typeAndBody(input);
      await answeringClient(body, type).client.retrieveBulkData('bulk/1');
    },
  },
  {
    name: 'series metadata (DICOM JSON model, views, stack order)',
    seeds: [json(metadataSeed)],
    json: true,
    async run(input) {
      const { client } = answeringClient(input, 'application/dicom+json');
      const instances = await client.retrieveSeriesMetadata('1.2.3', '1.2.3.4');
      for (const instance of instances) {
        touch(instance);
        walk(instance.dataset);
      }
      isCrossSectional(instances);
      for (const ref of imageReferences(client, instances)) describeUrl(ref.url);
    },
  },
  {
    name: 'study search (QIDO JSON, views, IID selection)',
    seeds: [json(studiesSeed)],
    json: true,
    async run(input) {
      const { client } = answeringClient(input, 'application/dicom+json');
      const studies = await client.searchStudies({ PatientID: 'FOVEA-0001' });
      for (const study of studies) touch(study);
      selectIidStudies(studies, parseIidRequest(decoder.decode(iidSeeds[1])));
    },
  },
  {
    name: 'IID request (parseIidRequest, queries, URL stripping)',
    seeds: iidSeeds,
    async run(input) {
      const query = decoder.decode(input);
      stripIidParams(`http://host.invalid/viewer?${query}`);
      iidToQueries(parseIidRequest(query));
    },
  },
  {
    name: 'STOW-RS answer (parseStowResponse)',
    seeds: [
      json({
        '00081190': { vr: 'UR', Value: ['http://x/studies/1'] },
        '00081198': {
          vr: 'SQ',
          Value: [{ '00081150': { vr: 'UI', Value: ['1.2'] }, '00081197': { vr: 'US', Value: [272] } }],
        },
        '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.3'] } }] },
      }),
    ],
    json: true,
    async run(input) {
      parseStowResponse(decoder.decode(input));
    },
  },
  {
    name: 'values (media types, person names, dates, times)',
    seeds: [
      'multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.50"; boundary=x',
      'Doe^Jane^M^Dr^Jr=山田^太郎=やまだ^たろう',
      '20240229',
      '235959.123456',
      '20240229235959.123456+0100',
    ].map(text),
    async run(input) {
      const value = decoder.decode(input);
      parseMediaType(value);
      transferSyntaxOfPart(value);
      formatPersonName(parsePersonName(value));
      parseDate(value);
      parseTime(value);
      parseDateTime(value);
    },
  },
  {
    name: 'local files (LocalDicomSource: header, studies, frames by byte range)',
    seeds: localSeeds(),
    async run(input) {
      const { LocalDicomSource } = await localEntry;
      const source = new LocalDicomSource();
      await source.add([{ path: 'f', file: new Blob([input as BlobPart]) }]);
      await source.searchStudies();
      for (const record of source.instances) {
        await source.retrieveSeriesMetadata(record.instance.studyInstanceUid, record.instance.seriesInstanceUid);
        const frames = Math.min(2, record.instance.numberOfFrames);
        for (let frame = 1; frame <= frames; frame++) await source.retrieveFrames(record.instance, [frame]);
      }
    },
  },
  {
    name: 'URLs from data (bulkDataUrl origin policy, describeUrl redaction)',
    seeds: urlSeeds,
    async run(input) {
      const uri = decoder.decode(input);
      const { client } = answeringClient(new Uint8Array(0), '');
      try {
        const url = client.bulkDataUrl(uri);
        const parsed = new URL(url, ORIGIN);
        if (parsed.origin !== ORIGIN || parsed.username || parsed.password)
          throw new PropertyViolation(
            `bulkDataUrl let ${JSON.stringify(uri.slice(0, 80))} through as ${url.slice(0, 80)}`,
          );
      } catch (error) {
        if (!(error instanceof DicomWebError) || error.code !== 'untrusted-url') throw error;
      }
      const shown = describeUrl(uri).url;
      // The origin is not an identifier (a host may well be 10.0.0.7): only the path and query are checked.
      const [path = '', query] = shown.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, '').split('?');
      for (const segment of path.split('/')) {
        let decoded = segment;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          // kept as is
        }
        if (/^\d+(\.\d+)+$/.test(decoded))
          throw new PropertyViolation(`describeUrl kept a UID-like segment: ${JSON.stringify(shown.slice(0, 120))}`);
      }
      if (query !== undefined && query.split('&').some((kv) => !kv.endsWith('=…')))
        throw new PropertyViolation(`describeUrl kept a query value: ${JSON.stringify(shown.slice(0, 120))}`);
    },
  },
];
