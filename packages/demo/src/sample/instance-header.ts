/**
 * The header attributes every sample instance shares (patient, study, series,
 * equipment), its UIDs and SOP classes, and the small data set helpers the
 * image builders (instance-slices.ts, instance-images.ts) use.
 */
import { type DataElement, type Dataset, type Tag, DicomWriteError } from './dicom-writer.js';
import { type SeriesSpec, type StudySpec } from './studies.js';
import { to8Bit } from './phantom.js';
import { sampleUid } from './uid.js';

/** SOP Class UIDs of the sample images. */
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

/** UIDs of a study, series (base or variant) and instance. */
export const uids = {
  study: (study: StudySpec): string => sampleUid(`study/${study.key}`),
  frameOfReference: (study: StudySpec, series: SeriesSpec): string => sampleUid(`for/${study.key}/${series.key}`),
  series: (series: SeriesSpec, variant?: VariantSpec): string =>
    sampleUid(`series/${series.key}${variant ? `/${variant.key}` : ''}`),
  instance: (series: SeriesSpec, index: number, variant?: VariantSpec): string =>
    sampleUid(`instance/${series.key}${variant ? `/${variant.key}` : ''}/${index}`),
};

/** One data element as `[tag, vr, value]`. */
export type Entry = readonly [Tag, DataElement['vr'], DataElement['value']];

/** Adds `entries` to `ds`; a tag set twice is an error. */
export function put(ds: Dataset, entries: readonly Entry[]): void {
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

/** The patient, study, series and equipment attributes of instance `index` of a series. */
export function commonEntries(
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

/** Image Pixel attributes of a one-sample (grey) image. */
export function monochrome(
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

/** Pixel Data of `px`: OB for bytes, OW for 16-bit samples. */
export function pixelData(px: Int16Array | Uint16Array | Uint8Array): DataElement {
  return px instanceof Uint8Array ? { vr: 'OB', value: px } : { vr: 'OW', value: px };
}

/**
 * The big images (2000 x 2500 radiographs, the 30-frame cine) are the same for the
 * base series and every variant: generate them once per process. The phantoms are
 * pure, so this changes nothing but the time; callers must not modify the arrays.
 */
const bigImages = new Map<string, Uint16Array | Uint8Array>();
export function cached<T extends Uint16Array | Uint8Array>(key: string, make: () => T): T {
  let v = bigImages.get(key) as T | undefined;
  if (!v) bigImages.set(key, (v = make()));
  return v;
}

/** What {@link unsignedGrey} needs of a phantom. */
export interface GreyGeometry {
  readonly rows: number;
  readonly columns: number;
  readonly bitsStored: number;
  /** Window centre and width of the stored values. */
  readonly window: readonly [number, number];
}

/**
 * The window, Image Pixel attributes and Pixel Data of an unsigned grey
 * image; with `bits8`, reduced to 8 bits stored (the window scaled alike).
 */
export function unsignedGrey(
  ds: Dataset,
  px: Uint16Array,
  image: GreyGeometry,
  photometric: string,
  bits8: boolean,
): void {
  if (bits8) {
    put(ds, [
      [0x00281050, 'DS', image.window[0] / 16],
      [0x00281051, 'DS', image.window[1] / 16],
    ]);
    monochrome(ds, image.rows, image.columns, photometric, { allocated: 8, stored: 8, pixelRepresentation: 0 });
    ds.set(0x7fe00010, pixelData(to8Bit(px, image.bitsStored)));
  } else {
    put(ds, [
      [0x00281050, 'DS', image.window[0]],
      [0x00281051, 'DS', image.window[1]],
    ]);
    monochrome(ds, image.rows, image.columns, photometric, {
      allocated: 16,
      stored: image.bitsStored,
      pixelRepresentation: 0,
    });
    ds.set(0x7fe00010, pixelData(px));
  }
}

/** What the builder of one instance gets: the series, the instance index and the data set to fill. */
export interface InstanceContext {
  readonly study: StudySpec;
  readonly series: SeriesSpec;
  readonly variant: VariantSpec | undefined;
  /** Index of the instance (0-based). */
  readonly k: number;
  /** Images in the series (slices, or frames of the one US instance). */
  readonly count: number;
  readonly bits8: boolean;
  readonly forUid: string;
  readonly ds: Dataset;
}

/**
 * Puts the shared header of `c`'s instance: of SOP class `sopClass`, or
 * Secondary Capture when the variant reduces it to 8 bits.
 */
export function putCommon(c: InstanceContext, sopClass: string, modality: string): void {
  const sop = c.bits8 ? SOP_CLASS.secondaryCapture : sopClass;
  put(c.ds, commonEntries(c.study, c.series, c.variant, c.k, sop, modality));
}
