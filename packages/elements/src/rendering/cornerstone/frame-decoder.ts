/**
 * One frame's bytes to a Cornerstone image, checked at every step (decision
 * 0009). The header is validated before any byte is decoded; native and RLE
 * frames are decoded here, compressed ones by the loader's codecs in its
 * worker (scaling off: the values come back as the codec made them); then
 * `@fovea-dicom/core` applies the dataset's sign, Bits Stored, colour model,
 * palette and modality transform, the same way for every encoding. Every
 * failure is an {@link ImageError} thrown inside the load's promise.
 *
 * This replaces the loader's createImage, which let the codestream's sign win
 * over the dataset's, drew 16-bit RGB as 16-bit greys, threw inside callbacks
 * (a promise that never settled), and decoded colour JPEG through an `<img>`
 * with a data: URL.
 */
import { getWebWorkerManager, utilities, type Types } from '@cornerstonejs/core';
import {
  decodeRle,
  DecoderBlockedError,
  frameEncoding,
  ImageError,
  isAbortError,
  nativeFrameBytes,
  nativeSamples,
  normaliseFrame,
  pixelFormat,
  TransferSyntax,
  type Frame,
  type FrameAttributes,
  type ImageReference,
  type NormalisedFrame,
  type PixelFormat,
  type Samples,
} from '@fovea-dicom/core';
import type { PixelValues } from '../../model/presentation.js';
import { frameAttributesOf } from '../../model/frame-attributes.js';
import { DECODER_BLOCKED } from './codecs/decoder-blocked.js';
import type { PaletteTables } from './palette.js';

/** JPEG with DCT: libjpeg-turbo converts YCbCr to RGB itself; other codecs give the samples as stored. */
const CODEC_CONVERTS_YBR = new Set<string>([
  TransferSyntax.JPEGBaseline,
  TransferSyntax.JPEGExtended,
  '1.2.840.10008.1.2.4.53',
  '1.2.840.10008.1.2.4.55',
]);

/** The values behind each image made here, for `pixelValues()`: exact, whatever the renderer does to its copy. */
const valuesByImage = new WeakMap<object, PixelValues>();

/** The decoded values of an image this module made, or undefined. */
export function valuesOf(image: object | undefined): PixelValues | undefined {
  return image ? valuesByImage.get(image) : undefined;
}

/** What the worker's decode task answers (the part read here). */
interface DecodedByWorker {
  pixelData?: unknown;
  rows?: number;
  columns?: number;
}

function isSamples(value: unknown): value is Samples {
  return (
    value instanceof Uint8Array ||
    value instanceof Int8Array ||
    value instanceof Uint16Array ||
    value instanceof Int16Array ||
    value instanceof Uint32Array ||
    value instanceof Int32Array
  );
}

/**
 * Codestreams that must end with their End of Image marker (after at most one
 * padding byte) before they are decoded: the loader's JavaScript JPEG lossless
 * decoder decodes a stream cut short without complaint (the rest of the image
 * comes out as zeros), and CharLS spins for about 15 s on a 512 x 512 JPEG-LS
 * stream cut short before it fails.
 */
const CHECK_END_OF_IMAGE = new Set<string>([
  TransferSyntax.JPEGLossless,
  TransferSyntax.JPEGLosslessSV1,
  TransferSyntax.JPEGLSLossless,
  TransferSyntax.JPEGLSNearLossless,
]);

function endsWithEndOfImage(bytes: Uint8Array): boolean {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0) end--;
  return end >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

async function decodeInWorker(format: PixelFormat, frame: Frame, priority: number): Promise<Samples> {
  if (format.bitsAllocated === 1) {
    throw new ImageError('bits', 'compressed images with 1 bit allocated are not supported');
  }
  if (CHECK_END_OF_IMAGE.has(frame.transferSyntaxUid) && !endsWithEndOfImage(frame.bytes)) {
    throw new ImageError('truncated', 'the compressed frame ends before its End of Image marker');
  }
  const imageFrame = {
    samplesPerPixel: format.samplesPerPixel,
    photometricInterpretation: format.photometricInterpretation,
    planarConfiguration: format.planarConfiguration,
    rows: format.rows,
    columns: format.columns,
    bitsAllocated: format.bitsAllocated,
    bitsStored: format.bitsStored,
    pixelRepresentation: format.pixelRepresentation,
  };
  let result: DecodedByWorker | undefined;
  // A copy of exactly the frame (the frame's bytes may be a view of a bigger answer), moved to the
  // worker: `transferList` is our build's addition to executeTask (cornerstone-patches.mjs, 16).
  const pixelData = frame.bytes.slice();
  const taskOptions = { priority, transferList: [pixelData.buffer] };
  try {
    result = (await getWebWorkerManager().executeTask(
      'dicomImageLoader',
      'decodeTask',
      {
        imageFrame,
        transferSyntax: frame.transferSyntaxUid,
        pixelData,
        // `fovea`: no range, no narrowed type, one copy (cornerstone-patches.mjs, 17).
        options: { preScale: { enabled: false }, fovea: true },
        decodeConfig: {},
      },
      taskOptions,
    )) as DecodedByWorker | undefined;
  } catch (cause) {
    if (isAbortError(cause)) throw cause;
    if (cause instanceof Error && cause.name === DECODER_BLOCKED) {
      throw new DecoderBlockedError(`${cause.message}: the image cannot be decoded on this page`, { cause });
    }
    throw new ImageError('codec', 'the decoder rejected the image data', { cause });
  }
  if (!result || !isSamples(result.pixelData)) {
    throw new ImageError('codec', 'the decoder gave no pixels');
  }
  if (
    (result.rows !== undefined && result.rows !== format.rows) ||
    (result.columns !== undefined && result.columns !== format.columns)
  ) {
    throw new ImageError('decoded-size', 'the compressed image is not the size the header says');
  }
  return result.pixelData;
}

/** The stored-to-display canvas of a colour image, for Cornerstone's CPU path (drawn at window 256 / 128). */
function colourCanvas(rgb: Uint8Array, columns: number, rows: number): () => HTMLCanvasElement {
  let canvas: HTMLCanvasElement | undefined;
  return () => {
    if (canvas) return canvas;
    canvas = document.createElement('canvas');
    canvas.width = columns;
    canvas.height = rows;
    const context = canvas.getContext('2d');
    if (!context) throw new ImageError('draw', 'no 2D canvas for a colour image');
    const data = context.createImageData(columns, rows);
    for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
      data.data[q] = rgb[p]!;
      data.data[q + 1] = rgb[p + 1]!;
      data.data[q + 2] = rgb[p + 2]!;
      data.data[q + 3] = 255;
    }
    context.putImageData(data, 0, 0);
    return canvas;
  };
}

function cornerstoneImage(
  imageId: string,
  reference: ImageReference,
  format: PixelFormat,
  frame: NormalisedFrame,
  f: FrameAttributes,
): Types.IImage {
  const color = frame.samplesPerPixel === 3;
  const { display, min, max } = frame;
  const scaled = frame.modalityLutApplied;
  const window = f.windows[0];
  const fallback = utilities.windowLevel.toWindowLevel(min, max);
  const extraBytes = (frame.values as ArrayLike<number>) === display ? 0 : frame.values.byteLength;
  const image = {
    imageId,
    dataType: display.constructor.name,
    color,
    calibration: {},
    columnPixelSpacing: f.pixelSpacing?.[1],
    rowPixelSpacing: f.pixelSpacing?.[0],
    columns: format.columns,
    rows: format.rows,
    width: format.columns,
    height: format.rows,
    preScale: scaled
      ? {
          enabled: true,
          scaled: true,
          scalingParameters: {
            rescaleSlope: f.rescaleSlope,
            rescaleIntercept: f.rescaleIntercept,
            modality: reference.instance.modality,
          },
        }
      : { enabled: false, scaled: false },
    intercept: scaled ? f.rescaleIntercept : 0,
    slope: scaled ? f.rescaleSlope : 1,
    invert: format.photometricInterpretation === 'MONOCHROME1',
    minPixelValue: min,
    maxPixelValue: max,
    sizeInBytes: display.byteLength + extraBytes,
    windowCenter: color ? 128 : (window?.center ?? fallback.windowCenter),
    windowWidth: color ? 256 : (window?.width ?? fallback.windowWidth),
    voiLUTFunction: f.voiLutFunction,
    decodeTimeInMS: 0,
    floatPixelData: undefined,
    imageFrame: {
      ...format,
      pixelData: display,
      pixelDataLength: display.length,
      smallestPixelValue: min,
      largestPixelValue: max,
    },
    voxelManager: utilities.VoxelManager.createImageVoxelManager({
      scalarData: display,
      width: format.columns,
      height: format.rows,
      numberOfComponents: frame.samplesPerPixel,
    }),
    rgba: false,
    getPixelData: () => display,
    getCanvas: color ? colourCanvas(display as Uint8Array, format.columns, format.rows) : undefined,
    numberOfComponents: frame.samplesPerPixel,
  };
  return image as unknown as Types.IImage;
}

/**
 * Decodes `frame` of `reference` into a Cornerstone image whose values
 * `valuesOf` gives. `palette`: the tables of a PALETTE COLOR instance.
 */
export async function decodeFrame(
  imageId: string,
  reference: ImageReference,
  frame: Frame,
  palette: PaletteTables | undefined,
  priority = 0,
): Promise<Types.IImage> {
  const format = pixelFormat(reference.instance.dataset);
  const encoding = frameEncoding(frame.transferSyntaxUid);
  if (frame.bytes.byteLength === 0) throw new ImageError('truncated', 'the frame has no bytes');
  const native = encoding === 'native' || encoding === 'native-big-endian';
  const raw = native
    ? nativeSamples(frame.bytes, format, nativeFrameBytes(format), encoding === 'native-big-endian')
    : encoding === 'rle'
      ? decodeRle(frame.bytes, format)
      : await decodeInWorker(format, frame, priority);
  const f = frameAttributesOf(reference);
  const normalised = normaliseFrame(format, raw, {
    convertYbr: !CODEC_CONVERTS_YBR.has(frame.transferSyntaxUid),
    planar: native,
    decoded: encoding === 'codec',
    rescaleSlope: f.rescaleSlope,
    rescaleIntercept: f.rescaleIntercept,
    palette,
    // Every raw array here is this load's own: a copy of the frame's bytes, the RLE decoder's
    // output, or the worker's (moved, patch 16).
    reuse: true,
  });
  const image = cornerstoneImage(imageId, reference, format, normalised, f);
  valuesByImage.set(image, {
    rows: format.rows,
    columns: format.columns,
    samplesPerPixel: normalised.samplesPerPixel,
    data: normalised.values,
    modalityLutApplied: normalised.modalityLutApplied,
    rescaleSlope: f.rescaleSlope,
    rescaleIntercept: f.rescaleIntercept,
  });
  return image;
}
