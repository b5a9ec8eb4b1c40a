/**
 * Decodes DICOM text values per Specific Character Set (0008,0005), PS3.5 6.1,
 * with dicom-character-set: every defined term, ISO 2022 code extensions
 * included (IR 87, IR 159, IR 149, IR 58 and the single-byte sets).
 */
import { convertBytes } from 'dicom-character-set';

/**
 * Decodes one text value (all its `\`-separated values at once) of the given VR.
 * `charsets` are the values of Specific Character Set (empty for the default).
 * Terms the library does not know decode as the default repertoire would
 * (latin-1: lossless for ASCII, readable for the rest) rather than fail a dev
 * server's answer.
 */
export function decodeText(bytes: Uint8Array, charsets: readonly string[], vr: string): string {
  try {
    return convertBytes(charsets.join('\\'), bytes, { vr });
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

/** True for VRs whose values are text in the Specific Character Set (others are ASCII). */
export function isCharsetVr(vr: string): boolean {
  return vr === 'SH' || vr === 'LO' || vr === 'ST' || vr === 'LT' || vr === 'UT' || vr === 'UC' || vr === 'PN';
}
