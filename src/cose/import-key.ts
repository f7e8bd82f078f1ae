/**
 * COSEPublicKey → WebCrypto CryptoKey (usage: verify). Kept apart from verification so that a
 * caller (or a later key cache) can import once and verify many times.
 *
 * Formats: EC2 and OKP as 'raw' (SEC1 04‖x‖y, RFC 8032 encoding), RSA as 'jwk' (n, e, no alg).
 * The key has already been validated by decodeCOSEKey (src/cose/key.ts); WebCrypto's own checks
 * are a second line, not the first.
 */
import { WebAuthnError } from '../errors.js';
import { resolveAlgorithm, type COSEAlgorithm, type WebCryptoParams } from './algorithms.js';
import { coseKeyToJWK } from './to-jwk.js';
import type { COSEPublicKey } from './types.js';

/** WebCrypto parameters for this key and algorithm, or undefined when WebCrypto has no such algorithm. */
export function webCryptoParams(key: COSEPublicKey, info: COSEAlgorithm): WebCryptoParams | undefined {
  if (info.webCrypto !== undefined) return info.webCrypto;
  // RFC 9053 §2.2: "EdDSA" (-8) takes its curve from the key.
  if (info.id === -8 && key.kty === 'OKP') {
    const name = { name: key.crv };
    return { importAlgorithm: name, verifyAlgorithm: name };
  }
  return undefined; // ML-DSA: not in WebCrypto on the runtimes we target (Node 20)
}

function subtleOrThrow(alg: number): SubtleCrypto {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (subtle === undefined) {
    throw new WebAuthnError('ERR_SIGNATURE_ALG_UNAVAILABLE', 'WebCrypto is not available in this runtime', { alg });
  }
  return subtle;
}

/**
 * Imports `key` for verification with `alg` (default: the key's own alg). Throws
 * ERR_COSE_ALG_UNSUPPORTED / ERR_COSE_ALG_MISMATCH for misuse, ERR_SIGNATURE_ALG_UNAVAILABLE when
 * the runtime's WebCrypto lacks the algorithm, ERR_COSE_KEY_INVALID when WebCrypto refuses the key.
 */
export async function importCOSEKey(key: COSEPublicKey, alg?: number): Promise<CryptoKey> {
  return importKeyFor(key, resolveAlgorithm(key, alg));
}

/** importCOSEKey for an algorithm already resolved against the key (internal). */
export async function importKeyFor(key: COSEPublicKey, info: COSEAlgorithm): Promise<CryptoKey> {
  const params = webCryptoParams(key, info);
  if (params === undefined) {
    throw new WebAuthnError('ERR_SIGNATURE_ALG_UNAVAILABLE', 'Algorithm is not available in WebCrypto', { alg: info.id });
  }
  const subtle = subtleOrThrow(info.id);
  try {
    if (key.kty === 'EC2') {
      const raw = new Uint8Array(1 + key.x.length + key.y.length);
      raw[0] = 0x04;
      raw.set(key.x, 1);
      raw.set(key.y, 1 + key.x.length);
      return await subtle.importKey('raw', raw, params.importAlgorithm as unknown as EcKeyImportParams, false, ['verify']);
    }
    if (key.kty === 'OKP') {
      return await subtle.importKey('raw', new Uint8Array(key.x), params.importAlgorithm as unknown as Algorithm, false, ['verify']);
    }
    return await subtle.importKey('jwk', coseKeyToJWK(key), params.importAlgorithm as unknown as RsaHashedImportParams, false, ['verify']);
  } catch (e) {
    if ((e as { name?: unknown } | null)?.name === 'NotSupportedError') {
      throw new WebAuthnError('ERR_SIGNATURE_ALG_UNAVAILABLE', 'Algorithm is not available in WebCrypto', { alg: info.id }, { cause: e });
    }
    throw new WebAuthnError('ERR_COSE_KEY_INVALID', 'WebCrypto rejected the public key', { alg: info.id, kty: key.kty }, { cause: e });
  }
}
