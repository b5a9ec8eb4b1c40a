import {
  getNumbers,
  ImageError,
  Tag,
  type DicomJsonDataset,
  type DicomSource,
  type Instance,
  type PaletteTable,
} from '@fovea-dicom/core';
import { lutEntries } from './lut-data.js';

/** Descriptor and data tags of the red, green and blue palette lookup tables. */
const TABLES = [
  [Tag.RedPaletteColorLookupTableDescriptor, Tag.RedPaletteColorLookupTableData],
  [Tag.GreenPaletteColorLookupTableDescriptor, Tag.GreenPaletteColorLookupTableData],
  [Tag.BluePaletteColorLookupTableDescriptor, Tag.BluePaletteColorLookupTableData],
] as const;

export type PaletteTables = readonly [PaletteTable, PaletteTable, PaletteTable];

async function table(
  client: DicomSource,
  dataset: DicomJsonDataset,
  [descriptorTag, dataTag]: (typeof TABLES)[number],
): Promise<PaletteTable> {
  const descriptor = getNumbers(dataset, descriptorTag);
  const [entries = 0, first = 0, bits = 16] = descriptor;
  const count = entries === 0 ? 65536 : entries;
  const data = await lutEntries(client, dataset, dataTag, { entries: count, bits }, undefined);
  if (!data) throw new ImageError('palette', 'PALETTE COLOR without its lookup tables');
  if (descriptor.length < 3) {
    // Orthanc 1.10 leaves the descriptor (US or SS by the first mapped
    // value's sign) out of metadata for implicit-VR files. Infer the usual
    // form: one 16-bit entry per word, starting at 0.
    return { firstMapped: 0, entries: data.length, bits: 16, data };
  }
  // The first value mapped is US unless the indices are signed (SS): a server
  // that sends it as US gives a negative first value as its unsigned word.
  const signed = getNumbers(dataset, Tag.PixelRepresentation)[0] === 1 && first >= 0x8000;
  return { firstMapped: signed ? first - 0x10000 : first, entries: count, bits, data };
}

/**
 * The red, green and blue tables of a PALETTE COLOR instance, wherever the
 * server put them (Value, InlineBinary, or BulkDataURI fetched through the
 * host's client). Fetched once per instance through {@link InstanceData}.
 */
export function paletteTables(client: DicomSource, instance: Instance): Promise<PaletteTables> {
  const { dataset } = instance;
  return Promise.all([
    table(client, dataset, TABLES[0]),
    table(client, dataset, TABLES[1]),
    table(client, dataset, TABLES[2]),
  ]);
}
