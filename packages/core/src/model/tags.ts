/**
 * The attributes Fovea reads, by keyword. Values are DICOM JSON keys
 * (group and element, upper-case hex). PS3.6 is the source.
 */
export const Tag = {
  SpecificCharacterSet: '00080005',
  ImageType: '00080008',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  SeriesDate: '00080021',
  StudyTime: '00080030',
  SeriesTime: '00080031',
  AccessionNumber: '00080050',
  InstanceAvailability: '00080056',
  RetrieveURL: '00081190',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  ReferringPhysicianName: '00080090',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  AvailableTransferSyntaxUID: '00083002',
  PatientName: '00100010',
  PatientID: '00100020',
  IssuerOfPatientID: '00100021',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  PatientAge: '00101010',
  BodyPartExamined: '00180015',
  SliceThickness: '00180050',
  SpacingBetweenSlices: '00180088',
  FrameTime: '00181063',
  CineRate: '00180040',
  RecommendedDisplayFrameRate: '00082144',
  ImagerPixelSpacing: '00181164',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  FrameOfReferenceUID: '00200052',
  SliceLocation: '00201041',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  PixelSpacing: '00280030',
  BitsAllocated: '00280100',
  BitsStored: '00280101',
  HighBit: '00280102',
  PixelRepresentation: '00280103',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  RescaleIntercept: '00281052',
  RescaleSlope: '00281053',
  RescaleType: '00281054',
  WindowCenterWidthExplanation: '00281055',
  LUTDescriptor: '00283002',
  LUTExplanation: '00283003',
  LUTData: '00283006',
  VOILUTSequence: '00283010',
  PixelData: '7FE00010',
  FloatPixelData: '7FE00008',
  DoubleFloatPixelData: '7FE00009',
} as const;

/** A keyword of {@link Tag}. */
export type TagKeyword = keyof typeof Tag;

const keywordByTag = new Map<string, TagKeyword>(
  (Object.entries(Tag) as [TagKeyword, string][]).map(([keyword, tag]) => [tag, keyword]),
);

/** The keyword of a tag Fovea knows, e.g. `00100010` -> `PatientName`. */
export function keywordOf(tag: string): TagKeyword | undefined {
  return keywordByTag.get(tag.toUpperCase());
}
