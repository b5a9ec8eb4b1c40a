import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DicomJsonDataset } from '../model/json.js';
import { Instance } from '../model/views.js';
import { frameAttributes } from '../model/frames.js';
import { frameEncoding, nativeFrameBytes, pixelFormat, type PixelFormat } from './format.js';
import { ImageError } from './image-error.js';
import { decodeRle } from './rle.js';
import { modalityValues, nativeSamples, normaliseFrame, paletteRgb, rgbValues, storedValues } from './samples.js';

const us = (v: number) => ({ vr: 'US', Value: [v] });
const cs = (v: string) => ({ vr: 'CS', Value: [v] });

function header(overrides: DicomJsonDataset = {}): DicomJsonDataset {
  return {
    '00280010': us(4),
    '00280011': us(4),
    '00280002': us(1),
    '00280004': cs('MONOCHROME2'),
    '00280100': us(16),
    '00280101': us(12),
    '00280102': us(11),
    '00280103': us(0),
    ...overrides,
  };
}

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImageError) return error.reason;
    throw error;
  }
  return undefined;
}

function format(overrides: Partial<PixelFormat> = {}): PixelFormat {
  return {
    rows: 2,
    columns: 2,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 0,
    planarConfiguration: 0,
    ...overrides,
  };
}

describe('pixelFormat: a header that cannot describe a displayable image is an ImageError', () => {
  it('reads a valid header', () => {
    const f = pixelFormat(header());
    assert.deepEqual(f, format({ rows: 4, columns: 4, bitsStored: 12, highBit: 11 }));
  });
  for (const [what, overrides, expected] of [
    ['no Rows', { '00280010': undefined }, 'geometry'],
    ['Rows 0', { '00280010': us(0) }, 'geometry'],
    ['negative Columns', { '00280011': us(-4) }, 'geometry'],
    ['65535 x 65535', { '00280010': us(65535), '00280011': us(65535) }, 'geometry'],
    ['Bits Allocated 12', { '00280100': us(12) }, 'bits'],
    ['Bits Allocated 64', { '00280100': us(64) }, 'bits'],
    ['Bits Stored above Bits Allocated', { '00280101': us(17) }, 'bits'],
    ['3 samples with MONOCHROME2', { '00280002': us(3) }, 'samples'],
    ['no Photometric Interpretation', { '00280004': undefined }, 'photometric'],
    ['an unknown Photometric Interpretation', { '00280004': cs('HSV') }, 'photometric'],
    ['PALETTE COLOR without tables', { '00280004': cs('PALETTE COLOR') }, 'palette'],
    [
      '32-bit RGB',
      { '00280004': cs('RGB'), '00280002': us(3), '00280100': us(32), '00280101': us(32), '00280102': us(31) },
      'bits',
    ],
  ] as const) {
    it(`refuses ${what}`, () =>
      assert.equal(
        reason(() => pixelFormat(header(overrides))),
        expected,
      ));
  }
  it('infers Samples per Pixel from the photometric interpretation when absent', () => {
    assert.equal(
      pixelFormat(
        header({
          '00280002': undefined,
          '00280004': cs('RGB'),
          '00280100': us(8),
          '00280101': us(8),
          '00280102': us(7),
        }),
      ).samplesPerPixel,
      3,
    );
  });
  it('knows the encodings of the transfer syntaxes and refuses others', () => {
    assert.equal(frameEncoding('1.2.840.10008.1.2.1'), 'native');
    assert.equal(frameEncoding('1.2.840.10008.1.2.2'), 'native-big-endian');
    assert.equal(frameEncoding('1.2.840.10008.1.2.5'), 'rle');
    assert.equal(frameEncoding('1.2.840.10008.1.2.4.80'), 'codec');
    assert.equal(
      reason(() => frameEncoding('1.2.840.10008.1.2.4.100')),
      'transfer-syntax',
    );
    assert.equal(
      reason(() => frameEncoding('1.2.3.4')),
      'transfer-syntax',
    );
  });
  it('sizes native frames (YBR_FULL_422 two samples a pixel, 1 bit packed)', () => {
    assert.equal(nativeFrameBytes(format({ rows: 3, columns: 5 })), 30);
    assert.equal(
      nativeFrameBytes(
        format({
          samplesPerPixel: 3,
          photometricInterpretation: 'YBR_FULL_422',
          bitsAllocated: 8,
          bitsStored: 8,
          highBit: 7,
        }),
      ),
      8,
    );
    assert.equal(nativeFrameBytes(format({ rows: 3, columns: 3, bitsAllocated: 1, bitsStored: 1, highBit: 0 })), 2);
  });
});

describe('storedValues: the dataset decides sign and bits, not the decoder', () => {
  it('sign-extends an unsigned JPEG 2000 output at 13 bits stored (63536 is -2000)', () => {
    const out = storedValues(
      format({ bitsStored: 13, highBit: 12, pixelRepresentation: 1 }),
      Uint16Array.of(63536, 2000, 0x0fff, 0x1000),
      true,
    );
    assert.ok(out instanceof Int16Array);
    assert.deepEqual([...out], [-2000, 2000, 4095, -4096]);
  });
  it('keeps signed decoder output as it is, also when retyped to 8 bits', () => {
    const raw = Int8Array.of(-5, 5);
    assert.equal(storedValues(format({ bitsStored: 13, highBit: 12, pixelRepresentation: 1 }), raw, true), raw);
  });
  it('keeps a lossy codec overshooting Bits Stored (4099 at 12 bits), and reads negative output of unsigned data as its pattern', () => {
    const raw = Uint16Array.of(4099, 0);
    assert.equal(storedValues(format({ bitsStored: 12, highBit: 11 }), raw, true), raw);
    assert.deepEqual(
      [...storedValues(format({ bitsStored: 16, highBit: 15 }), Int16Array.of(-1, 4099), true)],
      [65535, 4099],
    );
  });
  it('sign-extends native words from Bits Stored', () => {
    assert.deepEqual(
      [...storedValues(format({ bitsStored: 13, highBit: 12, pixelRepresentation: 1 }), Uint16Array.of(63536, 0x1000))],
      [-2000, -4096],
    );
  });
  it('masks bits above Bits Stored (overlay bits) of unsigned samples', () => {
    assert.deepEqual(
      [...storedValues(format({ bitsStored: 12, highBit: 11 }), Uint16Array.of(0xf123, 0x0fff))],
      [0x123, 0xfff],
    );
  });
  it('reads the bits below High Bit when High Bit is not Bits Stored - 1', () => {
    assert.deepEqual([...storedValues(format({ bitsStored: 12, highBit: 15 }), Uint16Array.of(0xabc0))], [0xabc]);
  });
  it('keeps 32-bit values exact', () => {
    const raw = Uint32Array.of(0xffffffff, 7);
    assert.deepEqual(
      [...storedValues(format({ bitsAllocated: 32, bitsStored: 32, highBit: 31 }), raw)],
      [0xffffffff, 7],
    );
    assert.deepEqual(
      [...storedValues(format({ bitsAllocated: 32, bitsStored: 32, highBit: 31, pixelRepresentation: 1 }), raw)],
      [-1, 7],
    );
  });
  it('returns the decoder output itself when nothing is to change', () => {
    const raw = Uint16Array.of(1, 2, 3, 4);
    assert.equal(storedValues(format(), raw), raw);
  });
});

describe('colour', () => {
  const rgb8 = format({
    samplesPerPixel: 3,
    photometricInterpretation: 'RGB',
    bitsAllocated: 8,
    bitsStored: 8,
    highBit: 7,
  });
  it('interleaves planar native frames', () => {
    const planar = Uint8Array.of(1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);
    const out = rgbValues({ ...rgb8, planarConfiguration: 1 }, planar, { convertYbr: false, planar: true });
    assert.deepEqual([...out.subarray(0, 6)], [1, 11, 21, 2, 12, 22]);
  });
  it('converts YBR_FULL to RGB (grey stays grey, pure colours within one level)', () => {
    const ybr = { ...rgb8, photometricInterpretation: 'YBR_FULL' as const, rows: 1, columns: 2 };
    // RGB (255, 0, 0) and (128, 128, 128) in YBR_FULL (PS3.3 C.7.6.3.1.2), rounded.
    const out = rgbValues(ybr, Uint8Array.of(76, 85, 255, 128, 128, 128), { convertYbr: true, planar: false });
    assert.ok(Math.abs(out[0]! - 255) <= 1 && out[1]! <= 1 && out[2]! <= 1, `${[...out]}`);
    assert.deepEqual([...out.subarray(3)], [128, 128, 128]);
  });
  it('upsamples native YBR_FULL_422 (Y1 Y2 Cb Cr)', () => {
    const f = { ...rgb8, photometricInterpretation: 'YBR_FULL_422' as const, rows: 1, columns: 2 };
    assert.deepEqual(
      [...rgbValues(f, Uint8Array.of(50, 200, 128, 128), { convertYbr: true, planar: false })],
      [50, 50, 50, 200, 200, 200],
    );
  });
  it('keeps 16-bit RGB values and draws their top 8 bits', () => {
    const f = format({ samplesPerPixel: 3, photometricInterpretation: 'RGB', rows: 1, columns: 1 });
    const frame = normaliseFrame(f, Uint16Array.of(65535, 32768, 256), {
      convertYbr: false,
      planar: false,
      decoded: false,
      rescaleSlope: 1,
      rescaleIntercept: 0,
    });
    assert.deepEqual([...frame.values], [65535, 32768, 256]);
    assert.deepEqual([...frame.display], [255, 128, 1]);
  });
  it('drops the alpha of a decoder giving RGBA', () => {
    const f = { ...rgb8, rows: 1, columns: 1 };
    assert.deepEqual([...rgbValues(f, Uint8Array.of(1, 2, 3, 255), { convertYbr: false, planar: false })], [1, 2, 3]);
  });
  it('maps palette indices through 16-bit tables (high byte), clamping outside the range', () => {
    const table = { firstMapped: 10, entries: 3, bits: 16, data: [0x0000, 0x8000, 0xff00] };
    const out = paletteRgb(Uint8Array.of(9, 10, 11, 12, 13), [
      table,
      table,
      { ...table, data: [0x0100, 0x0200, 0x0300] },
    ]);
    assert.deepEqual([...out], [0, 0, 1, 0, 0, 1, 128, 128, 2, 255, 255, 3, 255, 255, 3]);
  });
  it('refuses a palette table shorter than its descriptor', () => {
    const table = { firstMapped: 0, entries: 256, bits: 8, data: [1, 2] };
    assert.equal(
      reason(() => paletteRgb(Uint8Array.of(0), [table, table, table])),
      'palette',
    );
  });
});

describe('normaliseFrame and the modality transform', () => {
  it('applies integer rescale in 16 bits and fractional rescale as floats', () => {
    const integer = modalityValues(Uint16Array.of(0, 2000), 1, -1024);
    assert.ok(integer.values instanceof Int16Array && integer.applied);
    assert.deepEqual([...integer.values], [-1024, 976]);
    const fractional = modalityValues(Uint16Array.of(0, 3), 0.5, 1);
    assert.ok(fractional.values instanceof Float32Array);
    assert.deepEqual([...fractional.values], [1, 2.5]);
    const none = Uint16Array.of(1);
    assert.equal(modalityValues(none, 1, 0).values, none);
  });
  it('writes into the stored array only when asked to and the values fit its type', () => {
    const stored = Int16Array.of(-2000, 7, 1234);
    const copy = Int16Array.from(stored);
    const fresh = modalityValues(stored, 1, -1024);
    assert.notEqual(fresh.values, stored);
    assert.deepEqual([...stored], [...copy], 'left as it was without reuse');
    const reused = modalityValues(stored, 1, -1024, true);
    assert.equal(reused.values, stored);
    assert.deepEqual([...reused.values], [...fresh.values]);
    assert.deepEqual([reused.min, reused.max], [fresh.min, fresh.max]);
    // Values that do not fit the stored type go to a new array, reuse or not.
    const small = Uint8Array.of(0, 255);
    const wide = modalityValues(small, 1, -1024, true);
    assert.ok(wide.values instanceof Int16Array);
    assert.deepEqual([...small], [0, 255]);
    const fractional = modalityValues(Int16Array.of(2, 4), 0.5, 0, true);
    assert.ok(fractional.values instanceof Float32Array);
  });
  it('normaliseFrame writes into raw with reuse, and gives the same frame', () => {
    const f = format({ rows: 1, columns: 3, pixelRepresentation: 1 });
    const options = { convertYbr: false, planar: false, decoded: true, rescaleSlope: 1, rescaleIntercept: -1024 };
    const raw = Int16Array.of(-2000, 7, 1234);
    const plain = normaliseFrame(f, Int16Array.from(raw), options);
    const reused = normaliseFrame(f, raw, { ...options, reuse: true });
    assert.equal(reused.values, raw);
    assert.deepEqual([...reused.values], [...plain.values]);
    assert.deepEqual([reused.min, reused.max, reused.modalityLutApplied], [plain.min, plain.max, true]);
  });
  it('gives the range of the values it made, float32-rounded where they are float32', () => {
    const stored = Int16Array.of(-2000, 7, 1234, -5, 32767, 3);
    for (const [slope, intercept] of [
      [1, -1024],
      [-2, 5],
      [0.1, -1000.3],
      [1, 0],
      [3, 70000],
    ] as const) {
      const { values, min, max } = modalityValues(stored, slope, intercept);
      assert.equal(min, Math.min(...values), `min for ${slope}, ${intercept}`);
      assert.equal(max, Math.max(...values), `max for ${slope}, ${intercept}`);
    }
    assert.deepEqual(
      { ...modalityValues(new Uint16Array(0), 2, 1), values: undefined },
      {
        values: undefined,
        applied: true,
        min: 0,
        max: 0,
      },
    );
  });
  it('draws 32-bit integers as floats and keeps the exact values', () => {
    const f = format({ rows: 1, columns: 2, bitsAllocated: 32, bitsStored: 32, highBit: 31 });
    const frame = normaliseFrame(f, Uint32Array.of(4294967295, 1), {
      convertYbr: false,
      planar: false,
      decoded: false,
      rescaleSlope: 1,
      rescaleIntercept: 0,
    });
    assert.ok(frame.values instanceof Uint32Array && frame.display instanceof Float32Array);
    assert.equal(frame.values[0], 4294967295);
  });
  it('refuses decoder output of the wrong size', () => {
    const options = { convertYbr: false, planar: false, decoded: false, rescaleSlope: 1, rescaleIntercept: 0 };
    assert.equal(
      reason(() => normaliseFrame(format(), new Uint16Array(3), options)),
      'decoded-size',
    );
    assert.equal(
      reason(() => normaliseFrame(format(), new Uint16Array(0), options)),
      'decoded-size',
    );
  });
});

describe('nativeSamples', () => {
  it('reads a frame at an odd offset of its buffer (32 bits)', () => {
    const buffer = new Uint8Array(1 + 8);
    new DataView(buffer.buffer).setUint32(1, 0xdeadbeef, true);
    new DataView(buffer.buffer).setUint32(5, 42, true);
    const out = nativeSamples(
      buffer.subarray(1),
      format({ rows: 1, columns: 2, bitsAllocated: 32, bitsStored: 32, highBit: 31 }),
      8,
      false,
    );
    assert.deepEqual([...out], [0xdeadbeef, 42]);
  });
  it('swaps big endian samples', () => {
    assert.deepEqual(
      [...nativeSamples(Uint8Array.of(0x12, 0x34, 0, 1, 0, 2, 0, 3), format(), 8, true)],
      [0x1234, 1, 2, 3],
    );
  });
  it('unpacks 1-bit frames, first pixel in the least significant bit', () => {
    const f = format({ rows: 1, columns: 10, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    assert.deepEqual([...nativeSamples(Uint8Array.of(0b00000101, 0b10), f, 2, false)], [1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
  });
  it('refuses a truncated frame, and one with more bytes than the header describes', () => {
    assert.equal(
      reason(() => nativeSamples(new Uint8Array(7), format(), 8, false)),
      'truncated',
    );
    assert.equal(
      reason(() => nativeSamples(new Uint8Array(10), format(), 8, false)),
      'decoded-size',
    );
    const oneBit = format({ rows: 1, columns: 9, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    assert.equal(nativeSamples(new Uint8Array(2), oneBit, 2, false).length, 9);
    const odd = format({ rows: 1, columns: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    assert.equal(nativeSamples(new Uint8Array(4), odd, 3, false).length, 3);
  });
  it('refuses invalid Pixel Representation, Planar Configuration and Number of Frames', () => {
    assert.equal(
      reason(() => pixelFormat(header({ '00280103': us(2) }))),
      'bits',
    );
    const rgb = { '00280004': cs('RGB'), '00280002': us(3), '00280100': us(8), '00280101': us(8), '00280102': us(7) };
    assert.equal(
      reason(() => pixelFormat(header({ ...rgb, '00280006': us(2) }))),
      'samples',
    );
    for (const frames of [0, -3, 70000, 'many']) {
      assert.equal(
        reason(() => pixelFormat(header({ '00280008': { vr: 'IS', Value: [frames] } }))),
        'header',
      );
    }
    assert.equal(pixelFormat(header({ '00280008': { vr: 'IS', Value: ['12'] } })).rows, 4);
  });
});

/** PackBits with literal runs only: enough to make test streams. */
function rleFrame(segments: number[][]): Uint8Array {
  const bodies = segments.map((bytes) => {
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i += 128) {
      const run = bytes.slice(i, i + 128);
      out.push(run.length - 1, ...run);
    }
    if (out.length % 2) out.push(128);
    return out;
  });
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  bodies.forEach((body, s) => {
    view.setUint32(4 + 4 * s, offset, true);
    offset += body.length;
  });
  return Uint8Array.from([...header, ...bodies.flat()]);
}

describe('decodeRle', () => {
  it('decodes 16-bit RGB (six segments, most significant byte first)', () => {
    const f = format({ rows: 1, columns: 2, samplesPerPixel: 3, photometricInterpretation: 'RGB' });
    const out = decodeRle(
      rleFrame([
        [0x12, 0xff],
        [0x34, 0xff],
        [0, 0],
        [1, 2],
        [0xab, 0],
        [0xcd, 9],
      ]),
      f,
    );
    assert.deepEqual([...out], [0x1234, 1, 0xabcd, 0xffff, 2, 9]);
  });
  it('decodes 32-bit samples', () => {
    const f = format({ rows: 1, columns: 1, bitsAllocated: 32, bitsStored: 32, highBit: 31 });
    assert.deepEqual([...decodeRle(rleFrame([[0xff], [0xfe], [0xfd], [0xfc]]), f)], [0xfffefdfc]);
  });
  it('decodes replicate runs', () => {
    const f = format({ rows: 1, columns: 4, bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const frame = rleFrame([[0]]);
    // Replace the literal segment by "4 x 7": n = 257 - 4.
    const body = Uint8Array.from([...frame.subarray(0, 64), 253, 7]);
    assert.deepEqual([...decodeRle(body, f)], [7, 7, 7, 7]);
  });
  it('fails on a segment count that does not match the header, and on short segments', () => {
    const f = format({ rows: 1, columns: 2 });
    assert.equal(
      reason(() => decodeRle(rleFrame([[1, 2]]), f)),
      'codec',
    );
    assert.equal(
      reason(() => decodeRle(rleFrame([[1], [2]]), f)),
      'codec',
    );
    assert.equal(
      reason(() => decodeRle(new Uint8Array(10), f)),
      'truncated',
    );
  });
});

describe('frameAttributes: functional groups of enhanced multi-frame objects', () => {
  const item = (tag: string, attributes: DicomJsonDataset) => ({ [tag]: { vr: 'SQ', Value: [attributes] } });
  const ds = (v: number[]) => ({ vr: 'DS', Value: v });
  it('takes the frame item, then the shared item, then the top level', () => {
    const dataset: DicomJsonDataset = {
      '00281053': ds([9]),
      '52009229': {
        vr: 'SQ',
        Value: [
          {
            ...item('00289110', { '00280030': ds([0.5, 0.5]) }),
            ...item('00289145', { '00281052': ds([-1024]), '00281053': ds([1]) }),
          },
        ],
      },
      '52009230': {
        vr: 'SQ',
        Value: [
          item('00209113', { '00200032': ds([0, 0, 1]) }),
          {
            ...item('00209113', { '00200032': ds([0, 0, 2]) }),
            ...item('00289132', { '00281050': ds([40]), '00281051': ds([400]) }),
          },
        ],
      },
    };
    const instance = new Instance(dataset);
    const second = frameAttributes(instance, 2);
    assert.deepEqual(second.imagePositionPatient, [0, 0, 2]);
    assert.deepEqual(second.pixelSpacing, [0.5, 0.5]);
    assert.equal(second.rescaleIntercept, -1024);
    assert.equal(second.rescaleSlope, 1);
    assert.deepEqual(second.windows, [{ center: 40, width: 400, explanation: undefined }]);
    assert.deepEqual(frameAttributes(instance, 1).windows, []);
    assert.equal(frameAttributes(new Instance({ '00281053': ds([2]) }), 1).rescaleSlope, 2);
  });
});
