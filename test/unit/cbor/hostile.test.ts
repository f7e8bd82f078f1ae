/**
 * Hostile CBOR: encodings an attacker can put in an attestationObject, a COSE key or the
 * authenticatorData extensions. Each must be rejected with its code by both entry points, promptly
 * and without a RangeError/TypeError (stack overflow, huge allocation). No timing assertions: a
 * case that hung or overflowed would fail or time out instead of returning the code.
 */
import { describe, expect, it } from 'vitest';
import { decodeCbor, decodeCborPrefix, type CborLimits } from '../../../src/cbor/decode.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../../../src/errors.js';

function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

function cat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function repeat(bytes: number[], times: number): Uint8Array {
  const out = new Uint8Array(bytes.length * times);
  for (let i = 0; i < times; i++) out.set(bytes, i * bytes.length);
  return out;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebAuthnError) return e.code;
    return `not a WebAuthnError: ${String(e)}`;
  }
  return 'accepted';
}

const MB = 1 << 20;
const oneMegabyte = new Uint8Array(MB).fill(0x41);

interface Case {
  name: string;
  bytes: Uint8Array;
  code: WebAuthnErrorCode;
  limits?: CborLimits;
  /** decodeCborPrefix never reports trailing bytes; give its code when it differs. */
  prefixCode?: WebAuthnErrorCode | 'accepted';
}

const cases: Case[] = [
  // duplicate keys (RFC 8949 §5.6; CTAP2 canonical form)
  { name: 'duplicate int key', bytes: hex('a2 01 02 01 02'), code: 'ERR_CBOR_DUPLICATE_KEY' },
  { name: 'COSE key with alg twice (non-adjacent)', bytes: hex('a4 01 02 03 26 20 01 03 27'), code: 'ERR_CBOR_DUPLICATE_KEY' },
  { name: 'attestationObject with fmt twice', bytes: hex('a3 63666d74 646e6f6e65 6761747453746d74 a0 63666d74 646e6f6e65'), code: 'ERR_CBOR_DUPLICATE_KEY' },
  { name: 'duplicate key in a nested map', bytes: hex('a1 01 a2 6161 00 6161 01'), code: 'ERR_CBOR_DUPLICATE_KEY' },
  // non-minimal heads
  { name: '1801 (uint 1 in a 1-byte argument)', bytes: hex('1801'), code: 'ERR_CBOR_NON_CANONICAL' },
  { name: '5801xx (bstr length 1 in a 1-byte argument)', bytes: hex('5801 aa'), code: 'ERR_CBOR_NON_CANONICAL' },
  { name: '9801.. (array count 1 in a 1-byte argument)', bytes: hex('9801 01'), code: 'ERR_CBOR_NON_CANONICAL' },
  { name: 'b801.. (map count 1 in a 1-byte argument)', bytes: hex('b801 01 02'), code: 'ERR_CBOR_NON_CANONICAL' },
  { name: '3a0000ffff (negint in 4 bytes that fits in 2)', bytes: hex('3a0000ffff'), code: 'ERR_CBOR_NON_CANONICAL' },
  { name: 'COSE alg -7 as 3806', bytes: hex('a1 03 3806'), code: 'ERR_CBOR_NON_CANONICAL' },
  // indefinite containers
  { name: 'indefinite array', bytes: hex('9f 01 02 ff'), code: 'ERR_CBOR_INDEFINITE_LENGTH' },
  { name: 'indefinite map', bytes: hex('bf 01 02 ff'), code: 'ERR_CBOR_INDEFINITE_LENGTH' },
  { name: 'indefinite bstr', bytes: hex('5f 41 01 ff'), code: 'ERR_CBOR_INDEFINITE_LENGTH' },
  { name: 'indefinite tstr', bytes: hex('7f 61 61 ff'), code: 'ERR_CBOR_INDEFINITE_LENGTH' },
  { name: 'unterminated indefinite array', bytes: hex('9f 01 01 01'), code: 'ERR_CBOR_INDEFINITE_LENGTH' },
  { name: '1e5 nested indefinite arrays', bytes: repeat([0x9f], 100_000), code: 'ERR_CBOR_INDEFINITE_LENGTH' },
  // huge declared lengths: rejected before any allocation
  { name: '5affffffff (bstr of 2^32-1 bytes)', bytes: hex('5affffffff'), code: 'ERR_CBOR_TRUNCATED' },
  { name: '5bffffffffffffffff (bstr of 2^64-1 bytes)', bytes: hex('5bffffffffffffffff'), code: 'ERR_CBOR_TRUNCATED' },
  { name: '7affffffff (tstr of 2^32-1 bytes)', bytes: hex('7affffffff 61'), code: 'ERR_CBOR_TRUNCATED' },
  { name: '9affffffff (array of 2^32-1 items)', bytes: hex('9affffffff 00 00'), code: 'ERR_CBOR_TRUNCATED' },
  { name: '9bffffffffffffffff (array of 2^64-1 items)', bytes: hex('9bffffffffffffffff'), code: 'ERR_CBOR_TRUNCATED' },
  { name: 'baffffffff (map of 2^32-1 pairs)', bytes: hex('baffffffff 01 01'), code: 'ERR_CBOR_TRUNCATED' },
  { name: 'bbffffffffffffffff (map of 2^64-1 pairs)', bytes: hex('bbffffffffffffffff'), code: 'ERR_CBOR_TRUNCATED' },
  { name: 'huge bstr inside a COSE key', bytes: hex('a2 01 02 21 5b7fffffffffffffff'), code: 'ERR_CBOR_TRUNCATED' },
  // deep nesting: rejected at maxDepth, no recursion
  { name: '1e5-deep arrays', bytes: cat(repeat([0x81], 100_000), [0x00]), code: 'ERR_CBOR_DEPTH_EXCEEDED' },
  { name: '1e6-deep arrays, truncated', bytes: repeat([0x81], 1_000_000), code: 'ERR_CBOR_DEPTH_EXCEEDED' },
  { name: '1e5-deep maps', bytes: cat(repeat([0xa1, 0x01], 100_000), [0x00]), code: 'ERR_CBOR_DEPTH_EXCEEDED' },
  { name: '1e5-deep maps with text keys', bytes: cat(repeat([0xa1, 0x61, 0x61], 100_000), [0x00]), code: 'ERR_CBOR_DEPTH_EXCEEDED' },
  { name: '1e5-deep empty-array chain in arrays', bytes: cat(repeat([0x82, 0x80], 100_000), [0x80]), code: 'ERR_CBOR_DEPTH_EXCEEDED' },
  { name: 'depth 3 with maxDepth 2', bytes: hex('81 81 81 00'), code: 'ERR_CBOR_DEPTH_EXCEEDED', limits: { maxDepth: 2 } },
  // too many items
  { name: 'array of 65536 zeros (> maxItems 4096)', bytes: cat(hex('9a00010000'), new Uint8Array(65536)), code: 'ERR_CBOR_TOO_LARGE' },
  { name: 'array of 4096 one-pair maps', bytes: cat(hex('991000'), repeat([0xa1, 0x01, 0x00], 4096)), code: 'ERR_CBOR_TOO_LARGE' },
  { name: 'array of 1366 one-pair maps (4099 items)', bytes: cat(hex('990556'), repeat([0xa1, 0x01, 0x00], 1366)), code: 'ERR_CBOR_TOO_LARGE' },
  // tags an attacker would use against a permissive decoder (cbor-x builds objects from them)
  { name: 'tag 27 (generic object / Error constructor)', bytes: hex('d81b 82 654572726f72 81 6141'), code: 'ERR_CBOR_UNSUPPORTED_TYPE' },
  { name: 'tag 28 (shareable)', bytes: hex('d81c 80'), code: 'ERR_CBOR_UNSUPPORTED_TYPE' },
  { name: 'tag 29 (shared reference)', bytes: hex('82 d81c 80 d81d 00'), code: 'ERR_CBOR_UNSUPPORTED_TYPE' },
  { name: 'tag 258 (set)', bytes: hex('d90102 82 01 02'), code: 'ERR_CBOR_UNSUPPORTED_TYPE' },
  { name: 'tag 55799 (self-describe) before a map', bytes: hex('d9d9f7 a0'), code: 'ERR_CBOR_UNSUPPORTED_TYPE' },
  { name: 'tag 64 (typed array) as a COSE coordinate', bytes: hex('a1 21 d840 4101'), code: 'ERR_CBOR_UNSUPPORTED_TYPE' },
  { name: 'record tag 0xdf00', bytes: hex('df00 00'), code: 'ERR_CBOR_MALFORMED' },
  // trailing bytes
  { name: 'trailing byte after a COSE key', bytes: hex('a1 01 02 00'), code: 'ERR_CBOR_TRAILING_BYTES', prefixCode: 'accepted' },
  { name: 'two attestationObjects back to back', bytes: hex('a0 a0'), code: 'ERR_CBOR_TRAILING_BYTES', prefixCode: 'accepted' },
  { name: '1 MB of trailing garbage', bytes: cat(hex('00'), oneMegabyte), code: 'ERR_CBOR_TRAILING_BYTES', prefixCode: 'accepted' },
  // unsorted keys, with the option on
  { name: 'unsorted COSE key (3 before 1)', bytes: hex('a2 03 26 01 02'), code: 'ERR_CBOR_NON_CANONICAL', limits: { requireSortedKeys: true } },
  { name: 'unsorted attStmt (x5c before sig)', bytes: hex('a2 63783563 80 63736967 40'), code: 'ERR_CBOR_NON_CANONICAL', limits: { requireSortedKeys: true } },
  // 1 MB byte strings inside a map with a bad length
  { name: '1 MB bstr declared 1 byte longer than present', bytes: cat(hex('a1 01 5a00100001'), oneMegabyte), code: 'ERR_CBOR_TRUNCATED' },
  { name: '1 MB bstr in a map declared with 2 pairs', bytes: cat(hex('a2 01 5a00100000'), oneMegabyte), code: 'ERR_CBOR_TRUNCATED' },
  { name: '1 MB bstr declared 1 byte shorter than present', bytes: cat(hex('a1 01 5a000fffff'), oneMegabyte), code: 'ERR_CBOR_TRAILING_BYTES', prefixCode: 'accepted' },
  { name: '1 MB tstr of invalid UTF-8 as a map value', bytes: cat(hex('a1 01 7a00100000'), new Uint8Array(MB).fill(0xff)), code: 'ERR_CBOR_INVALID_UTF8' },
  // RFC 8949 Appendix F classes
  { name: 'reserved additional information 28-30', bytes: hex('82 01 1d'), code: 'ERR_CBOR_MALFORMED' },
  { name: 'break outside an indefinite item', bytes: hex('a1 01 ff'), code: 'ERR_CBOR_MALFORMED' },
  { name: 'two-byte simple value below 32', bytes: hex('81 f818'), code: 'ERR_CBOR_MALFORMED' },
  { name: 'map with an odd number of items', bytes: hex('a2 01 02 03'), code: 'ERR_CBOR_TRUNCATED' },
  { name: 'bstr key', bytes: hex('a1 4101 00'), code: 'ERR_CBOR_UNSUPPORTED_TYPE' },
];

describe('hostile CBOR', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(codeOf(() => decodeCbor(c.bytes, c.limits))).toBe(c.code);
    expect(codeOf(() => decodeCborPrefix(c.bytes, 0, c.limits))).toBe(c.prefixCode ?? c.code);
  });

  it('just under the item limit: an array of 1365 one-pair maps (4096 items) decodes', () => {
    const bytes = cat(hex('990555'), repeat([0xa1, 0x01, 0x00], 1365));
    expect((decodeCbor(bytes) as unknown[]).length).toBe(1365);
  });

  it('a large but legal unsorted map (2000 distinct keys) decodes; with requireSortedKeys it is rejected', () => {
    const bytes: number[] = [0xb9, 0x07, 0xd0]; // map of 2000 pairs, keys 1999..0 (descending)
    for (let i = 1999; i >= 0; i--) {
      if (i < 24) bytes.push(i);
      else if (i < 256) bytes.push(0x18, i);
      else bytes.push(0x19, i >> 8, i & 0xff);
      bytes.push(0x00);
    }
    const m = decodeCbor(Uint8Array.from(bytes)) as Map<number, number>;
    expect(m.size).toBe(2000);
    expect(codeOf(() => decodeCbor(Uint8Array.from(bytes), { requireSortedKeys: true }))).toBe('ERR_CBOR_NON_CANONICAL');
  });
});
