/**
 * The @noble backend (pure JS, every runtime): ECDSA P-256/384/521, Ed25519, Ed448, ML-DSA-44/65/87.
 * Modules are imported lazily, so a WebCrypto-only verification never loads an elliptic-curve or
 * lattice library. noble has no RSA: the pure-JS backend verifies RS256/384/512, RS1 and PS256/384/512 with src/signature/rsa.ts.
 *
 * noble's defaults do not fit WebAuthn (TOOLCHAIN.md §4, SECURITY-CHECKLIST §3):
 * - ECDSA: `lowS: false` (authenticators need not normalise s), `format: 'der'`, `prehash: true`
 *   (noble hashes the message with the curve's hash: SHA-256/384/512 for ES256/384/512).
 * - EdDSA: `zip215: false` (RFC 8032 §5.1.7 strict decoding; ZIP-215 accepts non-canonical points).
 * - noble throws on wrong lengths; we check lengths first and also turn any throw into `false`.
 */
import type { COSEAlgorithm } from '../cose/algorithms.js';
import type { COSEPublicKey } from '../cose/types.js';
import { WebAuthnError } from '../errors.js';
import { derToP1363 } from './der.js';

type Nist = typeof import('@noble/curves/nist.js');
type Ed25519 = typeof import('@noble/curves/ed25519.js');
type Ed448 = typeof import('@noble/curves/ed448.js');
type MlDsa = typeof import('@noble/post-quantum/ml-dsa.js');
type Rsa = typeof import('./rsa.js');

let nist: Promise<Nist> | undefined;
let ed25519: Promise<Ed25519> | undefined;
let ed448: Promise<Ed448> | undefined;
let mldsa: Promise<MlDsa> | undefined;
// Lazy too: rsa.ts needs SHA-1/384/512, which the login entry's bundle should not carry.
let rsa: Promise<Rsa> | undefined;

const EC_BYTES = { 'P-256': 32, 'P-384': 48, 'P-521': 66 } as const;
/** The hash noble's `prehash` uses for each curve (the COSE-bound one). */
const CURVE_HASH = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' } as const;
const ED_SIGNATURE_BYTES = { Ed25519: 64, Ed448: 114 } as const;

/** True when the pure-JS backend implements `info` (today: every algorithm in the table). */
export function nobleSupports(info: COSEAlgorithm): boolean {
  return (
    info.family === 'ECDSA' || info.family === 'EdDSA' || info.family === 'ML-DSA' ||
    ((info.family === 'RSASSA-PKCS1-v1_5' || info.family === 'RSA-PSS') && info.hash !== undefined)
  );
}

/** Verdict from the pure-JS backend. Throws ERR_SIGNATURE_ALG_UNAVAILABLE for an algorithm it lacks. */
export async function verifyNoble(
  key: COSEPublicKey,
  info: COSEAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  if (!nobleSupports(info)) {
    throw new WebAuthnError('ERR_SIGNATURE_ALG_UNAVAILABLE', 'Algorithm is not available in the noble backend', {
      alg: info.id,
    });
  }
  try {
    switch (key.kty) {
      case 'EC2': {
        // Strict DER first: noble's DER reader is not the one we audit (SECURITY-CHECKLIST §3d).
        if (derToP1363(signature, EC_BYTES[key.crv]) === undefined) return false;
        const m = await (nist ??= import('@noble/curves/nist.js'));
        const curve = key.crv === 'P-256' ? m.p256 : key.crv === 'P-384' ? m.p384 : m.p521;
        const pub = new Uint8Array(1 + key.x.length * 2);
        pub[0] = 0x04;
        pub.set(key.x, 1);
        pub.set(key.y, 1 + key.x.length);
        if (info.hash === CURVE_HASH[key.crv]) return curve.verify(signature, data, pub, { format: 'der', lowS: false, prehash: true });
        // A hash not bound to the curve (X.509 only, ecdsaWithHash): hash here, verify the digest.
        if (info.hash === undefined) return false;
        const { digest } = await import('../crypto/hash.js');
        return curve.verify(signature, digest(info.hash, data), pub, { format: 'der', lowS: false, prehash: false });
      }
      case 'OKP': {
        if (signature.length !== ED_SIGNATURE_BYTES[key.crv]) return false;
        if (key.crv === 'Ed25519') {
          const m = await (ed25519 ??= import('@noble/curves/ed25519.js'));
          return m.ed25519.verify(signature, data, key.x, { zip215: false });
        }
        const m = await (ed448 ??= import('@noble/curves/ed448.js'));
        return m.ed448.verify(signature, data, key.x, { zip215: false });
      }
      case 'AKP': {
        if (signature.length !== info.signatureLength || key.pub.length !== info.publicKeyLength) return false;
        const m = await (mldsa ??= import('@noble/post-quantum/ml-dsa.js'));
        const dsa = info.id === -48 ? m.ml_dsa44 : info.id === -49 ? m.ml_dsa65 : m.ml_dsa87;
        // FIPS 204 ML-DSA.Verify with the empty context string (what WebAuthn/COSE ML-DSA signs with).
        return dsa.verify(signature, data, key.pub);
      }
      case 'RSA': {
        const m = await (rsa ??= import('./rsa.js'));
        return info.family === 'RSA-PSS'
          ? m.verifyPss(info.hash!, key.n, key.e, signature, data)
          : m.verifyPkcs1v15(info.hash!, key.n, key.e, signature, data);
      }
    }
  } catch {
    // Malformed point or encoding inside noble: not a valid signature.
    return false;
  }
}
