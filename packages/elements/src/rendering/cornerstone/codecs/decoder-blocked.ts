/**
 * The `name` of the error a codec factory rejects with when the decode
 * worker may not compile WebAssembly and the codec has no JavaScript build
 * (HTJ2K, JPEG XL). It crosses the worker boundary as a plain error (Comlink
 * keeps name and message), and the page turns it into a
 * `DecoderBlockedError` (frame-decoder.ts).
 */
export const DECODER_BLOCKED = 'FoveaDecoderBlocked';
