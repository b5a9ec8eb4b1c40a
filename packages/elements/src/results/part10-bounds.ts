/**
 * A bounded walk over a Part 10 file's elements, before dcmjs reads it: the
 * first length that runs past the end of the bytes it lies in is reported.
 *
 * dcmjs trusts lengths. An undefined-length binary element (a damaged VR or
 * length in an SR) whose first item claims a length of a gigabyte makes it
 * read a basic offset table of a quarter of a billion entries from a file of
 * a few kilobytes: the page runs out of memory (found by the hostile-documents
 * test in `documents.node.test.ts`). The walk costs one pass without copying.
 *
 * It is lenient: where it cannot follow the structure (an unknown VR, a
 * deflated data set) it stops and leaves the verdict to dcmjs.
 */

const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const UNDEFINED = 0xffffffff;
/** Explicit VRs with a 2-byte reserved field and a 4-byte length. */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const SHORT_VRS = new Set('AE AS AT CS DA DS DT FD FL IS LO LT PN SH SL SS ST TM UI UL US'.split(' '));
const MAX_DEPTH = 64;

/** Why the walk stopped: `overrun` (a length past the end) or `unknown` (it cannot tell). */
class Stop extends Error {
  constructor(readonly overrun: boolean) {
    super(overrun ? 'a length runs past the end of the data' : 'structure not followed');
  }
}

interface Syntax {
  explicit: boolean;
  little: boolean;
}

class Walker {
  readonly #view: DataView;
  constructor(bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.#view.byteLength;
  }

  #u16(at: number, little: boolean): number {
    if (at + 2 > this.size) throw new Stop(true);
    return this.#view.getUint16(at, little);
  }

  #u32(at: number, little: boolean): number {
    if (at + 4 > this.size) throw new Stop(true);
    return this.#view.getUint32(at, little);
  }

  #tag(at: number, little: boolean): number {
    return ((this.#u16(at, little) << 16) | this.#u16(at + 2, little)) >>> 0;
  }

  /**
   * The VR (explicit syntaxes), value length and value offset of the element whose tag `tag` is at `at`;
   * an unknown VR stops the walk, or is read with a 2-byte length when `unknownShort` (the file meta).
   */
  header(
    at: number,
    tag: number,
    syntax: Syntax,
    unknownShort = false,
  ): { vr: string | undefined; length: number; valueAt: number } {
    if (!syntax.explicit || tag >>> 16 === 0xfffe)
      return { vr: undefined, length: this.#u32(at + 4, syntax.little), valueAt: at + 8 };
    if (at + 6 > this.size) throw new Stop(true);
    const vr = String.fromCharCode(this.#view.getUint8(at + 4), this.#view.getUint8(at + 5));
    if (LONG_VRS.has(vr)) return { vr, length: this.#u32(at + 8, syntax.little), valueAt: at + 12 };
    if (unknownShort || SHORT_VRS.has(vr)) return { vr, length: this.#u16(at + 6, syntax.little), valueAt: at + 8 };
    throw new Stop(false);
  }

  /**
   * The transfer syntax UID in the file meta information (group 0002, explicit VR little endian, after
   * the preamble) and where the data set begins.
   */
  meta(): { uid: string; end: number } {
    const syntax: Syntax = { explicit: true, little: true };
    let at = 132;
    let uid = '';
    while (at + 4 <= this.size && this.#u16(at, true) === 0x0002) {
      const tag = this.#tag(at, true);
      const { length, valueAt } = this.header(at, tag, syntax, true);
      if (length === UNDEFINED || valueAt + length > this.size) throw new Stop(true);
      if (tag === 0x00020010) {
        uid = new TextDecoder('latin1').decode(
          new Uint8Array(this.#view.buffer, this.#view.byteOffset + valueAt, length),
        );
      }
      at = valueAt + length;
    }
    return { uid: uid.replace(/[\0 ]+$/, ''), end: at };
  }

  /** Walks the elements from `at` to `end`, or to an item delimiter when `end` is undefined; returns where it stopped. */
  elements(at: number, end: number | undefined, syntax: Syntax, depth: number): number {
    if (depth > MAX_DEPTH) throw new Stop(false);
    const limit = end ?? this.size;
    while (at < limit) {
      const tag = this.#tag(at, syntax.little);
      if (tag === ITEM_END) {
        if (end !== undefined) throw new Stop(false);
        return at + 8;
      }
      const { vr, length, valueAt } = this.header(at, tag, syntax);
      if (length === UNDEFINED) {
        at = this.#items(valueAt, syntax, depth + 1);
      } else {
        if (valueAt + length > limit) throw new Stop(true);
        if (vr === 'SQ') this.#definedItems(valueAt, valueAt + length, syntax, depth + 1);
        at = valueAt + length;
      }
    }
    if (end === undefined) throw new Stop(true);
    return at;
  }

  /** Items of an undefined-length sequence or encapsulated value, to the sequence delimiter. */
  #items(at: number, syntax: Syntax, depth: number): number {
    for (;;) {
      const tag = this.#tag(at, syntax.little);
      const length = this.#u32(at + 4, syntax.little);
      at += 8;
      if (tag === SEQUENCE_END) return at;
      if (tag !== ITEM) throw new Stop(false);
      if (length === UNDEFINED) {
        at = this.elements(at, undefined, syntax, depth + 1);
      } else {
        if (at + length > this.size) throw new Stop(true);
        at += length;
      }
    }
  }

  /** Items of a defined-length sequence: each within the sequence. */
  #definedItems(at: number, end: number, syntax: Syntax, depth: number): void {
    while (at < end) {
      const tag = this.#tag(at, syntax.little);
      const length = this.#u32(at + 4, syntax.little);
      at += 8;
      if (tag !== ITEM) throw new Stop(false);
      if (length === UNDEFINED) {
        at = this.elements(at, undefined, syntax, depth + 1);
      } else {
        if (at + length > end) throw new Stop(true);
        this.elements(at, at + length, syntax, depth + 1);
        at += length;
      }
    }
  }
}

/**
 * Whether a length in the Part 10 file `bytes` runs past the end of what holds
 * it (then dcmjs must not read it); false where the walk found none or could
 * not follow the structure.
 */
export function lengthOverrun(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 132) return false;
  const walker = new Walker(bytes);
  try {
    const { uid, end } = walker.meta();
    if (uid === '1.2.840.10008.1.2.1.99') return false; // deflated: not followed
    const syntax: Syntax = { explicit: uid !== '1.2.840.10008.1.2', little: uid !== '1.2.840.10008.1.2.2' };
    walker.elements(end, bytes.byteLength, syntax, 0);
    return false;
  } catch (error) {
    if (error instanceof Stop) return error.overrun;
    return false;
  }
}
