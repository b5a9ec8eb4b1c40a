/**
 * Test data for the development DICOMweb server, written by DCMTK (dump2dcm,
 * dcmcrle, dcmcjpeg) into a temporary folder: an independent writer, so the
 * tests check our reading against another implementation.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = '1.2.826.0.1.3680043.8.498.7701';
export const UID = {
  studyA: `${ROOT}.1`,
  seriesA1: `${ROOT}.1.1`,
  seriesA2: `${ROOT}.1.2`,
  sopA1: `${ROOT}.1.1.1`,
  sopA2: `${ROOT}.1.1.2`,
  sopA3: `${ROOT}.1.2.1`,
  studyB: `${ROOT}.2`,
  seriesB1: `${ROOT}.2.1`,
  sopB1: `${ROOT}.2.1.1`,
  studyC: `${ROOT}.3`,
  seriesC1: `${ROOT}.3.1`,
  sopBE: `${ROOT}.3.1.1`,
  sopRLE: `${ROOT}.3.1.2`,
  sopJPEG: `${ROOT}.3.1.3`,
  sopJPEGBot: `${ROOT}.3.1.4`,
  studyD: `${ROOT}.4`,
  seriesD1: `${ROOT}.4.1`,
  sopD1: `${ROOT}.4.1.1`,
  studyE: `${ROOT}.5`,
  seriesE1: `${ROOT}.5.1`,
  sopLarge: `${ROOT}.5.1.1`,
  sopDeflated: `${ROOT}.5.1.2`,
};

/** Deterministic 16-bit pixels (little endian bytes) for `frames` frames of rows x cols. */
export function pixels16(rows: number, cols: number, frames: number, seed: number): Buffer {
  const buf = Buffer.alloc(rows * cols * frames * 2);
  let x = seed;
  for (let i = 0; i < rows * cols * frames; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    buf.writeUInt16LE((x >> 8) & 0x0fff, i * 2);
  }
  return buf;
}

function dcmtk(tool: string, args: string[]): void {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${tool} failed (is DCMTK installed? apt-get install dcmtk): ${stderr || String(e)}`);
  }
}

interface Spec {
  lines: string[];
  xfer: '+te' | '+ti' | '+tb' | '+td';
  pixels?: Buffer;
  /** Encoding of the dump text (its bytes become the values). */
  encoding?: BufferEncoding;
}

function write(dir: string, name: string, spec: Spec): string {
  const dump = join(dir, `${name}.dump`);
  const lines = [...spec.lines];
  if (spec.pixels) {
    const raw = join(dir, `${name}.raw`);
    writeFileSync(raw, spec.pixels);
    lines.push(`(7fe0,0010) OW =${raw}`);
  }
  writeFileSync(dump, lines.join('\n') + '\n', spec.encoding ?? 'utf8');
  const out = join(dir, `${name}.dcm`);
  dcmtk('dump2dcm', ['-q', '+l', '65536', spec.xfer, dump, out]);
  return out;
}

const image = (rows: number, cols: number, frames: number) => [
  '(0028,0002) US 1',
  '(0028,0004) CS MONOCHROME2',
  ...(frames > 1 ? [`(0028,0008) IS ${frames}`, '(0028,0009) AT (0018,1063)', '(0018,1063) DS 33.3'] : []),
  `(0028,0010) US ${rows}`,
  `(0028,0011) US ${cols}`,
  '(0028,0100) US 16',
  '(0028,0101) US 12',
  '(0028,0102) US 11',
  '(0028,0103) US 0',
];

export interface Fixtures {
  dir: string;
  /** Native pixel data (little endian) by SOP Instance UID. */
  pixels: Record<string, Buffer>;
  files: Record<string, string>;
}

/** Writes the fixture files; needs DCMTK. */
export function makeFixtures(): Fixtures {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-dev-dicomweb-'));
  const work = mkdtempSync(join(tmpdir(), 'fovea-dev-dicomweb-src-'));
  const pixels: Record<string, Buffer> = {};
  const files: Record<string, string> = {};
  const studyA = (series: string, sop: string, n: number, modality: string) => [
    '(0008,0005) CS [ISO_IR 192]',
    '(0008,0016) UI =CTImageStorage',
    `(0008,0018) UI [${sop}]`,
    '(0008,0020) DA [20240115]',
    '(0008,0030) TM [101500]',
    '(0008,0050) SH [ACC-1]',
    `(0008,0060) CS [${modality}]`,
    '(0008,0090) PN [Referrer^Rita]',
    '(0008,1030) LO [CT Chest with contrast]',
    '(0010,0010) PN [Müller^Jürgen]',
    '(0010,0020) LO [PID-001]',
    '(0010,0030) DA [19700101]',
    '(0010,0040) CS [M]',
    `(0020,000d) UI [${UID.studyA}]`,
    `(0020,000e) UI [${series}]`,
    `(0020,0011) IS [${series === UID.seriesA1 ? 1 : 2}]`,
    `(0020,0013) IS [${n}]`,
  ];
  pixels[UID.sopA1] = pixels16(4, 3, 1, 1);
  files[UID.sopA1] = write(dir, 'a1', {
    xfer: '+te',
    pixels: pixels[UID.sopA1],
    lines: [
      ...studyA(UID.seriesA1, UID.sopA1, 1, 'CT'),
      '(0009,0010) LO [FOVEA TEST]',
      '(0009,1001) OB 01\\02\\03\\04',
      `(0009,1002) OB ${Array.from({ length: 2000 }, (_, i) => (i % 256).toString(16).padStart(2, '0')).join('\\')}`,
      '(0018,0050) DS [1.25]',
      '(0020,0032) DS [-125.5\\-130\\42]',
      '(0020,0037) DS [1\\0\\0\\0\\1\\0]',
      '(0008,1140) SQ (Sequence with explicit length #=1)',
      '(fffe,e000) na (Item with explicit length #=2)',
      '(0008,1150) UI =CTImageStorage',
      `(0008,1155) UI [${UID.sopA2}]`,
      '(fffe,e00d) na (ItemDelimitationItem for re-encoding)',
      '(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)',
      '(0018,9345) FD 12.5',
      '(0028,0030) DS [0.5\\0.75]',
      '(0028,1050) DS [40\\400]',
      '(0028,1051) DS [400\\1500]',
      ...image(4, 3, 1),
    ],
  });
  pixels[UID.sopA2] = pixels16(4, 3, 1, 2);
  files[UID.sopA2] = write(dir, 'a2', {
    xfer: '+ti',
    pixels: pixels[UID.sopA2],
    lines: [
      ...studyA(UID.seriesA1, UID.sopA2, 2, 'CT'),
      '(0020,0032) DS [-125.5\\-130\\43.25]',
      ...image(4, 3, 1).map((l) => l.replace('(0028,0103) US 0', '(0028,0103) US 1')),
      '(0028,0106) SS -5',
    ],
  });
  files[UID.sopA3] = write(dir, 'a3', {
    xfer: '+te',
    lines: studyA(UID.seriesA2, UID.sopA3, 1, 'SR').map((l) => l.replace('=CTImageStorage', '=BasicTextSRStorage')),
  });

  pixels[UID.sopB1] = pixels16(4, 4, 3, 3);
  files[UID.sopB1] = write(dir, 'b1', {
    xfer: '+te',
    encoding: 'latin1',
    pixels: pixels[UID.sopB1],
    lines: [
      '(0008,0005) CS [ISO_IR 100]',
      '(0008,0016) UI =MRImageStorage',
      `(0008,0018) UI [${UID.sopB1}]`,
      '(0008,0020) DA [20230601]',
      '(0008,0030) TM [143000.25]',
      '(0008,0060) CS [MR]',
      '(0008,1030) LO [Brain café]',
      '(0010,0010) PN [Ærø^Åse]',
      '(0010,0020) LO [PID-002]',
      `(0020,000d) UI [${UID.studyB}]`,
      `(0020,000e) UI [${UID.seriesB1}]`,
      '(0020,0013) IS [1]',
      ...image(4, 4, 3),
    ],
  });

  // Study C: big endian, RLE and JPEG lossless (fragmented) multi-frame images.
  const studyC = (sop: string, n: number) => [
    '(0008,0016) UI =SecondaryCaptureImageStorage',
    `(0008,0018) UI [${sop}]`,
    '(0008,0020) DA [20221201]',
    '(0008,0060) CS [OT]',
    '(0010,0010) PN [Codec^Carla]',
    '(0010,0020) LO [PID-003]',
    `(0020,000d) UI [${UID.studyC}]`,
    `(0020,000e) UI [${UID.seriesC1}]`,
    `(0020,0013) IS [${n}]`,
  ];
  pixels[UID.sopBE] = pixels16(4, 4, 2, 4);
  files[UID.sopBE] = write(dir, 'be', {
    xfer: '+tb',
    pixels: pixels[UID.sopBE],
    lines: [...studyC(UID.sopBE, 1), ...image(4, 4, 2)],
  });
  pixels[UID.sopRLE] = pixels16(8, 8, 3, 5);
  const rleSource = write(work, 'rle-src', {
    xfer: '+te',
    pixels: pixels[UID.sopRLE],
    lines: [...studyC(UID.sopRLE, 2), ...image(8, 8, 3)],
  });
  const rleFile = (files[UID.sopRLE] = join(dir, 'rle.dcm'));
  dcmtk('dcmcrle', ['-q', rleSource, rleFile]);
  pixels[UID.sopJPEG] = pixels16(64, 64, 2, 6);
  const jpegSource = write(work, 'jpeg-src', {
    xfer: '+te',
    pixels: pixels[UID.sopJPEG],
    lines: [...studyC(UID.sopJPEG, 3), ...image(64, 64, 2)],
  });
  const jpegFile = (files[UID.sopJPEG] = join(dir, 'jpeg.dcm'));
  dcmtk('dcmcjpeg', ['-q', '+fs', '1', '-ot', jpegSource, jpegFile]);
  pixels[UID.sopJPEGBot] = pixels[UID.sopJPEG]!;
  const jpegBotSource = write(work, 'jpeg-bot-src', {
    xfer: '+te',
    pixels: pixels[UID.sopJPEG],
    lines: [...studyC(UID.sopJPEGBot, 4), ...image(64, 64, 2)],
  });
  const jpegBotFile = (files[UID.sopJPEGBot] = join(dir, 'jpeg-bot.dcm'));
  dcmtk('dcmcjpeg', ['-q', '+fs', '1', '+ot', jpegBotSource, jpegBotFile]);

  // Study D: ISO 2022 Japanese person name (PS3.5 H.3.1 example), no pixel data.
  const jis = (s: string) => `\x1b$B${s}\x1b(B`;
  files[UID.sopD1] = write(dir, 'd1', {
    xfer: '+te',
    encoding: 'latin1',
    lines: [
      '(0008,0005) CS [\\ISO 2022 IR 87]',
      '(0008,0016) UI =SecondaryCaptureImageStorage',
      `(0008,0018) UI [${UID.sopD1}]`,
      '(0008,0020) DA [20200101]',
      '(0008,0060) CS [OT]',
      `(0010,0010) PN [Yamada^Tarou=${jis(';3ED')}^${jis('B@O:')}=${jis('$d$^$@')}^${jis('$?$m$&')}]`,
      '(0010,0020) LO [PID-004]',
      `(0020,000d) UI [${UID.studyD}]`,
      `(0020,000e) UI [${UID.seriesD1}]`,
    ],
  });
  // Study E: a file whose header alone is over the first 64 KiB read and whose
  // pixel data is 256 KiB, and a deflated file.
  const studyE = (sop: string, n: number) => [
    '(0008,0005) CS [ISO_IR 192]',
    '(0008,0016) UI =SecondaryCaptureImageStorage',
    `(0008,0018) UI [${sop}]`,
    '(0008,0020) DA [20190101]',
    '(0008,0060) CS [OT]',
    '(0010,0010) PN [Big^Deflo]',
    '(0010,0020) LO [PID-005]',
    `(0020,000d) UI [${UID.studyE}]`,
    `(0020,000e) UI [${UID.seriesE1}]`,
    `(0020,0013) IS [${n}]`,
  ];
  const bigPrivate = join(work, 'private.bin');
  writeFileSync(bigPrivate, Buffer.alloc(100_000, 0x5a));
  pixels[UID.sopLarge] = pixels16(256, 256, 2, 7);
  files[UID.sopLarge] = write(dir, 'large', {
    xfer: '+te',
    pixels: pixels[UID.sopLarge],
    lines: [
      ...studyE(UID.sopLarge, 1),
      '(0009,0010) LO [FOVEA TEST]',
      `(0009,1003) OB =${bigPrivate}`,
      ...image(256, 256, 2),
    ],
  });
  pixels[UID.sopDeflated] = pixels16(64, 64, 1, 8);
  files[UID.sopDeflated] = write(dir, 'deflated', {
    xfer: '+td',
    pixels: pixels[UID.sopDeflated],
    lines: [...studyE(UID.sopDeflated, 2), '(0008,1030) LO [Deflated]', ...image(64, 64, 1)],
  });
  writeFileSync(join(dir, 'not-dicom.dcm'), 'this is not a DICOM file');
  rmSync(work, { recursive: true, force: true });
  return { dir, pixels, files };
}

/** A strict multipart/related reader for tests: quoted boundary, CRLF framing, Content-Length checked. */
export function parseMultipartBody(
  body: Buffer,
  contentType: string,
): { headers: Record<string, string>; body: Buffer }[] {
  const boundary = /boundary="([^"]+)"/.exec(contentType)?.[1];
  if (!boundary) throw new Error('no quoted boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: Record<string, string>; body: Buffer }[] = [];
  let pos = 0;
  if (body.indexOf(delimiter) !== 0) throw new Error('body does not start with the boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 4).toString() === '--\r\n') break;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw new Error('bad delimiter line');
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const headers: Record<string, string> = {};
    for (const line of body
      .subarray(pos + 2, headerEnd)
      .toString()
      .split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const start = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw new Error('unterminated part');
    const part = body.subarray(start, next);
    if (headers['content-length'] !== undefined && Number(headers['content-length']) !== part.length)
      throw new Error('Content-Length mismatch');
    parts.push({ headers, body: part });
    pos = next + 2;
  }
  if (pos + 4 !== body.length) throw new Error('bytes after the closing delimiter');
  return parts;
}

/** Decodes one DICOM RLE frame (PS3.5 annex G) of 16-bit single-sample data to little endian bytes. */
export function decodeRle16(frame: Buffer, pixelCount: number): Buffer {
  const segments = frame.readUInt32LE(0);
  if (segments !== 2) throw new Error(`expected 2 RLE segments, got ${segments}`);
  const planes = [0, 1].map((s) => {
    const start = frame.readUInt32LE(4 + 4 * s);
    const end = s + 1 < segments ? frame.readUInt32LE(8 + 4 * s) : frame.length;
    const out: number[] = [];
    for (let i = start; i < end && out.length < pixelCount;) {
      const n = frame.readInt8(i++);
      if (n >= 0) for (let k = 0; k <= n; k++) out.push(frame[i++]!);
      else if (n !== -128) {
        const v = frame[i++]!;
        for (let k = 0; k < 1 - n; k++) out.push(v);
      }
    }
    return out;
  });
  const result = Buffer.alloc(pixelCount * 2);
  for (let i = 0; i < pixelCount; i++) result.writeUInt16LE((planes[0]![i]! << 8) | planes[1]![i]!, i * 2);
  return result;
}
