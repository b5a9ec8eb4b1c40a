/**
 * Cornerstone's metadata for Fovea's image ids, answered from `@fovea-dicom/core`'s
 * model instead of the loader's own provider. The loader's provider assumes
 * attributes the standard lets be absent (a missing Modality threw a TypeError
 * inside Cornerstone, outside any promise: the viewport loaded for ever) and
 * reads enhanced multi-frame objects differently from the rest of Fovea. This
 * one never throws: what it cannot read, it leaves out.
 */
import { metaData } from '@cornerstonejs/core';
import { getString, ImageError, pixelFormat, Tag, type ImageReference } from '@fovea-dicom/core';
import { frameAttributesOf } from '../../model/frame-attributes.js';

/** Ahead of every provider Cornerstone and its loader register. */
const PRIORITY = 10_000;

type Module = Record<string, unknown>;

function imagePlane(reference: ImageReference): Module {
  const { instance } = reference;
  const f = frameAttributesOf(reference);
  const orientation = f.imageOrientationPatient ?? [1, 0, 0, 0, 1, 0];
  const spacing = f.pixelSpacing;
  return {
    frameOfReferenceUID: instance.frameOfReferenceUid,
    rows: instance.rows,
    columns: instance.columns,
    imageOrientationPatient: orientation,
    rowCosines: orientation.slice(0, 3),
    columnCosines: orientation.slice(3, 6),
    imagePositionPatient: f.imagePositionPatient ?? [0, 0, 0],
    sliceThickness: f.sliceThickness,
    sliceLocation: instance.sliceLocation,
    pixelSpacing: spacing,
    rowPixelSpacing: spacing?.[0] ?? 1,
    columnPixelSpacing: spacing?.[1] ?? 1,
    usingDefaultValues: !spacing || !f.imageOrientationPatient || !f.imagePositionPatient,
  };
}

function imagePixel(reference: ImageReference): Module | undefined {
  const format = pixelFormat(reference.instance.dataset);
  return {
    samplesPerPixel: format.samplesPerPixel,
    photometricInterpretation: format.photometricInterpretation,
    rows: format.rows,
    columns: format.columns,
    bitsAllocated: format.bitsAllocated,
    bitsStored: format.bitsStored,
    highBit: format.highBit,
    pixelRepresentation: format.pixelRepresentation,
    planarConfiguration: format.planarConfiguration,
  };
}

function provide(type: string, reference: ImageReference): Module | undefined {
  const { instance } = reference;
  switch (type) {
    case 'imagePlaneModule':
      return imagePlane(reference);
    case 'imagePixelModule':
      return imagePixel(reference);
    case 'generalSeriesModule':
      return {
        modality: instance.modality ?? '',
        seriesInstanceUID: reference.seriesInstanceUid,
        studyInstanceUID: reference.studyInstanceUid,
        seriesNumber: instance.seriesNumber,
        seriesDescription: instance.seriesDescription,
      };
    case 'generalImageModule':
      return {
        sopInstanceUID: reference.sopInstanceUid,
        instanceNumber: instance.instanceNumber,
        lossyImageCompression: getString(instance.dataset, Tag.LossyImageCompression),
      };
    case 'sopCommonModule':
      return { sopClassUID: instance.sopClassUid, sopInstanceUID: reference.sopInstanceUid };
    case 'voiLutModule': {
      const f = frameAttributesOf(reference);
      return {
        windowCenter: f.windows.map((w) => w.center),
        windowWidth: f.windows.map((w) => w.width),
        voiLUTFunction: f.voiLutFunction,
      };
    }
    case 'modalityLutModule': {
      const f = frameAttributesOf(reference);
      return { rescaleSlope: f.rescaleSlope, rescaleIntercept: f.rescaleIntercept, rescaleType: f.rescaleType };
    }
    case 'multiframeModule':
      return { NumberOfFrames: instance.numberOfFrames };
    case 'cineModule':
      return { numberOfFrames: instance.numberOfFrames };
    case 'nmMultiframeGeometryModule':
      return { modality: instance.modality ?? '', isNMReconstructable: false };
    default:
      return undefined;
  }
}

/** The modules Cornerstone cannot draw an image without. */
const REQUIRED = ['imagePlaneModule', 'imagePixelModule', 'voiLutModule', 'modalityLutModule', 'generalSeriesModule'];

/**
 * Checks that every module Cornerstone needs to draw `reference` can be
 * answered: called by the loader before it hands an image over, so that a
 * header the provider cannot read fails the load (inside its promise) rather
 * than Cornerstone's display code, which would throw where no one listens.
 */
export function checkMetadata(reference: ImageReference): void {
  for (const type of REQUIRED) {
    let module: Module | undefined;
    try {
      module = provide(type, reference);
    } catch (cause) {
      if (cause instanceof ImageError) throw cause;
      throw new ImageError('header', 'the image attributes could not be read', { cause });
    }
    if (!module) throw new ImageError('header', 'the image attributes could not be read');
  }
}

/**
 * Registers the provider for image ids that `lookup` knows (once per page;
 * Cornerstone's registry is page-wide). Other image ids go to the next provider.
 */
export function registerMetadataProvider(lookup: (imageId: string) => ImageReference | undefined): void {
  metaData.addProvider((type: string, query: unknown) => {
    if (typeof query !== 'string') return undefined;
    const reference = lookup(query);
    if (!reference) return undefined;
    try {
      return provide(type, reference);
    } catch {
      // A header the image cannot be drawn from: the image's load reports it.
      return undefined;
    }
  }, PRIORITY);
}
