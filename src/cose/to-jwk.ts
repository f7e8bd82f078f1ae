/**
 * COSEPublicKey → JSON Web Key (RFC 7517/7518; RFC 8037 for OKP; the JOSE ML-DSA draft for AKP).
 * The mapping is field for field (RFC 9053 §7 and RFC 8230 §4 reuse JOSE's x/y/n/e encodings).
 * `alg` is left out except for AKP (where the JWK needs it to say which ML-DSA): WebCrypto's
 * `importKey('jwk')` checks a JWK `alg` against the import hash, and RS1 has no JOSE name.
 */
import { encodeBase64url } from '../encoding/base64url.js';
import type { COSEPublicKey } from './types.js';
import { coseAlgorithmName } from './algorithms.js';

export function coseKeyToJWK(key: COSEPublicKey): JsonWebKey {
  switch (key.kty) {
    case 'EC2':
      return { kty: 'EC', crv: key.crv, x: encodeBase64url(key.x), y: encodeBase64url(key.y) };
    case 'OKP':
      return { kty: 'OKP', crv: key.crv, x: encodeBase64url(key.x) };
    case 'RSA':
      return { kty: 'RSA', n: encodeBase64url(key.n), e: encodeBase64url(key.e) };
    case 'AKP': {
      const jwk: JsonWebKey & { pub?: string } = { kty: 'AKP', pub: encodeBase64url(key.pub) };
      const name = coseAlgorithmName(key.alg);
      if (name !== undefined) jwk.alg = name;
      return jwk;
    }
  }
}
