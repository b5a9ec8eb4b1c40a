/**
 * One frame cut out of a whole Part 10 instance, for servers that refuse or
 * fail to send the frame itself (Orthanc answers 400 when it would have to
 * transcode an uncompressed YBR_FULL_422 frame). Parsed with dicom-parser,
 * which the loader bundles anyway.
 */
import dicomParser from 'dicom-parser';
import {
  DicomParseError,
  ImageError,
  nativeFrameBytes,
  pixelFormat,
  TransferSyntax,
  type Frame,
  type ImageReference,
} from '@fovea-dicom/core';

/** Frame `reference.frame` of the instance in `bytes` (Part 10), with its transfer syntax. */
export function frameFromPart10(bytes: Uint8Array, reference: ImageReference): Frame {
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes);
  } catch (cause) {
    throw new DicomParseError('the instance is not valid Part 10 data', { cause });
  }
  const transferSyntaxUid = dataSet.string('x00020010')?.trim();
  if (!transferSyntaxUid) throw new DicomParseError('the instance has no transfer syntax');
  if (transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    throw new ImageError('transfer-syntax', 'a deflated instance cannot be read here');
  }
  const pixelData = dataSet.elements['x7fe00010'];
  if (!pixelData) throw new ImageError('truncated', 'the instance has no pixel data');
  const index = reference.frame - 1;
  let frame: Uint8Array;
  try {
    frame = cut(dataSet, pixelData, bytes, reference, index);
  } catch (cause) {
    if (cause instanceof ImageError) throw cause;
    throw new ImageError('truncated', 'the pixel data of the instance does not hold the frame', { cause });
  }
  return { frame: reference.frame, transferSyntaxUid, contentType: 'application/dicom', bytes: frame };
}

type DataSet = ReturnType<typeof dicomParser.parseDicom>;

function cut(
  dataSet: DataSet,
  pixelData: NonNullable<DataSet['elements'][string]>,
  bytes: Uint8Array,
  reference: ImageReference,
  index: number,
): Uint8Array {
  let frame: Uint8Array;
  if (pixelData.encapsulatedPixelData) {
    const fragments = pixelData.fragments ?? [];
    const frames = reference.instance.numberOfFrames;
    if (frames === 1) {
      frame = dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, 0, fragments.length);
    } else if (pixelData.basicOffsetTable?.length) {
      frame = dicomParser.readEncapsulatedImageFrame(dataSet, pixelData, index);
    } else if (fragments.length === frames) {
      frame = dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, index, 1);
    } else {
      const table = dicomParser.createJPEGBasicOffsetTable(dataSet, pixelData);
      frame = dicomParser.readEncapsulatedImageFrame(dataSet, pixelData, index, table);
    }
  } else {
    frame = nativeFrame(pixelData, bytes, reference, index);
  }
  if (frame.byteLength === 0) throw new ImageError('truncated', 'the frame has no bytes');
  return frame;
}

/**
 * A native frame, after checking that Pixel Data holds exactly the frames
 * the header describes (plus one padding byte). 1-bit frames are packed
 * one after the other without byte alignment (PS3.5 8.1.1): the frame's
 * bits are copied out so that it starts at bit 0 of its first byte.
 */
function nativeFrame(
  pixelData: NonNullable<DataSet['elements'][string]>,
  bytes: Uint8Array,
  reference: ImageReference,
  index: number,
): Uint8Array {
  const format = pixelFormat(reference.instance.dataset);
  const frames = reference.instance.numberOfFrames;
  const pixels = format.rows * format.columns;
  const size = nativeFrameBytes(format);
  const expected = format.bitsAllocated === 1 ? Math.ceil((frames * pixels) / 8) : frames * size;
  const length = Math.min(pixelData.length, bytes.byteLength - pixelData.dataOffset);
  if (length < expected) throw new ImageError('truncated', 'the instance has fewer bytes than its frames need');
  if (length > expected + (expected % 2)) {
    throw new ImageError('decoded-size', 'Pixel Data holds more bytes than the header describes');
  }
  const data = bytes.subarray(pixelData.dataOffset, pixelData.dataOffset + length);
  if (format.bitsAllocated !== 1) return data.subarray(index * size, (index + 1) * size);
  const frame = new Uint8Array(size);
  const first = index * pixels;
  for (let p = 0; p < pixels; p++) {
    const bit = first + p;
    if ((data[bit >> 3]! >> (bit & 7)) & 1) frame[p >> 3]! |= 1 << (p & 7);
  }
  return frame;
}
