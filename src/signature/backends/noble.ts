/**
 * The @noble backend (pure JS, every runtime): ECDSA P-256/384/521, Ed25519, Ed448, ML-DSA-44/65/87.
 * Modules are imported lazily, so a WebCrypto-only verification never loads an elliptic-curve or
 * lattice library. There is no RSA here: every supported runtime's WebCrypto and node:crypto verify
 * RSASSA-PKCS1-v1_5 and RSA-PSS (Node, Deno, Bun, browsers), so a pure-JS RSA would only be a
 * hand-written primitive nobody needs. `backend: 'noble'` on an RSA key is
 * ERR_SIGNATURE_ALG_UNAVAILABLE (docs/api.md).
 *
 * noble's defaults do not fit WebAuthn (TOOLCHAIN.md §4, SECURITY-CHECKLIST §3):
 * - ECDSA: `lowS: false` (authenticators need not normalise s), `format: 'der'`, `prehash: true`
 *   (noble hashes the message with the curve's hash: SHA-256/384/512 for ES256/384/512).
 * - EdDSA: `zip215: false` (RFC 8032 §5.1.7 strict decoding; ZIP-215 accepts non-canonical points),
 *   and the verdict OpenSSL gives behind node:crypto and WebCrypto (issue 11: one verdict on every
 *   backend). noble's `verify` checks the cofactored equation; see verifyEd25519 / verifyEd448.
 * - noble throws on wrong lengths; we check lengths first and also turn any throw into `false`.
 */
import type { COSEAlgorithm } from '../../cose/algorithms.js';
import { CURVE_BYTES, ED_SIGNATURE_BYTES } from '../../cose/curves.js';
import type { COSEPublicKey } from '../../cose/types.js';
import { WebAuthnError } from '../../errors.js';
import { derToP1363 } from '../der.js';

type Nist = typeof import('@noble/curves/nist.js');
type Ed25519 = typeof import('@noble/curves/ed25519.js');
type Ed448 = typeof import('@noble/curves/ed448.js');
type MlDsa = typeof import('@noble/post-quantum/ml-dsa.js');

let nist: Promise<Nist> | undefined;
let ed25519: Promise<Ed25519> | undefined;
let ed448: Promise<Ed448> | undefined;
let mldsa: Promise<MlDsa> | undefined;
// Ed25519's cofactorless check (verifyEd25519) hashes and reads scalars itself.
let nobleUtils: Promise<typeof import('@noble/curves/utils.js')> | undefined;
let sha2: Promise<typeof import('@noble/hashes/sha2.js')> | undefined;
let legacy: Promise<typeof import('@noble/hashes/legacy.js')> | undefined;

/** The hash noble's `prehash` uses for each curve (the COSE-bound one). */
const CURVE_HASH = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' } as const;

/** True when the pure-JS backend implements `info`: ECDSA, EdDSA and ML-DSA (not RSA, see above). */
export function nobleSupports(info: COSEAlgorithm): boolean {
  return info.family === 'ECDSA' || info.family === 'EdDSA' || info.family === 'ML-DSA';
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
        if (derToP1363(signature, CURVE_BYTES[key.crv]) === undefined) return false;
        const m = await (nist ??= import('@noble/curves/nist.js'));
        const curve = key.crv === 'P-256' ? m.p256 : key.crv === 'P-384' ? m.p384 : m.p521;
        const pub = new Uint8Array(1 + key.x.length * 2);
        pub[0] = 0x04;
        pub.set(key.x, 1);
        pub.set(key.y, 1 + key.x.length);
        if (info.hash === CURVE_HASH[key.crv]) return curve.verify(signature, data, pub, { format: 'der', lowS: false, prehash: true });
        // A hash not bound to the curve (X.509 only, ecdsaWithHash): hash here, verify the digest.
        if (info.hash === undefined) return false;
        return curve.verify(signature, await nobleDigest(info.hash, data), pub, { format: 'der', lowS: false, prehash: false });
      }
      case 'OKP': {
        if (signature.length !== ED_SIGNATURE_BYTES[key.crv]) return false;
        // `await` so that a throw inside (a point that does not decode) lands in the catch below.
        return await (key.crv === 'Ed25519' ? verifyEd25519(key.x, signature, data) : verifyEd448(key.x, signature, data));
      }
      case 'AKP': {
        if (signature.length !== info.signatureLength || key.pub.length !== info.publicKeyLength) return false;
        const m = await (mldsa ??= import('@noble/post-quantum/ml-dsa.js'));
        const dsa = info.id === -48 ? m.ml_dsa44 : info.id === -49 ? m.ml_dsa65 : m.ml_dsa87;
        // FIPS 204 ML-DSA.Verify with the empty context string (what WebAuthn/COSE ML-DSA signs with).
        return dsa.verify(signature, data, key.pub);
      }
      case 'RSA':
        return false; // unreachable: nobleSupports refused RSA above
    }
  } catch {
    // Malformed point or encoding inside noble: not a valid signature.
    return false;
  }
}

/**
 * The prehash for ECDSA with a hash not bound to the curve (@noble/hashes, loaded lazily here rather
 * than through src/crypto/hash.ts, so a dynamic import never keeps that module's every export alive
 * in a bundle).
 */
async function nobleDigest(name: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512', data: Uint8Array): Promise<Uint8Array> {
  if (name === 'SHA-1') return (await (legacy ??= import('@noble/hashes/legacy.js'))).sha1(data);
  const m = await (sha2 ??= import('@noble/hashes/sha2.js'));
  return name === 'SHA-256' ? m.sha256(data) : name === 'SHA-384' ? m.sha384(data) : m.sha512(data);
}

/**
 * Ed25519, RFC 8032 §5.1.7 with the cofactorless equation, which OpenSSL (node:crypto, WebCrypto on
 * Node) and BoringSSL check: they re-encode [S]B − [k]A and compare it with R's bytes. noble's own
 * `verify` checks [8][S]B = [8]R + [8][k]A, which also holds when R carries a torsion point, or when
 * the key is mixed-order (A + T) and [k]T ≠ 0. Only the key holder can make such signatures, but the
 * verdict must not depend on the backend. Built from noble's Point API, hash and scalar helpers only.
 */
async function verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const [{ ed25519: curve }, { bytesToNumberLE }, { sha512 }] = await Promise.all([
    (ed25519 ??= import('@noble/curves/ed25519.js')),
    (nobleUtils ??= import('@noble/curves/utils.js')),
    (sha2 ??= import('@noble/hashes/sha2.js')),
  ]);
  const { Point } = curve;
  const rBytes = signature.subarray(0, 32);
  const s = bytesToNumberLE(signature.subarray(32));
  if (s >= Point.Fn.ORDER) return false; // step 1: S < L, else the signature is malleable
  // Step 1: A and R decode strictly (y < p, no "negative zero"); fromBytes throws otherwise.
  const A = Point.fromBytes(publicKey, false);
  const R = Point.fromBytes(rBytes, false);
  if (A.isSmallOrder()) return false; // never reaches here: refused when the key is decoded (src/cose/edwards.ts)
  // Step 2: k = SHA-512(R || A || M) mod L, over the encodings as received (both canonical here).
  const hashed = new Uint8Array(64 + data.length);
  hashed.set(rBytes, 0);
  hashed.set(publicKey, 32);
  hashed.set(data, 64);
  const k = Point.Fn.create(bytesToNumberLE(sha512(hashed)));
  // Step 3, cofactorless: [S]B = R + [k]A exactly (s and k may be 0, hence multiplyUnsafe; public data).
  return Point.BASE.multiplyUnsafe(s).equals(R.add(A.multiplyUnsafe(k)));
}

/**
 * Ed448, RFC 8032 §5.2.7. OpenSSL's Ed448 (decaf, curve448/eddsa.c) checks the cofactored equation,
 * [4][S]B = [4]R + [4][k]A, like noble's `verify`, and in addition never accepts an R with x = 0
 * (the identity and (0, −1), the points of order ≤ 2), which noble does. Found by experiment and
 * pinned by test/properties/key-validation.test.ts, which compares every backend on such signatures.
 */
async function verifyEd448(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const { ed448: curve } = await (ed448 ??= import('@noble/curves/ed448.js'));
  const R = curve.Point.fromBytes(signature.subarray(0, 57), false);
  if (R.double().is0()) return false; // R of order 1 or 2
  return curve.verify(signature, data, publicKey, { zip215: false });
}
