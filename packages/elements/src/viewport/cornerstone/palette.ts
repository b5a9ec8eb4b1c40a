import { getNumbers, getString, Tag, type DicomJsonDataset, type DicomWebClient } from '@fovea-dicom/core';
import { lutEntries } from './lut-data.js';

/** Descriptor and data tags of the red, green and blue palette lookup tables. */
const TABLES = [
  ['00281101', '00281201'],
  ['00281102', '00281202'],
  ['00281103', '00281203'],
] as const;

/**
 * Cornerstone reads PALETTE COLOR lookup tables only as numbers inside the
 * metadata, but servers send them as BulkDataURI (Orthanc) or InlineBinary
 * (DICOM JSON's rule for OW). This fetches them through the host's client
 * (its auth applies) and stores them as numbers, in place, before the first
 * frame is decoded (see {@link lutEntries} for how entries are read).
 */
export async function resolvePaletteTables(
  client: DicomWebClient,
  dataset: DicomJsonDataset,
  signal: AbortSignal,
): Promise<void> {
  if (getString(dataset, Tag.PhotometricInterpretation) !== 'PALETTE COLOR') return;
  await Promise.all(
    TABLES.map(async ([descriptorTag, dataTag]) => {
      const attribute = dataset[dataTag];
      if (!attribute || (attribute.Value?.length ?? 0) > 0) return;
      const descriptor = getNumbers(dataset, descriptorTag);
      const [entries = 0, , bits = 16] = descriptor;
      const count = entries === 0 ? 65536 : entries;
      const values = await lutEntries(client, dataset, dataTag, { entries: count, bits }, signal);
      if (!values) throw new Error('palette lookup table missing');
      dataset[dataTag] = { vr: attribute.vr, Value: values };
      if (descriptor.length < 3) {
        // Orthanc 1.10 leaves the descriptor (US or SS by the first mapped
        // value's sign) out of metadata for implicit-VR files. Infer the usual
        // form: one 16-bit entry per word, starting at 0.
        dataset[descriptorTag] = { vr: 'US', Value: [values.length === 65536 ? 0 : values.length, 0, 16] };
      }
    }),
  );
}
