/**
 * A compact DICOM data dictionary for the development DICOMweb server: the
 * attributes QIDO-RS matches on and that common images, SR, SEG and PET
 * objects carry (about 430 of the standard's ~4,500). It gives keywords for
 * query parameters and VRs for implicit VR files; a tag that is not listed is
 * read as UN from implicit VR data (still valid DICOM JSON, as InlineBinary).
 *
 * Entries: `GGGGEEEEVR Keyword`. `xs` is "US or SS" (decided by Pixel
 * Representation). Overlay entries are listed for group 6000 and serve the
 * repeating groups 6000-601E. Extracted from DCMTK's dicom.dic (PS3.6 2022).
 */
const ENTRIES = [
  '00020000UL FileMetaInformationGroupLength|00020001OB FileMetaInformationVersion',
  '00020002UI MediaStorageSOPClassUID|00020003UI MediaStorageSOPInstanceUID|00020010UI TransferSyntaxUID',
  '00020012UI ImplementationClassUID|00020013SH ImplementationVersionName',
  '00020016AE SourceApplicationEntityTitle|00080005CS SpecificCharacterSet|00080008CS ImageType',
  '00080012DA InstanceCreationDate|00080013TM InstanceCreationTime|00080014UI InstanceCreatorUID',
  '00080016UI SOPClassUID|00080018UI SOPInstanceUID|00080020DA StudyDate|00080021DA SeriesDate',
  '00080022DA AcquisitionDate|00080023DA ContentDate|0008002ADT AcquisitionDateTime|00080030TM StudyTime',
  '00080031TM SeriesTime|00080032TM AcquisitionTime|00080033TM ContentTime|00080050SH AccessionNumber',
  '00080051SQ IssuerOfAccessionNumberSequence|00080052CS QueryRetrieveLevel|00080054AE RetrieveAETitle',
  '00080056CS InstanceAvailability|00080060CS Modality|00080061CS ModalitiesInStudy',
  '00080062UI SOPClassesInStudy|00080064CS ConversionType|00080068CS PresentationIntentType',
  '00080070LO Manufacturer|00080080LO InstitutionName|00080081ST InstitutionAddress',
  '00080090PN ReferringPhysicianName|00080100SH CodeValue|00080102SH CodingSchemeDesignator',
  '00080103SH CodingSchemeVersion|00080104LO CodeMeaning|00080105CS MappingResource',
  '0008010FCS ContextIdentifier|00080117UI ContextUID|00080119UC LongCodeValue|00080120UR URNCodeValue',
  '00080201SH TimezoneOffsetFromUTC|00081010SH StationName|00081030LO StudyDescription',
  '00081032SQ ProcedureCodeSequence|0008103ELO SeriesDescription|00081040LO InstitutionalDepartmentName',
  '00081048PN PhysiciansOfRecord|00081050PN PerformingPhysicianName|00081060PN NameOfPhysiciansReadingStudy',
  '00081070PN OperatorsName|00081080LO AdmittingDiagnosesDescription|00081090LO ManufacturerModelName',
  '00081110SQ ReferencedStudySequence|00081111SQ ReferencedPerformedProcedureStepSequence',
  '00081115SQ ReferencedSeriesSequence|00081120SQ ReferencedPatientSequence|00081140SQ ReferencedImageSequence',
  '0008114ASQ ReferencedInstanceSequence|00081150UI ReferencedSOPClassUID|00081155UI ReferencedSOPInstanceUID',
  '00081160IS ReferencedFrameNumber|00081190UR RetrieveURL|00081199SQ ReferencedSOPSequence',
  '00081250SQ RelatedSeriesSequence|00082111ST DerivationDescription|00082112SQ SourceImageSequence',
  '00082142IS StartTrim|00082143IS StopTrim|00082144IS RecommendedDisplayFrameRate',
  '00082218SQ AnatomicRegionSequence|00083002UI AvailableTransferSyntaxUID|00083010UI IrradiationEventUID',
  '00089007CS FrameType|00089205CS PixelPresentation|00089206CS VolumetricProperties',
  '00089207CS VolumeBasedCalculationTechnique|00089215SQ DerivationCodeSequence|00100010PN PatientName',
  '00100020LO PatientID|00100021LO IssuerOfPatientID|00100022CS TypeOfPatientID',
  '00100024SQ IssuerOfPatientIDQualifiersSequence|00100030DA PatientBirthDate|00100032TM PatientBirthTime',
  '00100040CS PatientSex|00101001PN OtherPatientNames|00101002SQ OtherPatientIDsSequence|00101010AS PatientAge',
  '00101020DS PatientSize|00101030DS PatientWeight|00102160SH EthnicGroup|001021B0LT AdditionalPatientHistory',
  '00102201LO PatientSpeciesDescription|00102203CS PatientSexNeutered|00102210CS AnatomicalOrientationType',
  '00102292LO PatientBreedDescription|00104000LT PatientComments|00120062CS PatientIdentityRemoved',
  '00120063LO DeidentificationMethod|00120064SQ DeidentificationMethodCodeSequence',
  '00180010LO ContrastBolusAgent|00180015CS BodyPartExamined|00180020CS ScanningSequence',
  '00180021CS SequenceVariant|00180022CS ScanOptions|00180023CS MRAcquisitionType|00180024SH SequenceName',
  '00180031LO Radiopharmaceutical|00180040IS CineRate|00180050DS SliceThickness|00180060DS KVP',
  '00180080DS RepetitionTime|00180081DS EchoTime|00180082DS InversionTime|00180083DS NumberOfAverages',
  '00180084DS ImagingFrequency|00180085SH ImagedNucleus|00180086IS EchoNumbers|00180087DS MagneticFieldStrength',
  '00180088DS SpacingBetweenSlices|00180089IS NumberOfPhaseEncodingSteps|00180090DS DataCollectionDiameter',
  '00180091IS EchoTrainLength|00180093DS PercentSampling|00180094DS PercentPhaseFieldOfView',
  '00180095DS PixelBandwidth|00181000LO DeviceSerialNumber|00181020LO SoftwareVersions|00181030LO ProtocolName',
  '00181060DS TriggerTime|00181062IS NominalInterval|00181063DS FrameTime|00181065DS FrameTimeVector',
  '00181072TM RadiopharmaceuticalStartTime|00181074DS RadionuclideTotalDose|00181075DS RadionuclideHalfLife',
  '00181076DS RadionuclidePositronFraction|00181078DT RadiopharmaceuticalStartDateTime|00181088IS HeartRate',
  '00181090IS CardiacNumberOfImages|00181100DS ReconstructionDiameter|00181110DS DistanceSourceToDetector',
  '00181111DS DistanceSourceToPatient|00181114DS EstimatedRadiographicMagnificationFactor',
  '00181120DS GantryDetectorTilt|00181130DS TableHeight|00181140CS RotationDirection',
  '00181147CS FieldOfViewShape|00181149IS FieldOfViewDimensions|00181150IS ExposureTime',
  '00181151IS XRayTubeCurrent|00181152IS Exposure|00181153IS ExposureInuAs',
  '0018115EDS ImageAndFluoroscopyAreaDoseProduct|00181160SH FilterType|00181164DS ImagerPixelSpacing',
  '00181166CS Grid|00181170IS GeneratorPower|00181190DS FocalSpots|00181191CS AnodeTargetMaterial',
  '001811A0DS BodyPartThickness|001811A2DS CompressionForce|00181210SH ConvolutionKernel',
  '00181242IS ActualFrameDuration|00181244US PreferredPlaybackSequencing|00181250SH ReceiveCoilName',
  '00181251SH TransmitCoilName|00181310US AcquisitionMatrix|00181312CS InPlanePhaseEncodingDirection',
  '00181314DS FlipAngle|00181315CS VariableFlipAngleFlag|00181316DS SAR|00181318DS dBdt',
  '00181400LO AcquisitionDeviceProcessingDescription|00181405IS RelativeXRayExposure|00181411DS ExposureIndex',
  '00181412DS TargetExposureIndex|00181413DS DeviationIndex|00181510DS PositionerPrimaryAngle',
  '00181511DS PositionerSecondaryAngle|00185100CS PatientPosition|00185101CS ViewPosition',
  '00186000DS Sensitivity|00186011SQ SequenceOfUltrasoundRegions|00186012US RegionSpatialFormat',
  '00186014US RegionDataType|00186016UL RegionFlags|00186018UL RegionLocationMinX0',
  '0018601AUL RegionLocationMinY0|0018601CUL RegionLocationMaxX1|0018601EUL RegionLocationMaxY1',
  '00186020SL ReferencePixelX0|00186022SL ReferencePixelY0|00186024US PhysicalUnitsXDirection',
  '00186026US PhysicalUnitsYDirection|00186028FD ReferencePixelPhysicalValueX',
  '0018602AFD ReferencePixelPhysicalValueY|0018602CFD PhysicalDeltaX|0018602EFD PhysicalDeltaY',
  '00186030UL TransducerFrequency|00186031CS TransducerType|00186032UL PulseRepetitionFrequency',
  '00186034FD DopplerCorrectionAngle|00186036FD SteeringAngle|00187004CS DetectorType',
  '00189004CS ContentQualification|00189073FD AcquisitionDuration|00189074DT FrameAcquisitionDateTime',
  '00189087FD DiffusionBValue|00189089FD DiffusionGradientOrientation|00189151DT FrameReferenceDateTime',
  '00189220FD FrameAcquisitionDuration|00189305FD RevolutionTime|00189306FD SingleCollimationWidth',
  '00189307FD TotalCollimationWidth|00189309FD TableSpeed|00189310FD TableFeedPerRotation',
  '00189311FD SpiralPitchFactor|00189313FD DataCollectionCenterPatient',
  '00189318FD ReconstructionTargetCenterPatient|00189323CS ExposureModulationType|00189332FD ExposureInmAs',
  '00189345FD CTDIvol|0020000DUI StudyInstanceUID|0020000EUI SeriesInstanceUID|00200010SH StudyID',
  '00200011IS SeriesNumber|00200012IS AcquisitionNumber|00200013IS InstanceNumber|00200020CS PatientOrientation',
  '00200032DS ImagePositionPatient|00200037DS ImageOrientationPatient|00200052UI FrameOfReferenceUID',
  '00200060CS Laterality|00200062CS ImageLaterality|00200100IS TemporalPositionIdentifier',
  '00200105IS NumberOfTemporalPositions|00200110DS TemporalResolution',
  '00200200UI SynchronizationFrameOfReferenceUID|00201002IS ImagesInAcquisition',
  '00201040LO PositionReferenceIndicator|00201041DS SliceLocation|00201200IS NumberOfPatientRelatedStudies',
  '00201206IS NumberOfStudyRelatedSeries|00201208IS NumberOfStudyRelatedInstances',
  '00201209IS NumberOfSeriesRelatedInstances|00204000LT ImageComments|00209056SH StackID',
  '00209057UL InStackPositionNumber|00209111SQ FrameContentSequence|00209113SQ PlanePositionSequence',
  '00209116SQ PlaneOrientationSequence|00209128UL TemporalPositionIndex|00209157UL DimensionIndexValues',
  '00209161UI ConcatenationUID|00209162US InConcatenationNumber|00209163US InConcatenationTotalNumber',
  '00209164UI DimensionOrganizationUID|00209165AT DimensionIndexPointer|00209167AT FunctionalGroupPointer',
  '00209221SQ DimensionOrganizationSequence|00209222SQ DimensionIndexSequence',
  '00209228UL ConcatenationFrameOffsetNumber|00209421LO DimensionDescriptionLabel|00280002US SamplesPerPixel',
  '00280004CS PhotometricInterpretation|00280006US PlanarConfiguration|00280008IS NumberOfFrames',
  '00280009AT FrameIncrementPointer|00280010US Rows|00280011US Columns|00280014US UltrasoundColorDataPresent',
  '00280030DS PixelSpacing|00280034IS PixelAspectRatio|00280051CS CorrectedImage|00280100US BitsAllocated',
  '00280101US BitsStored|00280102US HighBit|00280103US PixelRepresentation|00280106xs SmallestImagePixelValue',
  '00280107xs LargestImagePixelValue|00280108xs SmallestPixelValueInSeries|00280109xs LargestPixelValueInSeries',
  '00280120xs PixelPaddingValue|00280121xs PixelPaddingRangeLimit|00280300CS QualityControlImage',
  '00280301CS BurnedInAnnotation|00280302CS RecognizableVisualFeatures|00280A02CS PixelSpacingCalibrationType',
  '00281040CS PixelIntensityRelationship|00281041SS PixelIntensityRelationshipSign|00281050DS WindowCenter',
  '00281051DS WindowWidth|00281052DS RescaleIntercept|00281053DS RescaleSlope|00281054LO RescaleType',
  '00281055LO WindowCenterWidthExplanation|00281056CS VOILUTFunction',
  '00281101xs RedPaletteColorLookupTableDescriptor|00281102xs GreenPaletteColorLookupTableDescriptor',
  '00281103xs BluePaletteColorLookupTableDescriptor|00281199UI PaletteColorLookupTableUID',
  '00281201OW RedPaletteColorLookupTableData|00281202OW GreenPaletteColorLookupTableData',
  '00281203OW BluePaletteColorLookupTableData|00281221OW SegmentedRedPaletteColorLookupTableData',
  '00281222OW SegmentedGreenPaletteColorLookupTableData|00281223OW SegmentedBluePaletteColorLookupTableData',
  '00282110CS LossyImageCompression|00282112DS LossyImageCompressionRatio',
  '00282114CS LossyImageCompressionMethod|00283000SQ ModalityLUTSequence|00283002xs LUTDescriptor',
  '00283003LO LUTExplanation|00283004LO ModalityLUTType|00283006OW LUTData|00283010SQ VOILUTSequence',
  '00289110SQ PixelMeasuresSequence|00289132SQ FrameVOILUTSequence|00289145SQ PixelValueTransformationSequence',
  '00321032PN RequestingPhysician|00321060LO RequestedProcedureDescription',
  '00321064SQ RequestedProcedureCodeSequence|00380010LO AdmissionID',
  '00400007LO ScheduledProcedureStepDescription|00400009SH ScheduledProcedureStepID',
  '00400244DA PerformedProcedureStepStartDate|00400245TM PerformedProcedureStepStartTime',
  '00400253SH PerformedProcedureStepID|00400254LO PerformedProcedureStepDescription',
  '00400275SQ RequestAttributesSequence|00400555SQ AcquisitionContextSequence',
  '004008EASQ MeasurementUnitsCodeSequence|00401001SH RequestedProcedureID',
  '00409096SQ RealWorldValueMappingSequence|00409210SH LUTLabel|00409211xs RealWorldValueLastValueMapped',
  '00409212FD RealWorldValueLUTData|00409216xs RealWorldValueFirstValueMapped',
  '00409224FD RealWorldValueIntercept|00409225FD RealWorldValueSlope|0040A010CS RelationshipType',
  '0040A032DT ObservationDateTime|0040A040CS ValueType|0040A043SQ ConceptNameCodeSequence',
  '0040A050CS ContinuityOfContent|0040A120DT DateTime|0040A121DA Date|0040A122TM Time|0040A123PN PersonName',
  '0040A124UI UID|0040A160UT TextValue|0040A168SQ ConceptCodeSequence|0040A170SQ PurposeOfReferenceCodeSequence',
  '0040A300SQ MeasuredValueSequence|0040A30ADS NumericValue',
  '0040A375SQ CurrentRequestedProcedureEvidenceSequence|0040A385SQ PertinentOtherEvidenceSequence',
  '0040A491CS CompletionFlag|0040A493CS VerificationFlag|0040A504SQ ContentTemplateSequence',
  '0040A730SQ ContentSequence|0040DB00CS TemplateIdentifier|00420010ST DocumentTitle',
  '00420011OB EncapsulatedDocument|00420012LO MIMETypeOfEncapsulatedDocument',
  '00540016SQ RadiopharmaceuticalInformationSequence|00540081US NumberOfSlices|00540101US NumberOfTimeSlices',
  '00540300SQ RadionuclideCodeSequence|00540410SQ PatientOrientationCodeSequence',
  '00540414SQ PatientGantryRelationshipCodeSequence|00541000CS SeriesType|00541001CS Units',
  '00541002CS CountsSource|00541100CS RandomsCorrectionMethod|00541101LO AttenuationCorrectionMethod',
  '00541102CS DecayCorrection|00541103LO ReconstructionMethod|00541105LO ScatterCorrectionMethod',
  '00541300DS FrameReferenceTime|00541321DS DecayFactor|00541322DS DoseCalibrationFactor|00541330US ImageIndex',
  '00620001CS SegmentationType|00620002SQ SegmentSequence|00620003SQ SegmentedPropertyCategoryCodeSequence',
  '00620004US SegmentNumber|00620005LO SegmentLabel|00620006ST SegmentDescription',
  '00620008CS SegmentAlgorithmType|00620009LO SegmentAlgorithmName|0062000ASQ SegmentIdentificationSequence',
  '0062000BUS ReferencedSegmentNumber|0062000CUS RecommendedDisplayGrayscaleValue',
  '0062000DUS RecommendedDisplayCIELabValue|0062000EUS MaximumFractionalValue',
  '0062000FSQ SegmentedPropertyTypeCodeSequence|00620010CS SegmentationFractionalType',
  '00700001SQ GraphicAnnotationSequence|00700022FL GraphicData|00700023CS GraphicType|00700080CS ContentLabel',
  '00700081LO ContentDescription|00700084PN ContentCreatorName|00880200SQ IconImageSequence',
  '20500020CS PresentationLUTShape|52009229SQ SharedFunctionalGroupsSequence',
  '52009230SQ PerFrameFunctionalGroupsSequence|60000010US OverlayRows|60000011US OverlayColumns',
  '60000015IS NumberOfFramesInOverlay|60000022LO OverlayDescription|60000040CS OverlayType',
  '60000045LO OverlaySubtype|60000050SS OverlayOrigin|60000051US ImageFrameOrigin',
  '60000100US OverlayBitsAllocated|60000102US OverlayBitPosition|60001500LO OverlayLabel|60003000OW OverlayData',
  '7FE00001OV ExtendedOffsetTable|7FE00002OV ExtendedOffsetTableLengths|7FE00008OF FloatPixelData',
  '7FE00009OD DoubleFloatPixelData|7FE00010OW PixelData|FFFAFFFASQ DigitalSignaturesSequence',
  'FFFCFFFCOB DataSetTrailingPadding',
].join('|');

export interface TagInfo {
  vr: string;
  keyword: string;
}

const byTag = new Map<string, TagInfo>();
const byKeyword = new Map<string, string>();
for (const entry of ENTRIES.split('|')) {
  const tag = entry.slice(0, 8);
  const info = { vr: entry.slice(8, 10), keyword: entry.slice(11) };
  byTag.set(tag, info);
  byKeyword.set(info.keyword.toLowerCase(), tag);
}

/** The dictionary entry of a tag (`GGGGEEEE`, upper-case hex). */
export function tagInfo(tag: string): TagInfo | undefined {
  return byTag.get(tag);
}

/**
 * The VR of a tag read from implicit VR data: the dictionary's, `LO` for
 * private creators, `UL` for group lengths, else `UN`.
 */
export function implicitVr(tag: string, pixelRepresentation = 0): string {
  const info = byTag.get(tag) ?? (/^60[01][02468ACE]/.test(tag) ? byTag.get(`6000${tag.slice(4)}`) : undefined);
  if (info) {
    if (info.vr !== 'xs') return info.vr;
    return pixelRepresentation === 1 && !/^0028(110|300)/.test(tag) ? 'SS' : 'US';
  }
  if (tag.endsWith('0000')) return 'UL';
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4), 16);
  if (group % 2 === 1 && element >= 0x10 && element <= 0xff) return 'LO';
  return 'UN';
}

/**
 * Resolves a QIDO-RS attribute name: a keyword (case-insensitive) or a tag
 * (`00100020`, also `(0010,0020)` or `0010,0020`). Returns the upper-case tag.
 */
export function resolveAttribute(name: string): string | undefined {
  const hex = name.replace(/[(),]/g, '');
  if (/^[0-9a-fA-F]{8}$/.test(hex)) return hex.toUpperCase();
  return byKeyword.get(name.toLowerCase());
}

/** The keyword of a tag, or the tag itself when it is not in the dictionary. */
export function keywordOf(tag: string): string {
  return byTag.get(tag)?.keyword ?? tag;
}
