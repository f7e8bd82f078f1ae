/**
 * Unit and property tests for the strict CBOR decoder (src/cbor/decode.ts, src/cbor/scan.ts).
 * Profile: CTAP2 canonical CBOR (CTAP 2.2 §8) on RFC 8949; docs/cbor.md has the rule table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { Decoder } from 'cbor-x/decode';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCbor, decodeCborPrefix, isCborMap, type CborKey, type CborValue } from '../../../src/cbor/decode.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../../../src/errors.js';
import { fixturePath } from '../../helpers/fixtures.js';

// --- a tiny CTAP2-canonical encoder (test only): shortest heads, definite lengths, keys sorted
// by major type, then encoded length, then bytewise. It is the inverse of our decoder.
function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`bad hex in test: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function toHexString(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The shortest head for `major` with argument `n` (0 <= n < 2^64). */
function head(major: number, n: number | bigint): number[] {
  const v = BigInt(n);
  const m = major << 5;
  if (v < 24n) return [m | Number(v)];
  if (v < 0x100n) return [m | 24, Number(v)];
  if (v < 0x10000n) return [m | 25, Number(v >> 8n), Number(v & 0xffn)];
  if (v < 0x100000000n) return [m | 26, ...[24n, 16n, 8n, 0n].map((s) => Number((v >> s) & 0xffn))];
  return [m | 27, ...[56n, 48n, 40n, 32n, 24n, 16n, 8n, 0n].map((s) => Number((v >> s) & 0xffn))];
}

function compareEncodedKeys(a: Uint8Array, b: Uint8Array): number {
  const major = (a[0]! >> 5) - (b[0]! >> 5);
  if (major !== 0) return major;
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function encodeInto(value: CborValue, out: number[]): void {
  if (value === null) out.push(0xf6);
  else if (value === false) out.push(0xf4);
  else if (value === true) out.push(0xf5);
  else if (typeof value === 'number' || typeof value === 'bigint') {
    const v = BigInt(value);
    out.push(...(v >= 0n ? head(0, v) : head(1, -1n - v)));
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    out.push(...head(3, bytes.length), ...bytes);
  } else if (value instanceof Uint8Array) {
    out.push(...head(2, value.length), ...value);
  } else if (Array.isArray(value)) {
    out.push(...head(4, value.length));
    for (const v of value) encodeInto(v, out);
  } else {
    const entries = [...value].map(([k, v]) => [encodeCanonical(k), v] as const);
    entries.sort((a, b) => compareEncodedKeys(a[0], b[0]));
    out.push(...head(5, entries.length));
    for (const [k, v] of entries) {
      out.push(...k);
      encodeInto(v, out);
    }
  }
}

function encodeCanonical(value: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(value, out);
  return Uint8Array.from(out);
}

/** Runs fn and returns the WebAuthnError it threw; fails the test on success or on any other error. */
function caught(fn: () => unknown): WebAuthnError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebAuthnError) return e;
    throw new Error(`expected a WebAuthnError, got ${String(e)}`);
  }
  throw new Error('expected a WebAuthnError, but the call succeeded');
}

function expectCode(fn: () => unknown, code: WebAuthnErrorCode): WebAuthnError {
  const e = caught(fn);
  expect(e.code).toBe(code);
  expect(typeof e.message).toBe('string');
  return e;
}

describe('decodeCbor: values in the profile', () => {
  const ok: [string, CborValue][] = [
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['18ff', 255],
    ['190100', 256],
    ['19ffff', 65535],
    ['1a00010000', 65536],
    ['1affffffff', 4294967295],
    ['1b0000000100000000', 4294967296],
    ['1b001fffffffffffff', Number.MAX_SAFE_INTEGER],
    ['1b0020000000000000', 2n ** 53n],
    ['1bffffffffffffffff', 2n ** 64n - 1n],
    ['20', -1],
    ['37', -24],
    ['3818', -25],
    ['3903e7', -1000],
    ['3b001ffffffffffffe', -Number.MAX_SAFE_INTEGER],
    ['3b001fffffffffffff', -(2n ** 53n)],
    ['3bffffffffffffffff', -(2n ** 64n)],
    ['40', new Uint8Array(0)],
    ['4401020304', Uint8Array.of(1, 2, 3, 4)],
    ['60', ''],
    ['6449455446', 'IETF'],
    ['62c3bc', '\u00fc'],
    ['64f0908591', '\u{10151}'],
    ['63efbbbf', '\ufeff'],
    ['7821' + '61'.repeat(33), 'a'.repeat(33)],
    ['7821' + '61'.repeat(31) + 'c3bc', 'a'.repeat(31) + '\u00fc'],
    ['6400010203', '\u0000\u0001\u0002\u0003'],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['80', []],
    ['83010203', [1, 2, 3]],
    ['a0', new Map()],
    ['a201020304', new Map([[1, 2], [3, 4]])],
    ['a26161016162820203', new Map<CborKey, CborValue>([['a', 1], ['b', [2, 3]]])],
  ];
  it.each(ok)('%s decodes', (h, expected) => {
    expect(decodeCbor(hex(h))).toEqual(expected);
  });

  it('keeps int 1 and text "1" apart as keys', () => {
    const m = decodeCbor(hex('a2 01 61 61 61 31 02'));
    expect(isCborMap(m)).toBe(true);
    expect(m).toEqual(new Map<CborKey, CborValue>([[1, 'a'], ['1', 2]]));
  });

  it('returns safe integers as number and larger ones as bigint', () => {
    expect(typeof decodeCbor(hex('1b001fffffffffffff'))).toBe('number');
    expect(typeof decodeCbor(hex('1b0020000000000000'))).toBe('bigint');
    expect(typeof decodeCbor(hex('3b001ffffffffffffe'))).toBe('number');
    expect(typeof decodeCbor(hex('3b001fffffffffffff'))).toBe('bigint');
  });

  it('isCborMap tells maps from other values', () => {
    expect(isCborMap(decodeCbor(hex('a0')))).toBe(true);
    expect(isCborMap(decodeCbor(hex('80')))).toBe(false);
    expect(isCborMap({})).toBe(false);
  });
});

describe('decodeCbor: byte strings are fresh copies', () => {
  it('does not alias the input', () => {
    const input = hex('a1 01 43 010203');
    const m = decodeCbor(input) as Map<CborKey, CborValue>;
    const b = m.get(1) as Uint8Array;
    input[4] = 0x99;
    expect(b).toEqual(Uint8Array.of(1, 2, 3));
    expect(b.buffer).not.toBe(input.buffer);
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(3);
  });

  it('returns a plain Uint8Array copy for a Node Buffer input and leaves the input untouched', () => {
    const input = Buffer.from('43010203', 'hex');
    const b = decodeCbor(input) as Uint8Array;
    expect(b.constructor).toBe(Uint8Array);
    input[1] = 0x99;
    expect(b).toEqual(Uint8Array.of(1, 2, 3));
    expect(Object.keys(input)).not.toContain('dataView');
  });

  it('accepts a Uint8Array from another realm and still returns plain copies', () => {
    const foreign = runInNewContext('new Uint8Array([0x42, 7, 8])') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    const b = decodeCbor(foreign) as Uint8Array;
    expect(b).toBeInstanceOf(Uint8Array);
    expect([...b]).toEqual([7, 8]);
  });

  it('reads a subarray view at its own offset', () => {
    const backing = hex('ff ff 42 0a0b ff');
    expect(decodeCbor(backing.subarray(2, 5))).toEqual(Uint8Array.of(10, 11));
  });
});

describe('decodeCbor: profile violations', () => {
  const bad: [string, string, WebAuthnErrorCode][] = [
    // RFC 8949 well-formedness
    ['reserved AI 28', '1c', 'ERR_CBOR_MALFORMED'],
    ['reserved AI 29 (bstr)', '5d', 'ERR_CBOR_MALFORMED'],
    ['reserved AI 30 (simple)', 'fe', 'ERR_CBOR_MALFORMED'],
    ['lone break', 'ff', 'ERR_CBOR_MALFORMED'],
    ['break inside a definite array', '82 01 ff', 'ERR_CBOR_MALFORMED'],
    ['indefinite uint', '1f', 'ERR_CBOR_MALFORMED'],
    ['indefinite negint', '3f', 'ERR_CBOR_MALFORMED'],
    ['indefinite tag', 'df', 'ERR_CBOR_MALFORMED'],
    ['two-byte simple 24', 'f818', 'ERR_CBOR_MALFORMED'],
    ['two-byte simple 0', 'f800', 'ERR_CBOR_MALFORMED'],
    ['two-byte simple 31', 'f81f', 'ERR_CBOR_MALFORMED'],
    // CTAP2 canonical: definite lengths only
    ['indefinite bstr', '5f 41 01 ff', 'ERR_CBOR_INDEFINITE_LENGTH'],
    ['indefinite tstr', '7f 61 61 ff', 'ERR_CBOR_INDEFINITE_LENGTH'],
    ['indefinite array', '9f ff', 'ERR_CBOR_INDEFINITE_LENGTH'],
    ['indefinite map', 'bf ff', 'ERR_CBOR_INDEFINITE_LENGTH'],
    ['indefinite array nested', '81 9f 01 ff', 'ERR_CBOR_INDEFINITE_LENGTH'],
    // CTAP2 canonical: shortest heads
    ['uint 1 in 1 byte', '1801', 'ERR_CBOR_NON_CANONICAL'],
    ['uint 23 in 1 byte', '1817', 'ERR_CBOR_NON_CANONICAL'],
    ['uint 255 in 2 bytes', '1900ff', 'ERR_CBOR_NON_CANONICAL'],
    ['uint 65535 in 4 bytes', '1a0000ffff', 'ERR_CBOR_NON_CANONICAL'],
    ['uint 2^32-1 in 8 bytes', '1b00000000ffffffff', 'ERR_CBOR_NON_CANONICAL'],
    ['uint 0 in 8 bytes', '1b0000000000000000', 'ERR_CBOR_NON_CANONICAL'],
    ['negint -1 in 1 byte', '3800', 'ERR_CBOR_NON_CANONICAL'],
    ['bstr length 1 in 1 byte', '5801 00', 'ERR_CBOR_NON_CANONICAL'],
    ['tstr length 1 in 2 bytes', '790001 61', 'ERR_CBOR_NON_CANONICAL'],
    ['array count 1 in 1 byte', '9801 01', 'ERR_CBOR_NON_CANONICAL'],
    ['map count 1 in 1 byte', 'b801 01 02', 'ERR_CBOR_NON_CANONICAL'],
    ['non-minimal key inside a map', 'a1 1801 02', 'ERR_CBOR_NON_CANONICAL'],
    // profile: types
    ['tag 0', 'c0 60', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['tag 2 bignum', 'c2 41 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['tag 24 (1-byte)', 'd818 41 00', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['undefined', 'f7', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['simple 16', 'f0', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['simple 32', 'f820', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['simple 255', 'f8ff', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['half float', 'f93c00', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['single float', 'fa47c35000', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['double float', 'fb3ff199999999999a', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['bstr key', 'a1 41 00 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['array key', 'a1 80 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['map key', 'a1 a0 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['bool key', 'a1 f5 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['null key', 'a1 f6 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['uint key above 2^53-1', 'a1 1b0020000000000000 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['negint key below -(2^53-1)', 'a1 3b001fffffffffffff 01', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    ['tag as a value inside a map', 'a1 01 c1 00', 'ERR_CBOR_UNSUPPORTED_TYPE'],
    // duplicates
    ['duplicate int key (adjacent)', 'a2 01 01 01 02', 'ERR_CBOR_DUPLICATE_KEY'],
    ['duplicate text key (adjacent)', 'a2 6161 01 6161 02', 'ERR_CBOR_DUPLICATE_KEY'],
    ['duplicate int key (not adjacent, unsorted map)', 'a3 02 00 01 00 02 00', 'ERR_CBOR_DUPLICATE_KEY'],
    ['duplicate text key (not adjacent)', 'a3 6162 00 6161 00 6162 00', 'ERR_CBOR_DUPLICATE_KEY'],
    ['duplicate key in a nested map', 'a1 01 a2 20 00 20 01', 'ERR_CBOR_DUPLICATE_KEY'],
    // UTF-8
    ['lone continuation byte', '61 80', 'ERR_CBOR_INVALID_UTF8'],
    ['overlong encoding of "/"', '62 c0af', 'ERR_CBOR_INVALID_UTF8'],
    ['UTF-16 surrogate', '63 eda080', 'ERR_CBOR_INVALID_UTF8'],
    ['above U+10FFFF', '64 f4908080', 'ERR_CBOR_INVALID_UTF8'],
    ['truncated sequence', '62 61e2', 'ERR_CBOR_INVALID_UTF8'],
    ['invalid byte in a long string', '7821' + '61'.repeat(32) + 'ff', 'ERR_CBOR_INVALID_UTF8'],
    ['invalid UTF-8 in a key', 'a1 61ff 00', 'ERR_CBOR_INVALID_UTF8'],
    // truncation
    ['empty input', '', 'ERR_CBOR_TRUNCATED'],
    ['missing 1-byte argument', '18', 'ERR_CBOR_TRUNCATED'],
    ['short 8-byte argument', '1b 0000', 'ERR_CBOR_TRUNCATED'],
    ['short bstr', '43 0102', 'ERR_CBOR_TRUNCATED'],
    ['missing array element', '82 01', 'ERR_CBOR_TRUNCATED'],
    ['missing map value', 'a1 01', 'ERR_CBOR_TRUNCATED'],
    ['two-byte simple without its byte', 'f8', 'ERR_CBOR_TRUNCATED'],
    // trailing bytes
    ['trailing byte', '01 00', 'ERR_CBOR_TRAILING_BYTES'],
    ['two items', 'a0 a0', 'ERR_CBOR_TRAILING_BYTES'],
  ];
  it.each(bad)('%s (%s) -> %s', (_name, h, code) => {
    expectCode(() => decodeCbor(hex(h)), code);
  });

  it('uses a fixed message and evidence in details', () => {
    const e = expectCode(() => decodeCbor(hex('1801')), 'ERR_CBOR_NON_CANONICAL');
    expect(e.message).toBe('CBOR head is not in shortest form');
    expect(e.details).toMatchObject({ offset: 0, received: 0x18 });
    const t = expectCode(() => decodeCbor(hex('01 00 00')), 'ERR_CBOR_TRAILING_BYTES');
    expect(t.message).toBe('CBOR data has trailing bytes');
    expect(t.details).toMatchObject({ expected: 1, received: 3 });
  });

  it('rejects non-Uint8Array input with a WebAuthnError', () => {
    for (const input of [undefined, null, 'a0', [0xa0], new ArrayBuffer(1), new Uint16Array(1), {}]) {
      expectCode(() => decodeCbor(input as unknown as Uint8Array), 'ERR_CBOR_MALFORMED');
      expectCode(() => decodeCborPrefix(input as unknown as Uint8Array, 0), 'ERR_CBOR_MALFORMED');
    }
  });
});

describe('map key order (requireSortedKeys)', () => {
  const sorted = { requireSortedKeys: true };
  it('accepts unsorted maps by default (real authenticators send them)', () => {
    expect(decodeCbor(hex('a2 03 00 01 00'))).toEqual(new Map([[3, 0], [1, 0]]));
    expect(decodeCbor(hex('a3 63616c67 26 63783563 80 63736967 40'))).toBeInstanceOf(Map);
  });
  it('rejects unsorted keys when enabled', () => {
    expectCode(() => decodeCbor(hex('a2 03 00 01 00'), sorted), 'ERR_CBOR_NON_CANONICAL');
    // text keys of equal length: "x5c" before "sig" is out of bytewise order
    expectCode(() => decodeCbor(hex('a3 63616c67 26 63783563 80 63736967 40'), sorted), 'ERR_CBOR_NON_CANONICAL');
    // shorter text key after a longer one
    expectCode(() => decodeCbor(hex('a2 626162 00 6161 00'), sorted), 'ERR_CBOR_NON_CANONICAL');
    // in a nested map
    expectCode(() => decodeCbor(hex('81 a2 02 00 01 00'), sorted), 'ERR_CBOR_NON_CANONICAL');
  });
  it('accepts canonical order when enabled: COSE EC2 key order 1, 3, -1, -2, -3', () => {
    const m = decodeCbor(hex('a5 01 02 03 26 20 01 21 40 22 40'), sorted);
    expect([...(m as Map<CborKey, CborValue>).keys()]).toEqual([1, 3, -1, -2, -3]);
    expect(decodeCbor(hex('a3 63616c67 26 63736967 40 63783563 80'), sorted)).toBeInstanceOf(Map);
  });
  it('sorts by major type first (CTAP2), not by length alone (RFC 7049)', () => {
    // 100 (0x1864, 2 bytes, major 0) sorts before -1 (0x20, 1 byte, major 1) in CTAP2 order
    expect(decodeCbor(hex('a2 1864 00 20 00'), sorted)).toEqual(new Map([[100, 0], [-1, 0]]));
    expectCode(() => decodeCbor(hex('a2 20 00 1864 00'), sorted), 'ERR_CBOR_NON_CANONICAL');
    // every int key sorts before every text key
    expect(decodeCbor(hex('a2 1903e8 00 6161 00'), sorted)).toBeInstanceOf(Map);
    expectCode(() => decodeCbor(hex('a2 6161 00 01 00'), sorted), 'ERR_CBOR_NON_CANONICAL');
  });
  it('reports duplicates as duplicates in either mode', () => {
    expectCode(() => decodeCbor(hex('a2 01 00 01 00'), sorted), 'ERR_CBOR_DUPLICATE_KEY');
    expectCode(() => decodeCbor(hex('a2 01 00 01 00')), 'ERR_CBOR_DUPLICATE_KEY');
  });
});

describe('limits', () => {
  const nestedArrays = (n: number) => Uint8Array.from([...Array<number>(n).fill(0x81), 0x00]);
  it('default maxDepth is 16', () => {
    expect(decodeCbor(nestedArrays(16))).toBeDefined();
    expectCode(() => decodeCbor(nestedArrays(17)), 'ERR_CBOR_DEPTH_EXCEEDED');
    expectCode(() => decodeCbor(Uint8Array.from([...Array<number>(16).fill(0x81), 0x80])), 'ERR_CBOR_DEPTH_EXCEEDED');
  });
  it('maxDepth is configurable', () => {
    expect(decodeCbor(nestedArrays(2), { maxDepth: 2 })).toEqual([[0]]);
    expectCode(() => decodeCbor(nestedArrays(3), { maxDepth: 2 }), 'ERR_CBOR_DEPTH_EXCEEDED');
    expect(decodeCbor(nestedArrays(200), { maxDepth: 256 })).toBeDefined();
  });
  it('maxItems counts every item (keys, values, elements, the container)', () => {
    const arr = Uint8Array.from([0x83, 1, 2, 3]); // 4 items
    expect(decodeCbor(arr, { maxItems: 4 })).toEqual([1, 2, 3]);
    expectCode(() => decodeCbor(arr, { maxItems: 3 }), 'ERR_CBOR_TOO_LARGE');
    const map = hex('a2 01 02 03 04'); // 5 items
    expect(decodeCbor(map, { maxItems: 5 })).toBeInstanceOf(Map);
    expectCode(() => decodeCbor(map, { maxItems: 4 }), 'ERR_CBOR_TOO_LARGE');
  });
  it('default maxItems is 4096', () => {
    const ok = Uint8Array.from([0x99, 0x0f, 0xff, ...Array<number>(4095).fill(0)]);
    expect((decodeCbor(ok) as unknown[]).length).toBe(4095);
    const tooMany = Uint8Array.from([0x99, 0x10, 0x00, ...Array<number>(4096).fill(0)]);
    expectCode(() => decodeCbor(tooMany), 'ERR_CBOR_TOO_LARGE');
  });
  it('rejects invalid limits', () => {
    for (const limits of [
      { maxDepth: 0 },
      { maxDepth: 257 },
      { maxDepth: 1.5 },
      { maxDepth: Number.NaN },
      { maxItems: 0 },
      { maxItems: Infinity },
      { requireSortedKeys: 'yes' as unknown as boolean },
    ]) {
      expectCode(() => decodeCbor(hex('00'), limits), 'ERR_OPTIONS_INVALID');
    }
  });
});

describe('decodeCborPrefix', () => {
  // A COSE EC2 key (1:2, 3:-7, -1:1, -2:x, -3:y) followed by an extensions map {"credProtect": 2}
  const x = 'aa'.repeat(32);
  const y = 'bb'.repeat(32);
  const cose = `a5 01 02 03 26 20 01 21 5820 ${x} 22 5820 ${y}`;
  const ext = 'a1 6b 63726564 50726f74656374 02';
  const bytes = hex(`${cose} ${ext}`);
  const coseLen = hex(cose).length;

  it('returns the end offset of the first item (COSE key followed by extensions)', () => {
    const first = decodeCborPrefix(bytes, 0);
    expect(coseLen).toBe(77);
    expect(first.end).toBe(77);
    expect((first.value as Map<CborKey, CborValue>).get(3)).toBe(-7);
    const second = decodeCborPrefix(bytes, first.end);
    expect(second.end).toBe(bytes.length);
    expect(second.value).toEqual(new Map([['credProtect', 2]]));
  });
  it('starts at an offset inside a larger buffer (authenticatorData layout)', () => {
    const ad = new Uint8Array(55 + bytes.length);
    ad.set(bytes, 55);
    expect(decodeCborPrefix(ad, 55).end).toBe(55 + 77);
  });
  it('end is exact for scalars, strings and nested containers', () => {
    expect(decodeCborPrefix(hex('00 ff ff'), 0).end).toBe(1);
    expect(decodeCborPrefix(hex('1b0000000100000000 ff'), 0).end).toBe(9);
    expect(decodeCborPrefix(hex('43 010203 ff'), 0).end).toBe(4);
    expect(decodeCborPrefix(hex('82 81 80 a0 ff'), 0).end).toBe(4);
    expect(decodeCborPrefix(hex('ff 82 81 80 a0 ff'), 1).end).toBe(5);
  });
  it('does not look at the bytes after the item, but rejects what is inside it', () => {
    expect(decodeCborPrefix(hex('a0 ff 1801 9f'), 0)).toEqual({ value: new Map(), end: 1 });
    expectCode(() => decodeCborPrefix(hex('a1 01 1801 a0'), 0), 'ERR_CBOR_NON_CANONICAL');
  });
  it('rejects a truncated item and an offset at the end', () => {
    expectCode(() => decodeCborPrefix(bytes.subarray(0, 76), 0), 'ERR_CBOR_TRUNCATED');
    expectCode(() => decodeCborPrefix(bytes, bytes.length), 'ERR_CBOR_TRUNCATED');
  });
  it('rejects bad offsets', () => {
    for (const off of [-1, 1.5, bytes.length + 1, Number.NaN, '0' as unknown as number]) {
      expectCode(() => decodeCborPrefix(bytes, off), 'ERR_OPTIONS_INVALID');
    }
  });
});

// --- properties ---------------------------------------------------------------------------

const oracle = new Decoder({ mapsAsObjects: false, useRecords: false } as never);

/** cbor-x's value in our shape: it returns bigint for every 8-byte integer; we use number when safe. */
function normalizeOracle(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (Array.isArray(v)) return v.map(normalizeOracle);
  if (v instanceof Map) return new Map([...v].map(([k, val]) => [normalizeOracle(k), normalizeOracle(val)]));
  return v;
}

function keyId(k: CborKey): string {
  return `${typeof k}:${String(k)}`;
}

const intArb = fc.oneof(
  fc.integer({ min: -30, max: 30 }),
  fc.integer({ min: -70000, max: 70000 }),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }).map((b) =>
    b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b,
  ),
);
const keyArb: fc.Arbitrary<CborKey> = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.maxSafeInteger(), fc.string({ unit: 'grapheme', maxLength: 8 }));
const { value: valueArb } = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    intArb,
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.uint8Array({ maxLength: 40 }),
    fc.constantFrom<CborValue>(true, false, null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc
      .uniqueArray(fc.tuple(keyArb, tie('value')), { maxLength: 5, selector: ([k]) => keyId(k) })
      .map((entries) => new Map(entries)),
  ),
}));

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

describe('properties', () => {
  it('(a) arbitrary bytes give a value or a WebAuthnError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, sortedKeys) => {
        for (const fn of [
          () => decodeCbor(bytes, { requireSortedKeys: sortedKeys }),
          () => decodeCborPrefix(bytes, 0, { maxDepth: 3, maxItems: 8 }),
        ]) {
          try {
            fn();
          } catch (e) {
            if (!(e instanceof WebAuthnError) || !e.code.startsWith('ERR_CBOR_')) throw e;
          }
        }
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('(a2) mutated canonical encodings give a value or a WebAuthnError; accepted ones match cbor-x', () => {
    fc.assert(
      fc.property(valueArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (value, edits) => {
        const bytes = encodeCanonical(value).slice();
        for (const [at, b] of edits) bytes[at % bytes.length] = b;
        let ours: CborValue;
        try {
          ours = decodeCbor(bytes);
        } catch (e) {
          if (e instanceof WebAuthnError && e.code.startsWith('ERR_CBOR_')) return;
          throw e;
        }
        expect(ours).toEqual(normalizeOracle(oracle.decode(Uint8Array.from(bytes))));
      }),
      { numRuns: RUNS },
    );
  });

  it('(b) canonical encodings round-trip, with sorted keys required, and agree with cbor-x', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        const bytes = encodeCanonical(value);
        const decoded = decodeCbor(bytes, { requireSortedKeys: true });
        expect(decoded).toEqual(value);
        expect(encodeCanonical(decoded)).toEqual(bytes);
        expect(decoded).toEqual(normalizeOracle(oracle.decode(Uint8Array.from(bytes))));
      }),
      { numRuns: RUNS },
    );
  });

  it('(b2) decodeCborPrefix finds the end of each of several concatenated items', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 4 }), (values) => {
        const parts = values.map(encodeCanonical);
        const all = Uint8Array.from(parts.flatMap((p) => [...p]));
        let off = 0;
        for (let i = 0; i < values.length; i++) {
          const { value, end } = decodeCborPrefix(all, off);
          expect(end).toBe(off + parts[i]!.length);
          expect(value).toEqual(values[i]);
          off = end;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('(c) every proper prefix of a valid item fails with ERR_CBOR_TRUNCATED', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        const bytes = encodeCanonical(value);
        for (let n = 0; n < bytes.length; n++) {
          expect(caught(() => decodeCbor(bytes.subarray(0, n))).code).toBe('ERR_CBOR_TRUNCATED');
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// --- evidence for the key-order decision (docs/cbor.md) -------------------------------------

describe('real vectors (fixtures/)', () => {
  const b64u = (s: string) => Uint8Array.from(Buffer.from(s, 'base64url'));
  const objects: { id: string; bytes: Uint8Array }[] = [];
  const dir = fixturePath('webauthn');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const data = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as { id: string; response: any } | { id: string; response: any }[];
    for (const c of Array.isArray(data) ? data : [data]) {
      const ao = c.response?.response?.attestationObject as string | undefined;
      if (ao) objects.push({ id: c.id, bytes: b64u(ao) });
    }
  }
  const chromium = JSON.parse(readFileSync(fixturePath('chromium', 'virtual-authenticator-samples.json'), 'utf8')) as {
    samples: { scenario: string; registration?: { credential?: { response?: { attestationObject?: string } } } }[];
  };
  for (const s of chromium.samples) {
    const ao = s.registration?.credential?.response?.attestationObject;
    if (ao) objects.push({ id: `chromium:${s.scenario}`, bytes: b64u(ao) });
  }

  it('every attestationObject decodes under the default profile, and its COSE key splits off exactly', () => {
    expect(objects.length).toBe(61);
    for (const { bytes } of objects) {
      const m = decodeCbor(bytes) as Map<CborKey, CborValue>;
      const authData = m.get('authData') as Uint8Array;
      if ((authData[32]! & 0x40) === 0) continue;
      const credIdLen = (authData[53]! << 8) | authData[54]!;
      const { value, end } = decodeCborPrefix(authData, 55 + credIdLen, { requireSortedKeys: true });
      expect(isCborMap(value)).toBe(true);
      if ((authData[32]! & 0x80) === 0) expect(end).toBe(authData.length);
      else expect(decodeCbor(authData.subarray(end), { requireSortedKeys: true })).toBeInstanceOf(Map);
    }
  });

  it('exactly three attestationObjects have unsorted attStmt keys (why the attestationObject is decoded without requireSortedKeys)', () => {
    const unsorted = objects
      .filter(({ bytes }) => caught2(() => decodeCbor(bytes, { requireSortedKeys: true })) === 'ERR_CBOR_NON_CANONICAL')
      .map((o) => o.id)
      .sort();
    expect(unsorted).toEqual(['swa-packed-aaguid-ext-match-reg', 'swa-packed-aaguid-ext-mismatch-reg', 'swa-tpm-aaguid-ext-match-reg']);
  });
});

function caught2(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof WebAuthnError ? e.code : 'not a WebAuthnError';
  }
}
