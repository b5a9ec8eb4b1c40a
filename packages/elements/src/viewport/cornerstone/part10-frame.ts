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
  let dataSet: ReturnType<typeof dicomParser.parseDicom>;
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
    const size = nativeFrameBytes(pixelFormat(reference.instance.dataset));
    const start = pixelData.dataOffset + index * size;
    if (start + size > pixelData.dataOffset + pixelData.length || start + size > bytes.byteLength) {
      throw new ImageError('truncated', 'the instance has fewer bytes than its frames need');
    }
    frame = bytes.subarray(start, start + size);
  }
  return { frame: reference.frame, transferSyntaxUid, contentType: 'application/dicom', bytes: frame };
}
