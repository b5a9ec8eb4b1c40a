/**
 * Character set decoding (PS3.5 6.1 and the annex H/I/J/K examples).
 * Run: node --import tsx --test packages/demo/src/dev-dicomweb/*.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from './charset.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const ESC = '\x1b';

describe('decodeText', () => {
  it('decodes the default repertoire, UTF-8 and latin-1', () => {
    assert.equal(decodeText(bytes('Doe^John'), [], 'PN'), 'Doe^John');
    assert.equal(decodeText(Buffer.from('Müller^Jürgen'), ['ISO_IR 192'], 'PN'), 'Müller^Jürgen');
    assert.equal(decodeText(bytes([0xc6, 0x72, 0xf8]), ['ISO_IR 100'], 'PN'), 'Ærø');
    assert.equal(decodeText(bytes([0xbb, 0xee, 0xda]), ['ISO_IR 144'], 'LO'), 'Люк');
  });

  it('decodes GB18030 and single-byte katakana (ISO_IR 13)', () => {
    assert.equal(
      decodeText(bytes('Wang^XiaoDong=', [0xcd, 0xf5], '^', [0xd0, 0xa1, 0xb6, 0xab], '='), ['GB18030'], 'PN'),
      'Wang^XiaoDong=王^小东=',
    );
    assert.equal(decodeText(bytes([0xd4, 0xcf, 0xc0, 0xde]), ['ISO_IR 13'], 'PN'), 'ﾔﾏﾀﾞ');
  });

  it('decodes ISO 2022 Japanese (IR 87) with escape sequences', () => {
    const value = bytes(
      `Yamada^Tarou=${ESC}$B;3ED${ESC}(B^${ESC}$BB@O:${ESC}(B=${ESC}$B$d$^$@${ESC}(B^${ESC}$B$?$m$&${ESC}(B`,
    );
    assert.equal(decodeText(value, ['', 'ISO 2022 IR 87'], 'PN'), 'Yamada^Tarou=山田^太郎=やまだ^たろう');
  });

  it('decodes ISO 2022 Korean (IR 149) and resets at PN delimiters', () => {
    const value = bytes(
      'Hong^Gildong=',
      `${ESC}$)C`,
      [0xfb, 0xf3],
      '^',
      `${ESC}$)C`,
      [0xd1, 0xce, 0xd4, 0xd7],
      '=',
      `${ESC}$)C`,
      [0xc8, 0xab],
      '^',
      `${ESC}$)C`,
      [0xb1, 0xe6, 0xb5, 0xbf],
    );
    assert.equal(decodeText(value, ['', 'ISO 2022 IR 149'], 'PN'), 'Hong^Gildong=洪^吉洞=홍^길동');
  });

  it('decodes ISO 2022 with a single-byte initial set and designations', () => {
    assert.equal(decodeText(bytes([0xe9]), ['ISO 2022 IR 100'], 'LO'), 'é');
    assert.equal(
      decodeText(bytes(`A${ESC}-L`, [0xbb], '\\', [0xe9]), ['ISO 2022 IR 100', 'ISO 2022 IR 144'], 'LO'),
      'AЛ\\é',
    );
  });

  it('decodes JIS X 0212 (ISO 2022 IR 159), which the hand-written decoder left as U+FFFD', () => {
    // Unicode's JIS0212.TXT: 0x2B21 is U+00E1 (a with acute); ESC $ ( D designates JIS X 0212 to G0.
    assert.equal(decodeText(bytes(`${ESC}$(D`, [0x2b, 0x21], `${ESC}(B`), ['', 'ISO 2022 IR 159'], 'LO'), 'á');
  });
});
