/**
 * Attacks on the signature encodings our own code checks before (or instead of) a crypto library
 * (issue 11 mutation round; docs/security.md "Rules the corpus pins down"):
 *
 * - ECDSA: SEC 1 §4.1.4 step 1 / RFC 5480: r and s are integers in [1, n−1]. `derToP1363` must
 *   refuse r or s ≥ n (and 0) itself, so no backend is ever handed an out-of-range value (their own
 *   checks differ, and s + n is the classic malleability of a lax reader).
 * - RSA: RFC 8017 §8.2.2 step 1 — "If the length of the signature S is not k octets, output
 *   'invalid signature'". A valid signature whose first octet is 00, sent without it, is the same
 *   integer; it must still be refused (one encoding per signature).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToP1363 } from '../../src/signature/der.js';
import { verifySignature } from '../../src/signature/verify.js';

const P256_N = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
const derInt = (mag: Uint8Array) => {
  const body = mag[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), mag]) : Buffer.from(mag);
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
};
const derSig = (r: Uint8Array, s: Uint8Array) => {
  const inner = Buffer.concat([derInt(r), derInt(s)]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30, inner.length]), inner]));
};
const minus1 = (x: Uint8Array) => {
  const y = Buffer.from(x);
  y[y.length - 1]! -= 1; // n ends in 0x51: no borrow
  return y;
};

describe('attack: ECDSA r or s outside [1, n−1] (SEC 1 §4.1.4 step 1)', () => {
  const one = new Uint8Array([1]);
  it('s = n, r = n → refused by the DER reader itself', () => {
    expect(derToP1363(derSig(one, P256_N), 32)).toBeUndefined();
    expect(derToP1363(derSig(P256_N, one), 32)).toBeUndefined();
  });
  it('positive control: r = 1, s = n − 1 read as 64 bytes', () => {
    const p1363 = derToP1363(derSig(one, minus1(P256_N)), 32);
    expect(p1363?.length).toBe(64);
    expect(Buffer.from(p1363!.subarray(32)).equals(minus1(P256_N))).toBe(true);
  });
});

describe('attack: RSA signature shorter than k octets (RFC 8017 §8.2.2 step 1)', () => {
  it('a valid signature with its leading 00 octet dropped is refused on every RSA backend', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const key = { kty: 'RSA', alg: -257, n: new Uint8Array(Buffer.from(jwk.n!, 'base64url')), e: new Uint8Array(Buffer.from(jwk.e!, 'base64url')) } as const;
    // About 1 in 256 signatures starts with 00; look for one (bounded).
    for (let i = 0; i < 20_000; i++) {
      const data = new Uint8Array(Buffer.from(`message ${i}`));
      const signature = new Uint8Array(sign('sha256', data, privateKey));
      if (signature[0] !== 0) continue;
      for (const backend of ['node', 'webcrypto'] as const) {
        expect(await verifySignature({ key, signature, data, backend })).toBe(true);
        expect(await verifySignature({ key, signature: signature.subarray(1), data, backend })).toBe(false);
      }
      return;
    }
    throw new Error('no signature with a leading zero octet in 20 000 tries');
  });
});
