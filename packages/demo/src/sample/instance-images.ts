/** The sample radiographs (CR, DX), the ultrasound cine and the palette colour image: their header and pixels. */
import type { Dataset } from './dicom-writer.js';
import { cached, put, putCommon, SOP_CLASS, unsignedGrey, type InstanceContext } from './instance-header.js';
import { PALETTE, US, US_REGION, US_SECTOR, XRAY, paletteImage, paletteLut, usFrame, xrayImage } from './phantom.js';

/** Fills a CR or DX radiograph (`kind`) into `c.ds`. */
export function buildRadiograph(kind: 'cr' | 'dx', c: InstanceContext): void {
  const { bits8, ds } = c;
  const isCr = kind === 'cr';
  const photometric = isCr ? 'MONOCHROME1' : 'MONOCHROME2';
  putCommon(c, isCr ? SOP_CLASS.cr : SOP_CLASS.dx, isCr ? 'CR' : 'DX');
  put(ds, [
    [0x00180060, 'DS', 125],
    [0x00181110, 'DS', 1800],
    [0x00181111, 'DS', 1650],
    [0x00181164, 'DS', [XRAY.imagerPixelSpacingMm, XRAY.imagerPixelSpacingMm]],
    [0x00185101, 'CS', 'PA'],
    [0x00200020, 'CS', ['L', 'F']],
    [0x00200062, 'CS', 'U'],
    [0x00280301, 'CS', 'NO'],
  ]);
  if (!isCr && !bits8) {
    put(ds, [
      [0x00080068, 'CS', 'FOR PRESENTATION'],
      [0x00281040, 'CS', 'LOG'],
      [0x00281041, 'SS', 1],
      [0x20500020, 'CS', 'IDENTITY'],
    ]);
  }
  const px = cached(`xray/${photometric}`, () => xrayImage(photometric));
  unsignedGrey(ds, px, XRAY, photometric, bits8);
}

function usCine(frames: number): Uint8Array {
  return cached(`us/${frames}`, () => {
    const frameBytes = US.rows * US.columns * 3;
    const all = new Uint8Array(frameBytes * frames);
    for (let f = 0; f < frames; f++) all.set(usFrame(f, US.frameCount), f * frameBytes);
    return all;
  });
}

/** Fills the ultrasound cine into `c.ds`; returns its number of frames. */
export function buildUltrasound(c: InstanceContext): number {
  const { count, ds } = c;
  const frames = count;
  putCommon(c, SOP_CLASS.usMultiframe, 'US');
  const all = usCine(frames);
  const region: Dataset = new Map();
  put(region, [
    [0x00186012, 'US', 1],
    [0x00186014, 'US', 1],
    [0x00186016, 'UL', 0],
    [0x00186018, 'UL', US_REGION.x0],
    [0x0018601a, 'UL', US_REGION.y0],
    [0x0018601c, 'UL', US_REGION.x1],
    [0x0018601e, 'UL', US_REGION.y1],
    [0x00186020, 'SL', US_SECTOR.apexX],
    [0x00186022, 'SL', US_SECTOR.apexY],
    [0x00186024, 'US', 3],
    [0x00186026, 'US', 3],
    [0x00186028, 'FD', 0],
    [0x0018602a, 'FD', 0],
    [0x0018602c, 'FD', US.physicalDeltaCm],
    [0x0018602e, 'FD', US.physicalDeltaCm],
    [0x00186030, 'UL', 3500],
  ]);
  put(ds, [
    [0x00082144, 'IS', US.cineRate],
    [0x00180040, 'IS', US.cineRate],
    [0x00181063, 'DS', US.frameTimeMs],
    [0x00181244, 'US', 0],
    [0x00186011, 'SQ', [region]],
    [0x00200020, 'CS', ''],
    [0x00280002, 'US', 3],
    [0x00280004, 'CS', 'RGB'],
    [0x00280006, 'US', 0],
    [0x00280008, 'IS', frames],
    [0x00280009, 'AT', 0x00181063],
    [0x00280010, 'US', US.rows],
    [0x00280011, 'US', US.columns],
    [0x00280014, 'US', 1],
    [0x00280100, 'US', 8],
    [0x00280101, 'US', 8],
    [0x00280102, 'US', 7],
    [0x00280103, 'US', 0],
    [0x7fe00010, 'OB', all],
  ]);
  return frames;
}

/** Fills the palette colour image into `c.ds`. */
export function buildPalette(c: InstanceContext): void {
  const { ds } = c;
  putCommon(c, SOP_CLASS.secondaryCapture, 'OT');
  const lut = paletteLut();
  const descriptor = [PALETTE.lutEntries, 0, PALETTE.lutBits];
  put(ds, [
    [0x00080064, 'CS', 'WSD'],
    [0x00200020, 'CS', ''],
    [0x00280002, 'US', 1],
    [0x00280004, 'CS', 'PALETTE COLOR'],
    [0x00280010, 'US', PALETTE.rows],
    [0x00280011, 'US', PALETTE.columns],
    [0x00280100, 'US', 8],
    [0x00280101, 'US', 8],
    [0x00280102, 'US', 7],
    [0x00280103, 'US', 0],
    [0x00281101, 'US', descriptor],
    [0x00281102, 'US', descriptor],
    [0x00281103, 'US', descriptor],
    [0x00281201, 'OW', lut.red],
    [0x00281202, 'OW', lut.green],
    [0x00281203, 'OW', lut.blue],
    [0x7fe00010, 'OB', paletteImage()],
  ]);
}
