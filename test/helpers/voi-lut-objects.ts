// Deterministic test images with a VOI LUT Sequence (written with the demo's
// dicom-writer): 64 x 64 pixels in eight vertical bands of known stored values.
// Shared by the browser test (canvas against the LUTs) and the node test
// (dcmtk's rendering against the same expectations).
import { dataset, writeDicomFile, type DatasetEntry } from '@fovea-dicom/demo/sample/dicom-writer.js';

export const PATIENT = 'FOVEA-VOILUT';
const ROOT = '2.25.318000000000000000000000000001';
export const STUDY = `${ROOT}.1`;
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
export const SIZE = 64;
export const BAND = SIZE / 8;

/** A VOI LUT as written: entries from `first` on, `bits` per entry. */
export interface Lut {
  first: number;
  bits: number;
  data: number[];
  explanation?: string;
  /** Write 8-bit entries packed into OW bytes (two per word). */
  packed?: boolean;
}

/** What a LUT shows for a modality value: its entry scaled from 0..2^bits-1 to 0..255, clamped at both ends. */
export function expectedGrey(lut: Lut, value: number): number {
  const i = Math.min(lut.data.length - 1, Math.max(0, value - lut.first));
  return (lut.data[i]! * 255) / (2 ** lut.bits - 1);
}

const ramp = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => Math.round(f(i)));

// 16-bit unsigned, 12 bits stored: a gamma curve and an eight-step staircase (edges at multiples of 512).
export const GAMMA: Lut = {
  first: 0,
  bits: 12,
  data: ramp(4096, (i) => 4095 * (i / 4095) ** 0.4),
  explanation: 'GAMMA',
};
export const STEPS: Lut = {
  first: 0,
  bits: 12,
  data: ramp(4096, (i) => Math.floor(i / 512) * 585),
  explanation: 'STEPS',
};
// A LUT whose largest entry is far below 2^bits - 1: Cornerstone's unpatched CPU path doubled it.
const DIM: Lut = { first: 0, bits: 12, data: ramp(4096, (i) => (i / 4095) ** 2 * 1500), explanation: 'DIM' };
// Signed pixels with Rescale Intercept -1024: the LUT starts at -1600 (SS), 16 bits, a sigmoid.
const SIGNED: Lut = { first: -1600, bits: 16, data: ramp(1200, (i) => 65535 / (1 + Math.exp(-(i - 600) / 120))) };
// 8-bit entries packed two per OW word, over 8-bit pixels: a square curve.
const BYTES: Lut = { first: 0, bits: 8, data: ramp(256, (i) => (i * i) / 255), explanation: 'SQUARE', packed: true };

export interface TestImage {
  name: string;
  series: string;
  /** Stored values of the eight vertical bands. */
  stored: number[];
  intercept: number;
  luts: Lut[];
  monochrome1?: boolean;
  signed?: boolean;
  bits8?: boolean;
  window?: [number, number, string];
}

export const IMAGES: TestImage[] = [
  {
    name: 'unsigned 12-bit with a window',
    series: `${ROOT}.2.1`,
    stored: [0, 100, 511, 512, 1500, 2047, 3000, 4095],
    intercept: 0,
    luts: [GAMMA, STEPS, DIM],
    window: [2048, 4096, 'LINEAR'],
  },
  {
    name: 'signed with rescale',
    series: `${ROOT}.2.2`,
    stored: [-1000, -500, -100, 0, 100, 500, 800, 1000],
    intercept: -1024,
    luts: [SIGNED],
    signed: true,
  },
  {
    name: '8-bit entries',
    series: `${ROOT}.2.3`,
    stored: [0, 16, 64, 100, 128, 180, 220, 255],
    intercept: 0,
    luts: [BYTES],
    bits8: true,
  },
  {
    name: 'MONOCHROME1',
    series: `${ROOT}.2.4`,
    stored: [0, 100, 511, 512, 1500, 2047, 3000, 4095],
    intercept: 0,
    luts: [GAMMA],
    monochrome1: true,
  },
];

function lutItem(lut: Lut): ReturnType<typeof dataset> {
  let data: Uint8Array | Uint16Array;
  if (lut.packed) {
    data = Uint8Array.from(lut.data);
  } else {
    data = Uint16Array.from(lut.data);
  }
  return dataset([
    [0x00283002, lut.first < 0 ? 'SS' : 'US', [lut.data.length === 65536 ? 0 : lut.data.length, lut.first, lut.bits]],
    ...(lut.explanation ? [[0x00283003, 'LO', lut.explanation] as const] : []),
    [0x00283006, 'OW', data],
  ]);
}

export function file(image: TestImage, i: number): Uint8Array {
  const pixels = image.bits8
    ? new Uint8Array(SIZE * SIZE)
    : image.signed
      ? new Int16Array(SIZE * SIZE)
      : new Uint16Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) pixels[y * SIZE + x] = image.stored[Math.floor(x / BAND)]!;
  const bits = image.bits8 ? 8 : image.signed ? 16 : 12;
  const entries: DatasetEntry[] = [
    [0x00080016, 'UI', SECONDARY_CAPTURE],
    [0x00080018, 'UI', `${image.series}.1`],
    [0x00080020, 'DA', '20240101'],
    [0x00080060, 'CS', 'OT'],
    [0x0008103e, 'LO', image.name],
    [0x00100010, 'PN', 'Voilut^Test'],
    [0x00100020, 'LO', PATIENT],
    [0x0020000d, 'UI', STUDY],
    [0x0020000e, 'UI', image.series],
    [0x00200011, 'IS', i + 1],
    [0x00200013, 'IS', 1],
    [0x00280002, 'US', 1],
    [0x00280004, 'CS', image.monochrome1 ? 'MONOCHROME1' : 'MONOCHROME2'],
    [0x00280010, 'US', SIZE],
    [0x00280011, 'US', SIZE],
    [0x00280100, 'US', image.bits8 ? 8 : 16],
    [0x00280101, 'US', bits],
    [0x00280102, 'US', bits - 1],
    [0x00280103, 'US', image.signed ? 1 : 0],
    ...(image.window
      ? ([
          [0x00281050, 'DS', image.window[0]],
          [0x00281051, 'DS', image.window[1]],
        ] as const)
      : []),
    [0x00281052, 'DS', image.intercept],
    [0x00281053, 'DS', 1],
    ...(image.window ? [[0x00281055, 'LO', image.window[2]] as const] : []),
    [0x00283010, 'SQ', image.luts.map(lutItem)],
    [
      0x7fe00010,
      image.bits8 ? 'OB' : 'OW',
      image.bits8 ? (pixels as Uint8Array) : (pixels as Uint16Array | Int16Array),
    ],
  ] as DatasetEntry[];
  return writeDicomFile(dataset(entries));
}
