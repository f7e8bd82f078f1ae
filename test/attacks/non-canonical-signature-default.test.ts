/**
 * Attack: signature malleability through BER. An attacker who holds one genuine assertion can
 * re-encode its ECDSA signature (zero padding, long-form lengths, a negative INTEGER, trailing
 * bytes) to get "another" valid signature, and defeat replay caches or signature-keyed logs.
 * Clause: WebAuthn L3 §6.5.5 (ECDSA signatures are ASN.1 DER Ecdsa-Sig-Value), SEC 1 §C.5,
 * X.690 §10.1 / §8.3.2 (DER: minimal lengths, minimal INTEGERs). Default: every variant refused.
 * With allowNonCanonicalSignatures: true only value-preserving re-encodings are accepted; a
 * negative INTEGER, trailing bytes or an indefinite length still are not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { verifyAssertion, type VerifyAssertionOptions } from '../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import { createAssertionResponse, createTestCredential, type TestCredential } from '../../src/testing/index.js';
import { assertionSignedData, canonicalOfFieldShape, fieldShapeSignature, longFormLengths, negativeR, withSignature, zeroPaddedR } from '../interop/helpers.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x61));

let credential: TestCredential;
let assertion: Awaited<ReturnType<typeof createAssertionResponse>>;
let der: Uint8Array;

beforeAll(async () => {
  credential = await createTestCredential({ alg: -7 });
  assertion = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 3 });
  der = canonicalOfFieldShape(await fieldShapeSignature(credential.privateKey as CryptoKey, await assertionSignedData(assertion)));
});

const options = (signature: Uint8Array, allowNonCanonicalSignatures?: boolean): VerifyAssertionOptions => ({
  response: withSignature(assertion, signature),
  expectedChallenge: CHALLENGE,
  expectedOrigin: ORIGIN,
  expectedRPID: RP,
  credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 2 },
  ...(allowNonCanonicalSignatures === undefined ? {} : { allowNonCanonicalSignatures }),
});

describe('attack: BER re-encodings of a genuine ECDSA assertion signature', () => {
  it('the genuine DER signature verifies (control)', async () => {
    expect(await codeOf(verifyAssertion(options(der)))).toBe('verified');
  });
  it.each([
    ['zero-padded r (30 45 02 20 00 …)', () => new Uint8Array([0x30, 0x45, 0x02, 0x20, 0x00, ...der.subarray(4)])],
    ['long-form lengths', () => longFormLengths(der)],
    ['two extra zero bytes in r', () => zeroPaddedR(der)],
  ])('default (strict DER, §6.5.5): %s is refused with ERR_SIGNATURE_NON_CANONICAL_DER', async (_n, make) => {
    expect(await codeOf(verifyAssertion(options(make())))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
    expect(await codeOf(verifyAssertion(options(make(), false)))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
  });
  it.each([
    ['r as a negative INTEGER (X.690 §8.3.3)', () => negativeR(der)],
    ['a trailing byte after the SEQUENCE', () => concat(der, new Uint8Array([0]))],
    ['an indefinite-length SEQUENCE (X.690 §10.1)', () => new Uint8Array([0x30, 0x80, ...der.subarray(2), 0, 0])],
  ])('even with allowNonCanonicalSignatures: %s is refused', async (_n, make) => {
    expect(await codeOf(verifyAssertion(options(make(), true)))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifyAssertion(options(make())))).toBe('ERR_SIGNATURE_INVALID');
  });
});
