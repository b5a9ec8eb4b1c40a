/**
 * Builds the DICOM data sets of the sample series: header attributes from
 * studies.ts, pixels from phantom.ts, UIDs from uid.ts.
 *
 * A series can be built as the base series (what make-samples writes) or as a
 * variant (what the corpus transcodes): a variant is its own series in the same
 * study, with its own Series / SOP Instance UIDs derived from the variant key,
 * a SeriesDescription that names it, optionally fewer instances and, for the
 * JPEG baseline sources, pixels reduced to 8 bits (as Secondary Capture).
 */
import { type DataElement, type Dataset, type Tag, DicomWriteError } from './dicom-writer.js';
import {
  CT,
  MR,
  PALETTE,
  US,
  US_REGION,
  US_SECTOR,
  XRAY,
  ctSlice,
  mrSlice,
  paletteImage,
  paletteLut,
  to8Bit,
  usFrame,
  xrayImage,
} from './phantom.js';
import { type SeriesSpec, type StudySpec } from './studies.js';
import { sampleUid } from './uid.js';

export const SOP_CLASS = {
  ct: '1.2.840.10008.5.1.4.1.1.2',
  mr: '1.2.840.10008.5.1.4.1.1.4',
  cr: '1.2.840.10008.5.1.4.1.1.1',
  dx: '1.2.840.10008.5.1.4.1.1.1.1',
  usMultiframe: '1.2.840.10008.5.1.4.1.1.3.1',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
} as const;

/** A variant of a base series: its own series in the same study. */
export interface VariantSpec {
  /** Stable key, part of every UID of the variant (e.g. `jpegls-lossless`). */
  readonly key: string;
  /** Human label appended to the SeriesDescription (e.g. `JPEG-LS lossless`). */
  readonly label: string;
  /** SeriesNumber of the variant. */
  readonly seriesNumber: number;
  /** Keep only this many instances, the middle ones, contiguous (geometry stays consistent). */
  readonly maxInstances?: number;
  /** Reduce the pixels to 8 bits stored (Secondary Capture); for JPEG baseline. */
  readonly bits8?: boolean;
}

/** Options of a base series build. */
export interface BuildOptions {
  /** Fewer slices / frames (for quick tests). The phantom geometry does not change. */
  readonly small?: boolean;
  readonly variant?: VariantSpec;
}

/** One instance to write: its relative file name inside the series directory and its data set. */
export interface SampleInstance {
  readonly fileName: string;
  readonly instanceNumber: number;
  readonly frames: number;
  readonly dataset: Dataset;
}

/** How many images (slices, or frames of the one US instance) a series has. */
export function imageCount(series: SeriesSpec, small = false): number {
  switch (series.kind) {
    case 'ct':
      return small ? 12 : CT.sliceCount;
    case 'mr':
      return small ? 6 : MR.sliceCount;
    case 'us':
      return small ? 10 : US.frameCount;
    default:
      return 1;
  }
}

/** Indices of the instances a variant keeps: the middle `max` ones, contiguous. */
export function keptIndices(count: number, max: number | undefined): number[] {
  if (max === undefined || max >= count) return Array.from({ length: count }, (_, i) => i);
  const first = Math.floor((count - max) / 2);
  return Array.from({ length: max }, (_, i) => first + i);
}

/** UIDs of a study, series (base or variant) and instance. */
export const uids = {
  study: (study: StudySpec): string => sampleUid(`study/${study.key}`),
  frameOfReference: (study: StudySpec, series: SeriesSpec): string => sampleUid(`for/${study.key}/${series.key}`),
  series: (series: SeriesSpec, variant?: VariantSpec): string =>
    sampleUid(`series/${series.key}${variant ? `/${variant.key}` : ''}`),
  instance: (series: SeriesSpec, index: number, variant?: VariantSpec): string =>
    sampleUid(`instance/${series.key}${variant ? `/${variant.key}` : ''}/${index}`),
};

type Entry = readonly [Tag, DataElement['vr'], DataElement['value']];

function put(ds: Dataset, entries: readonly Entry[]): void {
  for (const [t, vr, value] of entries) {
    if (ds.has(t)) throw new DicomWriteError(`tag ${t.toString(16)} set twice`);
    ds.set(t, { vr, value } as DataElement);
  }
}

/** Truncates to `max` characters (LO is 64). */
function fit(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max).join('');
}

function seriesDescription(series: SeriesSpec, variant?: VariantSpec): string {
  if (!variant) return series.description;
  const suffix = ` [${variant.label}]`;
  return fit(series.description, 64 - [...suffix].length) + suffix;
}

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

function commonEntries(
  study: StudySpec,
  series: SeriesSpec,
  variant: VariantSpec | undefined,
  index: number,
  sopClass: string,
  modality: string,
): Entry[] {
  const p = study.patient;
  const e: Entry[] = [
    [
      0x00080008,
      'CS',
      variant?.bits8
        ? ['DERIVED', 'SECONDARY']
        : series.kind === 'palette'
          ? ['DERIVED', 'SECONDARY']
          : series.kind === 'ct' || series.kind === 'mr'
            ? ['ORIGINAL', 'PRIMARY', 'AXIAL']
            : ['ORIGINAL', 'PRIMARY'],
    ],
    [0x00080012, 'DA', study.date],
    [0x00080013, 'TM', study.time],
    [0x00080016, 'UI', sopClass],
    [0x00080018, 'UI', uids.instance(series, index, variant)],
    [0x00080020, 'DA', study.date],
    [0x00080021, 'DA', study.date],
    [0x00080023, 'DA', study.date],
    [0x00080030, 'TM', study.time],
    [0x00080031, 'TM', study.time],
    [0x00080033, 'TM', study.time],
    [0x00080050, 'SH', study.accessionNumber],
    [0x00080060, 'CS', modality],
    [0x00080070, 'LO', 'Fovea'],
    [0x00080080, 'LO', study.institution],
    [0x00080090, 'PN', study.referringPhysician],
    [0x00081030, 'LO', study.description],
    [0x0008103e, 'LO', seriesDescription(series, variant)],
    [0x00081090, 'LO', 'Fovea Phantom'],
    [0x00100010, 'PN', p.name],
    [0x00100020, 'LO', p.id],
    [0x00100030, 'DA', p.birthDate],
    [0x00100040, 'CS', p.sex],
    [0x00181020, 'LO', 'fovea-sample 1'],
    [0x0020000d, 'UI', uids.study(study)],
    [0x0020000e, 'UI', uids.series(series, variant)],
    [0x00200010, 'SH', study.studyId],
    [0x00200011, 'IS', variant ? variant.seriesNumber : series.number],
    [0x00200013, 'IS', index + 1],
    [0x00282110, 'CS', '00'],
  ];
  if (p.charset) e.push([0x00080005, 'CS', p.charset]);
  if (p.otherNames) e.push([0x00101001, 'PN', p.otherNames]);
  if (p.comments) e.push([0x00104000, 'LT', p.comments]);
  if (series.bodyPart) e.push([0x00180015, 'CS', series.bodyPart]);
  if (series.imageComments) e.push([0x00204000, 'LT', series.imageComments]);
  if (variant?.bits8) {
    e.push([0x00080064, 'CS', 'WSD']);
    e.push([
      0x00082111,
      'ST',
      `Reduced to 8 bits stored from the ${series.kind.toUpperCase()} phantom for JPEG baseline`,
    ]);
  }
  return e;
}

function monochrome(
  ds: Dataset,
  rows: number,
  columns: number,
  photometric: string,
  bits: { allocated: number; stored: number; pixelRepresentation: number },
): void {
  put(ds, [
    [0x00280002, 'US', 1],
    [0x00280004, 'CS', photometric],
    [0x00280010, 'US', rows],
    [0x00280011, 'US', columns],
    [0x00280100, 'US', bits.allocated],
    [0x00280101, 'US', bits.stored],
    [0x00280102, 'US', bits.stored - 1],
    [0x00280103, 'US', bits.pixelRepresentation],
  ]);
}

/**
 * The big images (2000 x 2500 radiographs, the 30-frame cine) are the same for the
 * base series and every variant: generate them once per process. The phantoms are
 * pure, so this changes nothing but the time; callers must not modify the arrays.
 */
const bigImages = new Map<string, Uint16Array | Uint8Array>();
function cached<T extends Uint16Array | Uint8Array>(key: string, make: () => T): T {
  let v = bigImages.get(key) as T | undefined;
  if (!v) bigImages.set(key, (v = make()));
  return v;
}

function usCine(frames: number): Uint8Array {
  return cached(`us/${frames}`, () => {
    const frameBytes = US.rows * US.columns * 3;
    const all = new Uint8Array(frameBytes * frames);
    for (let f = 0; f < frames; f++) all.set(usFrame(f, US.frameCount), f * frameBytes);
    return all;
  });
}

function pixelData(px: Int16Array | Uint16Array | Uint8Array): DataElement {
  return px instanceof Uint8Array ? { vr: 'OB', value: px } : { vr: 'OW', value: px };
}

/**
 * The instances of a series (base or variant), built lazily one at a time so
 * that a 120-slice series never sits in memory at once.
 */
export function* buildSeries(
  study: StudySpec,
  series: SeriesSpec,
  options: BuildOptions = {},
): Generator<SampleInstance> {
  const { variant } = options;
  const count = imageCount(series, options.small);
  const bits8 = variant?.bits8 === true;
  if (bits8 && series.kind !== 'mr' && series.kind !== 'cr' && series.kind !== 'dx') {
    throw new Error(`an 8-bit variant is only defined for MR and CR/DX, not ${series.kind}`);
  }
  const forUid = uids.frameOfReference(study, series);
  const instanceIndices = series.kind === 'us' ? [0] : keptIndices(count, variant?.maxInstances);
  for (const k of instanceIndices) {
    const ds: Dataset = new Map();
    let frames = 1;
    switch (series.kind) {
      case 'ct':
      case 'mr': {
        const isCt = series.kind === 'ct';
        const geom = isCt ? CT : MR;
        put(
          ds,
          commonEntries(
            study,
            series,
            variant,
            k,
            bits8 ? SOP_CLASS.secondaryCapture : isCt ? SOP_CLASS.ct : SOP_CLASS.mr,
            isCt ? 'CT' : 'MR',
          ),
        );
        const plane = slicePlane(series.kind, k, count);
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
          if (bits8) {
            put(ds, [
              [0x00281050, 'DS', MR.window[0] / 16],
              [0x00281051, 'DS', MR.window[1] / 16],
            ]);
            monochrome(ds, MR.rows, MR.columns, 'MONOCHROME2', { allocated: 8, stored: 8, pixelRepresentation: 0 });
            ds.set(0x7fe00010, pixelData(to8Bit(px, MR.bitsStored)));
          } else {
            put(ds, [
              [0x00281050, 'DS', MR.window[0]],
              [0x00281051, 'DS', MR.window[1]],
            ]);
            monochrome(ds, MR.rows, MR.columns, 'MONOCHROME2', {
              allocated: 16,
              stored: MR.bitsStored,
              pixelRepresentation: 0,
            });
            ds.set(0x7fe00010, pixelData(px));
          }
        }
        break;
      }
      case 'cr':
      case 'dx': {
        const isCr = series.kind === 'cr';
        const photometric = isCr ? 'MONOCHROME1' : 'MONOCHROME2';
        put(
          ds,
          commonEntries(
            study,
            series,
            variant,
            k,
            bits8 ? SOP_CLASS.secondaryCapture : isCr ? SOP_CLASS.cr : SOP_CLASS.dx,
            isCr ? 'CR' : 'DX',
          ),
        );
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
        if (bits8) {
          put(ds, [
            [0x00281050, 'DS', XRAY.window[0] / 16],
            [0x00281051, 'DS', XRAY.window[1] / 16],
          ]);
          monochrome(ds, XRAY.rows, XRAY.columns, photometric, { allocated: 8, stored: 8, pixelRepresentation: 0 });
          ds.set(0x7fe00010, pixelData(to8Bit(px, XRAY.bitsStored)));
        } else {
          put(ds, [
            [0x00281050, 'DS', XRAY.window[0]],
            [0x00281051, 'DS', XRAY.window[1]],
          ]);
          monochrome(ds, XRAY.rows, XRAY.columns, photometric, {
            allocated: 16,
            stored: XRAY.bitsStored,
            pixelRepresentation: 0,
          });
          ds.set(0x7fe00010, pixelData(px));
        }
        break;
      }
      case 'us': {
        frames = count;
        put(ds, commonEntries(study, series, variant, k, SOP_CLASS.usMultiframe, 'US'));
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
        break;
      }
      case 'palette': {
        put(ds, commonEntries(study, series, variant, k, SOP_CLASS.secondaryCapture, 'OT'));
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
        break;
      }
    }
    yield { fileName: `${String(k + 1).padStart(4, '0')}.dcm`, instanceNumber: k + 1, frames, dataset: ds };
  }
}
