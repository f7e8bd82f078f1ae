/**
 * Key validation by property (issue 11, "remove the class"): generators for valid, small-order,
 * non-canonical, mixed-order and off-curve public keys (OKP Ed25519/Ed448, EC2 P-256/384/521).
 *
 * Property 1: a COSE key decodes if and only if the strictest backend (noble: RFC 8032 decoding with
 *   `zip215: false` and no small-order point for EdDSA; SEC 1 §3.2.2.1 for EC2) takes it as a valid
 *   public key; every refusal is a WebAuthnError.
 * Property 2: for (key, signature, message) triples with keys that decode (signatures by the real
 *   key, mutated ones, and adversarial ones such as R = identity / S = 0, torsion R, S + L) the
 *   node:crypto, WebCrypto and noble backends return the same verdict.
 * Property 2 also covers signatures the key holder crafts with a torsion component in R, under the
 *   genuine key or a mixed-order one, with the expected verdict computed from the group law (Ed25519
 *   cofactorless as OpenSSL checks it; Ed448 cofactored with R of order ≤ 2 refused, as OpenSSL's
 *   decaf code does). noble's own cofactored `verify` disagreed there until src/signature/backends/noble.ts
 *   checked those rules itself; see docs/security.md "EdDSA verification equation".
 *
 * `npm test` runs a few hundred cases (about a second); FUZZ_RUNS (npm run test:fuzz, through
 * test/fuzz/key-validation.fuzz.test.ts) scales them up.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCOSEKey } from '../../src/cose/key.js';
import type { COSEPublicKey } from '../../src/cose/types.js';
import { isWebAuthnError } from '../../src/errors.js';
import { verifySignature } from '../../src/signature/verify.js';
import { jwkToCoseKey, okpCoseKey } from '../../src/testing/index.js';

const FUZZ = Number(process.env.FUZZ_RUNS ?? 0);
const KEY_RUNS = FUZZ > 0 ? Math.max(2_000, Math.ceil(FUZZ / 100)) : 200;
const TRIPLE_RUNS = FUZZ > 0 ? Math.max(200, Math.ceil(FUZZ / 2_000)) : 25;

const leNum = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const leBytes = (v: bigint, n: number) => Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
const beBytes = (v: bigint, n: number) => leBytes(v, n).reverse();
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const withSign = (enc: Uint8Array, sign: boolean) => { const c = enc.slice(); if (sign) c[c.length - 1]! ^= 0x80; return c; };

// ---------------------------------------------------------------- Edwards (OKP) generators

type Edwards = typeof ed25519;
interface EdCurve { crv: 'Ed25519' | 'Ed448'; lib: Edwards; bytes: number; cofactor: number; torsion: Uint8Array[] }

/** The torsion subgroup's canonical encodings, walked from a generator found by clearing the prime-order part. */
function torsionOf(lib: Edwards, bytes: number, cofactor: number): Uint8Array[] {
  const { n } = lib.Point.CURVE();
  for (let y = 2n; ; y++) {
    let q;
    try { q = lib.Point.fromBytes(leBytes(y, bytes), false); } catch { continue; }
    const t = q.multiplyUnsafe(n - 1n).add(q); // [n]Q: the torsion component, times a unit
    const seen: Uint8Array[] = [];
    for (let i = 0, s = lib.Point.ZERO; i < cofactor; i++, s = s.add(t)) seen.push(s.toBytes());
    if (new Set(seen.map(b64u)).size === cofactor) return seen;
  }
}

const ED: EdCurve[] = [
  { crv: 'Ed25519', lib: ed25519, bytes: 32, cofactor: 8, torsion: torsionOf(ed25519, 32, 8) },
  { crv: 'Ed448', lib: ed448 as unknown as Edwards, bytes: 57, cofactor: 4, torsion: torsionOf(ed448 as unknown as Edwards, 57, 4) },
];

/** Genuine public keys (key generation is the slow part, so the generators pick from a pool). */
const POOL = 12;
const seedOf = (i: number, n: number) => new Uint8Array(n).fill(i + 1);
const edPool = new Map<string, Uint8Array[]>();
function edKeys(c: EdCurve): Uint8Array[] {
  let keys = edPool.get(c.crv);
  if (keys === undefined) edPool.set(c.crv, (keys = Array.from({ length: POOL }, (_, i) => c.lib.getPublicKey(seedOf(i, c.bytes)))));
  return keys;
}

/** Every kind of OKP x: valid, small-order (any sign), non-canonical, mixed-order, random y, random bytes. */
function edEncodingArb(c: EdCurve): fc.Arbitrary<{ kind: string; x: Uint8Array }> {
  const p = c.lib.Point.Fp.ORDER;
  const yBits = BigInt(c.bytes * 8 - 1);
  const valid = fc.constantFrom(...edKeys(c));
  return fc.oneof(
    valid.map((x) => ({ kind: 'valid', x })),
    fc.tuple(fc.constantFrom(...c.torsion), fc.boolean()).map(([t, s]) => ({ kind: 'small-order', x: withSign(t, s) })),
    fc.tuple(fc.bigInt(p, (1n << yBits) - 1n), fc.boolean()).map(([y, s]) => ({ kind: 'non-canonical', x: withSign(leBytes(y, c.bytes), s) })),
    fc.tuple(valid, fc.constantFrom(...c.torsion.slice(1))).map(([a, t]) => ({
      kind: 'mixed-order',
      x: c.lib.Point.fromBytes(a).add(c.lib.Point.fromBytes(t)).toBytes(),
    })),
    fc.tuple(fc.bigInt(0n, p - 1n), fc.boolean()).map(([y, s]) => ({ kind: 'random y', x: withSign(leBytes(y, c.bytes), s) })),
    fc.uint8Array({ minLength: c.bytes, maxLength: c.bytes }).map((x) => ({ kind: 'random bytes', x })),
  );
}

/** noble's strict verdict: decodes with zip215 false and is not small-order (what its verify requires of A). */
function nobleAcceptsEd(c: EdCurve, x: Uint8Array): boolean {
  try {
    return !c.lib.Point.fromBytes(x, false).isSmallOrder();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- Weierstrass (EC2) generators

type Nist = typeof p256;
interface EcCurve { crv: 'P-256' | 'P-384' | 'P-521'; lib: Nist; bytes: number }
const EC: EcCurve[] = [
  { crv: 'P-256', lib: p256, bytes: 32 },
  { crv: 'P-384', lib: p384 as unknown as Nist, bytes: 48 },
  { crv: 'P-521', lib: p521 as unknown as Nist, bytes: 66 },
];

const ecPool = new Map<string, { x: bigint; y: bigint }[]>();
function ecPoints(c: EcCurve): { x: bigint; y: bigint }[] {
  let points = ecPool.get(c.crv);
  if (points === undefined) {
    points = Array.from({ length: POOL }, (_, i) => {
      const sk = c.lib.utils.randomSecretKey(seedOf(i, c.lib.lengths.seed!));
      return c.lib.Point.fromBytes(c.lib.getPublicKey(sk, false)).toAffine();
    });
    ecPool.set(c.crv, points);
  }
  return points;
}

/** Every kind of (x, y): valid, negated, off-curve (y ± 1), coordinate ≥ p, all-zero, random. */
function ecEncodingArb(c: EcCurve): fc.Arbitrary<{ kind: string; x: Uint8Array; y: Uint8Array }> {
  const p = c.lib.Point.Fp.ORDER;
  const max = (1n << BigInt(c.bytes * 8)) - 1n;
  const point = fc.constantFrom(...ecPoints(c));
  const enc = (kind: string, x: bigint, y: bigint) => ({ kind, x: beBytes(x, c.bytes), y: beBytes(y, c.bytes) });
  return fc.oneof(
    point.map((q) => enc('valid', q.x, q.y)),
    point.map((q) => enc('negated', q.x, p - q.y)),
    fc.tuple(point, fc.constantFrom(1n, -1n)).map(([s, d]) => { const q = s; return enc('off-curve', q.x, (q.y + d + p) % p); }),
    fc.tuple(point, fc.bigInt(0n, max - p)).map(([s, k]) => { const q = s; return enc('x ≥ p', p + k, q.y); }),
    fc.tuple(point, fc.bigInt(0n, max - p)).map(([s, k]) => { const q = s; return enc('y ≥ p', q.x, p + k); }),
    fc.constant(enc('zero', 0n, 0n)),
    fc.tuple(fc.bigInt(0n, max), fc.bigInt(0n, max)).map(([x, y]) => enc('random', x, y)),
  );
}

function nobleAcceptsEc(c: EcCurve, x: Uint8Array, y: Uint8Array): boolean {
  try {
    c.lib.Point.fromBytes(new Uint8Array([0x04, ...x, ...y])).assertValidity();
    return true;
  } catch {
    return false;
  }
}

const EC_ALG = { 'P-256': -7, 'P-384': -35, 'P-521': -36 } as const;

/** decodeCOSEKey's answer: the key, or 'refused' for a WebAuthnError (anything else fails the property). */
function decoded(bytes: Uint8Array): COSEPublicKey | 'refused' {
  try {
    return decodeCOSEKey(bytes);
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return 'refused';
  }
}

describe('property 1: a COSE key decodes iff noble takes it as a valid public key', () => {
  for (const c of ED) {
    it(`${c.crv} (${KEY_RUNS} runs; every generator kind is hit)`, () => {
      const kinds = new Set<string>();
      fc.assert(fc.property(edEncodingArb(c), ({ kind, x }) => {
        kinds.add(kind);
        const ours = decoded(okpCoseKey(c.crv, x, -8)) !== 'refused';
        expect(ours, `${kind} ${Buffer.from(x).toString('hex')}`).toBe(nobleAcceptsEd(c, x));
        if (kind === 'small-order' || kind === 'non-canonical') expect(ours).toBe(false);
        if (kind === 'valid' || kind === 'mixed-order') expect(ours).toBe(true);
      }), { numRuns: KEY_RUNS });
      expect(kinds.size).toBe(6);
    });
  }
  for (const c of EC) {
    it(`${c.crv} (${KEY_RUNS} runs)`, () => {
      fc.assert(fc.property(ecEncodingArb(c), ({ kind, x, y }) => {
        const ours = decoded(jwkToCoseKey({ kty: 'EC', crv: c.crv, x: b64u(x), y: b64u(y) }, EC_ALG[c.crv])) !== 'refused';
        expect(ours, `${kind}`).toBe(nobleAcceptsEc(c, x, y));
        if (kind === 'valid' || kind === 'negated') expect(ours).toBe(true);
        if (kind === 'off-curve' || kind === 'zero' || kind.endsWith('≥ p')) expect(ours).toBe(false);
      }), { numRuns: KEY_RUNS });
    });
  }
});

// ---------------------------------------------------------------- property 2: one verdict on every backend

const BACKENDS = ['node', 'webcrypto', 'noble'] as const;

async function verdicts(key: COSEPublicKey, signature: Uint8Array, data: Uint8Array): Promise<boolean[]> {
  return Promise.all(BACKENDS.map((backend) => verifySignature({ key, signature, data, backend })));
}

const flip = (b: Uint8Array, bit: number) => { const c = b.slice(); c[(bit >> 3) % c.length]! ^= 1 << (bit & 7); return c; };

/** Signatures for an EdDSA key: genuine, for another message, bit-flipped, and adversarial ones. */
function edSignatureArb(c: EdCurve, sign: (m: Uint8Array) => Uint8Array): fc.Arbitrary<{ kind: string; sig: (m: Uint8Array) => Uint8Array }> {
  const L = c.lib.Point.CURVE().n;
  const n = c.bytes;
  const identity = leBytes(1n, n);
  const withS = (sig: Uint8Array, s: bigint) => new Uint8Array([...sig.subarray(0, n), ...leBytes(s, n)]);
  return fc.oneof(
    fc.constant({ kind: 'genuine', sig: sign }),
    fc.constant({ kind: 'other message', sig: (m: Uint8Array) => sign(new Uint8Array([...m, 0])) }),
    fc.nat().map((bit) => ({ kind: 'bit flip', sig: (m: Uint8Array) => flip(sign(m), bit) })),
    // RFC 8032 §5.1.7 / §5.2.7 step 1: S must be < L; S + L is the same scalar, non-canonical.
    fc.constant({ kind: 'S + L', sig: (m: Uint8Array) => { const g = sign(m); return withS(g, leNum(g.subarray(n)) + L); } }),
    fc.constant({ kind: 'R = identity, S = 0', sig: () => new Uint8Array([...identity, ...new Uint8Array(n)]) }),
    fc.tuple(fc.constantFrom(...c.torsion), fc.bigInt(0n, L - 1n)).map(([t, s]) => ({ kind: 'torsion R', sig: () => new Uint8Array([...t, ...leBytes(s, n)]) })),
    fc.constant({ kind: 'S = 0', sig: (m: Uint8Array) => withS(sign(m), 0n) }),
    fc.uint8Array({ minLength: 2 * n, maxLength: 2 * n }).map((r) => ({ kind: 'random', sig: () => r })),
  );
}

const msgArb = fc.uint8Array({ minLength: 0, maxLength: 64 });

describe('property 2: node:crypto, WebCrypto and noble agree on every (key, signature, message)', () => {
  for (const c of ED) {
    it(`${c.crv}: genuine, mutated and adversarial signatures under real keys (${TRIPLE_RUNS * 2} runs)`, async () => {
      const secrets = Array.from({ length: POOL }, (_, i) => seedOf(i, c.bytes));
      const arb = fc.nat({ max: POOL - 1 }).chain((i) =>
        edSignatureArb(c, (m) => c.lib.sign(m, secrets[i]!)).map((s) => ({ key: decodeCOSEKey(okpCoseKey(c.crv, edKeys(c)[i]!, -8)), ...s })));
      await fc.assert(fc.asyncProperty(arb, msgArb, async ({ key, kind, sig }, msg) => {
        const v = await verdicts(key, sig(msg), msg);
        expect(v, kind).toEqual([v[0], v[0], v[0]]);
        if (kind === 'genuine') expect(v[0]).toBe(true);
        if (kind !== 'genuine' && kind !== 'bit flip' && kind !== 'random') expect(v[0], kind).toBe(false);
      }), { numRuns: TRIPLE_RUNS * 2 });
    });

    it(`${c.crv}: adversarial signatures under every generated key that decodes (${TRIPLE_RUNS * 2} runs)`, async () => {
      // No private key here: the key is whatever property 1's generator made (small-order,
      // non-canonical, mixed-order, random...), and the signature is chosen bytes.
      const noSigner = () => new Uint8Array(2 * c.bytes);
      const arb = fc.tuple(edEncodingArb(c), edSignatureArb(c, noSigner).filter((s) => s.kind !== 'genuine'));
      let decodedKeys = 0;
      await fc.assert(fc.asyncProperty(arb, msgArb, async ([{ kind: keyKind, x }, { kind, sig }], msg) => {
        const key = decoded(okpCoseKey(c.crv, x, -8));
        if (key === 'refused') return;
        decodedKeys++;
        const v = await verdicts(key, sig(msg), msg);
        expect(v, `${keyKind} key, ${kind}`).toEqual([v[0], v[0], v[0]]);
      }), {
        numRuns: TRIPLE_RUNS * 2,
        // Issue 11 finding 1, always tried first: A = identity, R = identity, S = 0.
        examples: [[[{ kind: 'small-order', x: leBytes(1n, c.bytes) }, { kind: 'R = identity, S = 0', sig: () => leBytes(1n, 2 * c.bytes) }], new Uint8Array([1])]],
      });
      expect(decodedKeys).toBeGreaterThan(0);
    });
  }

  it(`ES256: genuine, bit-flipped, other-message and junk DER signatures (${TRIPLE_RUNS} runs)`, async () => {
    const c = EC[0]!;
    const secrets = Array.from({ length: POOL }, (_, i) => c.lib.utils.randomSecretKey(seedOf(i, c.lib.lengths.seed!)));
    const arb = fc.tuple(fc.nat({ max: POOL - 1 }), fc.nat(), fc.constantFrom('genuine', 'bit flip', 'other message', 'random DER'));
    await fc.assert(fc.asyncProperty(arb, msgArb, async ([i, bit, kind], msg) => {
      const key = decodeCOSEKey(jwkToCoseKey({ kty: 'EC', crv: c.crv, x: b64u(beBytes(ecPoints(c)[i]!.x, 32)), y: b64u(beBytes(ecPoints(c)[i]!.y, 32)) }, -7));
      const genuine = c.lib.sign(kind === 'other message' ? new Uint8Array([...msg, 0]) : msg, secrets[i]!, { format: 'der', prehash: true, lowS: false });
      const sig = kind === 'bit flip' ? flip(genuine, bit) : kind === 'random DER' ? new Uint8Array([0x30, 6, 2, 1, bit & 0x7f, 2, 1, 1]) : genuine;
      const v = await verdicts(key, sig, msg);
      expect(v, kind).toEqual([v[0], v[0], v[0]]);
      expect(v[0], kind).toBe(kind === 'genuine');
    }), { numRuns: TRIPLE_RUNS });
  });
});

/**
 * Signatures only the key holder can make, with torsion components (issue 11 finding 1, "one verdict
 * on every backend"): R = [r]B + T, r = 0 included, under the genuine key A or a mixed-order key
 * A + T'. The expected verdict is computed here from the group law, independently of every backend:
 * - Ed25519: cofactorless, as OpenSSL and BoringSSL check it: [S]B − R − [k](A + T') = −T − [k]T'
 *   must be the identity. noble's own `verify` is cofactored and said true whenever it is a torsion
 *   point; src/signature/backends/noble.ts now checks the exact equation.
 * - Ed448: OpenSSL checks the cofactored equation ([4]…, so the torsion parts never matter) and
 *   refuses an R with x = 0 (order ≤ 2); src/signature/backends/noble.ts refuses that R too.
 */
const DOM4 = new Uint8Array([...new TextEncoder().encode('SigEd448'), 0, 0]); // RFC 8032 §5.2: dom4(0, "")

function challengeOf(c: EdCurve, rBytes: Uint8Array, A: Uint8Array, msg: Uint8Array): bigint {
  const input = new Uint8Array([...rBytes, ...A, ...msg]);
  const h = c.crv === 'Ed25519' ? sha512(input) : shake256(new Uint8Array([...DOM4, ...input]), { dkLen: 114 });
  return leNum(h) % c.lib.Point.CURVE().n;
}

interface Crafted { key: Uint8Array; sig: Uint8Array; expected: boolean }

/** An RFC 8032 §5.1.6 / §5.2.6 signature made by hand with nonce r, so R and A can carry torsion points. */
function craft(c: EdCurve, r: bigint, tR: number, tA: number, msg: Uint8Array): Crafted {
  const { Point } = c.lib;
  const L = Point.CURVE().n;
  const { scalar: a, pointBytes } = c.lib.utils.getExtendedPublicKey(seedOf(0, c.bytes));
  const T = Point.fromBytes(c.torsion[tR]!);
  const TA = Point.fromBytes(c.torsion[tA]!);
  const key = Point.fromBytes(pointBytes).add(TA).toBytes();
  const R = (r === 0n ? Point.ZERO : Point.BASE.multiply(r)).add(T);
  const rBytes = R.toBytes();
  const k = challengeOf(c, rBytes, key, msg);
  const sig = new Uint8Array([...rBytes, ...leBytes((r + k * a) % L, c.bytes)]);
  const expected = c.crv === 'Ed25519' ? T.add(TA.multiplyUnsafe(k)).is0() : !R.double().is0();
  return { key, sig, expected };
}

describe('property 2, key-holder-crafted torsion components: one verdict, computed from the group law', () => {
  for (const c of ED) {
    it(`${c.crv}: R = [r]B + T under A or A + T' (${TRIPLE_RUNS * 2} runs; r = 0 and T = 0 included)`, async () => {
      const L = c.lib.Point.CURVE().n;
      const index = fc.nat({ max: c.cofactor - 1 });
      const rArb = fc.oneof(fc.constant(0n), fc.bigInt(1n, L - 1n));
      await fc.assert(fc.asyncProperty(rArb, index, index, msgArb, async (r, tR, tA, msg) => {
        const { key, sig, expected } = craft(c, r, tR, tA, msg);
        const decodedKey = decodeCOSEKey(okpCoseKey(c.crv, key, -8)); // mixed-order keys decode (docs/security.md)
        expect(await verdicts(decodedKey, sig, msg), `r=${r} T_R=${tR} T_A=${tA}`).toEqual([expected, expected, expected]);
      }), { numRuns: TRIPLE_RUNS * 2 });
    });

    it(`${c.crv} control: the hand-made signature without torsion verifies on every backend`, async () => {
      await fc.assert(fc.asyncProperty(fc.bigInt(1n, c.lib.Point.CURVE().n - 1n), msgArb, async (r, msg) => {
        const { key, sig, expected } = craft(c, r, 0, 0, msg);
        expect(expected).toBe(true);
        expect(await verdicts(decodeCOSEKey(okpCoseKey(c.crv, key, -8)), sig, msg)).toEqual([true, true, true]);
      }), { numRuns: 5 });
    });
  }

  // Formerly `it.fails` (noble said true, node:crypto and WebCrypto false).
  it('Ed25519, R = [r]B + T (order-8 T): refused on every backend', async () => {
    const order8 = ED[0]!.torsion.findIndex((t) => !ed25519.Point.fromBytes(t).multiplyUnsafe(4n).is0());
    await fc.assert(fc.asyncProperty(fc.bigInt(1n, ed25519.Point.CURVE().n - 1n), msgArb, async (r, msg) => {
      const { key, sig } = craft(ED[0]!, r, order8, 0, msg);
      expect(await verdicts(decodeCOSEKey(okpCoseKey('Ed25519', key, -8)), sig, msg)).toEqual([false, false, false]);
    }), { numRuns: 5 });
  });

  it('Ed25519, a mixed-order key A + T signed with A\'s scalar (k not ≡ 0 mod 8): refused on every backend', async () => {
    const order8 = ED[0]!.torsion.findIndex((t) => !ed25519.Point.fromBytes(t).multiplyUnsafe(4n).is0());
    await fc.assert(fc.asyncProperty(fc.bigInt(1n, ed25519.Point.CURVE().n - 1n), msgArb, async (r, msg) => {
      const { key, sig } = craft(ED[0]!, r, 0, order8, msg);
      fc.pre(challengeOf(ED[0]!, sig.subarray(0, 32), key, msg) % 8n !== 0n); // [k]T = 0 would make it valid
      expect(await verdicts(decodeCOSEKey(okpCoseKey('Ed25519', key, -8)), sig, msg)).toEqual([false, false, false]);
    }), { numRuns: 5 });
  });

  it('Ed448, R = identity or (0, −1) with a valid S: refused on every backend (noble alone said true)', async () => {
    const c = ED[1]!;
    const orderAtMostTwo = c.torsion.flatMap((t, i) => (c.lib.Point.fromBytes(t).double().is0() ? [i] : []));
    expect(orderAtMostTwo).toHaveLength(2);
    for (const tR of orderAtMostTwo) {
      const msg = new Uint8Array([tR]);
      const { key, sig, expected } = craft(c, 0n, tR, 0, msg);
      expect(c.lib.verify(sig, msg, key)).toBe(true); // the cofactored equation holds
      expect(expected).toBe(false);
      expect(await verdicts(decodeCOSEKey(okpCoseKey('Ed448', key, -8)), sig, msg)).toEqual([false, false, false]);
    }
  });
});
