/**
 * COSE_Key → validated COSEPublicKey (WebAuthn §6.5.1 attested credential data, credentialPublicKey; RFC 9052 §7, RFC 9053
 * §7 for EC2/OKP, RFC 8230 §4 for RSA, the COSE ML-DSA draft for AKP).
 *
 * Label policy (stricter than COSE, which lets any label through):
 * - kty (1) and alg (3) are required; WebAuthn §6.5.1 says the credential public key MUST contain alg.
 * - kid (2, byte string) is tolerated and ignored. §6.5.1 also says the key MUST NOT contain other
 *   OPTIONAL parameters; kid is harmless, so we do not fail a registration over it.
 * - Private-key parameters (EC2/OKP d -4, RSA -3..-12, AKP priv -2) are rejected: a private key in a
 *   credential record is a bug somewhere, and we refuse to carry it around.
 * - Every other label (key_ops, Base IV, text labels, unknown ints) is rejected.
 */
import { decodeCbor, isCborMap, type CborMap, type CborValue } from '../cbor/decode.js';
import { WebAuthnError } from '../errors.js';
import { coseAlgorithm, type COSEAlgorithm } from './algorithms.js';
import { CURVE_BYTES, isOnCurve, OKP_KEY_BYTES } from './curves.js';
import { edwardsKeyDefect } from './edwards.js';
import type { COSEPublicKey, EC2PublicKey } from './types.js';

/** RSA modulus floor (bits). NIST SP 800-131A disallows < 2048 for signatures; documented in docs/security.md. */
export const RSA_MIN_MODULUS_BITS = 2048;
/** RSA modulus ceiling (bits): bounds the cost of one verification; WebCrypto implementations stop at 16384. */
export const RSA_MAX_MODULUS_BITS = 16384;

const KTY = new Map<number, COSEPublicKey['kty']>([[1, 'OKP'], [2, 'EC2'], [3, 'RSA'], [7, 'AKP']]);
const EC2_CURVES = new Map<number, EC2PublicKey['crv']>([[1, 'P-256'], [2, 'P-384'], [3, 'P-521']]);
const OKP_CURVES = new Map<number, 'Ed25519' | 'Ed448'>([[6, 'Ed25519'], [7, 'Ed448']]);

/** Labels allowed beyond kty/kid/alg, and the private-key labels, per key type. */
const PARAMS: Record<COSEPublicKey['kty'], { allowed: number[]; private: number[] }> = {
  EC2: { allowed: [-1, -2, -3], private: [-4] },
  OKP: { allowed: [-1, -2], private: [-4] },
  RSA: { allowed: [-1, -2], private: [-3, -4, -5, -6, -7, -8, -9, -10, -11, -12] },
  AKP: { allowed: [-1], private: [-2] },
};

function invalid(message: string, details: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_COSE_KEY_INVALID', message, details);
}

function bytesParam(map: CborMap, label: number, name: string): Uint8Array {
  const v = map.get(label);
  if (!(v instanceof Uint8Array)) invalid('COSE key parameter must be a byte string', { parameter: name, label, received: typeOf(v) });
  return v.slice();
}

function typeOf(v: CborValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'map';
  return typeof v;
}

/** Decodes a COSE_Key (exactly one CBOR map, canonical per src/cbor/decode.ts) and validates it. */
export function decodeCOSEKey(bytes: Uint8Array): COSEPublicKey {
  if (!(bytes instanceof Uint8Array)) invalid('COSE key must be a Uint8Array', { received: typeof bytes });
  // L3 §6.5.1: credentialPublicKey is CTAP2 canonical CBOR, so its keys must be sorted (docs/cbor.md).
  const value = decodeCbor(bytes, { requireSortedKeys: true });
  if (!isCborMap(value)) invalid('COSE key must be a CBOR map', { received: typeOf(value) });
  return coseKeyFromMap(value);
}

/** Validates an already decoded COSE_Key map (e.g. the credentialPublicKey inside authData). */
export function coseKeyFromMap(map: CborMap): COSEPublicKey {
  if (!isCborMap(map)) invalid('COSE key must be a CBOR map', { received: typeof map });
  // RFC 9052 §7.1: kty is required.
  const ktyValue = map.get(1);
  if (typeof ktyValue !== 'number') invalid('COSE key kty must be an integer', { received: typeOf(ktyValue) });
  const kty = KTY.get(ktyValue);
  if (kty === undefined) {
    throw new WebAuthnError('ERR_COSE_KEY_TYPE_UNSUPPORTED', 'Unsupported COSE key type', {
      expected: [...KTY.keys()],
      received: ktyValue,
    });
  }
  // §6.5.1 (credentialPublicKey): the key MUST contain alg.
  const algValue = map.get(3);
  if (typeof algValue !== 'number') invalid('COSE key alg must be an integer', { received: typeOf(algValue) });
  const info = coseAlgorithm(algValue);
  if (info === undefined) {
    throw new WebAuthnError('ERR_COSE_ALG_UNSUPPORTED', 'Unsupported COSE algorithm', { received: algValue });
  }
  if (info.kty !== kty) {
    throw new WebAuthnError('ERR_COSE_ALG_MISMATCH', 'Algorithm does not match the key type', {
      expected: info.kty,
      received: kty,
      alg: algValue,
    });
  }
  checkLabels(map, kty);
  switch (kty) {
    case 'EC2':
      return ec2Key(map, info);
    case 'OKP':
      return okpKey(map, info);
    case 'RSA':
      return rsaKey(map, info);
    case 'AKP':
      return akpKey(map, info);
  }
}

function checkLabels(map: CborMap, kty: COSEPublicKey['kty']): void {
  const params = PARAMS[kty];
  for (const [label, value] of map) {
    if (label === 1 || label === 3) continue;
    if (label === 2) {
      if (!(value instanceof Uint8Array)) invalid('COSE key kid must be a byte string', { received: typeOf(value) });
      continue;
    }
    if (typeof label === 'number' && params.private.includes(label)) {
      invalid('COSE key contains a private key parameter', { label, kty });
    }
    if (typeof label !== 'number' || !params.allowed.includes(label)) {
      invalid('COSE key contains an unsupported label', { label, kty, expected: [1, 2, 3, ...params.allowed] });
    }
  }
}

function curveParam<T extends string>(map: CborMap, curves: Map<number, T>, info: COSEAlgorithm): T {
  const crvValue = map.get(-1);
  if (typeof crvValue !== 'number') invalid('COSE key crv must be an integer', { received: typeOf(crvValue) });
  const crv = curves.get(crvValue);
  if (crv === undefined) {
    throw new WebAuthnError('ERR_COSE_CURVE_UNSUPPORTED', 'Unsupported COSE curve', {
      expected: [...curves.keys()],
      received: crvValue,
    });
  }
  // RFC 9053 §2.1 / RFC 9864: ES256↔P-256, ES384↔P-384, ES512↔P-521, Ed25519/Ed448 fixed, EdDSA either.
  if (!(info.curves as readonly string[]).includes(crv)) {
    throw new WebAuthnError('ERR_COSE_ALG_MISMATCH', 'Algorithm does not match the key curve', {
      expected: info.curves,
      received: crv,
      alg: info.id,
    });
  }
  return crv;
}

function exactLength(bytes: Uint8Array, length: number, parameter: string): void {
  if (bytes.length !== length) {
    throw new WebAuthnError('ERR_COSE_KEY_COORDINATE_LENGTH', 'COSE key parameter has the wrong length', {
      parameter,
      expected: length,
      received: bytes.length,
    });
  }
}

function ec2Key(map: CborMap, info: COSEAlgorithm): COSEPublicKey {
  const crv = curveParam(map, EC2_CURVES, info);
  const size = CURVE_BYTES[crv];
  const x = bytesParam(map, -2, 'x');
  exactLength(x, size, 'x'); // RFC 9053 §7.1.1: x and y are field-size, leading zeros kept
  // RFC 9053 §7.1.1 allows y as a sign bit (point compression); WebAuthn keys carry y. Stricter: reject.
  if (typeof map.get(-3) === 'boolean') invalid('Compressed EC2 points are not accepted', { parameter: 'y' });
  const y = bytesParam(map, -3, 'y');
  exactLength(y, size, 'y');
  if (!isOnCurve(crv, x, y)) {
    throw new WebAuthnError('ERR_COSE_KEY_POINT_INVALID', 'EC2 public key is not a point on the curve', { crv });
  }
  return Object.freeze({ kty: 'EC2', alg: info.id, crv, x, y });
}

function okpKey(map: CborMap, info: COSEAlgorithm): COSEPublicKey {
  const crv = curveParam(map, OKP_CURVES, info);
  const x = bytesParam(map, -2, 'x');
  exactLength(x, OKP_KEY_BYTES[crv], 'x');
  // RFC 8032 §5.1.3 / §5.2.3 decoding (canonical y, x exists, x = 0 ⇒ sign 0), and no small-order
  // point (stricter than RFC 8032: such keys verify forged signatures on OpenSSL; docs/security.md).
  const defect = edwardsKeyDefect(crv, x);
  if (defect !== undefined) {
    throw new WebAuthnError('ERR_COSE_KEY_POINT_INVALID', 'OKP public key is not an acceptable curve point', { crv, reason: defect });
  }
  return Object.freeze({ kty: 'OKP', alg: info.id, crv, x });
}

function rsaKey(map: CborMap, info: COSEAlgorithm): COSEPublicKey {
  const n = bytesParam(map, -1, 'n');
  const e = bytesParam(map, -2, 'e');
  // RFC 8230 §4: n and e are unsigned big-endian without leading zero octets.
  if (n.length === 0 || n[0] === 0) invalid('RSA modulus has a leading zero byte', { parameter: 'n' });
  const bits = n.length * 8 - Math.clz32(n[0]!) + 24;
  if (bits < RSA_MIN_MODULUS_BITS) {
    throw new WebAuthnError('ERR_COSE_RSA_KEY_TOO_SMALL', 'RSA modulus is below the minimum size', {
      expected: RSA_MIN_MODULUS_BITS,
      received: bits,
    });
  }
  if (bits > RSA_MAX_MODULUS_BITS) invalid('RSA modulus exceeds the maximum size', { expected: RSA_MAX_MODULUS_BITS, received: bits });
  if ((n[n.length - 1]! & 1) === 0) invalid('RSA modulus is even', { parameter: 'n' });
  // Exponent policy (documented in docs/security.md): odd, 3 ≤ e < 2^32, minimal encoding.
  // RFC 8017 §3.1 only requires 3 ≤ e ≤ n−1; real authenticators use 65537 (TPM's default).
  if (e.length === 0 || e.length > 4 || e[0] === 0 || (e[e.length - 1]! & 1) === 0 || (e.length === 1 && e[0]! < 3)) {
    throw new WebAuthnError('ERR_COSE_RSA_EXPONENT_INVALID', 'RSA public exponent is not allowed', {
      expected: 'odd, 3 <= e < 2^32, no leading zero',
      received: e.length <= 8 ? Array.from(e) : `${e.length} bytes`,
    });
  }
  return Object.freeze({ kty: 'RSA', alg: info.id, n, e });
}

function akpKey(map: CborMap, info: COSEAlgorithm): COSEPublicKey {
  const pub = bytesParam(map, -1, 'pub');
  exactLength(pub, info.publicKeyLength!, 'pub'); // FIPS 204 Table 2: 1312 / 1952 / 2592 bytes
  return Object.freeze({ kty: 'AKP', alg: info.id, pub });
}
