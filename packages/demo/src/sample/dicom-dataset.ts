/**
 * The data model of the sample DICOM writer (dicom-writer.ts): value
 * representations, tags, data elements and data sets, and the table-like
 * {@link dataset} builder. No Node APIs.
 */

/** Value representations of PS3.5 Table 6.2-1. */
export type VR =
  | 'AE'
  | 'AS'
  | 'AT'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'DT'
  | 'FD'
  | 'FL'
  | 'IS'
  | 'LO'
  | 'LT'
  | 'OB'
  | 'OD'
  | 'OF'
  | 'OL'
  | 'OV'
  | 'OW'
  | 'PN'
  | 'SH'
  | 'SL'
  | 'SQ'
  | 'SS'
  | 'ST'
  | 'SV'
  | 'TM'
  | 'UC'
  | 'UI'
  | 'UL'
  | 'UN'
  | 'UR'
  | 'US'
  | 'UT'
  | 'UV';

/** A tag as one number: `(group << 16) | element`, e.g. `0x00100010` for Patient's Name. */
export type Tag = number;

/** VRs whose value is text. */
export type TextVR =
  'AE' | 'AS' | 'CS' | 'DA' | 'DT' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UC' | 'UI' | 'UR' | 'UT';
/** VRs whose value is a number written as text. */
export type NumericStringVR = 'DS' | 'IS';
/** VRs holding binary numbers that fit a JavaScript number. */
export type BinaryNumberVR = 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD';

type TextValue = string | readonly string[];
type NumberValue = number | readonly number[];

/**
 * The value each VR takes. A string value of a multi-valued VR may also hold
 * backslash-separated values. An empty string or array writes a zero-length
 * (type 2) element.
 */
export interface VRValueMap {
  AE: TextValue;
  AS: TextValue;
  CS: TextValue;
  DA: TextValue;
  DT: TextValue;
  LO: TextValue;
  LT: string;
  PN: TextValue;
  SH: TextValue;
  ST: string;
  TM: TextValue;
  UC: TextValue;
  UI: TextValue;
  UR: string;
  UT: string;
  DS: number | string | readonly (number | string)[];
  IS: number | string | readonly (number | string)[];
  US: NumberValue;
  SS: NumberValue;
  UL: NumberValue;
  SL: NumberValue;
  FL: NumberValue;
  FD: NumberValue;
  SV: bigint | readonly bigint[];
  UV: bigint | readonly bigint[];
  /** Tags, e.g. `0x00181063`. */
  AT: Tag | readonly Tag[];
  OB: Uint8Array;
  UN: Uint8Array;
  OW: Uint8Array | Uint16Array | Int16Array;
  OF: Float32Array;
  OD: Float64Array;
  OL: Uint32Array | Int32Array;
  OV: BigUint64Array | BigInt64Array;
  SQ: readonly Dataset[];
}

/** One data element: its VR and a value of the type that VR takes. */
export type DataElement = { [K in VR]: { readonly vr: K; readonly value: VRValueMap[K] } }[VR];

/** A data set: tag -> element. Insertion order does not matter; tags are sorted on write. */
export type Dataset = Map<Tag, DataElement>;

/** Explicit VR Little Endian, the only transfer syntax this writer produces. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Fovea's implementation class UID, under the 2.25 (UUID) arc; fixed so output is reproducible. */
export const FOVEA_IMPLEMENTATION_CLASS_UID = '2.25.241860617424932906785532016346513318722';
/** Implementation version name written to (0002,0013); at most 16 characters. */
export const FOVEA_IMPLEMENTATION_VERSION_NAME = 'FOVEA_SAMPLE_1';

/** Builds a tag number from group and element. */
export function tag(group: number, element: number): Tag {
  return (((group & 0xffff) << 16) | (element & 0xffff)) >>> 0;
}

/** `(gggg,eeee)` text of a tag, for messages. */
export function tagToString(t: Tag): string {
  const hex = (t >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Error thrown for a value that cannot be written correctly. */
export class DicomWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomWriteError';
  }
}

/**
 * One `[tag, vr, value]` triple for {@link dataset}, so data sets read like a table:
 * `dataset([[0x00100010, 'PN', 'Doe^Jane'], [0x00280010, 'US', 512]])`.
 */
export type DatasetEntry = { [K in VR]: readonly [Tag, K, VRValueMap[K]] }[VR];

/** Builds a {@link Dataset} from `[tag, vr, value]` triples; a later duplicate tag is an error. */
export function dataset(entries: readonly DatasetEntry[]): Dataset {
  const ds: Dataset = new Map();
  for (const [t, vr, value] of entries) {
    if (ds.has(t)) throw new DicomWriteError(`${tagToString(t)} given twice`);
    ds.set(t, { vr, value } as DataElement);
  }
  return ds;
}
