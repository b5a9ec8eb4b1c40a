import { getItems, getNumber, getNumbers, getString, getStrings, type DicomJsonDataset } from './json.js';
import { Tag } from './tags.js';
import { parseDate, parsePersonName, parseTime, type DicomDate, type DicomTime, type PersonName } from './values.js';
import type { PersonNameJson } from './json.js';

function personName(dataset: DicomJsonDataset, tag: string): PersonName | undefined {
  const first = dataset[tag]?.Value?.[0];
  return parsePersonName(first as PersonNameJson | string | undefined);
}

/** Patient attributes shared by the study, series and instance views. */
abstract class PatientView {
  /** The DICOM JSON this view reads. */
  readonly dataset: DicomJsonDataset;

  constructor(dataset: DicomJsonDataset) {
    this.dataset = dataset;
  }

  get patientName(): PersonName | undefined {
    return personName(this.dataset, Tag.PatientName);
  }
  get patientId(): string | undefined {
    return getString(this.dataset, Tag.PatientID);
  }
  get patientBirthDate(): DicomDate | undefined {
    return parseDate(getString(this.dataset, Tag.PatientBirthDate));
  }
  get patientSex(): string | undefined {
    return getString(this.dataset, Tag.PatientSex);
  }
  get studyInstanceUid(): string {
    return getString(this.dataset, Tag.StudyInstanceUID) ?? '';
  }
  get studyDate(): DicomDate | undefined {
    return parseDate(getString(this.dataset, Tag.StudyDate));
  }
  get studyTime(): DicomTime | undefined {
    return parseTime(getString(this.dataset, Tag.StudyTime));
  }
  get studyDescription(): string | undefined {
    return getString(this.dataset, Tag.StudyDescription);
  }
  get accessionNumber(): string | undefined {
    return getString(this.dataset, Tag.AccessionNumber);
  }
}

/** A study from a QIDO-RS study search or from metadata. */
export class Study extends PatientView {
  get referringPhysicianName(): PersonName | undefined {
    return personName(this.dataset, Tag.ReferringPhysicianName);
  }
  get modalitiesInStudy(): string[] {
    return getStrings(this.dataset, Tag.ModalitiesInStudy);
  }
  get numberOfSeries(): number | undefined {
    return getNumber(this.dataset, Tag.NumberOfStudyRelatedSeries);
  }
  get numberOfInstances(): number | undefined {
    return getNumber(this.dataset, Tag.NumberOfStudyRelatedInstances);
  }
}

/** A series from a QIDO-RS series search or from metadata. */
export class Series extends PatientView {
  get seriesInstanceUid(): string {
    return getString(this.dataset, Tag.SeriesInstanceUID) ?? '';
  }
  get modality(): string | undefined {
    return getString(this.dataset, Tag.Modality);
  }
  get seriesNumber(): number | undefined {
    return getNumber(this.dataset, Tag.SeriesNumber);
  }
  get seriesDescription(): string | undefined {
    return getString(this.dataset, Tag.SeriesDescription);
  }
  get numberOfInstances(): number | undefined {
    return getNumber(this.dataset, Tag.NumberOfSeriesRelatedInstances);
  }
}

/** One window (VOI) setting from the header. */
export interface WindowPreset {
  center: number;
  width: number;
  explanation: string | undefined;
}

/**
 * One item of the header's VOI LUT Sequence (0028,3010), described by its LUT
 * Descriptor (PS3.3 C.11.2.1.1); the table itself (LUT Data) stays in the item.
 */
export interface VoiLutPreset {
  /** 0-based position in the VOI LUT Sequence. */
  index: number;
  /** LUT Explanation, when the header has one. */
  explanation: string | undefined;
  /** Number of entries (a descriptor value of 0 means 65536). */
  entries: number;
  /**
   * The input value mapped to the first entry, in modality units (after Rescale
   * Slope / Intercept); inputs below it map to the first entry, inputs from
   * `firstMapped + entries - 1` on to the last.
   */
  firstMapped: number;
  /** Bits per entry: the output range is 0 to 2^bits - 1. */
  bits: number;
}

/** An instance with the image attributes a viewport needs. */
export class Instance extends Series {
  get sopInstanceUid(): string {
    return getString(this.dataset, Tag.SOPInstanceUID) ?? '';
  }
  get sopClassUid(): string {
    return getString(this.dataset, Tag.SOPClassUID) ?? '';
  }
  get instanceNumber(): number | undefined {
    return getNumber(this.dataset, Tag.InstanceNumber);
  }
  get rows(): number | undefined {
    return getNumber(this.dataset, Tag.Rows);
  }
  get columns(): number | undefined {
    return getNumber(this.dataset, Tag.Columns);
  }
  /**
   * Frames in this instance: 1 when the attribute is absent, or not a count
   * from 1 to 65535 (a damaged header: `pixelFormat` refuses the instance).
   */
  get numberOfFrames(): number {
    const frames = getNumber(this.dataset, Tag.NumberOfFrames);
    return frames !== undefined && Number.isInteger(frames) && frames >= 1 && frames <= 65535 ? frames : 1;
  }
  get isMultiframe(): boolean {
    return this.numberOfFrames > 1;
  }
  /** True when the object has pixel data a viewport can show (not SR, PDF, …). */
  get hasPixelData(): boolean {
    return (
      this.dataset[Tag.PixelData] !== undefined ||
      this.dataset[Tag.FloatPixelData] !== undefined ||
      this.dataset[Tag.DoubleFloatPixelData] !== undefined ||
      (this.rows !== undefined && this.columns !== undefined)
    );
  }
  get photometricInterpretation(): string | undefined {
    return getString(this.dataset, Tag.PhotometricInterpretation);
  }
  /** Frame of Reference UID: images sharing it share patient coordinates. */
  get frameOfReferenceUid(): string | undefined {
    return getString(this.dataset, Tag.FrameOfReferenceUID);
  }
  get imagePositionPatient(): [number, number, number] | undefined {
    const v = getNumbers(this.dataset, Tag.ImagePositionPatient);
    return v.length === 3 ? [v[0]!, v[1]!, v[2]!] : undefined;
  }
  /**
   * Patient Orientation (0020,0020): the patient directions of the rows (left
   * to right) and the columns (top to bottom), e.g. `['L', 'F']`, as letters
   * L R A P H F; undefined when absent or not two such values.
   */
  get patientOrientation(): [string, string] | undefined {
    const v = getStrings(this.dataset, Tag.PatientOrientation).map((s) => s.trim().toUpperCase());
    return v.length === 2 && v.every((s) => /^[LRAPHF]{1,3}$/.test(s)) ? [v[0]!, v[1]!] : undefined;
  }
  get imageOrientationPatient(): [number, number, number, number, number, number] | undefined {
    const v = getNumbers(this.dataset, Tag.ImageOrientationPatient);
    return v.length === 6 ? [v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!] : undefined;
  }
  /** Row and column spacing in mm (PixelSpacing: row spacing first). */
  get pixelSpacing(): [number, number] | undefined {
    const v = getNumbers(this.dataset, Tag.PixelSpacing);
    return v.length === 2 ? [v[0]!, v[1]!] : undefined;
  }
  get imagerPixelSpacing(): [number, number] | undefined {
    const v = getNumbers(this.dataset, Tag.ImagerPixelSpacing);
    return v.length === 2 ? [v[0]!, v[1]!] : undefined;
  }
  get sliceThickness(): number | undefined {
    return getNumber(this.dataset, Tag.SliceThickness);
  }
  get sliceLocation(): number | undefined {
    return getNumber(this.dataset, Tag.SliceLocation);
  }
  get rescaleSlope(): number {
    return getNumber(this.dataset, Tag.RescaleSlope) ?? 1;
  }
  get rescaleIntercept(): number {
    return getNumber(this.dataset, Tag.RescaleIntercept) ?? 0;
  }
  /** All window presets of the header, paired by index. */
  get windows(): WindowPreset[] {
    const centers = getNumbers(this.dataset, Tag.WindowCenter);
    const widths = getNumbers(this.dataset, Tag.WindowWidth);
    const explanations = getStrings(this.dataset, Tag.WindowCenterWidthExplanation);
    return centers
      .slice(0, widths.length)
      .map((center, i) => ({ center, width: widths[i]!, explanation: explanations[i] }));
  }
  get hasVoiLut(): boolean {
    return getItems(this.dataset, Tag.VOILUTSequence).length > 0;
  }
  /**
   * The VOI LUTs of the header's VOI LUT Sequence, in header order. Items
   * without a complete LUT Descriptor are left out (Orthanc omits US-or-SS
   * attributes from the metadata of implicit-VR files), so `index` can skip.
   */
  get voiLuts(): VoiLutPreset[] {
    const signedPixels = getNumber(this.dataset, Tag.PixelRepresentation) === 1;
    return getItems(this.dataset, Tag.VOILUTSequence).flatMap((item, index) => {
      const descriptor = getNumbers(item, Tag.LUTDescriptor);
      if (descriptor.length < 3) return [];
      const [entries, first, bits] = descriptor as [number, number, number];
      // The first value mapped is SS when the LUT's input can be negative; a
      // server that types the descriptor US hands it over as an unsigned word.
      const unsignedWord = item[Tag.LUTDescriptor]?.vr !== 'SS' && first >= 0x8000;
      const negative = unsignedWord && (signedPixels || this.rescaleIntercept < 0);
      return [
        {
          index,
          explanation: getString(item, Tag.LUTExplanation),
          entries: entries === 0 ? 65536 : entries,
          firstMapped: negative ? first - 0x10000 : first,
          bits,
        },
      ];
    });
  }
  /** Frame time in ms for cine, from FrameTime, else CineRate / RecommendedDisplayFrameRate. */
  get frameTimeMs(): number | undefined {
    const frameTime = getNumber(this.dataset, Tag.FrameTime);
    if (frameTime && frameTime > 0) return frameTime;
    const rate = getNumber(this.dataset, Tag.CineRate) ?? getNumber(this.dataset, Tag.RecommendedDisplayFrameRate);
    return rate && rate > 0 ? 1000 / rate : undefined;
  }
}
