/**
 * COSEPublicKey → SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7), written by hand:
 *
 *   SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 *
 * - EC2: id-ecPublicKey + namedCurve OID (RFC 5480 §2.1.1; never explicit parameters), key = 04‖x‖y.
 * - RSA: rsaEncryption with NULL parameters (RFC 3279 §2.3.1), key = RSAPublicKey { n, e }.
 * - OKP: id-Ed25519 / id-Ed448, parameters absent (RFC 8410 §3), key = raw x.
 * - AKP: id-ml-dsa-44/65/87 (2.16.840.1.101.3.4.3.17/18/19), parameters absent (RFC 9881), key = pub.
 */
import { WebAuthnError } from '../errors.js';
import { CURVE_OID_DER } from './curves.js';
import type { COSEPublicKey } from './types.js';

// Pre-encoded OBJECT IDENTIFIER TLVs (the curve OIDs are in the one curve table, ./curves.ts).
const OID = {
  ecPublicKey: [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], // 1.2.840.10045.2.1
  rsaEncryption: [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01], // 1.2.840.113549.1.1.1
  Ed25519: [0x06, 0x03, 0x2b, 0x65, 0x70], // 1.3.101.112
  Ed448: [0x06, 0x03, 0x2b, 0x65, 0x71], // 1.3.101.113
  [-48]: [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11], // 2.16.840.1.101.3.4.3.17
  [-49]: [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12], // .18
  [-50]: [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13], // .19
} as const;
const NULL = [0x05, 0x00];

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

function tlv(tag: number, body: ArrayLike<number>): Uint8Array {
  const head = [tag, ...len(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

function cat(...parts: ArrayLike<number>[]): Uint8Array {
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Unsigned big-endian magnitude → DER INTEGER (a 0x00 pad when the top bit is set). */
function uint(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const m = bytes.subarray(i);
  return tlv(0x02, m[0]! >= 0x80 ? cat([0], m) : m);
}

function spki(algorithm: ArrayLike<number>, key: Uint8Array): Uint8Array {
  return tlv(0x30, cat(tlv(0x30, algorithm), tlv(0x03, cat([0x00], key))));
}

export function coseKeyToSPKI(key: COSEPublicKey): Uint8Array {
  switch (key.kty) {
    case 'EC2':
      return spki(cat(OID.ecPublicKey, CURVE_OID_DER[key.crv]), cat([0x04], key.x, key.y));
    case 'OKP':
      return spki(OID[key.crv], key.x);
    case 'RSA':
      return spki(cat(OID.rsaEncryption, NULL), tlv(0x30, cat(uint(key.n), uint(key.e))));
    case 'AKP': {
      const oid = key.alg === -48 || key.alg === -49 || key.alg === -50 ? OID[key.alg] : undefined;
      if (oid === undefined) {
        throw new WebAuthnError('ERR_COSE_ALG_UNSUPPORTED', 'No SPKI encoding for this AKP algorithm', { received: key.alg });
      }
      return spki(oid, key.pub);
    }
  }
}
