/**
 * Public key → COSE_Key bytes (RFC 9052 §7, RFC 9053 §7 for EC2/OKP, RFC 8230 §4 for RSA, the COSE
 * "AKP" draft for ML-DSA), encoded in CTAP2 canonical form, which puts the keys in the order
 * 1 (kty), 3 (alg), -1, -2, -3 that real authenticators emit.
 */
import { decodeBase64url } from '../encoding/base64url.js';
import { encodeCbor } from './cbor-encode.js';
import { WebAuthnError } from '../errors.js';

/** COSE key type values (RFC 9053 §7, AKP draft). */
const KTY = { OKP: 1, EC2: 2, RSA: 3, AKP: 7 } as const;
/** COSE elliptic curve identifiers (RFC 9053 §7.1). */
const CRV: Record<string, number> = { 'P-256': 1, 'P-384': 2, 'P-521': 3, Ed25519: 6, Ed448: 7 };

function badKey(reason: string, received?: unknown): never {
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Cannot express this key as a COSE_Key', { reason, received });
}

function field(jwk: JsonWebKey, name: 'x' | 'y' | 'n' | 'e'): Uint8Array {
  const v = jwk[name];
  if (typeof v !== 'string') badKey(`JWK has no "${name}"`);
  return decodeBase64url(v, `jwk.${name}`);
}

/** COSE_Key for a public JWK (EC P-256/384/521, OKP Ed25519/Ed448, RSA) with the given COSE alg. */
export function jwkToCoseKey(jwk: JsonWebKey, alg: number): Uint8Array<ArrayBuffer> {
  if (jwk.kty === 'EC') {
    const crv = jwk.crv === undefined ? undefined : CRV[jwk.crv];
    if (crv === undefined || crv > 3) badKey('unsupported EC curve', jwk.crv);
    return encodeCbor(new Map<number, number | Uint8Array>([[1, KTY.EC2], [3, alg], [-1, crv], [-2, field(jwk, 'x')], [-3, field(jwk, 'y')]]));
  }
  if (jwk.kty === 'OKP') {
    const crv = jwk.crv === undefined ? undefined : CRV[jwk.crv];
    if (crv !== 6 && crv !== 7) badKey('unsupported OKP curve', jwk.crv);
    return encodeCbor(new Map<number, number | Uint8Array>([[1, KTY.OKP], [3, alg], [-1, crv], [-2, field(jwk, 'x')]]));
  }
  if (jwk.kty === 'RSA') {
    return encodeCbor(new Map<number, number | Uint8Array>([[1, KTY.RSA], [3, alg], [-1, field(jwk, 'n')], [-2, field(jwk, 'e')]]));
  }
  return badKey('unsupported JWK kty', jwk.kty);
}

/** COSE_Key for a WebCrypto public key (exported as JWK, so it must be extractable). */
export async function cryptoKeyToCoseKey(key: CryptoKey, alg: number): Promise<Uint8Array<ArrayBuffer>> {
  let jwk: JsonWebKey;
  try {
    jwk = await crypto.subtle.exportKey('jwk', key);
  } catch (cause) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Cannot export the public key', { alg }, { cause });
  }
  return jwkToCoseKey(jwk, alg);
}

/** COSE_Key for a raw Ed448 public key (57 bytes), alg -53 (Ed448) or -8 (EdDSA). */
export function okpCoseKey(crv: 'Ed25519' | 'Ed448', x: Uint8Array, alg: number): Uint8Array<ArrayBuffer> {
  return encodeCbor(new Map<number, number | Uint8Array>([[1, KTY.OKP], [3, alg], [-1, CRV[crv]!], [-2, x]]));
}

/** COSE_Key (kty AKP) for an ML-DSA public key: {1: 7, 3: alg, -1: pub}. */
export function akpCoseKey(pub: Uint8Array, alg: number): Uint8Array<ArrayBuffer> {
  return encodeCbor(new Map<number, number | Uint8Array>([[1, KTY.AKP], [3, alg], [-1, pub]]));
}
