/**
 * Issue 11, finding 1 follow-up: EC2 credential keys that are not points of the prime-order group
 * (off the curve, a coordinate ≥ p, or the all-zero stand-in for the point at infinity, which has
 * no affine form) are refused on every path (registration, key as bytes, prepared key, key cache)
 * with ERR_COSE_KEY_POINT_INVALID, before any backend sees them. SEC 1 §3.2.2.1 steps 2–3 (partial
 * public-key validation; the NIST curves have cofactor 1, so on the curve means in the group).
 * An invalid-curve key lets an attacker pick a weak curve that shares a, which is why it matters.
 * These held before this change; the test proves it for each path.
 */
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { createCredentialKeyCache, prepareCredentialKey } from '../../src/ceremony/credential-key.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { jwkToCoseKey } from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';
import { forgedAssertion, forgedRegistrationWithKey } from './eddsa-forgery.js';

const P = p256.Point.Fp.ORDER;
const be = (v: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * (31 - i))) & 0xffn));
const G = p256.Point.BASE.toAffine();
const cose = (x: bigint, y: bigint) => jwkToCoseKey({ kty: 'EC', crv: 'P-256', x: Buffer.from(be(x)).toString('base64url'), y: Buffer.from(be(y)).toString('base64url') }, -7);
const SIG = new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]); // DER (r = 1, s = 1)

const CASES: [string, Uint8Array][] = [
  ['off the curve: (Gx, Gy + 1)', cose(G.x, G.y + 1n)],
  ['all-zero (0, 0), no affine point at infinity', cose(0n, 0n)],
  ['y ≥ p: (Gx, Gy + p)', cose(G.x, G.y + P)],
  ['x ≥ p: (Gx + p, Gy) when it fits in 32 bytes, else (p, Gy)', cose(G.x + P < 1n << 256n ? G.x + P : P, G.y)],
];

describe.each(CASES)('P-256 key %s', (_name, coseKey) => {
  it('does not register (packed self attestation)', async () => {
    expect(await codeOf(verifyRegistration(await forgedRegistrationWithKey(coseKey, -7, SIG)))).toBe('ERR_COSE_KEY_POINT_INVALID');
  });

  it('is refused as bytes, through the key cache, and by prepareCredentialKey', async () => {
    const options = await forgedAssertion(SIG, coseKey);
    expect(await codeOf(verifyAssertion(options))).toBe('ERR_COSE_KEY_POINT_INVALID');
    expect(await codeOf(verifyAssertion({ ...options, credentialKeyCache: createCredentialKeyCache() }))).toBe('ERR_COSE_KEY_POINT_INVALID');
    expect(() => prepareCredentialKey(coseKey)).toThrow(expect.objectContaining({ code: 'ERR_COSE_KEY_POINT_INVALID' }));
  });
});

describe('positive: the generator itself and its negation are valid keys', () => {
  it.each([['G', G.y], ['−G', P - G.y]])('%s prepares', (_n, y) => {
    expect(prepareCredentialKey(cose(G.x, y)).key.kty).toBe('EC2');
  });
});
