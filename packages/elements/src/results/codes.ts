/**
 * The coded concepts Fovea writes into SR and KOS documents (PS3.16), in one
 * place. DCM codes are the standard's own; SCT codes are SNOMED CT as the
 * standard's context groups list them; units are UCUM.
 */

/** A coded concept: (value, scheme, meaning). */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });
const sct = (value: string, meaning: string): Code => ({ value, scheme: 'SCT', meaning });
const ucum = (value: string, meaning: string): Code => ({ value, scheme: 'UCUM', meaning });

export const CODES = {
  // TID 1500 Measurement Report and its sub-templates.
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  languageOfContent: dcm('121049', 'Language of Content Item and Descendants'),
  observerType: dcm('121005', 'Observer Type'),
  device: dcm('121007', 'Device'),
  person: dcm('121006', 'Person'),
  personObserverName: dcm('121008', 'Person Observer Name'),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  deviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  procedureReported: dcm('121058', 'Procedure reported'),
  imagingProcedure: sct('363679005', 'Imaging procedure'),
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUniqueIdentifier: dcm('112040', 'Tracking Unique Identifier'),
  imageRegion: dcm('111030', 'Image Region'),
  finding: dcm('121071', 'Finding'),
  comment: dcm('121106', 'Comment'),
  // Measurements (CID 7469 / 7470, CID 7180 for the angle).
  length: sct('410668003', 'Length'),
  angle: dcm('110859', 'Angle'),
  area: sct('42798000', 'Area'),
  mean: sct('373098007', 'Mean'),
  standardDeviation: sct('386136009', 'Standard Deviation'),
  minimum: sct('255605001', 'Minimum'),
  maximum: sct('56851009', 'Maximum'),
  measurementNotAttempted: dcm('114007', 'Measurement not attempted'),
  // TID 2010 Key Object Selection.
  ofInterest: dcm('113000', 'Of Interest'),
  keyObjectDescription: dcm('113012', 'Key Object Description'),
  // Units.
  millimetre: ucum('mm', 'millimeter'),
  squareMillimetre: ucum('mm2', 'square millimeter'),
  pixel: ucum('{px}', 'pixel'),
  squarePixel: ucum('{px2}', 'square pixel'),
  degree: ucum('deg', 'degree'),
  hounsfield: ucum("[hnsf'U]", 'Hounsfield unit'),
  noUnits: ucum('1', 'no units'),
} as const satisfies Record<string, Code>;

/** English (RFC 5646), the language of the concept meanings Fovea writes. */
export const ENGLISH: Code = { value: 'en', scheme: 'RFC5646', meaning: 'English' };

/** SNOMED-RT codes older writers used (before DICOM moved to SNOMED CT in 2019) for the same concepts. */
const LEGACY: Readonly<Record<string, readonly [string, string]>> = {
  '410668003': ['SRT', 'G-D7FE'],
  '42798000': ['SRT', 'G-A166'],
  '373098007': ['SRT', 'R-00317'],
  '386136009': ['SRT', 'R-10047'],
  '255605001': ['SRT', 'R-404FB'],
  '56851009': ['SRT', 'G-A437'],
};

/** True when `a` is the concept `b` (meanings may differ between writers; legacy SNOMED-RT codes count). */
export function sameCode(a: Partial<Code> | undefined, b: Code): boolean {
  if (!a?.value || !a.scheme) return false;
  if (a.value === b.value && a.scheme === b.scheme) return true;
  const legacy = LEGACY[b.value];
  return legacy !== undefined && a.scheme === legacy[0] && a.value === legacy[1];
}
