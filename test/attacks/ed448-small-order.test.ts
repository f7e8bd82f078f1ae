/**
 * Attack (issue 11, finding 1, Ed448): the same rules as Ed25519 under RFC 8032 §5.2.3. edwards448
 * has cofactor 4, so its small-order points are the identity (0, 1), (0, −1) of order 2 and
 * (±1, 0) of order 4. The encoding is 57 bytes: y in bits 0–454, x's sign in bit 455, so every
 * y ≥ p (including any of bits 448–454 set) is a non-canonical encoding that must fail to decode.
 *
 * Before the fix these keys decoded (length was the only check). On Node 20 (OpenSSL 3) the identity
 * forgery (A = R = identity, S = 0) happened to fail at the signature, but another small-order key
 * did not: A = 00…00 80 (y = 0, the order-4 point with odd x) with the all-zero signature (R = 00…00,
 * the other order-4 point, S = 0) verified for every message tried on node:crypto and WebCrypto, and
 * not on noble. So Ed448 had the same hole; test/properties/key-validation.test.ts found this pair.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError } from '../../src/errors.js';
import { createCredentialKeyCache, prepareCredentialKey } from '../../src/ceremony/credential-key.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createAssertionResponse, createTestCredential, okpCoseKey } from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';
import { CHALLENGE, forgedAssertion, forgedRegistration, identityPoint, identitySignature, ORIGIN, RP } from './eddsa-forgery.js';

const P = (1n << 448n) - (1n << 224n) - 1n;
const le = (v: bigint, signBit = false) => {
  const out = new Uint8Array(57);
  for (let i = 0; i < 57; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  if (signBit) out[56]! |= 0x80;
  return out;
};

function verdict(x: Uint8Array, alg = -53): string {
  try {
    decodeCOSEKey(okpCoseKey('Ed448', x, alg));
    return 'ok';
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return `${e.code}:${String(e.details?.reason)}`;
  }
}

function nobleView(x: Uint8Array): 'undecodable' | 'small-order' | 'ok' {
  try {
    return ed448.Point.fromBytes(x, false).isSmallOrder() ? 'small-order' : 'ok';
  } catch {
    return 'undecodable';
  }
}

const IDENTITY = identityPoint(57);
const FORGED = identitySignature(57);

describe('Ed448 identity key with R = identity, S = 0 (RFC 8032 §5.2.7 equation holds for any message)', () => {
  it('a packed self attestation made with no private key does not register (alg -53 and -8)', async () => {
    for (const alg of [-53, -8]) {
      expect(await codeOf(verifyRegistration(await forgedRegistration('Ed448', alg, IDENTITY, FORGED)))).toBe('ERR_COSE_KEY_POINT_INVALID');
    }
  });

  it('an assertion is refused with the key as bytes, through the key cache, and the key cannot be prepared', async () => {
    const coseKey = okpCoseKey('Ed448', IDENTITY, -53);
    const options = await forgedAssertion(FORGED, coseKey);
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_COSE_KEY_POINT_INVALID');
    expect(await codeOf(verifyAssertion({ ...options, credentialKeyCache: createCredentialKeyCache() }))).toBe('ERR_COSE_KEY_POINT_INVALID');
    expect(() => prepareCredentialKey(coseKey)).toThrow(expect.objectContaining({ code: 'ERR_COSE_KEY_POINT_INVALID' }));
  });

  it('the order-4 key 00…00 80 with the all-zero signature (R = order-4 point, S = 0) neither registers nor signs in', async () => {
    const x = le(0n, true);
    const zeros = new Uint8Array(114);
    expect(await codeOf(verifyRegistration(await forgedRegistration('Ed448', -53, x, zeros)))).toBe('ERR_COSE_KEY_POINT_INVALID');
    const coseKey = okpCoseKey('Ed448', x, -53);
    expect(await codeOf(verifyAssertion(await forgedAssertion(zeros, coseKey)))).toBe('ERR_COSE_KEY_POINT_INVALID');
    expect(() => prepareCredentialKey(coseKey)).toThrow(expect.objectContaining({ code: 'ERR_COSE_KEY_POINT_INVALID' }));
  });

  it('non-canonical identities are refused: y = p + 1, and y = 1 + 2^448 (a bit of 448–454 set); §5.2.3 y ≥ p fails', async () => {
    for (const x of [le(P + 1n), le(1n + (1n << 448n)), le(1n + (1n << 454n))]) {
      expect(nobleView(x)).toBe('undecodable');
      expect(verdict(x)).toBe('ERR_COSE_KEY_POINT_INVALID:non-canonical');
      const options = await forgedAssertion(FORGED, okpCoseKey('Ed448', x, -53));
      expect(await codeOf(verifyAssertion(options))).toBe('ERR_COSE_KEY_POINT_INVALID');
    }
  });
});

describe('every small-order Ed448 point (the 4-torsion subgroup, cofactor 4)', () => {
  const canonical = [le(1n), le(P - 1n), le(0n), le(0n, true)];

  it('the 4 canonical encodings are exactly noble\'s torsion subgroup', () => {
    const t4 = ed448.Point.fromBytes(le(0n), false);
    const walked = new Set<string>();
    let q = ed448.Point.ZERO;
    for (let i = 0; i < 4; i++, q = q.add(t4)) walked.add(Buffer.from(q.toBytes()).toString('hex'));
    expect(walked).toEqual(new Set(canonical.map((c) => Buffer.from(c).toString('hex'))));
    expect(q.equals(ed448.Point.ZERO)).toBe(true);
  });

  it('each is refused as small-order (noble agrees), also on the login path', async () => {
    for (const x of canonical) {
      expect(nobleView(x)).toBe('small-order');
      expect(verdict(x)).toBe('ERR_COSE_KEY_POINT_INVALID:small-order');
      expect(await codeOf(verifyAssertion(await forgedAssertion(FORGED, okpCoseKey('Ed448', x, -53))))).toBe('ERR_COSE_KEY_POINT_INVALID');
    }
  });

  it('x = 0 with the sign bit set (y = ±1) does not decode (§5.2.3 step 4) and is refused', () => {
    for (const x of [le(1n, true), le(P - 1n, true)]) {
      expect(nobleView(x)).toBe('undecodable');
      expect(verdict(x)).toMatch(/^ERR_COSE_KEY_POINT_INVALID:/);
    }
  });

  it('non-canonical encodings y + k·p of the torsion points (y < 2^455) are refused', () => {
    for (const y of [0n, 1n, P - 1n]) {
      for (let k = 1n; y + k * P < 1n << 455n; k += 17n) {
        expect(verdict(le(y + k * P))).toBe('ERR_COSE_KEY_POINT_INVALID:non-canonical');
        expect(verdict(le(y + k * P, true))).toBe('ERR_COSE_KEY_POINT_INVALID:non-canonical');
      }
    }
  });
});

describe('undecodable Ed448 keys (§5.2.3 steps 2–3: x² = (y² − 1)/(d·y² − 1) has no root)', () => {
  it('the first y > 1 with no root is refused (noble agrees)', () => {
    let y = 2n;
    while (nobleView(le(y)) !== 'undecodable') y++;
    expect(verdict(le(y))).toBe('ERR_COSE_KEY_POINT_INVALID:not-on-curve');
  });
});

describe('genuine Ed448 keys are unaffected (positive cases)', () => {
  it('noble key pairs decode', () => {
    for (let i = 1; i <= 10; i++) expect(verdict(ed448.getPublicKey(new Uint8Array(57).fill(i)))).toBe('ok');
  });

  it('an assertion from the software authenticator verifies with the key as bytes and prepared', async () => {
    const credential = await createTestCredential({ alg: -53 });
    const id = encodeBase64url(credential.id);
    const base = { expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP };
    for (const [i, publicKey] of [credential.publicKey, prepareCredentialKey(credential.publicKey)].entries()) {
      const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP });
      expect((await verifyAssertion({ ...base, response, credential: { id, publicKey, counter: i } })).newCounter).toBe(i + 1);
    }
  });
});
