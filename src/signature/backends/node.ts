/**
 * The node:crypto signature backend: `crypto.verify` with a cached KeyObject. On Node it is the
 * fastest path (synchronous OpenSSL, no promise or thread-pool hop per call), so verifySignature
 * picks it by default where it exists (bench/, docs/performance.md).
 *
 * There is no static `node:` import, so the module loads (and does nothing) on Deno, Bun, browsers
 * and workers: the builtin is looked up at run time by src/crypto/builtin.ts. Where it is missing,
 * `nodeCrypto()` is undefined and callers use WebCrypto.
 *
 * Verdicts are the WebCrypto backend's: the same OpenSSL underneath, and the same normalisation in
 * front of it (webcrypto.ts):
 * - ECDSA: our strict DER reader (der.ts) turns DER into r‖s, which goes to OpenSSL as
 *   `dsaEncoding: 'ieee-p1363'`. OpenSSL's own DER parser never sees attacker bytes
 *   (SECURITY-CHECKLIST §3d: lax DER lets invalid signatures through).
 * - RSA: RFC 8017 §8.2.2 / §8.1.2 step 1: the signature is exactly k = |n| bytes. PSS salt length
 *   is the hash length (RFC 8230 §2), enforced exactly, as WebCrypto's `saltLength` is.
 * - EdDSA: exactly 64 (Ed25519) or 114 (Ed448) bytes (RFC 8032).
 * Any exception from node:crypto is a `false` verdict (fail closed).
 */
import type { COSEAlgorithm } from '../../cose/algorithms.js';
import { CURVE_BYTES, ED_SIGNATURE_BYTES } from '../../cose/curves.js';
import type { COSEPublicKey } from '../../cose/types.js';
import { coseKeyToJWK } from '../../cose/to-jwk.js';
import { decodeBase64url } from '../../encoding/base64url.js';
import { WebAuthnError } from '../../errors.js';
import { derToP1363 } from '../der.js';
import { nodeCrypto, type NodeCryptoModule, type NodeKeyObject, type NodeVerifyKey } from '../../crypto/builtin.js';

// The builtin lookup lives in the crypto layer (the hash module uses it too); re-exported here for
// the callers that know it as part of this backend.
export { nodeCrypto, type NodeCryptoModule, type NodeKeyObject };

const NODE_HASH = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

// RFC 8032 §7.4, "Blank" test vector: an Ed448 public key and its signature over the empty message.
const ED448_PROBE_KEY = 'X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA';
const ED448_PROBE_SIG =
  'Uzo39rvkVyUfAjwNiPl2ri37UEqEPjTSB0_YI9QaWR8rIz8DT2KCgfL9eiLd1H14KMWb0KIb_TmA_w0gKNSxip32PgBsXRwtNFuSXY3AC0EEhS25msXHzdqFMKEToPTbthFJ8FpzYyaMcdlYCP8uZSYA';

let ed448Works: boolean | undefined;

/**
 * Whether this runtime's node:crypto really does Ed448: Node does, Bun's node:crypto (1.x) refuses
 * Ed448 keys. Probed once with the RFC 8032 vector; where it fails, callers use the noble backend.
 */
function nodeEd448Works(m: NodeCryptoModule): boolean {
  if (ed448Works === undefined) {
    try {
      const k = m.createPublicKey({ key: { kty: 'OKP', crv: 'Ed448', x: ED448_PROBE_KEY }, format: 'jwk' });
      ed448Works = m.verify(null, new Uint8Array(0), k, decodeBase64url(ED448_PROBE_SIG)) === true;
    } catch {
      ed448Works = false;
    }
  }
  return ed448Works;
}

/**
 * Deno's node:crypto gives wrong verdicts for ECDSA with a hash other than the curve's own (a valid
 * P-521 / SHA-256 certificate signature is `false`; test/unit/x509/signature.test.ts). Such pairs occur
 * only in X.509 signatures (ecdsaWithHash, id 0); on Deno they go to the noble backend.
 */
const denoRuntime = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';

/**
 * True when this runtime's node:crypto implements `info`: everything but ML-DSA (absent from
 * Node 20), Ed448 on runtimes whose node:crypto lacks it (Bun) or disagrees (Deno), and curve-unbound
 * ECDSA on Deno.
 */
export function nodeCryptoSupports(info: COSEAlgorithm, key?: COSEPublicKey): boolean {
  if (info.family === 'ML-DSA') return false;
  if (info.family === 'ECDSA' && info.id === 0 && denoRuntime) return false;
  if (info.id === -53 || (key?.kty === 'OKP' && key.crv === 'Ed448')) {
    // Deno's node:crypto Ed448 refuses key-holder signatures whose R carries a torsion component,
    // which OpenSSL (Node) and noble accept (RFC 8032 allows both equations): noble gives Deno the
    // verdict every other runtime gives (test/properties/key-validation.test.ts, run under Deno in CI).
    if (denoRuntime) return false;
    const m = nodeCrypto();
    return m !== undefined && nodeEd448Works(m);
  }
  return true;
}

function unavailable(alg: number): never {
  throw new WebAuthnError('ERR_SIGNATURE_ALG_UNAVAILABLE', 'Algorithm is not available in the node:crypto backend', { alg });
}

/**
 * Imports a validated key (decodeCOSEKey) as a node:crypto KeyObject. Throws
 * ERR_SIGNATURE_ALG_UNAVAILABLE when node:crypto is absent or lacks the algorithm, and
 * ERR_COSE_KEY_INVALID when OpenSSL refuses the key (a second line behind src/cose/key.ts).
 */
export function importNodeKey(key: COSEPublicKey, info: COSEAlgorithm): NodeKeyObject {
  const m = nodeCrypto();
  if (m === undefined || !nodeCryptoSupports(info, key)) unavailable(info.id);
  // node:crypto has no ML-DSA (AKP) keys; every other key type maps field for field (the one
  // COSE → JWK converter, src/cose/to-jwk.ts).
  if (key.kty === 'AKP') unavailable(info.id);
  const jwk = coseKeyToJWK(key);
  try {
    return m.createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw new WebAuthnError('ERR_COSE_KEY_INVALID', 'node:crypto rejected the public key', { alg: info.id, kty: key.kty }, { cause });
  }
}

type VerifyCall = [algorithm: string | null, key: NodeKeyObject | NodeVerifyKey, signature: Uint8Array];

/**
 * The node:crypto call for this key and signature, or false when the signature is malformed for
 * the key (which can only mean "does not verify").
 */
function prepareCall(m: NodeCryptoModule, keyObject: NodeKeyObject, key: COSEPublicKey, info: COSEAlgorithm, signature: Uint8Array): VerifyCall | false {
  switch (key.kty) {
    case 'EC2': {
      // WebAuthn §6.5.5: ECDSA signatures are ASN.1 DER; strict DER → r‖s first.
      const p1363 = derToP1363(signature, CURVE_BYTES[key.crv]);
      if (p1363 === undefined || info.hash === undefined) return false;
      return [NODE_HASH[info.hash], { key: keyObject, dsaEncoding: 'ieee-p1363' }, p1363];
    }
    case 'OKP':
      if (signature.length !== ED_SIGNATURE_BYTES[key.crv]) return false;
      return [null, keyObject, signature];
    case 'RSA': {
      if (signature.length !== key.n.length || info.hash === undefined) return false;
      if (info.family === 'RSA-PSS') {
        // RFC 8230 §2: MGF1 with the same hash, salt length = hash length (exactly).
        const saltLength = Number(info.webCrypto?.verifyAlgorithm['saltLength']);
        if (!Number.isInteger(saltLength)) return false;
        return [NODE_HASH[info.hash], { key: keyObject, padding: m.constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature];
      }
      // RSASSA-PKCS1-v1_5 is node:crypto's default padding for RSA keys; passing the KeyObject
      // bare (not in an options object) measurably shortens each call.
      return [NODE_HASH[info.hash], keyObject, signature];
    }
    case 'AKP':
      return unavailable(info.id);
  }
}

/** Verdict from node:crypto. `keyObject` must come from importNodeKey(key, info). Synchronous. */
export function verifyNodeCrypto(
  keyObject: NodeKeyObject,
  key: COSEPublicKey,
  info: COSEAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
): boolean {
  const m = nodeCrypto();
  if (m === undefined || !nodeCryptoSupports(info, key)) unavailable(info.id);
  const call = prepareCall(m, keyObject, key, info, signature);
  if (call === false) return false;
  try {
    return m.verify(call[0], data, call[1], call[2]);
  } catch {
    return false; // anything OpenSSL throws is "does not verify"
  }
}

/**
 * The same verdict, computed on libuv's thread pool (node:crypto's callback form) so that the
 * event loop stays free and several verifications use several cores. src/signature/verify.ts uses
 * it when verifications overlap (its own in-flight count); a lone verification is faster inline.
 */
export function verifyNodeCryptoAsync(
  keyObject: NodeKeyObject,
  key: COSEPublicKey,
  info: COSEAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const m = nodeCrypto();
  if (m === undefined || !nodeCryptoSupports(info, key)) unavailable(info.id);
  const call = prepareCall(m, keyObject, key, info, signature);
  if (call === false) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      m.verify(call[0], data, call[1], call[2], (error, ok) => resolve(error == null && ok === true));
    } catch {
      resolve(false);
    }
  });
}
