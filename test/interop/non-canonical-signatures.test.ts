/**
 * Issue 16 item 1: ECDSA signatures in recoverable BER (go-webauthn #408 `30 45 02 20 00 54 1b …`;
 * YubiKey 5.8 attestation certificates, go-webauthn #637/#710). Default: refused with
 * ERR_SIGNATURE_NON_CANONICAL_DER; `allowNonCanonicalSignatures: true`: the DER re-encoding is
 * verified, for assertion, attestation statement and certificate signatures alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { verifyAssertion, type VerifyAssertionOptions } from '../../src/ceremony/assertion.js';
import { decodeCbor } from '../../src/cbor/decode.js';
import { encodeCbor } from '../../src/testing/cbor-encode.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { canonicalEcdsaDer, derToP1363, ecdsaDerForm } from '../../src/signature/der.js';
import { verifySignature, type SignatureBackend } from '../../src/signature/verify.js';
import { createAssertionResponse, createAttestationChain, createRegistrationResponse, createTestCredential, type TestAttestationChain, type TestCredential } from '../../src/testing/index.js';
import {
  assertionSignedData,
  canonicalOfFieldShape,
  fieldShapeSignature,
  longFormLengths,
  negativeR,
  withCertificateSignature,
  withSignature,
  zeroPaddedR,
} from './helpers.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x16));
const BACKENDS: SignatureBackend[] = ['webcrypto', 'noble', 'node'];

let credential: TestCredential;
let assertion: Awaited<ReturnType<typeof createAssertionResponse>>;
let signedData: Uint8Array;
let fieldShape: Uint8Array;

beforeAll(async () => {
  credential = await createTestCredential({ alg: -7 });
  assertion = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 7 });
  signedData = await assertionSignedData(assertion);
  fieldShape = await fieldShapeSignature(credential.privateKey as CryptoKey, signedData);
});

function assertionOptions(signature: Uint8Array, extra: Partial<VerifyAssertionOptions> = {}): VerifyAssertionOptions {
  return {
    response: withSignature(assertion, signature),
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 6 },
    ...extra,
  };
}

describe('canonicalEcdsaDer (src/signature/der.ts)', () => {
  it('rewrites the field shape 30 45 02 20 00 … into the DER of the same (r, s)', () => {
    expect([...fieldShape.subarray(0, 5)]).toEqual([0x30, 0x45, 0x02, 0x20, 0x00]);
    expect(fieldShape[5]).toBeLessThan(0x80);
    expect(derToP1363(fieldShape, 32)).toBeUndefined(); // the strict reader refuses it
    expect(ecdsaDerForm(fieldShape)).toBe('recoverable');
    expect(canonicalEcdsaDer(fieldShape)).toEqual(canonicalOfFieldShape(fieldShape));
    expect(derToP1363(canonicalEcdsaDer(fieldShape)!, 32)).toBeDefined();
  });

  it('rewrites long-form lengths and zero-padded INTEGERs; leaves DER byte-identical', () => {
    const der = canonicalOfFieldShape(fieldShape);
    expect(ecdsaDerForm(der)).toBe('canonical');
    for (const ber of [longFormLengths(der), zeroPaddedR(der), longFormLengths(zeroPaddedR(der))]) {
      expect(ecdsaDerForm(ber)).toBe('recoverable');
      expect(canonicalEcdsaDer(ber)).toEqual(der);
    }
  });

  it.each([
    ['a negative INTEGER (leading 0xff)', (d: Uint8Array) => negativeR(d)],
    ['a trailing byte', (d: Uint8Array) => concat(longFormLengths(d), new Uint8Array([0]))],
    ['an indefinite length', (d: Uint8Array) => new Uint8Array([0x30, 0x80, ...d.subarray(2), 0, 0])],
    ['a third INTEGER', (d: Uint8Array) => new Uint8Array([0x30, d[1]! + 3, ...d.subarray(2), 0x02, 0x01, 0x01])],
    ['a length with five length bytes', (d: Uint8Array) => new Uint8Array([0x30, 0x85, 0, 0, 0, 0, d[1]!, ...d.subarray(2)])],
    ['an INTEGER wider than any order (67 bytes)', () => new Uint8Array([0x30, 0x81, 0x48, 0x02, 0x43, ...new Uint8Array(67).fill(1), 0x02, 0x01, 0x01])],
  ])('does not recover %s', (_name, make) => {
    const bad = make(canonicalOfFieldShape(fieldShape));
    expect(ecdsaDerForm(bad)).toBe('invalid');
    expect(canonicalEcdsaDer(bad)).toBeUndefined();
  });
});

describe('verifySignature nonCanonicalDer policy, every backend', () => {
  it.each(BACKENDS)('%s: verdict false by default, coded refusal with "refuse", true with "normalize"', async (backend) => {
    const key = decodeCOSEKey(credential.publicKey);
    const input = { key, signature: fieldShape, data: signedData, backend };
    expect(await verifySignature(input)).toBe(false);
    expect(await codeOf(verifySignature({ ...input, nonCanonicalDer: 'refuse' }))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
    expect(await verifySignature({ ...input, nonCanonicalDer: 'normalize' })).toBe(true);
    expect(await verifySignature({ ...input, signature: canonicalOfFieldShape(fieldShape), nonCanonicalDer: 'refuse' })).toBe(true);
    // Normalising never turns a wrong signature into a right one.
    const wrong = fieldShape.slice();
    wrong[wrong.length - 1]! ^= 1;
    expect(await verifySignature({ ...input, signature: wrong, nonCanonicalDer: 'normalize' })).toBe(false);
  });
});

describe('verifyAssertion: allowNonCanonicalSignatures', () => {
  it('the field shape is refused by default with its own code (L3 §6.5.5: ECDSA signatures are DER)', async () => {
    expect(await codeOf(verifyAssertion(assertionOptions(fieldShape)))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
  });
  it('the field shape verifies with allowNonCanonicalSignatures: true', async () => {
    const r = await verifyAssertion(assertionOptions(fieldShape, { allowNonCanonicalSignatures: true }));
    expect(r.newCounter).toBe(7);
  });
  it('long-form lengths and zero padding verify with the option', async () => {
    const der = canonicalOfFieldShape(fieldShape);
    for (const ber of [longFormLengths(der), zeroPaddedR(der)]) {
      expect(await codeOf(verifyAssertion(assertionOptions(ber)))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
      expect(await codeOf(verifyAssertion(assertionOptions(ber, { allowNonCanonicalSignatures: true })))).toBe('verified');
    }
  });
  it('the canonical signature verifies under both settings', async () => {
    const der = canonicalOfFieldShape(fieldShape);
    expect(await codeOf(verifyAssertion(assertionOptions(der)))).toBe('verified');
    expect(await codeOf(verifyAssertion(assertionOptions(der, { allowNonCanonicalSignatures: true })))).toBe('verified');
  });
  it('refuses a non-boolean option', async () => {
    expect(await codeOf(verifyAssertion(assertionOptions(fieldShape, { allowNonCanonicalSignatures: 'yes' as never })))).toBe('ERR_OPTIONS_INVALID');
  });
});

/** A packed self-attestation whose statement signature is the field shape. */
async function packedSelfWithFieldShape(): Promise<unknown> {
  const cred = await createTestCredential({ alg: -7 });
  const response = await createRegistrationResponse({ credential: cred, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed' });
  const attObj = decodeCbor(decodeBase64url(response.response.attestationObject)) as Map<string, unknown>;
  const authData = attObj.get('authData') as Uint8Array;
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', decodeBase64url(response.response.clientDataJSON) as Uint8Array<ArrayBuffer>));
  const sig = await fieldShapeSignature(cred.privateKey as CryptoKey, concat(authData, hash));
  const rebuilt = new Map<string, unknown>([
    ['fmt', 'packed'],
    ['attStmt', new Map<string, unknown>([['alg', -7], ['sig', sig]])],
    ['authData', authData],
  ]);
  return { ...response, response: { ...response.response, attestationObject: encodeBase64url(encodeCbor(rebuilt as never)) } };
}

describe('verifyRegistration: statement signatures', () => {
  it('a packed statement signature of the field shape is refused by default, verifies with the option', async () => {
    const response = await packedSelfWithFieldShape();
    const base = { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP };
    expect(await codeOf(verifyRegistration(base))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
    const r = await verifyRegistration({ ...base, allowNonCanonicalSignatures: true });
    expect(r.attestation).toMatchObject({ fmt: 'packed', type: 'self' });
  });
});

describe('verifyRegistration: certificate signatures (YubiKey 5.8 shape: long-form lengths)', () => {
  let chain: TestAttestationChain;
  let response: unknown;
  beforeAll(async () => {
    chain = await createAttestationChain();
    const berLeaf = withCertificateSignature(chain.leaf.der, longFormLengths);
    const cred = await createTestCredential({ alg: -7 });
    response = await createRegistrationResponse({
      credential: cred,
      challenge: CHALLENGE,
      origin: ORIGIN,
      rpId: RP,
      fmt: 'packed',
      attestation: 'x5c',
      x5c: { certificates: [berLeaf, ...chain.x5c.slice(1)], privateKey: chain.leaf.privateKey },
    });
  });
  const options = (extra: object) => ({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, ...extra });

  it('with anchors: refused by default with its own code', async () => {
    expect(await codeOf(verifyRegistration(options({ attestation: { trustAnchors: chain.anchorsPem } })))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
  });
  it('with anchors and the option: trusted', async () => {
    const r = await verifyRegistration(options({ attestation: { trustAnchors: chain.anchorsPem }, allowNonCanonicalSignatures: true }));
    expect(r.attestation).toMatchObject({ fmt: 'packed', type: 'basic', trusted: true });
  });
  it('without anchors: refused by default, untrusted with the option; then strict again (no cached lenient verdict)', async () => {
    expect(await codeOf(verifyRegistration(options({})))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
    const r = await verifyRegistration(options({ allowNonCanonicalSignatures: true }));
    expect(r.attestation).toMatchObject({ trusted: false });
    expect(await codeOf(verifyRegistration(options({ attestation: { trustAnchors: chain.anchorsPem } })))).toBe('ERR_SIGNATURE_NON_CANONICAL_DER');
  });
});
