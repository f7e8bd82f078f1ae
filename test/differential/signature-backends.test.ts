/**
 * Differential test: the WebCrypto and noble backends (and the node:crypto backend, which is the
 * default on Node) must give the same verdict for the same
 * (key, alg, signature, data), for valid signatures, for high-S twins of valid ECDSA signatures, and
 * for single-bit mutations of the signature and of the data. RSA schemes compare WebCrypto with
 * node:crypto only: the pure-JS RSA was removed (issue 12), since every supported runtime (Node,
 * Deno, Bun, browsers) has RSASSA-PKCS1-v1_5 and RSA-PSS in WebCrypto.
 */
import { constants, generateKeyPairSync, sign as nodeSign, type JsonWebKey as NodeJwk } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { COSEPublicKey } from '../../src/cose/types.js';
import { derToP1363, p1363ToDer } from '../../src/signature/der.js';
import { verifySignature } from '../../src/signature/verify.js';

interface Scheme {
  name: string;
  alg: number;
  keygen: (seed: Uint8Array) => { key: COSEPublicKey; sign: (m: Uint8Array) => Uint8Array };
  highS?: (sig: Uint8Array) => Uint8Array;
}

function ecdsa(name: string, alg: number, curve: typeof p256, crv: 'P-256' | 'P-384' | 'P-521', size: number): Scheme {
  const n = curve.Point.CURVE().n;
  return {
    name, alg,
    keygen: (seed) => {
      const sk = curve.utils.randomSecretKey(seed.slice(0, curve.lengths.seed));
      const pub = curve.getPublicKey(sk, false);
      return {
        key: { kty: 'EC2', alg, crv, x: pub.slice(1, 1 + size), y: pub.slice(1 + size) },
        sign: (m) => curve.sign(m, sk, { format: 'der', prehash: true, lowS: false }),
      };
    },
    // (r, s) → (r, n − s): the other valid signature for the same message (WebAuthn accepts both).
    highS: (der) => {
      const raw = derToP1363(der, size)!;
      const s = BigInt(`0x${Buffer.from(raw.subarray(size)).toString('hex')}`);
      const twin = Buffer.from((n - s).toString(16).padStart(size * 2, '0'), 'hex');
      return p1363ToDer(new Uint8Array([...raw.subarray(0, size), ...twin]));
    },
  };
}

/** RSA keys are slow to generate: one per scheme; fast-check varies the messages and mutations. */
function rsa(name: string, alg: number, hash: string, bits: number, saltLength?: number): Scheme {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' }) as NodeJwk;
  const key: COSEPublicKey = { kty: 'RSA', alg, n: Buffer.from(jwk.n!, 'base64url'), e: Buffer.from(jwk.e!, 'base64url') };
  const k = saltLength === undefined ? privateKey : { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength };
  return { name, alg, keygen: () => ({ key, sign: (m) => new Uint8Array(nodeSign(hash, m, k)) }) };
}

const schemes: Scheme[] = [
  rsa('RS256', -257, 'sha256', 2048),
  rsa('PS256 (2049-bit modulus: emLen = k − 1)', -37, 'sha256', 2049, 32),
  rsa('PS512', -39, 'sha512', 2048, 64),
  rsa('RS1', -65535, 'sha1', 2048),
  ecdsa('ES256', -7, p256, 'P-256', 32),
  ecdsa('ES384', -35, p384 as unknown as typeof p256, 'P-384', 48),
  ecdsa('ES512', -36, p521 as unknown as typeof p256, 'P-521', 66),
  {
    name: 'Ed25519', alg: -8,
    keygen: (seed) => {
      const sk = seed.slice(0, 32);
      return { key: { kty: 'OKP', alg: -8, crv: 'Ed25519', x: ed25519.getPublicKey(sk) }, sign: (m) => ed25519.sign(m, sk) };
    },
  },
  {
    name: 'Ed448', alg: -53,
    keygen: (seed) => {
      const sk = new Uint8Array(57); sk.set(seed.subarray(0, 57));
      return { key: { kty: 'OKP', alg: -53, crv: 'Ed448', x: ed448.getPublicKey(sk) }, sign: (m) => ed448.sign(m, sk) };
    },
  },
];

/**
 * Verdicts of WebCrypto and of the second backend: noble, or node:crypto for RSA (no pure-JS RSA;
 * noble refuses it with ERR_SIGNATURE_ALG_UNAVAILABLE). node:crypto must agree with WebCrypto always.
 */
async function both(key: COSEPublicKey, signature: Uint8Array, data: Uint8Array): Promise<[boolean, boolean]> {
  const w = await verifySignature({ key, signature, data, backend: 'webcrypto' });
  const o = await verifySignature({ key, signature, data, backend: 'node' });
  expect(o, 'node:crypto backend agrees with webcrypto').toBe(w);
  if (key.kty === 'RSA') {
    await expect(verifySignature({ key, signature, data, backend: 'noble' })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' });
    return [w, o];
  }
  const n = await verifySignature({ key, signature, data, backend: 'noble' });
  return [w, n];
}

const flip = (b: Uint8Array, bit: number) => { const c = b.slice(); c[bit >> 3]! ^= 1 << (bit & 7); return c; };
const seedArb = fc.uint8Array({ minLength: 128, maxLength: 128 });
const msgArb = fc.uint8Array({ minLength: 0, maxLength: 96 });

describe('WebCrypto and noble backends agree', () => {
  for (const s of schemes) {
    it(`${s.name}: valid signatures (and high-S twins) verify on both`, async () => {
      await fc.assert(fc.asyncProperty(seedArb, msgArb, async (seed, msg) => {
        const { key, sign } = s.keygen(seed);
        const sig = sign(msg);
        expect(await both(key, sig, msg)).toEqual([true, true]);
        if (s.highS) expect(await both(key, s.highS(sig), msg)).toEqual([true, true]);
      }), { numRuns: 15 });
    });

    it(`${s.name}: single-bit mutations of signature or data give the same verdict on both`, async () => {
      await fc.assert(fc.asyncProperty(seedArb, msgArb, fc.nat(), fc.nat(), async (seed, msg, a, b) => {
        const { key, sign } = s.keygen(seed);
        const sig = sign(msg);
        const [w1, n1] = await both(key, flip(sig, a % (sig.length * 8)), msg);
        expect(w1).toBe(n1);
        expect(w1).toBe(false);
        if (msg.length > 0) {
          const [w2, n2] = await both(key, sig, flip(msg, b % (msg.length * 8)));
          expect(w2).toBe(n2);
          expect(w2).toBe(false);
        }
      }), { numRuns: 25 });
    });
  }

  for (const s of schemes.filter((x) => x.name === 'ES256' || x.name === 'Ed25519' || x.name === 'RS256')) {
    it(`${s.name}: every single-bit mutation of one signature and its data (exhaustive)`, async () => {
      const { key, sign } = s.keygen(new Uint8Array(128).fill(7));
      const msg = new TextEncoder().encode('exhaustive bit flips');
      const sig = sign(msg);
      let checked = 0;
      for (let bit = 0; bit < sig.length * 8; bit++) {
        const [w, n] = await both(key, flip(sig, bit), msg);
        // A flipped DER byte can never produce another valid encoding of a valid signature.
        expect([w, n], `sig bit ${bit}`).toEqual([false, false]);
        checked++;
      }
      for (let bit = 0; bit < msg.length * 8; bit++) {
        expect(await both(key, sig, flip(msg, bit)), `data bit ${bit}`).toEqual([false, false]);
        checked++;
      }
      expect(checked).toBe((sig.length + msg.length) * 8);
    });
  }
});
