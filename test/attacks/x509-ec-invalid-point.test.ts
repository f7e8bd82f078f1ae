/**
 * Issue 12 (one EC point check): a certificate's EC key goes through the same on-curve check as a
 * COSE EC2 key (src/cose/curves.ts isOnCurve, SEC 1 §3.2.2.1 steps 2–3), no longer through
 * @noble/curves. A certificate key off the curve, with a coordinate ≥ p, or all zero (no affine
 * point at infinity) is ERR_X509_UNSUPPORTED_KEY; the genuine generator point is accepted.
 */
import { p256, p384 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { spkiToCosePublicKey } from '../../src/x509/public-key.js';

const be = (v: bigint, n: number) => Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn));
const EC_PUBLIC_KEY = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const CURVE_OID = { 'P-256': [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], 'P-384': [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22] };

/** SubjectPublicKeyInfo { id-ecPublicKey, namedCurve } with BIT STRING 04 ‖ x ‖ y (short-form lengths). */
function spki(crv: 'P-256' | 'P-384', x: bigint, y: bigint): Uint8Array {
  const n = crv === 'P-256' ? 32 : 48;
  const alg = [...EC_PUBLIC_KEY, ...CURVE_OID[crv]];
  const bits = [0x00, 0x04, ...be(x, n), ...be(y, n)];
  const body = [0x30, alg.length, ...alg, 0x03, bits.length, ...bits];
  return new Uint8Array([0x30, body.length, ...body]);
}

const curves = [['P-256', p256, 32], ['P-384', p384, 48]] as const;

describe.each(curves)('certificate %s key', (crv, curve) => {
  const P = curve.Point.Fp.ORDER;
  const G = curve.Point.BASE.toAffine();

  it('the generator point is accepted (positive control)', () => {
    expect(spkiToCosePublicKey(spki(crv, G.x, G.y))).toMatchObject({ kty: 'EC2', crv });
  });

  it.each([
    ['off the curve (Gx, Gy + 1)', G.x, G.y + 1n],
    ['all zero (0, 0)', 0n, 0n],
    ['y ≥ p (Gx, Gy + p) when it fits, else (Gx, p)', G.x, G.y + P < 1n << BigInt(8 * (crv === 'P-256' ? 32 : 48)) ? G.y + P : P],
  ])('%s is refused with ERR_X509_UNSUPPORTED_KEY', (_name, x, y) => {
    expect(() => spkiToCosePublicKey(spki(crv, x, y))).toThrow(expect.objectContaining({ code: 'ERR_X509_UNSUPPORTED_KEY' }));
  });
});
