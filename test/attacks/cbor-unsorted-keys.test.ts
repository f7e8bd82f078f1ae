/**
 * Attack (issue 11, finding 10): authenticator CBOR whose map keys are not in CTAP2 canonical order.
 *
 * Clauses: WebAuthn L3 §6.5.1 (credentialPublicKey is "encoded in COSE_Key format … using the CTAP2
 * canonical CBOR encoding form") and CTAP 2.2 §8 "Message Encoding" (keys sorted: lower major type
 * first, then shorter encoding, then bytewise). The attack: the same key or extension outputs,
 * re-encoded with the keys out of order, signed correctly (the signature covers the reordered
 * bytes), so the only thing wrong is the encoding. Two encodings of one key would let a stored key
 * differ byte-wise from what a canonical re-encoder produces (key pinning, deduplication by bytes).
 *
 * Deliberately lenient (docs/cbor.md "Key order"): the attestationObject and its attStmt, because
 * real captures have unsorted attStmt maps; the positive case below pins that.
 */
import { describe, expect, it } from 'vitest';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { decodeCbor, decodeCborPrefix, type CborMap } from '../../src/cbor/decode.js';
import { encodeCbor } from '../../src/testing/cbor-encode.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential } from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x44));
const common = { challenge: CHALLENGE, origin: ORIGIN, rpId: RP } as const;
const expectations = { expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP } as const;

/** A CBOR map with the given entries in the given order (encodeCbor would sort them). */
function mapInOrder(entries: [unknown, unknown][]): Uint8Array {
  if (entries.length > 23) throw new Error('test helper: small maps only');
  return concat(new Uint8Array([0xa0 | entries.length]), ...entries.flatMap(([k, v]) => [encodeCbor(k as never), encodeCbor(v as never)]));
}

/** The map item at `offset` of `bytes`, re-encoded with its entries reversed (still one item). */
function reverseMapAt(bytes: Uint8Array, offset: number): Uint8Array {
  const { value, end } = decodeCborPrefix(bytes, offset);
  const reversed = mapInOrder([...(value as CborMap).entries()].reverse());
  return concat(bytes.subarray(0, offset), reversed, bytes.subarray(end));
}

const coseKeyOffset = (authData: Uint8Array) => 55 + ((authData[53]! << 8) | authData[54]!);

describe('attack: credential public key with unsorted labels (L3 §6.5.1, CTAP 2.2 §8)', () => {
  it.each(['none', 'packed'] as const)('registration (fmt %s, signed over the reordered key) → ERR_CBOR_NON_CANONICAL', async (fmt) => {
    const credential = await createTestCredential({ alg: -7 });
    const faults = { mutateAuthData: (a: Uint8Array) => reverseMapAt(a, coseKeyOffset(a)) };
    const response = await createRegistrationResponse({ credential, ...common, fmt, faults });
    expect(await codeOf(verifyRegistration({ response, ...expectations }))).toBe('ERR_CBOR_NON_CANONICAL');
    // Positive control: the same credential, canonical key → verifies.
    const good = await createRegistrationResponse({ credential, ...common, fmt });
    expect(await codeOf(verifyRegistration({ response: good, ...expectations }))).toBe('verified');
  });

  it('parseAuthenticatorData itself refuses it (the public parser, not only the ceremony)', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const response = await createRegistrationResponse({ credential, ...common, fmt: 'none' });
    const authData = (decodeCbor(decodeBase64url(response.response.attestationObject)) as CborMap).get('authData') as Uint8Array;
    expect(parseAuthenticatorData(authData).attestedCredentialData).toBeDefined();
    const unsorted = reverseMapAt(authData, coseKeyOffset(authData));
    expect(() => parseAuthenticatorData(unsorted)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_NON_CANONICAL' }));
  });

  it('a stored key with unsorted labels is refused at assertion time', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const unsorted = reverseMapAt(credential.publicKey, 0);
    expect(() => decodeCOSEKey(unsorted)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_NON_CANONICAL' }));
    const response = await createAssertionResponse({ credential, ...common });
    const stored = { id: encodeBase64url(credential.id), counter: 0 };
    expect(await codeOf(verifyAssertion({ response, ...expectations, credential: { ...stored, publicKey: unsorted } }))).toBe('ERR_CBOR_NON_CANONICAL');
    expect(decodeCOSEKey(credential.publicKey).kty).toBe('EC2');
  });

  it('kty/alg order within the integer labels matters too (1, 3, -1, -2, -3)', () => {
    const key = decodeCbor(encodeCbor(new Map<number, unknown>([[1, 1], [3, -8], [-1, 6], [-2, new Uint8Array(32).fill(9)]]))) as CborMap;
    const swapped = mapInOrder([[3, -8], [1, 1], [-1, 6], [-2, key.get(-2)]]);
    expect(() => decodeCOSEKey(swapped)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_NON_CANONICAL' }));
    const negativeFirst = mapInOrder([[1, 1], [-1, 6], [3, -8], [-2, key.get(-2)]]);
    expect(() => decodeCOSEKey(negativeFirst)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_NON_CANONICAL' }));
  });
});

describe('attack: authenticator extension outputs with unsorted keys (L3 §6.1, CTAP 2.2 §8)', () => {
  const extensions = new Map<string, unknown>([['credProtect', 2], ['hmac-secret', true]]);

  it('registration: signed, reordered extensions map → ERR_CBOR_NON_CANONICAL', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const faults = {
      mutateAuthData: (a: Uint8Array) => reverseMapAt(a, decodeCborPrefix(a, coseKeyOffset(a)).end),
    };
    const response = await createRegistrationResponse({ credential, ...common, fmt: 'packed', extensions, faults });
    expect(await codeOf(verifyRegistration({ response, ...expectations }))).toBe('ERR_CBOR_NON_CANONICAL');
    const good = await createRegistrationResponse({ credential, ...common, fmt: 'packed', extensions });
    expect(await codeOf(verifyRegistration({ response: good, ...expectations }))).toBe('verified');
  });

  it('assertion: signed, reordered extensions map → ERR_CBOR_NON_CANONICAL', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const stored = { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 0 };
    const faults = { mutateAuthData: (a: Uint8Array) => reverseMapAt(a, 37) };
    const bad = await createAssertionResponse({ credential, ...common, extensions, faults });
    expect(await codeOf(verifyAssertion({ response: bad, ...expectations, credential: stored }))).toBe('ERR_CBOR_NON_CANONICAL');
    const good = await createAssertionResponse({ credential, ...common, extensions });
    expect(await codeOf(verifyAssertion({ response: good, ...expectations, credential: { ...stored, counter: 1 } }))).toBe('verified');
  });

  it('nested maps inside an extension output are held to the order too', () => {
    const head = concat(new Uint8Array(32), new Uint8Array([0x81, 0, 0, 0, 1])); // UP | ED, counter 1
    const extensions = (inner: Uint8Array) => concat(new Uint8Array([0xa1]), encodeCbor('x'), inner);
    const unsorted = concat(head, extensions(mapInOrder([['b', 1], ['a', 2]])));
    expect(() => parseAuthenticatorData(unsorted)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_NON_CANONICAL' }));
    expect(parseAuthenticatorData(concat(head, extensions(mapInOrder([['a', 2], ['b', 1]])))).extensions?.['x']).toBeInstanceOf(Map);
  });
});

describe('documented leniency: the attestationObject (docs/cbor.md "Key order")', () => {
  it('an attestationObject and attStmt with unsorted keys still verify (real devices send them)', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const response = await createRegistrationResponse({ credential, ...common, fmt: 'packed' });
    const att = decodeCbor(decodeBase64url(response.response.attestationObject)) as CborMap;
    const attStmt = mapInOrder([...(att.get('attStmt') as CborMap).entries()].reverse());
    const reordered = concat(new Uint8Array([0xa3]), encodeCbor('authData'), encodeCbor(att.get('authData') as Uint8Array), encodeCbor('attStmt'), attStmt, encodeCbor('fmt'), encodeCbor('packed'));
    const edited = { ...response, response: { ...response.response, attestationObject: encodeBase64url(reordered) } };
    expect(await codeOf(verifyRegistration({ response: edited, ...expectations }))).toBe('verified');
  });
});
