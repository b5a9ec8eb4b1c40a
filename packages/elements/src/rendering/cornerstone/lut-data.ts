import { getBinary, type DicomJsonDataset, type DicomSource } from '@fovea-dicom/core';

/**
 * The entries of a lookup table's data attribute (palette colour tables, VOI
 * LUTs), wherever the server put them: a Value array (VR US), InlineBinary or
 * a BulkDataURI fetched through the host's client (its auth applies). Binary
 * data holds 16-bit little-endian words, one per entry, unless the descriptor
 * says 8 bits and the data is about one byte per entry (OW pads an odd count
 * to an even length): then each byte is an entry (PS3.3 C.7.6.3.1.6,
 * C.11.2.1.1). Undefined when the attribute has no value.
 */
export async function lutEntries(
  client: DicomSource,
  dataset: DicomJsonDataset,
  tag: string,
  descriptor: { entries: number; bits: number },
  signal: AbortSignal | undefined,
): Promise<number[] | undefined> {
  const attribute = dataset[tag];
  if (!attribute) return undefined;
  const listed = attribute.Value;
  if (listed && listed.length > 0) return listed.map(Number);
  const binary = getBinary(dataset, tag);
  const bytes =
    binary.kind === 'inline'
      ? binary.bytes
      : binary.kind === 'bulkdata'
        ? await client.retrieveBulkData(binary.uri, { signal })
        : undefined;
  if (!bytes) return undefined;
  if (descriptor.bits <= 8 && bytes.byteLength <= descriptor.entries + 1) {
    return Array.from(bytes.subarray(0, descriptor.entries));
  }
  const words = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength & ~1)));
  return Array.from(words);
}
