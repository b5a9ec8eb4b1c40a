// dcmtk's own rendering of the VOI LUT test images (dcm2pnm +Wl n: the n-th
// VOI LUT) against the expectations the browser test holds the canvas to
// (test/e2e/viewport-voi-lut.test.ts): checks Fovea's reading of the standard
// (entries scaled from 0..2^bits-1, clamping, SS first value mapped after the
// rescale, packed 8-bit entries, MONOCHROME1) against an independent one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BAND, expectedGrey, file, IMAGES, SIZE } from '../helpers/voi-lut-objects.js';

const dir = mkdtempSync(join(tmpdir(), 'fovea-voi-lut-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The grey values of an 8-bit binary PGM (P5) as dcm2pnm writes it. */
function readPgm(path: string): { width: number; height: number; data: Uint8Array } {
  const buf = readFileSync(path);
  const header = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+255\s/.exec(buf.toString('latin1', 0, 200));
  if (!header) throw new Error(`${path}: not an 8-bit binary PGM`);
  return { width: Number(header[1]), height: Number(header[2]), data: buf.subarray(header[0].length) };
}

describe('VOI LUT test images as dcmtk renders them', () => {
  for (const [i, image] of IMAGES.entries()) {
    for (const [n, lut] of image.luts.entries()) {
      it(`${image.name}, LUT ${n + 1}${lut.explanation ? ` (${lut.explanation})` : ''}`, () => {
        const input = join(dir, `${i}.dcm`);
        const output = join(dir, `${i}-${n}.pgm`);
        writeFileSync(input, file(image, i));
        execFileSync('dcm2pnm', ['+Wl', String(n + 1), input, output]);
        const pgm = readPgm(output);
        assert.deepEqual([pgm.width, pgm.height], [SIZE, SIZE]);
        const shown = image.stored.map((_, b) => pgm.data[(SIZE / 2) * SIZE + b * BAND + BAND / 2]!);
        const expected = image.stored.map((v) => {
          const g = expectedGrey(lut, v + image.intercept);
          return Math.round(image.monochrome1 ? 255 - g : g);
        });
        shown.forEach((g, b) =>
          assert.ok(Math.abs(g - expected[b]!) <= 1, `band ${b}: dcmtk ${shown.join()} vs expected ${expected.join()}`),
        );
      });
    }
  }
});
