/**
 * Deterministic UIDs for the sample data.
 *
 * A UID is `2.25.<n>` where n is the decimal value of a name-based (version 5,
 * SHA-1) UUID of the given name in Fovea's own namespace (ISO/IEC 9834-8, PS3.5
 * B.2). The same name always gives the same UID; different names give different
 * UIDs with UUID collision odds. The result is at most 44 characters long.
 */
import { createHash } from 'node:crypto';

/** The namespace UUID under which every sample UID is derived (a random v4 UUID fixed once). */
export const FOVEA_SAMPLE_UID_NAMESPACE = '7f1b8a5e-3c64-4f0e-9a1d-52c9e0b6d4a3';

const namespaceBytes = Buffer.from(FOVEA_SAMPLE_UID_NAMESPACE.replace(/-/g, ''), 'hex');

/** Name-based UUID (RFC 9562 version 5) of `name` in the Fovea sample namespace, as 16 bytes. */
export function uuidV5Bytes(name: string): Uint8Array {
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const b = new Uint8Array(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return b;
}

/** The `2.25.<decimal>` UID of `name`. */
export function sampleUid(name: string): string {
  const hex = Buffer.from(uuidV5Bytes(name)).toString('hex');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}
