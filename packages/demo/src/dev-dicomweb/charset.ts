/**
 * Decodes DICOM text values per Specific Character Set (0008,0005), PS3.5 6.1:
 * the default repertoire, ISO_IR 192 (UTF-8), the ISO 8859 single-byte sets
 * (ISO_IR 100 latin-1 and its siblings), ISO_IR 13, GB18030 and GBK, and
 * ISO 2022 code extensions (IR 6/100.../87/13/149/58 escape sequences).
 * JIS X 0212 (IR 159) is not decoded: its characters become U+FFFD.
 */

const decoders = new Map<string, TextDecoder>();
function decoder(label: string): TextDecoder {
  let d = decoders.get(label);
  if (!d) {
    d = new TextDecoder(label, { fatal: false });
    decoders.set(label, d);
  }
  return d;
}

/** WHATWG decoder labels for the defined terms (with or without "ISO 2022"). */
const LABELS: Record<string, string> = {
  'IR 6': 'latin1',
  'IR 100': 'latin1',
  'IR 101': 'iso-8859-2',
  'IR 109': 'iso-8859-3',
  'IR 110': 'iso-8859-4',
  'IR 144': 'iso-8859-5',
  'IR 127': 'iso-8859-6',
  'IR 126': 'iso-8859-7',
  'IR 138': 'iso-8859-8',
  'IR 148': 'iso-8859-9',
  'IR 203': 'iso-8859-15',
  'IR 166': 'windows-874',
  'IR 13': 'shift_jis',
  'IR 192': 'utf-8',
  'IR 149': 'euc-kr',
  'IR 58': 'gb18030',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

function termKey(term: string): string {
  return term
    .trim()
    .replace(/^ISO[ _]2022[ _]/, '')
    .replace(/^ISO_IR[ _]?/, 'IR ');
}

/** G1 sets designated by `ESC - F` (96-character sets) and `ESC ) F` / `ESC $ ) F`. */
const G1_BY_ESCAPE: Record<string, string> = {
  '-A': 'IR 100',
  '-B': 'IR 101',
  '-C': 'IR 109',
  '-D': 'IR 110',
  '-L': 'IR 144',
  '-G': 'IR 127',
  '-F': 'IR 126',
  '-H': 'IR 138',
  '-M': 'IR 148',
  '-T': 'IR 166',
  '-b': 'IR 203',
  ')I': 'IR 13',
  '$)C': 'IR 149',
  '$)A': 'IR 58',
};

type G0 = 'ascii' | 'jisx0208' | 'jisx0212';

interface Iso2022State {
  g0: G0;
  g1: string | undefined;
}

/** Value 1 designates the initial G1 set (a single-byte set); G0 starts as ASCII. */
function initialState(first: string): Iso2022State {
  const key = termKey(first);
  const singleByte = key !== '' && key !== 'IR 6' && key !== 'IR 87' && key !== 'IR 159';
  return { g0: 'ascii', g1: singleByte ? key : undefined };
}

const ESC = 0x1b;
const CONTROL_DELIMITERS = [0x09, 0x0a, 0x0c, 0x0d, 0x5c];

function decodeG1(set: string | undefined, bytes: Uint8Array): string {
  if (set === 'IR 13') {
    let s = '';
    for (const b of bytes) s += b >= 0xa1 && b <= 0xdf ? String.fromCharCode(0xff61 + b - 0xa1) : '\ufffd';
    return s;
  }
  return decoder(LABELS[set ?? 'IR 100'] ?? 'latin1').decode(bytes);
}

function decodeIso2022(bytes: Uint8Array, charsets: readonly string[], delimiters: number[]): string {
  const initial = initialState(charsets[0] ?? '');
  let { g0, g1 } = initial;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === ESC) {
      const seq = String.fromCharCode(...bytes.subarray(i + 1, Math.min(bytes.length, i + 4)));
      if (seq.startsWith('(B') || seq.startsWith('(J')) [g0, i] = ['ascii', i + 3];
      else if (seq.startsWith('$B') || seq.startsWith('$@')) [g0, i] = ['jisx0208', i + 3];
      else if (seq.startsWith('$(D')) [g0, i] = ['jisx0212', i + 4];
      else {
        const g1Key = Object.keys(G1_BY_ESCAPE).find((k) => seq.startsWith(k));
        if (g1Key) [g1, i] = [G1_BY_ESCAPE[g1Key], i + 1 + g1Key.length];
        else i++; // unknown escape: drop the ESC byte
      }
      continue;
    }
    if (g0 !== 'ascii' && b >= 0x21 && b < 0x7f) {
      let j = i;
      while (j < bytes.length && bytes[j]! >= 0x21 && bytes[j]! < 0x7f) j++;
      const run = bytes.subarray(i, j);
      out +=
        g0 === 'jisx0208'
          ? decoder('iso-2022-jp').decode(Uint8Array.of(ESC, 0x24, 0x42, ...run, ESC, 0x28, 0x42))
          : '\ufffd'.repeat(Math.ceil(run.length / 2));
      i = j;
      continue;
    }
    if (b < 0x80) {
      out += String.fromCharCode(b);
      if (delimiters.includes(b)) ({ g0, g1 } = initial);
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && bytes[j]! >= 0x80) j++;
    out += decodeG1(g1, bytes.subarray(i, j));
    i = j;
  }
  return out;
}

/**
 * Decodes one text value (all its `\`-separated values at once) of the given VR.
 * `charsets` are the values of Specific Character Set (empty for the default).
 */
export function decodeText(bytes: Uint8Array, charsets: readonly string[], vr: string): string {
  const terms = charsets.length ? charsets : [''];
  if (terms.some((t) => /^ISO[ _]2022/.test(t.trim()))) {
    const delimiters = vr === 'PN' ? [...CONTROL_DELIMITERS, 0x3d, 0x5e] : CONTROL_DELIMITERS;
    return decodeIso2022(bytes, terms, delimiters);
  }
  // Unknown terms and the default repertoire decode as latin-1: lossless for ASCII, readable for the rest.
  const label = LABELS[termKey(terms[0]!)] ?? 'latin1';
  if (label === 'latin1') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return decoder(label).decode(bytes);
}

/** True for VRs whose values are text in the Specific Character Set (others are ASCII). */
export function isCharsetVr(vr: string): boolean {
  return vr === 'SH' || vr === 'LO' || vr === 'ST' || vr === 'LT' || vr === 'UT' || vr === 'UC' || vr === 'PN';
}
