/**
 * The CT and MR sample slices: image plane geometry (an axial CT stack, an
 * oblique axial MR stack, both centred on 0) and their header and pixels.
 */
import {
  monochrome,
  pixelData,
  put,
  putCommon,
  SOP_CLASS,
  unsignedGrey,
  type InstanceContext,
} from './instance-header.js';
import { CT, MR, ctSlice, mrSlice } from './phantom.js';

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

/** Image plane of slice `k` of `n`: orientation, position, slice location, with the stack centred on 0. */
export function slicePlane(
  kind: 'ct' | 'mr',
  k: number,
  n: number,
): { iop: number[]; ipp: number[]; sliceLocation: number } {
  const geom = kind === 'ct' ? CT : MR;
  const ps = geom.pixelSpacingMm;
  let row: number[];
  let col: number[];
  let offset: number;
  if (kind === 'ct') {
    row = [1, 0, 0];
    col = [0, 1, 0];
    // Head first supine, first slice most superior: positions descend along the normal.
    offset = ((n - 1) / 2 - k) * geom.sliceSpacingMm;
  } else {
    const t = (MR.obliqueAngleDeg * Math.PI) / 180;
    row = [1, 0, 0];
    col = [0, Math.cos(t), -Math.sin(t)];
    offset = (k - (n - 1) / 2) * geom.sliceSpacingMm;
  }
  const normal = cross(row, col);
  const halfW = (geom.columns / 2 - 0.5) * ps;
  const halfH = (geom.rows / 2 - 0.5) * ps;
  const ipp = [0, 1, 2].map((a) => -halfW * row[a]! - halfH * col[a]! + offset * normal[a]!);
  const round = (v: number): number => Math.round(v * 1e6) / 1e6 + 0;
  return { iop: [...row, ...col].map(round), ipp: ipp.map(round), sliceLocation: round(offset) };
}

/** Fills a CT or MR slice (`kind`) into `c.ds`. */
export function buildSlice(kind: 'ct' | 'mr', c: InstanceContext): void {
  const { k, count, bits8, forUid, ds } = c;
  const isCt = kind === 'ct';
  const geom = isCt ? CT : MR;
  putCommon(c, isCt ? SOP_CLASS.ct : SOP_CLASS.mr, isCt ? 'CT' : 'MR');
  const plane = slicePlane(kind, k, count);
  put(ds, [
    [0x00180050, 'DS', geom.sliceThicknessMm],
    [0x00180088, 'DS', geom.sliceSpacingMm],
    [0x00185100, 'CS', 'HFS'],
    [0x00200012, 'IS', 1],
    [0x00200032, 'DS', plane.ipp],
    [0x00200037, 'DS', plane.iop],
    [0x00200052, 'UI', forUid],
    [0x00201040, 'LO', ''],
    [0x00201041, 'DS', plane.sliceLocation],
    [0x00280030, 'DS', [geom.pixelSpacingMm, geom.pixelSpacingMm]],
  ]);
  if (isCt) {
    const px = ctSlice(k, count);
    put(ds, [
      [0x00180060, 'DS', 120],
      [0x00181150, 'IS', 500],
      [0x00181151, 'IS', 200],
      [0x00181210, 'SH', 'STANDARD'],
      [0x00280120, 'SS', CT.paddingStored],
      [0x00281050, 'DS', CT.windows.map((w) => w[0])],
      [0x00281051, 'DS', CT.windows.map((w) => w[1])],
      [0x00281052, 'DS', CT.rescaleIntercept],
      [0x00281053, 'DS', CT.rescaleSlope],
      [0x00281054, 'LO', 'HU'],
      [0x00281055, 'LO', CT.windows.map((w) => w[2])],
    ]);
    monochrome(ds, CT.rows, CT.columns, 'MONOCHROME2', {
      allocated: 16,
      stored: CT.bitsStored,
      pixelRepresentation: 1,
    });
    ds.set(0x7fe00010, pixelData(px));
  } else {
    const px = mrSlice(k, count);
    put(ds, [
      [0x00180020, 'CS', 'SE'],
      [0x00180021, 'CS', 'NONE'],
      [0x00180022, 'CS', ''],
      [0x00180023, 'CS', '2D'],
      [0x00180080, 'DS', 500],
      [0x00180081, 'DS', 15],
      [0x00180087, 'DS', 1.5],
      [0x00180091, 'IS', 1],
    ]);
    unsignedGrey(ds, px, MR, 'MONOCHROME2', bits8);
  }
}
