// Mutations of inputs: byte-level (flips, interesting values, insertions,
// deletions, duplications, splices, truncation, tokens of the formats under
// test repeated) and, for JSON, structural (a value anywhere replaced by one
// of another type, keys renamed or added, deep nesting).
import type { Rng } from './rng.js';

const encoder = new TextEncoder();

/** Tokens of the formats under test: multipart framing, DICOM JSON, URLs, IID queries. */
const TOKENS = [
  '--B',
  '--',
  '\r\n',
  '\r\n\r\n',
  '\n',
  'Content-Type: ',
  'transfer-syntax=',
  'boundary=',
  'type="',
  '"',
  ';',
  '=',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  'null',
  'true',
  '-0',
  '1e309',
  '-1',
  '4294967296',
  '"Value":',
  '"vr":"SQ"',
  '"vr":"PN"',
  '"BulkDataURI":',
  '"InlineBinary":"',
  '"Alphabetic":',
  '"__proto__"',
  '"constructor"',
  '\\u0000',
  '\\ud800',
  '%',
  '%2F',
  '%00',
  '../',
  '//',
  'javascript:',
  'data:',
  '/studies/',
  '/frames/',
  '&',
  '?',
  '^',
  '~',
  '&1.2.3&ISO',
  '\u0000',
  '\u00ff',
  '\u202e',
].map((t) => encoder.encode(t));

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x0d, 0x0a, 0x2d, 0x22, 0x5c, 0x3d, 0x3b, 0x7b, 0x5b, 0x25, 0x20];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One byte-level mutation of `input` (a new array); `others` feed splices. */
export function mutateBytes(input: Uint8Array, rng: Rng, others: readonly Uint8Array[]): Uint8Array {
  const at = input.length ? rng.int(input.length) : 0;
  switch (rng.int(10)) {
    case 0: {
      const out = input.slice();
      if (out.length) out[at] = out[at]! ^ (1 << rng.int(8));
      return out;
    }
    case 1: {
      const out = input.slice();
      if (out.length) out[at] = rng.pick(INTERESTING);
      return out;
    }
    case 2: {
      const n = 1 + rng.int(16);
      const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
      return concat(input.subarray(0, at), bytes, input.subarray(at));
    }
    case 3: {
      const n = 1 + rng.int(Math.max(1, Math.min(64, input.length - at)));
      return concat(input.subarray(0, at), input.subarray(at + n));
    }
    case 4: {
      const n = 1 + rng.int(Math.max(1, Math.min(256, input.length - at)));
      const chunk = input.subarray(at, at + n);
      return concat(input.subarray(0, at + n), chunk, input.subarray(at + n));
    }
    case 5:
      return input.subarray(0, at).slice();
    case 6: {
      const token = rng.pick(TOKENS);
      return concat(input.subarray(0, at), token, input.subarray(at));
    }
    case 7: {
      // A token many times: deep nesting, long runs.
      const token = rng.pick(TOKENS);
      const times = rng.chance(0.2) ? 2000 + rng.int(20_000) : 2 + rng.int(64);
      const run = new Uint8Array(token.length * times);
      for (let i = 0; i < times; i++) run.set(token, i * token.length);
      return concat(input.subarray(0, at), run, input.subarray(at));
    }
    case 8: {
      const other = others.length ? rng.pick(others) : input;
      const from = other.length ? rng.int(other.length) : 0;
      const n = rng.int(Math.max(1, other.length - from));
      return concat(input.subarray(0, at), other.subarray(from, from + n), input.subarray(at));
    }
    default: {
      // Swap two ranges.
      const out = input.slice();
      const n = 1 + rng.int(32);
      const b = rng.int(Math.max(1, out.length));
      for (let i = 0; i < n && at + i < out.length && b + i < out.length; i++) {
        const t = out[at + i]!;
        out[at + i] = out[b + i]!;
        out[b + i] = t;
      }
      return out;
    }
  }
}

/** A JSON value of a random type, sometimes hostile (deep, long, prototype keys). */
function randomValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(12)) {
    case 0:
      return null;
    case 1:
      return rng.pick([0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, 65536, 4294967295]);
    case 2:
      return rng.pick([
        '',
        ' ',
        '\\',
        '^^^^',
        '=',
        '1.2.3',
        'NaN',
        'Infinity',
        '-',
        '19000230',
        '25:61:61',
        'ÿ\u0000\ud800',
      ]);
    case 3:
      return true;
    case 4:
      return depth > 3 ? [] : Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    case 5:
      return depth > 3
        ? {}
        : { vr: rng.pick(['SQ', 'PN', 'DS', 'IS', 'US', 'OB', 'UI', 'XX', '']), Value: randomValue(rng, depth + 1) };
    case 6: {
      let v: unknown = 1;
      for (let i = 0, n = 100 + rng.int(5000); i < n; i++) v = rng.chance(0.5) ? [v] : { Value: [v] };
      return v;
    }
    case 7:
      return 'x'.repeat(rng.int(100_000));
    case 8:
      return JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') as unknown;
    case 9:
      return { Alphabetic: randomValue(rng, depth + 1), Ideographic: 42 };
    case 10:
      return { BulkDataURI: rng.pick(['javascript:alert(1)', '//evil.example/x', 'bulk/1', '', 42]) };
    default:
      return { InlineBinary: rng.pick(['', '====', 'AAAA', '!!!!', 'QUJD', 42]) };
  }
}

/** One structural mutation of a parsed JSON value, in place where it can; the (possibly new) root. */
export function mutateJson(root: unknown, rng: Rng): unknown {
  if (root === null || typeof root !== 'object' || rng.chance(0.05)) return randomValue(rng);
  // Walk down a random path.
  let node = root as Record<string, unknown> | unknown[];
  for (let depth = 0; depth < 8; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = rng.pick(keys);
    const child = (node as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && rng.chance(0.7)) {
      node = child as Record<string, unknown>;
      continue;
    }
    switch (rng.int(4)) {
      case 0:
        (node as Record<string, unknown>)[key] = randomValue(rng);
        break;
      case 1:
        delete (node as Record<string, unknown>)[key];
        break;
      case 2:
        (node as Record<string, unknown>)[
          rng.pick(['Value', 'vr', 'BulkDataURI', 'InlineBinary', '00280010', '7FE00010', '__proto__', 'x'])
        ] = randomValue(rng);
        break;
      default:
        if (Array.isArray(node)) node.push(randomValue(rng));
        else (node as Record<string, unknown>)[`${key}`] = [child, child];
    }
    return root;
  }
  return root;
}
