import { describe, expect, it } from 'vitest';
import { parseAttestationObject } from '../../../src/parse/attestation-object.js';
import { encodeCbor } from '../../../src/testing/cbor-encode.js';

const authData = new Uint8Array(37).fill(1);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('parseAttestationObject (§6.5.4, §7.1 step 12)', () => {
  it('reads fmt, attStmt and authData', () => {
    const o = parseAttestationObject(encodeCbor({ fmt: 'none', attStmt: {}, authData }));
    expect(o.fmt).toBe('none');
    expect(o.attStmt).toBeInstanceOf(Map);
    expect((o.attStmt as Map<unknown, unknown>).size).toBe(0);
    expect(o.authData).toEqual(authData);
  });

  it.each([
    ['not a map', encodeCbor([1, 2, 3]), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['fmt missing', encodeCbor({ attStmt: {}, authData }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['fmt not text', encodeCbor({ fmt: 1, attStmt: {}, authData }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['fmt empty', encodeCbor({ fmt: '', attStmt: {}, authData }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['attStmt missing', encodeCbor({ fmt: 'none', authData }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['attStmt not a map', encodeCbor({ fmt: 'none', attStmt: [], authData }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['authData missing', encodeCbor({ fmt: 'none', attStmt: {} }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['authData not bytes', encodeCbor({ fmt: 'none', attStmt: {}, authData: 'abc' }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['authData empty', encodeCbor({ fmt: 'none', attStmt: {}, authData: new Uint8Array(0) }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['an extra member', encodeCbor({ fmt: 'none', attStmt: {}, authData, extra: 1 }), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['an extra integer-keyed member', encodeCbor(new Map<unknown, unknown>([['fmt', 'none'], ['attStmt', {}], ['authData', authData], [1, 1]])), 'ERR_ATTESTATION_OBJECT_INVALID'],
    ['trailing bytes', new Uint8Array([...encodeCbor({ fmt: 'none', attStmt: {}, authData }), 0]), 'ERR_CBOR_TRAILING_BYTES'],
    ['truncated', encodeCbor({ fmt: 'none', attStmt: {}, authData }).slice(0, 20), 'ERR_CBOR_TRUNCATED'],
    ['empty input', new Uint8Array(0), 'ERR_CBOR_TRUNCATED'],
  ])('rejects: %s', (_n, bytes, expected) => {
    expect(code(() => parseAttestationObject(bytes))).toBe(expected);
  });
});

describe('parseAttestationObject: compound (L3 §8.9)', () => {
  it('accepts an array attStmt only for fmt "compound"', () => {
    const sub = { fmt: 'none', attStmt: {} };
    expect(Array.isArray(parseAttestationObject(encodeCbor({ fmt: 'compound', attStmt: [sub, sub], authData })).attStmt)).toBe(true);
    expect(code(() => parseAttestationObject(encodeCbor({ fmt: 'packed', attStmt: [sub, sub], authData })))).toBe('ERR_ATTESTATION_OBJECT_INVALID');
  });
});
