// dcmjs ships no types: every program that compiles this module (the guides' examples, Storybook) needs them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./dcmjs.d.ts" />
/**
 * The one module that imports dcmjs, lazily: Part 10 files for the SR, KOS and
 * Encapsulated PDF documents Fovea writes and reads. Datasets are dcmjs's
 * "naturalized" form (keyword: value, sequences as arrays of datasets), which
 * the builders in this folder produce and the readers take.
 */
import { DicomParseError } from '@fovea-dicom/core';
import type dcmjsModule from 'dcmjs';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './uid.js';
import { lengthOverrun } from './part10-bounds.js';

/** A dataset by attribute keyword (dcmjs's naturalized form). */
export type Dataset = Record<string, unknown>;

/** Explicit VR little endian: what Fovea writes. */
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** Documents larger than this are refused before parsing (an SR or KOS is kilobytes; a PDF a few megabytes). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

type Dcmjs = typeof dcmjsModule;
let loading: Promise<Dcmjs> | undefined;

/** dcmjs, imported on first use (a chunk of its own: hosts that never write or read documents never load it). */
function dcmjs(): Promise<Dcmjs> {
  const pending = (loading ??= import('dcmjs').then((m) => {
    // Its loggers would otherwise print every oddity of a file it reads (a damaged file, hundreds of lines).
    const { log } = m.default;
    log.setLevel('silent');
    for (const name of ['validation.dcmjs', 'AsyncDicomReader']) log.getLogger(name).setLevel('silent');
    return m.default;
  }));
  pending.catch(() => {
    if (loading === pending) loading = undefined;
  });
  return pending;
}

/** A Part 10 file (explicit VR little endian) of `dataset`, which must hold SOPClassUID and SOPInstanceUID. */
export async function writePart10(dataset: Dataset): Promise<Uint8Array> {
  const { DicomDict, DicomMetaDictionary } = (await dcmjs()).data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset['SOPClassUID'],
    MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'],
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const file = new DicomDict(meta);
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

/**
 * The dataset of a Part 10 file. Anything dcmjs cannot read ends as a
 * {@link DicomParseError}; so does a file over {@link MAX_DOCUMENT_BYTES}.
 */
export async function readPart10(bytes: Uint8Array): Promise<Dataset> {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw new DicomParseError('the document is too large to read');
  // dcmjs trusts lengths: one past the end can make it allocate without bound (part10-bounds.ts).
  if (lengthOverrun(bytes)) throw new DicomParseError('the document is not readable DICOM: a length runs past its end');
  const { DicomMessage, DicomMetaDictionary } = (await dcmjs()).data;
  try {
    // A copy: dcmjs reads a whole ArrayBuffer, and `bytes` may be a view into a larger one.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const file = DicomMessage.readFile(copy.buffer);
    return DicomMetaDictionary.naturalizeDataset(file.dict);
  } catch (cause) {
    throw new DicomParseError('the document is not readable DICOM', { cause });
  }
}
