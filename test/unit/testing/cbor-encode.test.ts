import { Decoder } from 'cbor-x/decode';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../../src/testing/cbor-encode.js';
import { decodeCbor } from '../../../src/cbor/decode.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const cborx = new Decoder({ mapsAsObjects: false, useRecords: false } as any);

describe('encodeCbor: minimal heads (RFC 8949 §4.2.1)', () => {
  it.each([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [255, '18ff'],
    [256, '190100'],
    [65535, '19ffff'],
    [65536, '1a00010000'],
    [0xffffffff, '1affffffff'],
    [0x100000000, '1b0000000100000000'],
    [Number.MAX_SAFE_INTEGER, '1b001fffffffffffff'],
    [-1, '20'],
    [-24, '37'],
    [-25, '3818'],
    [-256, '38ff'],
    [-257, '390100'],
    [-65537, '3a00010000'],
    [18446744073709551615n, '1bffffffffffffffff'],
    [-18446744073709551616n, '3bffffffffffffffff'],
    [5n, '05'],
    [-7n, '26'],
  ] as const)('%s → %s', (value, expected) => {
    expect(hex(encodeCbor(value))).toBe(expected);
  });

  it('encodes strings, bytes, arrays, simple values with minimal lengths', () => {
    expect(hex(encodeCbor(''))).toBe('60');
    expect(hex(encodeCbor('a'))).toBe('6161');
    expect(hex(encodeCbor('ü'))).toBe('62c3bc');
    expect(hex(encodeCbor('x'.repeat(24)))).toBe('7818' + '78'.repeat(24));
    expect(hex(encodeCbor(new Uint8Array([1, 2, 3])))).toBe('43010203');
    expect(hex(encodeCbor(new Uint8Array(256))).slice(0, 6)).toBe('590100');
    expect(hex(encodeCbor([1, [2, 3]]))).toBe('8201820203');
    expect(hex(encodeCbor([]))).toBe('80');
    expect(hex(encodeCbor(true))).toBe('f5');
    expect(hex(encodeCbor(false))).toBe('f4');
    expect(hex(encodeCbor(null))).toBe('f6');
  });
});

describe('encodeCbor: CTAP2 canonical key order', () => {
  it('orders a COSE EC2 key 1, 3, -1, -2, -3 whatever the insertion order', () => {
    const x = new Uint8Array(32).fill(0xaa);
    const y = new Uint8Array(32).fill(0xbb);
    const key = new Map<number, unknown>([[-3, y], [-1, 1], [3, -7], [-2, x], [1, 2]]);
    const out = encodeCbor(key);
    expect(hex(out.subarray(0, 10))).toBe('a5010203262001215820');
    expect(out.length).toBe(77); // the size Chromium's ES256 COSE key has (TOOLCHAIN §6)
  });

  it('orders keys by major type, then shorter encoding, then bytewise (CTAP2)', () => {
    // "fmt" (3), "attStmt" (7), "authData" (8): the order browsers emit for attestationObject.
    const obj = { authData: 1, fmt: 2, attStmt: 3 };
    expect([...(cborx.decode(encodeCbor(obj)) as Map<string, number>).keys()]).toEqual(['fmt', 'attStmt', 'authData']);
    const mixed = new Map<unknown, unknown>([['a', 1], [100, 2], [-1, 3], [10, 4], ['b', 5], [new Uint8Array([0]), 6]]);
    // CTAP2 order: major type first, then length, then bytes:
    // 10 (0a), 100 (1864), -1 (20), h'00' (4100), "a" (6161), "b" (6162)
    expect(hex(encodeCbor(mixed))).toBe('a60a0418640220034100066161016162' + '05');
  });

  it('rejects duplicate keys after normalisation and unsupported values', () => {
    expect(() => encodeCbor(new Map<unknown, unknown>([[1, 1], [1n, 2]]))).toThrow(
      expect.objectContaining({ code: 'ERR_CBOR_DUPLICATE_KEY' }),
    );
    for (const bad of [1.5, Number.NaN, 2 ** 53, undefined, Symbol('s'), () => 1, new Date(0), 2n ** 64n, -(2n ** 64n) - 1n]) {
      expect(() => encodeCbor(bad as never)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_UNSUPPORTED_TYPE' }));
    }
    expect(() => encodeCbor(new Map([[true, 1]]) as never)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_UNSUPPORTED_TYPE' }));
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => encodeCbor(deep as never)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_UNSUPPORTED_TYPE' }));
  });

  it('treats undefined object members as absent', () => {
    expect(hex(encodeCbor({ a: 1, b: undefined }))).toBe('a1616101');
  });
});

// Values drawn from the subset the encoder supports.
const keyArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.string({ maxLength: 6 }));
const { value: valueArb } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }),
    fc.string(),
    fc.uint8Array({ maxLength: 40 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.uniqueArray(fc.tuple(keyArb, tie('value')), { maxLength: 4, selector: ([k]) => (typeof k === 'number' ? `n${k}` : `s${k}`) }).map(
      (entries) => new Map<unknown, unknown>(entries),
    ),
  ),
}));

/** Normalises for comparison: bigints in safe range become numbers (decoders return numbers there). */
function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (v instanceof Uint8Array) return hex(v);
  if (Array.isArray(v)) return v.map(norm);
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [norm(k), norm(x)]).sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
  return v;
}

describe('encodeCbor: properties', () => {
  it('round-trips through cbor-x', () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        expect(norm(cborx.decode(encodeCbor(v as never)))).toEqual(norm(v));
      }),
      { numRuns: 300 },
    );
  });

  it('output is accepted by our strict decoder and re-encodes to the same bytes (canonical fixpoint)', () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        const bytes = encodeCbor(v as never);
        expect(hex(encodeCbor(decodeCbor(bytes) as never))).toBe(hex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('map encoding does not depend on insertion order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(keyArb, fc.integer()), { maxLength: 8, selector: ([k]) => (typeof k === 'number' ? `n${k}` : `s${k}`) }),
        (entries) => {
          const a = encodeCbor(new Map<unknown, unknown>(entries));
          const b = encodeCbor(new Map<unknown, unknown>([...entries].reverse()));
          expect(hex(a)).toBe(hex(b));
        },
      ),
    );
  });
});

describe('encodeCbor key order across major types (CTAP2 canonical)', () => {
  it('puts integer keys before text keys even when the text key encodes shorter', async () => {
    const { encodeCbor } = await import('../../../src/testing/cbor-encode.js');
    const { decodeCbor } = await import('../../../src/cbor/decode.js');
    const bytes = encodeCbor(new Map<unknown, unknown>([['a', 0], [1000, 0]]));
    expect(Array.from(bytes.slice(0, 4))).toEqual([0xa2, 0x19, 0x03, 0xe8]);
    expect(() => decodeCbor(bytes, { requireSortedKeys: true })).not.toThrow();
  });
});
