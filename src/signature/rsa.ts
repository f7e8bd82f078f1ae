/**
 * Pure-JS RSA signature verification (RFC 8017) for the 'noble' backend, which has no RSA of its
 * own: RSASSA-PKCS1-v1_5 (§8.2.2) and RSASSA-PSS (§8.1.2) with MGF1 over the same hash and
 * sLen = hash length (RFC 8230 §2, COSE PS256/384/512).
 *
 * Only public values are involved (n, e, signature, message), so BigInt's variable-time arithmetic
 * leaks nothing secret. Exponents are < 2^32 (src/cose/key.ts policy, enforced again here), so one
 * verification is at most ~64 modular multiplications.
 *
 * PKCS#1 v1.5 is checked by building the one correct encoded message and comparing bytes (RFC 8017
 * §8.2.2 step 3–4), never by parsing the DigestInfo: parsing verifiers are how BER/garbage-in-padding
 * forgeries (Bleichenbacher 2006 and the Wycheproof InvalidAsnInPadding cases) get through.
 */
import { digest, HASH_LENGTHS, type HashName } from '../crypto/hash.js';

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1): AlgorithmIdentifier with NULL parameters. */
const DIGEST_INFO_PREFIX: Record<HashName, number[]> = {
  'SHA-1': [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14],
  'SHA-256': [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
  'SHA-384': [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
  'SHA-512': [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
};

function os2ip(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** I2OSP (§4.1); undefined when x does not fit in `length` bytes. */
function i2osp(x: bigint, length: number): Uint8Array | undefined {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return x === 0n ? out : undefined;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i) * 8 - (Math.clz32(bytes[i]!) - 24);
}

/** RSAVP1 (§5.2.2) on a k-byte signature; undefined when the representative is out of range. */
function rsavp1(n: Uint8Array, e: Uint8Array, signature: Uint8Array): bigint | undefined {
  if (signature.length !== n.length) return undefined; // §8.x.2 step 1: length k
  if (e.length === 0 || e.length > 4) return undefined;
  const N = os2ip(n);
  const s = os2ip(signature);
  if (s >= N) return undefined; // §5.2.2 step 1: 0 ≤ s < n
  return modPow(s, os2ip(e), N);
}

export function verifyPkcs1v15(hash: HashName, n: Uint8Array, e: Uint8Array, signature: Uint8Array, data: Uint8Array): boolean {
  const m = rsavp1(n, e, signature);
  if (m === undefined) return false;
  const em = i2osp(m, n.length);
  if (em === undefined) return false;
  // EMSA-PKCS1-v1_5 (§9.2): 00 01 FF…FF 00 ‖ DigestInfo, at least 8 bytes of FF.
  const t = [...DIGEST_INFO_PREFIX[hash], ...digest(hash, data)];
  const psLength = n.length - t.length - 3;
  if (psLength < 8) return false;
  const expected = new Uint8Array(n.length);
  expected[1] = 0x01;
  expected.fill(0xff, 2, 2 + psLength);
  expected.set(t, 3 + psLength);
  let diff = 0;
  for (let i = 0; i < em.length; i++) diff |= em[i]! ^ expected[i]!;
  return diff === 0;
}

function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  let offset = 0;
  for (let counter = 0; offset < length; counter++) {
    block[seed.length] = counter >>> 24;
    block[seed.length + 1] = (counter >>> 16) & 0xff;
    block[seed.length + 2] = (counter >>> 8) & 0xff;
    block[seed.length + 3] = counter & 0xff;
    const h = digest(hash, block);
    out.set(h.subarray(0, Math.min(h.length, length - offset)), offset);
    offset += h.length;
  }
  return out;
}

export function verifyPss(hash: HashName, n: Uint8Array, e: Uint8Array, signature: Uint8Array, data: Uint8Array): boolean {
  const m = rsavp1(n, e, signature);
  if (m === undefined) return false;
  const emBits = bitLength(n) - 1; // §8.1.2 step 2c
  const emLen = Math.ceil(emBits / 8);
  const em = i2osp(m, emLen);
  if (em === undefined) return false;
  // EMSA-PSS-VERIFY (§9.1.2)
  const hLen = HASH_LENGTHS[hash];
  const sLen = hLen;
  if (emLen < hLen + sLen + 2) return false; // step 3
  if (em[emLen - 1] !== 0xbc) return false; // step 4
  const maskedDB = em.subarray(0, emLen - hLen - 1); // step 5
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((maskedDB[0]! & ~topMask & 0xff) !== 0) return false; // step 6
  const db = mgf1(hash, h, maskedDB.length); // steps 7–8
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDB[i]!;
  db[0]! &= topMask; // step 9
  const psEnd = emLen - hLen - sLen - 2; // step 10
  for (let i = 0; i < psEnd; i++) if (db[i] !== 0) return false;
  if (db[psEnd] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen); // step 11
  const mPrime = new Uint8Array(8 + hLen + sLen); // step 12
  mPrime.set(digest(hash, data), 8);
  mPrime.set(salt, 8 + hLen);
  const hPrime = digest(hash, mPrime); // step 13
  let diff = 0;
  for (let i = 0; i < hLen; i++) diff |= hPrime[i]! ^ h[i]!;
  return diff === 0; // step 14
}
