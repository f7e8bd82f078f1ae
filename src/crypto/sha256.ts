/**
 * SHA-256 for the login path (FIPS 180-4 §6.2), synchronous, with no dependency.
 *
 * Why a second SHA-256 next to @noble/hashes (src/crypto/hash.ts): the `webauthn-verify/assertion`
 * entry hashes only two small things, clientDataJSON (§7.2 step 20) and the RP ID (§7.2 step 15,
 * cached per RP ID). @noble/hashes keeps SHA-224/256/384/512 in one module, so a bundler that
 * splits the lazy RSA/X.509 code out still ships all of SHA-2 on the login path: 5.3 KiB of the
 * 15 KiB budget (docs/performance.md). This file is ~0.7 KiB.
 *
 * On Node (node:crypto present) the native hash is used; elsewhere the code below. Both are
 * checked against node:crypto and the FIPS 180-4 examples, differentially with fast-check
 * (test/prepared-key.test.ts). Only public data is hashed, so constant time is not a concern.
 */
import { nodeSha256 } from '../backend/node-crypto.js';

// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
// §5.3.3: initial hash value.
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const W = new Uint32Array(64);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** The portable implementation (exported for tests; use sha256). */
export function sha256Portable(data: Uint8Array): Uint8Array {
  // §5.1.1 padding: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
  const blocks = Math.ceil((data.length + 9) / 64);
  const m = new Uint8Array(blocks * 64);
  m.set(data);
  m[data.length] = 0x80;
  const bits = data.length * 8;
  const hi = Math.floor(bits / 0x1_0000_0000);
  for (let i = 0; i < 4; i++) {
    m[m.length - 8 + i] = (hi >>> (24 - 8 * i)) & 0xff;
    m[m.length - 4 + i] = (bits >>> (24 - 8 * i)) & 0xff;
  }
  let h0 = H0[0]!, h1 = H0[1]!, h2 = H0[2]!, h3 = H0[3]!, h4 = H0[4]!, h5 = H0[5]!, h6 = H0[6]!, h7 = H0[7]!;
  for (let off = 0; off < m.length; off += 64) {
    // §6.2.2 step 1: message schedule.
    for (let t = 0; t < 16; t++) {
      const i = off + t * 4;
      W[t] = (m[i]! << 24) | (m[i + 1]! << 16) | (m[i + 2]! << 8) | m[i + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15]!;
      const w2 = W[t - 2]!;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
    }
    // Steps 2–4: 64 rounds, then add into the hash value.
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(32);
  const words = [h0, h1, h2, h3, h4, h5, h6, h7];
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    out[i * 4] = w >>> 24;
    out[i * 4 + 1] = (w >>> 16) & 0xff;
    out[i * 4 + 2] = (w >>> 8) & 0xff;
    out[i * 4 + 3] = w & 0xff;
  }
  return out;
}

/** SHA-256(data): node:crypto where present, else the portable implementation above. */
export function sha256(data: Uint8Array): Uint8Array {
  return nodeSha256(data) ?? sha256Portable(data);
}
