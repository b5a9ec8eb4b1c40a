/**
 * The phantoms hold what their exported constants say: tests of a viewer rely on it.
 *
 *   node --import tsx --test packages/demo/src/sample/phantom.test.ts
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CT,
  CT_BODY,
  CT_BONE_RING,
  CT_FAT_DISC,
  CT_FOV,
  CT_HU,
  CT_LABEL,
  CT_LUNG,
  CT_RULER,
  CT_SOFT_TISSUE_NOISE,
  CT_SPHERE,
  CT_WATER_DISC,
  CT_WEDGE,
  MR,
  MR_VIALS,
  PALETTE,
  PALETTE_BAR,
  PALETTE_DISC,
  US,
  US_TARGET,
  XRAY,
  XRAY_MARKER,
  XRAY_RULER,
  XRAY_RULER_VALUE,
  XRAY_STEP_WEDGE,
  createLcg,
  ctSlice,
  ctSphereCenterIndex,
  ctSphereRadiusPx,
  ctWedgeHu,
  huToStored,
  mrSlice,
  paletteImage,
  paletteLut,
  storedToHu,
  to8Bit,
  usFrame,
  usTargetX,
  xrayImage,
} from './phantom.js';

const md5 = (a: ArrayBufferView): string =>
  createHash('md5')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex');

/** Pixel centres strictly inside a disc, `margin` pixels away from its edge. */
function discPixels(cx: number, cy: number, r: number, margin = 1): [number, number][] {
  const out: [number, number][] = [];
  for (let y = Math.ceil(cy - r); y <= cy + r; y++) {
    for (let x = Math.ceil(cx - r); x <= cx + r; x++) if (Math.hypot(x - cx, y - cy) <= r - margin) out.push([x, y]);
  }
  return out;
}

describe('CT phantom', () => {
  const middle = Math.round(ctSphereCenterIndex());
  const slice = ctSlice(middle);
  const hu = (x: number, y: number, px: Int16Array = slice): number => storedToHu(px[y * CT.columns + x]!);

  test('geometry and stored range: signed 16-bit, HU = stored - 1024', () => {
    assert.equal(slice.length, CT.rows * CT.columns);
    assert.equal(huToStored(0), 1024);
    assert.equal(storedToHu(24), -1000);
    let min = Infinity;
    let max = -Infinity;
    for (const v of slice) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assert.equal(min, CT.paddingStored, 'padding is the minimum and negative: signed data');
    assert.equal(max, huToStored(CT_HU.ruler));
  });

  test('padding outside the reconstruction circle, air between it and the body', () => {
    assert.equal(slice[0], CT.paddingStored);
    assert.equal(slice[CT.rows * CT.columns - 1], CT.paddingStored);
    assert.ok(Math.hypot(256 - CT_FOV.cx, 20 - CT_FOV.cy) < CT_FOV.radius);
    assert.equal(hu(256, 20), CT_HU.air);
    assert.equal(hu(30, 256), CT_HU.air);
    assert.equal(CT_HU.padding, -3024);
  });

  test('water exactly 0 HU, fat -100, lung -800, bone ring +1000', () => {
    for (const [x, y] of discPixels(CT_WATER_DISC.cx, CT_WATER_DISC.cy, CT_WATER_DISC.radius))
      assert.equal(hu(x, y), 0);
    for (const [x, y] of discPixels(CT_FAT_DISC.cx, CT_FAT_DISC.cy, CT_FAT_DISC.radius)) assert.equal(hu(x, y), -100);
    for (const [x, y] of discPixels(CT_LUNG.cx, CT_LUNG.cy, Math.min(CT_LUNG.rx, CT_LUNG.ry)))
      assert.equal(hu(x, y), -800);
    const ring = CT_BONE_RING;
    const mid = (ring.innerRadius + ring.outerRadius) / 2;
    for (let a = 0; a < 360; a += 5) {
      const x = Math.round(ring.cx + mid * Math.cos((a * Math.PI) / 180));
      const y = Math.round(ring.cy + mid * Math.sin((a * Math.PI) / 180));
      assert.equal(hu(x, y), CT_HU.bone, `bone at ${a} degrees`);
    }
    // Inside the ring: soft tissue.
    assert.ok(Math.abs(hu(ring.cx, ring.cy) - CT_HU.softTissue) <= CT_SOFT_TISSUE_NOISE);
  });

  test('soft tissue is 40 HU on average, within the noise bound', () => {
    let sum = 0;
    let n = 0;
    for (let y = 370; y <= 400; y++) {
      for (let x = 230; x <= 282; x++) {
        const v = hu(x, y);
        assert.ok(Math.abs(v - CT_HU.softTissue) <= CT_SOFT_TISSUE_NOISE, `${v} at ${x},${y}`);
        sum += v;
        n++;
      }
    }
    assert.ok(Math.abs(sum / n - CT_HU.softTissue) < 0.5, `mean ${sum / n}`);
    // The sampled block lies inside the body ellipse, below the sphere and above the ruler.
    assert.ok(((282 - CT_BODY.cx) / CT_BODY.rx) ** 2 + ((400 - CT_BODY.cy) / CT_BODY.ry) ** 2 < 1);
  });

  test('the wedge ramps linearly from -1000 to +1000 HU', () => {
    assert.equal(ctWedgeHu(CT_WEDGE.x0), CT_WEDGE.huMin);
    assert.equal(ctWedgeHu(CT_WEDGE.x1), CT_WEDGE.huMax);
    for (let x = CT_WEDGE.x0; x <= CT_WEDGE.x1; x++) {
      for (const y of [CT_WEDGE.y0, CT_WEDGE.y1]) assert.equal(hu(x, y), ctWedgeHu(x));
      if (x > CT_WEDGE.x0) assert.ok(ctWedgeHu(x) > ctWedgeHu(x - 1));
    }
  });

  test('the ruler: 100 mm, ticks every 10 mm (16 px) at the exported columns', () => {
    const r = CT_RULER;
    assert.equal(r.tickXs.length, 11);
    assert.equal(r.x0, 176);
    assert.equal(r.x1, 336);
    assert.equal((r.x1 - r.x0) * CT.pixelSpacingMm, r.lengthMm);
    assert.equal(r.lengthMm, 100);
    const bright = huToStored(CT_HU.ruler);
    const at = (x: number, y: number): number => slice[y * CT.columns + x]!;
    for (let x = r.x0; x <= r.x1; x++) assert.equal(at(x, r.y), bright, `line at x=${x}`);
    assert.notEqual(at(r.x0 - 1, r.y), bright);
    assert.notEqual(at(r.x1 + 1, r.y), bright);
    r.tickXs.forEach((x, k) => {
      assert.equal(x, r.x0 + 16 * k);
      const h = k % 5 === 0 ? r.majorTickHalfHeight : r.minorTickHalfHeight;
      assert.equal(at(x, r.y - h), bright, `tick ${k} top`);
      assert.equal(at(x, r.y + h), bright, `tick ${k} bottom`);
      assert.notEqual(at(x, r.y - h - 1), bright);
      if (k < 10) assert.notEqual(at(x + 8, r.y - 2), bright, 'nothing between ticks off the line');
    });
    // The ruler lies in air, inside the reconstruction circle.
    assert.equal(hu(r.x0, r.y - r.majorTickHalfHeight - 2), CT_HU.air);
  });

  test('the sphere changes from slice to slice and is largest in the middle', () => {
    assert.equal(ctSphereRadiusPx(0), 0);
    assert.equal(ctSphereRadiusPx(CT.sliceCount - 1), 0);
    const rMax = CT_SPHERE.radiusMm / CT.pixelSpacingMm;
    assert.ok(Math.abs(ctSphereRadiusPx(middle) - rMax) < 0.1);
    const r = ctSphereRadiusPx(middle);
    assert.equal(hu(Math.floor(CT_SPHERE.cx + r) - 1, CT_SPHERE.cy), CT_HU.lesion);
    assert.notEqual(hu(Math.floor(CT_SPHERE.cx + r) + 2, CT_SPHERE.cy), CT_HU.lesion);
    const off = middle + 15;
    const r2 = ctSphereRadiusPx(off);
    assert.ok(r2 > 0 && r2 < r - 10);
    const other = ctSlice(off);
    assert.notEqual(storedToHu(other[CT_SPHERE.cy * CT.columns + Math.floor(CT_SPHERE.cx + r) - 1]!), CT_HU.lesion);
    assert.equal(storedToHu(other[CT_SPHERE.cy * CT.columns + CT_SPHERE.cx]!), CT_HU.lesion);
  });

  test('each slice prints its number; slices differ; generation is deterministic', () => {
    const labelRow = (px: Int16Array): number[] => [
      ...px.subarray(CT_LABEL.y * CT.columns + 200, CT_LABEL.y * CT.columns + 312),
    ];
    assert.notDeepEqual(labelRow(ctSlice(0)), labelRow(ctSlice(1)));
    assert.ok(labelRow(slice).some((v) => v === huToStored(CT_HU.label)));
    assert.equal(md5(ctSlice(middle)), md5(slice));
    assert.notEqual(md5(ctSlice(middle + 1)), md5(slice));
  });
});

describe('MR phantom', () => {
  const s = mrSlice(10);
  test('12-bit unsigned range, vials exact, the 12-bit maximum present', () => {
    assert.equal(s.length, MR.rows * MR.columns);
    assert.ok(s.every((v) => v >= 0 && v <= MR.maxValue));
    for (const v of MR_VIALS) {
      for (const [x, y] of discPixels(v.cx, v.cy, v.radius, 0)) assert.equal(s[y * MR.columns + x], v.value);
    }
    assert.ok(s.includes(4095));
  });
  test('slices differ and are reproducible', () => {
    assert.notEqual(md5(mrSlice(0)), md5(mrSlice(10)));
    assert.equal(md5(mrSlice(10)), md5(s));
    assert.equal(to8Bit(new Uint16Array([0, 15, 16, 4095]), 12).join(), '0,0,1,255');
  });
});

describe('radiograph phantom (CR / DX)', () => {
  const mono2 = xrayImage('MONOCHROME2');
  const mono1 = xrayImage('MONOCHROME1');
  const at = (x: number, y: number): number => mono2[y * XRAY.columns + x]!;

  test('size, 12-bit range, MONOCHROME1 is the inverse of MONOCHROME2', () => {
    assert.equal(mono2.length, XRAY.rows * XRAY.columns);
    for (let i = 0; i < mono2.length; i++) {
      if (mono1[i] !== XRAY.maxValue - mono2[i]!) assert.fail(`pixel ${i}`);
      if (mono2[i]! > XRAY.maxValue) assert.fail(`pixel ${i} out of 12 bits`);
    }
  });

  test('the ruler: 100 mm over 500 px at ImagerPixelSpacing 0.2 mm', () => {
    const r = XRAY_RULER;
    assert.equal((r.x1 - r.x0) * XRAY.imagerPixelSpacingMm, 100);
    assert.equal(r.tickXs.length, 11);
    for (let x = r.x0 - r.halfThickness; x <= r.x1 + r.halfThickness; x++) {
      for (let dy = -r.halfThickness; dy <= r.halfThickness; dy++) assert.equal(at(x, r.y + dy), XRAY_RULER_VALUE);
    }
    for (const [k, x] of r.tickXs.entries()) {
      const h = k % 5 === 0 ? r.majorTickHalfHeight : r.minorTickHalfHeight;
      assert.equal(at(x, r.y - h), XRAY_RULER_VALUE);
      assert.notEqual(at(x, r.y - h - 1), XRAY_RULER_VALUE);
    }
    assert.notEqual(at(r.x1 + r.halfThickness + 1, r.y), XRAY_RULER_VALUE);
  });

  test('the step wedge holds its exact values; the side marker is drawn', () => {
    const w = XRAY_STEP_WEDGE;
    assert.equal(w.values[0], 0);
    assert.equal(w.values[11], 4095);
    w.values.forEach((v, k) => {
      for (const y of [w.y0 + k * w.stepHeight, w.y0 + (k + 1) * w.stepHeight - 1]) {
        assert.equal(at(w.x0, y), v);
        assert.equal(at(w.x1, y), v);
      }
    });
    // "R": the top-left dot of the glyph is lit.
    assert.equal(at(XRAY_MARKER.x, XRAY_MARKER.y), XRAY_MARKER.value);
  });
});

describe('ultrasound cine', () => {
  test('RGB frames, the target moves as usTargetX says', () => {
    const f0 = usFrame(0);
    assert.equal(f0.length, US.rows * US.columns * 3);
    for (const f of [0, 7, 15, 22]) {
      const px = usFrame(f);
      const x = Math.round(usTargetX(f));
      const i = (US_TARGET.cy * US.columns + x) * 3;
      assert.deepEqual([px[i], px[i + 1], px[i + 2]], [US_TARGET.gray, US_TARGET.gray, US_TARGET.gray], `frame ${f}`);
    }
    assert.ok(usTargetX(7) > usTargetX(0));
    assert.ok(usTargetX(22) < usTargetX(0));
    assert.notEqual(md5(usFrame(1)), md5(f0));
    assert.equal(md5(usFrame(3)), md5(usFrame(3)));
    assert.ok(Math.abs(US.frameTimeMs * US.cineRate - 1000) < 1e-9);
  });
});

describe('palette colour image', () => {
  test('a 256-entry 16-bit palette: 0 black, 255 white', () => {
    const lut = paletteLut();
    for (const c of [lut.red, lut.green, lut.blue]) {
      assert.equal(c.length, PALETTE.lutEntries);
      assert.equal(c[0], 0);
      assert.equal(c[255], 65535);
    }
    assert.deepEqual([lut.red[1], lut.green[1], lut.blue[1]], [0, 0, 65535], 'index 1 is blue');
    assert.deepEqual([lut.red[254], lut.green[254], lut.blue[254]], [65535, 0, 0], 'index 254 is red');
  });
  test('the bar holds index = column; the disc rises from its centre', () => {
    const px = paletteImage();
    for (let x = 0; x < PALETTE.columns; x++) assert.equal(px[PALETTE_BAR.y0 * PALETTE.columns + x], x);
    assert.equal(px[PALETTE_DISC.cy * PALETTE.columns + PALETTE_DISC.cx], 0);
    assert.equal(px[PALETTE_DISC.cy * PALETTE.columns + PALETTE_DISC.cx + PALETTE_DISC.radius], 255);
  });
});

test('the LCG is the Numerical Recipes one, seeded', () => {
  const a = createLcg(1);
  assert.equal(a(), 1015568748);
  assert.equal(a(), 1586005467);
});
