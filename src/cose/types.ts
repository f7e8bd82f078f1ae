/**
 * A decoded, validated COSE public key (RFC 9052/9053, RFC 8230 for RSA, the COSE AKP draft for
 * ML-DSA). Produced by decodeCOSEKey (src/cose/key.ts) and by the X.509 module for certificate keys.
 * Every field is already checked: curve bound to alg, exact coordinate lengths, point on curve,
 * RSA modulus size and exponent.
 */
export type COSEPublicKey = EC2PublicKey | OKPPublicKey | RSAPublicKey | AKPPublicKey;

export interface EC2PublicKey {
  readonly kty: 'EC2';
  /** COSE alg id: -7 ES256, -35 ES384, -36 ES512 (undefined only for certificate keys, which carry no alg). */
  readonly alg: number | undefined;
  readonly crv: 'P-256' | 'P-384' | 'P-521';
  readonly x: Uint8Array;
  readonly y: Uint8Array;
}

export interface OKPPublicKey {
  readonly kty: 'OKP';
  /** -8 EdDSA, -19 Ed25519, -53 Ed448. */
  readonly alg: number | undefined;
  readonly crv: 'Ed25519' | 'Ed448';
  readonly x: Uint8Array;
}

export interface RSAPublicKey {
  readonly kty: 'RSA';
  /** -257 RS256, -258 RS384, -259 RS512, -37 PS256, -38 PS384, -39 PS512, -65535 RS1. */
  readonly alg: number | undefined;
  /** Modulus, big-endian, no leading zero. */
  readonly n: Uint8Array;
  /** Public exponent, big-endian, no leading zero. */
  readonly e: Uint8Array;
}

export interface AKPPublicKey {
  readonly kty: 'AKP';
  /** -48 ML-DSA-44, -49 ML-DSA-65, -50 ML-DSA-87. */
  readonly alg: number;
  readonly pub: Uint8Array;
}
