/**
 * UIDs for the objects Fovea writes. DICOM allows a UID made from a UUID under
 * the root `2.25` (PS3.5 B.2): it needs no registered organisation root, and a
 * random (version 4) UUID is unique without any coordination between viewers.
 */

/** A new UID, `2.25.` followed by a random UUID as a decimal integer (at most 44 characters). */
export function newUid(): string {
  return uuidToUid(crypto.randomUUID());
}

/** The `2.25` UID of a UUID (`xxxxxxxx-xxxx-…`); the inverse of {@link uidToUuid}. */
export function uuidToUid(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new TypeError('not a UUID');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/** The UUID behind a `2.25` UID, or undefined for any other UID. */
export function uidToUuid(uid: string): string | undefined {
  const match = /^2\.25\.(0|[1-9][0-9]{0,38})$/.exec(uid);
  if (!match) return undefined;
  const value = BigInt(match[1]!);
  if (value >= 1n << 128n) return undefined;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True for a syntactically valid UID (PS3.5 9.1: digits and dots, no leading zeros, at most 64 characters). */
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}

/**
 * Fovea's Implementation Class UID (file meta information): fixed for the
 * implementation, made once from a UUID.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.209795155132830561146006211191870110733';
/** Implementation Version Name (SH, at most 16 characters). */
export const IMPLEMENTATION_VERSION_NAME = 'FOVEA_0_1';
