/**
 * Attack (issue 11, finding 1): an Ed25519 credential key that is a small-order point, or a
 * non-canonical or undecodable encoding, must be refused when the COSE key is decoded, on every
 * path (registration, key as bytes, prepared key, key cache), so no backend ever sees it.
 *
 * Before the fix `okpKey` checked only the length: the identity key with R = identity, S = 0
 * registered through packed self attestation and then signed in as that credential on node:crypto
 * and WebCrypto (OpenSSL's cofactorless check), while noble refused: three backends, two verdicts.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError } from '../../src/errors.js';
import { createCredentialKeyCache, prepareCredentialKey } from '../../src/ceremony/credential-key.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential, okpCoseKey } from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';
import { CHALLENGE, forgedAssertion, forgedRegistration, identityPoint, identitySignature, ORIGIN, RP } from './eddsa-forgery.js';

const P = (1n << 255n) - 19n;
const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const le = (v: bigint, signBit = false) => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  if (signBit) out[31]! |= 0x80;
  return out;
};

/** The reason decodeCOSEKey gives for an Ed25519 x, or 'ok'. */
function verdict(x: Uint8Array): string {
  try {
    decodeCOSEKey(okpCoseKey('Ed25519', x, -8));
    return 'ok';
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return `${e.code}:${String(e.details?.reason)}`;
  }
}

/** noble's strict view (RFC 8032 decoding, zip215: false) and its small-order test. */
function nobleView(x: Uint8Array): 'undecodable' | 'small-order' | 'ok' {
  try {
    return ed25519.Point.fromBytes(x, false).isSmallOrder() ? 'small-order' : 'ok';
  } catch {
    return 'undecodable';
  }
}

const IDENTITY = identityPoint(32); // 01 00…00: y = 1, x = 0
const NON_CANONICAL_IDENTITY = hex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'); // y = p + 1
const FORGED = identitySignature(32); // R = identity, S = 0

describe('Ed25519 identity key with R = identity, S = 0 (RFC 8032 §5.1.7 equation holds for any message)', () => {
  it('a packed self attestation made with no private key does not register (§8.2 step 3 / §7.1 credential key)', async () => {
    expect(await codeOf(verifyRegistration(await forgedRegistration('Ed25519', -8, IDENTITY, FORGED)))).toBe('ERR_COSE_KEY_POINT_INVALID');
  });

  it('an assertion against the key as COSE bytes is refused (§7.2 step 23 needs a valid credentialPublicKey)', async () => {
    const options = await forgedAssertion(FORGED, okpCoseKey('Ed25519', IDENTITY, -8));
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_COSE_KEY_POINT_INVALID');
  });

  it('the key cannot be prepared (prepareCredentialKey decodes it)', () => {
    expect(() => prepareCredentialKey(okpCoseKey('Ed25519', IDENTITY, -8))).toThrow(expect.objectContaining({ code: 'ERR_COSE_KEY_POINT_INVALID' }));
  });

  it('an assertion through createCredentialKeyCache is refused, and nothing is cached for a retry', async () => {
    const credentialKeyCache = createCredentialKeyCache();
    const options = await forgedAssertion(FORGED, okpCoseKey('Ed25519', IDENTITY, -8));
    expect(await codeOf(verifyAssertion({ ...options, credentialKeyCache }))).toBe('ERR_COSE_KEY_POINT_INVALID');
    expect(await codeOf(verifyAssertion({ ...options, credentialKeyCache }))).toBe('ERR_COSE_KEY_POINT_INVALID');
  });

  it('the non-canonical identity ee ff…ff 7f (y = p + 1) is refused: RFC 8032 §5.1.3 step 1, y ≥ p fails', async () => {
    expect(verdict(NON_CANONICAL_IDENTITY)).toBe('ERR_COSE_KEY_POINT_INVALID:non-canonical');
    expect(await codeOf(verifyRegistration(await forgedRegistration('Ed25519', -8, NON_CANONICAL_IDENTITY, FORGED)))).toBe('ERR_COSE_KEY_POINT_INVALID');
    const options = await forgedAssertion(FORGED, okpCoseKey('Ed25519', NON_CANONICAL_IDENTITY, -8));
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_COSE_KEY_POINT_INVALID');
  });

  it('with alg -19 (Ed25519, fully specified) as well', async () => {
    expect(await codeOf(verifyRegistration(await forgedRegistration('Ed25519', -19, IDENTITY, FORGED)))).toBe('ERR_COSE_KEY_POINT_INVALID');
  });
});

describe('every small-order Ed25519 point, in every encoding (the 8-torsion subgroup, cofactor 8)', () => {
  // y of the 8 torsion points: 1 (order 1), p − 1 (2), 0 (4: x = ±√−1), ±y8 (8). Derived from noble below.
  const Y8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
  const canonical = [le(1n), le(P - 1n), le(0n), le(0n, true), le(Y8), le(Y8, true), le(P - Y8), le(P - Y8, true)];

  it('the 8 canonical encodings are exactly noble\'s torsion subgroup', () => {
    // A point of order 8 generates the subgroup: walk it and compare the encodings.
    const t8 = ed25519.Point.fromBytes(le(Y8), false);
    const walked = new Set<string>();
    let q = ed25519.Point.ZERO;
    for (let i = 0; i < 8; i++, q = q.add(t8)) walked.add(Buffer.from(q.toBytes()).toString('hex'));
    expect(walked).toEqual(new Set(canonical.map((c) => Buffer.from(c).toString('hex'))));
    expect(q.equals(ed25519.Point.ZERO)).toBe(true);
  });

  it.each(canonical.map((c) => [Buffer.from(c).toString('hex'), c] as const))('%s is refused as small-order (noble agrees)', (_h, x) => {
    expect(nobleView(x)).toBe('small-order');
    expect(verdict(x)).toBe('ERR_COSE_KEY_POINT_INVALID:small-order');
  });

  it('x = 0 with the sign bit set (y = ±1) does not decode (§5.1.3 step 4) and is refused', () => {
    for (const x of [le(1n, true), le(P - 1n, true)]) {
      expect(nobleView(x)).toBe('undecodable');
      expect(verdict(x)).toMatch(/^ERR_COSE_KEY_POINT_INVALID:/);
    }
  });

  it('the non-canonical encodings y + p of the torsion points (only y ≤ 18 have one) are refused (§5.1.3 step 1)', () => {
    for (const x of [le(P), le(P, true), le(P + 1n), le(P + 1n, true)]) {
      expect(nobleView(x)).toBe('undecodable');
      expect(verdict(x)).toBe('ERR_COSE_KEY_POINT_INVALID:non-canonical');
    }
  });

  it('each is also refused on the login path (bytes), not only by decodeCOSEKey', async () => {
    for (const x of canonical) {
      const options = await forgedAssertion(FORGED, okpCoseKey('Ed25519', x, -8));
      expect(await codeOf(verifyAssertion(options))).toBe('ERR_COSE_KEY_POINT_INVALID');
    }
  });
});

describe('undecodable Ed25519 keys (RFC 8032 §5.1.3 steps 2–3: x² = (y² − 1)/(d·y² + 1) has no root)', () => {
  it('y = 2 is not on the curve (noble agrees) and is refused', () => {
    expect(nobleView(le(2n))).toBe('undecodable');
    expect(verdict(le(2n))).toBe('ERR_COSE_KEY_POINT_INVALID:not-on-curve');
  });

  it('ff…ff 7f (y = 2^255 − 1 ≥ p) is refused as non-canonical', () => {
    expect(verdict(le((1n << 255n) - 1n))).toBe('ERR_COSE_KEY_POINT_INVALID:non-canonical');
  });
});

describe('genuine Ed25519 keys are unaffected (positive cases)', () => {
  it('noble key pairs decode, with the same bytes', () => {
    for (let i = 1; i <= 20; i++) {
      const pub = ed25519.getPublicKey(new Uint8Array(32).fill(i));
      expect(verdict(pub)).toBe('ok');
    }
  });

  it('a registration and an assertion from the software authenticator verify (bytes, prepared, cache)', async () => {
    const credential = await createTestCredential({ alg: -8 });
    const registration = await createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed' });
    const registered = await verifyRegistration({ response: registration, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP });
    expect(registered.attestation.fmt).toBe('packed');
    const base = { expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP };
    const id = encodeBase64url(credential.id);
    const keys = [credential.publicKey, prepareCredentialKey(credential.publicKey)];
    for (const [i, publicKey] of keys.entries()) {
      const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP });
      const r = await verifyAssertion({ ...base, response, credential: { id, publicKey, counter: i } });
      expect(r.newCounter).toBe(i + 1);
    }
    const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP });
    const r = await verifyAssertion({ ...base, response, credential: { id, publicKey: credential.publicKey, counter: 2 }, credentialKeyCache: createCredentialKeyCache() });
    expect(r.newCounter).toBe(3);
  });
});
