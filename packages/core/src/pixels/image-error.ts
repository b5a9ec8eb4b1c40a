import { FoveaError } from '../errors.js';

/**
 * Why an image cannot be shown, in terms a person can act on. The message of
 * an {@link ImageError} names the attribute and the value class, never a value
 * that could identify a patient.
 *
 * - `header`: the image's attributes could not be read at all.
 * - `geometry`: Rows or Columns missing, zero, or too large to display.
 * - `bits`: Bits Allocated / Bits Stored / High Bit missing or not a pixel
 *   format Fovea displays (e.g. 12 or 64 bits allocated).
 * - `samples`: Samples per Pixel does not match the Photometric Interpretation.
 * - `photometric`: Photometric Interpretation missing or not one Fovea displays.
 * - `palette`: PALETTE COLOR without usable lookup tables.
 * - `transfer-syntax`: no decoder for the frame's transfer syntax.
 * - `truncated`: fewer bytes than the header describes (or none).
 * - `codec`: the decoder rejected the bytes (damaged or not what the header says).
 * - `decoded-size`: the decoder's output does not match the header.
 * - `draw`: the decoded image could not be drawn.
 * - `stalled`: no result within the bound.
 */
export type ImageErrorReason =
  | 'header'
  | 'geometry'
  | 'bits'
  | 'samples'
  | 'photometric'
  | 'palette'
  | 'transfer-syntax'
  | 'truncated'
  | 'codec'
  | 'decoded-size'
  | 'draw'
  | 'stalled';

/** An image could not be decoded or drawn; `reason` says why. Code `decode`. */
export class ImageError extends FoveaError {
  static override readonly kind: string = 'ImageError';
  readonly reason: ImageErrorReason;

  constructor(reason: ImageErrorReason, message: string, options?: { cause?: unknown }) {
    super('decode', message, options);
    this.name = 'ImageError';
    this.reason = reason;
  }
}

/**
 * The decoder this image needs cannot run on this page: the page's
 * Content-Security-Policy does not allow WebAssembly (no 'wasm-unsafe-eval')
 * and the transfer syntax has no JavaScript decoder (HTJ2K, JPEG XL). Reason
 * `transfer-syntax`. The host can allow it by adding `directive` to the
 * policy's `script-src`.
 */
export class DecoderBlockedError extends ImageError {
  static override readonly kind: string = 'DecoderBlockedError';
  /** The `script-src` source that would let the decoder run. */
  readonly directive = "'wasm-unsafe-eval'";

  constructor(message: string, options?: { cause?: unknown }) {
    super('transfer-syntax', message, options);
    this.name = 'DecoderBlockedError';
  }
}
