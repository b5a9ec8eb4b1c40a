/**
 * What the header says the pixels of an image are, checked before any byte is
 * decoded: a header that cannot describe a displayable image is an
 * {@link ImageError}, never a canvas call with impossible sizes. The dataset
 * is the authority: what a codestream declares (a JPEG 2000 header saying
 * unsigned where Pixel Representation says signed) never overrides it.
 */
import { getNumber, getNumbers, getString, type DicomJsonDataset } from '../model/json.js';
import { Tag } from '../model/tags.js';
import { TransferSyntax } from '../dicomweb/transfer-syntax.js';
import { ImageError } from './image-error.js';

/** Photometric interpretations Fovea displays. */
export type Photometric =
  'MONOCHROME1' | 'MONOCHROME2' | 'PALETTE COLOR' | 'RGB' | 'YBR_FULL' | 'YBR_FULL_422' | 'YBR_ICT' | 'YBR_RCT';

const SAMPLES: Record<Photometric, 1 | 3> = {
  MONOCHROME1: 1,
  MONOCHROME2: 1,
  'PALETTE COLOR': 1,
  RGB: 3,
  YBR_FULL: 3,
  YBR_FULL_422: 3,
  YBR_ICT: 3,
  YBR_RCT: 3,
};

/** The most pixels a frame may have: beyond it a header is taken as damaged (a 16k x 8k image is 128 Mpixel). */
export const MAX_FRAME_PIXELS = 2 ** 27;

/** The most frames an instance may have (an enhanced 4D CT has thousands): beyond it a header is taken as damaged. */
export const MAX_FRAMES = 65535;

/** The pixel format of an instance's frames, from its header. */
export interface PixelFormat {
  rows: number;
  columns: number;
  samplesPerPixel: 1 | 3;
  photometricInterpretation: Photometric;
  bitsAllocated: 1 | 8 | 16 | 32;
  bitsStored: number;
  /** Where the most significant stored bit sits (Bits Stored - 1 in all but old files). */
  highBit: number;
  /** 1: two's complement samples. */
  pixelRepresentation: 0 | 1;
  /** 1: colour planes one after the other (R…, G…, B…) in native and RLE frames. */
  planarConfiguration: 0 | 1;
}

function integer(dataset: DicomJsonDataset, tag: string): number | undefined {
  const v = getNumber(dataset, tag);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

/**
 * Reads and checks the pixel attributes of `dataset` (an instance's
 * metadata). Throws an {@link ImageError} naming the attribute that cannot
 * describe a displayable image.
 */
export function pixelFormat(dataset: DicomJsonDataset): PixelFormat {
  const rows = integer(dataset, Tag.Rows);
  const columns = integer(dataset, Tag.Columns);
  if (rows === undefined || columns === undefined || rows < 1 || columns < 1 || rows > 65535 || columns > 65535) {
    throw new ImageError('geometry', 'Rows or Columns is missing, zero, negative or out of range');
  }
  if (rows * columns > MAX_FRAME_PIXELS) {
    throw new ImageError('geometry', 'Rows x Columns is too large to display');
  }
  const photometric = getString(dataset, Tag.PhotometricInterpretation)?.trim().toUpperCase();
  if (!photometric) throw new ImageError('photometric', 'Photometric Interpretation is missing');
  if (!(photometric in SAMPLES)) {
    throw new ImageError('photometric', 'Photometric Interpretation is not one Fovea displays');
  }
  const photometricInterpretation = photometric as Photometric;
  const expectedSamples = SAMPLES[photometricInterpretation];
  const samples = integer(dataset, Tag.SamplesPerPixel) ?? expectedSamples;
  if (samples !== expectedSamples) {
    throw new ImageError('samples', 'Samples per Pixel does not match Photometric Interpretation');
  }
  const bitsAllocated = integer(dataset, Tag.BitsAllocated);
  if (bitsAllocated !== 1 && bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new ImageError('bits', 'Bits Allocated is missing or not 1, 8, 16 or 32');
  }
  const bitsStored = integer(dataset, Tag.BitsStored) ?? bitsAllocated;
  const highBit = integer(dataset, Tag.HighBit) ?? bitsStored - 1;
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    throw new ImageError('bits', 'Bits Stored or High Bit does not fit Bits Allocated');
  }
  if (samples === 3 && bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw new ImageError('bits', 'colour images must have 8 or 16 bits allocated');
  }
  if (photometricInterpretation === 'PALETTE COLOR') {
    if (bitsAllocated !== 8 && bitsAllocated !== 16) {
      throw new ImageError('bits', 'PALETTE COLOR images must have 8 or 16 bits allocated');
    }
    for (const tag of [
      Tag.RedPaletteColorLookupTableDescriptor,
      Tag.GreenPaletteColorLookupTableDescriptor,
      Tag.BluePaletteColorLookupTableDescriptor,
    ]) {
      // Orthanc leaves US-or-SS descriptors out of the metadata of implicit-VR
      // files: the data attribute alone is accepted, its form is inferred.
      const dataTag = `002812${tag.slice(6)}`;
      if (getNumbers(dataset, tag).length < 3 && dataset[dataTag] === undefined) {
        throw new ImageError('palette', 'PALETTE COLOR without its lookup tables');
      }
    }
  }
  const pixelRepresentation = dataset[Tag.PixelRepresentation] ? integer(dataset, Tag.PixelRepresentation) : 0;
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    throw new ImageError('bits', 'Pixel Representation is not 0 or 1');
  }
  const planarConfiguration =
    samples === 3 && dataset[Tag.PlanarConfiguration] ? integer(dataset, Tag.PlanarConfiguration) : 0;
  if (planarConfiguration !== 0 && planarConfiguration !== 1) {
    throw new ImageError('samples', 'Planar Configuration is not 0 or 1');
  }
  if (dataset[Tag.NumberOfFrames] !== undefined) {
    const frames = integer(dataset, Tag.NumberOfFrames);
    if (frames === undefined || frames < 1 || frames > MAX_FRAMES) {
      throw new ImageError('header', `Number of Frames is not a number from 1 to ${MAX_FRAMES}`);
    }
  }
  return {
    rows,
    columns,
    samplesPerPixel: samples,
    photometricInterpretation,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    planarConfiguration,
  };
}

/** How a frame's bytes are encoded. */
export type FrameEncoding =
  /** The samples themselves, little endian. */
  | 'native'
  /** The samples themselves, big endian. */
  | 'native-big-endian'
  /** RLE Lossless (PS3.5 G). */
  | 'rle'
  /** A compressed codestream that a codec decodes (JPEG, JPEG-LS, JPEG 2000, HTJ2K, JPEG XL). */
  | 'codec';

const NATIVE = new Set<string>([
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  // A WADO-RS frame is never deflated: only the Part 10 file around it was.
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  // Encapsulated Uncompressed Explicit VR Little Endian: native bytes in fragments.
  '1.2.840.10008.1.2.1.98',
]);

const CODEC = new Set<string>([
  TransferSyntax.JPEGBaseline,
  TransferSyntax.JPEGExtended,
  '1.2.840.10008.1.2.4.53',
  '1.2.840.10008.1.2.4.55',
  TransferSyntax.JPEGLossless,
  TransferSyntax.JPEGLosslessSV1,
  TransferSyntax.JPEGLSLossless,
  TransferSyntax.JPEGLSNearLossless,
  TransferSyntax.JPEG2000Lossless,
  TransferSyntax.JPEG2000,
  TransferSyntax.HTJ2KLossless,
  TransferSyntax.HTJ2KLosslessRPCL,
  TransferSyntax.HTJ2K,
  '3.2.840.10008.1.2.4.96',
  '1.2.840.10008.1.2.4.110',
  '1.2.840.10008.1.2.4.111',
  '1.2.840.10008.1.2.4.112',
]);

/** The encoding of frames in `transferSyntaxUid`; an ImageError for syntaxes Fovea has no decoder for. */
export function frameEncoding(transferSyntaxUid: string): FrameEncoding {
  if (NATIVE.has(transferSyntaxUid)) return 'native';
  if (transferSyntaxUid === TransferSyntax.ExplicitVRBigEndian) return 'native-big-endian';
  if (transferSyntaxUid === TransferSyntax.RLELossless) return 'rle';
  if (CODEC.has(transferSyntaxUid)) return 'codec';
  throw new ImageError('transfer-syntax', 'no decoder for the transfer syntax of this image');
}

/**
 * Bytes of one native frame: Rows x Columns x Samples x Bits Allocated / 8,
 * YBR_FULL_422 with two chroma samples per pixel pair, 1-bit frames packed.
 */
export function nativeFrameBytes(format: PixelFormat): number {
  const pixels = format.rows * format.columns;
  if (format.bitsAllocated === 1) return Math.ceil(pixels / 8);
  const samples = format.photometricInterpretation === 'YBR_FULL_422' ? 2 : format.samplesPerPixel;
  return pixels * samples * (format.bitsAllocated / 8);
}
