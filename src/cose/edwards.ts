/**
 * Edwards public-key validation for COSE OKP keys: Ed25519 (RFC 8032 §5.1.3) and Ed448 (RFC 8032
 * §5.2.3), run when a COSE key is decoded, so keys as bytes, prepared keys and cached keys all pass
 * through it. A key is refused when
 * 1. its y is not canonical (y ≥ p; §5.1.3 / §5.2.3 step 1: "decoding fails");
 * 2. it does not decode: u/v = (y² − 1)/(d·y² − a) has no square root x (steps 2–3), or x = 0 with
 *    the sign bit set (step 4);
 * 3. it is a small-order point (one of the 8 / 4 torsion points of the curve). Such a key verifies
 *    forged signatures (A = identity, R = identity, S = 0 passes the cofactorless check that
 *    OpenSSL runs behind node:crypto and WebCrypto). Stricter than RFC 8032, see docs/security.md.
 *
 * Mixed-order keys (prime-order point + torsion point) are accepted: refusing them needs a scalar
 * multiplication (and a curve library in the `./cose` entry); every backend gives them the same
 * verdict (src/signature/backends/noble.ts), see docs/security.md "Key policy".
 *
 * This checks the decoding rules; it never computes x or does point arithmetic. Whether u/v is a
 * square is its Legendre symbol, read with the Jacobi-symbol algorithm (p is prime). Small order
 * depends only on y (−P has the order of P), so the test is a table of the torsion points' y.
 * test/properties/key-validation.test.ts proves the verdicts equal @noble/curves'
 * `Point.fromBytes(x, false)` + `isSmallOrder()`, and the table equals noble's torsion subgroup.
 * Pure BigInt, so decoding a key loads no elliptic-curve library (docs/ARCHITECTURE.md entry points).
 */
export type EdwardsCurveName = 'Ed25519' | 'Ed448';
export type EdwardsKeyDefect = 'non-canonical' | 'not-on-curve' | 'small-order';

interface EdwardsCurve {
  readonly bytes: number;
  readonly p: bigint;
  /** Curve a·x² + y² = 1 + d·x²·y² (RFC 8032 §5.1: a = −1; §5.2: a = 1, untwisted). */
  readonly a: bigint;
  readonly d: bigint;
  /** y of every point of order dividing the cofactor (8 for edwards25519, 4 for edwards448). */
  readonly smallOrderY: readonly bigint[];
}

const P25519 = (1n << 255n) - 19n;
const P448 = (1n << 448n) - (1n << 224n) - 1n;

const CURVES: Record<EdwardsCurveName, EdwardsCurve> = {
  Ed25519: {
    bytes: 32,
    p: P25519,
    a: P25519 - 1n,
    d: 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n, // −121665/121666
    // Orders 1, 2, 4 (x = ±√−1) and 8 (two y values, each with ±x).
    smallOrderY: [
      1n,
      P25519 - 1n,
      0n,
      0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n,
      0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n,
    ],
  },
  Ed448: {
    bytes: 57,
    p: P448,
    a: 1n,
    d: P448 - 39081n,
    // Orders 1, 2 and 4 (x = ±1).
    smallOrderY: [1n, P448 - 1n, 0n],
  },
};

/** Little-endian integer of `bytes` with the top bit (x's sign, RFC 8032 §5.1.2 / §5.2.2) cleared. */
function yOf(bytes: Uint8Array): bigint {
  let y = BigInt(bytes[bytes.length - 1]! & 0x7f);
  for (let i = bytes.length - 2; i >= 0; i--) y = (y << 8n) | BigInt(bytes[i]!);
  return y;
}

/** Jacobi symbol (a/n) for odd n > 0 (the Legendre symbol when n is prime): 1, −1 or 0. */
function jacobi(a: bigint, n: bigint): number {
  let t = 1;
  a %= n;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      const r = n & 7n;
      if (r === 3n || r === 5n) t = -t;
    }
    [a, n] = [n, a];
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

/** RFC 8032 §5.1.3 / §5.2.3 steps 2–3: x² = u/v has a solution (u/v is 0 or a square mod p). */
function hasX(c: EdwardsCurve, y: bigint): boolean {
  const y2 = (y * y) % c.p;
  const u = (y2 - 1n + c.p) % c.p;
  const v = (((c.d * y2) % c.p) - c.a + c.p) % c.p;
  if (v === 0n) return false; // never for these curves (d is not a square); refuse rather than divide by 0
  return jacobi((u * v) % c.p, c.p) >= 0; // (u/v | p) = (u·v | p), since (v² | p) = 1
}

/** Why `encoded` (exactly 32 / 57 bytes, checked by the caller) is not an acceptable public key, or undefined. */
export function edwardsKeyDefect(crv: EdwardsCurveName, encoded: Uint8Array): EdwardsKeyDefect | undefined {
  const c = CURVES[crv];
  if (encoded.length !== c.bytes) return 'not-on-curve';
  const y = yOf(encoded);
  if (y >= c.p) return 'non-canonical'; // step 1 (for Ed448 this includes non-zero bits 448–454)
  if (c.smallOrderY.includes(y)) return 'small-order'; // includes y = ±1, i.e. every x = 0 case of step 4
  if (!hasX(c, y)) return 'not-on-curve';
  return undefined;
}
