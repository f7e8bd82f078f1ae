/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) → COSEPublicKey, for attestation and CA certificate keys.
 * Accepted: id-ecPublicKey with a named curve P-256/384/521 (RFC 5480 §2.1.1; explicit curve
 * parameters are refused), uncompressed on-curve points; rsaEncryption (RFC 8017 A.1.1) with a
 * modulus of at least 2048 bits; Ed25519 (RFC 8410) under the COSE key rules of src/cose/edwards.ts
 * (canonical y, on the curve, not one of the 8 small-order points). The returned key has
 * `alg: undefined`: certificates carry no COSE algorithm. Ed448 certificate keys are not supported.
 */
import { CURVE_BYTES, isOnCurve, namedCurveFromOid } from '../cose/curves.js';
// The one RSA floor (same as COSE RSA keys); real attestation roots use 2048 or 4096 bits.
import { RSA_MIN_MODULUS_BITS } from '../cose/key.js';
import { edwardsKeyDefect } from '../cose/edwards.js';
import type { COSEPublicKey } from '../cose/types.js';
import { toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';
import { children, readBitString, readTlv, unsignedInteger } from './der.js';

// DER of the algorithm OIDs (tag 06 included), compared as hex.
const OID_EC_PUBLIC_KEY = '06072a8648ce3d0201'; // 1.2.840.10045.2.1
const OID_RSA_ENCRYPTION = '06092a864886f70d010101'; // 1.2.840.113549.1.1.1
const OID_ED25519 = '06032b6570'; // 1.3.101.112

function unsupported(message: string, details: Record<string, unknown>): WebAuthnError {
  return new WebAuthnError('ERR_X509_UNSUPPORTED_KEY', message, details);
}

/** The certificate's subject public key as a COSEPublicKey (alg undefined). */
export function certificatePublicKey(cert: ParsedCertificate): COSEPublicKey {
  return spkiToCosePublicKey(cert.spki);
}

export function spkiToCosePublicKey(spki: Uint8Array): COSEPublicKey {
  let algorithm: Uint8Array;
  let params: Uint8Array | undefined;
  let keyBits: Uint8Array;
  try {
    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
    const root = readTlv(spki, 0);
    const [alg, bits, ...rest] = children(spki, root);
    if (root.tag !== 0x30 || root.end !== spki.length || !alg || !bits || rest.length || alg.tag !== 0x30 || bits.tag !== 0x03) {
      throw new Error('shape');
    }
    const [oid, param, ...more] = children(spki, alg);
    if (!oid || oid.tag !== 0x06 || more.length) throw new Error('algorithm');
    algorithm = spki.subarray(oid.start, oid.end);
    params = param ? spki.subarray(param.start, param.end) : undefined;
    // subjectPublicKey BIT STRING (X.690 §8.6.2, §11.2.1): every key we accept is whole octets.
    const bitString = readBitString(spki, bits);
    if (bitString.unusedBits !== 0 || bitString.octets.length === 0) throw new Error('bit string');
    keyBits = bitString.octets;
  } catch (e) {
    if (e instanceof WebAuthnError) throw e;
    throw unsupported('Certificate public key is malformed', { reason: (e as Error).message });
  }
  const algHex = toHex(algorithm);
  if (algHex === OID_EC_PUBLIC_KEY) return ecKey(params, keyBits);
  if (algHex === OID_RSA_ENCRYPTION) return rsaKey(params, keyBits);
  if (algHex === OID_ED25519) return ed25519Key(params, keyBits);
  throw unsupported('Certificate public key algorithm unsupported', { received: algHex });
}

function ed25519Key(params: Uint8Array | undefined, keyBits: Uint8Array): COSEPublicKey {
  // RFC 8410 §3: parameters MUST be absent; the key is 32 bytes (RFC 8032 §5.1.5).
  if (params !== undefined || keyBits.length !== 32) {
    throw unsupported('Ed25519 certificate key invalid', { received: keyBits.length });
  }
  // RFC 8032 §5.1.3 decoding (y < p, x exists) and no small-order point: the rule COSE keys follow
  // (docs/security.md "Key policy"). The identity key with R = identity, S = 0 verifies every
  // message on OpenSSL (node:crypto, WebCrypto), so it would "sign" any certificate or statement.
  const defect = edwardsKeyDefect('Ed25519', keyBits);
  if (defect !== undefined) {
    throw unsupported('Ed25519 certificate key is not an acceptable curve point', { crv: 'Ed25519', reason: defect });
  }
  return { kty: 'OKP', alg: undefined, crv: 'Ed25519', x: keyBits.slice() };
}

function ecKey(params: Uint8Array | undefined, point: Uint8Array): COSEPublicKey {
  // RFC 5480 §2.1.1: namedCurve only; implicitCurve and specifiedCurve (explicit parameters) refused.
  // The namedCurve OIDs are in the one curve table (src/cose/curves.ts).
  const crv = params === undefined ? undefined : namedCurveFromOid(params);
  if (crv === undefined) {
    throw unsupported('EC certificate key must use a named curve P-256, P-384 or P-521', {
      received: params === undefined ? 'absent' : toHex(params).slice(0, 64),
    });
  }
  // SEC 1 §2.3.3: uncompressed point 04 || x || y (RFC 5480 §2.2: compressed MAY be refused).
  const size = CURVE_BYTES[crv];
  if (point.length !== 1 + 2 * size || point[0] !== 0x04) {
    throw unsupported('EC certificate key must be an uncompressed point', {
      expected: 1 + 2 * size,
      received: point.length,
    });
  }
  const x = point.slice(1, 1 + size);
  const y = point.slice(1 + size);
  // SEC 1 §3.2.2.1: coordinates in [0, p) and on the curve (the one EC point check, src/cose/curves.ts).
  if (!isOnCurve(crv, x, y)) throw unsupported('EC certificate key is not on its curve', { crv });
  return { kty: 'EC2', alg: undefined, crv, x, y };
}

function rsaKey(params: Uint8Array | undefined, keyBits: Uint8Array): COSEPublicKey {
  // RFC 3279 §2.3.1: rsaEncryption parameters MUST be NULL.
  if (params === undefined || params.length !== 2 || params[0] !== 0x05 || params[1] !== 0x00) {
    throw unsupported('RSA certificate key parameters must be NULL', {});
  }
  let n: Uint8Array | undefined;
  let e: Uint8Array | undefined;
  try {
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    const seq = readTlv(keyBits, 0);
    const parts = children(keyBits, seq);
    if (seq.tag === 0x30 && seq.end === keyBits.length && parts.length === 2) {
      // X.690 §8.3 minimal, non-negative (RFC 8017 A.1.1: both are positive).
      n = unsignedInteger(keyBits, parts[0]!);
      e = unsignedInteger(keyBits, parts[1]!);
    }
  } catch {
    n = undefined;
  }
  if (n === undefined || e === undefined) throw unsupported('RSA certificate key is malformed', {});
  const bits = n.length * 8 - Math.clz32(n[0]!) + 24;
  if (bits < RSA_MIN_MODULUS_BITS) {
    throw unsupported('RSA certificate key too small', { expected: `>= ${RSA_MIN_MODULUS_BITS} bits`, received: bits });
  }
  // Exponent must be odd and > 1 (RFC 8017 §3.1); 3 is allowed, as WebCrypto allows it.
  const odd = (e[e.length - 1]! & 1) === 1;
  if (!odd || (e.length === 1 && e[0]! < 3) || e.length > 8) {
    throw unsupported('RSA certificate key exponent invalid', { received: toHex(e) });
  }
  return { kty: 'RSA', alg: undefined, n, e };
}
