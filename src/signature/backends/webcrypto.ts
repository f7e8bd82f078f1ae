/**
 * The WebCrypto backend: verify with an imported CryptoKey (src/cose/import-key.ts).
 * Signatures are normalised first, and any malformed one is a `false` verdict before WebCrypto sees it:
 * - ECDSA: WebAuthn sends DER (§6.5.5 / §8.2); WebCrypto takes r‖s, so strict DER → P1363 (der.ts).
 * - RSA: RFC 8017 §8.2.2 step 1 / §8.1.2 step 1: the signature is exactly k = |n| bytes.
 * - EdDSA: RFC 8032: exactly 64 (Ed25519) or 114 (Ed448) bytes.
 */
import type { COSEAlgorithm } from '../../cose/algorithms.js';
import { CURVE_BYTES, ED_SIGNATURE_BYTES } from '../../cose/curves.js';
import { webCryptoParams } from '../../cose/import-key.js';
import type { COSEPublicKey } from '../../cose/types.js';
import { WebAuthnError } from '../../errors.js';
import { derToP1363 } from '../der.js';


/**
 * The signature in the form WebCrypto wants, or undefined when it is malformed for this key
 * (which can only mean "does not verify").
 */
function webCryptoSignature(key: COSEPublicKey, signature: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  switch (key.kty) {
    case 'EC2': {
      const p1363 = derToP1363(signature, CURVE_BYTES[key.crv]);
      return p1363 === undefined ? undefined : new Uint8Array(p1363);
    }
    case 'OKP':
      return signature.length === ED_SIGNATURE_BYTES[key.crv] ? new Uint8Array(signature) : undefined;
    case 'RSA':
      return signature.length === key.n.length ? new Uint8Array(signature) : undefined;
    case 'AKP':
      return undefined;
  }
}

/** Verdict from WebCrypto. `cryptoKey` must come from importCOSEKey(key, info.id). */
export async function verifyWebCrypto(
  cryptoKey: CryptoKey,
  key: COSEPublicKey,
  info: COSEAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const params = webCryptoParams(key, info);
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (params === undefined || subtle === undefined) {
    throw new WebAuthnError('ERR_SIGNATURE_ALG_UNAVAILABLE', 'Algorithm is not available in WebCrypto', { alg: info.id });
  }
  const sig = webCryptoSignature(key, signature);
  if (sig === undefined) return false;
  try {
    return await subtle.verify(params.verifyAlgorithm as unknown as AlgorithmIdentifier, cryptoKey, sig, new Uint8Array(data));
  } catch {
    // A well-formed call that WebCrypto still refuses cannot be a valid signature: fail closed.
    return false;
  }
}
