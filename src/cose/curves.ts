/**
 * The ONE curve table: sizes and the on-curve check for every curve a COSE key or a certificate
 * key may name. Every other module reads sizes from here (signature normalisation, DER ↔ r‖s, JWS
 * signature lengths, SPKI and certificate key readers).
 *
 * - NIST curves (RFC 9053 §7.1.1, SEC 2 §2.4.2 / §2.5.1 / §2.6.1, FIPS 186-5): field element size
 *   in bytes (= r and s size in an r‖s signature), y² = x³ − 3x + b over GF(p), and the group
 *   order n (ECDSA r and s lie in [1, n−1], src/signature/der.ts), and the namedCurve OID
 *   (RFC 5480 §2.1.1.1) that names it in a SubjectPublicKeyInfo (written by src/cose/to-spki.ts,
 *   read by src/x509/public-key.ts).
 * - Edwards curves (RFC 8032): public key and signature sizes. Their point decoding lives in
 *   ./edwards.ts (RFC 8032 §5.1.3 / §5.2.3).
 */
export type NistCurveName = 'P-256' | 'P-384' | 'P-521';
export type EdwardsCurve = 'Ed25519' | 'Ed448';

interface NistCurve {
  /** Field element size in bytes: x, y, r and s each take exactly this many. */
  readonly bytes: number;
  readonly p: bigint;
  readonly b: bigint;
  /** Order of the base point (the group order; cofactor 1). */
  readonly n: bigint;
  /** DER of the namedCurve OBJECT IDENTIFIER, tag 06 included (RFC 5480 §2.1.1.1). */
  readonly oid: readonly number[];
}

const NIST: Readonly<Record<NistCurveName, NistCurve>> = Object.freeze({
  'P-256': {
    bytes: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    oid: Object.freeze([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]), // 1.2.840.10045.3.1.7 secp256r1
  },
  'P-384': {
    bytes: 48,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    oid: Object.freeze([0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]), // 1.3.132.0.34 secp384r1
  },
  'P-521': {
    bytes: 66,
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    oid: Object.freeze([0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23]), // 1.3.132.0.35 secp521r1
  },
});

/** Field element size (bytes) per NIST curve: coordinates, and r and s of an ECDSA signature. */
export const CURVE_BYTES: Readonly<Record<NistCurveName, number>> = Object.freeze({
  'P-256': NIST['P-256'].bytes,
  'P-384': NIST['P-384'].bytes,
  'P-521': NIST['P-521'].bytes,
});

/** `value` as big-endian bytes, exactly `size` wide. */
function fixedWidthBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = value;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Each NIST curve's order n as fixed-width bytes, keyed by its field element size (computed once). */
const ORDER_BY_FIELD_BYTES: ReadonlyMap<number, Uint8Array> = new Map(
  Object.values(NIST).map((c) => [c.bytes, fixedWidthBytes(c.n, c.bytes)] as const),
);

/**
 * The group order n of the NIST curve whose field elements are `fieldBytes` wide (32 → P-256,
 * 48 → P-384, 66 → P-521) as big-endian bytes of that width, for a range check of ECDSA r and s
 * without BigInt (src/signature/der.ts, a hot path: no allocation here). undefined for any other
 * width. The array is shared: read it, never write to it.
 */
export function curveOrderBytes(fieldBytes: number): Uint8Array | undefined {
  return ORDER_BY_FIELD_BYTES.get(fieldBytes);
}

/** DER of each NIST curve's namedCurve OBJECT IDENTIFIER (tag 06 included), for SPKI writers. */
export const CURVE_OID_DER: Readonly<Record<NistCurveName, readonly number[]>> = Object.freeze({
  'P-256': NIST['P-256'].oid,
  'P-384': NIST['P-384'].oid,
  'P-521': NIST['P-521'].oid,
});

/**
 * The NIST curve named by `oidDer`, the DER of a namedCurve OBJECT IDENTIFIER with its tag (RFC 5480
 * §2.1.1.1), compared byte for byte; undefined for any other OID (or other bytes).
 */
export function namedCurveFromOid(oidDer: Uint8Array): NistCurveName | undefined {
  for (const [crv, c] of Object.entries(NIST) as [NistCurveName, NistCurve][]) {
    if (c.oid.length === oidDer.length && c.oid.every((b, i) => oidDer[i] === b)) return crv;
  }
  return undefined;
}

/** RFC 8032 §5.1.5 / §5.2.5: encoded public key sizes. */
export const OKP_KEY_BYTES: Readonly<Record<EdwardsCurve, number>> = Object.freeze({ Ed25519: 32, Ed448: 57 });

/** RFC 8032 §5.1.6 / §5.2.6: signature sizes (R ‖ S). */
export const ED_SIGNATURE_BYTES: Readonly<Record<EdwardsCurve, number>> = Object.freeze({ Ed25519: 64, Ed448: 114 });

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * The ONE EC point check: true when (x, y) is an affine point on the curve with coordinates in
 * [0, p) (SEC 1 §3.2.2.1 steps 2–3; the NIST curves have cofactor 1, so on-curve means in the
 * prime-order group). The point at infinity has no affine form, so it can never pass. Pure BigInt,
 * so checking a key does not load an elliptic-curve library. Used for COSE EC2 keys
 * (src/cose/key.ts) and certificate keys (src/x509/public-key.ts).
 */
export function isOnCurve(crv: NistCurveName, x: Uint8Array, y: Uint8Array): boolean {
  const c = Object.hasOwn(NIST, crv) ? NIST[crv] : undefined;
  if (c === undefined || x.length !== c.bytes || y.length !== c.bytes) return false;
  const X = toBigInt(x);
  const Y = toBigInt(y);
  if (X >= c.p || Y >= c.p) return false;
  const rhs = (((X * X) % c.p) * X - 3n * X + c.b) % c.p;
  return (Y * Y) % c.p === (rhs + c.p) % c.p;
}
