// dicom-character-set 1.0.5 ships no declarations: the one function the dev server uses.
declare module 'dicom-character-set' {
  /** Decodes the bytes of one DICOM text value under Specific Character Set `charset` (`\`-separated terms). */
  export function convertBytes(charset: string | undefined, bytes: Uint8Array, options?: { vr?: string }): string;
}
